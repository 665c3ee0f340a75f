"""Roles are Django groups, created by a data migration (0002_rollen).

The beheerder is a superuser, not a group. Role checks are cached on the user instance, which
lives for one request, so a page asks the database at most once for them.
"""

from django.utils.translation import gettext_lazy as _

NETWERKREGISSEUR = "Netwerkregisseur"
PROFESSIONAL = "Professional"
PARTNER = "Partner"

ROLLEN = (NETWERKREGISSEUR, PROFESSIONAL, PARTNER)

ROL_LABELS = {
    NETWERKREGISSEUR: _("Netwerkregisseur"),
    PROFESSIONAL: _("Professional (aandachtsfunctionaris)"),
    PARTNER: _("Partner (convenantpartner)"),
}

# Roles that must have a second factor before they see anything.
ROLLEN_MET_VERPLICHTE_MFA = frozenset({NETWERKREGISSEUR, PARTNER})


def rollen_van(user) -> frozenset[str]:
    """The names of the roles (groups) a user holds."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_regie_rollen", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLLEN).values_list("name", flat=True))
        user._regie_rollen = cached
    return cached


def heeft_rol(user, rol: str) -> bool:
    return rol in rollen_van(user)


def is_regisseur(user) -> bool:
    return heeft_rol(user, NETWERKREGISSEUR)


def is_beheerder(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser and user.is_active)


def mag_beheer_in(user) -> bool:
    """May this user enter /beheer/ at all (before the MFA check)?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_staff:
        return False
    return user.is_superuser or is_regisseur(user)


def mfa_verplicht(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or rollen_van(user) & ROLLEN_MET_VERPLICHTE_MFA)


def mfa_ingesteld(user) -> bool:
    """Has the user activated an authenticator app (TOTP)? Cached for the request."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_regie_mfa", None)
    if cached is None:
        from allauth.mfa.models import Authenticator

        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._regie_mfa = cached
    return cached
