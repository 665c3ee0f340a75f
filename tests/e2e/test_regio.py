"""A region in the browser (issue 18): a professional files a signal, the regisseur learns of a
possible match in another gemeente without any content, and the regiocoördinator sees the
region's figures, counts only."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from config.jaarverslag import standaardjaar
from regio.models import EERSTE_GEMEENTE, Gemeente
from regio.scope import gemeente_actief
from tests.factories import SignaalFactory, UserFactory, professional_met_persoon

from .hulp import inloggen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_een_overeenkomst_in_de_regio_en_de_cijfers_van_de_regio(
    live_server, page, regie_pagina, csp_schendingen
):
    Gemeente.objects.filter(pk=EERSTE_GEMEENTE).update(
        naam="Delft", doet_mee_aan_overeenkomsten=True
    )
    rijswijk = Gemeente.objects.create(naam="Rijswijk", doet_mee_aan_overeenkomsten=True)
    Gemeente.objects.create(naam="Leidschendam-Voorburg")
    with gemeente_actief(rijswijk.pk):
        UserFactory(regisseur=True, met_mfa=True, first_name="Ruud", email="ruud@rijswijk.example")
        SignaalFactory(persoon_naam="Jorien Klaassen", persoon_geboortedatum=date(2004, 5, 17))
    professional, _mens = professional_met_persoon()
    regisseur = UserFactory(regisseur=True, met_mfa=True, email="claire@delft.example")
    coordinator = UserFactory(regiocoordinator=True, met_mfa=True, email="rik@regio.example")

    # A professional of Delft files a signal about the same person.
    inloggen(page, live_server, professional)
    page.goto(f"{live_server.url}/signalen/nieuw/")
    page.get_by_label("Soort zorg").select_option(label="Polarisatie")
    page.get_by_label("Wat heeft u gezien of gehoord?").fill("Deelt filmpjes in de klasgroep.")
    page.get_by_label("Waar was dat?").fill("Op het schoolplein")
    page.get_by_label("Een persoon").check()
    page.get_by_label("Naam van de persoon").fill("Klaassen, Jorien")
    page.get_by_label("Geboortedatum").fill("2004-05-17")
    page.get_by_label("Wat is uw zorg?").fill("Hij lijkt zich af te sluiten.")
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_role("heading", name="Uw signaal is verstuurd")).to_be_visible()

    # Delft's regisseur sees the notice in the audit of regional matches: Rijswijk, no more.
    inloggen(regie_pagina, live_server, regisseur)
    regie_pagina.goto(f"{live_server.url}/beheer/signalen/regionaleovereenkomst/")
    rij = regie_pagina.locator("#result_list tbody tr")
    expect(rij).to_have_count(1)
    expect(rij).to_contain_text("Rijswijk")
    expect(rij).not_to_contain_text("Jorien")

    # The regiocoördinator: the region's figures through the menu, counts only.
    page.goto(f"{live_server.url}/account/logout/")
    page.get_by_role("button", name="Uitloggen").click()
    inloggen(page, live_server, coordinator)
    page.get_by_role("link", name="Regio", exact=True).click()
    # The year the yearly report opens with.
    jaar = standaardjaar(timezone.localdate())
    expect(page.get_by_role("heading", name=f"Cijfers van de regio, {jaar}")).to_be_visible()
    tabel = page.get_by_role("table")
    for naam in ("Delft", "Rijswijk", "Leidschendam-Voorburg", "Regio (3 gemeenten)"):
        expect(tabel.get_by_role("rowheader", name=naam)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Jorien")
    # Nothing of a gemeente itself.
    page.goto(f"{live_server.url}/netwerk/smoelenboek/")
    expect(page.get_by_role("heading", name="Geen toegang")).to_be_visible()
    assert csp_schendingen == []
