"""Issue 14.8: logging in keeps working while Redis is down or frozen.

allauth keeps its login rate limits (behind a cache lock) and the used TOTP codes in Django's
cache. These tests point that cache, as configured in settings, at a Redis server of their own
(tests/eigen_redis.py), kill it or freeze it (SIGSTOP), and log in through allauth's real views:
password, then the authenticator code. The cache switches to its reserve in PostgreSQL
(config/cache.py), says so once in the log, and goes back to Redis once it answers again.
"""

import logging
import time
from concurrent.futures import ThreadPoolExecutor

import pyotp
import pytest
from django.core.cache import cache, caches
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

import config.cache
from tests.eigen_redis import EigenRedis
from tests.factories import WACHTWOORD, UserFactory

pytestmark = pytest.mark.skipif(not EigenRedis.beschikbaar(), reason="redis-server ontbreekt")

TE_VEEL = "Te veel inlogpogingen"
# Only to fail instead of hanging the suite when a request hangs; nothing is timed.
GEEN_HANGEN = 60


@pytest.fixture
def eigen_redis(tmp_path):
    server = EigenRedis(tmp_path / "redis").starten()
    yield server
    server.opruimen()


def _reserve_legen():
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {config.cache.RESERVE_TABEL}")


def _in_reserve() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {config.cache.RESERVE_TABEL}")
        return [rij[0] for rij in cursor.fetchall()]


@pytest.fixture
def cache_via(settings, eigen_redis):
    """Django's cache as settings configure it, on the test's own Redis, with a reserve period
    of ``storing_seconden`` so that a test sees the way back to Redis."""

    def _instellen(storing_seconden: float):
        standaard = settings.CACHES["default"]
        settings.CACHES = {
            "default": {
                **standaard,
                "LOCATION": eigen_redis.url(),
                "OPTIONS": {**standaard.get("OPTIONS", {}), "STORING_SECONDEN": storing_seconden},
            }
        }
        _reserve_legen()
        return cache

    yield _instellen
    eigen_redis.ontdooien()
    _reserve_legen()
    config.cache._storingen.clear()


def _cachelog(caplog, niveau) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == "config.cache" and r.levelno == niveau
    ]


def _wachtwoord(client, user, wachtwoord, **extra):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": wachtwoord}, **extra
    )


def _inloggen(user, code: str, **extra) -> Client:
    """allauth's real flow: password, then the authenticator code. No 500: the test client
    raises a view's exception."""
    client = Client()
    antwoord = _wachtwoord(client, user, WACHTWOORD, **extra)
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    assert antwoord["Location"] == reverse("mfa_authenticate")
    antwoord = client.post(reverse("mfa_authenticate"), {"code": code}, **extra)
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    assert client.session.get("_auth_user_id") == str(user.pk)
    return client


def _ongebruikte_code(user, gebruikt: set[str]) -> str:
    """A code the server accepts now (one 30-second step either side) that was not used yet."""
    totp = pyotp.TOTP(user.totp_secret)
    for verschuiving in (0, 30, -30):
        code = totp.at(time.time() + verschuiving)
        if code not in gebruikt:
            gebruikt.add(code)
            return code
    raise AssertionError("geen ongebruikte code meer in het venster")


# --- The cache API --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_elke_bewerking_werkt_zonder_redis_en_gaat_daarna_naar_redis(
    cache_via, eigen_redis, caplog
):
    cache = cache_via(storing_seconden=1)
    cache.set("opwarmen", 1)
    eigen_redis.stoppen()
    with caplog.at_level(logging.INFO, logger="config.cache"):
        cache.set("weg", "x", 60)
        cache.clear()
        assert cache.get("weg") is None

        cache.set("teller", 1, 60)
        assert cache.get("teller") == 1
        assert cache.add("teller", 5, 60) is False
        assert cache.add("slot", "bezet", 60) is True
        assert cache.incr("teller") == 2
        assert cache.decr("teller", 2) == 0
        assert cache.has_key("slot") and "slot" in cache
        assert cache.get_many(["teller", "slot", "nergens"]) == {"teller": 0, "slot": "bezet"}
        assert cache.set_many({"c": 3, "d": 4}, 60) == []
        cache.delete_many(["c"])
        assert cache.get("c") is None and cache.get("d") == 4
        assert cache.touch("d", 60) is True
        assert cache.get_or_set("e", lambda: "vijf", 60) == "vijf"
        assert cache.delete("d") is True
        assert cache.get("d", "standaard") == "standaard"
        with pytest.raises(ValueError):
            cache.incr("nergens")

        # The spreadsheet being imported holds personal data: it never goes to the database.
        cache.set("netwerk-import-abc", b"naam;e-mail", 3600)
        assert cache.get("netwerk-import-abc") is None
        assert not any("netwerk-import" in sleutel for sleutel in _in_reserve())
        assert _in_reserve()  # the rest is kept, for every web process

        # Redis comes back; once the reserve period is over the cache uses Redis again, with
        # what the reserve held.
        eigen_redis.starten()
        time.sleep(1.2)
        assert cache.get("teller") == 0
        assert not caches["default"].in_storing
        assert _in_reserve() == []
        redis = eigen_redis.client()
        assert redis.get(cache.make_key("slot")) is not None
        assert 0 < redis.ttl(cache.make_key("slot")) <= 60

    assert len(_cachelog(caplog, logging.WARNING)) == 1, _cachelog(caplog, logging.WARNING)
    assert len(_cachelog(caplog, logging.INFO)) == 1
    assert "weer bereikbaar" in _cachelog(caplog, logging.INFO)[0]


