"""What a mail server's answer means for a message: refused for good, or worth trying again.

``services`` records a failed attempt with these; ``selectors.adressen_geweigerd`` shows the
addresses refused for good on the person's page.
"""

import smtplib


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
