"""The accounts panel on the /beheer/ dashboard: who has an account, and who still must act.

Kept for a minute (``kern.dashboard``): a new or removed account, role or second factor and
every login change the values below; a changed flag or role of an account is in the change log
(auditlog), which every key has.
"""

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from kern.dashboard import Paneel, aantal, bewaard, hoogste

from . import rollen

User = get_user_model()
Rollen = User.groups.through


@bewaard(
    aantal(User),
    hoogste(User),
    hoogste(User, "last_login"),
    aantal(Rollen),
    hoogste(Rollen),
    aantal(Authenticator),
    hoogste(Authenticator),
)
def panelen(request):
    if not (rollen.is_regisseur(request.user) or rollen.is_beheerder(request.user)):
        return []
    totp = Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
    actief = User.objects.filter(is_active=True).annotate(heeft_totp=Exists(totp))
    per_rol = dict(
        actief.filter(groups__name__in=rollen.ROLLEN)
        .values_list("groups__name")
        .annotate(n=Count("pk", distinct=True))
    )
    mfa_nodig = (
        Q(is_staff=True)
        | Q(is_superuser=True)
        | Q(groups__name__in=rollen.ROLLEN_MET_VERPLICHTE_MFA)
    )
    cijfers = actief.aggregate(
        zonder_mfa=Count("pk", filter=mfa_nodig & Q(heeft_totp=False), distinct=True),
        nooit_ingelogd=Count("pk", filter=Q(last_login__isnull=True), distinct=True),
    )
    return [
        Paneel(
            titel=_("Accounts"),
            template="accounts/dashboard_paneel.html",
            context={
                "per_rol": [(rollen.ROL_LABELS[r], per_rol.get(r, 0)) for r in rollen.ROLLEN],
                **cijfers,
            },
            volgorde=900,
        )
    ]
