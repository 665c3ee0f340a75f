"""The case flow (casusverloop): the one state machine every part of the application asks.

DESIGN.md draws it like this::

    ingediend ──> in_behandeling ──> weging ──> casusoverleg ──> doorverwezen ──> afgesloten
                      │   ▲              │           │
                      ▼   │              ├──> monitoren ──> afgesloten
          aanvulling_gevraagd            └──> afgesloten (geen zorgen)

The form, the reporter's pages, the regisseur's move form, the casusverloop page, the demo data
and the tests all read ``OVERGANGEN`` below; nothing else decides which move is allowed. What the
reporter is told about a phase (the texts and expected durations) is data the regisseur edits
(``Fasebeschrijving``); the machine itself is not editable.

A casusoverleg may also decide that no referral is needed but the situation must be watched,
hence casusoverleg ──> monitoren (the downward line under casusoverleg in the drawing).

Three moves beyond DESIGN.md's drawing, for the structured weging and casusoverleg (issue 20):
weging ──> doorverwezen (a concern outside radicalisation, referred to care without a case
meeting), monitoren ──> weging (the review date came: weigh again) and casusoverleg ──>
afgesloten (the meeting finds no concern left). The
regisseur may take a signal back from aanvulling_gevraagd to in_behandeling when the reporter
does not answer; the reporter's answer does the same.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Fase(models.TextChoices):
    INGEDIEND = "ingediend", _("Ingediend")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    AANVULLING_GEVRAAGD = "aanvulling_gevraagd", _("Aanvulling gevraagd")
    WEGING = "weging", _("Weging")
    CASUSOVERLEG = "casusoverleg", _("Casusoverleg")
    DOORVERWEZEN = "doorverwezen", _("Doorverwezen")
    MONITOREN = "monitoren", _("Monitoren")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


BEGIN = Fase.INGEDIEND
EINDE = Fase.AFGESLOTEN

OVERGANGEN: dict[str, frozenset[str]] = {
    Fase.INGEDIEND: frozenset({Fase.IN_BEHANDELING}),
    Fase.IN_BEHANDELING: frozenset({Fase.AANVULLING_GEVRAAGD, Fase.WEGING}),
    Fase.AANVULLING_GEVRAAGD: frozenset({Fase.IN_BEHANDELING}),
    Fase.WEGING: frozenset({Fase.CASUSOVERLEG, Fase.DOORVERWEZEN, Fase.MONITOREN, Fase.AFGESLOTEN}),
    Fase.CASUSOVERLEG: frozenset({Fase.DOORVERWEZEN, Fase.MONITOREN, Fase.AFGESLOTEN}),
    Fase.DOORVERWEZEN: frozenset({Fase.AFGESLOTEN}),
    Fase.MONITOREN: frozenset({Fase.WEGING, Fase.AFGESLOTEN}),
    Fase.AFGESLOTEN: frozenset(),
}

# The order in which the phases are explained on the casusverloop page.
VOLGORDE: tuple[str, ...] = (
    Fase.INGEDIEND,
    Fase.IN_BEHANDELING,
    Fase.AANVULLING_GEVRAAGD,
    Fase.WEGING,
    Fase.CASUSOVERLEG,
    Fase.DOORVERWEZEN,
    Fase.MONITOREN,
    Fase.AFGESLOTEN,
)


class Doorverwijzing(models.TextChoices):
    """Where a signal is referred to (the phase doorverwezen)."""

    ZORG = "zorg", _("Zorg")
    GGZ = "ggz", _("GGZ")
    WIJKTEAM = "wijkteam", _("Wijkteam")
    JONGERENWERK = "jongerenwerk", _("Jongerenwerk")
    VEILIGHEIDSHUIS = "veiligheidshuis", _("Politie / Veiligheidshuis")


# The phases a signal leaves only through a weging a second assessor confirmed (the weging app,
# four eyes): ``services.signaal_verplaatsen`` refuses any other move out of them, and the
# regisseur's move form offers none.
VIER_OGEN = frozenset({Fase.WEGING})


def reden_vier_ogen() -> str:
    return str(
        _(
            "Een signaal verlaat de weging alleen met een bevestigde weging: vul de weging in en "
            "laat een tweede beoordelaar bevestigen (vier ogen)."
        )
    )


def mag_naar(van: str, naar: str) -> bool:
    return naar in OVERGANGEN.get(van, frozenset())


def volgende_fasen(van: str) -> list[str]:
    """The phases a signal in ``van`` may move to, in the page order."""
    return [f for f in VOLGORDE if f in OVERGANGEN.get(van, frozenset())]


def reden_geweigerd(van: str, naar: str) -> str:
    """Why a move is refused, in words a regisseur understands."""
    van_label, naar_label = Fase(van).label, Fase(naar).label
    if van == naar:
        return str(_("Het signaal staat al in de fase ‘%(fase)s’.") % {"fase": van_label})
    if van == EINDE:
        return str(_("Het signaal is afgesloten; een afgesloten signaal gaat niet meer verder."))
    mogelijk = ", ".join(f"‘{Fase(f).label}’" for f in volgende_fasen(van))
    return str(
        _("Van ‘%(van)s’ kan een signaal niet naar ‘%(naar)s’. Wel mogelijk: %(mogelijk)s.")
        % {"van": van_label, "naar": naar_label, "mogelijk": mogelijk}
    )


def bereikbaar(van: str = BEGIN) -> set[str]:
    """Every phase that can be reached from ``van`` (used by the tests and the docs)."""
    gezien, te_doen = {van}, [van]
    while te_doen:
        for volgende in OVERGANGEN[te_doen.pop()]:
            if volgende not in gezien:
                gezien.add(volgende)
                te_doen.append(volgende)
    return gezien


def kortste_pad(van: str, naar: str) -> list[str]:
    """The phases to pass through, in order, to get from ``van`` to ``naar`` (excl. ``van``)."""
    vorige: dict[str, str | None] = {van: None}
    te_doen = [van]
    while te_doen:
        fase = te_doen.pop(0)
        if fase == naar:
            pad = []
            while fase != van:
                pad.append(fase)
                fase = vorige[fase]
            return pad[::-1]
        for volgende in volgende_fasen(fase):
            if volgende not in vorige:
                vorige[volgende] = fase
                te_doen.append(volgende)
    raise ValueError(f"{naar} is niet bereikbaar vanuit {van}")
