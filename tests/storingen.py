"""Services of a test's own, to pull the plug on: never the machine's shared ones.

``EigenPostgres`` is a PostgreSQL cluster in a temporary folder on a free port, started and
stopped by the test (``initdb`` as the ``postgres`` user when the tests run as root, as they do
in CI). ``Gunicorn`` runs the application as production does (gunicorn.conf.py) on a free port,
against whatever database and Redis the test gives it, and keeps what it logs.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin(naam: str) -> str | None:
    gevonden = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{naam}")) or [shutil.which(naam)]
    return gevonden[-1] if gevonden and gevonden[-1] else None


class EigenPostgres:
    def __init__(self):
        self.poort = vrije_poort()
        self.map = Path(tempfile.mkdtemp(prefix="netwerkregie-pg-"))
        self.data = self.map / "data"
        self._als = []
        if os.geteuid() == 0:
            shutil.chown(self.map, "postgres", "postgres")
            self._als = ["runuser", "-u", "postgres", "--"]

    @staticmethod
    def beschikbaar() -> bool:
        return bool(_pg_bin("initdb") and _pg_bin("pg_ctl"))

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.poort}/postgres"

    def _run(self, *args: str) -> None:
        subprocess.run([*self._als, *args], check=True, capture_output=True, timeout=120)

    def opzetten(self) -> EigenPostgres:
        self._run(_pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                  "--no-sync", "-E", "UTF8")  # fmt: skip
        return self.starten()

    def starten(self) -> EigenPostgres:
        opties = f"-p {self.poort} -k {self.map} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-o", opties, "-w", "-l",
                  str(self.map / "log"), "start")  # fmt: skip
        return self

    def stoppen(self) -> None:
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def opruimen(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stoppen()
        shutil.rmtree(self.map, ignore_errors=True)


class Gunicorn:
    def __init__(self, **omgeving: str):
        self.poort = vrije_poort()
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in stoppen()
            prefix="netwerkregie-gunicorn-", suffix=".log"
        )
        self.omgeving = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "PYTHONUNBUFFERED": "1",
            **omgeving,
        }
        self.proces: subprocess.Popen | None = None

    def starten(self) -> Gunicorn:
        gunicorn = Path(sys.executable).with_name("gunicorn")  # the virtualenv's
        self.proces = subprocess.Popen(  # noqa: S603
            [
                str(gunicorn),
                "config.wsgi:application",
                "-c",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.poort}",
                "--workers",
                "1",
                "--timeout",
                "60",
            ],  # fmt: skip
            cwd=PROJECT,
            env=self.omgeving,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        eind = time.monotonic() + 60
        while time.monotonic() < eind:
            try:
                with socket.create_connection(("127.0.0.1", self.poort), timeout=1):
                    return self
            except OSError:
                if self.proces.poll() is not None:
                    raise RuntimeError(f"gunicorn stopte:\n{self.logtekst()}") from None
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn startte niet:\n{self.logtekst()}")

    def get(self, pad: str, cookies: str = "") -> tuple[int, dict, str]:
        verzoek = urllib.request.Request(f"http://127.0.0.1:{self.poort}{pad}")  # noqa: S310
        if cookies:
            verzoek.add_header("Cookie", cookies)
        try:
            with urllib.request.urlopen(verzoek, timeout=30) as antwoord:  # noqa: S310
                return antwoord.status, dict(antwoord.headers), antwoord.read().decode()
        except urllib.error.HTTPError as fout:
            return fout.code, dict(fout.headers), fout.read().decode()

    def wacht_op_log(self, klaar, seconden: float = 10) -> str:
        """The log once ``klaar(log)`` holds (gunicorn writes its access line after the
        response went out), or as it is after ``seconden``."""
        eind = time.monotonic() + seconden
        while not klaar(tekst := self.logtekst()) and time.monotonic() < eind:
            time.sleep(0.05)
        return tekst

    def logtekst(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")

    def stoppen(self) -> None:
        if self.proces and self.proces.poll() is None:
            self.proces.terminate()
            try:
                self.proces.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proces.kill()
        self.log.close()
