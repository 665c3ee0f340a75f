"""Issue 14.11: a mail server that refuses a message for good (5xx) is not asked again for two
hours; the message fails at once with the server's answer, and a refused address shows on the
person's page in /beheer/ so the regisseur can correct it. A temporary refusal (4xx) keeps the
backoff. Against a real SMTP server (aiosmtpd, ``smtp_server``) that answers per recipient."""

import smtplib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from berichten import services, smtpfouten
from berichten.models import Bericht
from berichten.selectors import adressen_geweigerd
from berichten.services import bericht_message_id, openstaande_berichten_versturen
from tests.factories import PersoonFactory

from .factories import BerichtFactory

pytestmark = pytest.mark.django_db

ONBEKEND = "oud.adres@school.example"
ONBEKEND_550 = f"550 5.1.1 <{ONBEKEND}>: Recipient address rejected: User unknown"
VOL_451 = "451 4.2.0 Mailbox temporarily unavailable, try again later"


def _ontvangen(smtp_server, bericht) -> int:
    return smtp_server.postbus.per_message_id()[bericht_message_id(bericht)]


def test_een_definitieve_weigering_mislukt_meteen_met_het_antwoord_van_de_server(smtp_server):
    smtp_server.postbus.weigeren[ONBEKEND] = ONBEKEND_550
    geweigerd = BerichtFactory(aan=ONBEKEND, versturen_na=timezone.now() - timedelta(minutes=5))
    goed = BerichtFactory.create_batch(2)

    assert openstaande_berichten_versturen() == 2
    assert all(_ontvangen(smtp_server, b) == 1 for b in goed), "de andere berichten gaan door"
    geweigerd.refresh_from_db()
    assert geweigerd.status == Bericht.Status.MISLUKT
    assert geweigerd.pogingen == 1
    assert "550 5.1.1" in geweigerd.laatste_fout
    assert "Recipient address rejected: User unknown" in geweigerd.laatste_fout
    assert geweigerd.geweigerd_op is not None

    # Not asked again: no backoff, the sweeps leave it alone (also when it would be due).
    Bericht.objects.filter(pk=geweigerd.pk).update(versturen_na=timezone.now())
    assert openstaande_berichten_versturen() == 0
    assert services.bericht_versturen(geweigerd.pk) is False
    assert smtp_server.postbus.geweigerd == [ONBEKEND]
    assert _ontvangen(smtp_server, geweigerd) == 0


def test_de_taak_voor_een_bericht_behandelt_een_weigering_net_zo(smtp_server):
    smtp_server.postbus.weigeren[ONBEKEND] = ONBEKEND_550
    bericht = BerichtFactory(aan=ONBEKEND)
    assert services.bericht_versturen(bericht.pk) is False
    bericht.refresh_from_db()
    assert (bericht.status, bericht.pogingen) == (Bericht.Status.MISLUKT, 1)
    assert "User unknown" in bericht.laatste_fout


def test_een_tijdelijke_weigering_wacht_en_komt_later_een_keer_aan(smtp_server):
    adres = "vol@voorbeeld.nl"
    smtp_server.postbus.weigeren[adres] = VOL_451
    bericht = BerichtFactory(aan=adres)

    voor = timezone.now()
    assert openstaande_berichten_versturen() == 0
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.WACHTEND
    assert bericht.pogingen == 1
    assert bericht.versturen_na >= voor + timedelta(minutes=1)
    assert "451 4.2.0" in bericht.laatste_fout
    assert bericht.geweigerd_op is None
    assert adressen_geweigerd(adressen=[adres]) == {}

    del smtp_server.postbus.weigeren[adres]  # the mailbox has room again
    Bericht.objects.filter(pk=bericht.pk).update(versturen_na=timezone.now())
    assert openstaande_berichten_versturen() == 1
    assert _ontvangen(smtp_server, bericht) == 1
    bericht.refresh_from_db()
    assert (bericht.status, bericht.pogingen) == (Bericht.Status.VERSTUURD, 1)


def test_een_definitieve_weigering_van_de_inhoud_mislukt_meteen_maar_is_geen_adresfout(
    smtp_server,
):
    adres = "jan@voorbeeld.nl"
    smtp_server.postbus.inhoud_weigeren[adres] = "554 5.7.1 Message rejected as spam"
    bericht = BerichtFactory(aan=adres)
    assert openstaande_berichten_versturen() == 0
    bericht.refresh_from_db()
    assert (bericht.status, bericht.pogingen) == (Bericht.Status.MISLUKT, 1)
    assert "SMTPDataError: 554 5.7.1 Message rejected as spam" in bericht.laatste_fout
    # The address is fine; nothing to correct on the person.
    assert bericht.geweigerd_op is None
    assert adressen_geweigerd(adressen=[adres]) == {}


