"""Netwerkregie's benchmark suite: every row of issue 16, candidate beside its baseline.

    make bench                                   (= python -m benchmarks --grootte scale)
    python -m benchmarks [--grootte 1x|2x|10x|scale] [--seconden N] [--rondes N]
                         [--alleen RIJ[,RIJ]] [--json PAD] [--berichten N]

See benchmarks/README.md: what each row measures, how CPU is read, the databases it makes.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from benchmarks import databases as db
from benchmarks import last

BASE_DIR = Path(__file__).resolve().parent.parent
WERKMAP = BASE_DIR / "var" / "bench"

# Fixed secrets of the benchmark's own throwaway databases (never production's).
SECRET_KEY = "netwerkregie-benchmark-vaste-sleutel-alleen-voor-wegwerpdatabases"
KOPPELSLEUTEL = "netwerkregie-benchmark-koppelsleutel-alleen-voor-wegwerpdatabases"

# (name, kind, candidate, baseline, comparison, target, description)
#   kind "verhouding": req/s of the candidate / req/s of the baseline, at least the target;
#   kind "cpu": CPU ms per request (web + PostgreSQL) of candidate / baseline, at most;
#   kind "schaal": p50 of the page at the large size / p50 at 1x, at most.
RIJEN = [
    ("rsvp_get", "verhouding", "rsvp_get", "kaal_query", 0.60,
     "RSVP-pagina GET, anoniem, vs kale view met 1 query"),
    ("rsvp_post", "verhouding", "rsvp_post", "kaal_query", 0.60,
     "RSVP-antwoord POST vs kale view met 1 query"),
    ("sessie", "verhouding", "kaal_regisseur", "kaal", 0.40,
     "kale view met ingelogde sessie (regisseur, MFA) vs anonieme kale view"),
    ("signaalformulier", "verhouding", "signaal_nieuw", "kaal_professional", 0.50,
     "signaalformulier GET, professional, vs kale view met dezelfde sessie"),
    ("dashboard_cpu", "cpu", "dashboard", "kaal_query", 10.0,
     "dashboard /beheer/ (regisseur), CPU per verzoek vs kale view met 1 query"),
    ("dashboard_schaal", "schaal", "dashboard", "dashboard", 1.5,
     "dashboard /beheer/ op schaal vs 1x (p50)"),
    ("jaarverslag_schaal", "schaal", "jaarverslag", "jaarverslag", 1.5,
     "jaarverslag op schaal vs 1x (p50)"),
    ("nog_te_trainen_schaal", "schaal", "nog_te_trainen", "nog_te_trainen", 1.5,
     "wie moet nog getraind worden op schaal vs 1x (p50)"),
    ("zoeken_schaal", "schaal", "zoeken", "zoeken", 1.5,
     "signalen zoeken op naam van een persoon op schaal vs 1x (p50)"),
    ("regio_schaal", "schaal", "regio", "regio", 1.5,
     "cijfers van de regio (regiocoördinator, 38 gemeenten) op schaal vs 1x (p50)"),
    ("regio_trainingen_schaal", "schaal", "regio_trainingen", "regio_trainingen", 1.5,
     "lijst van regionale trainingen (regiocoördinator, elk aan alle gemeenten) "
     "op schaal vs 1x (p50)"),
    ("regio_training_schaal", "schaal", "regio_training", "regio_training", 1.5,
     "regionale training met de stand per gemeente (regiocoördinator, alle gemeenten) "
     "op schaal vs 1x (p50)"),
    ("outbox", "outbox", "outbox", "smtplib", 0.50,
     "outbox: berichten/s met 1 worker vs kale smtplib-lus, 0 dubbel, 0 ontbrekend"),
]  # fmt: skip
RIJNAMEN = [r[0] for r in RIJEN]


def omgeving(database_url: str, redis_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        DEBUG="false",
        SECRET_KEY=SECRET_KEY,
        SIGNALEN_KOPPELSLEUTEL=KOPPELSLEUTEL,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        # As behind the production proxy: https is said by X-Forwarded-Proto.
        USE_X_FORWARDED_PROTO="true",
        LOG_LEVEL="WARNING",
        STATIC_ROOT=str(WERKMAP / "static"),
        EMAIL_URL="consolemail://",
        PYTHONPATH=str(BASE_DIR),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def _draaien(args: list[str], env: dict, *, uitvoer: bool = True) -> str:
    proces = subprocess.run(  # noqa: S603 (our own interpreter and modules)
        [sys.executable, *args], env=env, cwd=BASE_DIR, capture_output=True, text=True
    )
    if uitvoer and proces.stdout.strip() and not proces.stdout.lstrip().startswith("{"):
        print(proces.stdout.rstrip(), flush=True)
    if proces.returncode:
        raise SystemExit(f"{' '.join(args)} mislukte:\n{proces.stdout[-3000:]}{proces.stderr}")
    return proces.stdout


class Databases:
    def __init__(self, url: str, redis_url: str, voorvoegsel: str, cache: bool):
        self.url, self.redis_url, self.voorvoegsel, self.cache = url, redis_url, voorvoegsel, cache
        self.gemaakt: list[str] = []

    def sjabloon(self, grootte: str) -> str:
        naam = f"{self.voorvoegsel}_{grootte}_sjabloon"
        vinger = db.vingerafdruk(grootte)
        if db.commentaar(self.url, naam) == vinger:
            print(f"{grootte}: bewaarde database {naam} (cache)", flush=True)
            return naam
        begin = time.perf_counter()
        print(f"{grootte}: genereren in {naam} ...", flush=True)
        if grootte == "1x":
            db.aanmaken(self.url, naam)
        else:
            db.aanmaken(self.url, naam, sjabloon=self.sjabloon("1x"))
        if not self.cache:
            self.gemaakt.append(naam)
        env = omgeving(db.url_voor(self.url, naam), self.redis_url)
        _draaien(["-m", "benchmarks.vullen", "--grootte", grootte], env)
        db.markeren(self.url, naam, vinger)
        print(f"{grootte}: gegenereerd in {time.perf_counter() - begin:.0f} s", flush=True)
        return naam

    def werkkopie(self, grootte: str) -> str:
        sjabloon = self.sjabloon(grootte)
        naam = f"{self.voorvoegsel}_{grootte}"
        db.aanmaken(self.url, naam, sjabloon=sjabloon)
        self.gemaakt.append(naam)
        return naam

    def opruimen(self) -> None:
        for naam in reversed(self.gemaakt):
            db.verwijderen(self.url, naam)


class Server:
    """gunicorn with the production configuration (gunicorn.conf.py) on a free port."""

    def __init__(self, naam: str, env: dict, database: str):
        from benchmarks.outbox import vrije_poort

        self.naam, self.database = naam, database
        self.poort = vrije_poort()
        WERKMAP.mkdir(parents=True, exist_ok=True)
        self.log = open(WERKMAP / f"gunicorn-{naam}.log", "w")  # noqa: SIM115
        self.proces = subprocess.Popen(  # noqa: S603 (the venv's gunicorn)
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "-c",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.poort}",
                "config.wsgi",
            ],
            env=env,
            cwd=BASE_DIR,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.workers: list[int] = []

    def wachten(self, aantal_workers: int = 3) -> None:
        import http.client

        einde = time.time() + 60
        while time.time() < einde:
            if self.proces.poll() is not None:
                raise SystemExit(f"gunicorn ({self.naam}) stopte; zie {self.log.name}")
            self.workers = last.kinderen(self.proces.pid)
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.poort, timeout=5)
                c.request("GET", "/gezond/")
                if c.getresponse().status == 200 and len(self.workers) >= aantal_workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn ({self.naam}) antwoordde niet; zie {self.log.name}")

    def stoppen(self) -> None:
        if self.proces.poll() is None:
            self.proces.send_signal(signal.SIGTERM)
            try:
                self.proces.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proces.kill()
        self.log.close()


def broker_opruimen(redis_url: str) -> None:
    """Delete the queue the pages' tasks went to (benchmarks.settings), nothing else."""
    if not redis_url:
        return
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        wachtrij = "netwerkregie-bench-web"
        client.delete(wachtrij, f"_kombu.binding.{wachtrij}")
    finally:
        client.close()


