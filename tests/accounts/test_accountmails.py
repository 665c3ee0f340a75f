"""The account mails from allauth speak the product's formal Dutch ("u"), not the library's
generic English or informal texts, and never invite anyone to sign up."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INFORMEEL = re.compile(r"\b(je|jij|jouw|Hallo|Hello|Thank you|sign up)\b", re.IGNORECASE)


def _vraag_nieuw_wachtwoord(client, email):
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": email})
    (bericht,) = mail.outbox
    return bericht


def test_wachtwoordmail_is_formeel_nederlands(client):
    user = UserFactory(professional=True)
    bericht = _vraag_nieuw_wachtwoord(client, user.email)
    assert bericht.subject == "[Netwerkregie] Een nieuw wachtwoord instellen"
    assert bericht.body.startswith("Beste gebruiker van Netwerkregie,")
    assert "Met deze link stelt u een nieuw wachtwoord in" in bericht.body
    assert "/account/password/reset/key/" in bericht.body
    assert not INFORMEEL.search(bericht.body), INFORMEEL.search(bericht.body)


def test_onbekend_adres_krijgt_geen_aanmeldlink(client):
    bericht = _vraag_nieuw_wachtwoord(client, "niemand@voorbeeld.nl")
    assert bericht.subject == "[Netwerkregie] Geen account bij dit e-mailadres"
    assert "u kunt zich niet zelf aanmelden" in bericht.body
    assert "signup" not in bericht.body and "http" not in bericht.body
    assert not INFORMEEL.search(bericht.body)