# --- Logging in ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_inloggen_terwijl_redis_niet_draait(cache_via, eigen_redis, regisseur, caplog):
    cache_via(storing_seconden=30)
    eigen_redis.stoppen()  # connections are refused
    gebruikt: set[str] = set()
    with caplog.at_level(logging.INFO, logger="config.cache"):
        hier = _inloggen(regisseur, _ongebruikte_code(regisseur, gebruikt), REMOTE_ADDR="10.1.1.1")
        assert hier.get(reverse("admin:index")).status_code == 200

        # The limit on failed logins still holds.
        aanvaller = Client()
        for i in range(5):
            antwoord = _wachtwoord(aanvaller, regisseur, f"fout-{i}-wachtwoord")
            assert "Het e-mailadres en/of wachtwoord is niet juist." in antwoord.content.decode()
        antwoord = _wachtwoord(aanvaller, regisseur, WACHTWOORD)
        assert TE_VEEL in antwoord.content.decode()
        assert "_auth_user_id" not in aanvaller.session
        # A used code stays used.
        opnieuw = Client()
        _wachtwoord(opnieuw, regisseur, WACHTWOORD, REMOTE_ADDR="10.1.1.2")
        opnieuw.post(reverse("mfa_authenticate"), {"code": next(iter(gebruikt))})
        assert "_auth_user_id" not in opnieuw.session

    waarschuwingen = _cachelog(caplog, logging.WARNING)
    assert len(waarschuwingen) == 1, waarschuwingen
    assert "reserve" in waarschuwingen[0]


@pytest.mark.django_db(transaction=True)
def test_inloggen_terwijl_redis_bevroren_is_en_daarna(cache_via, eigen_redis, caplog):
    regisseur = UserFactory(regisseur=True, met_mfa=True, email="regisseur@voorbeeld.nl")
    cache_via(storing_seconden=2)
    # One thread does every request, as a gunicorn worker would: its cache keeps its connection
    # to Redis open, so the command that meets the frozen server is really sent (and executed by
    # Redis when it resumes).
    draad = ThreadPoolExecutor(max_workers=1)

    def in_draad(functie, *args):
        return draad.submit(functie, *args).result(timeout=GEEN_HANGEN)

    gebruikt: set[str] = set()
    try:
        in_draad(lambda: cache.get("opwarmen"))  # the thread's own cache, connected
        eigen_redis.bevriezen()
        with caplog.at_level(logging.INFO, logger="config.cache"):
            # Frozen: the login completes, and succeeds.
            bevroren_code = _ongebruikte_code(regisseur, gebruikt)
            in_draad(_inloggen, regisseur, bevroren_code)
            fout = in_draad(_wachtwoord, Client(), regisseur, "fout-wachtwoord-1")
            assert "niet juist" in fout.content.decode()
            assert caches["default"].in_storing

            # Redis resumes: a login works at once.
            eigen_redis.ontdooien()
            in_draad(_inloggen, regisseur, _ongebruikte_code(regisseur, gebruikt))

            # After the reserve period the cache uses Redis again; what Redis executed of the
            # commands that timed out (allauth's lock) does not refuse anyone ...
            time.sleep(2.5)
            in_draad(_inloggen, regisseur, _ongebruikte_code(regisseur, gebruikt))
            assert not caches["default"].in_storing
            # ... and the code used while Redis was frozen stays used.
            opnieuw = Client()
            in_draad(_wachtwoord, opnieuw, regisseur, WACHTWOORD)
            in_draad(opnieuw.post, reverse("mfa_authenticate"), {"code": bevroren_code})
            assert "_auth_user_id" not in opnieuw.session
    finally:
        eigen_redis.ontdooien()
        draad.submit(connections.close_all).result(timeout=GEEN_HANGEN)
        draad.shutdown()

    waarschuwingen = _cachelog(caplog, logging.WARNING)
    assert len(waarschuwingen) == 1, waarschuwingen
    assert "TimeoutError" in waarschuwingen[0]
    assert len(_cachelog(caplog, logging.INFO)) == 1
