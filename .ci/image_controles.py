# ruff: noqa: S603, S607, S108
"""The checks of `make image` inside the mounted image (.ci/image.py runs this as root in a
mount namespace of its own, so every mount made here goes when it ends).

The image's programs run through ``chroot`` as the image's user, in its working directory, with
its environment plus docker-compose.yml's, as docker-compose.yml runs them. What a user would
notice is checked: the site answers, its login page and the files it links load, mail arrives.
"""

from __future__ import annotations

import email
import email.policy
import gzip
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# docker-compose.yml's x-app-environment for a try-out on this machine (plain http).
COMPOSE_OMGEVING = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "localhost,127.0.0.1",
    "CSRF_TRUSTED_ORIGINS": "",
    "SITE_URL": "http://localhost:8000",
    "DEFAULT_FROM_EMAIL": "Netwerkregie <netwerkregie@gemeente.example>",
    "MEDIA_ROOT": "/data/media",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "SECURE_HSTS_SECONDS": "0",
    "USE_X_FORWARDED_PROTO": "false",
    "VERTROUWDE_PROXIES": "0",
    "LOG_LEVEL": "INFO",
}
# The commands of docker-compose.yml's services (web: the migrations, then the image's CMD).
MIGRATE = ["python", "manage.py", "migrate", "--noinput"]
WORKER = ["celery", "-A", "config", "worker", "--loglevel", "INFO"]
BEAT = ["celery", "-A", "config", "beat", "--loglevel", "INFO", "--schedule"]
BEAT += ["/tmp/celerybeat-schedule"]
# Writable in a container of this image: /tmp, the user's home (gunicorn's control socket) and
# docker-compose.yml's volume. The rest of the image stays read-only here.
SCHRIJFBAAR = ["/tmp", "/data/media"]
ONTVANGER = "controle@gemeente.example"
BEHEERDER = "beheer@gemeente.example"

# Seconds, only against hanging; a slow shared machine gets room. The sweep runs every minute.
WACHTEN = {"gunicorn": 90, "worker": 120, "mail": 60, "beat": 150}


class Mislukt(Exception):
    """A check failed; the message says which."""


def melding(tekst: str) -> None:
    print(tekst, flush=True)


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wachten(wat: str, seconden: float, klaar, proces: Proces | None = None):
    """Poll ``klaar()`` until it returns something true; fail after ``seconden``."""
    eind = time.monotonic() + seconden
    while True:
        uitkomst = klaar()
        if uitkomst:
            return uitkomst
        if proces is not None and proces.popen.poll() is not None:
            raise Mislukt(f"{proces.naam} stopte (code {proces.popen.returncode}) voor {wat}")
        if time.monotonic() > eind:
            raise Mislukt(f"na {seconden} s nog niet: {wat}")
        time.sleep(0.5)


# --- the image, mounted -------------------------------------------------------------------------


