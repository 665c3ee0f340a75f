"""Roles are Django groups, created by a data migration (0002_rollen).

The beheerder is a superuser, not a group. Role checks are cached on the user instance, which
lives for one request, so a page asks the database at most once for them. For the logged-in user
of a request they come with the user itself: ``gebruiker_laden`` reads the account, its roles
and whether an authenticator app is active in one query
(``accounts.middleware.RegieAuthenticationMiddleware``); for any other user the first question
reads the roles and the second factor together (``_laden``). Every request reads them afresh, so
a changed role or a removed second factor counts from the next request on.
"""

import functools

from django.utils.translation import gettext_lazy as _

# The one module of the project this imports: plain SQL helpers that import only Django.
from kern.ruw import kolommen, omgezet, voorbereid_uitvoeren

NETWERKREGISSEUR = "Netwerkregisseur"
PROFESSIONAL = "Professional"
PARTNER = "Partner"
# The region's own role (docs/regio.md): an account of no gemeente, which sees the region's
# aggregate figures and no personal data of any gemeente.
REGIOCOORDINATOR = "Regiocoördinator"

ROLLEN = (NETWERKREGISSEUR, PROFESSIONAL, PARTNER, REGIOCOORDINATOR)
# The roles of a gemeente's own accounts (the beheerder hands these out, in the gemeente).
GEMEENTE_ROLLEN = (NETWERKREGISSEUR, PROFESSIONAL, PARTNER)

ROL_LABELS = {
    NETWERKREGISSEUR: _("Netwerkregisseur"),
    PROFESSIONAL: _("Professional (aandachtsfunctionaris)"),
    PARTNER: _("Partner (convenantpartner)"),
    REGIOCOORDINATOR: _("Regiocoördinator"),
}

# Roles that must have a second factor before they see anything.
ROLLEN_MET_VERPLICHTE_MFA = frozenset({NETWERKREGISSEUR, PARTNER, REGIOCOORDINATOR})


def rollen_van(user) -> frozenset[str]:
    """The names of the roles (groups) a user holds."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_regie_rollen", None)
    if cached is None:
        _laden(user)
        cached = user._regie_rollen
    return cached


def _laden(user) -> None:
    """Read the user's roles and whether they have an authenticator app, in one query, and
    cache both on the user object (``_regie_rollen``, ``_regie_mfa``)."""
    from django.db import connections

    alias, sql, _velden, _omzetters = _sql(met_gebruiker=False)
    verbinding = connections[alias]
    with verbinding.cursor() as cursor:
        voorbereid_uitvoeren(verbinding, cursor, sql, [*_parameters(), user.pk])
        rij = cursor.fetchone()
    _onthouden(user, rij or (None, False))


def gebruiker_laden(user_id):
    """The account with this id as Django's ``ModelBackend.get_user`` reads it (its default
    manager, active or not), its roles and second factor cached on it, in one query; None when
    there is no such account. For ``accounts.middleware.RegieAuthenticationMiddleware``, on every
    logged-in request."""
    from django.contrib.auth import get_user_model
    from django.db import connections

    alias, sql, velden, omzetters = _sql(met_gebruiker=True)
    verbinding = connections[alias]
    with verbinding.cursor() as cursor:
        voorbereid_uitvoeren(verbinding, cursor, sql, [*_parameters(), user_id])
        rij = cursor.fetchone()
    if rij is None:
        return None
    waarden = omgezet(rij[: len(velden)], omzetters, verbinding)
    user = get_user_model().from_db(alias, velden, waarden)
    _onthouden(user, rij[len(velden) :])
    return user


def _onthouden(user, rij) -> None:
    rollen_tekst, mfa = rij
    user._regie_rollen = frozenset(n for n in (rollen_tekst or "").split(",") if n in ROLLEN)
    user._regie_mfa = bool(mfa)


def _parameters() -> list:
    from allauth.mfa.models import Authenticator

    return [*ROLLEN, Authenticator.Type.TOTP.value]


@functools.cache
def _sql(*, met_gebruiker: bool):
    """Plain SQL, because it runs on nearly every request: the same question through the ORM
    (the user, then four ``Exists`` annotations or two queries) cost several times more CPU to
    build than to run. One row: (the user's columns), the names of their roles joined by commas,
    whether an authenticator app is active. Names from the models' meta data, no input.

    Returns the database alias, the SQL, the user's field names (attnames) and, per user column
    that needs them, the converters Django applies to its value (datetimes on SQLite, say)."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model
    from django.db import connections, router

    User = get_user_model()
    lid = User.groups.through
    groep_veld = lid._meta.get_field("group")
    groep = groep_veld.related_model
    alias = router.db_for_read(User)
    verbinding = connections[alias]
    q = verbinding.ops.quote_name
    naam = q(groep._meta.get_field("name").column)
    # A role name contains no comma (ROLLEN).
    samenvoegen = (
        f"STRING_AGG(g.{naam}, ',')"
        if verbinding.vendor == "postgresql"
        else f"GROUP_CONCAT(g.{naam}, ',')"
    )
    plaatsen = ", ".join(["%s"] * len(ROLLEN))
    user_pk, groep_pk = q(User._meta.pk.column), q(groep._meta.pk.column)
    select, velden, omzetters = kolommen(User, "u", verbinding)
    sql = (
        f"SELECT {select + ', ' if met_gebruiker else ''}"  # noqa: S608 (names, no input)
        f"(SELECT {samenvoegen} FROM {q(groep._meta.db_table)} g "
        f"JOIN {q(lid._meta.db_table)} l ON l.{q(groep_veld.column)} = g.{groep_pk} "
        f"WHERE l.{q(lid._meta.get_field('user').column)} = u.{user_pk} "
        f"AND g.{naam} IN ({plaatsen})), "
        f"EXISTS(SELECT 1 FROM {q(Authenticator._meta.db_table)} a "
        f"WHERE a.{q(Authenticator._meta.get_field('user').column)} = u.{user_pk} "
        f"AND a.{q(Authenticator._meta.get_field('type').column)} = %s) "
        f"FROM {q(User._meta.db_table)} u WHERE u.{user_pk} = %s"
    )
    return alias, sql, velden, omzetters


def heeft_rol(user, rol: str) -> bool:
    return rol in rollen_van(user)


def is_regisseur(user) -> bool:
    return heeft_rol(user, NETWERKREGISSEUR)


def is_regiocoordinator(user) -> bool:
    return heeft_rol(user, REGIOCOORDINATOR)


def regisseurs():
    """The active gemeente's active regisseur accounts with an address (``User.objects`` is
    scoped to the active gemeente)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(groups__name=NETWERKREGISSEUR, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


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
        _laden(user)
        cached = user._regie_mfa
    return cached
