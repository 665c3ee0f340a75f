"""Issue 14.2 and 14.4: no page shows a second factor's secret, the beheerder does not browse
everyone's sessions, and a login address or a second factor changes only through the account
services: logged, the owner told, every session ended."""

import re

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from auditlog.models import LogEntry
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from accounts import services
from berichten.models import Bericht
from tests.factories import WACHTWOORD, UserFactory

pytestmark = pytest.mark.django_db


def _ingelogd(user):
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.get(reverse("home")).status_code == 200
    return client


def _uitgelogd(client) -> bool:
    antwoord = client.get(reverse("home"))
    return antwoord.status_code == 302 and antwoord["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "pad",
    [
        "/beheer/mfa/authenticator/",
        "/beheer/mfa/authenticator/{totp}/change/",
        "/beheer/mfa/authenticator/{codes}/change/",
        "/beheer/account/emailaddress/",
        "/beheer/account/emailaddress/{email}/change/",
        "/beheer/usersessions/usersession/",
    ],
)
def test_geen_beheerpagina_voor_tweede_factoren_adressen_of_sessies(
    login, beheerder, regisseur, pad
):
    RecoveryCodes.activate(regisseur)
    totp = Authenticator.objects.get(user=regisseur, type="totp")
    codes = Authenticator.objects.get(user=regisseur, type="recovery_codes")
    email = regisseur.emailaddress_set.first() or regisseur.emailaddress_set.create(
        email=regisseur.email, primary=True, verified=True
    )
    _ingelogd(regisseur)  # a session with IP address and browser exists
    antwoord = login(beheerder).get(pad.format(totp=totp.pk, codes=codes.pk, email=email.pk))
    assert antwoord.status_code == 404


def test_geen_pagina_toont_het_totp_geheim_of_herstelcodes(login, beheerder, regisseur):
    RecoveryCodes.activate(regisseur)
    geheim = regisseur.totp_secret
    codes = RecoveryCodes(Authenticator.objects.get(user=regisseur, type="recovery_codes"))
    client = login(beheerder)
    paginas = [
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[regisseur.pk]),
        reverse("admin:accounts_user_history", args=[regisseur.pk]),
        reverse("admin:accounts_user_tweede_factor", args=[regisseur.pk]),
    ]
    for pad in paginas:
        html = client.get(pad).content.decode()
        assert geheim not in html, pad
        assert not any(code in html for code in codes.get_unused_codes()), pad


def test_beheerder_verwijdert_tweede_factor_na_bevestiging(login, beheerder, regisseur):
    RecoveryCodes.activate(regisseur)
    elders = _ingelogd(regisseur)
    client = login(beheerder)
    pagina = reverse("admin:accounts_user_tweede_factor", args=[regisseur.pk])

    # The account page offers it; the link asks first and changes nothing.
    wijzig = client.get(reverse("admin:accounts_user_change", args=[regisseur.pk]))
    assert pagina in wijzig.content.decode()
    vraag = client.get(pagina)
    assert "Weet u zeker" in vraag.content.decode()
    assert Authenticator.objects.filter(user=regisseur).count() == 2

    antwoord = client.post(pagina)
    assert antwoord.status_code == 302
    assert not Authenticator.objects.filter(user=regisseur).exists()
    assert _uitgelogd(elders)
    # Told, through the outbox, without anything secret.
    bericht = Bericht.objects.get(soort="accounts.tweede_factor_verwijderd")
    assert bericht.aan == regisseur.email
    assert "authenticator-app" in bericht.tekst
    # Logged with who did it.
    verwijderd = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Authenticator),
        action=LogEntry.Action.DELETE,
    )
    assert verwijderd.count() == 2
    assert {e.actor_id for e in verwijderd} == {beheerder.pk}
    assert all("secret" not in str(e.changes) and "seed" not in str(e.changes) for e in verwijderd)

    # The next login goes to setting up a new authenticator app first.
    nieuw = Client()
    nieuw.post(reverse("account_login"), {"login": regisseur.email, "password": WACHTWOORD})
    antwoord = nieuw.get(reverse("admin:index"))
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("mfa_activate_totp"))