class Image:
    def __init__(self, mnt: str, inspect: dict, logmap: Path):
        self.mnt = Path(mnt)
        config = inspect["Config"]
        self.werkmap = config.get("WorkingDir") or "/"
        self.cmd = config["Cmd"]
        self.healthcheck = (inspect.get("Healthcheck") or {}).get("Test") or []
        self.omgeving = dict(regel.split("=", 1) for regel in config.get("Env") or [])
        self.uid, self.gid, self.home = self._gebruiker(config.get("User") or "root")
        self.logmap = logmap

    def _gebruiker(self, user: str) -> tuple[int, int, str]:
        naam, _, groep = user.partition(":")
        for regel in (self.mnt / "etc/passwd").read_text().splitlines():
            velden = regel.split(":")
            if naam in (velden[0], velden[2]):
                return int(velden[2]), int(groep or velden[3]), velden[5]
        raise Mislukt(f"gebruiker {user!r} van de image staat niet in /etc/passwd")

    def pad(self, binnen: str) -> Path:
        return self.mnt / binnen.lstrip("/")

    def mounten(self) -> None:
        """What a container runtime gives: /proc, /dev, /etc/hosts, and the writable places."""
        # Started by .ci/image.py through unshare: a mount namespace apart from its parent's.
        if os.readlink("/proc/self/ns/mnt") == os.readlink(f"/proc/{os.getppid()}/ns/mnt"):
            raise Mislukt("niet in een eigen mount-namespace: start dit met .ci/image.py")
        draaien("mount", "-t", "proc", "proc", str(self.pad("/proc")))
        draaien("mount", "--rbind", "/dev", str(self.pad("/dev")))
        hosts = self.logmap / "hosts"
        hosts.write_text("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
        if self.pad("/etc/hosts").is_file():
            draaien("mount", "--bind", str(hosts), str(self.pad("/etc/hosts")))
        for map_ in [*SCHRIJFBAAR, self.home]:
            doel = self.pad(map_)
            if not doel.is_dir():
                raise Mislukt(f"{map_} ontbreekt in de image")
            stat = doel.stat()
            opties = f"mode={stat.st_mode & 0o7777:o},uid={stat.st_uid},gid={stat.st_gid}"
            draaien("mount", "-t", "tmpfs", "-o", opties, "tmpfs", str(doel))

    def _opdracht(self, cmd: list[str]) -> list[str]:
        return [
            "chroot",
            f"--userspec={self.uid}:{self.gid}",
            f"--groups={self.gid}",
            str(self.mnt),
            "/usr/bin/env",
            f"--chdir={self.werkmap}",
            *cmd,
        ]

    def starten(self, naam: str, cmd: list[str], omgeving: dict[str, str]) -> Proces:
        return Proces(naam, self._opdracht(cmd), omgeving, self.logmap / f"{naam}.log")

    def uitvoeren(self, cmd: list[str], omgeving: dict[str, str], timeout: float = 300):
        uitkomst = subprocess.run(
            self._opdracht(cmd),
            env=omgeving,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if uitkomst.returncode != 0:
            raise Mislukt(
                f"{' '.join(cmd)} gaf code {uitkomst.returncode}:\n"
                + (uitkomst.stdout + uitkomst.stderr)[-4000:]
            )
        return uitkomst

    def processen(self) -> list[int]:
        """Processes whose root is this image: only ours can be."""
        gevonden = []
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                try:
                    if os.readlink(f"/proc/{pid}/root") == str(self.mnt):
                        gevonden.append(int(pid))
                except OSError:
                    continue
        return gevonden


class Proces:
    def __init__(self, naam: str, cmd: list[str], omgeving: dict[str, str], log: Path):
        self.naam = naam
        self.log = log
        with open(log, "wb") as uit:
            self.popen = subprocess.Popen(
                cmd, env=omgeving, stdout=uit, stderr=subprocess.STDOUT, start_new_session=True
            )

    def logtekst(self) -> str:
        return self.log.read_text(errors="replace")

    def stoppen(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(30)
            except subprocess.TimeoutExpired:
                melding(f"   {self.naam} stopt niet na SIGTERM: SIGKILL")
                self.popen.kill()
                self.popen.wait(10)


def draaien(*cmd: str) -> None:
    subprocess.run(cmd, check=True)


# --- servers of this run ------------------------------------------------------------------------


class Postbus:
    """aiosmtpd handler: keeps every message it receives."""

    def __init__(self):
        self.berichten: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        inhoud = envelope.original_content or envelope.content
        bericht = email.message_from_bytes(inhoud, policy=email.policy.default)
        bericht["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.berichten.append(bericht)
        return "250 OK"

    def met_onderwerp(self, deel: str):
        return next((b for b in self.berichten if deel in str(b["Subject"])), None)


class Redis:
    def __init__(self, map_: Path):
        self.poort = vrije_poort()
        self.popen = subprocess.Popen(
            ["redis-server", "--port", str(self.poort), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(map_), "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wachten("redis-server antwoordt", 30, self._pong)

    def _pong(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.poort), timeout=2) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stoppen(self) -> None:
        self.popen.terminate()
        self.popen.wait(30)


# --- HTTP ---------------------------------------------------------------------------------------


def vraag(poort: int, pad: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=30)
    try:
        verbinding.request("GET", pad, headers={k.replace("_", "-"): v for k, v in headers.items()})
        antwoord = verbinding.getresponse()
        return antwoord.status, {k.lower(): v for k, v in antwoord.getheaders()}, antwoord.read()
    finally:
        verbinding.close()


def gezond(poort: int) -> bool:
    try:
        return vraag(poort, "/gezond/")[0] == 200
    except OSError:
        return False


# --- the checks ---------------------------------------------------------------------------------


class Controle:
    def __init__(self, image: Image, database_url: str):
        self.image = image
        self.label = secrets.token_hex(4)
        self.processen: list[Proces] = []
        self.poort = vrije_poort()
        self.postbus = Postbus()
        self.database_url = database_url
        self.begin = time.monotonic()

    def ok(self, tekst: str) -> None:
        melding(f"   ok  {tekst}  ({time.monotonic() - self.begin:.0f} s)")

    def omgeving(self, smtp_poort: int, redis_poort: int) -> dict[str, str]:
        return {
            **self.image.omgeving,
            "HOME": self.image.home,
            "HOSTNAME": socket.gethostname(),
            **COMPOSE_OMGEVING,
            "SECRET_KEY": secrets.token_urlsafe(48),
            "SIGNALEN_KOPPELSLEUTEL": secrets.token_urlsafe(48),
            "DATABASE_URL": self.database_url,
            "REDIS_URL": f"redis://127.0.0.1:{redis_poort}/0",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_poort}",
        }

    def draaien(self, omgeving: dict[str, str]) -> None:
        image = self.image
        image.uitvoeren(MIGRATE, omgeving)
        self.ok("python manage.py migrate --noinput (PostgreSQL, een database van deze controle)")

        beat = self.start("beat", BEAT, omgeving)
        worker = self.start("worker", WORKER, omgeving)
        # The image's CMD as it is; only the port differs (other programs use 8000 here).
        gunicorn = self.start(
            "gunicorn",
            image.cmd,
            {**omgeving, "GUNICORN_CMD_ARGS": f"--bind=127.0.0.1:{self.poort}"},
        )
        wachten(
            "gunicorn antwoordt op /gezond/",
            WACHTEN["gunicorn"],
            lambda: gezond(self.poort),
            gunicorn,
        )
        self.site_controleren(gunicorn, omgeving)

        wachten(
            "de worker is klaar", WACHTEN["worker"], lambda: " ready." in worker.logtekst(), worker
        )
        ping = ["celery", "-A", "config", "inspect", "ping", "--timeout", "10"]
        image.uitvoeren([*ping, "--destination", f"celery@{omgeving['HOSTNAME']}"], omgeving)
        self.ok(
            "celery worker draait; de health check van docker-compose.yml (inspect ping) slaagt"
        )
        self.mail_controleren(omgeving, beat)

    def start(self, naam: str, cmd: list[str], omgeving: dict[str, str]) -> Proces:
        proces = self.image.starten(naam, cmd, omgeving)
        self.processen.append(proces)
        return proces

    def site_controleren(self, gunicorn: Proces, omgeving: dict[str, str]) -> None:
        status, headers, body = vraag(self.poort, "/gezond/")
        if (status, body) != (200, b"ok"):
            raise Mislukt(f"/gezond/ gaf {status} {body[:200]!r}")
        self.ok(f"gunicorn (CMD {' '.join(self.image.cmd)}): /gezond/ 200 ok")

        test = self.image.healthcheck
        if test[:1] != ["CMD"] or not any("127.0.0.1:8000" in deel for deel in test):
            raise Mislukt(f"HEALTHCHECK van de image is niet wat deze controle kent: {test}")
        opdracht = [deel.replace("127.0.0.1:8000", f"127.0.0.1:{self.poort}") for deel in test[1:]]
        self.image.uitvoeren(opdracht, omgeving, timeout=30)
        self.ok("HEALTHCHECK van de image slaagt (op de poort van deze controle)")

        status, headers, body = vraag(self.poort, f"/account/login/?zoek=geheim-{self.label}")
        pagina = body.decode()
        if status != 200 or 'name="password"' not in pagina or "Inloggen" not in pagina:
            raise Mislukt(f"inlogpagina gaf {status}:\n{pagina[:1000]}")
        if "no-store" not in headers.get("cache-control", ""):
            raise Mislukt(f"inlogpagina zonder Cache-Control: no-store: {headers}")
        self.ok("/account/login/ 200: de inlogpagina (Inloggen, wachtwoordveld), no-store")

        statisch = sorted(set(re.findall(r'(?:href|src)="(/static/[^"?#]+)"', pagina)))
        if not any(p.endswith(".css") for p in statisch):
            raise Mislukt(f"de inlogpagina linkt geen stylesheet: {statisch}")
        static_root = self.image.omgeving.get("STATIC_ROOT", f"{self.image.werkmap}/staticfiles")
        for pad in statisch:
            status, headers, body = vraag(self.poort, pad)
            bestand = self.image.pad(static_root) / pad.removeprefix("/static/")
            if status != 200 or body != bestand.read_bytes():
                raise Mislukt(f"{pad} gaf {status}, niet het verzamelde bestand {bestand}")
            if "immutable" not in headers.get("cache-control", ""):
                raise Mislukt(f"{pad} zonder lange cache (WhiteNoise, manifest): {headers}")
        css = next(p for p in statisch if p.endswith(".css"))
        status, headers, body = vraag(self.poort, css, Accept_Encoding="gzip")
        bestand = self.image.pad(static_root) / css.removeprefix("/static/")
        if (
            headers.get("content-encoding") != "gzip"
            or gzip.decompress(body) != bestand.read_bytes()
        ):
            raise Mislukt(f"{css} niet gecomprimeerd geserveerd: {status} {headers}")
        self.ok(
            f"{len(statisch)} statische bestanden van de inlogpagina (collectstatic in de build) "
            "door WhiteNoise: 200, met hash en lange cache, gzip"
        )

        if (
            f"geheim-{self.label}" in gunicorn.logtekst()
            or "/account/login/" not in gunicorn.logtekst()
        ):
            raise Mislukt("het toegangslog van gunicorn mist het verzoek of toont de zoekterm")
        self.ok("toegangslog van gunicorn (gunicorn.conf.py): het pad zonder zoekterm")

    def mail_controleren(self, omgeving: dict[str, str], beat: Proces) -> None:
        code = (
            "from datetime import timedelta\n"
            "from django.utils import timezone\n"
            "from berichten.services import bericht_klaarzetten\n"
            f"bericht_klaarzetten(aan={ONTVANGER!r}, onderwerp='Controle {self.label} direct',"
            " tekst='Verstuurd door de Celery-worker.')\n"
            f"bericht_klaarzetten(aan={ONTVANGER!r}, onderwerp='Controle {self.label} beat',"
            " tekst='Verstuurd door de veegronde van beat.',"
            " versturen_na=timezone.now() + timedelta(seconds=1))\n"
        )
        self.image.uitvoeren(["python", "manage.py", "shell", "-c", code], omgeving)
        direct = wachten(
            "de worker levert de klaargezette mail af",
            WACHTEN["mail"],
            lambda: self.postbus.met_onderwerp(f"Controle {self.label} direct"),
        )
        if direct["X-Envelope-To"] != ONTVANGER:
            raise Mislukt(f"mail aan {direct['X-Envelope-To']}, niet aan {ONTVANGER}")
        self.ok("bericht_klaarzetten → Redis → de worker → de SMTP-server van deze controle")

        beheer = ["python", "manage.py", "beheerder_aanmaken", BEHEERDER]
        self.image.uitvoeren([*beheer, "--voornaam", "Bram", "--achternaam", "Beheer"], omgeving)
        link = wachten(
            "de mail van beheerder_aanmaken komt aan",
            WACHTEN["mail"],
            lambda: next(
                (b for b in self.postbus.berichten if b["X-Envelope-To"] == BEHEERDER), None
            ),
        )
        if omgeving["SITE_URL"] + "/" not in link.get_body(("plain",)).get_content():
            raise Mislukt("de mail van beheerder_aanmaken heeft geen link met SITE_URL")
        self.ok(f"manage.py beheerder_aanmaken {BEHEERDER}: de mail met de link komt aan")

        wachten(
            "beat zet de veegronde klaar en die verstuurt de uitgestelde mail",
            WACHTEN["beat"],
            lambda: self.postbus.met_onderwerp(f"Controle {self.label} beat"),
            beat,
        )
        if "openstaande-berichten-versturen" not in beat.logtekst():
            raise Mislukt("de uitgestelde mail kwam aan, maar beat noemt de veegronde niet")
        self.ok("celery beat: de veegronde (elke minuut) verstuurt de uitgestelde mail")

    def stoppen(self) -> list[int]:
        """Stop what this check started; kill and return what still ran in the image after."""
        for proces in reversed(self.processen):
            proces.stoppen()
        over = self.image.processen()
        for pid in over:
            os.kill(pid, signal.SIGKILL)
        return over


def versies_vergelijken(image: Image, omgeving: dict[str, str]) -> None:
    """Information only: which installed versions differ from the virtualenv of the tests."""

    def versies(tekst: str) -> dict[str, str]:
        paren = (r.split("==", 1) for r in tekst.splitlines() if "==" in r)
        return {naam.lower().replace("_", "-"): versie for naam, versie in paren}

    in_image = versies(image.uitvoeren(["python", "-m", "pip", "freeze"], omgeving).stdout)
    lokaal = subprocess.run(
        [sys.executable, "-m", "pip", "freeze"], capture_output=True, text=True, check=True
    )
    venv = versies(lokaal.stdout)
    anders = [
        f"{naam} {versie} (.venv {venv[naam]})"
        for naam, versie in sorted(in_image.items())
        if naam in venv and venv[naam] != versie
    ]
    melding(
        f"   info: {len(in_image)} pakketten in de image; "
        + (f"anders dan in .venv: {', '.join(anders)}" if anders else "dezelfde versies als .venv")
    )


def controles_draaien(opdracht_pad: Path) -> int:
    from aiosmtpd.controller import Controller

    opdracht = json.loads(opdracht_pad.read_text())
    logmap = Path(tempfile.mkdtemp(prefix="netwerkregie-image-"))
    image = Image(opdracht["mnt"], opdracht["config"], logmap)
    controle = Controle(image, opdracht["database_url"])
    smtp = redis = None
    gelukt = bewaren = False
    try:
        image.mounten()
        melding(f"   gebruiker {image.uid}:{image.gid}, werkmap {image.werkmap}; alleen "
                f"{', '.join([*SCHRIJFBAAR, image.home])} schrijfbaar")  # fmt: skip
        redis = Redis(logmap)
        smtp_poort = vrije_poort()
        smtp = Controller(controle.postbus, hostname="127.0.0.1", port=smtp_poort)
        smtp.start()
        omgeving = controle.omgeving(smtp_poort, redis.poort)
        try:
            controle.draaien(omgeving)
        finally:
            over = controle.stoppen()
        if over:
            raise Mislukt(f"processen in de image liepen nog na het stoppen: {over}")
        controle.ok("gunicorn, worker en beat gestopt; geen proces meer in de image")
        versies_vergelijken(image, omgeving)
        gelukt = True
    except Mislukt as fout:
        bewaren = True
        melding(f"   MISLUKT: {fout}  (logs: {logmap})")
        for proces in controle.processen:
            melding(f"--- laatste regels van {proces.naam} ({proces.log}):")
            melding("\n".join(proces.logtekst().splitlines()[-40:]))
    finally:
        if smtp is not None:
            smtp.stop()
        if redis is not None:
            redis.stoppen()
        if not bewaren:
            shutil.rmtree(logmap, ignore_errors=True)
    return 0 if gelukt else 1
