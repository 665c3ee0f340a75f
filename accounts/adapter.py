import ipaddress
import logging
import time
from datetime import UTC, datetime

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.core.internal import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.urls import reverse

from kern.clientadres import clientadres

from . import rollen

logger = logging.getLogger(__name__)

# When no address can be told at all (a misconfigured proxy chain, a Unix socket): these
# requests share one bucket of the per-address limits rather than being refused.
ONBEKEND_ADRES = "0.0.0.0"  # noqa: S104 - an address value, nothing binds to it
_onbekend_gemeld = False


class RegieAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """No open sign-up: accounts are created by the regisseur or the beheerder."""
        return False

    def get_login_redirect_url(self, request):
        """After logging in (without a page asked for): where the role's work is. The
        regisseur and the beheerder to the dashboard in /beheer/, a partner to the signals
        shared with their organisation, a professional to the start page (file a signal, my
        signals, trainings, the directory)."""
        user = request.user
        if rollen.mag_beheer_in(user):
            return reverse("admin:index")
        if rollen.heeft_rol(user, rollen.PARTNER):
            return reverse("signalen:gedeeld")
        return super().get_login_redirect_url(request)

    def get_client_ip(self, request) -> str:
        """The client address for allauth's rate limits and session list: the trustworthy one
        (``kern.clientadres``, ``VERTROUWDE_PROXIES``), as in the audit trail.

        allauth itself takes ``REMOTE_ADDR``: behind the production proxy that is the proxy's
        address for every client, so one stranger's failures would count against everyone.
        When the proxy chain is shorter than configured (a request that bypassed the proxy) the
        connection's own address is used: that one cannot be forged."""
        adres = clientadres(request)
        if adres is None:
            try:
                adres = str(ipaddress.ip_address(request.META.get("REMOTE_ADDR", "").strip()))
            except ValueError:
                global _onbekend_gemeld
                if not _onbekend_gemeld:  # once per process, not per request
                    _onbekend_gemeld = True
                    logger.warning("clientadres onbekend; controleer VERTROUWDE_PROXIES")
                adres = ONBEKEND_ADRES
        return adres

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Failed logins count per account *and* client address (as Open Forms does with
        django-axes): five wrong passwords from one address lock that address out of that
        account, while the owner at her own desk still logs in. The per-address limits of
        ``ACCOUNT_RATE_LIMITS`` stay, so nobody can try many passwords from one address.
        allauth uses this key for the ``login_failed`` limit (``pre_authenticate``) and clears
        it after a password reset (for the address the reset was done from)."""
        sleutel = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{sleutel}:{ratelimit.get_ip(request)}"

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
