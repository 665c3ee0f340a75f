"""Messages whose text is made when they are sent ("late rendering").

Some mail must not lie in the outbox as it will go out: a link that sets a password or confirms
an address opens the account to whoever reads it, and the regisseur reads every message's text
in /beheer/. Such a row holds its text with a placeholder where the link goes (so the outbox
still shows what the mail says) and, in ``gegevens``, what is needed to make the link: an
account's id, never a token. When the row is sent, the *opmaker* registered for its ``soort``
makes the final text in memory, with a link that is fresh from that moment; the row never holds
it. A retried or repeated send thus makes another link (each valid on its own, until used or
expired).

Apps register their opmakers in their ``AppConfig.ready()`` (``opmaker_registreren``), so
``berichten`` imports none of them; every process that sends (web, worker) runs ``ready()``.
An opmaker gets the locked row and returns the ``Inhoud`` to send, or raises ``NietVersturen``
with a reason in Dutch when what the message was about no longer applies (the account is no
longer active, its address changed): the row becomes ``ingetrokken``, with that reason in
``laatste_fout``, and is never sent. Any other exception counts as a failed attempt (retried
with backoff, ``smtpfouten``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from .models import Bericht

logger = logging.getLogger(__name__)


class NietVersturen(Exception):  # noqa: N818 - a decision, not an error
    """What the message was about no longer applies: withdraw it; ``str()`` is the reason in
    Dutch, kept in ``laatste_fout``."""


@dataclass(frozen=True)
class Inhoud:
    """The text of a message as it goes out, made in memory at send time."""

    tekst: str
    html: str = ""


Opmaker = Callable[[Bericht], Inhoud]

_opmakers: dict[str, Opmaker] = {}


def opmaker_registreren(soort: str, opmaker: Opmaker) -> None:
    """Messages of this ``soort`` get their text from ``opmaker`` when they are sent.

    Registering the same function again is harmless (``ready()`` may run twice in tests);
    another function for a soort that has one raises ``ValueError``.
    """
    if not soort or "." not in soort:
        raise ValueError("Een opmaker hoort bij een soort als 'app.naam'.")
    bestaand = _opmakers.get(soort)
    if bestaand is not None and bestaand is not opmaker:
        raise ValueError(f"Voor de soort {soort} is al een opmaker geregistreerd.")
    _opmakers[soort] = opmaker


def heeft_opmaker(soort: str) -> bool:
    return soort in _opmakers


def inhoud_maken(bericht: Bericht) -> Inhoud | None:
    """The text to send for this row: its opmaker's, or None when the row's own text goes out.

    Raises ``NietVersturen`` when the opmaker withdraws the message.
    """
    opmaker = _opmakers.get(bericht.soort)
    return None if opmaker is None else opmaker(bericht)


def intrekking_vastleggen(bericht: Bericht, reden: NietVersturen) -> None:
    """The opmaker withdrew this locked row (the caller holds the transaction): never sent."""
    bericht.status = Bericht.Status.INGETROKKEN
    bericht.laatste_fout = str(reden)[:2000]
    bericht.save(update_fields=["status", "laatste_fout"])
    logger.warning(
        "bericht %s ingetrokken bij het versturen (soort=%s): het onderwerp ervan geldt niet meer",
        bericht.pk,
        bericht.soort or "-",
    )
