"""Reads of the outbox for other apps.

``adressen_geweigerd``: addresses the mail server refused for good (a 5xx answer to the
recipient, see ``smtpfouten.is_permanente_fout``), so the regisseur can correct them where they
live: on the person (the Persoon page in /beheer/ shows ``Weigering.melding``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Bericht


@dataclass(frozen=True)
class Weigering:
    adres: str  # in lower case
    op: datetime  # when the mail server refused it (the latest time)
    reden: str  # the mail server's answer

    def melding(self) -> str:
        """The warning for the regisseur, in Dutch."""
        return _(
            "E-mail aan dit adres werd geweigerd door de mailserver op %(datum)s: %(reden)s. "
            "Controleer het adres."
        ) % {
            "datum": date_format(timezone.localtime(self.op), "j F Y"),
            "reden": self.reden.rstrip(". "),
        }


def adressen_geweigerd(*, adressen: Iterable[str]) -> dict[str, Weigering]:
    """The given addresses that the mail server refused for good, keyed by the address in lower
    case, with the latest refusal.

    An address counts while a message to it failed that way (``mislukt`` with ``geweigerd_op``)
    and no message reached it after that refusal: once the regisseur retries a message and it
    arrives, or a later message arrives, the warning goes. A corrected address is another
    address, so it has no refusal. Two queries at most, whatever the number of rows.
    """
    gezocht = {a.strip().lower() for a in adressen if a and a.strip()}
    if not gezocht:
        return {}
    weigeringen: dict[str, Weigering] = {}
    rijen = (
        Bericht.objects.annotate(adres=Lower("aan"))
        .filter(adres__in=gezocht, status=Bericht.Status.MISLUKT, geweigerd_op__isnull=False)
        .order_by("geweigerd_op", "pk")
        .values_list("adres", "geweigerd_op", "laatste_fout")
    )
    for adres, op, fout in rijen:  # oldest first: the latest refusal wins
        weigeringen[adres] = Weigering(adres=adres, op=op, reden=_reden(fout, adres))
    if not weigeringen:
        return {}
    laatst_aangekomen = dict(
        Bericht.objects.annotate(adres=Lower("aan"))
        .filter(adres__in=set(weigeringen), status=Bericht.Status.VERSTUURD)
        .values("adres")
        .annotate(laatst=Max("verstuurd_op"))
        .values_list("adres", "laatst")
        .order_by()
    )
    return {
        adres: weigering
        for adres, weigering in weigeringen.items()
        if adres not in laatst_aangekomen or laatst_aangekomen[adres] < weigering.op
    }


def _reden(fout: str, adres: str) -> str:
    """The mail server's answer from ``laatste_fout`` ("SMTPRecipientsRefused: <adres>: 550 …")."""
    _soort, _dubbelepunt, rest = (fout or "").partition(": ")
    if rest.lower().startswith(adres + ": "):
        rest = rest[len(adres) + 2 :]
    return rest.strip() or (fout or "").strip()


def wacht_met_sleutel(*, sleutel_begint_met: str) -> bool:
    """Whether a message whose key starts with this still waits to be sent (the counterpart of
    ``services.berichten_intrekken``; served by the index on waiting rows' keys)."""
    if not sleutel_begint_met:
        raise ValueError("Een leeg begin van een sleutel past op alles.")
    return Bericht.objects.filter(
        status=Bericht.Status.WACHTEND, sleutel__startswith=sleutel_begint_met
    ).exists()
