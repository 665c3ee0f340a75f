"""Issue 14.14: during a PostgreSQL outage the application answers 503 with a short body (the
load balancer's health check included) and logs one line per failed request, no traceback;
a real server error keeps its traceback.

The outage is real: the application runs in gunicorn as in production, against a PostgreSQL
cluster of this test's own (tests/storingen.py), which the test stops and starts again.
"""

import io
import logging
from types import SimpleNamespace

import pytest

from tests.storingen import EigenPostgres, Gunicorn

pytestmark = pytest.mark.skipif(
    not EigenPostgres.beschikbaar(), reason="PostgreSQL's initdb/pg_ctl ontbreken"
)


@pytest.fixture(scope="module")
def postgres():
    pg = EigenPostgres().opzetten()
    yield pg
    pg.opruimen()


@pytest.fixture(scope="module")
def site(postgres, tmp_path_factory):
    from django.conf import settings

    omgeving = {"DATABASE_URL": postgres.url, "CONN_MAX_AGE": "0"}
    if settings.REDIS_URL:
        omgeving["REDIS_URL"] = settings.REDIS_URL
    gunicorn = Gunicorn(**omgeving).starten()
    yield gunicorn
    gunicorn.stoppen()


def test_database_weg_geeft_503_en_een_regel_per_verzoek(postgres, site):
    status, _kop, tekst = site.get("/gezond/")
    assert (status, tekst) == (200, "ok")

    postgres.stoppen()
    try:
        begin = len(site.logtekst())
        status, kop, tekst = site.get("/gezond/")
        assert status == 503
        assert tekst == "database onbereikbaar"
        assert kop.get("Retry-After") == "30"

        # A logged-in user's page: the session lookup and the session save both fail.
        status, kop, tekst = site.get("/signalen/mijn/", cookies="sessionid=abcdefghijklmnop1234")
        assert status == 503
        assert "Even niet beschikbaar" in tekst
        assert "Retry-After" in kop

        log = site.wacht_op_log(lambda t: t[begin:].count('"GET ') >= 2)[begin:]
        assert "Traceback" not in log, log
        toegang = [r for r in log.splitlines() if '"GET ' in r]  # gunicorn's access log
        regels = [r for r in log.splitlines() if r.strip() and r not in toegang]
        assert len(toegang) == 2, log
        onbereikbaar = [r for r in regels if "onbereikbaar" in r]
        # One line for each of the two requests (the access log aside).
        assert len(onbereikbaar) == 2, log
        assert len(regels) == 2, log
    finally:
        postgres.starten()

    # Back: the same process answers again, without a restart.
    status, _kop, tekst = site.get("/gezond/")
    assert (status, tekst) == (200, "ok")


def test_een_echte_serverfout_houdt_zijn_traceback():
    """Only outages and refusals lose the traceback."""
    from config.logboek import Verzoeken

    uit = io.StringIO()
    handler = logging.StreamHandler(uit)
    handler.addFilter(Verzoeken())
    logger = logging.getLogger("tests.verzoeken")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        try:
            raise ValueError("kapot")
        except ValueError:
            logger.error("Internal Server Error: %s", "/x/", exc_info=True,
                         extra={"status_code": 500, "request": SimpleNamespace()})  # fmt: skip
    finally:
        logger.removeHandler(handler)
    assert "Traceback" in uit.getvalue() and "ValueError: kapot" in uit.getvalue()
