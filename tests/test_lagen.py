"""The layers of docs/architecture.md hold in the code: dependencies point one way.

`config/` is the top of the project and no app imports it; `kern/` is the shared core and
imports no app but `accounts.rollen`; `netwerk` imports none of the apps built on it;
`signalen` never imports `bijeenkomsten` or `trainingen`; `bijeenkomsten` never `trainingen`;
no app imports `meldingen`, which follows signals through their domain events.
A new import that breaks this fails here with the file and line.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

PROJECT = Path(settings.BASE_DIR)
# package -> the project's own top-level packages it builds on (may import); every other
# package of the project is forbidden to it. A new app is one line here.
ONDER = ("kern", "regio")
MAG = {
    # the shared core: the tenant layer, and of accounts the role questions only (KERN_MAG)
    "kern": {"regio", "accounts"},
    # the tenant and its separation, under every app: only kern's domain events
    "regio": {"kern"},
    "accounts": {*ONDER, "berichten"},
    "berichten": {*ONDER, "accounts"},
    "netwerk": {*ONDER, "accounts", "berichten"},
    "signalen": {*ONDER, "accounts", "berichten", "netwerk"},
    "bijeenkomsten": {*ONDER, "accounts", "berichten", "netwerk"},
    "trainingen": {*ONDER, "accounts", "berichten", "netwerk", "bijeenkomsten"},
    # notifications follow signals through their events; no other app depends on them
    "meldingen": {*ONDER, "accounts", "berichten", "netwerk", "signalen"},
    # the case meeting is built on signals and meetings; nothing below it imports it
    "casusoverleg": {*ONDER, "accounts", "berichten", "netwerk", "signalen", "bijeenkomsten"},
    # the weging is built on signals; nothing imports it (the signal's page asks kern.bijdragen)
    "weging": {*ONDER, "accounts", "berichten", "netwerk", "signalen"},
}
# config is the top: it may import everything, and nothing imports it.
PAKKETTEN = {"config", *MAG}
VERBODEN = {pakket: PAKKETTEN - mag - {pakket} for pakket, mag in MAG.items()}
# kern may ask the role questions, and nothing else of accounts.
KERN_MAG = {"accounts.rollen"}


def _imports(pad: Path):
    boom = ast.parse(pad.read_text(), filename=str(pad))
    for knoop in ast.walk(boom):
        if isinstance(knoop, ast.Import):
            for alias in knoop.names:
                yield knoop.lineno, alias.name
        elif isinstance(knoop, ast.ImportFrom) and knoop.level == 0 and knoop.module:
            yield knoop.lineno, knoop.module
            for alias in knoop.names:
                yield knoop.lineno, f"{knoop.module}.{alias.name}"


def _bestanden(pakket: str):
    return [p for p in (PROJECT / pakket).rglob("*.py") if "migrations" not in p.parts]


@pytest.mark.parametrize("pakket", sorted(VERBODEN))
def test_een_pakket_importeert_alleen_wat_onder_het_ligt(pakket):
    fouten = []
    for pad in _bestanden(pakket):
        for regel, naam in _imports(pad):
            bovenste = naam.split(".")[0]
            if pakket == "kern" and bovenste == "accounts":
                if not any(naam == m or naam.startswith(m + ".") for m in KERN_MAG) and (
                    naam != "accounts"
                ):
                    fouten.append(f"{pad.relative_to(PROJECT)}:{regel} importeert {naam}")
                continue
            if bovenste in VERBODEN[pakket]:
                fouten.append(f"{pad.relative_to(PROJECT)}:{regel} importeert {naam}")
    assert not fouten, "\n".join(fouten)


def test_de_regel_vangt_een_verkeerde_import(tmp_path):
    """The check itself sees an import of config in an app's module."""
    bestand = tmp_path / "voorbeeld.py"
    bestand.write_text("from config.admin import RegieAdminSite\nimport netwerk.models\n")
    assert [naam for _r, naam in _imports(bestand)] == [
        "config.admin",
        "config.admin.RegieAdminSite",
        "netwerk.models",
    ]
