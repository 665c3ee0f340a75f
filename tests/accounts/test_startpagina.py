"""After logging in, each role lands where its work is (unless a page was asked for)."""

import pyotp
import pytest
from django.urls import reverse

from tests.factories import WACHTWOORD, UserFactory

pytestmark = pytest.mark.django_db


def _inloggen(client, user, volgende=None):
    url = reverse("account_login") + (f"?next={volgende}" if volgende else "")
    antwoord = client.post(url, {"login": user.email, "password": WACHTWOORD})
    if antwoord.get("Location", "").startswith(reverse("mfa_authenticate")):
        antwoord = client.post(
            reverse("mfa_authenticate"), {"code": pyotp.TOTP(user.totp_secret).now()}
        )
    assert antwoord.status_code == 302, antwoord.content.decode()[:500]
    return antwoord["Location"]


@pytest.mark.parametrize(
    ("rol", "bestemming"),
    [
        ("regisseur", "admin:index"),
        ("beheerder", "admin:index"),
        ("partner", "signalen:gedeeld"),
        ("professional", "home"),
    ],
)
def test_elke_rol_komt_na_het_inloggen_bij_zijn_werk(client, rol, bestemming):
    user = UserFactory(**{rol: True}, met_mfa=rol != "professional")
    assert _inloggen(client, user) == reverse(bestemming)
    assert client.get(reverse(bestemming)).status_code == 200


def test_een_gevraagde_pagina_gaat_voor(client):
    regisseur = UserFactory(regisseur=True, met_mfa=True)
    gevraagd = reverse("admin:signalen_signaal_changelist")
    assert _inloggen(client, regisseur, gevraagd) == gevraagd
