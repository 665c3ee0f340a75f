"""A partner account belongs to an organisation only while it is an active partner.

When the Partner role is taken away or the account is deactivated, its organisation groups go
too, so switching the role back or reactivating the account never silently restores access to
what was shared with that organisation: the regisseur links it to an organisation again.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from accounts import rollen


def _organisatiegroepen_weg(user) -> None:
    from django.contrib.auth.models import Group

    groepen = Group.objects.filter(organisatie__isnull=False, user=user)
    if groepen.exists():
        user.groups.remove(*groepen)


@receiver(
    m2m_changed,
    sender=get_user_model().groups.through,
    dispatch_uid="netwerk_rol_partner_weg",
)
def rol_gewijzigd(sender, instance, action, reverse, **kwargs):
    if action not in ("post_remove", "post_clear") or reverse:
        return

    def na_commit():
        # Judged at commit: a role change removes all roles first and then adds the new one.
        if not instance.groups.filter(name=rollen.PARTNER).exists():
            _organisatiegroepen_weg(instance)

    transaction.on_commit(na_commit)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="netwerk_account_inactief")
def account_opgeslagen(sender, instance, **kwargs):
    if not instance.is_active:
        _organisatiegroepen_weg(instance)
