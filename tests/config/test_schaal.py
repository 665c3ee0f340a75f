"""Issue 16.3: web and worker processes hold no state of their own, so more of them can run side
by side behind a load balancer (docs/production.md, "Meer nodes").

Two gunicorn instances on two ports (as production runs them: gunicorn.conf.py, DEBUG off, the
client behind a proxy that says https) share one PostgreSQL (the test database) and one Redis
(a server of this test's own, tests/eigen_redis.py: cache, rate limits, used TOTP codes and
the broker). A regisseur logs in on one through allauth's real flow, password and authenticator
code, and works on with the same cookie on the other: a form fetched on one node is sent to the
other (its one-time token lives in the session), the message it leaves shows on the first, and
logging out on one ends the session on both.

Two real ``celery worker`` processes share the queues of that Redis: every message put in the
outbox is queued twice, and the sweep twice besides, yet a local SMTP server receives each
message exactly once, and both workers sent some.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyotp
import pytest
from django.conf import settings

from berichten import tasks
from berichten.models import Bericht
from berichten.services import bericht_klaarzetten, bericht_message_id
from config.celery import app
from netwerk.models import Wijk
from tests.berichten.conftest import SmtpServer
from tests.eigen_redis import EigenRedis
from tests.factories import WACHTWOORD, UserFactory
from tests.storingen import PROJECT, Gunicorn, vrije_poort

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="de nodes delen een PostgreSQL-database (DATABASE_URL ontbreekt)",
    ),
    pytest.mark.skipif(not EigenRedis.beschikbaar(), reason="redis-server ontbreekt"),
]

# Only to fail instead of hanging the suite; nothing is timed.
GEEN_HANGEN = 60


def _database_url() -> str:
    """The URL of the test database (pytest-django's, named after the run's DATABASE_URL)."""
    db = settings.DATABASES["default"]
    gebruiker = urllib.parse.quote(db["USER"] or "")
    wachtwoord = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    adres = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{gebruiker}{wachtwoord}@{adres}/{db['NAME']}"


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = EigenRedis(tmp_path_factory.mktemp("schaal-redis")).starten()
    yield server
    server.opruimen()


@pytest.fixture(scope="module")
def omgeving(django_db_setup, redis_server) -> dict[str, str]:
    """What every node gets: the same database, the same Redis, production's flags."""
    return {
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_server.url(0),
        "DEBUG": "false",
        "USE_X_FORWARDED_PROTO": "true",
        "LOG_LEVEL": "INFO",
    }


@pytest.fixture(scope="module")
def webnodes(omgeving):
    nodes = []
    try:
        for _ in range(2):
            nodes.append(Gunicorn(**omgeving, CONN_MAX_AGE="0").starten())
        yield nodes
    finally:
        for node in nodes:
            node.stoppen()


