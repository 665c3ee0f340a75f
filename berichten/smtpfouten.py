"""What a mail server's answer means for a message, and what a failed attempt does to its row.

A permanent refusal (``is_permanente_fout``) makes the row ``mislukt`` at once; a temporary one
moves it back with exponential backoff (``wachttijd_na``: 1, 2, 4 … minutes, at most
``BACKOFF_MAX``) until ``MAX_POGINGEN`` attempts have failed. ``services`` records each failed
attempt with ``mislukking_vastleggen``; ``selectors.adressen_geweigerd`` shows the addresses
refused for good on the person's page.
"""

import logging
import smtplib
from datetime import timedelta

from django.utils import timezone

from .models import Bericht

logger = logging.getLogger(__name__)

MAX_POGINGEN = 8
BACKOFF_START = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=6)
# How much of an error message is kept in ``laatste_fout``.
MAX_FOUTTEKST = 2000


def is_permanente_fout(exc: Exception) -> bool:
    """Did the mail server refuse this message for good (a 5xx answer)?

    Permanent: the recipient refused with a 5xx code (``SMTPRecipientsRefused``, when every
    refusal is 5xx), or a 5xx answer to the sender or the content (``SMTPSenderRefused``,
    ``SMTPDataError``, any other ``SMTPResponseException``). Trying again gets the same answer.
    Temporary: 4xx answers, connection errors and timeouts, and the server's refusals of the
    connection or of our login (``SMTPConnectError``, ``SMTPHeloError``,
    ``SMTPAuthenticationError``): those concern every message and our configuration, not this
    message, so the backoff sends it by itself once the server or the settings are right.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [antwoord[0] for antwoord in exc.recipients.values()]
        return bool(codes) and all(_is_5xx(code) for code in codes)
    if isinstance(
        exc,
        smtplib.SMTPConnectError | smtplib.SMTPHeloError | smtplib.SMTPAuthenticationError,
    ):
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return _is_5xx(exc.smtp_code)
    return False


def _is_5xx(code) -> bool:
    return isinstance(code, int) and 500 <= code <= 599


def _tekst(waarde) -> str:
    return waarde.decode("utf-8", "replace") if isinstance(waarde, bytes) else str(waarde)


def fouttekst(exc: Exception) -> str:
    """The error as kept in ``laatste_fout``: the kind, and the mail server's own answer."""
    soort = type(exc).__name__
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        antwoorden = "; ".join(
            f"{adres}: {code} {_tekst(melding)}"
            for adres, (code, melding) in exc.recipients.items()
        )
        return f"{soort}: {antwoorden}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{soort}: {exc.smtp_code} {_tekst(exc.smtp_error)}"
    return f"{soort}: {exc}"


def wachttijd_na(pogingen: int) -> timedelta:
    """Backoff after the n-th failed attempt: 1, 2, 4 … minutes, at most BACKOFF_MAX."""
    return min(BACKOFF_START * 2 ** max(pogingen - 1, 0), BACKOFF_MAX)


def mislukking_vastleggen(bericht: Bericht, exc: Exception) -> None:
    """Record a failed attempt on a locked row (the caller holds the transaction): count it,
    keep the error, and fail the row for good or move it back (backoff)."""
    bericht.pogingen += 1
    bericht.laatste_fout = fouttekst(exc)[:MAX_FOUTTEKST]
    if is_permanente_fout(exc):
        # Refused for good: trying again for two hours would get the same answer.
        bericht.status = Bericht.Status.MISLUKT
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            # The address itself: shown on the person's page (selectors.adressen_geweigerd).
            bericht.geweigerd_op = timezone.now()
        logger.error(
            "bericht %s definitief geweigerd door de mailserver (soort=%s): %s",
            bericht.pk,
            bericht.soort or "-",
            type(exc).__name__,
        )
    elif bericht.pogingen >= MAX_POGINGEN:
        bericht.status = Bericht.Status.MISLUKT
        logger.error(
            "bericht %s definitief mislukt na %s pogingen (soort=%s): %s",
            bericht.pk,
            bericht.pogingen,
            bericht.soort or "-",
            type(exc).__name__,
        )
    else:
        bericht.versturen_na = timezone.now() + wachttijd_na(bericht.pogingen)
        logger.warning(
            "bericht %s niet verstuurd (poging %s, soort=%s): %s; opnieuw na %s",
            bericht.pk,
            bericht.pogingen,
            bericht.soort or "-",
            type(exc).__name__,
            bericht.versturen_na.isoformat(),
        )
    bericht.save(
        update_fields=["pogingen", "laatste_fout", "status", "versturen_na", "geweigerd_op"]
    )
