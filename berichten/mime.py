"""The MIME message of an outbox mail, written without the email package.

``email_als_bytes`` writes the bytes that Django's ``EmailMultiAlternatives.message()
.as_bytes(linesep="\r\n")`` writes, byte for byte but for the random MIME boundaries and the
Date (tests/berichten/test_mime.py compares them), for the shape the outbox sends: a text
body, optionally an HTML alternative and text attachments, printable ASCII addresses. It
returns None for anything else, and the caller lets the email package write it.
"""

from __future__ import annotations

import random
import re
import sys
from email.header import Header
from email.utils import formatdate

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import (
    RFC5322_EMAIL_LINE_LENGTH_LIMIT,
    forbid_multi_line_headers,
    sanitize_address,
)

_REGELEINDE = re.compile(r"\r\n|\r|\n")
# A header line that the email package (policy compat32, 78 characters a line) leaves as it is.
_KOP_ZONDER_VOUWEN = re.compile(r"[\x21-\x7e]+(?: [\x21-\x7e]+)*\Z")
# An address that Django's sanitize_address returns unchanged (dot-atom, ASCII domain).
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9-]{1,63}"
_EENVOUDIG_ADRES = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})*\Z")
_MIME_TOKEN = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}\Z")  # short: no folding
_BESTANDSNAAM = re.compile(r"[\x20-\x21\x23-\x5b\x5d-\x7e]+\Z")  # printable ASCII, no " or \\
_EIGEN_KOPPEN = frozenset(
    {"from", "to", "cc", "bcc", "reply-to", "date", "subject", "content-type", "mime-version"}
)
_GRENS_BREEDTE = len(repr(sys.maxsize - 1))  # as email.generator makes its boundaries


def _kop(naam: str, waarde: str) -> str:
    """One header as Django sets it and compat32 folds it, with its line end."""
    if len(naam) + 2 + len(waarde) <= 78 and _KOP_ZONDER_VOUWEN.match(waarde):
        # Printable ASCII on one short line: Django and the email package leave it as it is.
        return f"{naam}: {waarde}\r\n"
    naam, waarde = forbid_multi_line_headers(naam, waarde, "utf-8")
    if len(naam) + 2 + len(waarde) <= 78 and _KOP_ZONDER_VOUWEN.match(waarde):
        return f"{naam}: {waarde}\r\n"
    gevouwen = Header(waarde, header_name=naam).encode(linesep="\r\n", maxlinelen=78)
    return f"{naam}: {gevouwen}\r\n"


def _tekstdeel(inhoud: str, subtype: str, extra: str = "") -> str | None:
    """A text/* part (headers, blank line, body), as Django's SafeMIMEText writes it; None when
    a line is too long for 8bit (Django then encodes quoted-printable)."""
    regels = _REGELEINDE.split(inhoud)
    for regel in regels:
        if len(regel) > RFC5322_EMAIL_LINE_LENGTH_LIMIT // 4 and (
            len(regel.encode()) > RFC5322_EMAIL_LINE_LENGTH_LIMIT
        ):
            return None
    cte = "7bit" if inhoud.isascii() else "8bit"
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"\r\nMIME-Version: 1.0\r\n'
        f"Content-Transfer-Encoding: {cte}\r\n{extra}\r\n" + "\r\n".join(regels)
    )


def _meerdelig(subtype: str, delen: list[str], koppen: str = "") -> str:
    """A multipart (headers, blank line, the parts between boundaries, the close-delimiter)."""
    alles = "\r\n".join(delen)
    while True:
        # As the email package does: unique, not secret (and checked against the text).
        getal = random.randrange(sys.maxsize)  # noqa: S311
        grens = "=" * 15 + f"{getal:0{_GRENS_BREEDTE}d}" + "=="
        if grens not in alles:
            break
    inhoudstype = f'multipart/{subtype}; boundary="{grens}"'
    if len(inhoudstype) + 14 > 78:  # folded where the email package folds it
        inhoudstype = f'multipart/{subtype};\r\n boundary="{grens}"'
    return (
        f"Content-Type: {inhoudstype}\r\nMIME-Version: 1.0\r\n"
        + koppen
        + f"\r\n--{grens}\r\n"
        + f"\r\n--{grens}\r\n".join(delen)
        + f"\r\n--{grens}--\r\n"
    )


def email_als_bytes(email: EmailMultiAlternatives) -> bytes | None:
    """The message as Django's SMTP backend would send it, written directly; None when it is not
    of the shape handled here (the caller then uses ``email.message().as_bytes()``)."""
    if (
        type(email) is not EmailMultiAlternatives
        or email.encoding is not None
        or settings.DEFAULT_CHARSET.lower() != "utf-8"
        or not email.body
        or email.cc
        or email.bcc
        or email.reply_to
        or len(email.to) != 1
        or not _EENVOUDIG_ADRES.match(email.to[0])
        or any(naam.lower() in _EIGEN_KOPPEN for naam in email.extra_headers)
    ):
        return None
    bijlagen = []
    for bijlage in email.attachments:
        if not isinstance(bijlage, tuple):  # a MIMEBase object
            return None
        bestandsnaam, inhoud, mimetype = bijlage
        hoofdtype, _, subtype = (mimetype or "").partition("/")
        if (
            hoofdtype != "text"
            or not isinstance(inhoud, str)
            or not _MIME_TOKEN.match(subtype)
            or not bestandsnaam
            or not _BESTANDSNAAM.match(bestandsnaam)
        ):
            return None
        schikking = f'Content-Disposition: attachment; filename="{bestandsnaam}"'
        if len(schikking) > 78:
            return None
        deel = _tekstdeel(inhoud, subtype, schikking + "\r\n")
        if deel is None:
            return None
        bijlagen.append(deel)
    alternatieven = []
    for inhoud, mimetype in email.alternatives:
        hoofdtype, _, subtype = (mimetype or "").partition("/")
        if hoofdtype != "text" or not isinstance(inhoud, str) or not _MIME_TOKEN.match(subtype):
            return None
        deel = _tekstdeel(inhoud, subtype)
        if deel is None:
            return None
        alternatieven.append(deel)
    tekst = _tekstdeel(email.body, "plain")
    if tekst is None:
        return None

    koppen = (
        _kop("Subject", email.subject)
        + _kop("From", email.from_email)
        + _kop("To", email.to[0])
        + _kop("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME))
        + "".join(_kop(naam, waarde) for naam, waarde in email.extra_headers.items())
    )
    if not alternatieven and not bijlagen:
        kop, _, lijf = tekst.partition("\r\n\r\n")
        bericht = f"{kop}\r\n{koppen}\r\n{lijf}"
    elif not bijlagen:
        bericht = _meerdelig("alternative", [tekst, *alternatieven], koppen)
    else:
        lijf = _meerdelig("alternative", [tekst, *alternatieven]) if alternatieven else tekst
        bericht = _meerdelig("mixed", [lijf, *bijlagen], koppen)
    return bericht.encode()


def envelop_adres(adres: str) -> str:
    """The address for MAIL FROM / RCPT TO, as Django's SMTP backend passes it to smtplib."""
    if _EENVOUDIG_ADRES.match(adres):
        return adres
    return _afzender(adres)


_afzenders: dict[str, str] = {}


def _afzender(adres: str) -> str:
    # DEFAULT_FROM_EMAIL ("Netwerkregie <...>") for every message: parse it once per process.
    if adres not in _afzenders:
        if len(_afzenders) > 100:
            _afzenders.clear()
        _afzenders[adres] = sanitize_address(adres, "utf-8")
    return _afzenders[adres]
