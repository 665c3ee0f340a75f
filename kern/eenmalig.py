"""One-time form tokens: a form sent twice makes one thing, not two.

A double click under load, or a request resent over a flaky connection, posts the same form
twice. Each rendering of a form that creates something gets a fresh token (``token_uitgeven``),
remembered in the user's session and sent back in a hidden field. The view claims the token in
the transaction that creates the thing (``claimen``): the claim is a row whose (doel, token)
the database keeps unique, so the second POST waits for the first to commit and then learns what
the first made (``AlVerstuurd.resultaat``), and the page shows that instead.

A token that this session never received (a forged or stale form, a form from before a new
login) is refused with ``OnbekendToken``: the view shows the form again, with what was typed,
and a fresh token.

    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                inzending = eenmalig.claimen(request, "signaal")
                signaal = services.signaal_indienen(...)
                inzending.vastleggen(signaal.referentie)
        except eenmalig.AlVerstuurd as al:
            return redirect(..., al.resultaat)
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import EenmaligeInzending

VELD = "eenmalig"
SESSIE = "kern_eenmalig"
# How many tokens a session remembers: enough for many open tabs.
BEWAARD_PER_SESSIE = 50
# Claims older than this are removed by the daily clean-up; a form resent later than that is
# treated as new (by then the first POST was long answered).
BEWAREN = timedelta(days=7)


class OnbekendToken(Exception):
    """The token was not issued to this session (or is missing)."""


class AlVerstuurd(Exception):
    """This form was sent before; ``resultaat`` is what that POST made ("" if it made
    nothing recordable)."""

    def __init__(self, resultaat: str):
        super().__init__(resultaat)
        self.resultaat = resultaat


def token_uitgeven(request, doel: str) -> str:
    token = secrets.token_urlsafe(24)
    uitgegeven = list(request.session.get(SESSIE, []))[-(BEWAARD_PER_SESSIE - 1) :]
    uitgegeven.append(f"{doel}:{token}")
    request.session[SESSIE] = uitgegeven
    return token


class Claim:
    def __init__(self, rij: EenmaligeInzending):
        self.rij = rij

    def vastleggen(self, resultaat) -> None:
        """Record what the form made (a primary key, a reference), in the same transaction."""
        self.rij.resultaat = str(resultaat)[:200]
        self.rij.save(update_fields=["resultaat"])

    def intrekken(self) -> None:
        """The form made nothing (it was invalid): the token may be used again."""
        self.rij.delete()


def claimen(request, doel: str, token: str | None = None) -> Claim:
    """Claim the token of the POSTed form for ``doel``; call inside the transaction that makes
    what the form asks. Raises ``OnbekendToken`` or ``AlVerstuurd``."""
    if token is None:
        token = request.POST.get(VELD, "")
    if not token or f"{doel}:{token}" not in request.session.get(SESSIE, []):
        raise OnbekendToken
    gebruiker = request.user if request.user.is_authenticated else None
    return sleutel_claimen(doel=doel, sleutel=token, gebruiker=gebruiker)


def sleutel_claimen(*, doel: str, sleutel: str, gebruiker=None) -> Claim:
    """Claim a key the server made itself and handed to one user's form (the stored name of an
    uploaded import file, for example), without the session check of ``claimen``. Raises
    ``AlVerstuurd`` when it was claimed before."""
    token = sleutel[: EenmaligeInzending._meta.get_field("token").max_length]
    try:
        with transaction.atomic():  # a savepoint: the duplicate must not break the caller's
            rij = EenmaligeInzending.objects.create(doel=doel, token=token, gebruiker=gebruiker)
    except IntegrityError:
        # The first POST with this token committed while this one waited on the unique key.
        eerder = EenmaligeInzending.objects.filter(doel=doel, token=token).first()
        if eerder is None:
            raise
        raise AlVerstuurd(eerder.resultaat) from None
    return Claim(rij)


def opruimen(nu=None) -> int:
    """Daily: forget claims older than ``BEWAREN``."""
    grens = (nu or timezone.now()) - BEWAREN
    aantal, _ = EenmaligeInzending.objects.filter(aangemaakt_op__lt=grens).delete()
    return aantal
