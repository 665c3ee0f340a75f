"""The registry of what each app contributes (kern.bijdragen): declared on the AppConfig,
collected in one place, failing loudly on a mistake. Issue 15.4."""

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from kern import bijdragen

PROJECT = Path(__file__).resolve().parents[2]


def test_elke_app_draagt_bij_wat_de_site_toont():
    namen = {f"{f.__module__}.{f.__name__}" for f in bijdragen.functies("dashboard")}
    assert {
        "accounts.dashboard.panelen",
        "berichten.dashboard.panelen",
        "netwerk.dashboard.panelen",
        "signalen.dashboard.panelen",
        "bijeenkomsten.dashboard.panelen",
        "trainingen.dashboard.panelen",
    } <= namen
    # The yearly report in its order; demo data in the order its parts depend on each other.
    assert [f.__module__ for f in bijdragen.functies("jaarcijfers")] == [
        "signalen.jaarcijfers",
        "trainingen.jaarcijfers",
        "bijeenkomsten.jaarcijfers",
        "netwerk.jaarcijfers",
    ]
    assert [f.__module__ for f in bijdragen.functies("demo")] == [
        "netwerk.demo",
        "signalen.demo",
        "weging.demo",
        "bijeenkomsten.demo",
        "casusoverleg.demo",
        "trainingen.demo",
    ]
    assert {f.__module__ for f in bijdragen.functies("beheerpaginas")} == {
        "netwerk.netwerkbeeld",
        "config.jaarverslag",
    }


@pytest.mark.parametrize(
    ("verklaring", "melding"),
    [
        ({"dashbord": []}, "onbekende soort bijdrage"),
        ({"dashboard": ["signalen.dashboard.bestaat_niet"]}, "bestaat niet"),
        ({"demo": [("nergens.demo.maken", 5)]}, "bestaat niet"),
        ({"taken": {"verlopen-sessies-opruimen": {"task": "x", "schedule": 60}}}, "bestaat al"),
        ({"taken": {"iets": {"task": "x"}}}, "mist task of schedule"),
    ],
)
def test_een_fout_in_een_verklaring_valt_meteen_op(monkeypatch, verklaring, melding):
    config = apps.get_app_config("berichten")
    monkeypatch.setattr(config, "bijdragen", verklaring, raising=False)
    with pytest.raises(ImproperlyConfigured, match=melding):
        for soort in bijdragen.SOORTEN:
            if soort == "taken":
                bijdragen.periodieke_taken()
            else:
                bijdragen.functies(soort)
    # And the system check (every start, every test run) says so with the app's name.
    fouten = bijdragen.bijdragen_controleren()
    assert [f.id for f in fouten] == ["kern.E001"]
    assert "berichten" in fouten[0].msg


def test_zonder_fouten_is_de_systeemcontrole_schoon():
    assert bijdragen.bijdragen_controleren() == []


def test_celery_beat_plant_de_taken_van_alle_apps(tmp_path):
    """A real beat process builds its schedule from the apps' declarations."""
    verwacht = set(bijdragen.periodieke_taken())
    assert {"verlopen-sessies-opruimen", "openstaande-berichten-versturen", "terugkomdagen",
            "delingen-herzien", "reeksen-bijplannen"} <= verwacht  # fmt: skip
    proces = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "config", "beat", "-l", "debug",
         "-s", str(tmp_path / "schema"), "--pidfile", str(tmp_path / "beat.pid")],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    gezien: set[str] = set()
    try:
        eind = time.monotonic() + 60
        while not verwacht <= gezien and time.monotonic() < eind:
            regel = proces.stdout.readline()
            if not regel:
                break
            gevonden = re.search(r"<ScheduleEntry: (\S+) ", regel)
            if gevonden:
                gezien.add(gevonden.group(1))
    finally:
        proces.terminate()
        proces.wait(timeout=20)
    assert verwacht <= gezien, f"beat plant niet: {sorted(verwacht - gezien)}"
