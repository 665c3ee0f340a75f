"""One-time form tokens: a form sent twice makes one thing, not two.

A double click under load, or a request resent over a flaky connection, posts the same form
twice. Each rendering of a form that creates something gets a fresh token (``token_uitgeven``),
sent back in a hidden field: a random nonce, the time, and a signature (HMAC with
``SECRET_KEY``) over both, the form's purpose and a secret of the user's session. That secret
is made at the first form of a session and never leaves the server; issuing a token writes
nothing after that (the tokens themselves are not kept in the session). The view claims the
token's nonce in the transaction that creates the thing (``claimen``): the claim is a row whose
(doel, token) the database keeps unique, so the second POST waits for the first to commit and
then learns what the first made (``AlVerstuurd.resultaat``), and the page shows that instead.

A token that this session never received (a forged or stale form, a form from before a new
login, another session's or another form's), or one older than ``BEWAREN`` (its claim may be
cleaned up by then), is refused with ``OnbekendToken``: the view shows the form again, with what
was typed, and a fresh token.

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

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import EenmaligeInzending

VELD = "eenmalig"
# In the session: its secret, which every token of the session is signed with. Never sent out.
SESSIE = "kern_eenmalig_geheim"
ZOUT = "kern.eenmalig"
# Claims older than this are removed by the daily clean-up; a token is refused after it, so a
# form sent again later can never be taken for a new one once its claim is gone.
BEWAREN = timedelta(days=7)


class OnbekendToken(Exception):
    """The token was not issued to this session (or is missing)."""


class AlVerstuurd(Exception):
    """This form was sent before; ``resultaat`` is what that POST made ("" if it made
    nothing recordable)."""

    def __init__(self, resultaat: str):
        super().__init__(resultaat)
        self.resultaat = resultaat


def _sessiegeheim(request, *, maken: bool) -> str | None:
    geheim = request.session.get(SESSIE)
    if geheim is None and maken:
        geheim = request.session[SESSIE] = secrets.token_urlsafe(24)  # written once
    return geheim


def _ondertekenaar(doel: str, geheim: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"{ZOUT}:{doel}:{geheim}")


def token_uitgeven(request, doel: str) -> str:
    """A fresh token for one rendering of the form for ``doel``, valid in this session only."""
    nonce = secrets.token_urlsafe(16)
    return _ondertekenaar(doel, _sessiegeheim(request, maken=True)).sign(nonce)


def _nonce(request, doel: str, token: str) -> str | None:
    """The nonce of a token issued to this session for ``doel`` and not older than
    ``BEWAREN``, or None."""
    geheim = _sessiegeheim(request, maken=False)
    if not token or geheim is None:
        return None
    try:
        return _ondertekenaar(doel, geheim).unsign(token, max_age=BEWAREN)
    except signing.BadSignature:  # forged, another session's, another form's, or too old
        return None


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
    nonce = _nonce(request, doel, token)
    if nonce is None:
        raise OnbekendToken
    gebruiker = request.user if request.user.is_authenticated else None
    # The nonce is the claim's key: once claimed, no second POST with it makes anything.
    return sleutel_claimen(doel=doel, sleutel=nonce, gebruiker=gebruiker)


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
