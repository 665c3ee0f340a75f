"""A professional finds a full training, puts herself on the waiting list; the one who had the
place cancels through the personal link in his e-mail (another browser, no login); she moves up,
sees it on "Mijn trainingen" and gets the message "Er is een plaats voor u"."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from berichten.models import Bericht
from berichten.services import openstaande_berichten_versturen
from tests.e2e.hulp import inloggen
from tests.factories import UserFactory, af_bij, editie, soort
from trainingen import services
from trainingen.models import Inschrijving, InschrijvingStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_van_de_wachtlijst_doorgeschoven(
    live_server, page, tweede_pagina, csp_schendingen, settings
):
    settings.SITE_URL = live_server.url
    # transaction=True flushed the data migration's kinds: the factory makes the basic one again.
    basis = soort("basistraining", doelgroep="Aandachtsfunctionarissen")
    training = editie(
        basis,
        dagen=3,
        capaciteit=1,
        titel="Basistraining radicalisering voorjaar",
        locatie="Trainingscentrum De Brug",
        trainer="Mw. S. de Wit",
    )
    editie(basis, titel="Basistraining najaar", capaciteit=12, over=60)
    tesfay = af_bij(voornaam="Tesfay", achternaam="Gebre", email="tesfay@voorbeeld.nl")
    services.persoon_inschrijven(training, tesfay)
    user = UserFactory(professional=True, email="fatima@voorbeeld.nl")
    fatima = af_bij(voornaam="Fatima", achternaam="El Idrissi", email="fatima.af@voorbeeld.nl")
    fatima.account = user
    fatima.save()

    # --- she finds the full training and joins the waiting list ------------------------------
    inloggen(page, live_server, user)
    page.get_by_role("link", name="Trainingen", exact=True).click()
    expect(page.get_by_role("heading", name="Trainingen", exact=True)).to_be_visible()
    kaart = page.locator("article.editie", has_text="Basistraining radicalisering voorjaar")
    expect(kaart).to_contain_text("Vol — nog niemand op de wachtlijst")
    expect(page.locator("article.editie", has_text="Basistraining najaar")).to_contain_text(
        "12 van 12 plaatsen vrij"
    )
    kaart.get_by_role("link", name="Basistraining radicalisering voorjaar").click()
    expect(page.get_by_text("Mw. S. de Wit")).to_be_visible()
    expect(page.get_by_text("Tesfay")).to_have_count(0)  # never the other participants
    page.get_by_role("button", name="Op de wachtlijst").click()
    expect(page.locator(".meldingen")).to_contain_text(
        "Deze training is vol. U staat op de wachtlijst, op plaats 1."
    )
    expect(page.locator(".eigen-status")).to_have_text("Op de wachtlijst, plaats 1")

    # --- Tesfay cancels through the link in his e-mail, in another browser -------------------
    mail.outbox.clear()
    assert openstaande_berichten_versturen() == 2  # his place, her waiting place
    email = next(m for m in mail.outbox if m.to == [tesfay.email])
    link = re.search(r"http://\S+/trainingen/inschrijving/\S+/", email.body).group(0)
    tweede_pagina.goto(link)
    expect(tweede_pagina.locator(".eigen-status")).to_have_text("U bent ingeschreven")
    expect(tweede_pagina.get_by_text("Fatima")).to_have_count(0)
    tweede_pagina.get_by_role("button", name="Afmelden").click()
    expect(tweede_pagina.get_by_text("Vink ‘Ja, ik meld mij af’ aan")).to_be_visible()
    tweede_pagina.get_by_label("Ja, ik meld mij af").check()
    tweede_pagina.get_by_role("button", name="Afmelden").click()
    expect(tweede_pagina.locator(".bevestiging")).to_contain_text("U bent afgemeld.")

    # --- she has his place --------------------------------------------------------------------
    page.get_by_role("link", name="Mijn trainingen", exact=True).click()
    gepland = page.locator("section.gepland")
    expect(gepland).to_contain_text("Basistraining radicalisering voorjaar")
    expect(gepland.locator(".eigen-status")).to_have_text("U bent ingeschreven")
    expect(page.locator("section.nodig")).to_contain_text("U staat ingepland:")
    page.get_by_role("link", name="Basistraining radicalisering voorjaar").first.click()
    expect(page.locator(".eigen-status")).to_have_text("U bent ingeschreven")
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()

    ins = Inschrijving.objects.get(editie=training, persoon=fatima)
    assert ins.status == InschrijvingStatus.INGESCHREVEN and ins.doorgeschoven_op is not None
    assert Bericht.objects.filter(aan=fatima.email, soort="trainingen.doorgeschoven").count() == 1
    mail.outbox.clear()
    openstaande_berichten_versturen()
    (bericht,) = [m for m in mail.outbox if m.to == [fatima.email]]
    assert bericht.subject == "Er is een plaats voor u: Basistraining radicalisering voorjaar"
    assert "er is een plaats vrijgekomen" in bericht.body
    assert [a[0] for a in bericht.attachments] == ["dag-1.ics", "dag-2.ics", "dag-3.ics"]
    assert csp_schendingen == []


def test_twee_formulieren_op_de_editiepagina_vragen_voor_er_iets_verloren_gaat(
    live_server, page, csp_schendingen
):
    """The trainer is typed in the edition's form, a tick set in the attendance grid; the grid's
    button would drop the trainer. The page asks first; "Annuleren" keeps both on the page."""
    from tests.trainingen.test_beheer import _begonnen

    basis = soort("basistraining")
    training = editie(basis, dagen=1, titel="Basistraining januari", trainer="")
    deelnemer = af_bij(voornaam="Noor", achternaam="Vissers")
    services.persoon_inschrijven(training, deelnemer)
    _begonnen(training)
    regisseur = UserFactory(regisseur=True, met_mfa=True, email="regie@voorbeeld.nl")
    inloggen(page, live_server, regisseur)
    page.goto(f"{live_server.url}/beheer/trainingen/editie/{training.pk}/change/")

    page.get_by_label("Trainer").fill("Dhr. K. Bakker")
    page.get_by_label("Noor Vissers was aanwezig op dag 1").check()
    vragen = []

    def weigeren(dialoog):
        vragen.append(dialoog.message)
        dialoog.dismiss()

    page.once("dialog", weigeren)
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    expect(page.get_by_label("Trainer")).to_have_value("Dhr. K. Bakker")
    assert vragen and "nog niet is opgeslagen" in vragen[0]
    training.refresh_from_db()
    assert training.trainer == ""

    # Saving the edition's form now asks too (the tick would go); going on saves the trainer.
    page.once("dialog", lambda dialoog: vragen.append(dialoog.message) or dialoog.accept())
    page.get_by_role("button", name="Opslaan en opnieuw bewerken").click()
    expect(page.locator(".messagelist")).to_contain_text("gewijzigd")
    assert len(vragen) == 2
    training.refresh_from_db()
    assert training.trainer == "Dhr. K. Bakker"
    # On the fresh page only the grid changes: no question.
    page.once("dialog", lambda dialoog: vragen.append(dialoog.message) or dialoog.dismiss())
    page.get_by_label("Noor Vissers was aanwezig op dag 1").check()
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    expect(page.locator(".messagelist")).to_contain_text("De aanwezigheid is opgeslagen")
    assert len(vragen) == 2
    assert training.inschrijvingen.get(persoon=deelnemer).voltooid_op is not None
    assert csp_schendingen == []
