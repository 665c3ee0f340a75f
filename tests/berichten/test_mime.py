"""The outbox writes its MIME messages itself (``berichten.mime.email_als_bytes``), because Python's
``email`` package costs more than the SMTP conversation. The bytes must be exactly those of
Django's ``EmailMultiAlternatives.message().as_bytes(linesep="\\r\\n")``, except for the random
MIME boundaries and the Date; a message of another shape is left to Django (None)."""

import re
import smtplib

import pytest
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from berichten import mime, services

GRENS = re.compile(rb"={15}\d+==")
DATUM = re.compile(rb"^Date: [^\r\n]*\r\n", re.MULTILINE)

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Netwerkoverleg\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _genormaliseerd(inhoud: bytes) -> bytes:
    """Boundaries numbered in order of appearance, the Date line left out."""
    namen: dict[bytes, bytes] = {}

    def vervang(m):
        return namen.setdefault(m.group(0), b"GRENS%d" % len(namen))

    return GRENS.sub(vervang, DATUM.sub(b"", inhoud))


def _email(
    onderwerp="Uitnodiging: netwerkoverleg",
    tekst="Beste deelnemer,\n\nU bent uitgenodigd.\n",
    html="",
    bijlagen=(),
    aan="jan@voorbeeld.nl",
    van=None,
):
    email = EmailMultiAlternatives(
        subject=onderwerp,
        body=tekst,
        from_email=van,
        to=[aan],
        headers={
            "Message-ID": "<netwerkregie.bericht.1.2@test>",
            "Auto-Submitted": "auto-generated",
        },
    )
    if html:
        email.attach_alternative(html, "text/html")
    for bestandsnaam, inhoud, mimetype in bijlagen:
        email.attach(bestandsnaam, inhoud, mimetype)
    return email


def _zelfde_als_django(email) -> None:
    eigen = mime.email_als_bytes(email)
    assert eigen is not None
    django = email.message().as_bytes(linesep="\r\n")
    assert _genormaliseerd(eigen) == _genormaliseerd(django)
    assert DATUM.search(eigen)


@pytest.mark.parametrize(
    "onderwerp",
    [
        "Uitnodiging: netwerkoverleg",
        "x",
        "a" * 68,  # "Subject: " + 68 = 77
        "a" * 69,
        "a" * 70,
        "b" * 250,
        "Wachtlijst: " + "woord " * 40,
        "Uitnodiging:  twee  spaties",
        "Uitnodiging:\tmet tab",
        "Café ‘Veilig thuis’: één overleg",
        "Ä" * 200,
        "=?utf-8?q?geen_echte_codering?=",
        "Gewijzigd: bijeenkomst " + "é" * 30 + " " + "lang " * 20,
    ],
)
def test_onderwerpen_zoals_django(onderwerp):
    _zelfde_als_django(_email(onderwerp=onderwerp))


@pytest.mark.parametrize(
    "tekst",
    [
        "Beste deelnemer,\n\nU bent uitgenodigd.\n",
        "zonder regeleinde aan het eind",
        "crlf\r\nregels\r\n",
        "losse\rcr\n",
        "From the start\n.punt aan het begin\n..twee\n",
        "één, twee, drie — café\n",
        "a" * 998 + "\n",
        "é" * 499 + "\n",
        "--===============1234567890123456789==\n",
        "regel\x0cmet formfeed\n\u2028en meer\n",
    ],
)
@pytest.mark.parametrize("html", ["", "<p>U bent <strong>uitgenodigd</strong>.</p>"])
@pytest.mark.parametrize(
    "bijlagen",
    [
        (),
        (("bijeenkomst.ics", ICS, "text/calendar"),),
        (("overleg.ics", ICS, "text/calendar"), ("lijst met namen.csv", "naam;é\n", "text/csv")),
    ],
)
def test_delen_zoals_django(tekst, html, bijlagen):
    _zelfde_als_django(_email(tekst=tekst, html=html, bijlagen=bijlagen))


@pytest.mark.parametrize(
    "van",
    [
        "Netwerkregie <netwerkregie@gemeente.example>",
        "netwerkregie@gemeente.example",
        "Gemeente Ä-stad <netwerkregie@gemeente.example>",
        "Netwerkregie van de gemeente met een heel lange naam <netwerkregie@gemeente.example>",
    ],
)
@pytest.mark.parametrize(
    "aan", ["jan@voorbeeld.nl", "J.de.Vries+netwerk@Voorbeeld.NL", "o'brien@x-y.example"]
)
def test_adressen_zoals_django(van, aan):
    _zelfde_als_django(_email(van=van, aan=aan))


