import re

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from tests.factories import WACHTWOORD, UserFactory

pytestmark = pytest.mark.django_db


def _geheim_van_de_pagina(html: str) -> str:
    gevonden = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', html)
    assert gevonden, "de pagina toont het geheim voor de authenticator-app niet"
    return gevonden.group(1)


@pytest.mark.parametrize("url_naam", ["home", "admin:index", "usersessions_list"])
def test_regisseur_zonder_mfa_komt_alleen_bij_het_instellen(login, regisseur_zonder_mfa, url_naam):
    client = login(regisseur_zonder_mfa)
    antwoord = client.get(reverse(url_naam))
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("mfa_activate_totp")


def test_partner_zonder_mfa_wordt_ook_naar_het_instellen_gestuurd(login):
    partner = UserFactory(partner=True)
    antwoord = login(partner).get(reverse("home"))
    assert antwoord["Location"] == reverse("mfa_activate_totp")


def test_professional_heeft_geen_mfa_nodig(login, professional):
    assert login(professional).get(reverse("home")).status_code == 200


def test_regisseur_stelt_totp_in_en_komt_daarna_in_het_beheer(echt_inloggen, regisseur_zonder_mfa):
    client = echt_inloggen(regisseur_zonder_mfa)
    pagina = client.get(reverse("mfa_activate_totp"))
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert "Authenticator" in html or "authenticator" in html
    geheim = _geheim_van_de_pagina(html)

    fout = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert "Deze code klopt niet" in fout.content.decode()
    assert not Authenticator.objects.filter(user=regisseur_zonder_mfa).exists()

    goed = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(geheim).now()})
    assert goed.status_code == 302
    # Recovery codes come with the authenticator app.
    assert set(
        Authenticator.objects.filter(user=regisseur_zonder_mfa).values_list("type", flat=True)
    ) == {"totp", "recovery_codes"}
    assert client.get(reverse("admin:index")).status_code == 200


def test_inloggen_met_mfa_vraagt_de_code(client, regisseur):
    antwoord = client.post(
        reverse("account_login"), {"login": regisseur.email, "password": WACHTWOORD}
    )
    assert antwoord["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(regisseur.totp_secret).now()})
    assert client.session["_auth_user_id"] == str(regisseur.pk)
    assert client.get(reverse("admin:index")).status_code == 200


def test_nieuwe_herstelcodes_beeindigen_de_andere_sessies(
    echt_inloggen, regisseur, django_capture_on_commit_callbacks
):
    elders = Client()
    elders.force_login(regisseur, backend="allauth.account.auth_backends.AuthenticationBackend")
    elders.get(reverse("home"))  # registers the session with allauth.usersessions
    hier = echt_inloggen(regisseur)

    # Regenerating the recovery codes is a change of second factor; it needs the password again.
    antwoord = hier.post(reverse("mfa_generate_recovery_codes"))
    assert antwoord["Location"].startswith(reverse("account_reauthenticate"))
    hier.post(reverse("account_reauthenticate"), {"password": WACHTWOORD})
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = hier.post(reverse("mfa_generate_recovery_codes"))
    assert antwoord["Location"] == reverse("mfa_view_recovery_codes")

    assert hier.get(reverse("home")).status_code == 200
    verlopen = elders.get(reverse("home"))
    assert verlopen.status_code == 302
    assert verlopen["Location"].startswith(reverse("account_login"))


def test_verplichte_tweestapsverificatie_kan_niet_uit(echt_inloggen, regisseur, professional):
    from allauth.mfa.models import Authenticator

    client = echt_inloggen(regisseur)
    # Switching off an older second factor asks for the password again first.
    client.post(reverse("account_reauthenticate"), {"password": WACHTWOORD})
    antwoord = client.post(reverse("mfa_deactivate_totp"))
    assert antwoord.status_code == 200, antwoord.get("Location")
    assert "tweestapsverificatie verplicht" in antwoord.content.decode()
    assert Authenticator.objects.filter(user=regisseur, type="totp").exists()


def test_na_het_instellen_uitleg_over_herstelcodes_en_een_weg_verder(
    echt_inloggen, regisseur_zonder_mfa
):
    client = echt_inloggen(regisseur_zonder_mfa)
    geheim = _geheim_van_de_pagina(client.get(reverse("mfa_activate_totp")).content.decode())
    antwoord = client.post(
        reverse("mfa_activate_totp"), {"code": pyotp.TOTP(geheim).now()}, follow=True
    )
    assert antwoord.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    html = antwoord.content.decode()
    assert "Bewaar deze herstelcodes" in html
    assert "Ik heb de codes bewaard: verder" in html