class Worker:
    """``celery -A config worker`` as production starts it (docker-compose.yml), in a process
    of its own, with its own name; its log is kept."""

    def __init__(self, naam: str, omgeving: dict[str, str]):
        self.naam = naam
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in stoppen()
            prefix=f"netwerkregie-{naam}-", suffix=".log"
        )
        celery = Path(sys.executable).with_name("celery")
        self.proces = subprocess.Popen(  # noqa: S603
            [
                str(celery),
                "-A",
                "config",
                "worker",
                "--loglevel",
                "INFO",
                "--pool",
                "solo",
                "--hostname",
                f"{naam}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],  # fmt: skip
            cwd=PROJECT,
            env={
                **{k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"},
                "DJANGO_SETTINGS_MODULE": "config.settings_test",
                "PYTHONUNBUFFERED": "1",
                **omgeving,
            },
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def logtekst(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")

    def wachten(self) -> None:
        eind = time.monotonic() + GEEN_HANGEN
        while " ready." not in self.logtekst():
            if self.proces.poll() is not None or time.monotonic() > eind:
                raise RuntimeError(f"worker {self.naam} startte niet:\n{self.logtekst()}")
            time.sleep(0.1)

    def taken(self) -> int:
        """How many outbox tasks (one message, or a sweep) this worker finished."""
        return len(re.findall(r"Task berichten\.tasks\.\w+\[[^\]]+\] succeeded", self.logtekst()))

    def stoppen(self) -> None:
        if self.proces.poll() is None:
            self.proces.terminate()  # a warm shutdown: the task at hand finishes
            try:
                self.proces.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proces.kill()
                self.proces.wait()
        self.log.close()


@pytest.fixture(scope="module")
def postbus():
    server = SmtpServer(vrije_poort())
    server.start()
    # A slower server, so the two workers send at the same time.
    server.postbus.vertraging = 0.02
    yield server
    server.stop()


@pytest.fixture(scope="module")
def workers(omgeving, postbus, redis_server):
    smtp = {"EMAIL_URL": f"smtp://127.0.0.1:{postbus.poort}"}
    gestart = []
    try:
        for naam in ("schaal-een", "schaal-twee"):
            gestart.append(Worker(naam, {**omgeving, **smtp}))
        for worker in gestart:
            worker.wachten()
        yield gestart
    finally:
        for worker in gestart:
            worker.stoppen()


@pytest.fixture
def broker_van_de_nodes(redis_server):
    """This process queues its tasks on the nodes' broker (config/settings_test.py: database
    14 of REDIS_URL), as a web node would."""
    vorige = app.conf.broker_url
    app.conf.broker_url = redis_server.url(14)
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield redis_server.client(14)
    finally:
        app.pool.force_close_all()
        app.conf.broker_url = vorige
        app._pool = None
        app.amqp._producer_pool = None


# --- A browser of two nodes ---------------------------------------------------------------------


class GeenDoorverwijzing(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer to look at, not to follow


class Browser:
    """One browser, one cookie jar, talking to whichever node it is told to (as a load balancer
    without sticky sessions would send it). Behind the proxy the site is https: cookies are
    ``Secure``, and a POST carries the ``Origin`` a browser sends."""

    def __init__(self):
        self.cookies: dict[str, str] = {}
        self._opener = urllib.request.build_opener(GeenDoorverwijzing)

    def verzoek(self, node: Gunicorn, pad: str, data: dict | None = None):
        basis = f"127.0.0.1:{node.poort}"
        verzoek = urllib.request.Request(  # noqa: S310 - a local test server
            f"http://{basis}{pad}",
            data=urllib.parse.urlencode(data).encode() if data is not None else None,
            headers={"X-Forwarded-Proto": "https", "User-Agent": "Netwerkregie-schaaltest"},
        )
        if data is not None:
            verzoek.add_header("Origin", f"https://{basis}")
        if self.cookies:
            verzoek.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            antwoord = self._opener.open(verzoek, timeout=GEEN_HANGEN)
        except urllib.error.HTTPError as fout:
            antwoord = fout
        with antwoord:
            for kop in antwoord.headers.get_all("Set-Cookie") or []:
                naam, _, rest = kop.partition("=")
                waarde = rest.split(";", 1)[0]
                if waarde and "max-age=0" not in kop.lower():
                    self.cookies[naam.strip()] = waarde
                else:
                    self.cookies.pop(naam.strip(), None)
            return antwoord.status, antwoord.headers.get("Location", ""), antwoord.read().decode()


def _formulier(pagina: str, veld: str) -> dict[str, str]:
    """The hidden fields (CSRF token, one-time token) of the page's (last) form that has
    ``veld``: a field name or an action."""
    formulieren = [f for f in re.findall(r"<form.*?</form>", pagina, re.S) if f'"{veld}"' in f]
    assert formulieren, f"geen formulier met {veld}:\n{pagina}"
    velden = {}
    for invoer in re.findall(r"<input[^>]*>", formulieren[-1]):
        if 'type="hidden"' in invoer:
            naam = re.search(r'name="([^"]+)"', invoer)
            waarde = re.search(r'value="([^"]*)"', invoer)
            if naam:
                velden[naam.group(1)] = html.unescape(waarde.group(1) if waarde else "")
    return velden


# --- The tests ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_inloggen_op_de_ene_node_en_doorwerken_op_de_andere(webnodes):
    a, b = webnodes
    regisseur = UserFactory(
        regisseur=True, met_mfa=True, email="regisseur@schaal.nl", first_name="Romy"
    )
    browser = Browser()

    # allauth's login on A: password, then the code of the authenticator app.
    status, _, pagina = browser.verzoek(a, "/account/login/")
    assert status == 200
    status, naar, _ = browser.verzoek(
        a,
        "/account/login/",
        {**_formulier(pagina, "login"), "login": regisseur.email, "password": WACHTWOORD},
    )
    assert (status, naar) == (302, "/account/2fa/authenticate/")
    # The code is typed on B: the half-finished login is in the shared session.
    status, _, pagina = browser.verzoek(b, "/account/2fa/authenticate/")
    assert status == 200
    code = pyotp.TOTP(regisseur.totp_secret).now()
    status, naar, _ = browser.verzoek(
        b, "/account/2fa/authenticate/", {**_formulier(pagina, "code"), "code": code}
    )
    assert status == 302 and not naar.startswith("/account/"), naar

    # Logged in on both nodes with the one cookie.
    for node in (a, b):
        status, _, pagina = browser.verzoek(node, "/beheer/")
        assert status == 200, f"node {node.poort}: {status}"
        assert "Dashboard" in pagina and "Romy" in pagina

    # A form fetched on A and sent to B: its one-time token was issued into the session.
    status, _, pagina = browser.verzoek(a, "/beheer/netwerk/wijk/add/")
    assert status == 200
    formulier = {**_formulier(pagina, "naam"), "naam": "Binnenstad-Oost"}
    status, naar, _ = browser.verzoek(b, "/beheer/netwerk/wijk/add/", formulier)
    assert status == 302, naar
    # Sent again, to A (a double click that the load balancer spread): still one wijk.
    status, _, _ = browser.verzoek(a, "/beheer/netwerk/wijk/add/", formulier)
    assert status in (200, 302)
    assert Wijk.objects.filter(naam="Binnenstad-Oost").count() == 1
    # The message B left in the session shows on A.
    status, _, pagina = browser.verzoek(a, naar)
    assert status == 200 and "is met succes toegevoegd" in pagina

    # Logging out on B ends the session on A as well.
    status, _, pagina = browser.verzoek(b, "/account/logout/")
    status, naar, _ = browser.verzoek(b, "/account/logout/", _formulier(pagina, "/account/logout/"))
    assert status == 302
    status, naar, _ = browser.verzoek(a, "/beheer/")
    assert status == 302 and "/login/" in naar

    # Neither node logged a server error.
    for node in (a, b):
        assert "Traceback" not in node.logtekst(), node.logtekst()


@pytest.mark.django_db(transaction=True)
def test_twee_workers_versturen_elk_bericht_precies_een_keer(workers, postbus, broker_van_de_nodes):
    aantal = 60
    berichten = []
    for i in range(aantal):
        # Each in a transaction of its own: queued (bericht_versturen) when it commits.
        berichten.append(
            bericht_klaarzetten(
                aan=f"ontvanger{i}@schaal.nl",
                onderwerp=f"Uitnodiging {i}",
                tekst="Tot dan.",
                sleutel=f"schaal:{i}",
            )
        )
    # And every one a second time, and two sweeps: the workers race for the same rows.
    for bericht in berichten:
        tasks.bericht_versturen.delay(bericht.pk)
    tasks.openstaande_berichten_versturen.delay()
    tasks.openstaande_berichten_versturen.delay()

    eind = time.monotonic() + GEEN_HANGEN
    while Bericht.objects.exclude(
        status=Bericht.Status.VERSTUURD
    ).exists() or broker_van_de_nodes.llen("celery"):
        assert time.monotonic() < eind, (
            f"{Bericht.objects.filter(status='wachtend').count()} nog wachtend; "
            + "\n".join(w.logtekst()[-2000:] for w in workers)
        )
        time.sleep(0.1)
    time.sleep(0.5)  # a task still running would send a duplicate now

    per_id = postbus.postbus.per_message_id()
    assert set(per_id) == {bericht_message_id(b) for b in berichten}
    assert set(per_id.values()) == {1}, "elk bericht precies een keer"
    assert len(postbus.postbus.berichten) == aantal
    taken = {w.naam: w.taken() for w in workers}
    assert all(taken.values()), f"beide workers nemen taken uit de wachtrij: {taken}"
    for worker in workers:
        assert "Traceback" not in worker.logtekst(), worker.logtekst()
