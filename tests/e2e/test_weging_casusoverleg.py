"""Issue 20 in the browser: the regisseur weighs a signal with the police, the police's partner
confirms (four eyes), the regisseur puts it on a case meeting, records the decision and an
action, and the signal comes back for review when its date has come."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from signalen import delen
from signalen.models import Signaal
from tests.factories import (
    ConvenantFactory,
    OrganisatieFactory,
    SignaalFactory,
    UserFactory,
    gemeente,
    partner_bij,
)

from .hulp import inloggen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_wegen_bevestigen_casusoverleg_en_herzien(live_server, page, regie_pagina, csp_schendingen):
    gemeente()
    politie = OrganisatieFactory(naam="Politie basisteam Delft", domein="politie")
    ConvenantFactory(partijen=[politie])
    regisseur = UserFactory(regisseur=True, met_mfa=True, first_name="Rita", last_name="Regie")
    agent = partner_bij(politie, first_name="Wim", last_name="Agent")
    signaal = SignaalFactory(fase="weging", door=regisseur, categorie="radicalisering")
    delen.signaal_delen(signaal=signaal, organisatie=politie, door=regisseur)
    ref = signaal.referentie
    url = live_server.url

    # The regisseur weighs, with the police taking part.
    inloggen(regie_pagina, live_server, regisseur)
    regie_pagina.goto(f"{url}/weging/{ref}/")
    regie_pagina.get_by_role("button", name="Weging starten").click()
    antwoorden = regie_pagina.locator("input.antwoord[value=niet_aanwezig]")
    for i in range(antwoorden.count()):
        antwoorden.nth(i).check()
    regie_pagina.locator("input.antwoord[value=aanwezig]").first.check()
    regie_pagina.get_by_label("Toelichting").first.fill("Deelt dagelijks filmpjes.")
    regie_pagina.get_by_label("Politie basisteam Delft").check()
    regie_pagina.get_by_label("Naar het casusoverleg").check()
    regie_pagina.get_by_label("Onderbouwing van de uitkomst").fill(
        "Samen met de politie bespreken."
    )
    regie_pagina.get_by_role("button", name="Indienen ter bevestiging").click()
    expect(regie_pagina.get_by_role("status")).to_contain_text("De weging staat ter bevestiging")
    versie = regie_pagina.url.removeprefix(url)
    signaal.refresh_from_db()
    assert signaal.fase == "weging"  # nothing takes effect before the second assessor

    # The police's partner confirms: only then does the signal move.
    inloggen(page, live_server, agent)
    page.goto(f"{url}{versie}")
    expect(page.locator("main")).to_contain_text("Samen met de politie bespreken.")
    page.get_by_role("button", name="Weging bevestigen").click()
    signaal.refresh_from_db()
    assert signaal.fase == "casusoverleg"

    # The case meeting: planned with the police's partner, the signal on its agenda.
    regie_pagina.goto(f"{url}/casusoverleg/nieuw/")
    datum = (timezone.localdate() + timedelta(days=7)).isoformat()
    regie_pagina.get_by_label("Titel").fill("Casusoverleg Veiligheidshuis")
    regie_pagina.get_by_label("Datum").fill(datum)
    regie_pagina.get_by_label("Begintijd").fill("10:00")
    regie_pagina.get_by_label("Eindtijd").fill("12:00")
    regie_pagina.get_by_label("Plaats").fill("Veiligheidshuis Haaglanden")
    regie_pagina.get_by_label("Wim Agent").check()
    regie_pagina.get_by_role("button", name="Plannen en uitnodigen").click()
    regie_pagina.get_by_label("Signaal op de agenda zetten").select_option(value=ref)
    regie_pagina.get_by_role("button", name="Op de agenda").click()
    regie_pagina.get_by_role("link", name=ref).click()

    # The decision (monitoring, with a review date) and an action for the police.
    herzien = (timezone.localdate() + timedelta(days=30)).isoformat()
    regie_pagina.get_by_label("Monitoren", exact=True).check()
    regie_pagina.get_by_label("Volgende bespreking of herziening").fill(herzien)
    regie_pagina.get_by_role("button", name="Besluit vastleggen").click()
    expect(regie_pagina.locator(".besluit-tekst")).to_contain_text("Monitoren")
    actie = regie_pagina.locator(".actie-form")
    actie.get_by_label("Actie").fill("Huisbezoek met de wijkagent")
    actie.get_by_label("Wie (organisatie)").select_option(label="Politie basisteam Delft")
    actie.get_by_label("Uiterlijk").fill(datum)
    regie_pagina.get_by_role("button", name="Actie toevoegen").click()
    expect(regie_pagina.locator("main")).to_contain_text("Huisbezoek met de wijkagent")
    signaal.refresh_from_db()
    assert signaal.fase == "monitoren" and signaal.herzien_op.isoformat() == herzien

    # The police's partner sees the meeting with this item.
    page.goto(f"{url}/casusoverleg/")
    page.get_by_role("link", name="Casusoverleg Veiligheidshuis").first.click()
    expect(page.get_by_role("link", name=ref)).to_be_visible()

    # The review date has come: the signal comes back, and is weighed again.
    Signaal.objects.filter(pk=signaal.pk).update(herzien_op=timezone.localdate())
    regie_pagina.goto(f"{url}/weging/{ref}/")
    regie_pagina.get_by_role("button", name="Opnieuw wegen").click()
    expect(regie_pagina.locator(".fase")).to_have_text("Weging")
    assert csp_schendingen == []
