"""The region's trend and the comparison per 10,000 inhabitants (issue 18, "What the region
shares", item 3): signals filed per month for the region and one gemeente, small numbers hidden,
free of personal data; a regisseur sees their own gemeente beside the region, never another."""

import json
import re
from datetime import datetime
from html import unescape

import pytest
import redis
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone

from regio.models import EERSTE_GEMEENTE, Gemeente
from regio.scope import alle_gemeenten, gemeente_actief
from signalen.models import Signaal
from tests.factories import SignaalFactory, UserFactory

pytestmark = pytest.mark.django_db

DEZE_MAAND = timezone.localdate().replace(day=1)


def _maand(terug: int):
    return DEZE_MAAND - relativedelta(months=terug)


def _label(terug: int) -> str:
    return dateformat.format(_maand(terug), "M Y")


def _signalen(gemeente_id: int, terug: int, aantal: int, **velden) -> list[Signaal]:
    """``aantal`` signals of this gemeente, filed ``terug`` months ago (the 15th, at noon)."""
    op = timezone.make_aware(datetime.combine(_maand(terug).replace(day=15), datetime.min.time()))
    op += relativedelta(hours=12)
    with gemeente_actief(gemeente_id):
        melder = UserFactory(professional=True)
        signalen = [SignaalFactory(melder=melder, **velden) for _ in range(aantal)]
        Signaal.objects.filter(pk__in=[s.pk for s in signalen]).update(
            ingediend_op=op, fase_sinds=op
        )
    return signalen


@pytest.fixture
def regio(db):
    """Three gemeenten with signals in different months, none of them small:

    ========  ======  ======  ======  =========
              m-1     m-2     m-3     inwoners
    Delft     6       –       8       100.000
    Rijswijk  7       5       –        50.000
    Westland  –       12      9       110.000
    ========  ======  ======  ======  =========
    """
    Gemeente.objects.filter(pk=EERSTE_GEMEENTE).update(naam="Delft", inwoners=100_000)
    rijswijk = Gemeente.objects.create(naam="Rijswijk", inwoners=50_000)
    westland = Gemeente.objects.create(naam="Westland", inwoners=110_000)
    _signalen(EERSTE_GEMEENTE, 1, 6, persoon_naam="Daan Vermeer")
    _signalen(EERSTE_GEMEENTE, 3, 8, waarneming="Hij deelt haatfilmpjes op school.")
    _signalen(rijswijk.pk, 1, 7, persoon_naam="Sanne de Wit")
    _signalen(rijswijk.pk, 2, 5)
    _signalen(westland.pk, 2, 12)
    _signalen(westland.pk, 3, 9)
    with gemeente_actief(rijswijk.pk):
        regisseur_r = UserFactory(regisseur=True, met_mfa=True, email="regie@rijswijk.example")
    coordinator = UserFactory(regiocoordinator=True, met_mfa=True, email="coord@regio.example")
    return {
        "rijswijk": rijswijk,
        "westland": westland,
        "regisseur_r": regisseur_r,
        "coordinator": coordinator,
    }


def _jaartabel(html: str) -> str:
    """The page up to the trend: the yearly table (the trend's tables have rows too)."""
    return html.split('id="trend"')[0]


