"""The outbox row: ``benchmarks/outbox.py`` (one real Celery worker emptying the outbox into a
local SMTP sink) beside a bare ``smtplib`` loop that sends the same messages over one
connection to the same kind of sink (``outbox.Sink`` on aiosmtpd, in this process).

The bare loop builds the messages beforehand with the standard library
(``email.message.EmailMessage``: the same text, HTML part and .ics attachment, its own
Message-ID) and then times only ``sendmail`` of each over one connection, as the issue's
baseline does. It runs before and after the outbox benchmark; the row uses the
mean of both.
"""

from __future__ import annotations

import os
import re
import smtplib
import subprocess
import sys
import time
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid

from benchmarks.outbox import HTML, ICS, TEKST, Sink, vrije_poort


def kale_lus(aantal: int) -> dict:
    from aiosmtpd.controller import Controller

    sink = Sink()
    poort = vrije_poort()
    server = Controller(sink, hostname="127.0.0.1", port=poort, server_hostname="sink.bench")
    server.start()
    try:
        # Built beforehand: the loop measures only what a sender cannot avoid, the SMTP
        # conversation over one connection.
        berichten = []
        for n in range(aantal):
            bericht = EmailMessage()
            bericht["Subject"] = f"Uitnodiging: netwerkoverleg ({n})"
            bericht["From"] = "Netwerkregie <netwerkregie@gemeente.example>"
            bericht["To"] = f"deelnemer{n}@voorbeeld.nl"
            bericht["Message-ID"] = make_msgid(domain="bench.netwerkregie")
            bericht.set_content(TEKST.format(n=n))
            bericht.add_alternative(HTML, subtype="html")
            bericht.add_attachment(
                ICS.format(n=n).encode(),
                maintype="text",
                subtype="calendar",
                filename="bijeenkomst.ics",
            )
            berichten.append((bericht["From"], bericht["To"], bericht.as_bytes(policy=SMTP)))
        begin = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", poort) as smtp:
            for van, aan, inhoud in berichten:
                smtp.sendmail(van, [aan], inhoud)
        duur = time.perf_counter() - begin
    finally:
        server.stop()
    ontvangen = sum(sink.per_id.values())
    return {
        "aantal": aantal,
        "duur": duur,
        "per_seconde": aantal / duur,
        "ontvangen": ontvangen,
        "dubbel": sum(n - 1 for n in sink.per_id.values() if n > 1),
        "ontbrekend": aantal - len(sink.per_id),
    }


def _getal(uitvoer: str, label: str) -> float | None:
    gevonden = re.search(rf"^{re.escape(label)}:\s+([0-9.]+)", uitvoer, re.MULTILINE)
    return float(gevonden.group(1)) if gevonden else None


def outbox_draaien(aantal: int, database: str, env: dict) -> dict:
    """Run benchmarks/outbox.py as its own process (it sets Django up for its own database)."""
    pad = os.path.join(os.path.dirname(__file__), "outbox.py")
    proces = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, pad, "--aantal", str(aantal), "--database", database],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    uitvoer = proces.stdout
    return {
        "aantal": aantal,
        "exitcode": proces.returncode,
        "duur": _getal(uitvoer, "totale tijd versturen"),
        "per_seconde": _getal(uitvoer, "berichten per seconde"),
        "ontvangen": _getal(uitvoer, "ontvangen door de server"),
        "dubbel": _getal(uitvoer, "dubbel ontvangen"),
        "ontbrekend": _getal(uitvoer, "nooit aangekomen"),
        "uitvoer": uitvoer[-2000:] + proces.stderr[-2000:],
    }
