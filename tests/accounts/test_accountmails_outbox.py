"""The account mails go through the outbox, against a real SMTP server (issue 17, finding 2.6).

A mail that carries a password or confirmation link is a row *without* that link: the regisseur
reads the outbox in /beheer/. The link is made when the mail goes out (``berichten.opmaak``):
the delivered mail has a working link, valid once and for PASSWORD_RESET_TIMEOUT from that
moment; an account that is no longer active, or has another address by then, gets none.
"""

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from accounts import rollen, services
from berichten.models import Bericht
from berichten.services import bericht_message_id, openstaande_berichten_versturen
from tests.berichten import conftest as berichten_conftest
from tests.factories import WACHTWOORD, UserFactory

# A real SMTP server (aiosmtpd), as the outbox's own tests use it.
smtp_server = berichten_conftest.smtp_server

pytestmark = pytest.mark.django_db

RESET_PAD = "/account/password/reset/key/"
PLAATSHOUDER = "[persoonlijke link, wordt pas bij het versturen gemaakt]"
NIEUW = "zonnebloem-kompas-31"


def _ontvangen(server, aan):
    return [m for m in server.postbus.berichten if str(m["To"]) == aan]


def _tekst(mail) -> str:
    return mail.get_body(("plain",)).get_content()


def _link(mail) -> str:
    (link,) = re.findall(r"https?://\S+" + re.escape(RESET_PAD) + r"\S+", _tekst(mail))
    return link


def _geheim(link: str) -> str:
    """The key in a reset link: ``<uidb36>-<token>``."""
    return urlsplit(link).path.removeprefix(RESET_PAD).strip("/")


def _rij_zonder(bericht: Bericht, *geheimen: str) -> None:
    """Nothing of the row, text, HTML, subject, key or data, holds the link or its key."""
    rij = str(Bericht.objects.filter(pk=bericht.pk).values().get())
    for geheim in (*geheimen, RESET_PAD, "confirm-email"):
        assert geheim not in rij, f"{geheim!r} staat in de outbox"


def _wachtwoord_instellen(client, link, wachtwoord=NIEUW):
    """Follow the link as the user does; returns True when the password could be set."""
    pagina = client.get(link, follow=True)
    if "Deze link werkt niet meer" in pagina.content.decode():
        return False
    formulier = pagina.redirect_chain[-1][0] if pagina.redirect_chain else link
    client.post(formulier, {"password1": wachtwoord, "password2": wachtwoord})
    return True


class Klok:
    """The password-reset token generator's clock (Django reads it through ``_now``)."""

    def __init__(self, monkeypatch):
        self.nu = datetime.now()
        monkeypatch.setattr(type(default_token_generator), "_now", lambda _self: self.nu)


# --- The password reset ------------------------------------------------------------------------


def test_wachtwoord_vergeten_de_rij_heeft_geen_link_de_mail_een_werkende(
    client,
    professional,
    smtp_server,
):
    client.post(reverse("account_reset_password"), {"email": professional.email})

    bericht = Bericht.objects.get(soort="accounts.wachtwoord_vergeten")
    assert bericht.status == Bericht.Status.VERSTUURD
    assert bericht.onderwerp == "[Netwerkregie] Een nieuw wachtwoord instellen"
    assert PLAATSHOUDER in bericht.tekst
    assert bericht.gegevens["account"] == professional.pk
    (mail,) = _ontvangen(smtp_server, professional.email)
    assert str(mail["Message-ID"]) == bericht_message_id(bericht)
    tekst = _tekst(mail)
    assert tekst.startswith("Beste gebruiker van Netwerkregie,")
    assert PLAATSHOUDER not in tekst
    link = _link(mail)
    assert link.startswith("http://testserver" + RESET_PAD)
    _rij_zonder(bericht, _geheim(link), _geheim(link).split("-", 1)[1])

    # The link works, once.
    assert _wachtwoord_instellen(client, link)
    professional.refresh_from_db()
    assert professional.check_password(NIEUW)
    assert not _wachtwoord_instellen(client, link, "een-ander-wachtwoord-42")
    professional.refresh_from_db()
    assert professional.check_password(NIEUW)


def test_de_link_geldt_vanaf_het_versturen_niet_vanaf_het_aanvragen(
    client,
    professional,
    smtp_server,
    settings,
    monkeypatch,
):
    """Asked for while the mail server was down, sent two hours later: the link is valid for
    PASSWORD_RESET_TIMEOUT (one hour here) from the moment it went out."""
    settings.PASSWORD_RESET_TIMEOUT = 3600
    klok = Klok(monkeypatch)
    smtp_server.stop()
    client.post(reverse("account_reset_password"), {"email": professional.email})
    bericht = Bericht.objects.get(soort="accounts.wachtwoord_vergeten")
    assert (bericht.status, bericht.pogingen) == (Bericht.Status.WACHTEND, 1)

    smtp_server.start()
    klok.nu += timedelta(hours=2)
    Bericht.objects.update(versturen_na=timezone.now())
    assert openstaande_berichten_versturen() == 1
    (mail,) = _ontvangen(smtp_server, professional.email)
    link = _link(mail)
    _rij_zonder(bericht, _geheim(link))

    klok.nu += timedelta(minutes=61)  # one hour after sending: expired
    assert not _wachtwoord_instellen(client, link)
    klok.nu -= timedelta(minutes=2)  # just within the hour: works
    assert _wachtwoord_instellen(client, link)
    professional.refresh_from_db()
    assert professional.check_password(NIEUW)


