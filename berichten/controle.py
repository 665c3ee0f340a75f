"""What a message must be before it enters the outbox: the checks of ``bericht_klaarzetten``.

Every check raises ``ValueError`` with the reason, so a caller's mistake (an address that is no
address, a subject of two lines, a naive moment) fails where it is made, not at the sweep.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from . import opmaak
from .models import Bericht

BIJLAGE_SLEUTELS = ("bestandsnaam", "mimetype", "inhoud")


def _max(veld: str) -> int:
    return Bericht._meta.get_field(veld).max_length


def velden_controleren(
    *,
    aan: str,
    onderwerp: str,
    tekst: str,
    html: str = "",
    bijlagen: Iterable[Mapping[str, str]] = (),
    soort: str = "",
    versturen_na: datetime | None = None,
    verlopen_na: datetime | None = None,
    sleutel: str | None = None,
    gegevens: Mapping[str, int | str] | None = None,
) -> dict:
    """The row's fields, checked and normalised (``sleutel`` included)."""
    aan = (aan or "").strip()
    soort = soort or ""
    try:
        validate_email(aan)
    except ValidationError as exc:
        raise ValueError("Ongeldig e-mailadres voor een bericht.") from exc
    onderwerp = (onderwerp or "").strip()
    if not onderwerp:
        raise ValueError("Een bericht heeft een onderwerp nodig.")
    if "\n" in onderwerp or "\r" in onderwerp:
        raise ValueError("Het onderwerp van een bericht is één regel.")
    if len(onderwerp) > _max("onderwerp"):
        raise ValueError("Het onderwerp van een bericht is te lang.")
    if len(soort) > _max("soort"):
        raise ValueError("De soort van een bericht is te lang.")
    if versturen_na is not None and timezone.is_naive(versturen_na):
        raise ValueError("versturen_na moet een tijdstip met tijdzone zijn.")
    if verlopen_na is not None and timezone.is_naive(verlopen_na):
        raise ValueError("verlopen_na moet een tijdstip met tijdzone zijn.")
    if sleutel is not None and (
        not isinstance(sleutel, str) or not sleutel.strip() or len(sleutel) > _max("sleutel")
    ):
        raise ValueError("De sleutel van een bericht is niet leeg en hoogstens 200 tekens.")
    return {
        "aan": aan,
        "onderwerp": onderwerp,
        "tekst": tekst,
        "html": html or "",
        "bijlagen": bijlagen_controleren(bijlagen),
        "soort": soort,
        "versturen_na": versturen_na or timezone.now(),
        "verlopen_na": verlopen_na,
        "sleutel": sleutel,
        "gegevens": gegevens_controleren(gegevens, soort),
    }


def bijlagen_controleren(bijlagen) -> list[dict[str, str]]:
    resultaat = []
    for bijlage in bijlagen or ():
        if not isinstance(bijlage, Mapping):
            raise ValueError("Een bijlage is een mapping met bestandsnaam, mimetype en inhoud.")
        waarden = {sleutel: bijlage.get(sleutel) for sleutel in BIJLAGE_SLEUTELS}
        if not all(isinstance(w, str) for w in waarden.values()):
            raise ValueError("Bestandsnaam, mimetype en inhoud van een bijlage zijn tekst.")
        if not waarden["bestandsnaam"].strip() or "/" not in waarden["mimetype"]:
            raise ValueError("Een bijlage heeft een bestandsnaam en een mimetype als type/subtype.")
        resultaat.append(waarden)
    return resultaat


def gegevens_controleren(gegevens, soort: str) -> dict[str, int | str]:
    """What an opmaker needs (``opmaak``): a small flat mapping of names to whole numbers or
    short texts (ids), and only for a soort that has an opmaker."""
    if not gegevens:
        return {}
    if not opmaak.heeft_opmaker(soort):
        raise ValueError("Gegevens horen bij een soort bericht met een opmaker.")
    if not isinstance(gegevens, Mapping) or len(gegevens) > 10:
        raise ValueError("Gegevens van een bericht zijn een kleine mapping.")
    for naam, waarde in gegevens.items():
        if not isinstance(naam, str) or not (
            (isinstance(waarde, int) and not isinstance(waarde, bool))
            or (isinstance(waarde, str) and len(waarde) <= 100)
        ):
            raise ValueError("Gegevens van een bericht zijn namen met een getal of korte tekst.")
    return dict(gegevens)