@pytest.mark.parametrize(
    "email",
    [
        _email(tekst="a" * 999 + "\n"),  # quoted-printable
        _email(html="<p>" + "x" * 1000 + "</p>"),
        _email(bijlagen=[("rapport.pdf", "%PDF", "application/pdf")]),
        _email(bijlagen=[("ëlijst.csv", "a;b\n", "text/csv")]),
        _email(bijlagen=[('aan "x".csv', "a;b\n", "text/csv")]),
        _email(bijlagen=[("n" * 70 + ".csv", "a;b\n", "text/csv")]),
        _email(tekst=""),
        _email(aan='"jan jansen"@voorbeeld.nl'),
        _email(aan="jan@bücher.example"),
    ],
)
def test_een_andere_vorm_laat_het_aan_django(email):
    assert mime.email_als_bytes(email) is None


tekens = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=300
)


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    onderwerp=st.text(
        st.characters(blacklist_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=250
    ),
    tekst=tekens.filter(bool),
    html=tekens,
    bijlage=tekens,
)
@example(onderwerp="a " * 40, tekst="x", html="", bijlage="")
def test_willekeurige_inhoud_zoals_django(onderwerp, tekst, html, bijlage):
    bijlagen = [("bijeenkomst.ics", bijlage, "text/calendar")] if bijlage else []
    email = _email(onderwerp=onderwerp, tekst=tekst, html=html, bijlagen=bijlagen)
    if mime.email_als_bytes(email) is not None:
        _zelfde_als_django(email)


@pytest.mark.django_db
def test_over_smtp_met_de_eigen_bytes(smtp_server, monkeypatch):
    """Through Django's SMTP backend the outbox hands its own bytes to smtplib; what arrives
    parses as the same message."""
    gezien = []
    echt = smtplib.SMTP.sendmail

    def sendmail(self, van, aan, inhoud, *args, **kwargs):
        gezien.append((van, aan, inhoud))
        return echt(self, van, aan, inhoud, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "sendmail", sendmail)
    verbinding = get_connection()
    assert type(verbinding) is EmailBackend
    email = _email(
        onderwerp="Café: overleg",
        tekst="één\n",
        html="<p>één</p>",
        bijlagen=[("bijeenkomst.ics", ICS, "text/calendar")],
        van="Netwerkregie <netwerkregie@gemeente.example>",
    )
    verbinding.open()
    try:
        services._afleveren(email, verbinding)
    finally:
        verbinding.close()
    ((van, aan, inhoud),) = gezien
    assert van == "Netwerkregie <netwerkregie@gemeente.example>"
    assert aan == ["jan@voorbeeld.nl"]
    assert isinstance(inhoud, bytes)
    (ontvangen,) = smtp_server.postbus.berichten
    assert ontvangen["Subject"] == "Café: overleg"
    assert ontvangen["Message-ID"] == "<netwerkregie.bericht.1.2@test>"
    tekst, html = (deel.get_content() for deel in ontvangen.get_payload()[0].iter_parts())
    assert (tekst, html) == ("één\r\n", "<p>één</p>")
    (ics,) = ontvangen.iter_attachments()
    assert ics.get_filename() == "bijeenkomst.ics"
    assert ics.get_content().replace("\r\n", "\n") == ICS.replace("\r\n", "\n")


@pytest.mark.django_db
def test_een_andere_vorm_gaat_ook_over_smtp(smtp_server):
    """A message the outbox does not write itself (a line too long for 8bit: Django encodes it
    quoted-printable) goes out through the email package, over the same connection."""
    email = _email(tekst="a" * 1200 + "\n", html="<p>" + "é" * 600 + "</p>")
    assert mime.email_als_bytes(email) is None
    verbinding = get_connection()
    verbinding.open()
    try:
        services._afleveren(email, verbinding)
    finally:
        verbinding.close()
    (ontvangen,) = smtp_server.postbus.berichten
    tekst, html = (deel.get_content() for deel in ontvangen.iter_parts())
    assert tekst.replace("\r\n", "\n") == "a" * 1200 + "\n"
    assert html == "<p>" + "é" * 600 + "</p>"