def _grafiek(html: str, grafiek_id: str) -> tuple[dict, dict[str, dict[str, str]]]:
    """A chart's data (what grafieken.js draws) and its table: {column: {month: cell}}."""
    figuur = re.search(rf'<figure class="grafiek" id="{grafiek_id}".*?</figure>', html, re.S)
    assert figuur, f"geen grafiek {grafiek_id}"
    figuur = figuur.group(0)
    spec = json.loads(
        re.search(r'<script id="[^"]+" type="application/json">(.*?)</script>', figuur, re.S)[1]
    )
    koppen = [unescape(k) for k in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', figuur)][1:]
    tabel: dict[str, dict[str, str]] = {kop: {} for kop in koppen}
    rijen = re.findall(r'<tr>\s*<th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', figuur, re.S)
    for maand, cellen in rijen:
        for kop, cel in zip(koppen, re.findall(r"<td[^>]*>(.*?)</td>", cellen), strict=True):
            tabel[kop][unescape(maand)] = unescape(cel)
    return spec, tabel


def test_de_coordinator_ziet_de_regio_per_maand_en_een_gekozen_gemeente(regio, login):
    client = login(regio["coordinator"])
    html = client.get("/regio/").content.decode()
    assert '<h2 class="h4 mt-4" id="trend">Trend</h2>' in html
    spec, tabel = _grafiek(html, "regio-trend-0-aantallen")
    regio_kop = "Regio (3 gemeenten)"
    assert list(tabel) == [regio_kop]  # nothing chosen: the region only
    assert len(spec["labels"]) == 24 and spec["labels"][-1] == _label(0)
    assert tabel[regio_kop][_label(1)] == "13"
    assert tabel[regio_kop][_label(2)] == "17"
    assert tabel[regio_kop][_label(3)] == "17"
    assert tabel[regio_kop][_label(4)] == "0"
    assert sum(spec["reeksen"][0]["data"]) == 47
    # Per 10,000 inhabitants: the three together, 260,000.
    _spec, per = _grafiek(html, "regio-trend-0-per-inwoners")
    assert per["Regio: gemeenten met bekend aantal inwoners"][_label(1)] == "0,5"

    html = client.get(f"/regio/?gemeente={regio['westland'].pk}").content.decode()
    spec, tabel = _grafiek(html, "regio-trend-0-aantallen")
    assert list(tabel) == ["Westland", regio_kop]
    assert [tabel["Westland"][_label(i)] for i in (1, 2, 3)] == ["0", "12", "9"]
    assert spec["reeksen"][0]["label"] == "Westland"
    assert spec["reeksen"][0]["data"][-4:] == [9, 12, 0, 0]
    _spec, per = _grafiek(html, "regio-trend-0-per-inwoners")
    assert per["Westland"][_label(2)] == "1,1"  # 12 of 110,000
    assert per["Westland"][_label(3)] == "0,8"
    # An unknown gemeente (or the region's own layer) is not a choice: the region only.
    html = client.get("/regio/?gemeente=999999").content.decode()
    assert list(_grafiek(html, "regio-trend-0-aantallen")[1]) == [regio_kop]


def test_de_jaartabel_heeft_een_kolom_per_10000_inwoners(regio, login):
    jaar = _maand(1).year
    html = login(regio["coordinator"]).get(f"/regio/?jaar={jaar}").content.decode()
    assert "Signalen ingediend per 10.000 inwoners</th>" in html
    rijen = dict(
        re.findall(r'<tr[^>]*>\s*<th scope="row">(.*?)</th>(.*?)</tr>', _jaartabel(html), re.S)
    )
    delft = re.findall(r"<td[^>]*>(.*?)</td>", rijen["Delft"])
    ingediend = sum(6 if m == 1 else 8 for m in (1, 3) if _maand(m).year == jaar)
    assert delft[0] == str(ingediend)
    assert delft[-1] == f"{ingediend / 10:.1f}".replace(".", ",")  # per 100,000 / 10,000


def test_kleine_aantallen_zijn_afgeschermd_en_niet_terug_te_rekenen(regio, login):
    _signalen(regio["westland"].pk, 5, 2)  # 2: small
    _signalen(EERSTE_GEMEENTE, 5, 9)
    _signalen(regio["rijswijk"].pk, 5, 6)
    client = login(regio["coordinator"])
    kolommen: dict[str, dict[str, str]] = {}
    for gemeente in (EERSTE_GEMEENTE, regio["rijswijk"].pk, regio["westland"].pk):
        html = client.get(f"/regio/?gemeente={gemeente}").content.decode()
        spec, tabel = _grafiek(html, "regio-trend-0-aantallen")
        kolommen.update(tabel)
    maand = _label(5)
    assert kolommen["Westland"][maand] == "<5"
    assert "Kleine aantallen zijn afgeschermd" in html
    assert spec["reeksen"][0]["data"][-6] is None  # not drawn either
    # The month's total with every other gemeente's count would give the 2 away.
    cellen = [kolommen[g][maand] for g in ("Delft", "Rijswijk")]
    regio_cel = kolommen["Regio (3 gemeenten)"][maand]
    assert regio_cel in ("<5", "×") or "×" in cellen, (cellen, regio_cel)
    # Nowhere a 2 for that month: not per 10,000 either.
    html = client.get(f"/regio/?gemeente={regio['westland'].pk}").content.decode()
    assert _grafiek(html, "regio-trend-0-per-inwoners")[1]["Westland"][maand] == "<5"


def _regio_cache() -> bytes:
    """Everything the page keeps in Redis (the region's figures), as stored."""
    verbinding = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    sleutels = [s for s in verbinding.keys("*") if b":regio:" in s]
    assert sleutels, "niets bewaard"
    return b"".join(s + (verbinding.get(s) or b"") for s in sleutels)


@pytest.mark.skipif(not settings.REDIS_URL, reason="the cache is Redis with REDIS_URL only")
def test_de_pagina_en_wat_ze_bewaart_noemen_niemand(regio, login):
    with alle_gemeenten():
        referenties = list(Signaal.objects.values_list("referentie", flat=True))
    assert len(referenties) == 47
    for gebruiker, url in (
        (regio["coordinator"], f"/regio/?gemeente={EERSTE_GEMEENTE}"),
        (regio["coordinator"], f"/regio/?gemeente={regio['rijswijk'].pk}&jaar={_maand(1).year}"),
        (regio["regisseur_r"], "/regio/"),
    ):
        html = login(gebruiker).get(url).content.decode()
        bewaard = _regio_cache().decode("utf-8", "replace")
        for inhoud in (html, bewaard):
            for persoonlijk in (
                "Daan",
                "Vermeer",
                "Sanne",
                "de Wit",
                "haatfilmpjes",
                "filmpjes in de klasgroep",
                "regie@rijswijk",
                "coord@regio",
                *referenties,
            ):
                assert persoonlijk not in inhoud, persoonlijk
            assert not re.search(r"S-\d{4}-\d{4}", inhoud)


def test_de_regisseur_ziet_de_eigen_gemeente_naast_de_regio_per_10000(regio, login):
    client = login(regio["regisseur_r"])
    html = client.get("/regio/").content.decode()
    spec, tabel = _grafiek(html, "regio-trend-0-aantallen")
    assert list(tabel) == ["Rijswijk", "Regio (3 gemeenten)"]
    assert [tabel["Rijswijk"][_label(i)] for i in (1, 2, 3)] == ["7", "5", "0"]
    _spec, per = _grafiek(html, "regio-trend-0-per-inwoners")
    regio_kop = "Regio: gemeenten met bekend aantal inwoners"
    assert list(per) == ["Rijswijk", regio_kop]
    assert per["Rijswijk"][_label(1)] == "1,4"  # 7 of 50,000
    assert per[regio_kop][_label(1)] == "0,5"  # 13 of 260,000
    # The yearly table: the own row and the region's, per 10,000 too.
    rijen = re.findall(r'<tr[^>]*>\s*<th scope="row">(.*?)</th>', _jaartabel(html))
    assert rijen == ["Rijswijk", "Regio (3 gemeenten)"]
    assert "per 10.000 inwoners</th>" in html
    # No other gemeente, not by name, not as a choice, not as a series.
    for ander in ("Delft", "Westland", 'name="gemeente"'):
        assert ander not in html
    assert {r["label"] for r in spec["reeksen"]} == {"Rijswijk", "Regio (3 gemeenten)"}


def test_de_regisseur_kan_geen_andere_gemeente_kiezen(regio, login):
    client = login(regio["regisseur_r"])
    eigen = client.get("/regio/").content.decode()
    for andere in (EERSTE_GEMEENTE, regio["westland"].pk):
        html = client.get(f"/regio/?gemeente={andere}").content.decode()
        assert "Delft" not in html and "Westland" not in html
        assert _grafiek(html, "regio-trend-0-aantallen") == _grafiek(
            eigen, "regio-trend-0-aantallen"
        )
        assert _grafiek(html, "regio-trend-0-per-inwoners") == _grafiek(
            eigen, "regio-trend-0-per-inwoners"
        )


def test_de_regio_per_10000_alleen_over_drie_gemeenten_met_inwoners(regio, login):
    """With two gemeenten whose inhabitants are known, the region per 10,000 minus one's own
    would be the other's: not shown to the regisseur. Nor when exactly one other gemeente
    lacks them (the region's total minus the part would be that one's count)."""
    client = login(regio["regisseur_r"])
    Gemeente.objects.filter(pk=regio["westland"].pk).update(inwoners=None)
    html = client.get("/regio/").content.decode()
    _spec, per = _grafiek(html, "regio-trend-0-per-inwoners")
    assert list(per) == ["Rijswijk"]
    assert "De regio per 10.000 inwoners staat hier pas" in html
    # A fourth gemeente with inhabitants: three with, one other without (Westland): still not.
    Gemeente.objects.create(naam="Zoetermeer", inwoners=125_000)
    html = client.get("/regio/").content.decode()
    assert list(_grafiek(html, "regio-trend-0-per-inwoners")[1]) == ["Rijswijk"]
    # A fifth without: two others without inhabitants, three with: compared.
    Gemeente.objects.create(naam="Midden-Delfland")
    html = client.get("/regio/").content.decode()
    per = _grafiek(html, "regio-trend-0-per-inwoners")[1]
    assert list(per) == ["Rijswijk", "Regio: gemeenten met bekend aantal inwoners"]
    # The coördinator always sees the region per 10,000 (of those with inhabitants known).
    html = login(regio["coordinator"]).get("/regio/").content.decode()
    assert "Regio: gemeenten met bekend aantal inwoners" in html


def test_de_kosten_van_de_trend_groeien_niet_met_het_aantal_gemeenten(regio, login):
    client = login(regio["coordinator"])

    def aantal(url):
        cache.clear()  # the figures computed, not taken from the cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    url = f"/regio/?gemeente={EERSTE_GEMEENTE}"
    client.get(url)
    drie = aantal(url)
    for naam, inwoners in (("Zoetermeer", 125_000), ("Midden-Delfland", None), ("Pijnacker", 1)):
        nieuw = Gemeente.objects.create(naam=naam, inwoners=inwoners)
        _signalen(nieuw.pk, 2, 6)
    assert aantal(url) == drie
    # Kept: a second view counts nothing again.
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) < drie


@pytest.mark.parametrize("rol", ["professional", "partner", "beheerder"])
def test_andere_rollen_krijgen_403(request, regio, login, rol):
    gebruiker = request.getfixturevalue(rol)
    antwoord = login(gebruiker).get(f"/regio/?gemeente={regio['westland'].pk}")
    assert antwoord.status_code == 403


def test_het_dashboard_verwijst_naar_de_regio_vanaf_drie_gemeenten(regisseur, login):
    client = login(regisseur)
    html = client.get(reverse("admin:index")).content.decode()
    assert 'id="grafiek-signalen-per-maand"' in html
    assert "Vergelijk met de regio" not in html
    Gemeente.objects.create(naam="Rijswijk")
    Gemeente.objects.create(naam="Westland")
    SignaalFactory()  # a write: the panel is computed again (kept a minute otherwise)
    html = client.get(reverse("admin:index")).content.decode()
    assert f'<a href="{reverse("regio")}">Vergelijk met de regio</a>' in html
    assert client.get(reverse("regio")).status_code == 200
