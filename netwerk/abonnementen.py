"""netwerk's side of accounts' domain events (``accounts.events``), connected in
``NetwerkConfig.ready()``: a partner account belongs to an organisation only while it is an
active partner.

When the Partner role is taken away or the account is deactivated, its organisation groups go
too, so switching the role back or reactivating the account never silently restores access to
what was shared with that organisation: the regisseur links it to an organisation again.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts import rollen


def _organisatiegroepen_weg(user) -> None:
    groepen = Group.objects.filter(organisatie__isnull=False, user=user)
    if groepen.exists():
        user.groups.remove(*groepen)  # one by one in the change log, as every group change


def account_gedeactiveerd(*, user_id: int) -> None:
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None:
        _organisatiegroepen_weg(user)


def rol_gewijzigd(*, user_id: int) -> None:
    """Judged after the commit: a role change removes all roles first and then adds the new
    one, so a partner who stays a partner keeps their organisation."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None and not user.groups.filter(name=rollen.PARTNER).exists():
        _organisatiegroepen_weg(user)
