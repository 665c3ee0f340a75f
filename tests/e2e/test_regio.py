"""A region in the browser (issue 18): a professional files a signal, the regisseur learns of a
possible match in another gemeente without any content, and the regiocoördinator sees the
region's figures, counts only."""

from datetime import date, timedelta

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


def test_een_partner_van_twee_gemeenten_wisselt_en_ziet_elke_gemeente_apart(
    live_server, page, csp_schendingen
):
    from netwerk.convenanten import partner_koppelen
    from signalen import delen
    from tests.factories import ConvenantFactory, OrganisatieFactory, gemeente, partner_bij

    Gemeente.objects.filter(pk=EERSTE_GEMEENTE).update(naam="Delft")
    gemeente()
    politie = OrganisatieFactory(naam="Politie Haaglanden", domein="politie")
    ConvenantFactory(partijen=[politie])
    regisseur = UserFactory(regisseur=True, met_mfa=True)
    agent = partner_bij(politie, email="agent@politie.example", first_name="Anton")
    delft = SignaalFactory(categorie="radicalisering", waarneming="Filmpjes op het schoolplein.")
    delen.signaal_delen(signaal=delft, organisatie=politie, door=regisseur)
    rijswijk = Gemeente.objects.create(naam="Rijswijk")
    with gemeente_actief(rijswijk.pk):
        OrganisatieFactory(naam="Gemeente Rijswijk", domein="gemeente", is_gemeente=True)
        politie_r = OrganisatieFactory(naam="Politie Haaglanden", domein="politie")
        ConvenantFactory(partijen=[politie_r])
        partner_koppelen(user=agent, organisatie=politie_r)
        regisseur_r = UserFactory(regisseur=True, met_mfa=True)
        ander = SignaalFactory(categorie="radicalisering", waarneming="Pamfletten bij de moskee.")
        delen.signaal_delen(signaal=ander, organisatie=politie_r, door=regisseur_r)

    inloggen(page, live_server, agent)
    page.goto(f"{live_server.url}/signalen/gedeeld/")
    expect(page.get_by_role("button", name="Gemeente: Delft")).to_be_visible()
    page.get_by_role("link", name=delft.referentie).click()
    expect(page.locator("main")).to_contain_text("Filmpjes op het schoolplein.")
    expect(page.locator("main")).not_to_contain_text("Pamfletten")

    page.get_by_role("button", name="Gemeente: Delft").click()
    page.get_by_role("button", name="Rijswijk").click()
    expect(page.get_by_role("button", name="Gemeente: Rijswijk")).to_be_visible()
    page.goto(f"{live_server.url}/signalen/gedeeld/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("van gemeente Rijswijk")
    page.get_by_role("link", name=ander.referentie).click()
    expect(page.locator("main")).to_contain_text("Pamfletten bij de moskee.")
    expect(page.locator("main")).not_to_contain_text("Filmpjes")
    assert csp_schendingen == []


def test_een_regionale_training_met_plaatsen_per_gemeente(
    live_server, page, regie_pagina, csp_schendingen
):
    """The coördinator offers a training to two of three gemeenten with places each; a
    professional of Delft signs up on Delft's own edition; Delft's regisseur sees it among their
    editions with the region's fields read-only; the coördinator sees counts, no names."""
    Gemeente.objects.filter(pk=EERSTE_GEMEENTE).update(naam="Delft")
    rijswijk = Gemeente.objects.create(naam="Rijswijk")
    Gemeente.objects.create(naam="Leidschendam-Voorburg")
    with gemeente_actief(rijswijk.pk):
        UserFactory(regisseur=True, met_mfa=True, email="ruud@rijswijk.example")
    professional, _mens = professional_met_persoon(voornaam="Tesfay", achternaam="Bekele")
    regisseur = UserFactory(regisseur=True, met_mfa=True, email="claire@delft.example")
    coordinator = UserFactory(regiocoordinator=True, met_mfa=True, email="rik@regio.example")
    datum = timezone.localdate() + timedelta(days=30)

    inloggen(page, live_server, coordinator)
    page.get_by_role("link", name="Regionale trainingen").click()
    page.get_by_role("link", name="Een training aanbieden").click()
    page.get_by_label("Soort training").select_option(label="Bewustwordingstraining")
    page.get_by_label("Titel").fill("Bewustwording Haaglanden")
    page.get_by_role("textbox", name="Plaats").fill("Provinciehuis, Den Haag")
    page.locator("#id_dagen-0-datum").fill(datum.isoformat())
    page.locator("#id_dagen-0-begintijd").fill("09:00")
    page.locator("#id_dagen-0-eindtijd").fill("12:00")
    # No gemeente chosen yet: a clear error, and nothing typed is lost.
    page.get_by_role("button", name="Aanbieden").click()
    expect(page.get_by_text("Bied de training aan minstens één gemeente aan")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("Bewustwording Haaglanden")
    page.get_by_label("Delft", exact=True).fill("1")
    page.get_by_label("Rijswijk", exact=True).fill("3")
    page.get_by_role("button", name="Aanbieden").click()
    expect(page.get_by_role("heading", name="Bewustwording Haaglanden")).to_be_visible()
    expect(page.get_by_text("Aangeboden aan Delft, Rijswijk")).to_be_visible()
    tabel = page.locator("table.per-gemeente")
    expect(tabel.get_by_role("rowheader", name="Delft")).to_be_visible()
    expect(tabel.get_by_role("rowheader", name="Leidschendam-Voorburg")).to_have_count(0)

    # A professional of Delft finds it in the offer and takes Delft's one place.
    inloggen(regie_pagina, live_server, professional)
    regie_pagina.goto(f"{live_server.url}/trainingen/")
    regie_pagina.get_by_role("link", name="Bewustwording Haaglanden").first.click()
    regie_pagina.get_by_role("button", name="Inschrijven").click()
    expect(regie_pagina.get_by_role("button", name="Afmelden")).to_be_visible()

    # Delft's regisseur: the edition is theirs, what the region decides is read-only.
    regie_pagina.goto(f"{live_server.url}/account/logout/")
    regie_pagina.get_by_role("button", name="Uitloggen").click()
    inloggen(regie_pagina, live_server, regisseur)
    regie_pagina.goto(f"{live_server.url}/beheer/trainingen/editie/")
    regie_pagina.get_by_role("link", name="Bewustwording Haaglanden").click()
    expect(regie_pagina.locator("#regionaal")).to_contain_text("regiocoördinator")
    expect(regie_pagina.locator("input[name=locatie]")).to_have_count(0)
    expect(regie_pagina.locator("#deelnemers")).to_contain_text("Bekele")

    # The coördinator: Delft's place is taken, counts only.
    page.reload()
    rij = page.locator("table.per-gemeente tbody tr", has_text="Delft")
    expect(rij).to_contain_text("1")
    expect(page.locator("main")).not_to_contain_text("Bekele")
    expect(page.locator("main")).not_to_contain_text("Tesfay")

    # One more place for Delft: the form keeps the day as it was, the change lands.
    page.get_by_role("link", name="Wijzigen: dagen, plaatsen, gemeenten").click()
    expect(page.locator("#id_dagen-0-datum")).to_have_value(datum.isoformat())
    page.get_by_label("Delft", exact=True).fill("2")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De regionale training is bijgewerkt.")).to_be_visible()
    expect(page.locator("table.per-gemeente tbody tr", has_text="Delft")).to_contain_text("2")
    assert csp_schendingen == []