def test_een_gedeactiveerd_account_krijgt_geen_link(
    client,
    professional,
    smtp_server,
):
    smtp_server.stop()
    client.post(reverse("account_reset_password"), {"email": professional.email})
    professional.is_active = False
    professional.save(update_fields=["is_active"])
    smtp_server.start()
    Bericht.objects.update(versturen_na=timezone.now())
    assert openstaande_berichten_versturen() == 0
    bericht = Bericht.objects.get(soort="accounts.wachtwoord_vergeten")
    assert bericht.status == Bericht.Status.INGETROKKEN
    assert bericht.laatste_fout == "Niet verstuurd: het account is niet meer actief."
    assert smtp_server.postbus.berichten == []


def test_na_een_adreswijziging_krijgt_het_oude_adres_geen_link(
    client,
    professional,
    beheerder,
    smtp_server,
):
    oud = professional.email
    smtp_server.stop()
    client.post(reverse("account_reset_password"), {"email": oud})
    services.email_wijzigen(user=professional, nieuw="nieuw.adres@voorbeeld.nl", door=beheerder)
    smtp_server.start()
    Bericht.objects.update(versturen_na=timezone.now())
    assert openstaande_berichten_versturen() == 1  # only the notice of the change
    reset = Bericht.objects.get(soort="accounts.wachtwoord_vergeten")
    assert reset.status == Bericht.Status.INGETROKKEN
    assert "e-mailadres van het account is gewijzigd" in reset.laatste_fout
    (melding,) = _ontvangen(smtp_server, oud)
    assert RESET_PAD not in _tekst(melding)


# --- The invitation of a new account ------------------------------------------------------------


def test_de_uitnodiging_heeft_in_de_outbox_geen_link_en_elke_verzending_een_nieuwe(
    client,
    regisseur,
    smtp_server,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    klok = Klok(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        user = services.account_aanmaken(
            email="nieuwe.partner@politie.nl", rol=rollen.PARTNER, door=regisseur
        )
    klok.nu += timedelta(seconds=5)
    services.welkomstmail_versturen(user_id=user.pk)  # "Uitnodiging opnieuw sturen"

    berichten = list(Bericht.objects.filter(soort="accounts.welkom").order_by("pk"))
    eerste, tweede = (_link(m) for m in _ontvangen(smtp_server, user.email))
    assert eerste != tweede
    for bericht in berichten:
        assert bericht.status == Bericht.Status.VERSTUURD
        assert PLAATSHOUDER in bericht.tekst
        assert "authenticator-app" in bericht.tekst
        _rij_zonder(bericht, _geheim(eerste), _geheim(tweede))

    # Both links work until one is used; then neither does.
    assert client.get(eerste, follow=True).status_code == 200
    assert _wachtwoord_instellen(client, tweede)
    user.refresh_from_db()
    assert user.check_password(NIEUW)
    assert not _wachtwoord_instellen(client, eerste, "een-ander-wachtwoord-42")


# --- Other account mails ------------------------------------------------------------------------


def test_een_onbekend_adres_krijgt_zijn_bericht_door_de_outbox(client, smtp_server):
    client.post(reverse("account_reset_password"), {"email": "niemand@voorbeeld.nl"})
    bericht = Bericht.objects.get(aan="niemand@voorbeeld.nl")
    assert bericht.soort == "accounts.onbekend_adres"
    assert bericht.status == Bericht.Status.VERSTUURD
    assert bericht.onderwerp == "[Netwerkregie] Geen account bij dit e-mailadres"
    (mail,) = _ontvangen(smtp_server, "niemand@voorbeeld.nl")
    assert str(mail["Message-ID"]) == bericht_message_id(bericht)
    assert "u kunt zich niet zelf aanmelden" in _tekst(mail)
    assert _tekst(mail).split() == bericht.tekst.split()


def test_de_bevestiging_van_een_adres_heeft_de_link_alleen_in_de_mail(
    client,
    smtp_server,
):
    """An address that is not yet confirmed (ACCOUNT_EMAIL_VERIFICATION is mandatory): logging
    in sends the confirmation, whose key is as much a secret as a password link."""
    user = UserFactory(professional=True)
    EmailAddress.objects.filter(user=user).update(verified=False)
    client.post(reverse("account_login"), {"login": user.email, "password": WACHTWOORD})

    bericht = Bericht.objects.get(soort="accounts.adres_bevestigen")
    assert bericht.status == Bericht.Status.VERSTUURD
    assert PLAATSHOUDER in bericht.tekst
    (mail,) = _ontvangen(smtp_server, user.email)
    (link,) = re.findall(r"http://testserver/account/confirm-email/\S+", _tekst(mail))
    sleutel = urlsplit(link).path.rstrip("/").rsplit("/", 1)[1]
    _rij_zonder(bericht, sleutel)
    assert client.get(link).status_code == 200
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified


# --- What the regisseur reads -------------------------------------------------------------------


def test_de_regisseur_leest_in_de_outbox_de_tekst_maar_niet_de_link(
    client,
    login,
    regisseur,
    professional,
    smtp_server,
):
    client.post(reverse("account_reset_password"), {"email": professional.email})
    (mail,) = _ontvangen(smtp_server, professional.email)
    link = _link(mail)
    bericht = Bericht.objects.get(soort="accounts.wachtwoord_vergeten")

    pagina = login(regisseur).get(reverse("admin:berichten_bericht_change", args=[bericht.pk]))
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert "Met deze link stelt u een nieuw wachtwoord in" in html
    assert PLAATSHOUDER in html
    for geheim in (link, _geheim(link), _geheim(link).split("-", 1)[1], RESET_PAD):
        assert geheim not in html
