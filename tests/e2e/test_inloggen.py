import re

import pyotp
import pytest
from playwright.sync_api import expect

from tests.factories import WACHTWOORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_regisseur_logt_in_stelt_totp_in_en_komt_in_het_beheer(live_server, page, csp_schendingen):
    regisseur = UserFactory(regisseur=True, email="claire@gemeente.example")

    page.goto(f"{live_server.url}/beheer/")
    expect(page).to_have_url(re.compile(r"/account/login/"))
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    page.get_by_label("E-mailadres").fill(regisseur.email)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()

    # A regisseur without a second factor lands on the set-up page and can go nowhere else.
    expect(page).to_have_url(re.compile(r"/account/2fa/totp/activate/"))
    expect(page.get_by_text("tweestapsverificatie verplicht")).to_be_visible()
    geheim = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Code uit de authenticator-app").fill(pyotp.TOTP(geheim).now())
    page.get_by_role("button", name="Activeren").click()

    # Recovery codes are shown once; then on to /beheer/.
    expect(page).to_have_url(re.compile(r"/account/2fa/recovery-codes/"))
    page.goto(f"{live_server.url}/beheer/")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_role("heading", name="Accounts")).to_be_visible()
    assert csp_schendingen == []


def test_fout_wachtwoord_geeft_een_nederlandse_foutmelding(live_server, page, csp_schendingen):
    professional = UserFactory(professional=True)
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("E-mailadres").fill(professional.email)
    page.get_by_label("Wachtwoord").fill("helemaal-niet-juist")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Het e-mailadres en/of wachtwoord is niet juist.")).to_be_visible()
    # What was typed stays in the form.
    expect(page.get_by_label("E-mailadres")).to_have_value(professional.email)
    assert csp_schendingen == []


def test_skiplink_brengt_het_toetsenbord_naar_de_inhoud(live_server, page):
    page.goto(f"{live_server.url}/account/login/")
    page.keyboard.press("Tab")
    skiplink = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skiplink).to_be_focused()
    expect(skiplink).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#inhoud$"))
