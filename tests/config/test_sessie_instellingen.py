"""SESSION_VERVERSEN_SECONDEN (config/settings.py): how often activity is written to a session.
It must stay well under the idle time, or a session could end long before SESSION_IDLE_MINUTES."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _instelling(**omgeving: str) -> subprocess.CompletedProcess:
    schoon = {k: v for k, v in os.environ.items() if not k.startswith("SESSION_")}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.conf import settings; print(settings.SESSION_VERVERSEN_SECONDEN)"],
        cwd=ROOT,
        env={**schoon, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true", **omgeving},
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip


def test_standaard_een_minuut():
    uitkomst = _instelling()
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert uitkomst.stdout.split()[-1] == "60"


def test_bij_een_korte_inactiviteit_een_tiende_daarvan():
    uitkomst = _instelling(SESSION_IDLE_MINUTES="5")
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert uitkomst.stdout.split()[-1] == "30"


def test_nul_schrijft_elk_verzoek():
    uitkomst = _instelling(SESSION_VERVERSEN_SECONDEN="0")
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert uitkomst.stdout.split()[-1] == "0"


def test_te_lang_interval_start_niet():
    for waarde in ("900", "-1"):
        uitkomst = _instelling(SESSION_VERVERSEN_SECONDEN=waarde)
        assert uitkomst.returncode != 0
        assert "SESSION_VERVERSEN_SECONDEN" in uitkomst.stderr
