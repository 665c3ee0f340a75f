"""The e-mail outbox: queue a message with the change that causes it, send it exactly when due.

How it works
- ``bericht_klaarzetten`` writes a ``Bericht`` row in the caller's transaction and, once that
  transaction commits, queues the Celery task ``bericht_versturen`` for it. A rolled-back change
  leaves no row and sends nothing. If the broker is down the message simply waits for the sweep.
  With a ``sleutel`` (for example ``"herinnering:<id>"``) it is idempotent: the database keeps
  the key unique (constraint ``bericht_sleutel_uniek``), and a key that exists returns that row
  and queues nothing, so a retried beat task or a second worker cannot queue a message twice.
- ``bericht_versturen`` (one message) and ``openstaande_berichten_versturen`` (the sweep that
  Celery beat runs every minute) take due rows with ``select_for_update(skip_locked=True)``
  inside a transaction, send them through Django's mail API and mark them sent in that same
  transaction. The sweep reads the ids of its due rows in one narrow query, then locks them
  ``BATCH_GROOTTE`` at a time by primary key, sends them over one SMTP connection and marks the
  batch with one UPDATE. A row another worker holds is skipped; a row that is no longer
  ``wachtend`` (or no longer due) is never picked (the condition is checked again on the locked
  row), so a retried task or a second worker never sends a message again. With Django's SMTP
  backend the MIME message is written by ``mime.email_als_bytes`` (the bytes Django would write, at
  a twentieth of the cost) and handed to smtplib directly.
- Too late is not sent: a row whose ``verlopen_na`` (e.g. the meeting's begin) has passed is
  marked ``gemist`` instead, under the same lock and in the same transaction, by the task and the
  sweep alike; the dashboard shows it to the regisseur.
- A failed send counts an attempt and stores the error (``smtpfouten.mislukking_vastleggen``).
  A permanent refusal (a 5xx answer to the recipient, the sender or the content,
  ``smtpfouten.is_permanente_fout``) makes the row ``mislukt`` at once: asking again gets the
  same answer. A refused recipient also sets ``geweigerd_op``, so the person's page in /beheer/
  tells the regisseur to check the address (``selectors.adressen_geweigerd``). A temporary
  failure (4xx, connection errors, timeouts) moves ``versturen_na`` back with exponential
  backoff (1, 2, 4 … minutes, at most ``smtpfouten.BACKOFF_MAX``); after
  ``smtpfouten.MAX_POGINGEN`` attempts the row is ``mislukt`` too. The regisseur or beheerder
  can retry a failed row from /beheer/ (``berichten_opnieuw_proberen``); it goes to the address
  it was written for (see docs/berichten.md for a corrected address). One failing message never
  stops the others.
- Withdrawn is never sent: ``berichten_intrekken`` makes waiting rows with a key prefix
  ``ingetrokken``. A soort with an opmaker (``opmaak``: a password link) gets its text made when
  it is sent, never stored; ``bericht_nu_versturen`` sends at once, without Celery.
- A backlog drains at full speed: the sweep that stops at its limit (200 rows or
  ``SWEEP_MAX_DUUR``) while due rows remain queues one next sweep at once (``doorgaan``, passed by
  the Celery task). One per sweep at most, a queued sweep expires after two minutes, and
  ``skip_locked`` keeps sweeps side by side from sending a row twice: no pile of sweeps, and no
  lock beyond the rows' own.

Guarantee: at least once. A message is sent when its row commits, even through a broker or SMTP
outage. There is one small window in which it can go out twice: the process dies (or the
database connection drops) after the SMTP server accepted a message and before the transaction
marking it sent commits. The row is then still ``wachtend`` and is sent again. Each running task
has at most one such transaction open: a sweep one batch (``BATCH_GROOTTE`` messages, a few
hundredths of a second of sending to a local mail server), ``bericht_versturen`` one message.
A worker runs one task per pool process (or thread) at a time, so a worker killed mid-sweep
sends at most ``BATCH_GROOTTE`` messages twice per pool process (``concurrency`` ×
``BATCH_GROOTTE`` for the worker); tasks it had only reserved had sent nothing. Every message
carries a stable Message-ID (``bericht_message_id``) so mail clients can recognise such a
duplicate.

Logs name the message id and its soort, never the address or the subject.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.utils import DNS_NAME
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from . import controle, mime, opmaak, smtpfouten
from .bewaren import VERGETEN_ADRES, adres_vergeten, oude_berichten_opruimen  # noqa: F401 - API
from .models import Bericht

logger = logging.getLogger(__name__)

# Without EMAIL_TIMEOUT in settings a hanging SMTP server would block a worker until Celery's
# hard time limit; this bounds every connection.
SMTP_TIMEOUT_SECONDEN = 30
# The sweep stops taking new rows after this long, well inside the task's soft time limit; the
# next sweep (queued at once when rows remain, else by beat) continues where it stopped.
SWEEP_MAX_DUUR = timedelta(seconds=120)
# The sweep locks and marks this many rows per transaction: one SELECT, one UPDATE and one
# commit per batch instead of per message (25 rather than 10: per message those cost about
# 0.29 ms at 10 and 0.16 ms at 25, of about 1 ms in all to a local mail server). It is also the
# most messages that can go out twice per pool process if the worker dies after the mail server
# accepted them and before the batch commits (docs/berichten.md).
BATCH_GROOTTE = 25

# --- Queueing -----------------------------------------------------------------------------------


def bericht_klaarzetten(
    *,
    aan: str,
    onderwerp: str,
    tekst: str,
    html: str = "",
    bijlagen: Iterable[Mapping[str, str]] = (),
    soort: str = "",
    versturen_na: datetime | None = None,
    verlopen_na: datetime | None = None,
    sleutel: str | None = None,
    gegevens: Mapping[str, int | str] | None = None,
) -> Bericht:
    """Put a message in the outbox, in the caller's transaction; it is sent after commit.

    ``bijlagen``: mappings with ``bestandsnaam``, ``mimetype`` and text ``inhoud`` (for example an
    .ics file). ``versturen_na``: not before this moment (default: now); a message for later is
    sent by the sweep once it is due. ``verlopen_na``: the moment after which sending is
    pointless (a meeting's begin for its reminder); a message still unsent then is never sent
    but marked ``gemist``. ``sleutel``: makes the message idempotent, for example
    ``"uitnodiging:<id>:v<volgnummer>"``; when a message with that key already exists (waiting,
    sent or failed) that row is returned and nothing is queued. The database enforces the key
    (``bericht_sleutel_uniek``), so two transactions racing with the same key write one row: the
    second waits for the first and then gets its row. Raises ``ValueError`` for an invalid
    address, subject, attachment or key, and for a naive ``versturen_na`` or ``verlopen_na``.
    ``gegevens``: for a soort whose text is made when it is sent (``opmaak``), what its opmaker
    needs (ids, never a link or a token).
    """
    bericht, nieuw = _rij_schrijven(
        aan=aan,
        onderwerp=onderwerp,
        tekst=tekst,
        html=html,
        bijlagen=bijlagen,
        soort=soort,
        versturen_na=versturen_na,
        verlopen_na=verlopen_na,
        sleutel=sleutel,
        gegevens=gegevens,
    )
    if nieuw and bericht.versturen_na <= timezone.now():
        pk = bericht.pk
        transaction.on_commit(lambda: _in_wachtrij_zetten(pk))
    return bericht


def adres_in_sleutel(adres: str) -> str:
    """An address as part of a message's key: short and fixed in length (a valid address can
    be longer than the key may be), the same for the same address in any case."""
    return hashlib.sha256(adres.strip().lower().encode()).hexdigest()[:24]


def bericht_nu_versturen(**velden) -> Bericht:
    """Put a message in the outbox and send it at once, in this process, not through Celery:
    for mail someone waits for at the screen (a password link just asked for, the invitation
    of an account just made), which thus needs no running worker. ``velden`` are
    ``bericht_klaarzetten``'s.

    Call it where the change it tells of is committed: allauth sends its mail outside a
    transaction or after commit (``accounts.adapter``), ``accounts.services.account_aanmaken``
    on commit. The row is then committed when it is written and the mail goes out right after,
    under the outbox's row lock, as the task would send it. (Inside a transaction it would go
    out before that commits, and a rollback would remove the row, not the mail.) A failed
    attempt is recorded on the row and the sweep retries it like any other; the caller never
    sees the mail server's error. Returns the row.
    """
    bericht, nieuw = _rij_schrijven(**velden)
    if nieuw:
        bericht_versturen(bericht.pk)
        bericht.refresh_from_db(fields=["status", "verstuurd_op", "pogingen", "laatste_fout"])
    return bericht


def _rij_schrijven(**opgave) -> tuple[Bericht, bool]:
    """Check and write the row (``bericht_klaarzetten``); returns it and whether it is new."""
    velden = controle.velden_controleren(**opgave)
    sleutel = velden.pop("sleutel")
    if sleutel is None:
        bericht = Bericht.objects.create(**velden)
    else:
        bestaand = Bericht.objects.filter(sleutel=sleutel).first()
        if bestaand is not None:
            logger.info("bericht %s bestaat al met deze sleutel; niets klaargezet", bestaand.pk)
            return bestaand, False
        try:
            # A savepoint: a duplicate key must not break the caller's transaction.
            with transaction.atomic():
                bericht = Bericht.objects.create(sleutel=sleutel, **velden)
        except IntegrityError:
            # Another transaction wrote this key first (the insert waited for it to commit).
            bestaand = Bericht.objects.filter(sleutel=sleutel).first()
            if bestaand is None:
                raise  # not the key: some other constraint
            logger.info("bericht %s bestaat al met deze sleutel; niets klaargezet", bestaand.pk)
            return bestaand, False
    logger.info("bericht %s klaargezet (soort=%s)", bericht.pk, bericht.soort or "-")
    return bericht, True


def bericht_opstellen(
    *, aan: str, onderwerp: str, sjabloon: str, context: Mapping, html: bool = True, **opties
) -> Bericht:
    """A message made from templates, into the outbox (``bericht_klaarzetten``): the text is
    ``<sjabloon>.txt`` and, with ``html``, the HTML part ``<sjabloon>.html``, both rendered with
    ``context``; the subject becomes one line. ``opties`` are ``bericht_klaarzetten``'s
    (``bijlagen``, ``soort``, ``versturen_na``, ``verlopen_na``, ``sleutel``)."""
    return bericht_klaarzetten(
        aan=aan,
        onderwerp=" ".join(str(onderwerp).split()),
        tekst=render_to_string(f"{sjabloon}.txt", context),
        html=render_to_string(f"{sjabloon}.html", context) if html else "",
        **opties,
    )


def _in_wachtrij_zetten(pk: int) -> None:
    """Runs after commit. A broker outage loses nothing: the sweep sends the row later."""
    from . import tasks  # tasks imports this module

    try:
        tasks.bericht_versturen.delay(pk)
    except Exception:  # the broker is down or unreachable
        logger.warning(
            "bericht %s niet in de wachtrij gezet; de periodieke ronde verstuurt het",
            pk,
            exc_info=True,
        )


# --- Sending ------------------------------------------------------------------------------------


def _te_versturen():
    return Bericht.objects.select_for_update(skip_locked=True).filter(
        status=Bericht.Status.WACHTEND
    )


def _is_verlopen(bericht: Bericht, nu: datetime) -> bool:
    return bericht.verlopen_na is not None and bericht.verlopen_na <= nu


def bericht_versturen(pk: int) -> bool:
    """Send one message if it is due, waiting and not held by another worker.

    Returns True when it was sent now. A message whose ``verlopen_na`` has passed is not sent
    but marked ``gemist`` (under the same lock). Never raises for a failed send (that is
    recorded on the row and retried by the sweep).
    """
    verbinding = _verbinding()
    try:
        with transaction.atomic():
            bericht = _te_versturen().filter(pk=pk, versturen_na__lte=timezone.now()).first()
            if bericht is None:
                return False
            if _is_verlopen(bericht, timezone.now()):
                _als_gemist_markeren([bericht])
                return False
            if _verzenden(bericht, verbinding) is not True:
                return False
            _als_verstuurd_markeren([bericht])
            return True
    finally:
        _sluiten(verbinding)  # after the commit: QUIT is not part of the window


def openstaande_berichten_versturen(max_aantal: int = 200, *, doorgaan: bool = False) -> int:
    """The sweep: send due messages, oldest first, over one SMTP connection.

    Rows are locked in batches of ``BATCH_GROOTTE`` (``select_for_update(skip_locked=True)``,
    so a second worker takes other rows); each message of a batch is sent (or, past its
    ``verlopen_na``, marked ``gemist``) and the batch is marked in that same transaction.
    Returns how many were sent. One bad message never stops the others and nothing is raised.

    ``doorgaan`` (the Celery task passes it): when the sweep stops at its limit (``max_aantal``
    rows or ``SWEEP_MAX_DUUR``) while due rows remain, it queues one next sweep at once, so a
    backlog drains at full speed instead of ``max_aantal`` a minute. At most one per sweep, and
    only then; a broker that is down costs a warning (beat starts the next sweep anyway).
    """
    begin = timezone.now()
    eind = begin + SWEEP_MAX_DUUR
    verstuurd = 0
    gemist = 0
    overslaan: set[int] = set()  # rows whose batch failed or whose failure was not recorded
    try:
        # The sweep's rows, oldest first, in one narrow query (ids only); each batch then locks
        # its rows by primary key. Locking "the first 10 due rows" per batch instead made
        # PostgreSQL sort every due row, text included, for each batch whenever its
        # statistics lagged behind a fresh backlog (a bitmap scan instead of the index).
        kandidaten = list(
            Bericht.objects.filter(status=Bericht.Status.WACHTEND, versturen_na__lte=begin)
            .order_by("versturen_na", "pk")
            .values_list("pk", flat=True)[:max_aantal]
        )
    except Exception:
        logger.exception("berichtenronde: de wachtende berichten zijn niet op te vragen")
        return 0
    # Stopped at max_aantal or the time budget, not because nothing was due.
    aan_de_grens = len(kandidaten) >= max_aantal
    verbinding = _verbinding()
    try:
        for start in range(0, len(kandidaten), BATCH_GROOTTE):
            if timezone.now() >= eind:
                logger.info("berichtenronde stopt na %s; de volgende gaat verder", SWEEP_MAX_DUUR)
                aan_de_grens = True
                break
            pks: list[int] = []
            try:
                with transaction.atomic():
                    batch = _batch_vastpakken(kandidaten[start : start + BATCH_GROOTTE], begin)
                    if not batch:
                        continue
                    pks = [bericht.pk for bericht in batch]
                    n_verstuurd, n_gemist = _batch_versturen(batch, verbinding, eind, overslaan)
                    verstuurd += n_verstuurd
                    gemist += n_gemist
            except Exception:
                logger.exception("berichten %s: onverwachte fout in de berichtenronde", pks)
                _sluiten(verbinding)
                if not pks:  # not even a row could be picked: the database is in trouble
                    break
                # A database error around one batch: leave it and go on with the others.
                overslaan.update(pks)
    finally:
        _sluiten(verbinding)
    if verstuurd or gemist:
        logger.info("berichtenronde: %s bericht(en) verstuurd, %s gemist", verstuurd, gemist)
    if doorgaan and aan_de_grens:
        _doorgaan_als_er_meer_is(overslaan)
    return verstuurd


def _batch_vastpakken(pks: list[int], tot: datetime) -> list[Bericht]:
    """Lock these rows and return those still due (``wachtend``, ``versturen_na <= tot``),
    oldest first; the caller holds the transaction.

    The lock is taken by primary key alone, ``select_for_update(skip_locked=True)``: a row
    another worker holds is skipped. The condition is checked on the locked row, which is its
    latest committed version (PostgreSQL follows an update that committed in the meantime), so
    a row another worker sent, or moved back after a failed attempt, is left alone. (With the
    condition in the query, PostgreSQL, its statistics lagging behind a fresh backlog, scanned
    the partial index of every waiting row for each batch.)
    """
    rijen = (
        Bericht.objects.select_for_update(skip_locked=True)
        .filter(pk__in=pks)
        .order_by("versturen_na", "pk")
    )
    return [b for b in rijen if b.status == Bericht.Status.WACHTEND and b.versturen_na <= tot]


def _doorgaan_als_er_meer_is(overslaan: set[int]) -> None:
    """The sweep stopped at its limit: queue the next one now if due rows remain.

    Never more than one, so sweeps do not multiply: each queued sweep continues one chain, new
    chains come only from beat (one a minute) and ``berichten_opnieuw_proberen``, and a sweep
    that waited in the queue longer than its ``expires``
    (``tasks.openstaande_berichten_versturen``) is dropped. Two sweeps side by side never send a
    row twice (``skip_locked``); they only share the work. Rows another sweep holds at this
    moment do not count (``skip_locked`` here too): that sweep sends them, and looks for more
    when it stops.
    """
    try:
        with transaction.atomic():
            meer = (
                Bericht.objects.select_for_update(skip_locked=True)
                .filter(status=Bericht.Status.WACHTEND, versturen_na__lte=timezone.now())
                .exclude(pk__in=overslaan)
                .exists()
            )
    except Exception:
        logger.warning("berichtenronde: niet na te gaan of er meer te doen is", exc_info=True)
        return
    if meer:
        logger.info("berichtenronde: er wacht meer; de volgende ronde start meteen")
        _ronde_in_wachtrij_zetten()


def _batch_versturen(
    batch: list[Bericht], verbinding, eind: datetime, overslaan: set[int]
) -> tuple[int, int]:
    """Send a batch of locked rows and mark the sent and the missed ones (the caller holds the
    transaction). Returns (sent, missed)."""
    verstuurd: list[Bericht] = []
    gemist: list[Bericht] = []
    for bericht in batch:
        nu = timezone.now()
        if nu >= eind:
            # The rest of the batch is left untouched: released at commit, for the next sweep.
            break
        if _is_verlopen(bericht, nu):
            gemist.append(bericht)
            continue
        uitkomst = _verzenden(bericht, verbinding)
        if uitkomst is True:
            verstuurd.append(bericht)
        elif uitkomst is None:
            overslaan.add(bericht.pk)
    if verstuurd:
        _als_verstuurd_markeren(verstuurd)
    if gemist:
        _als_gemist_markeren(gemist)
    return len(verstuurd), len(gemist)


def _verbinding():
    timeout = getattr(settings, "EMAIL_TIMEOUT", None) or SMTP_TIMEOUT_SECONDEN
    return get_connection(timeout=timeout)


def _sluiten(verbinding) -> None:
    try:
        verbinding.close()
    except Exception:
        logger.warning("e-mailverbinding niet netjes gesloten", exc_info=True)


def _verzenden(bericht: Bericht, verbinding) -> bool | None:
    """Hand a locked, due row to the mail server; a failure is recorded on the row.

    True: accepted (the caller marks it sent in the same transaction). False: failed, attempt
    recorded, or withdrawn by its opmaker (``opmaak.NietVersturen``: now ``ingetrokken``).
    None: failed and even recording that failed (a savepoint keeps the caller's transaction
    usable).
    """
    try:
        _smtp_versturen(bericht, verbinding)
    except opmaak.NietVersturen as reden:  # its opmaker withdrew it: nothing went out
        try:
            with transaction.atomic():
                opmaak.intrekking_vastleggen(bericht, reden)
        except Exception:
            logger.exception("bericht %s: intrekking niet vastgelegd", bericht.pk)
            return None
        return False
    except Exception as exc:
        _sluiten(verbinding)  # the next message starts on a fresh connection
        try:
            with transaction.atomic():
                smtpfouten.mislukking_vastleggen(bericht, exc)
        except Exception:
            logger.exception("bericht %s: mislukte poging niet vastgelegd", bericht.pk)
            return None
        return False
    return True


def _smtp_versturen(bericht: Bericht, verbinding) -> None:
    email = bericht_als_email(bericht, verbinding)
    # Open the connection here so that Django's SMTP backend keeps it open for the next
    # message of the sweep (it closes only connections that send_messages opened itself).
    # open() returns False when the connection was already open; other backends return None.
    hergebruikt = verbinding.open() is False
    try:
        _afleveren(email, verbinding)
    except smtplib.SMTPServerDisconnected:
        if not hergebruikt:
            raise
        # The server closed the connection we kept between messages (an idle timeout, a limit
        # of messages per connection): once more, on a fresh connection, instead of counting a
        # failed attempt. (Had the server accepted the message just before it hung up, it goes
        # out twice, as it would with the retry of the next sweep: at least once.)
        _sluiten(verbinding)
        verbinding.open()
        _afleveren(email, verbinding)


def _afleveren(email: EmailMultiAlternatives, verbinding) -> None:
    """Hand one message to the mail server over the open connection.

    Django's SMTP backend builds every message with Python's ``email`` package, which costs
    more than the SMTP conversation itself (header folding, a regular expression compiled per
    MIME boundary). With that backend the message is written by ``mime.email_als_bytes`` instead and
    given to the open ``smtplib`` connection, exactly as the backend's ``_send`` would: the same
    envelope, the same errors. Any other backend (locmem in tests, the console in development)
    gets the message itself.
    """
    smtp = getattr(verbinding, "connection", None)
    if type(verbinding) is not SmtpBackend or smtp is None:
        email.send()
        return
    inhoud = mime.email_als_bytes(email)
    if inhoud is None:  # not the outbox's usual shape: the email package writes it
        inhoud = email.message().as_bytes(linesep="\r\n")
    smtp.sendmail(
        mime.envelop_adres(email.from_email),
        [mime.envelop_adres(adres) for adres in email.recipients()],
        inhoud,
    )


def _als_verstuurd_markeren(berichten: list[Bericht]) -> None:
    nu = timezone.now()
    Bericht.objects.filter(pk__in=[b.pk for b in berichten]).update(
        status=Bericht.Status.VERSTUURD, verstuurd_op=nu
    )
    for bericht in berichten:
        bericht.status, bericht.verstuurd_op = Bericht.Status.VERSTUURD, nu
    # One line per batch, not per message: each message's id and soort.
    if logger.isEnabledFor(logging.INFO):
        logger.info(
            "%s bericht(en) verstuurd: %s",
            len(berichten),
            ", ".join(f"{b.pk} (soort={b.soort or '-'})" for b in berichten),
        )


def _als_gemist_markeren(berichten: list[Bericht]) -> None:
    """Locked rows past their ``verlopen_na``: not sent, now or ever (pretix: "missed")."""
    Bericht.objects.filter(pk__in=[b.pk for b in berichten]).update(status=Bericht.Status.GEMIST)
    for bericht in berichten:
        bericht.status = Bericht.Status.GEMIST
        logger.warning(
            "bericht %s gemist: te laat om nog te versturen (soort=%s)",
            bericht.pk,
            bericht.soort or "-",
        )


def bericht_als_email(bericht: Bericht, verbinding=None) -> EmailMultiAlternatives:
    """The mail for this row. A soort with an opmaker gets its text made now, in memory
    (``opmaak``: a password link made at send time); raises ``opmaak.NietVersturen`` when the
    opmaker withdraws it."""
    inhoud = opmaak.inhoud_maken(bericht)
    tekst, html = (bericht.tekst, bericht.html) if inhoud is None else (inhoud.tekst, inhoud.html)
    email = EmailMultiAlternatives(
        subject=bericht.onderwerp,
        body=tekst,
        to=[bericht.aan],
        connection=verbinding,
        headers={
            "Message-ID": bericht_message_id(bericht),
            # Automatic mail: no out-of-office replies (RFC 3834).
            "Auto-Submitted": "auto-generated",
        },
    )
    if html:
        email.attach_alternative(html, "text/html")
    for bijlage in bericht.bijlagen:
        email.attach(bijlage["bestandsnaam"], bijlage["inhoud"], bijlage["mimetype"])
    return email


def bericht_message_id(bericht: Bericht) -> str:
    """The same for every attempt at one message, unique across messages and databases."""
    stempel = int(bericht.aangemaakt_op.timestamp() * 1000)
    return f"<netwerkregie.bericht.{bericht.pk}.{stempel}@{DNS_NAME}>"


# --- Retry --------------------------------------------------------------------------------------


def berichten_opnieuw_proberen(queryset) -> int:
    """Put failed messages back in the outbox, due now; returns how many. Others are untouched.

    The last error stays visible until the message is sent or fails again.
    """
    aantal = queryset.filter(status=Bericht.Status.MISLUKT).update(
        status=Bericht.Status.WACHTEND, pogingen=0, versturen_na=timezone.now()
    )
    if aantal:
        logger.info("%s mislukt(e) bericht(en) opnieuw klaargezet", aantal)
        transaction.on_commit(_ronde_in_wachtrij_zetten)
    return aantal


# --- Withdrawal ---------------------------------------------------------------------------------


def berichten_intrekken(*, sleutel_begint_met: str) -> int:
    """Withdraw every message still waiting whose key starts with ``sleutel_begint_met``: it
    becomes ``ingetrokken`` and is never sent, because what it was about no longer applies (a
    notification about a signal that was anonymised, or a share that was revoked). Returns how
    many. Messages already sent, failed or missed are left as they are.

    In the caller's transaction (a rollback withdraws nothing), under row locks (``FOR
    UPDATE``, in id order). A row a worker is sending now is *waited for*, not skipped (a batch
    is held for hundredths of a second); then PostgreSQL checks the condition on its new
    version: sent stays sent (not counted), moved back after a failed attempt is withdrawn
    (skipped, it would go out at the next attempt). Workers never wait for this lock
    (``skip_locked``): no deadlock. ``ValueError`` for an empty prefix (that is everything).
    """
    if not isinstance(sleutel_begint_met, str) or not sleutel_begint_met.strip():
        raise ValueError("Intrekken vraagt het begin van een sleutel; een leeg begin kan niet.")
    with transaction.atomic():
        pks = list(
            Bericht.objects.select_for_update()
            .filter(status=Bericht.Status.WACHTEND, sleutel__startswith=sleutel_begint_met)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not pks:
            return 0
        aantal = Bericht.objects.filter(pk__in=pks, status=Bericht.Status.WACHTEND).update(
            status=Bericht.Status.INGETROKKEN
        )
    logger.info("%s wachtend(e) bericht(en) ingetrokken: %s", aantal, pks)
    return aantal


def _ronde_in_wachtrij_zetten() -> None:
    from . import tasks

    try:
        tasks.openstaande_berichten_versturen.delay()
    except Exception:
        logger.warning(
            "berichtenronde niet in de wachtrij gezet; beat start de volgende", exc_info=True
        )