class Meter:
    def __init__(self, args, servers: dict[str, Server], gegevens: dict, pgverbinding):
        self.args, self.servers, self.gegevens = args, servers, gegevens
        self.pg = {g: last.PgMeter(pgverbinding, s.database) for g, s in servers.items()}

    def meten(self, grootte: str, pagina: str) -> last.Meting:
        server = self.servers[grootte]
        g = self.gegevens[grootte]
        p = g["paginas"][pagina]
        cookie = f"sessionid={g['sessies'][p['sessie']]}" if p["sessie"] else None
        return last.belasten(
            server.poort,
            p["methode"],
            p["pad"],
            cookie=cookie,
            body=p["data"],
            status=p["status"],
            seconden=self.args.seconden,
            gelijktijdig=self.args.gelijktijdig,
            workers=server.workers,
            pg=self.pg[grootte],
        )

    def opwarmen(self, grootte: str, pagina: str) -> None:
        server = self.servers[grootte]
        g = self.gegevens[grootte]
        p = g["paginas"][pagina]
        cookie = f"sessionid={g['sessies'][p['sessie']]}" if p["sessie"] else None
        m = last.belasten(
            server.poort, p["methode"], p["pad"], cookie=cookie, body=p["data"],
            status=p["status"], seconden=0, minimaal=len(server.workers) * 2,
            workers=[], pg=None,
        )  # fmt: skip
        if m.fouten:
            raise SystemExit(f"{pagina} ({grootte}): {m.fouten} fout(en) bij het opwarmen")

    def paar(self, kandidaat: tuple[str, str], basis: tuple[str, str]):
        """Candidate and baseline interleaved, ``rondes`` times; alternating who goes first."""
        for paar_ in (kandidaat, basis):
            self.opwarmen(*paar_)
        k, b = last.Meting(), last.Meting()
        for ronde in range(self.args.rondes):
            volgorde = [(k, kandidaat), (b, basis)]
            if ronde % 2:
                volgorde.reverse()
            for doel, (grootte, pagina) in volgorde:
                doel.erbij(self.meten(grootte, pagina))
        return k.samenvatting(), b.samenvatting()


