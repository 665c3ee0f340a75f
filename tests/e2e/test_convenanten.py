"""The regisseur shares a signal with the police under a convenant; a police partner logs in
with a second factor and reads it; the convenant is ended and the partner no longer can."""

import re

import pytest
from playwright.sync_api import expect

from signalen.models import Inzage
from tests.e2e.hulp import inloggen
from tests.factories import (
    ConvenantFactory,
    OrganisatieFactory,
    SignaalFactory,
    UserFactory,
    gemeente,
    partner_bij,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WAARNEMING = "Jongeman verspreidt oproepen tot geweld in een Telegramgroep."


def test_delen_onder_convenant_tot_het_convenant_eindigt(
    live_server, page, regie_pagina, csp_schendingen
):
    gemeente()
    politie = OrganisatieFactory(naam="Politie basisteam Delft", domein="politie")
    ConvenantFactory(naam="Convenant Zorg- en Veiligheidshuis", partijen=[politie])
    regisseur = UserFactory(regisseur=True, met_mfa=True)
    agent = partner_bij(politie, email="wijkagent@politie.example")
    signaal = SignaalFactory(
        categorie="radicalisering",
        waarneming=WAARNEMING,
        fase="casusoverleg",
        door=regisseur,
    )

    # --- the regisseur shares the signal with the police ------------------------------------
    inloggen(regie_pagina, live_server, regisseur)
    regie_pagina.goto(f"{live_server.url}/beheer/signalen/signaal/{signaal.pk}/change/")
    regie_pagina.get_by_label("Delen met").select_option(label="Politie basisteam Delft")
    regie_pagina.get_by_role("button", name="Delen", exact=True).click()
    expect(
        regie_pagina.get_by_text(
            f"{signaal.referentie} is gedeeld met Politie basisteam Delft onder "
            "‘Convenant Zorg- en Veiligheidshuis’."
        )
    ).to_be_visible()
    gedeeld_met = regie_pagina.locator(".delingen table")
    expect(gedeeld_met).to_contain_text("Politie basisteam Delft")
    expect(gedeeld_met).to_contain_text("Actief")

    # --- a police partner logs in with a second factor and reads it -------------------------
    inloggen(page, live_server, agent)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Gedeelde signalen"
    ).click()
    page.get_by_role("link", name=signaal.referentie).click()
    expect(page.get_by_role("heading", name=f"Signaal {signaal.referentie}")).to_be_visible()
    expect(page.locator(".waarneming")).to_have_text(WAARNEMING)
    expect(page.locator(".melder")).to_have_text("Niet gedeeld onder het convenant")
    detail_url = page.url
    assert Inzage.objects.filter(signaal=signaal, door=agent).count() == 1

    # --- the convenant is ended in the register ---------------------------------------------
    regie_pagina.goto(f"{live_server.url}/beheer/netwerk/convenant/")
    rij = regie_pagina.get_by_role("row").filter(has_text="Convenant Zorg- en Veiligheidshuis")
    rij.get_by_role("checkbox").check()
    regie_pagina.get_by_role("combobox", name="Actie").select_option(
        label="Geselecteerde convenanten vandaag beëindigen"
    )
    regie_pagina.get_by_role("button", name="Uitvoeren").click()
    # Asked first, with what it ends; until then the partner still reads the signal.
    gevolgen = regie_pagina.locator(".regie-gevolgen")
    expect(gevolgen).to_contain_text("Dit raakt 1 partnerorganisatie")
    expect(gevolgen).to_contain_text("Politie basisteam Delft")
    expect(gevolgen).to_contain_text("actieve delingen: 1")
    assert page.goto(detail_url).status == 200
    regie_pagina.get_by_role("button", name="Ja, vandaag beëindigen").click()
    expect(regie_pagina.get_by_text("1 convenant beëindigd")).to_be_visible()

    # --- the partner, who still had the page open, is refused on the next request -----------
    antwoord = page.goto(detail_url)
    assert antwoord.status == 404
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Gedeelde signalen"
    ).click()
    expect(
        page.get_by_text("Er zijn (nu) geen signalen met uw organisatie gedeeld.")
    ).to_be_visible()
    expect(page.get_by_role("link", name=signaal.referentie)).to_have_count(0)

    # --- and the regisseur sees why -------------------------------------------------------------
    regie_pagina.goto(f"{live_server.url}/beheer/signalen/signaal/{signaal.pk}/change/")
    expect(regie_pagina.locator(".delingen table")).to_contain_text(
        re.compile(r"Ingetrokken op .*: Convenant niet meer van kracht")
    )
    assert csp_schendingen == []