def test_beheerder_wijzigt_een_inlogadres_via_de_dienst(login, beheerder):
    gebruiker = UserFactory(professional=True, email="jan@voorbeeld.nl")
    elders = _ingelogd(gebruiker)
    oude_link = default_token_generator.make_token(gebruiker)
    client = login(beheerder)
    pagina = reverse("admin:accounts_user_email", args=[gebruiker.pk])
    assert (
        pagina
        in client.get(reverse("admin:accounts_user_change", args=[gebruiker.pk])).content.decode()
    )

    # Without the tick, or with an address that is taken (in any letter case): nothing changes.
    UserFactory(email="bezet@voorbeeld.nl")
    fout = client.post(pagina, {"email": "jan.nieuw@voorbeeld.nl"})
    assert "Vink aan dat u het nieuwe adres hebt nagegaan." in fout.content.decode()
    fout = client.post(pagina, {"email": "BEZET@voorbeeld.nl", "gecontroleerd": "on"})
    assert "Er bestaat al een account met dit e-mailadres." in fout.content.decode()
    gebruiker.refresh_from_db()
    assert gebruiker.email == "jan@voorbeeld.nl"
    assert not Bericht.objects.exists()

    antwoord = client.post(pagina, {"email": "Jan.Nieuw@Voorbeeld.nl", "gecontroleerd": "on"})
    assert antwoord.status_code == 302
    gebruiker.refresh_from_db()
    assert gebruiker.email == "jan.nieuw@voorbeeld.nl"
    assert list(gebruiker.emailaddress_set.values_list("email", "primary", "verified")) == [
        ("jan.nieuw@voorbeeld.nl", True, True)
    ]
    # The old address is told; the new one is not spelled out there.
    bericht = Bericht.objects.get(soort="accounts.email_gewijzigd")
    assert bericht.aan == "jan@voorbeeld.nl"
    assert "eindigt op @voorbeeld.nl" in bericht.tekst and "jan.nieuw" not in bericht.tekst
    # Sessions ended, reset links sent before no longer work, the change is in the log.
    assert _uitgelogd(elders)
    assert not default_token_generator.check_token(gebruiker, oude_link)
    wijziging = (
        LogEntry.objects.get_for_object(gebruiker)
        .filter(action=LogEntry.Action.UPDATE, changes__has_key="email")
        .get()
    )
    assert wijziging.actor_id == beheerder.pk
    assert wijziging.changes["email"] == ["jan@voorbeeld.nl", "jan.nieuw@voorbeeld.nl"]
    # And the new address logs in.
    nieuw = Client()
    antwoord = nieuw.post(
        reverse("account_login"), {"login": "jan.nieuw@voorbeeld.nl", "password": WACHTWOORD}
    )
    assert nieuw.session.get("_auth_user_id") == str(gebruiker.pk), antwoord


def test_regisseur_wijzigt_geen_adres_of_tweede_factor_van_een_regisseur_of_beheerder(
    login, regisseur, beheerder
):
    collega = UserFactory(regisseur=True, met_mfa=True)
    client = login(regisseur)
    for doel in (collega, beheerder):
        for naam in ("email", "tweede_factor"):
            pad = reverse(f"admin:accounts_user_{naam}", args=[doel.pk])
            assert client.get(pad).status_code == 403
            assert (
                client.post(pad, {"email": "x@voorbeeld.nl", "gecontroleerd": "on"}).status_code
                == 403
            )
    assert Authenticator.objects.filter(user=collega).exists()
    assert collega.email != "x@voorbeeld.nl"
    # For a partner who lost their phone, the regisseur may.
    partner = UserFactory(partner=True, met_mfa=True)
    assert (
        client.post(reverse("admin:accounts_user_tweede_factor", args=[partner.pk])).status_code
        == 302
    )
    assert not Authenticator.objects.filter(user=partner).exists()


@pytest.mark.parametrize("rol", ["professional", "partner"])
def test_andere_rollen_komen_niet_bij_adres_of_tweede_factor(rol):
    doel = UserFactory(professional=True)
    client = _ingelogd(UserFactory(**{rol: True}, met_mfa=True))
    for naam in ("email", "tweede_factor"):
        pad = reverse(f"admin:accounts_user_{naam}", args=[doel.pk])
        assert client.get(pad).status_code == 403
        assert (
            client.post(pad, {"email": "x@voorbeeld.nl", "gecontroleerd": "on"}).status_code == 403
        )


def test_de_dienst_weigert_een_gelijk_adres_met_een_duidelijke_melding(beheerder):
    gebruiker = UserFactory(professional=True, email="piet@voorbeeld.nl")
    with pytest.raises(services.ValidationError) as fout:
        services.email_wijzigen(user=gebruiker, nieuw="PIET@voorbeeld.nl", door=beheerder)
    assert "al het e-mailadres" in str(fout.value)


def test_een_code_uit_de_oude_app_werkt_niet_meer_na_verwijderen(beheerder, regisseur):
    geheim = regisseur.totp_secret
    services.tweede_factor_verwijderen(user=regisseur, door=beheerder)
    client = Client()
    client.post(reverse("account_login"), {"login": regisseur.email, "password": WACHTWOORD})
    client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(geheim).now()})
    antwoord = client.get(reverse("admin:index"))
    assert antwoord.status_code == 302
    assert not re.search(r"/beheer/$", antwoord["Location"])
