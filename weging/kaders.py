"""Configuring the wegingskader, and sharing it in the region.

- ``kader_activeren``: the kader new wegingen are made with; one per gemeente (the others
  are put out of use, in the same transaction; a partial unique constraint guards it).
- ``gedeelde_kaders``: the kaders other gemeenten of the region share: their names, groups and
  indicator texts, and the gemeente's name. The one read of this app across gemeenten
  (``regio.scope.alle_gemeenten``); a kader holds no personal data.
- ``kader_overnemen``: a copy of such a kader in the own gemeente, not yet in use.
- ``kader_gebruikt`` / ``indicator_gebruikt``: a kader or indicator a weging used is never
  deleted (the database protects it too); it is put out of use or switched off instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from accounts import rollen
from kern.fouten import Weigering
from regio.models import Gemeente
from regio.scope import alle_gemeenten, huidige_gemeente_id

from .models import Beoordeling, Indicator, Indicatorgroep, Weging, Wegingskader


@transaction.atomic
def kader_activeren(*, kader: Wegingskader) -> Wegingskader:
    """Put ``kader`` in use; the kader used until now stays as it is, out of use."""
    kader = Wegingskader.objects.select_for_update().get(pk=kader.pk)
    if not Indicator.objects.filter(groep__kader=kader, actief=True).exists():
        raise Weigering(
            _("‘%(kader)s’ heeft nog geen actieve indicatoren; voeg die eerst toe.")
            % {"kader": kader}
        )
    Wegingskader.objects.select_for_update().filter(actief=True).exclude(pk=kader.pk).update(
        actief=False
    )
    if not kader.actief:
        kader.actief = True
        kader.save(update_fields=["actief", "gewijzigd_op"])
    return kader


def kader_gebruikt(kader: Wegingskader) -> bool:
    return Weging.objects.filter(kader=kader).exists()


def indicator_gebruikt(indicator_id: int) -> bool:
    return Beoordeling.objects.filter(indicator_id=indicator_id).exists()


# --- Sharing in the region ----------------------------------------------------------------------


@dataclass(frozen=True)
class GedeeldeIndicator:
    tekst: str
    uitleg: str


@dataclass(frozen=True)
class GedeeldeGroep:
    naam: str
    indicatoren: list[GedeeldeIndicator] = field(default_factory=list)


@dataclass(frozen=True)
class GedeeldKader:
    """A kader another gemeente shares: only its name, texts and the gemeente's name."""

    pk: int
    naam: str
    omschrijving: str
    gemeente: str
    groepen: list[GedeeldeGroep] = field(default_factory=list)


def gedeelde_kaders() -> list[GedeeldKader]:
    """The kaders the other gemeenten of the region share, by gemeente and name. Read region-wide
    (``alle_gemeenten``), the only read of this app across gemeenten: names and texts of
    kaders, groups and active indicators, and the gemeente's name; nothing of a weging."""
    eigen = huidige_gemeente_id()
    with alle_gemeenten():
        kaders = list(
            Wegingskader.objects.filter(gedeeld_in_regio=True)
            .exclude(gemeente_id=eigen)
            .filter(gemeente__in=Gemeente.objects.gemeenten())
            .only("pk", "naam", "omschrijving", "gemeente")
            .prefetch_related(
                Prefetch(
                    "groepen",
                    queryset=Indicatorgroep.objects.only("pk", "kader_id", "naam").order_by(
                        "volgorde", "pk"
                    ),
                ),
                Prefetch(
                    "groepen__indicatoren",
                    queryset=Indicator.objects.filter(actief=True)
                    .only("pk", "groep_id", "tekst", "uitleg")
                    .order_by("volgorde", "pk"),
                ),
            )
        )
        namen = dict(
            Gemeente.objects.filter(pk__in={k.gemeente_id for k in kaders}).values_list(
                "pk", "naam"
            )
        )
    uit = [
        GedeeldKader(
            pk=k.pk,
            naam=k.naam,
            omschrijving=k.omschrijving,
            gemeente=namen.get(k.gemeente_id, ""),
            groepen=[
                GedeeldeGroep(
                    naam=g.naam,
                    indicatoren=[GedeeldeIndicator(i.tekst, i.uitleg) for i in g.indicatoren.all()],
                )
                for g in k.groepen.all()
            ],
        )
        for k in kaders
    ]
    return sorted(uit, key=lambda k: (k.gemeente, k.naam, k.pk))


@transaction.atomic
def kader_overnemen(*, bron_id: int, door) -> Wegingskader:
    """Copy a kader another gemeente shares into the own gemeente, out of use: the regisseur
    looks it over, adapts it and puts it in use (``kader_activeren``)."""
    if not rollen.is_regisseur(door):
        raise Weigering(_("Alleen de netwerkregisseur neemt een wegingskader over."))
    bron = next((k for k in gedeelde_kaders() if k.pk == bron_id), None)
    if bron is None:
        raise Weigering(
            _("Dit kader wordt niet (meer) gedeeld door een andere gemeente in de regio.")
        )
    kader = Wegingskader.objects.create(
        naam=bron.naam,
        omschrijving=bron.omschrijving,
        overgenomen_van=_("%(kader)s, gemeente %(gemeente)s")
        % {"kader": bron.naam, "gemeente": bron.gemeente},
    )
    for g, groep in enumerate(bron.groepen, start=1):
        nieuw = Indicatorgroep.objects.create(kader=kader, naam=groep.naam, volgorde=g)
        Indicator.objects.bulk_create(
            Indicator(groep=nieuw, tekst=i.tekst, uitleg=i.uitleg, volgorde=n)
            for n, i in enumerate(groep.indicatoren, start=1)
        )
    return kader
