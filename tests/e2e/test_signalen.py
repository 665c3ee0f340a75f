"""A signal from the reporting form through the regisseur's case flow and back to the reporter.

One story in two browsers side by side: the professional (reporter) and the regisseur in
/beheer/. The e-mail the reporter gets goes through the outbox (berichten); no Celery worker
runs here, so the test thread runs the outbox sweep itself.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from berichten.models import Bericht
from berichten.services import openstaande_berichten_versturen
from signalen.models import Signaal
from tests.conftest import link_uit_mail
from tests.e2e.hulp import inloggen
from tests.factories import (
    AandachtsfunctionarisFactory,
    OrganisatieFactory,
    PersoonFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WAARNEMING = "Een leerling deelt in de klasgroep filmpjes waarin geweld wordt verheerlijkt."
PERSOON = "Jesse de Wit"
WAAR = "Op school, in de klasgroep"
ZORG = "Hij trekt zich terug en praat steeds vaker over 'wij tegen zij'."
VRAAG = "Sinds wanneer ziet u deze verandering bij de leerling?"
ANTWOORD = "Sinds de kerstvakantie, dus ongeveer drie maanden."
WEGINGSNOTITIE = "Intern: overleggen met de wijkagent voor de weging."


def _verplaatsen(pagina, referentie, naar, notitie=""):
    """Use the move form on the signal's page in /beheer/ and see the phase it reached. A note
    stays internal: "De melder mag deze notitie lezen" is left unchecked."""
    pagina.get_by_role("combobox", name="Naar fase").select_option(label=naar)
    if notitie:
        pagina.get_by_role("textbox", name="Notitie").fill(notitie)
    expect(
        pagina.get_by_role("checkbox", name="De melder mag deze notitie lezen")
    ).not_to_be_checked()
    pagina.get_by_role("button", name="Verplaatsen").click()
    expect(
        pagina.get_by_text(f"{referentie} staat nu in de fase ‘{naar}’."),
        "'Verplaatsen' moet het verplaatsformulier versturen (naar .../verplaatsen/), "
        "niet het wijzigformulier van de admin waar het in genest staat",
    ).to_be_visible()
    expect(pagina.get_by_role("heading", name=f"Fase: {naar}")).to_be_visible()


def test_signaal_van_melding_via_vraag_en_antwoord_naar_weging(
    live_server, page, regie_pagina, csp_schendingen
):
    organisatie = OrganisatieFactory(naam="Grotius College", domein="onderwijs")
    melder = UserFactory(
        professional=True,
        first_name="Fenna",
        last_name="Hoekstra",
        email="f.hoekstra@grotius.example",
    )
    AandachtsfunctionarisFactory(
        persoon=PersoonFactory(
            account=melder, email=melder.email, voornaam="Fenna", achternaam="Hoekstra"
        ),
        organisatie=organisatie,
    )
    regisseur = UserFactory(regisseur=True, met_mfa=True, first_name="Claire", last_name="Vos")

    # --- 1. The professional files a signal; a missing observation is refused, nothing lost --
    inloggen(page, live_server, melder)
    page.get_by_role("link", name="Signaal doorgeven", exact=True).click()
    expect(page).to_have_url(re.compile(r"/signalen/nieuw/$"))
    expect(page.get_by_role("note")).to_contain_text("Is er acuut gevaar? Bel dan direct 112.")

    page.get_by_label("Soort zorg").select_option(label="Polarisatie")
    page.get_by_label("Waar was dat?").fill(WAAR)
    page.get_by_label("Een persoon").check()
    page.get_by_label("Naam van de persoon").fill(PERSOON)
    page.get_by_label("Wat is uw zorg?").fill(ZORG)
    page.get_by_role("button", name="Signaal versturen").click()

    fout = page.get_by_role("alert")
    expect(fout).to_contain_text("Het signaal is nog niet verstuurd")
    expect(fout).to_be_focused()
    waarneming = page.get_by_label("Wat heeft u gezien of gehoord?")
    expect(waarneming).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Dit veld is verplicht.")).to_be_visible()
    # What was typed stayed.
    expect(page.get_by_label("Soort zorg")).to_have_value("polarisatie")
    expect(page.get_by_label("Waar was dat?")).to_have_value(WAAR)
    expect(page.get_by_label("Een persoon")).to_be_checked()
    expect(page.get_by_label("Naam van de persoon")).to_have_value(PERSOON)
    expect(page.get_by_label("Wat is uw zorg?")).to_have_value(ZORG)
    assert not Signaal.objects.exists()

    waarneming.fill(WAARNEMING)
    page.get_by_role("button", name="Signaal versturen").click()

    expect(page.get_by_role("heading", name="Uw signaal is verstuurd")).to_be_visible()
    referentie = f"S-{timezone.localdate().year}-0001"
    expect(page.locator(".referentie")).to_have_text(referentie)
    expect(page.get_by_role("heading", name="Wat gebeurt er nu?")).to_be_visible()
    signaal = Signaal.objects.get()
    assert signaal.referentie == referentie
    assert signaal.melder == melder
    assert signaal.melder_organisatie == organisatie
    assert signaal.waarneming == WAARNEMING

    # --- 2. The regisseur takes it up in /beheer/ and asks the reporter a question ----------
    inloggen(regie_pagina, live_server, regisseur)
    regie_pagina.goto(f"{live_server.url}/beheer/")
    expect(regie_pagina.get_by_role("heading", name="Dashboard")).to_be_visible()
    paneel = regie_pagina.get_by_role("region", name="Signalen")
    expect(paneel.get_by_role("row", name="Ingediend")).to_contain_text("1")
    paneel.get_by_role("link", name="Alle signalen").click()
    regie_pagina.get_by_role("link", name=referentie, exact=True).click()
    expect(regie_pagina.get_by_role("heading", name="Fase: Ingediend")).to_be_visible()
    expect(regie_pagina.get_by_text(WAARNEMING)).to_be_visible()

    _verplaatsen(regie_pagina, referentie, "In behandeling")

    _verplaatsen(regie_pagina, referentie, "Aanvulling gevraagd", notitie=VRAAG)

    # --- 3. The reporter gets an e-mail with only a link: no content, no names ---------------
    bericht = Bericht.objects.get(soort="signalen.aanvulling_gevraagd")
    assert bericht.aan == melder.email
    mail.outbox.clear()
    assert openstaande_berichten_versturen() == 1
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.VERSTUURD
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [melder.email]
    inhoud = f"{email.subject}\n{email.body}"
    for geheim in (
        referentie,  # the outbox, which the beheerder reads, must not tie it to the reporter
        WAARNEMING,
        PERSOON,
        "Jesse",
        WAAR,
        ZORG,
        VRAAG,
        "Polarisatie",
        "Fenna",
        "Hoekstra",
        "Claire",
        "Vos",
        organisatie.naam,
    ):
        assert geheim not in inhoud, f"{geheim!r} staat in de e-mail"
    link = link_uit_mail(email)
    assert urlsplit(link).path == "/signalen/mijn/"
    assert urlsplit(link).query == "fase=aanvulling_gevraagd"

    # --- 4. The reporter reads the question under "Mijn signalen" and answers it ------------
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Mijn signalen", exact=True
    ).click()
    expect(page.get_by_role("heading", name="Mijn signalen", exact=True)).to_be_visible()
    kaart = page.get_by_role("article").filter(has_text=referentie)
    expect(kaart.locator(".fase")).to_have_text("Aanvulling gevraagd")
    kaart.get_by_text("1 bericht in het verloop").click()
    expect(kaart.get_by_text(VRAAG)).to_be_visible()
    kaart.get_by_role("link", name="Er is een vraag aan u").click()

    expect(page.get_by_role("heading", name=f"Signaal {referentie}")).to_be_visible()
    vraag = page.locator("#vraag")
    expect(vraag.get_by_role("heading", name="Vraag van de netwerkregisseur")).to_be_visible()
    expect(vraag.get_by_text(VRAAG)).to_be_visible()
    vraag.get_by_label("Uw antwoord").fill(ANTWOORD)
    vraag.get_by_role("button", name="Antwoord versturen").click()

    expect(
        page.get_by_text("Dank u. Uw antwoord is verstuurd naar de netwerkregisseur.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Fase: In behandeling")).to_be_visible()
    expect(page.locator("#vraag")).to_have_count(0)
    verloop = page.locator(".verloop")
    antwoord_stap = verloop.get_by_role("listitem").filter(has_text="Uw antwoord")
    expect(antwoord_stap).to_contain_text(ANTWOORD)

    # --- The regisseur weighs the signal with an internal note the reporter never reads ------
    regie_pagina.reload()
    expect(regie_pagina.get_by_role("heading", name="Fase: In behandeling")).to_be_visible()
    expect(regie_pagina.get_by_text(ANTWOORD)).to_be_visible()
    _verplaatsen(regie_pagina, referentie, "Weging", notitie=WEGINGSNOTITIE)
    expect(regie_pagina.get_by_text(WEGINGSNOTITIE)).to_be_visible()  # the regisseur does

    page.reload()
    expect(page.get_by_role("heading", name="Fase: Weging")).to_be_visible()
    expect(verloop.get_by_role("listitem").filter(has_text="Weging")).to_have_count(1)
    expect(antwoord_stap).to_contain_text(ANTWOORD)
    expect(page.get_by_text(WEGINGSNOTITIE)).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("wijkagent")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Mijn signalen", exact=True
    ).click()
    kaart = page.get_by_role("article").filter(has_text=referentie)
    expect(kaart.locator(".fase")).to_have_text("Weging")
    expect(page.locator("body")).not_to_contain_text("wijkagent")

    assert csp_schendingen == []
