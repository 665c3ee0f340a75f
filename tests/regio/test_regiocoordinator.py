"""The regiocoördinator (issue 18): the region's figures, aggregates only, no gemeente's data."""

import re
from datetime import date
from html import unescape

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from berichten.models import Bericht
from regio.models import EERSTE_GEMEENTE, Gemeente
from regio.scope import alle_gemeenten, gemeente_actief
from tests.factories import (
    AandachtsfunctionarisFactory,
    PersoonFactory,
    SignaalFactory,
    UserFactory,
)

JAAR = date.today().year


@pytest.fixture
def regio(db):
    Gemeente.objects.filter(pk=EERSTE_GEMEENTE).update(naam="Delft")
    rijswijk = Gemeente.objects.create(naam="Rijswijk")
    # Delft: 7 signals about Daan Vermeer and others; Rijswijk: 2 (a small number).
    for _ in range(7):
        SignaalFactory(persoon_naam="Daan Vermeer")
    AandachtsfunctionarisFactory.create_batch(6)
    with gemeente_actief(rijswijk.pk):
        SignaalFactory(persoon_naam="Sanne de Wit")
        SignaalFactory(persoon_naam="Sanne de Wit")
        PersoonFactory(voornaam="Sanne", achternaam="de Wit")
        regisseur_r = UserFactory(regisseur=True, met_mfa=True)
    coordinator = UserFactory(regiocoordinator=True, met_mfa=True, email="coord@regio.example")
    return {"rijswijk": rijswijk, "regisseur_r": regisseur_r, "coordinator": coordinator}


def _tabel(html: str) -> dict[str, list[str]]:
    # The yearly table: the page up to the trend, whose tables have rows too.
    html = html.split('id="trend"')[0]
    rijen = re.findall(r"<tr[^>]*>\s*<th scope=\"row\">(.*?)</th>(.*?)</tr>", html, re.S)
    return {
        kop.strip(): [unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", cellen)]
        for kop, cellen in rijen
    }


def test_de_coordinator_ziet_elke_gemeente_en_de_regio_alleen_in_aantallen(regio, login):
    assert regio["coordinator"].gemeente_id is None
    html = login(regio["coordinator"]).get(f"/regio/?jaar={JAAR}").content.decode()
    tabel = _tabel(html)
    assert set(tabel) == {"Delft", "Rijswijk", "Regio (2 gemeenten)"}
    assert tabel["Rijswijk"][0] == "<5"  # 2: a small number is hidden
    # Delft's 7 would give Rijswijk's 2 away from the region's 9: hidden too.
    assert tabel["Delft"][0] == "×"
    assert tabel["Regio (2 gemeenten)"][0] == "9"
    assert tabel["Delft"][3] == "6"  # aandachtsfunctionarissen: nothing small, all shown
    for persoonlijk in ("Daan", "Vermeer", "Sanne", "Wit", "S-20"):
        assert persoonlijk not in html


def test_de_coordinator_ziet_niets_van_een_gemeente_zelf(regio, login):
    client = login(regio["coordinator"])
    assert client.get("/").status_code == 200
    for url in ("/signalen/mijn/", "/signalen/gedeeld/", "/netwerk/smoelenboek/", "/meldingen/"):
        assert client.get(url).status_code == 403, url
    assert client.get("/beheer/").status_code == 403
    with gemeente_actief(EERSTE_GEMEENTE):
        signaal_id = SignaalFactory().pk
    assert client.get(f"/beheer/signalen/signaal/{signaal_id}/change/").status_code == 403


def test_zonder_tweede_factor_komt_de_coordinator_niet_verder_dan_het_instellen(db, login):
    coordinator = UserFactory(regiocoordinator=True)
    antwoord = login(coordinator).get("/regio/")
    assert antwoord.status_code == 302 and "/2fa/" in antwoord["Location"]


def test_een_regisseur_ziet_de_eigen_gemeente_naast_de_regio(regio, login):
    client = login(regio["regisseur_r"])
    # Two gemeenten: the region's total would give Delft's figures away; not shown.
    html = client.get(f"/regio/?jaar={JAAR}").content.decode()
    assert set(_tabel(html)) == {"Rijswijk"}
    assert "Delft" not in html and "drie of meer gemeenten" in html
    Gemeente.objects.create(naam="Leidschendam-Voorburg")
    html = client.get(f"/regio/?jaar={JAAR}").content.decode()
    assert set(_tabel(html)) == {"Rijswijk", "Regio (3 gemeenten)"}
    assert "Delft" not in html


def test_andere_rollen_mogen_de_regio_niet_zien(regio, login, professional, partner):
    for gebruiker in (professional, partner):
        assert login(gebruiker).get("/regio/").status_code == 403


def test_de_kosten_groeien_niet_met_het_aantal_gemeenten(regio, login):
    client = login(regio["coordinator"])
    client.get("/regio/")

    def aantal():
        cache.clear()  # the figures computed, not taken from the cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/regio/").status_code == 200
        return len(queries)

    twee = aantal()
    for naam in ("Midden-Delfland", "Westland", "Zoetermeer", "Leidschendam-Voorburg"):
        Gemeente.objects.create(naam=naam)
    assert aantal() == twee


def test_het_commando_maakt_een_regiocoordinator_zonder_gemeente(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "regiocoordinator_aanmaken",
            "rik@regio.example",
            voornaam="Rik",
            stdout=open("/dev/null", "w"),  # noqa: SIM115
        )
    from django.contrib.auth import get_user_model

    with alle_gemeenten():
        rik = get_user_model().objects.get(email="rik@regio.example")
        welkom = Bericht.objects.get(aan="rik@regio.example")
    assert rik.gemeente_id is None and rik.groups.get().name == "Regiocoördinator"
    assert welkom.gemeente_id is None
    # A beheerder of a gemeente cannot hand out this role.
    from accounts import rollen, services

    beheerder = UserFactory(beheerder=True)
    assert rollen.REGIOCOORDINATOR not in services.rollen_die_mag_toekennen(beheerder)
