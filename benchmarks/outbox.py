"""Benchmark of the e-mail outbox: queue N messages, let ONE real Celery worker send them over
real SMTP, and count what arrives.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/netwerkregie \\
    REDIS_URL=redis://127.0.0.1:6379/0 \\
    .venv/bin/python benchmarks/outbox.py [--aantal 10000] [--achterstand] [--database NAAM]

It never touches the data in DATABASE_URL: it connects to that PostgreSQL server, creates a
database of its own (``--database``, default ``netwerkregie_benchmark``), migrates it, and drops
it afterwards. Celery messages go to a queue of its own on REDIS_URL, which is deleted afterwards.
The mail server is an aiosmtpd sink in this process on a free port of 127.0.0.1; it counts
messages by Message-ID.

Steps: queue N messages with ``bericht_klaarzetten`` (in transactions of ``--batch`` messages;
the per-message task that a commit would queue is switched off, so only the sweep sends), start
one worker (``celery.contrib.testing.worker.start_worker``, solo pool, in a thread of this
process), and queue the sweep ``openstaande_berichten_versturen`` again each time it finishes,
until nothing is due. With ``--achterstand`` (the backlog after a worker crash): queue the sweep
once, as beat would, and let the sweeps queue each other until the outbox is empty; no beat.
Prints the time, messages per second, what the sink received, duplicates (a Message-ID received
more than once), messages that never arrived, and rows that did not end ``verstuurd``. Exits
non-zero when anything is missing, duplicated or failed.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

DATABASE = "netwerkregie_benchmark"  # --database
QUEUE = "netwerkregie-benchmark"
# A sweep stops by itself after two minutes (SWEEP_MAX_DUUR).
SWEEP_WACHTEN = 180

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Netwerkregie//benchmark//NL\r\n"
    "METHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:bijeenkomst-{n}@netwerkregie\r\n"
    "DTSTAMP:20260101T090000Z\r\nDTSTART:20260115T130000Z\r\nDTEND:20260115T150000Z\r\n"
    "SUMMARY:Netwerkoverleg radicalisering en polarisatie\r\nLOCATION:Stadhuis\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)
TEKST = (
    "Beste deelnemer,\n\nU bent uitgenodigd voor het netwerkoverleg van donderdag 15 januari,\n"
    "14.00 tot 16.00 uur in het stadhuis. Laat via de link weten of u komt:\n\n"
    "https://netwerkregie.gemeente.example/bijeenkomsten/antwoord/{n}/\n\n"
    "Met vriendelijke groet,\nDe netwerkregisseur\n"
)
HTML = "<p>Beste deelnemer,</p><p>U bent uitgenodigd voor het netwerkoverleg.</p>" * 3

MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(<[^>\r\n]+>)", re.IGNORECASE | re.MULTILINE)


# --- The SMTP sink ------------------------------------------------------------------------------


class Sink:
    """aiosmtpd handler: counts received messages by Message-ID (runs in the server's thread)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.per_id: Counter[str] = Counter()
        self.zonder_id = 0
        self.verbindingen: set[tuple] = set()  # client address and port: one per connection

    async def handle_DATA(self, server, session, envelope):
        kop = re.split(rb"\r?\n\r?\n", envelope.content, maxsplit=1)[0]
        gevonden = MESSAGE_ID.search(kop)
        with self.lock:
            self.verbindingen.add(session.peer)
            if gevonden:
                self.per_id[gevonden.group(1).decode()] += 1
            else:
                self.zonder_id += 1
        return "250 Message accepted for delivery"


def vrije_poort() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- The throwaway database ---------------------------------------------------------------------


def _server_verbinding(url: str):
    import psycopg2

    deel = urlsplit(url)
    verbinding = psycopg2.connect(
        dbname="postgres",
        user=unquote(deel.username or "") or None,
        password=unquote(deel.password or "") or None,
        host=deel.hostname or None,
        port=deel.port or None,
    )
    verbinding.autocommit = True
    return verbinding


def database_maken(url: str) -> str:
    from psycopg2 import sql

    verbinding = _server_verbinding(url)
    try:
        with verbinding.cursor() as cur:
            # A leftover of an interrupted run has this name only.
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(DATABASE)))
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
    finally:
        verbinding.close()
    return urlunsplit(urlsplit(url)._replace(path="/" + DATABASE))


def database_opruimen(url: str) -> None:
    from psycopg2 import sql

    verbinding = _server_verbinding(url)
    try:
        with verbinding.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(DATABASE)))
    finally:
        verbinding.close()