def _beoordelen(soort: str, verhouding: float | None, doel: float) -> str:
    if verhouding is None:
        return "—"
    gehaald = (
        verhouding >= doel if soort == "verhouding" or soort == "outbox" else verhouding <= doel
    )
    return "gehaald" if gehaald else "niet gehaald"


def rij_meten(meter: Meter | None, rij, groot: str, gegevens: dict, args, env_basis) -> dict:
    naam, soort, kandidaat, basis, doel, omschrijving = rij
    uitkomst = {
        "rij": naam,
        "omschrijving": omschrijving,
        "soort": soort,
        "doel": doel,
        "kandidaat": kandidaat,
        "basislijn": basis,
    }
    if soort == "outbox":
        from benchmarks import smtp_kaal

        kaal_voor = smtp_kaal.kale_lus(args.berichten)
        outbox = smtp_kaal.outbox_draaien(args.berichten, f"{args.voorvoegsel}_outbox", env_basis)
        kaal_na = smtp_kaal.kale_lus(args.berichten)
        kaal = (kaal_voor["per_seconde"] + kaal_na["per_seconde"]) / 2
        verhouding = (outbox["per_seconde"] or 0) / kaal
        schoon = outbox["dubbel"] == 0 and outbox["ontbrekend"] == 0 and outbox["exitcode"] == 0
        uitkomst.update(
            k={"req_s": outbox["per_seconde"], "dubbel": outbox["dubbel"],
               "ontbrekend": outbox["ontbrekend"], "exitcode": outbox["exitcode"]},
            b={"req_s": round(kaal, 1), "dubbel": kaal_voor["dubbel"] + kaal_na["dubbel"],
               "ontbrekend": kaal_voor["ontbrekend"] + kaal_na["ontbrekend"]},
            verhouding=round(verhouding, 3),
            oordeel=_beoordelen(soort, verhouding, doel) if schoon else "niet gehaald",
        )  # fmt: skip
        if outbox["exitcode"]:
            uitkomst["uitvoer"] = outbox["uitvoer"]
        return uitkomst

    if soort == "schaal":
        if groot == "1x":
            uitkomst["oordeel"] = "overgeslagen (alleen met --grootte 10x of scale)"
            return uitkomst
        k, b = meter.paar((groot, kandidaat), ("1x", basis))
    else:
        k, b = meter.paar(("1x", kandidaat), ("1x", basis))
    if soort == "verhouding":
        verhouding = k["req_s"] / b["req_s"] if b["req_s"] else None
    elif soort == "cpu":
        verhouding = k["cpu_ms"] / b["cpu_ms"] if b["cpu_ms"] else None
    else:
        verhouding = k["p50_ms"] / b["p50_ms"] if b["p50_ms"] else None
    uitkomst.update(
        k=k,
        b=b,
        queries={g: gegevens[g]["queries"][kandidaat] for g in gegevens},
        queries_basislijn={g: gegevens[g]["queries"][basis] for g in gegevens},
        verhouding=None if verhouding is None else round(verhouding, 3),
        oordeel=_beoordelen(soort, verhouding, doel),
    )
    if k["fouten"] or b["fouten"]:
        uitkomst["oordeel"] = f"fouten ({k['fouten']}/{b['fouten']})"
    return uitkomst


