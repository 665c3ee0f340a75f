"""One gemeente with two partner organisations (police and GGZ) under one convenant, two
signals in phase casusoverleg (one shared with each), their reporter, and a case meeting in a
week to which a partner of each organisation is invited."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from casusoverleg import services
from signalen import delen
from tests.factories import (
    ConvenantFactory,
    OrganisatieFactory,
    SignaalFactory,
    UserFactory,
    gemeente,
    partner_bij,
)


@pytest.fixture
def w(db):
    gemeente()
    politie = OrganisatieFactory(naam="Politie Delft", domein="politie")
    ggz = OrganisatieFactory(naam="GGZ Delfland", domein="ggz")
    convenant = ConvenantFactory(partijen=[politie, ggz])
    regisseur = UserFactory(regisseur=True, met_mfa=True, email="regisseur@delft.nl")
    melder = UserFactory(professional=True, email="mentor@school.nl")
    agent = partner_bij(politie, email="wijkagent@politie.nl", first_name="Wim", last_name="Agent")
    behandelaar = partner_bij(ggz, email="behandelaar@ggz.nl", first_name="Gea", last_name="Zorg")

    def signaal(organisatie, naam):
        s = SignaalFactory(
            melder=melder,
            categorie="radicalisering",
            fase="casusoverleg",
            door=regisseur,
            persoon_naam=naam,
            waarneming=f"Waarneming over {naam}",
        )
        delen.signaal_delen(signaal=s, organisatie=organisatie, door=regisseur)
        return s

    voor_politie = signaal(politie, "Daan Vermeer")
    voor_ggz = signaal(ggz, "Sara de Wit")
    return SimpleNamespace(
        politie=politie,
        ggz=ggz,
        convenant=convenant,
        regisseur=regisseur,
        melder=melder,
        agent=agent,
        behandelaar=behandelaar,
        voor_politie=voor_politie,
        voor_ggz=voor_ggz,
    )


def overleg_plannen(w, deelnemers=None, dagen=7, **kwargs):
    begin = (timezone.now() + timedelta(days=dagen)).replace(microsecond=0)
    return services.casusoverleg_plannen(
        titel=kwargs.get("titel", "Casusoverleg i20"),
        begin=begin,
        einde=begin + timedelta(hours=2),
        locatie="Veiligheidshuis, zaal 3",
        deelnemers=[w.agent, w.behandelaar] if deelnemers is None else deelnemers,
        door=w.regisseur,
    )


@pytest.fixture
def overleg(w):
    """A meeting in a week, both partners invited, both signals on the agenda."""
    o = overleg_plannen(w)
    services.signaal_agenderen(casusoverleg=o, signaal=w.voor_politie, door=w.regisseur)
    services.signaal_agenderen(casusoverleg=o, signaal=w.voor_ggz, door=w.regisseur)
    return o
