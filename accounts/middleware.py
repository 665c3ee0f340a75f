"""Forces a second factor for the roles that need one (DESIGN.md: staff and partners).

allauth offers MFA but does not force it. Until such a user has activated an authenticator app,
every page except the MFA set-up, re-authentication and logout redirects to the set-up page.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import rollen

TOEGESTAAN_ZONDER_MFA = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "account_logout",
        "account_reauthenticate",
        "mfa_reauthenticate",
        "gezond",
    }
)


class MFAVerplichtMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not rollen.mfa_verplicht(user) or rollen.mfa_ingesteld(user):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in TOEGESTAAN_ZONDER_MFA:
            return None
        messages.warning(
            request,
            _(
                "Voor uw rol is tweestapsverificatie verplicht. Stel eerst een authenticator-app "
                "in; daarna kunt u verder."
            ),
        )
        return redirect("mfa_activate_totp")