def broker_opruimen(broker_url: str) -> None:
    """Delete the benchmark's queue and its bindings from Redis; nothing else."""
    import redis

    client = redis.Redis.from_url(broker_url)
    try:
        sleutels = {f"_kombu.binding.{QUEUE}", f"_kombu.binding_permanent.{QUEUE}"}
        sleutels.update(client.scan_iter(match=QUEUE + "*"))  # the queue (and its priorities)
        client.delete(*sleutels)
        client.zrem("_kombu.binding_deadlines", QUEUE)
    finally:
        client.close()


# --- The benchmark ------------------------------------------------------------------------------


def _klaarzetten(n: int):
    from berichten import services

    return services.bericht_klaarzetten(
        aan=f"deelnemer{n}@voorbeeld.nl",
        onderwerp=f"Uitnodiging: netwerkoverleg ({n})",
        tekst=TEKST.format(n=n),
        html=HTML,
        bijlagen=[
            {
                "bestandsnaam": "bijeenkomst.ics",
                "mimetype": "text/calendar",
                "inhoud": ICS.format(n=n),
            }
        ],
        soort="benchmark.uitnodiging",
        sleutel=f"benchmark:{n}",
    )


def klaarzetten(aantal: int, batch: int) -> tuple[float, int]:
    """Queue ``aantal`` messages; then queue the first 1000 once more with the same keys.

    Returns the time of the first pass and how many rows the second pass added (must be 0).
    """
    from unittest import mock

    from django.db import transaction

    from berichten import services
    from berichten.models import Bericht

    begin = time.perf_counter()
    # Only the sweep sends: no task per message after each commit.
    with mock.patch.object(services, "_in_wachtrij_zetten", lambda pk: None):
        for start in range(0, aantal, batch):
            with transaction.atomic():
                for n in range(start, min(start + batch, aantal)):
                    _klaarzetten(n)
        duur = time.perf_counter() - begin
        voor = Bericht.objects.count()
        with transaction.atomic():
            for n in range(min(aantal, 1000)):
                _klaarzetten(n)
        extra = Bericht.objects.count() - voor
    return duur, extra


def achterstand_wegwerken() -> tuple[float, list[int]]:
    """One worker; queue the sweep ONCE and wait until nothing is due: the sweeps queue the next
    themselves (``doorgaan``) while a backlog remains. Beat does not run."""
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun
    from django.utils import timezone

    from berichten import tasks
    from berichten.models import Bericht
    from config.celery import app

    per_ronde: list[int] = []

    def na_de_taak(sender=None, retval=None, **kwargs):
        if getattr(sender, "name", None) == tasks.openstaande_berichten_versturen.name:
            per_ronde.append(retval if isinstance(retval, int) else 0)

    def te_doen() -> bool:
        return Bericht.objects.filter(
            status=Bericht.Status.WACHTEND, versturen_na__lte=timezone.now()
        ).exists()

    task_postrun.connect(na_de_taak, weak=False)
    with start_worker(
        app,
        pool="solo",
        concurrency=1,
        perform_ping_check=False,
        loglevel="WARNING",
        hostname=f"benchmark-{os.getpid()}@%h",
        shutdown_timeout=30,
    ):
        begin = time.perf_counter()
        tasks.openstaande_berichten_versturen.delay()
        while te_doen():
            if time.perf_counter() - begin > SWEEP_WACHTEN:
                raise SystemExit(
                    f"na {SWEEP_WACHTEN} s nog berichten wachtend, na {len(per_ronde)} ronde(s)"
                )
            time.sleep(0.05)
        duur = time.perf_counter() - begin
    task_postrun.disconnect(na_de_taak)
    return duur, per_ronde


def versturen(max_rondes: int) -> tuple[float, list[int]]:
    """One worker; queue the sweep again each time it finishes, until nothing is due."""
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun
    from django.utils import timezone

    from berichten import tasks
    from berichten.models import Bericht
    from config.celery import app

    klaar = threading.Event()
    per_ronde: list[int] = []

    def na_de_taak(sender=None, retval=None, **kwargs):
        if getattr(sender, "name", None) == tasks.openstaande_berichten_versturen.name:
            per_ronde.append(retval if isinstance(retval, int) else 0)
            klaar.set()

    task_postrun.connect(na_de_taak, weak=False)
    with start_worker(
        app,
        pool="solo",
        concurrency=1,
        perform_ping_check=False,
        loglevel="WARNING",
        hostname=f"benchmark-{os.getpid()}@%h",
        shutdown_timeout=30,
    ):
        begin = time.perf_counter()
        for _ in range(max_rondes):
            klaar.clear()
            tasks.openstaande_berichten_versturen.delay()
            if not klaar.wait(timeout=SWEEP_WACHTEN):
                raise SystemExit(f"de worker voerde de ronde niet binnen {SWEEP_WACHTEN} s uit")
            if not Bericht.objects.filter(
                status=Bericht.Status.WACHTEND, versturen_na__lte=timezone.now()
            ).exists():
                break
        duur = time.perf_counter() - begin
    task_postrun.disconnect(na_de_taak)
    return duur, per_ronde


