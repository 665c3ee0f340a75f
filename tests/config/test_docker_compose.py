"""The production stack: docker-compose.yml, the Dockerfile and .dockerignore.

There is no Docker engine on the development and CI machines, so the stack (containers talking
to each other) is never run here; the image itself is built and run by `make image`
(.ci/image.py, in CI), never by these tests. ``docker-compose config`` validates the compose
file and prints it resolved (anchors merged, variables filled in); these tests check that
output. PyYAML is not installed, so the output is read as indented text. No database needed.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
SETTINGS = ROOT / "config" / "settings.py"

SECRET = "compose-test-" + "geheim-zonder-betekenis-" * 3
KOPPELSLEUTEL = "koppel-" + "sleutel-voor-de-test-" * 3
DIENSTEN = {"web", "worker", "beat", "db", "redis", "mailpit"}
APP_DIENSTEN = ("web", "worker", "beat")


def _docker_compose() -> str:
    pad = shutil.which("docker-compose")
    if pad is None:
        melding = (
            "docker-compose is niet geïnstalleerd; installeer het met "
            "`apt-get install --no-install-recommends docker-compose`."
        )
        if os.environ.get("CI"):
            pytest.fail(melding)
        pytest.skip(melding)
    return pad


def _compose_config(map_: Path, *args: str, **omgeving: str) -> subprocess.CompletedProcess:
    """`docker-compose config` with only the given variables: nothing from this shell (the test
    settings set SECRET_KEY) and no .env file of the developer."""
    leeg = map_ / "leeg.env"
    leeg.write_text("")
    # Both secrets are required; a test leaves one out by passing None.
    omgeving = {k: v for k, v in {"SIGNALEN_KOPPELSLEUTEL": KOPPELSLEUTEL, **omgeving}.items() if v}
    return subprocess.run(
        [_docker_compose(), "--env-file", str(leeg), "-f", str(COMPOSE), "config", *args],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(map_), **omgeving},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> str:
    uitkomst = _compose_config(tmp_path_factory.mktemp("compose"), SECRET_KEY=SECRET)
    assert uitkomst.returncode == 0, uitkomst.stderr
    return uitkomst.stdout


# --- reading the printed YAML -------------------------------------------------------------------


def _inspringing(regel: str) -> int:
    return len(regel) - len(regel.lstrip(" "))


def _sectie(regels: list[str], sleutel: str) -> list[str]:
    """The lines of ``sleutel:`` at the outer level of ``regels``, with all that is nested under
    it (PyYAML prints list items at the indentation of their key)."""
    diepte = min(_inspringing(r) for r in regels if r.strip())
    for i, regel in enumerate(regels):
        if _inspringing(regel) == diepte and regel.strip().partition(":")[0] == sleutel:
            eind = i + 1
            while eind < len(regels) and (
                _inspringing(regels[eind]) > diepte
                or (_inspringing(regels[eind]) == diepte and regels[eind].lstrip().startswith("-"))
            ):
                eind += 1
            return regels[i:eind]
    raise AssertionError(f"{sleutel!r} ontbreekt in:\n" + "\n".join(regels))


def _onder(tekst: str, *sleutels: str) -> list[str]:
    """E.g. ``_onder(config, "services", "web", "command")``: that entry, header line included."""
    regels = [r for r in tekst.splitlines() if r.strip()]
    for diepte, sleutel in enumerate(sleutels):
        if diepte:
            regels = regels[1:]  # into the block under the previous key
            assert regels, f"niets onder {sleutels[diepte - 1]!r}"
        regels = _sectie(regels, sleutel)
    return regels


def _plat(regels: list[str]) -> str:
    """One line, list markers and YAML line folding gone: for 'comes before' checks."""
    return " ".join(r.strip().removeprefix("- ") for r in regels)


def _omgeving(config: str, dienst: str) -> dict[str, str]:
    waarden = {}
    for regel in _onder(config, "services", dienst, "environment")[1:]:
        naam, _, waarde = regel.strip().partition(": ")
        waarden[naam.rstrip(":")] = waarde.strip().strip("'\"")
    return waarden


# --- docker-compose.yml -------------------------------------------------------------------------


def test_compose_heeft_alle_diensten(tmp_path):
    uitkomst = _compose_config(tmp_path, "--services", SECRET_KEY=SECRET)
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert DIENSTEN.issubset(uitkomst.stdout.split())


def test_compose_bewaart_database_en_uploads_in_volumes(tmp_path, config):
    uitkomst = _compose_config(tmp_path, "--volumes", SECRET_KEY=SECRET)
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert {"db", "media"}.issubset(uitkomst.stdout.split())

    db_volumes = _plat(_onder(config, "services", "db", "volumes"))
    assert "db:/var/lib/postgresql/data" in db_volumes
    media_root = _omgeving(config, "web")["MEDIA_ROOT"]
    for dienst in ("web", "worker"):
        assert f"media:{media_root}" in _plat(_onder(config, "services", dienst, "volumes"))


def test_zonder_secret_key_weigert_de_stack(tmp_path):
    uitkomst = _compose_config(tmp_path)
    assert uitkomst.returncode != 0
    assert "SECRET_KEY" in uitkomst.stderr


def test_zonder_koppelsleutel_weigert_de_stack(tmp_path):
    uitkomst = _compose_config(tmp_path, SECRET_KEY=SECRET, SIGNALEN_KOPPELSLEUTEL=None)
    assert uitkomst.returncode != 0
    assert "SIGNALEN_KOPPELSLEUTEL" in uitkomst.stderr


def test_web_migreert_en_start_dan_gunicorn(config):
    command = _plat(_onder(config, "services", "web", "command"))
    assert "migrate --noinput" in command
    assert "exec gunicorn config.wsgi:application" in command
    assert command.index("migrate --noinput") < command.index("gunicorn")
    # The bind address comes from gunicorn.conf.py (test_gunicorn_logt_geen_zoektermen).
    assert "&&" in command  # gunicorn only starts when the migrations succeeded
    assert re.search(r":8000(/tcp)?$", _onder(config, "services", "web", "ports")[1].strip("'\" "))


def test_web_healthcheck_vraagt_de_gezond_url(config):
    assert reverse("gezond") == "/gezond/"
    healthcheck = _plat(_onder(config, "services", "web", "healthcheck"))
    assert "http://127.0.0.1:8000/gezond/" in healthcheck
    assert "urllib" in healthcheck


def test_celery_worker_en_beat(config):
    assert "celery -A config worker" in _plat(_onder(config, "services", "worker", "command"))
    beat = _plat(_onder(config, "services", "beat", "command"))
    assert "celery -A config beat" in beat
    assert "--schedule /tmp/" in beat  # /app is not writable for the application user


def test_db_en_redis_hebben_een_healthcheck(config):
    assert "postgres:15" in _plat(_onder(config, "services", "db", "image"))
    assert "pg_isready" in _plat(_onder(config, "services", "db", "healthcheck"))
    assert "redis-cli ping" in _plat(_onder(config, "services", "redis", "healthcheck"))


@pytest.mark.parametrize("dienst", APP_DIENSTEN)
def test_app_wacht_op_gezonde_db_en_redis(config, dienst):
    # Worker and beat also wait for web: it is healthy only after the migrations ran.
    for afhankelijk in ("db", "redis") if dienst == "web" else ("db", "redis", "web"):
        regels = _onder(config, "services", dienst, "depends_on", afhankelijk)
        assert "condition: service_healthy" in _plat(regels)


def test_omgeving_van_de_app(config):
    omgeving = _omgeving(config, "web")
    assert omgeving["DEBUG"] == "false"
    assert omgeving["SECRET_KEY"] == SECRET
    assert omgeving["SIGNALEN_KOPPELSLEUTEL"] == KOPPELSLEUTEL
    assert omgeving["DATABASE_URL"] == "postgres://netwerkregie:netwerkregie@db:5432/netwerkregie"
    assert omgeving["REDIS_URL"] == "redis://redis:6379/0"
    assert omgeving["EMAIL_URL"] == "smtp://mailpit:1025"
    assert omgeving["ALLOWED_HOSTS"] == "localhost,127.0.0.1"
    assert omgeving["SITE_URL"] == "http://localhost:8000"
    # Plain http on localhost for a try-out; production sets these behind its TLS proxy.
    assert omgeving["SECURE_SSL_REDIRECT"] == "false"
    assert omgeving["SECURE_COOKIES"] == "false"
    assert omgeving["SECURE_HSTS_SECONDS"] == "0"
    for dienst in ("worker", "beat"):
        assert _omgeving(config, dienst) == omgeving


def test_omgeving_gebruikt_alleen_bestaande_instellingen(config):
    """Every variable handed to the app is one that config/settings.py reads."""
    bron = SETTINGS.read_text()
    onbekend = [naam for naam in _omgeving(config, "web") if f'"{naam}"' not in bron]
    assert not onbekend, f"niet gelezen in config/settings.py: {onbekend}"


def test_productiewaarden_komen_door(tmp_path):
    uitkomst = _compose_config(
        tmp_path,
        SECRET_KEY=SECRET,
        POSTGRES_PASSWORD="ander-wachtwoord",
        ALLOWED_HOSTS="netwerkregie.gemeente.nl",
        SITE_URL="https://netwerkregie.gemeente.nl",
        SECURE_SSL_REDIRECT="true",
        SECURE_COOKIES="true",
        SECURE_HSTS_SECONDS="31536000",
        USE_X_FORWARDED_PROTO="true",
        EMAIL_URL="smtp+tls://mail.gemeente.nl:587",
    )
    assert uitkomst.returncode == 0, uitkomst.stderr
    omgeving = _omgeving(uitkomst.stdout, "web")
    verwacht = "postgres://netwerkregie:ander-wachtwoord@db:5432/netwerkregie"
    assert omgeving["DATABASE_URL"] == verwacht
    assert omgeving["ALLOWED_HOSTS"] == "netwerkregie.gemeente.nl"
    assert omgeving["SITE_URL"] == "https://netwerkregie.gemeente.nl"
    assert omgeving["SECURE_SSL_REDIRECT"] == "true"
    assert omgeving["SECURE_COOKIES"] == "true"
    assert omgeving["SECURE_HSTS_SECONDS"] == "31536000"
    assert omgeving["USE_X_FORWARDED_PROTO"] == "true"
    assert omgeving["EMAIL_URL"] == "smtp+tls://mail.gemeente.nl:587"
    db = _plat(_onder(uitkomst.stdout, "services", "db", "environment"))
    assert "POSTGRES_PASSWORD: ander-wachtwoord" in db


# --- Dockerfile and .dockerignore ---------------------------------------------------------------


def _instructies() -> list[tuple[str, str]]:
    assert DOCKERFILE.is_file(), "Dockerfile ontbreekt"
    tekst = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    instructies = []
    for regel in tekst.splitlines():
        regel = regel.strip()
        if regel and not regel.startswith("#"):
            naam, _, rest = regel.partition(" ")
            instructies.append((naam.upper(), " ".join(rest.split())))
    return instructies


def test_dockerfile_draait_gunicorn_als_gewone_gebruiker():
    instructies = _instructies()
    # The base is a build argument (tests/config/test_image.py); Docker Hub's image by default.
    assert instructies[0] == ("ARG", "BASE_IMAGE=python:3.11-slim")
    assert instructies[1] == ("FROM", "${BASE_IMAGE}")
    cmd = [rest for naam, rest in instructies if naam == "CMD"]
    assert cmd and '"gunicorn", "config.wsgi:application"' in cmd[-1]
    gebruikers = [rest for naam, rest in instructies if naam == "USER"]
    assert gebruikers, "geen USER-regel: de container draait als root"
    assert gebruikers[-1].partition(":")[0] not in {"root", "0"}


def test_dockerfile_installeert_zonder_dev_en_verzamelt_static():
    runs = " ".join(rest for naam, rest in _instructies() if naam == "RUN")
    assert "pip install ." in runs
    assert "[dev]" not in runs
    assert "collectstatic --noinput" in runs
    healthcheck = [rest for naam, rest in _instructies() if naam == "HEALTHCHECK"]
    assert healthcheck and "/gezond/" in healthcheck[0] and "urllib" in healthcheck[0]


def test_dockerignore_houdt_lokale_bestanden_buiten_de_image():
    regels = set((ROOT / ".dockerignore").read_text().split())
    assert {".venv", ".env", ".git", "var", "staticfiles"}.issubset(regels)


def test_gunicorn_logt_geen_zoektermen():
    """Searches put names in the query string; the access log must leave it out."""
    uitkomst = subprocess.run(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--print-config",
            "config.wsgi:application",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert uitkomst.returncode == 0, uitkomst.stderr
    instellingen = {
        regel.split("=", 1)[0].strip(): regel.split("=", 1)[1].strip()
        for regel in uitkomst.stdout.splitlines()
        if "=" in regel
    }
    assert instellingen["bind"] == "['0.0.0.0:8000']"
    assert instellingen["accesslog"] == "-"
    formaat = instellingen["access_log_format"]
    assert "%(U)s" in formaat
    for met_query in ("%(r)s", "%(q)s", "%(f)s"):
        assert met_query not in formaat
