"""A key person opens the personal link from the invitation e-mail, answers "Ja", sees the
confirmation, and the regisseur sees the count in /beheer/."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from berichten.services import openstaande_berichten_versturen
from bijeenkomsten import services
from tests.e2e.hulp import inloggen
from tests.factories import BijeenkomstFactory, NetwerkFactory, UserFactory, lid_van

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sleutelpersoon_antwoordt_ja_en_de_regisseur_ziet_het(
    live_server, page, regie_pagina, csp_schendingen, settings
):
    settings.SITE_URL = live_server.url
    netwerk = NetwerkFactory(naam="Strategisch netwerk sleutelpersonen", informeel=True)
    amina = lid_van(netwerk, voornaam="Amina", achternaam="Jama", email="amina@voorbeeld.nl")
    lid_van(netwerk, voornaam="Tesfay", achternaam="Gebre")
    bijeenkomst = BijeenkomstFactory(
        netwerk=netwerk, titel="Netwerkbijeenkomst sleutelpersonen", locatie="Buurthuis Voorhof"
    )
    services.uitnodigingen_versturen(bijeenkomst)
    mail.outbox.clear()
    assert openstaande_berichten_versturen() == 2
    email = next(m for m in mail.outbox if m.to == [amina.email])
    link = re.search(r"http://\S+/uitnodiging/\S+/", email.body).group(0)

    # --- the key person opens the link (no account) and answers ------------------------------
    page.goto(link)
    expect(page.get_by_role("heading", name="Netwerkbijeenkomst sleutelpersonen")).to_be_visible()
    expect(page.get_by_text("Buurthuis Voorhof")).to_be_visible()
    expect(page.get_by_text("Tesfay")).to_have_count(0)
    page.get_by_label("Ja, ik kom").check()
    page.get_by_label("Opmerking (niet verplicht)").fill("Ik neem mijn buurvrouw mee")
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.locator(".bevestiging")).to_contain_text("Uw antwoord is opgeslagen: Ja, ik kom.")
    expect(page.get_by_label("Ja, ik kom")).to_be_checked()

    # --- the regisseur sees the count ----------------------------------------------------------
    regisseur = UserFactory(regisseur=True, met_mfa=True)
    inloggen(regie_pagina, live_server, regisseur)
    regie_pagina.goto(
        f"{live_server.url}/beheer/bijeenkomsten/bijeenkomst/{bijeenkomst.pk}/change/"
    )
    expect(regie_pagina.locator(".antwoorden")).to_contain_text(
        "Ja: 1 · Misschien: 0 · Nee: 0 · Geen antwoord: 1"
    )
    expect(regie_pagina.get_by_text("Ik neem mijn buurvrouw mee")).to_be_visible()
    assert csp_schendingen == []
