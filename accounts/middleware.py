"""Middleware of accounts: who is logged in, the second factor forced, a session kept alive.

``MFAVerplichtMiddleware`` forces a second factor for the roles that need one (DESIGN.md: staff
and partners). allauth offers MFA but does not force it. Until such a user has activated an
authenticator app, every page except the MFA set-up, re-authentication and logout redirects to
the set-up page.

``SessieActiviteitMiddleware`` keeps a session alive while it is used, writing it at most once a
minute, and keeps allauth's records of sessions (below).

``RegieAuthenticationMiddleware`` is Django's authentication middleware with the logged-in user
read in one query together with their roles and second factor (below).
"""

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from . import rollen

# In the session: the session key allauth's ``UserSession`` record was made for.
GEVOLGDE_SESSIE = "_regie_usersessie"

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


class SessieActiviteitMiddleware:
    """Activity keeps a session alive, written at most once per ``SESSION_VERVERSEN_SECONDEN``.

    Replaces ``SESSION_SAVE_EVERY_REQUEST`` (a write of the session row on every request) and
    allauth's ``UserSessionsMiddleware`` (two queries and a write of its record on every
    request). Comes after the authentication middleware; what it does, before the view:

    - A session whose row was last written more than ``SESSION_VERVERSEN_SECONDEN`` (60) ago is
      written again at the end of this request (marked modified), which moves its expiry to now
      plus ``SESSION_IDLE_MINUTES``. So an idle session ends between ``SESSION_IDLE_MINUTES``
      minus that interval and ``SESSION_IDLE_MINUTES`` after its last request, never later. How
      long ago the row was written follows from the expiry the session store read with the data
      (``kern.sessies``): no extra query. With the setting at 0 every request writes, as before.
    - allauth's record of a logged-in session (``UserSession``: what
      ``accounts.services.sessies_beeindigen`` uses to find every session of an account, and
      what the "Sessies" page lists with its last activity) is made on the first request of a
      session key that has none yet (a login by Django's ``login()`` alone, a key that changed),
      and brought up to date (last seen, address) with each activity write. The session notes
      the key its record was made for, so recognising a known key costs no query either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _activiteit_vastleggen(request)
        return self.get_response(request)


def _activiteit_vastleggen(request) -> None:
    sessie = getattr(request, "session", None)
    if sessie is None or sessie.session_key is None:
        return  # no session cookie: nothing to keep alive
    user = getattr(request, "user", None)
    ingelogd = bool(user is not None and user.is_authenticated)
    gevolgd = sessie.get(GEVOLGDE_SESSIE)  # loads the session, if authentication did not
    if sessie.session_key is None or sessie.is_empty():
        return  # the cookie named no live session
    if ingelogd and gevolgd != sessie.session_key:
        UserSession.objects.create_from_request(request, user=user, session=sessie)
        sessie[GEVOLGDE_SESSIE] = sessie.session_key  # and so the session is written
    elif _verouderd(sessie):
        if ingelogd:
            UserSession.objects.create_from_request(request, user=user, session=sessie)
        sessie.modified = True


def _verouderd(sessie) -> bool:
    """Was the session's row last written more than ``SESSION_VERVERSEN_SECONDEN`` ago?"""
    verloopt_op = getattr(sessie, "verloopt_op", None)
    if verloopt_op is None:
        return True  # another session engine, or not read from the database: write it
    resterend = (verloopt_op - timezone.now()).total_seconds()
    return resterend <= sessie.get_expiry_age() - settings.SESSION_VERVERSEN_SECONDEN


# Backends whose get_user is Django's ModelBackend's: the account by its primary key through the
# default manager, refused when inactive.
MODEL_BACKENDS = frozenset(
    {
        "allauth.account.auth_backends.AuthenticationBackend",
        "django.contrib.auth.backends.ModelBackend",
    }
)


class RegieAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's ``AuthenticationMiddleware``, with the logged-in user read in one query together
    with their roles and second factor (``accounts.rollen.gebruiker_laden``), which the MFA and
    role checks of the same request then need not ask for.

    Only the common case takes this path: a session of a ModelBackend-based backend, an active
    account, and a session hash that matches the account's (what Django's ``auth.get_user``
    accepts). Everything else (no login, a hash made before a password change or with an older
    ``SECRET_KEY``, an account that is gone or inactive, another backend) goes to Django's own
    ``auth.get_user``, which decides as it always does (and flushes the session where it
    should).
    """

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _gebruiker(request))


def _gebruiker(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = _snel_ingelogd(request) or auth.get_user(request)
    return request._cached_user


def _snel_ingelogd(request):
    """The logged-in user when Django's ``auth.get_user`` would certainly return them, else
    None (and Django's function decides)."""
    sessie = request.session
    backend = sessie.get(auth.BACKEND_SESSION_KEY)
    if backend not in MODEL_BACKENDS or backend not in settings.AUTHENTICATION_BACKENDS:
        return None
    try:
        user_id = auth.get_user_model()._meta.pk.to_python(sessie[auth.SESSION_KEY])
    except (KeyError, ValidationError):  # missing or malformed: Django's get_user decides
        return None
    user = rollen.gebruiker_laden(user_id)
    if user is None or not getattr(user, "is_active", True):
        return None
    sessie_hash = sessie.get(auth.HASH_SESSION_KEY)
    if sessie_hash and constant_time_compare(sessie_hash, user.get_session_auth_hash()):
        return user
    return None