@pytest.mark.parametrize(
    ("fout", "permanent"),
    [
        (smtplib.SMTPRecipientsRefused({"a@b.nl": (550, b"5.1.1 unknown")}), True),
        (smtplib.SMTPRecipientsRefused({"a@b.nl": (451, b"4.3.0 later")}), False),
        (
            smtplib.SMTPRecipientsRefused({"a@b.nl": (550, b"x"), "c@d.nl": (452, b"y")}),
            False,
        ),
        (smtplib.SMTPSenderRefused(553, b"5.7.1 sender rejected", "nr@gemeente.example"), True),
        (smtplib.SMTPSenderRefused(451, b"4.3.0 later", "nr@gemeente.example"), False),
        (smtplib.SMTPDataError(552, b"5.3.4 message too big"), True),
        (smtplib.SMTPDataError(421, b"4.4.2 timeout"), False),
        (smtplib.SMTPResponseException(554, b"5.0.0 transaction failed"), True),
        # Our configuration or the server as a whole, not this message: the backoff goes on.
        (smtplib.SMTPAuthenticationError(535, b"5.7.8 bad credentials"), False),
        (smtplib.SMTPConnectError(554, b"5.7.1 no service"), False),
        (smtplib.SMTPServerDisconnected("gone"), False),
        (ConnectionRefusedError(111, "Connection refused"), False),
        (TimeoutError("timed out"), False),
        (smtplib.SMTPException("451 mailserver tijdelijk niet bereikbaar"), False),
    ],
)
def test_welke_fouten_definitief_zijn(fout, permanent):
    assert smtpfouten.is_permanente_fout(fout) is permanent


# --- The person's page in /beheer/ ---------------------------------------------------------------


def _persoonspagina(client, persoon) -> str:
    antwoord = client.get(reverse("admin:netwerk_persoon_change", args=[persoon.pk]))
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def test_de_regisseur_ziet_het_geweigerde_adres_op_de_persoon_en_corrigeert_het(
    smtp_server, login, regisseur
):
    persoon = PersoonFactory(email="Oud.Adres@school.example")  # case differs from the row
    smtp_server.postbus.weigeren[ONBEKEND] = ONBEKEND_550
    bericht = BerichtFactory(aan=persoon.email)
    anders = PersoonFactory(email="anders@school.example")
    assert openstaande_berichten_versturen() == 0
    bericht.refresh_from_db()

    client = login(regisseur)
    html = _persoonspagina(client, persoon)
    datum = date_format(timezone.localtime(bericht.geweigerd_op), "j F Y")
    assert f"E-mail aan dit adres werd geweigerd door de mailserver op {datum}" in html
    assert "Recipient address rejected: User unknown" in html
    assert "Controleer het adres." in html
    assert '<li class="warning">E-mail aan dit adres' in html  # the admin's warning message
    assert "werd geweigerd door de mailserver" not in _persoonspagina(client, anders)

    # Corrected: the new address was never refused; the warning goes.
    persoon.email = "a.nieuw@school.example"
    persoon.save()
    assert "werd geweigerd door de mailserver" not in _persoonspagina(client, persoon)


def test_de_waarschuwing_verdwijnt_als_er_daarna_toch_post_aankomt(smtp_server, login, regisseur):
    """The mail server refused by mistake (it does happen): the regisseur checks the address,
    finds it right and retries; once a message arrives, the address is fine again."""
    persoon = PersoonFactory(email=ONBEKEND)
    smtp_server.postbus.weigeren[ONBEKEND] = ONBEKEND_550
    bericht = BerichtFactory(aan=ONBEKEND)
    assert openstaande_berichten_versturen() == 0
    assert set(adressen_geweigerd(adressen=[ONBEKEND.upper(), "x@y.nl"])) == {ONBEKEND}

    del smtp_server.postbus.weigeren[ONBEKEND]
    assert services.berichten_opnieuw_proberen(Bericht.objects.filter(pk=bericht.pk)) == 1
    assert openstaande_berichten_versturen() == 1
    assert _ontvangen(smtp_server, bericht) == 1
    assert adressen_geweigerd(adressen=[ONBEKEND]) == {}
    assert "werd geweigerd door de mailserver" not in _persoonspagina(login(regisseur), persoon)


def test_een_oude_weigering_telt_niet_meer_na_een_latere_aankomst():
    oud = timezone.now() - timedelta(days=3)
    BerichtFactory(
        aan=ONBEKEND, mislukt=True, pogingen=1, geweigerd_op=oud, laatste_fout=ONBEKEND_550
    )
    BerichtFactory(aan=ONBEKEND, verstuurd=True, verstuurd_op=oud + timedelta(days=1))
    assert adressen_geweigerd(adressen=[ONBEKEND]) == {}
    nieuw = BerichtFactory(
        aan=ONBEKEND,
        mislukt=True,
        pogingen=1,
        geweigerd_op=timezone.now(),
        laatste_fout=f"SMTPRecipientsRefused: {ONBEKEND}: {ONBEKEND_550}",
    )
    (weigering,) = adressen_geweigerd(adressen=[ONBEKEND]).values()
    assert weigering.op == nieuw.geweigerd_op
    assert weigering.reden == ONBEKEND_550


@pytest.mark.parametrize("aantal", [1, 20])
def test_de_weigering_kost_een_begrensd_aantal_queries(aantal, django_assert_num_queries):
    for _ in range(aantal):
        BerichtFactory(aan=ONBEKEND, mislukt=True, geweigerd_op=timezone.now())
        BerichtFactory(aan=ONBEKEND, verstuurd=True, verstuurd_op=timezone.now())
    with django_assert_num_queries(2):
        adressen_geweigerd(adressen=[ONBEKEND])
    with django_assert_num_queries(1):
        adressen_geweigerd(adressen=["niemand@voorbeeld.nl"])