def _g(waarde, fmt="{:.1f}"):
    return "—" if waarde is None else fmt.format(waarde)


def tabel(rijen: list[dict], groot: str) -> str:
    kop = (
        f"{'rij':<24} {'req/s k/b':>15} {'p50/p95/p99 ms (k)':>22} "
        f"{'CPU ms/req k (web+pg)':>22} {'CPU ms b':>9} {'queries 1x/' + groot:>14} "
        f"{'verh.':>7} {'doel':>7}  oordeel"
    )
    regels = [kop, "-" * len(kop)]
    for r in rijen:
        k, b = r.get("k") or {}, r.get("b") or {}
        reqs = f"{_g(k.get('req_s'))}/{_g(b.get('req_s'))}"
        lat = "/".join(_g(k.get(x), "{:.0f}") for x in ("p50_ms", "p95_ms", "p99_ms"))
        if r["soort"] == "outbox":
            lat = f"dubbel {_g(k.get('dubbel'), '{:.0f}')}, weg {_g(k.get('ontbrekend'), '{:.0f}')}"
        cpu = (
            f"{_g(k.get('cpu_ms'))} ({_g(k.get('cpu_web_ms'))}+{_g(k.get('cpu_pg_ms'))})"
            if "cpu_ms" in k
            else "—"
        )
        q = r.get("queries") or {}
        queries = f"{q.get('1x', '—')}/{q.get(groot, '—')}" if q else "—"
        teken = "≥" if r["soort"] in ("verhouding", "outbox") else "≤"
        regels.append(
            f"{r['rij']:<24} {reqs:>15} {lat:>22} {cpu:>22} {_g(b.get('cpu_ms')):>9} "
            f"{queries:>14} {_g(r.get('verhouding'), '{:.2f}'):>7} "
            f"{teken + format(r['doel'], 'g'):>7}  {r.get('oordeel', '—')}"
        )
    return "\n".join(regels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--grootte",
        choices=("1x", "2x", "10x", "scale"),
        default="scale",
        help="de grote database voor de rijen 'op schaal vs 1x' (1x: overslaan)",
    )
    parser.add_argument("--seconden", type=float, default=5.0, help="seconden per meting")
    parser.add_argument("--rondes", type=int, default=3, help="rondes kandidaat/basislijn")
    parser.add_argument("--gelijktijdig", type=int, default=1, help="gelijktijdige verzoeken")
    parser.add_argument("--alleen", default="", help=f"alleen deze rij(en): {','.join(RIJNAMEN)}")
    parser.add_argument("--json", default="", help="de uitkomst ook als JSON naar dit pad")
    parser.add_argument("--berichten", type=int, default=10_000, help="berichten voor de outbox")
    parser.add_argument(
        "--voorvoegsel", default=db.VOORVOEGSEL, help="naam-voorvoegsel van de eigen databases"
    )
    parser.add_argument(
        "--zonder-cache",
        action="store_true",
        help="ook de gegenereerde sjabloondatabases na afloop wissen",
    )
    args = parser.parse_args(argv)  # fmt: skip
    if "_bench" not in args.voorvoegsel:
        parser.error("--voorvoegsel moet '_bench' bevatten (zo wist het nooit iets anders)")
    gekozen = [r for r in RIJEN if not args.alleen or r[0] in args.alleen.split(",")]
    if not gekozen:
        parser.error(f"--alleen: kies uit {', '.join(RIJNAMEN)}")

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("Zet DATABASE_URL op een PostgreSQL-server (postgres://...).")
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        raise SystemExit("Zet REDIS_URL: cache, sessiebeveiliging en de outbox-worker.")

    begin = time.perf_counter()
    groot = args.grootte
    web_rijen = [r for r in gekozen if r[1] != "outbox"]
    groottes = ["1x"] + (
        [groot] if groot != "1x" and any(r[1] == "schaal" for r in gekozen) else []
    )
    dbs = Databases(database_url, redis_url, args.voorvoegsel, cache=not args.zonder_cache)
    servers: dict[str, Server] = {}
    gegevens: dict[str, dict] = {}
    rijen: list[dict] = []
    pgverbinding = None
    try:
        if web_rijen:
            _draaien(["manage.py", "collectstatic", "--noinput", "-v0"],
                     omgeving(database_url, redis_url))  # fmt: skip
            for g in groottes:
                naam = dbs.werkkopie(g)
                env = omgeving(db.url_voor(database_url, naam), redis_url)
                gegevens[g] = json.loads(_draaien(["-m", "benchmarks.klaarzetten"], env))
                servers[g] = Server(g, env, naam)
            for s in servers.values():
                s.wachten()
            from benchmarks.outbox import _server_verbinding

            pgverbinding = _server_verbinding(database_url)
        meter = Meter(args, servers, gegevens, pgverbinding) if servers else None
        env_outbox = dict(os.environ, LOG_LEVEL="WARNING")
        for rij in gekozen:
            print(f"meten: {rij[0]} ...", flush=True)
            rijen.append(rij_meten(meter, rij, groot, gegevens, args, env_outbox))
    finally:
        for s in servers.values():
            s.stoppen()
        if pgverbinding is not None:
            pgverbinding.close()
        broker_opruimen(redis_url)
        dbs.opruimen()

    uitvoer = tabel(rijen, groot)
    belasting = Path("/proc/loadavg").read_text().split()[:3]
    opdracht = "python -m benchmarks " + shlex.join(sys.argv[1:] if argv is None else argv)
    print()
    print(uitvoer)
    print(f"\nbelasting (load average 1/5/15 min) na afloop: {' '.join(belasting)}; "
          f"{os.cpu_count()} cores; duur {time.perf_counter() - begin:.0f} s")  # fmt: skip
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "opdracht": opdracht,
                    "datum": datetime.now().isoformat(timespec="seconds"),
                    "grootte": groot,
                    "seconden": args.seconden,
                    "rondes": args.rondes,
                    "gelijktijdig": args.gelijktijdig,
                    "load_average": belasting,
                    "cores": os.cpu_count(),
                    "queries": {g: v["queries"] for g, v in gegevens.items()},
                    "rijen": rijen,
                    "tabel": uitvoer,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    return 0
