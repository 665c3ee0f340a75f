"""Issue 14.7: failed logins are limited per account *and* client address. A stranger elsewhere
who types five wrong passwords for the regisseur's address is locked out of that account; the
regisseur at her own desk still logs in, password and authenticator code. The client address is
the trustworthy one (VERTROUWDE_PROXIES), never what the client writes in X-Forwarded-For."""

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import WACHTWOORD

pytestmark = pytest.mark.django_db

AANVALLER = "203.0.113.66"
BUREAU = "198.51.100.7"
PROXY = "10.0.0.2"
TE_VEEL = "Te veel inlogpogingen"


def _wachtwoord(client, user, wachtwoord, **extra):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": wachtwoord}, **extra
    )


def _vijf_keer_fout(client, user, **extra):
    for i in range(5):
        antwoord = _wachtwoord(client, user, f"fout-wachtwoord-{i}", **extra)
        assert antwoord.status_code == 200
        assert "Het e-mailadres en/of wachtwoord is niet juist." in antwoord.content.decode()


def _inloggen(user, **extra) -> Client:
    """allauth's real flow, both steps from the same address: password, then TOTP code."""
    client = Client()
    antwoord = _wachtwoord(client, user, WACHTWOORD, **extra)
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    assert antwoord["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(user.totp_secret).now()}, **extra)
    assert client.session.get("_auth_user_id") == str(user.pk), "inloggen is mislukt"
    return client


def _buitengesloten(client, user, **extra) -> bool:
    antwoord = _wachtwoord(client, user, WACHTWOORD, **extra)
    return (
        antwoord.status_code == 200
        and TE_VEEL in antwoord.content.decode()
        and "_auth_user_id" not in client.session
    )


def test_vijf_fouten_elders_sluiten_de_regisseur_niet_buiten(regisseur):
    aanvaller = Client()
    _vijf_keer_fout(aanvaller, regisseur, REMOTE_ADDR=AANVALLER)
    # The stranger is locked out of this account, even with the right password ...
    assert _buitengesloten(aanvaller, regisseur, REMOTE_ADDR=AANVALLER)
    # ... and the regisseur at her desk logs in, authenticator code included.
    hier = _inloggen(regisseur, REMOTE_ADDR=BUREAU)
    assert hier.get(reverse("admin:index"), REMOTE_ADDR=BUREAU).status_code == 200


def test_x_forwarded_for_zonder_vertrouwde_proxy_ontloopt_de_beperking_niet(settings, regisseur):
    settings.VERTROUWDE_PROXIES = 0
    aanvaller = Client()
    for i in range(5):
        antwoord = _wachtwoord(
            aanvaller,
            regisseur,
            f"fout-wachtwoord-{i}",
            REMOTE_ADDR=AANVALLER,
            headers={"X-Forwarded-For": f"192.0.2.{i}"},
        )
        assert TE_VEEL not in antwoord.content.decode()
    # A sixth "address" of its own choosing does not help: the connection's address counts.
    assert _buitengesloten(
        aanvaller, regisseur, REMOTE_ADDR=AANVALLER, headers={"X-Forwarded-For": BUREAU}
    )


def test_achter_de_proxy_telt_het_adres_dat_de_proxy_toevoegde(settings, regisseur):
    """Behind the production proxy every request comes from the proxy's address; the client
    address is the entry the proxy appended. A prefix the client wrote itself is ignored."""
    settings.VERTROUWDE_PROXIES = 1
    aanvaller = Client()
    for i in range(5):
        _wachtwoord(
            aanvaller,
            regisseur,
            f"fout-wachtwoord-{i}",
            REMOTE_ADDR=PROXY,
            headers={"X-Forwarded-For": f"192.0.2.{i}, {AANVALLER}"},
        )
    assert _buitengesloten(
        aanvaller, regisseur, REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": AANVALLER}
    )
    # Through the same proxy, from her own desk: not locked out.
    _inloggen(regisseur, REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": BUREAU})


def test_van_een_adres_blijven_wachtwoorden_proberen_beperkt(professional):
    """The per-address limit stays: from one address, twenty failures a minute in all, over
    any number of accounts."""
    from tests.factories import UserFactory

    aanvaller = Client()
    accounts = [professional, *UserFactory.create_batch(4, professional=True)]
    for user in accounts:
        for i in range(4):
            _wachtwoord(aanvaller, user, f"fout-wachtwoord-{i}", REMOTE_ADDR=AANVALLER)
    nog_een = UserFactory(professional=True)
    assert _buitengesloten(aanvaller, nog_een, REMOTE_ADDR=AANVALLER)
    # Someone else, elsewhere, is not affected.
    elders = Client()
    assert _wachtwoord(elders, nog_een, WACHTWOORD, REMOTE_ADDR=BUREAU).status_code == 302
