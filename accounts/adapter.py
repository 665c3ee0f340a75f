import time
from datetime import UTC, datetime

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from . import rollen


class RegieAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """No open sign-up: accounts are created by the regisseur or the beheerder."""
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """No second password prompt while a user sets up their *first* second factor.

        MFA is forced on first login (accounts.middleware). Asking for the password again a few
        seconds after it was typed, to add the app or to see the recovery codes that come with
        it, only confuses. So within the re-authentication window of a login, and only while
        every authenticator of the user was made after that login, no re-authentication is
        asked. Any change to an older second factor still requires it.
        """
        request = context.request
        if app == "allauth.mfa" and request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            ingelogd = max((r.get("at", 0) for r in records), default=0)
            if time.time() - ingelogd < account_settings.REAUTHENTICATION_TIMEOUT:
                ouder = Authenticator.objects.filter(
                    user=request.user, created_at__lt=datetime.fromtimestamp(ingelogd, tz=UTC)
                )
                if not ouder.exists():
                    return False
        return super().is_reauthentication_required(app=app, **kwargs)


class RegieMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Whoever must use a second factor cannot switch the authenticator app off."""
        if authenticator.type == Authenticator.Type.TOTP and rollen.mfa_verplicht(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)
