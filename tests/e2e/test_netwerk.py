import re

import pytest
from playwright.sync_api import expect

from tests.factories import (
    WACHTWOORD,
    AandachtsfunctionarisFactory,
    NetwerkFactory,
    OrganisatieFactory,
    PersoonFactory,
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


def test_regisseur_importeert_een_spreadsheet_en_vindt_een_persoon(
    live_server, page, csp_schendingen, tmp_path
):
    import openpyxl
    import pyotp

    NetwerkFactory(naam="Netwerk aandachtsfunctionarissen Delft")
    OrganisatieFactory(naam="Vermeer Lyceum", domein="onderwijs")
    regisseur = UserFactory(regisseur=True, met_mfa=True)
    boek = openpyxl.Workbook()
    boek.active.append(["Voornaam", "Achternaam", "E-mailadres", "Organisatie", "Functie",
                        "Netwerk"])  # fmt: skip
    boek.active.append(["Lieke", "Vos", "lieke.vos@vermeer.example", "Vermeer Lyceum",
                        "Zorgcoördinator", "Netwerk aandachtsfunctionarissen Delft"])  # fmt: skip
    boek.active.append(["Daan", "Smit", "daan.smit@vermeer.example", "Vermeer Lyceum",
                        "Mentor", ""])  # fmt: skip
    bestand = tmp_path / "aandachtsfunctionarissen.xlsx"
    boek.save(bestand)

    _inloggen(page, live_server, regisseur)
    expect(page.get_by_text("Vul de code uit uw authenticator-app in")).to_be_visible()
    page.get_by_label("Code").fill(pyotp.TOTP(regisseur.totp_secret).now())
    page.get_by_role("button", name="Inloggen").click()
    expect(page).not_to_have_url(re.compile(r"/account/"))  # logged in before going on
    page.goto(f"{live_server.url}/beheer/")
    page.get_by_role("link", name="Personen", exact=True).first.click()
    page.get_by_role("link", name="Importeren").click()
    page.get_by_label("Bestand").set_input_files(bestand)
    page.get_by_role("button", name="Controleren").click()

    expect(page.get_by_text("2 nieuw, 0 bijgewerkt, 0 ongewijzigd.")).to_be_visible()
    expect(page.get_by_role("cell", name="Lieke", exact=True)).to_be_visible()
    page.get_by_role("button", name="Import bevestigen en opslaan").click()

    page.get_by_role("searchbox").fill("lieke")
    page.keyboard.press("Enter")
    rij = page.get_by_role("row").filter(has_text="lieke.vos@vermeer.example")
    expect(rij).to_be_visible()
    expect(rij).to_contain_text("Vermeer Lyceum")
    rij.get_by_role("link", name="Lieke Vos").click()
    expect(page.get_by_role("heading", name="Rollen als aandachtsfunctionaris")).to_be_visible()
    functie = page.locator("input[name='aandachtsfunctionarisrollen-0-functie']")
    expect(functie).to_have_value("Zorgcoördinator")
    assert csp_schendingen == []


def test_regisseur_ziet_een_naamswijziging_in_het_importvoorbeeld(
    live_server, page, csp_schendingen, tmp_path
):
    import pyotp

    from netwerk.models import Persoon

    regisseur = UserFactory(regisseur=True, met_mfa=True)
    bram = PersoonFactory(
        voornaam="Bram", tussenvoegsel="van der", achternaam="Heijden", email="bram@delft.example"
    )
    bestand = tmp_path / "personen.csv"
    bestand.write_text(
        "voornaam;tussenvoegsel;achternaam;email\nSanne;;de Wit;BRAM@delft.example\n"
    )

    _inloggen(page, live_server, regisseur)
    page.get_by_label("Code").fill(pyotp.TOTP(regisseur.totp_secret).now())
    page.get_by_role("button", name="Inloggen").click()
    expect(page).not_to_have_url(re.compile(r"/account/"))
    page.goto(f"{live_server.url}/beheer/netwerk/persoon/import/")
    page.get_by_label("Bestand").set_input_files(bestand)
    page.get_by_role("button", name="Controleren").click()

    expect(
        page.get_by_role(
            "heading", name="Let op: bij 1 rij wijzigt de naam van een bestaande persoon."
        )
    ).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Naam wijzigt")).to_contain_text("de Wit")
    page.get_by_label("Ik heb de naamswijzigingen gecontroleerd").check()
    page.get_by_role("button", name="Import bevestigen en opslaan").click()

    expect(
        page.get_by_text("Import opgeslagen: 0 nieuw, 1 bijgewerkt, 0 ongewijzigd.")
    ).to_be_visible()
    assert Persoon.objects.get(pk=bram.pk).volledige_naam == "Sanne de Wit"
    assert csp_schendingen == []