def rapport(aantal, duur_klaar, extra, duur, per_ronde, sink: Sink) -> bool:
    from django.db.models import Count

    from berichten.models import Bericht
    from berichten.services import bericht_message_id

    verwacht = {
        bericht_message_id(b) for b in Bericht.objects.only("pk", "aangemaakt_op").iterator()
    }
    with sink.lock:
        per_id = Counter(sink.per_id)
        zonder_id = sink.zonder_id
        verbindingen = len(sink.verbindingen)
    ontvangen = sum(per_id.values()) + zonder_id
    dubbel = sum(n - 1 for n in per_id.values() if n > 1)
    ontbrekend = len(verwacht - set(per_id))
    vreemd = len(set(per_id) - verwacht) + zonder_id
    statussen = dict(
        Bericht.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    met_fout = Bericht.objects.filter(pogingen__gt=0).count()
    niet_verstuurd = sum(n for status, n in statussen.items() if status != "verstuurd")

    print(f"berichten klaargezet:        {aantal} in {duur_klaar:.1f} s")
    print(f"nogmaals, dezelfde sleutels: {extra} rij(en) erbij")
    print(
        f"rondes van de worker:        {len(per_ronde)} (verstuurd per ronde: max "
        f"{max(per_ronde, default=0)})"
    )
    print(f"totale tijd versturen:       {duur:.2f} s")
    print(f"berichten per seconde:       {statussen.get('verstuurd', 0) / duur:.0f}")
    print(f"ontvangen door de server:    {ontvangen}")
    print(f"SMTP-verbindingen:           {verbindingen}")
    print(f"dubbel ontvangen:            {dubbel}")
    print(f"nooit aangekomen:            {ontbrekend}")
    print(f"onbekend ontvangen:          {vreemd}")
    print(f"statussen in de outbox:      {statussen}")
    print(f"mislukt of niet verstuurd:   {niet_verstuurd} (met een mislukte poging: {met_fout})")
    return not (extra or dubbel or ontbrekend or vreemd or niet_verstuurd or met_fout)


def main() -> int:
    global DATABASE
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aantal", type=int, default=10_000, help="aantal berichten")
    parser.add_argument("--batch", type=int, default=500, help="berichten per transactie")
    parser.add_argument(
        "--achterstand",
        action="store_true",
        help="de ronde een keer in de wachtrij zetten; de rondes zetten elkaar in de wachtrij",
    )
    parser.add_argument(
        "--database", default=DATABASE, help="naam van de wegwerpdatabase (wordt gewist)"
    )
    args = parser.parse_args()
    DATABASE = args.database

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("Zet DATABASE_URL op een PostgreSQL-server (postgres://...).")
    if not (os.environ.get("REDIS_URL") or os.environ.get("CELERY_BROKER_URL")):
        raise SystemExit("Zet REDIS_URL: de worker heeft een broker nodig.")

    sink = Sink()
    poort = vrije_poort()
    from aiosmtpd.controller import Controller

    server = Controller(sink, hostname="127.0.0.1", port=poort, server_hostname="sink.benchmark")
    server.start()

    os.environ["DATABASE_URL"] = database_maken(database_url)
    try:
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        os.environ["DEBUG"] = "false"  # as in production: no query log in memory
        os.environ.setdefault("SECRET_KEY", "benchmark-" + secrets.token_urlsafe(40))
        os.environ.setdefault("SIGNALEN_KOPPELSLEUTEL", "benchmark-" + secrets.token_urlsafe(40))
        os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{poort}"
        os.environ.setdefault("LOG_LEVEL", "WARNING")  # no log line per message on the screen

        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from config.celery import app

        app.conf.task_default_queue = QUEUE  # never mix with a developer's worker
        app.conf.worker_enable_remote_control = False  # no pidbox queue on the broker either
        call_command("migrate", verbosity=0)
        from regio.models import EERSTE_GEMEENTE
        from regio.scope import gemeente_actief

        try:
            # The messages are the first gemeente's, as the product's would be (docs/regio.md).
            with gemeente_actief(EERSTE_GEMEENTE):
                duur_klaar, extra = klaarzetten(args.aantal, args.batch)
                if args.achterstand:
                    duur, per_ronde = achterstand_wegwerken()
                else:
                    duur, per_ronde = versturen(max_rondes=args.aantal // 50 + 20)
                goed = rapport(args.aantal, duur_klaar, extra, duur, per_ronde, sink)
        finally:
            broker_opruimen(app.conf.broker_url)
            connections.close_all()
    finally:
        server.stop()
        database_opruimen(database_url)
    return 0 if goed else 1


if __name__ == "__main__":
    sys.exit(main())
