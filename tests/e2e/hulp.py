"""Shared steps of the browser tests."""

import re

import pyotp
from playwright.sync_api import expect

from tests.factories import WACHTWOORD


def inloggen(page, live_server, user):
    """Log in through the real login page; with a second factor, enter the TOTP code too."""
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    if getattr(user, "totp_secret", None):
        expect(page.get_by_text("Vul de code uit uw authenticator-app in")).to_be_visible()
        page.get_by_label("Code").fill(pyotp.TOTP(user.totp_secret).now())
        page.get_by_role("button", name="Inloggen").click()
    expect(page).not_to_have_url(re.compile(r"/account/"))
