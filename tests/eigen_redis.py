"""A Redis server of a test's own, to stop or freeze: never the shared one of the machine.

``EigenRedis`` starts ``redis-server`` on a free port of 127.0.0.1, without persistence, in a
folder of its own. ``stoppen`` ends it (connections are refused), ``bevriezen`` stops the process
with SIGSTOP (the kernel still accepts connections, nothing answers: a hung server) and
``ontdooien`` lets it go on. ``opruimen`` always leaves nothing running.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import redis


def vrije_poort() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EigenRedis:
    def __init__(self, map_: Path):
        self.map = Path(map_)
        self.poort = vrije_poort()
        self._proces: subprocess.Popen | None = None
        self.bevroren = False

    @staticmethod
    def beschikbaar() -> bool:
        return shutil.which("redis-server") is not None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.poort}/{db}"

    def starten(self) -> EigenRedis:
        assert self._proces is None
        self.map.mkdir(parents=True, exist_ok=True)
        self._proces = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.poort),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.map),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.poort, socket_timeout=1, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline or self._proces.poll() is not None:
                    self.opruimen()
                    raise RuntimeError("eigen redis-server start niet") from None
                time.sleep(0.05)
        client.close()
        return self

    def client(self, db: int = 0) -> redis.Redis:
        return redis.Redis(port=self.poort, db=db, socket_timeout=2, socket_connect_timeout=2)

    def stoppen(self) -> None:
        """Ends the server: new connections are refused."""
        self.ontdooien()
        if self._proces is not None:
            self._proces.terminate()
            try:
                self._proces.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proces.kill()
                self._proces.wait()
            self._proces = None

    def bevriezen(self) -> None:
        assert self._proces is not None
        self._proces.send_signal(signal.SIGSTOP)
        self.bevroren = True

    def ontdooien(self) -> None:
        if self._proces is not None and self.bevroren:
            self._proces.send_signal(signal.SIGCONT)
        self.bevroren = False

    def opruimen(self) -> None:
        try:
            self.stoppen()
        finally:
            shutil.rmtree(self.map, ignore_errors=True)
