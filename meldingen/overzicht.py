"""What the regisseur's daily overview counts: numbers and links into /beheer/, never a signal,
a reference or a name."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from berichten.models import Bericht
from netwerk import convenanten
from netwerk.models import ConvenantStatus
from signalen import selectors as signalen_selectors
from signalen.models import Signaal, Urgentie

from .models import Keuze, Meldingsinstellingen

# Failed e-mails are told of for this long after they were written; older ones are history.
MISLUKT_TONEN = timedelta(days=7)


@dataclass
class Regel:
    tekst: str
    link: str


@dataclass
class Overzicht:
    regels: list[Regel] = field(default_factory=list)
    nieuw: int = 0
    te_laat: int = 0

    @property
    def leeg(self) -> bool:
        return not self.regels

    @property
    def kop(self) -> str:
        """The subject's summary: "3 nieuwe signalen, 1 wacht langer dan verwacht"."""
        delen = []
        if self.nieuw:
            delen.append(
                ngettext("%(n)d nieuw signaal", "%(n)d nieuwe signalen", self.nieuw)
                % {"n": self.nieuw}
            )
        if self.te_laat:
            delen.append(
                ngettext(
                    "%(n)d wacht langer dan verwacht",
                    "%(n)d wachten langer dan verwacht",
                    self.te_laat,
                )
                % {"n": self.te_laat}
            )
        return ", ".join(delen) or _("wat op u wacht")


def _url(naam: str, query: str = "") -> str:
    return settings.SITE_URL + reverse(naam) + (f"?{query}" if query else "")


def algemeen(nu: datetime) -> dict:
    """What every regisseur's overview shares: a handful of counts, each one query."""
    vandaag = timezone.localtime(nu).date()
    return {
        "te_laat": signalen_selectors.aantal_te_laat(nu),
        "mogelijk": signalen_selectors.aantal_met_mogelijke_koppeling(),
        "convenanten": convenanten.convenantenregister(vandaag)
        .filter(status=ConvenantStatus.VAN_KRACHT, eindigt_binnenkort=True)
        .count(),
        "mislukt": Bericht.objects.filter(
            status=Bericht.Status.MISLUKT, aangemaakt_op__gte=nu - MISLUKT_TONEN
        ).count(),
    }


def samenstellen(
    instellingen: Meldingsinstellingen, *, van: datetime, tot: datetime, algemeen: dict
) -> Overzicht:
    """The overview for one regisseur: new signals since ``van`` of the urgencies they want in
    the overview, and what ``algemeen`` counted for everyone."""
    overzicht = Overzicht()
    urgenties = [u for u in Urgentie.values if instellingen.keuze_bij(u) == Keuze.DAGELIJKS]
    if urgenties:
        overzicht.nieuw = Signaal.objects.filter(
            ingediend_op__gt=van, ingediend_op__lte=tot, urgentie__in=urgenties
        ).count()
    if overzicht.nieuw:
        overzicht.regels.append(
            Regel(
                ngettext(
                    "%(n)d nieuw signaal sinds het vorige overzicht",
                    "%(n)d nieuwe signalen sinds het vorige overzicht",
                    overzicht.nieuw,
                )
                % {"n": overzicht.nieuw},
                _url("admin:signalen_signaal_changelist", "fase__exact=ingediend"),
            )
        )
    overzicht.te_laat = algemeen["te_laat"]
    if overzicht.te_laat:
        overzicht.regels.append(
            Regel(
                ngettext(
                    "%(n)d signaal duurt langer dan verwacht in zijn fase",
                    "%(n)d signalen duren langer dan verwacht in hun fase",
                    overzicht.te_laat,
                )
                % {"n": overzicht.te_laat},
                _url("admin:signalen_signaal_changelist", "termijn=te_laat"),
            )
        )
    if algemeen["mogelijk"]:
        overzicht.regels.append(
            Regel(
                ngettext(
                    "%(n)d signaal met een mogelijke koppeling om te beoordelen",
                    "%(n)d signalen met een mogelijke koppeling om te beoordelen",
                    algemeen["mogelijk"],
                )
                % {"n": algemeen["mogelijk"]},
                _url("admin:signalen_signaal_changelist", "koppeling=mogelijk"),
            )
        )
    if algemeen["convenanten"]:
        overzicht.regels.append(
            Regel(
                ngettext(
                    "%(n)d convenant loopt binnen %(dagen)d dagen af",
                    "%(n)d convenanten lopen binnen %(dagen)d dagen af",
                    algemeen["convenanten"],
                )
                % {"n": algemeen["convenanten"], "dagen": convenanten.BINNENKORT_DAGEN},
                _url("admin:netwerk_convenant_changelist"),
            )
        )
    if algemeen["mislukt"]:
        overzicht.regels.append(
            Regel(
                ngettext(
                    "%(n)d e-mail kon niet worden verstuurd",
                    "%(n)d e-mails konden niet worden verstuurd",
                    algemeen["mislukt"],
                )
                % {"n": algemeen["mislukt"]},
                _url("admin:berichten_bericht_changelist", "status__exact=mislukt"),
            )
        )
    return overzicht
