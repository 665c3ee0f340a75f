import asyncio
import socket
import threading
from collections import Counter
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from config.celery import app


@pytest.fixture
def celery_eager():
    """Tasks queued with .delay() run at once in this process (no broker, no worker)."""
    vorige = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = vorige


# --- A real SMTP server ---------------------------------------------------------------------------


class Postbus:
    """aiosmtpd handler: keeps every message it receives (it runs in the server's own thread).

    ``weigeren`` maps an address (lower case) to the server's answer to RCPT TO, e.g.
    ``"550 5.1.1 <x@y.nl>: Recipient address rejected: User unknown"`` or a temporary
    ``"451 4.3.0 ..."``; ``inhoud_weigeren`` likewise to the answer to DATA. Every other address
    is accepted; ``geweigerd`` lists each refused attempt (the address)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._berichten = []  # (client address, parsed message)
        self._geweigerd = []
        self.vertraging = 0.0  # seconds per message: a slower server, so senders overlap
        self.weigeren: dict[str, str] = {}
        self.inhoud_weigeren: dict[str, str] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        antwoord = self.weigeren.get(address.lower())
        if antwoord:
            with self._lock:
                self._geweigerd.append(address.lower())
            return antwoord
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for adres in envelope.rcpt_tos:
            antwoord = self.inhoud_weigeren.get(adres.lower())
            if antwoord:
                with self._lock:
                    self._geweigerd.append(adres.lower())
                return antwoord
        if self.vertraging:
            await asyncio.sleep(self.vertraging)
        bericht = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self._berichten.append((session.peer, bericht))
        return "250 Message accepted for delivery"

    @property
    def berichten(self):
        with self._lock:
            return [bericht for _peer, bericht in self._berichten]

    @property
    def geweigerd(self) -> list[str]:
        with self._lock:
            return list(self._geweigerd)

    def per_message_id(self) -> Counter:
        return Counter(str(bericht["Message-ID"]) for bericht in self.berichten)

    def verbindingen(self) -> int:
        """How many SMTP connections delivered messages (a client port per connection)."""
        with self._lock:
            return len({peer for peer, _bericht in self._berichten})


class SmtpServer:
    """An aiosmtpd server on 127.0.0.1:<poort>; stop() leaves nothing listening on the port."""

    def __init__(self, poort: int):
        self.poort = poort
        self.postbus = Postbus()
        self._controller = None

    @property
    def draait(self) -> bool:
        return self._controller is not None

    def start(self):
        assert not self.draait
        # A stopped controller cannot start again (its event loop is closed): a new one, same
        # port, same postbus.
        self._controller = Controller(
            self.postbus, hostname="127.0.0.1", port=self.poort, server_hostname="smtp.test"
        )
        self._controller.start()

    def stop(self):
        assert self.draait
        self._controller.stop()
        self._controller = None


def _vrije_poort() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server, and Django's SMTP backend pointed at it.

    Settings apply to Celery workers started with ``start_worker`` too: they run as threads of
    this process.
    """
    server = SmtpServer(_vrije_poort())
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.poort
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    if server.draait:
        server.stop()
