"""signalen's side of netwerk's domain events (``netwerk.events``), connected in
``SignalenConfig.ready()``: sharing follows a convenant and an organisation at once. The partner
pages also check coverage on every request, and a nightly task is the safety net
(``signalen.delen``).

Also what signalen adds to netwerk's convenant register (``ACTIEVE_DELINGEN``): netwerk shows
the count without importing or querying signalen.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from netwerk.convenanten import Registerkolom
from netwerk.models import Convenant, Organisatie

from . import delen
from .models import Deling


def convenant_wordt_gewijzigd(*, convenant_id: int) -> None:
    """Before a convenant changes: if the stored version is no longer in force (its end date
    passed unnoticed), its shares end now, so extending it later cannot revive them."""
    delen.verlopen_delingen_intrekken_voor_wijziging(convenant_id)


def convenant_gewijzigd(*, convenant_id: int) -> None:
    """A convenant, its parties or its categories changed: revoke what it no longer covers."""
    convenant = Convenant.objects.filter(pk=convenant_id).first()
    if convenant is not None:
        delen.delingen_herzien(convenant=convenant)


def organisatie_gewijzigd(*, organisatie_id: int) -> None:
    """An organisation made inactive (or marked as the gemeente) keeps nothing shared."""
    organisatie = Organisatie.objects.filter(pk=organisatie_id).first()
    if organisatie is not None and (not organisatie.actief or organisatie.is_gemeente):
        delen.delingen_herzien()


def actieve_delingen_per_convenant():
    """The number of active shares under the convenant (``OuterRef("pk")``)."""
    actief = (
        Deling.objects.filter(convenant=OuterRef("pk"), ingetrokken_op__isnull=True)
        .order_by()
        .values("convenant")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(actief, output_field=IntegerField()), Value(0))


ACTIEVE_DELINGEN = Registerkolom(
    naam="actieve_delingen", titel=_("actieve delingen"), waarde=actieve_delingen_per_convenant
)


def gemeente_aangemaakt(gemeente_id: int) -> None:
    """A new gemeente (active now) gets what every gemeente starts with."""
    from .models import Fasebeschrijving
    from .startteksten import fasebeschrijvingen_aanmaken

    fasebeschrijvingen_aanmaken(Fasebeschrijving)
