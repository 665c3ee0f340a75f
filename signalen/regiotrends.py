"""The signals' part of the region's trend (``config.regio``, kind ``regiotrends`` of
``kern.bijdragen``): signals filed per month and gemeente, the months of the dashboard's chart
(``signalen.grafieken``), counted region-wide in one grouped query. Counts only."""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.utils.translation import gettext as _

from kern.rapport import Regioreeks

from .grafieken import ingediend_in, maand_van, maandlijst


def regiotrends(vandaag: date) -> list[Regioreeks]:
    """Signals filed per gemeente in each of the last 24 months (local time), anonymised ones
    too (their date is kept for this). The page opens both walls for this count only."""
    maanden = maandlijst(vandaag)
    plek = {maand: i for i, maand in enumerate(maanden)}
    rijen = (
        ingediend_in(maanden).values_list("gemeente_id", "maand").annotate(n=Count("pk")).order_by()
    )
    per_gemeente: dict[int, list[int]] = {}
    for gemeente_id, maand, n in rijen:
        per_gemeente.setdefault(gemeente_id, [0] * len(maanden))[plek[maand_van(maand)]] += n
    return [Regioreeks(_("Signalen ingediend"), maanden, per_gemeente, volgorde=10)]
