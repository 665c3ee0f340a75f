"""A large import in the browser: 2,000 rows are checked in the background by a real Celery
worker while the page shows a progress bar that moves; then the preview with the row errors;
then a corrected file, its preview, the confirmation and the saving, again with progress."""

import csv
import re
import time

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import expect

from config.celery import app
from netwerk import models as nw
from tests.e2e.hulp import inloggen
from tests.factories import LocatieFactory, NetwerkFactory, OrganisatieFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RIJEN = 2000


def bestand(pad, *, fout_elke=0):
    with open(pad, "w", newline="", encoding="utf-8-sig") as uit:
        schrijver = csv.writer(uit, delimiter=";")
        schrijver.writerow(["Voornaam", "Achternaam", "E-mailadres", "Organisatie", "Functie",
                            "Locaties", "Netwerk"])  # fmt: skip
        for i in range(RIJEN):
            fout = fout_elke and i % fout_elke == fout_elke - 1
            schrijver.writerow(
                [
                    "Lieke",
                    f"Vos {i}",
                    "geen-adres" if fout else f"lieke{i}@vermeer.example",
                    "Vermeer Lyceum",
                    "Mentor",
                    "Gebouw Noord",
                    "Netwerk aandachtsfunctionarissen Delft" if i % 3 == 0 else "",
                ]
            )
    return pad


def de_balk_beweegt(page):
    """The progress bar is there, and stands somewhere between the start and the end: it
    moved, and the page is not done yet."""
    expect(page.get_by_role("progressbar")).to_be_visible()
    page.wait_for_function(
        "() => { const p = document.querySelector('progress');"
        " return p && p.value > 0 && p.value < p.max; }",
        timeout=120_000,
    )


def test_regisseur_ziet_de_voortgang_van_een_grote_import(
    live_server, page, csp_schendingen, tmp_path
):
    NetwerkFactory(naam="Netwerk aandachtsfunctionarissen Delft")
    school = OrganisatieFactory(naam="Vermeer Lyceum", domein="onderwijs")
    LocatieFactory(organisatie=school, naam="Gebouw Noord")
    regisseur = UserFactory(regisseur=True, met_mfa=True)
    fout = bestand(tmp_path / "aandachtsfunctionarissen.csv", fout_elke=500)
    goed = bestand(tmp_path / "aandachtsfunctionarissen-verbeterd.csv")

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=120):
        inloggen(page, live_server, regisseur)
        page.goto(f"{live_server.url}/beheer/netwerk/persoon/import/")
        page.get_by_label("Bestand").set_input_files(fout)
        begin = time.monotonic()
        page.get_by_role("button", name="Controleren").click()

        # At once a page that says what happens, with a progress bar that moves.
        expect(page.get_by_role("heading", name="Het bestand wordt gecontroleerd")).to_be_visible()
        expect(page.get_by_text("aandachtsfunctionarissen.csv: 2000 rijen.")).to_be_visible()
        de_balk_beweegt(page)
        expect(page.locator("#import-voortgang-tekst")).to_have_text(
            re.compile(r"[1-9]\d* van 2000 rijen gecontroleerd\.")
        )

        # Then the preview with the row errors, in Dutch, and nothing to confirm.
        expect(page.get_by_role("heading", name="4 rijen kloppen niet")).to_be_visible(
            timeout=180_000
        )
        controle = time.monotonic() - begin
        rij = page.locator("table.import-preview tbody tr").first
        expect(rij).to_contain_text("Vos 499")
        expect(rij).to_contain_text("Voer een geldig e-mailadres in.")
        expect(rij.locator("th")).to_have_text("501")
        expect(page.get_by_role("button", name="Import bevestigen en opslaan")).to_have_count(0)
        assert not nw.Persoon.objects.exists()

        # The corrected file, chosen on the same page.
        page.get_by_label("Bestand").set_input_files(goed)
        page.get_by_role("button", name="Controleren").click()
        de_balk_beweegt(page)
        expect(page.get_by_text("2000 nieuw, 0 bijgewerkt, 0 ongewijzigd.")).to_be_visible(
            timeout=180_000
        )
        # The last of the 2,000 rows (a CSS locator: roles over a table this size are slow).
        laatste = page.locator("table.import-preview tbody tr").last
        expect(laatste).to_contain_text("Vos 1999", timeout=30_000)
        expect(laatste).to_contain_text("Nieuw")
        page.get_by_role("button", name="Import bevestigen en opslaan").click()

        # The saving, with its own progress, then the list with the usual message.
        expect(page.get_by_role("heading", name="De import wordt opgeslagen")).to_be_visible()
        expect(
            page.get_by_text("Import opgeslagen: 2000 nieuw, 0 bijgewerkt, 0 ongewijzigd.")
        ).to_be_visible(timeout=180_000)
    expect(page).to_have_url(re.compile(r"/beheer/netwerk/persoon/$"))
    assert nw.Persoon.objects.count() == RIJEN
    assert nw.Lidmaatschap.objects.count() == 667
    assert csp_schendingen == []
    print(f"\n2000 rijen: voorbeeld na {controle:.1f} s (met de browser en de worker samen)")
