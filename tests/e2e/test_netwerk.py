import re

import pytest
from playwright.sync_api import expect

from tests.factories import (
    WACHTWOORD,
    AandachtsfunctionarisFactory,
    NetwerkFactory,
    OrganisatieFactory,
    SleutelpersoonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _inloggen(page, live_server, user):
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()


def test_professional_vindt_een_collega_in_het_smoelenboek(live_server, page, csp_schendingen):
    formeel = NetwerkFactory(naam="Netwerk aandachtsfunctionarissen")
    AandachtsfunctionarisFactory(
        in_netwerk=formeel,
        persoon__voornaam="Noor",
        persoon__achternaam="Bakker",
        persoon__email="noor.bakker@jongerenwerk.example",
        functie="Jongerenwerker",
        organisatie=OrganisatieFactory(naam="Jongerenwerk Delft", domein="jongerenwerk"),
    )
    AandachtsfunctionarisFactory.create_batch(5, in_netwerk=formeel)
    SleutelpersoonFactory(persoon__voornaam="Verborgen", persoon__achternaam="Sleutel")
    professional = UserFactory(professional=True)

    _inloggen(page, live_server, professional)
    page.get_by_role("link", name="Smoelenboek", exact=True).click()
    expect(page.get_by_role("heading", name="Smoelenboek aandachtsfunctionarissen")).to_be_visible()
    page.get_by_label("Zoek op naam, organisatie of functie").fill("jongerenwerk")
    page.get_by_role("button", name="Zoek").click()
    expect(page).to_have_url(re.compile(r"zoek=jongerenwerk"))
    kaart = page.get_by_role("article").filter(has_text="Noor Bakker")
    expect(kaart).to_be_visible()
    expect(kaart.get_by_role("link", name="noor.bakker@jongerenwerk.example")).to_be_visible()
    expect(page.get_by_text("1 aandachtsfunctionaris gevonden.")).to_be_visible()
    expect(page.get_by_text("Verborgen")).to_have_count(0)
    assert csp_schendingen == []
