"""E-mail backends for the outbox tests: a mail server that refuses everything, or some."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class KapotteBackend(BaseEmailBackend):
    """Every send fails, as with an SMTP server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("451 mailserver tijdelijk niet bereikbaar")


class DeelsKapotteBackend(LocmemBackend):
    """Refuses messages to an address starting with "kapot" for now (451: try again later);
    delivers the rest to mail.outbox. (A 5xx refusal is final: see test_weigering.py.)"""

    def send_messages(self, email_messages):
        for bericht in email_messages:
            if any(adres.startswith("kapot") for adres in bericht.to):
                raise smtplib.SMTPRecipientsRefused(
                    {bericht.to[0]: (451, b"4.2.1 mailbox tijdelijk onbereikbaar")}
                )
        return super().send_messages(email_messages)
