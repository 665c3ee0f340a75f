"""The regisseur opens the dashboard with the demo data: the panels, the charts and the network
picture render in a real browser, without CSP violations. Screenshots are kept as test
artefacts in test-results/."""

from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.hulp import inloggen
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTEFACTEN = Path(__file__).resolve().parents[2] / "test-results"


def _getekend(page, canvas) -> bool:
    """Does the canvas hold any drawn (non-transparent) pixel?"""
    return page.evaluate(
        """(c) => {
            const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
            for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) return true; }
            return false;
        }""",
        canvas.element_handle(),
    )


def test_dashboard_met_grafieken_en_netwerkbeeld(live_server, page, csp_schendingen, settings):
    # An earlier transaction test may have flushed the data migration's kinds of training; the
    # demo needs them (as after a fresh migrate).
    import_module("trainingen.migrations.0002_soorten").aanmaken(apps, None)
    settings.DEBUG = True  # demo_data refuses to run otherwise
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False
    regisseur = UserFactory(regisseur=True, met_mfa=True, email="regie@voorbeeld.nl")
    ARTEFACTEN.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    inloggen(page, live_server, regisseur)

    page.goto(f"{live_server.url}/beheer/")
    for titel in ("Signalen", "Netwerk", "Convenanten", "Bijeenkomsten", "Trainingen"):
        expect(page.get_by_role("heading", name=titel, exact=True)).to_be_visible()
    figuren = page.locator("figure.grafiek")
    expect(figuren).to_have_count(4)
    for i in range(4):
        canvas = figuren.nth(i).locator("canvas")
        expect(canvas).to_be_visible()
        assert _getekend(page, canvas), f"grafiek {i + 1} is leeg"
    # The numbers are there as a table too (for screen readers and without colour).
    assert figuren.first.locator("table td").count() > 0
    page.screenshot(path=str(ARTEFACTEN / "dashboard.png"), full_page=True)

    page.get_by_role("link", name="Netwerkbeeld").click()
    # It opens on the overview: domains and networks, readable at a glance.
    graaf = page.locator("[data-klaar='1']")
    expect(graaf).to_have_count(1, timeout=15000)
    overzicht = int(graaf.get_attribute("data-knopen"))
    assert 5 <= overzicht <= 40, overzicht
    page.screenshot(path=str(ARTEFACTEN / "netwerkbeeld-overzicht.png"), full_page=True)
    # Everyone, one click away.
    page.get_by_role("link", name="Iedereen tonen").click()
    graaf = page.locator("[data-klaar='1']")
    expect(graaf).to_have_count(1, timeout=15000)
    assert int(graaf.get_attribute("data-knopen")) > 50
    assert int(graaf.get_attribute("data-lijnen")) > 50
    lagen = graaf.locator("canvas")
    assert any(_getekend(page, lagen.nth(i)) for i in range(lagen.count())), "leeg netwerkbeeld"
    page.screenshot(path=str(ARTEFACTEN / "netwerkbeeld.png"), full_page=True)
    assert csp_schendingen == []
