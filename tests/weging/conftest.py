"""One gemeente with two partner organisations (police and GGZ) under one convenant, the demo
wegingskader in use, two regisseurs (the four eyes), a reporter, a partner of each organisation,
and a signal in phase weging shared with the police only."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from regio.scope import huidige_gemeente_id
from signalen import delen
from tests.factories import (
    ConvenantFactory,
    OrganisatieFactory,
    SignaalFactory,
    UserFactory,
    gemeente,
    partner_bij,
)
from weging import services
from weging.models import Antwoord, Indicator, Indicatorgroep, Uitkomst, Wegingskader
from weging.startkader import kader_aanmaken


def demokader() -> Wegingskader:
    """The demo kader of the active gemeente (the data migration made it; a transactional test
    before this one may have emptied the table)."""
    kader_aanmaken(Wegingskader, Indicatorgroep, Indicator, gemeente_id=huidige_gemeente_id())
    return Wegingskader.objects.get(actief=True)


@pytest.fixture
def w(db):
    gemeente()
    politie = OrganisatieFactory(naam="Politie Delft", domein="politie")
    ggz = OrganisatieFactory(naam="GGZ Delfland", domein="ggz")
    convenant = ConvenantFactory(partijen=[politie, ggz])
    regisseur = UserFactory(
        regisseur=True,
        met_mfa=True,
        email="regisseur@delft.nl",
        first_name="Rita",
        last_name="Regie",
    )
    collega = UserFactory(
        regisseur=True,
        met_mfa=True,
        email="collega@delft.nl",
        first_name="Cor",
        last_name="Collega",
    )
    melder = UserFactory(professional=True, email="mentor@school.nl")
    agent = partner_bij(politie, email="wijkagent@politie.nl", first_name="Wim", last_name="Agent")
    behandelaar = partner_bij(ggz, email="behandelaar@ggz.nl", first_name="Gea", last_name="Bakker")
    signaal = SignaalFactory(
        melder=melder,
        categorie="radicalisering",
        fase="weging",
        door=regisseur,
        persoon_naam="Daan Vermeer",
        waarneming="Daan deelt filmpjes van een extremistische groep in de klasgroep.",
    )
    delen.signaal_delen(signaal=signaal, organisatie=politie, door=regisseur)
    return SimpleNamespace(
        kader=demokader(),
        politie=politie,
        ggz=ggz,
        convenant=convenant,
        regisseur=regisseur,
        collega=collega,
        melder=melder,
        agent=agent,
        behandelaar=behandelaar,
        signaal=signaal,
    )


TOELICHTING = "Deelt filmpjes van een extremistische groep, volgens de mentor dagelijks."
ONDERBOUWING = "Zorgelijk beeld met weinig beschermende factoren: bespreken met de partners."


def invullen(weging, door, *, uitkomst=Uitkomst.CASUSOVERLEG, deelnemers=(), aanwezig=1, **extra):
    """Answer every indicator (the first ``aanwezig`` present, with an explanation, the rest not
    present), choose the outcome and give the reasoning."""
    antwoorden = {}
    for i, b in enumerate(weging.beoordelingen.order_by("pk")):
        if i < aanwezig:
            antwoorden[b.indicator_id] = (Antwoord.AANWEZIG, TOELICHTING)
        else:
            antwoorden[b.indicator_id] = (Antwoord.NIET_AANWEZIG, "")
    return services.weging_opslaan(
        weging=weging,
        door=door,
        antwoorden=antwoorden,
        deelnemers=list(deelnemers),
        uitkomst=uitkomst,
        onderbouwing=extra.pop("onderbouwing", ONDERBOUWING),
        **extra,
    )


def ingediend(w, *, signaal=None, door=None, deelnemers=None, **kwargs):
    """A weging of ``signaal`` submitted by ``door`` (the regisseur), with the police taking
    part, waiting for a second assessor."""
    signaal = signaal or w.signaal
    door = door or w.regisseur
    weging = services.weging_starten(signaal=signaal, door=door)
    invullen(weging, door, deelnemers=[w.politie] if deelnemers is None else deelnemers, **kwargs)
    return services.weging_indienen(weging=weging, door=door)


def over(dagen: int):
    return timezone.localdate() + timedelta(days=dagen)
