"""The bounded load generator and the CPU meters.

``wrk`` is not used even when present: a Lua script per row would be needed for the session
cookie and the POST body, and the per-request latencies (p50/p95/p99) come out of this client
directly. This one is a few threads with ``http.client``: each thread keeps one connection
(gunicorn's sync worker closes it after each response, and ``http.client`` opens the next),
sends the same request until the deadline, and records every latency. Bounded: ``gelijktijdig``
threads for ``seconden`` seconds, never more.

CPU per request:

- web: the gunicorn workers' ``utime + stime`` (fields 14 and 15 of ``/proc/<pid>/stat``, in
  clock ticks) before and after a run, summed over the master's children, divided by the
  requests of the run;
- PostgreSQL: the same fields for the backend processes of the working database (the pids in
  ``pg_stat_activity`` with that ``datname``; the meter itself is connected to ``postgres``, so
  it is not counted). A backend that started during the run counts whole; one that ended during
  the run is lost (rare: ``CONN_MAX_AGE`` keeps the workers' connections). When PostgreSQL runs
  elsewhere (its ``/proc`` is not visible) the column is empty.
"""

from __future__ import annotations

import http.client
import os
import threading
import time
from dataclasses import dataclass, field

TICK = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            velden = f.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    # After the ")": field 3 is velden[0], so utime (14) and stime (15) are 11 and 12.
    return int(velden[11]) + int(velden[12])


def kinderen(ouder: int) -> list[int]:
    pids = []
    for naam in os.listdir("/proc"):
        if not naam.isdigit():
            continue
        try:
            with open(f"/proc/{naam}/stat") as f:
                velden = f.read().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if int(velden[1]) == ouder:
            pids.append(int(naam))
    return pids


class PgMeter:
    """CPU ticks of the backends of one database, read from /proc."""

    def __init__(self, verbinding, database: str):
        self.verbinding = verbinding
        self.database = database

    def stand(self) -> dict[int, int] | None:
        with self.verbinding.cursor() as cur:
            cur.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (self.database,),
            )
            pids = [r[0] for r in cur.fetchall()]
        stand = {}
        for pid in pids:
            ticks = cpu_ticks(pid)
            if ticks is None:
                if not os.path.exists(f"/proc/{pid}"):
                    return None  # PostgreSQL's processes are not visible from here
                continue
            stand[pid] = ticks
        return stand


def verschil(voor: dict[int, int] | None, na: dict[int, int] | None) -> float | None:
    if voor is None or na is None:
        return None
    return sum(t - voor.get(pid, 0) for pid, t in na.items()) * 1000 / TICK


@dataclass
class Meting:
    verzoeken: int = 0
    fouten: int = 0
    duur: float = 0.0
    latenties: list[float] = field(default_factory=list)
    cpu_web_ms: float = 0.0
    cpu_pg_ms: float | None = 0.0

    def erbij(self, andere: Meting) -> None:
        self.verzoeken += andere.verzoeken
        self.fouten += andere.fouten
        self.duur += andere.duur
        self.latenties += andere.latenties
        self.cpu_web_ms += andere.cpu_web_ms
        if self.cpu_pg_ms is None or andere.cpu_pg_ms is None:
            self.cpu_pg_ms = None
        else:
            self.cpu_pg_ms += andere.cpu_pg_ms

    def samenvatting(self) -> dict:
        lat = sorted(self.latenties)

        def pct(p):
            if not lat:
                return None
            return round(lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000, 2)

        n = max(self.verzoeken, 1)
        return {
            "verzoeken": self.verzoeken,
            "fouten": self.fouten,
            "req_s": round(self.verzoeken / self.duur, 1) if self.duur else None,
            "p50_ms": pct(50),
            "p95_ms": pct(95),
            "p99_ms": pct(99),
            "cpu_web_ms": round(self.cpu_web_ms / n, 2),
            "cpu_pg_ms": None if self.cpu_pg_ms is None else round(self.cpu_pg_ms / n, 2),
            "cpu_ms": round((self.cpu_web_ms + (self.cpu_pg_ms or 0)) / n, 2),
        }


def _verzoek(verbinding, methode, pad, body, koppen, status) -> bool:
    verbinding.request(methode, pad, body=body, headers=koppen)
    antwoord = verbinding.getresponse()
    antwoord.read()
    if antwoord.getheader("Connection", "").lower() == "close":
        verbinding.close()
    return antwoord.status == status


def belasten(
    poort: int,
    methode: str,
    pad: str,
    *,
    cookie: str | None,
    body: str | None,
    status: int,
    seconden: float,
    gelijktijdig: int = 1,
    minimaal: int = 2,
    workers: list[int],
    pg: PgMeter | None,
) -> Meting:
    """Send the same request from ``gelijktijdig`` threads for ``seconden`` (at least
    ``minimaal`` per thread), and measure latencies and CPU."""
    koppen = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
    if cookie:
        koppen["Cookie"] = cookie
    if body is not None:
        koppen["Content-Type"] = "application/x-www-form-urlencoded"
    latenties: list[float] = []
    fouten = [0]
    slot = threading.Lock()

    def draad(einde):
        verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=120)
        eigen, fout, n = [], 0, 0
        try:
            while n < minimaal or time.perf_counter() < einde:
                begin = time.perf_counter()
                try:
                    goed = _verzoek(verbinding, methode, pad, body, koppen, status)
                except (OSError, http.client.HTTPException):
                    verbinding.close()
                    goed = False
                eigen.append(time.perf_counter() - begin)
                fout += not goed
                n += 1
        finally:
            verbinding.close()
        with slot:
            latenties.extend(eigen)
            fouten[0] += fout

    pg_voor = pg.stand() if pg else None
    web_voor = {pid: cpu_ticks(pid) or 0 for pid in workers}
    begin = time.perf_counter()
    draden = [threading.Thread(target=draad, args=(begin + seconden,)) for _ in range(gelijktijdig)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    duur = time.perf_counter() - begin
    web_na = {pid: cpu_ticks(pid) or 0 for pid in workers}
    pg_na = pg.stand() if pg else None
    return Meting(
        verzoeken=len(latenties),
        fouten=fouten[0],
        duur=duur,
        latenties=latenties,
        cpu_web_ms=verschil(web_voor, web_na) or 0.0,
        cpu_pg_ms=verschil(pg_voor, pg_na),
    )
