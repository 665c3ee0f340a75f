import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

# Test-only variables that must not leak into the production check.
UIT_TE_ZETTEN = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}

PRODUCTIE = {
    "DEBUG": "false",
    "SECRET_KEY": "prod-" + "k3y-zonder-betekenis-" * 4,
    "SIGNALEN_KOPPELSLEUTEL": "koppel-" + "sleutel-zonder-betekenis-" * 3,
    "ALLOWED_HOSTS": "netwerkregie.gemeente.nl",
    "DATABASE_URL": "postgres://netwerkregie@127.0.0.1:5432/netwerkregie",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://mail.gemeente.nl:587",
}


def _manage(*args, env):
    schoon = {k: v for k, v in os.environ.items() if k not in {*UIT_TE_ZETTEN, *PRODUCTIE}}
    schoon["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**schoon, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_schoon_met_productiewaarden():
    uitkomst = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTIE)
    assert uitkomst.returncode == 0, uitkomst.stdout + uitkomst.stderr
    assert "no issues" in uitkomst.stdout


def test_zonder_secret_key_start_productie_niet():
    env = {k: v for k, v in PRODUCTIE.items() if k != "SECRET_KEY"}
    uitkomst = _manage("check", env=env)
    assert uitkomst.returncode != 0
    assert "SECRET_KEY" in uitkomst.stderr


def test_zonder_koppelsleutel_start_productie_niet():
    env = {k: v for k, v in PRODUCTIE.items() if k != "SIGNALEN_KOPPELSLEUTEL"}
    uitkomst = _manage("check", env=env)
    assert uitkomst.returncode != 0
    assert "SIGNALEN_KOPPELSLEUTEL" in uitkomst.stderr


@pytest.mark.parametrize("sleutel", ["kort", "", PRODUCTIE["SECRET_KEY"]])
def test_zwakke_koppelsleutel_start_productie_niet(sleutel):
    uitkomst = _manage("check", env={**PRODUCTIE, "SIGNALEN_KOPPELSLEUTEL": sleutel})
    assert uitkomst.returncode != 0
    assert "SIGNALEN_KOPPELSLEUTEL" in uitkomst.stderr


def test_basisinstellingen():
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert "guardian.backends.ObjectPermissionBackend" in settings.AUTHENTICATION_BACKENDS
    assert settings.AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"]["min_length"] >= 12


@pytest.mark.skipif(not os.environ.get("CI"), reason="alleen in CI verplicht")
def test_ci_draait_op_postgresql_en_redis():
    assert connection.vendor == "postgresql"
    assert settings.REDIS_URL
    from django.core.cache.backends.redis import RedisCache
    from django.utils.module_loading import import_string

    # Django's RedisCache, or config.cache.RedisMetReserve built on it (issue 14.8).
    assert issubclass(import_string(settings.CACHES["default"]["BACKEND"]), RedisCache)
    assert settings.CELERY_BROKER_URL.startswith("redis://")


def test_migraties_controleren_kan_zonder_secret_key():
    """makemigrations signs nothing: it runs without a secret (the server does not)."""
    uitkomst = _manage("makemigrations", "--check", "--dry-run", env={})
    assert uitkomst.returncode == 0, uitkomst.stdout + uitkomst.stderr
    assert "No changes detected" in uitkomst.stdout
    assert _manage("migrate", "--plan", env={}).returncode != 0
