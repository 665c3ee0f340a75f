"""The consistency report: outcomes against indicators over a year, similar wegingen decided
differently, wegingen longer than the phase's expected duration. Aggregates only, small numbers
hidden, free of personal data (a test as for the yearly report), the same queries whatever the
number of wegingen."""

import html
import random
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kern.rapport import AFGESCHERMD, KLEIN
from signalen.models import Fasebeschrijving, Inzage
from signalen.startteksten import fasebeschrijvingen_aanmaken
from tests.factories import SignaalFactory
from weging import rapport, services
from weging.models import Antwoord, Uitkomst, Weging

from .conftest import over

pytestmark = pytest.mark.django_db
JAAR = timezone.localdate().year
WOORDEN = ["Kattenburg", "Zeeheldenbuurt", "Pluvier", "Oostenwind", "Mauritskade", "Wippolder"]


def _vrij(rnd) -> str:
    return " ".join(rnd.choice(WOORDEN) + str(rnd.randint(100, 999)) for _ in range(4))


def _bevestigd(w, *, uitkomst=Uitkomst.CASUSOVERLEG, aanwezig=(0,), rnd=None, naam="Daan"):
    """A signal weighed and confirmed: the indicators at positions ``aanwezig`` present, free
    texts made up (``rnd``), returned with the texts it holds."""
    rnd = rnd or random.Random(0)
    signaal = SignaalFactory(melder=w.melder, fase="weging", door=w.regisseur, persoon_naam=naam)
    weging = services.weging_starten(signaal=signaal, door=w.regisseur)
    teksten = [signaal.referentie, naam]
    antwoorden = {}
    for i, b in enumerate(weging.beoordelingen.order_by("pk")):
        if i in aanwezig:
            toelichting = _vrij(rnd)
            teksten.append(toelichting)
            antwoorden[b.indicator_id] = (Antwoord.AANWEZIG, toelichting)
        else:
            antwoorden[b.indicator_id] = (Antwoord.ONBEKEND, "")
    onderbouwing = _vrij(rnd)
    teksten.append(onderbouwing)
    extra = {}
    if uitkomst == Uitkomst.ZORG_BUITEN_RADICALISERING:
        extra["doorverwezen_naar"] = "ggz"
    if uitkomst == Uitkomst.MONITOREN:
        extra["herzien_op"] = over(30)
    services.weging_opslaan(
        weging=weging,
        door=w.regisseur,
        antwoorden=antwoorden,
        deelnemers=[],
        uitkomst=uitkomst,
        onderbouwing=onderbouwing,
        **extra,
    )
    services.weging_indienen(weging=weging, door=w.regisseur)
    services.weging_bevestigen(weging=weging, door=w.collega)
    return weging, teksten


def _url(**query):
    return reverse("weging:rapport") + ("?" + "&".join(f"{k}={v}" for k, v in query.items()))


def test_het_rapport_bevat_geen_persoonsgegevens(w, login, client):
    rnd = random.Random(20)
    teksten = []
    uitkomsten = list(Uitkomst)
    for i in range(12):
        _w, eigen = _bevestigd(
            w,
            uitkomst=uitkomsten[i % 4],
            aanwezig={i % 3, 5 + i % 2},
            rnd=rnd,
            naam=f"Persoon{i} Achternaam{i}",
        )
        teksten += eigen
    teruggestuurd = services.weging_starten(
        signaal=SignaalFactory(melder=w.melder, fase="weging", door=w.regisseur),
        door=w.regisseur,
    )
    Weging.objects.filter(pk=teruggestuurd.pk).update(reden_terugsturen="Pluvier777 Oostenwind")
    teksten.append("Pluvier777")

    client = login(w.regisseur)
    pagina = html.unescape(client.get(_url(jaar=JAAR)).content.decode())
    verslag = pagina.split('id="rapport"', 1)[1].split("<footer", 1)[0]
    assert "Bevestigde wegingen: 12" in verslag
    assert "Ideologie en uitingen: Toont sympathie voor geweld" in verslag  # the kader's labels

    User = get_user_model()
    namen = {t for u in User.objects.all() for t in (u.first_name, u.last_name, u.email) if t}
    namen |= {"Politie Delft", "GGZ Delfland"}
    for tekst in teksten:
        for deel in tekst.split():
            assert deel not in verslag, deel
    for naam in namen:
        assert re.search(rf"\b{re.escape(naam)}\b", verslag, re.IGNORECASE) is None, naam
    assert "@" not in verslag
    assert not re.search(r"S-\d{4}-\d{4}", verslag)  # no reference


def test_kleine_aantallen_zijn_afgeschermd(w):
    for _ in range(3):
        _bevestigd(w, uitkomst=Uitkomst.GEEN_ZORGEN, aanwezig={1})
    for _ in range(6):
        _bevestigd(w, uitkomst=Uitkomst.CASUSOVERLEG, aanwezig={0, 1})
    r = rapport.rapport(JAAR, tot=timezone.localdate())
    cellen = dict(r.uitkomsten.rijen)
    # 3 is hidden; 6 too, or 9 - 6 would give the 3 away; the total stays.
    assert cellen[Uitkomst.GEEN_ZORGEN.label] == [KLEIN]
    assert cellen[Uitkomst.CASUSOVERLEG.label] == [AFGESCHERMD]
    assert r.uitkomsten.totaal[1] == ["9"]
    assert r.afgeschermd
    rijen = dict(r.indicatoren.rijen)
    tweede = [k for k in rijen if k.startswith("Ideologie en uitingen")][1]
    assert rijen[tweede][list(Uitkomst).index(Uitkomst.GEEN_ZORGEN)] == KLEIN
    assert rijen[tweede][-1] == "9"  # present in all nine
    for tabel in (r.uitkomsten, r.indicatoren, r.duur):
        for _kop, waarden in [*tabel.rijen, tabel.totaal]:
            assert not {"1", "2", "3", "4"} & set(waarden)
    # Two groups of similar wegingen, none with differing outcomes.
    assert r.groepen_verschillend == "0" and r.groepen_totaal == KLEIN


def test_vergelijkbare_wegingen_met_een_andere_uitkomst(w, login, client):
    a, _t = _bevestigd(w, uitkomst=Uitkomst.GEEN_ZORGEN, aanwezig={2, 4})
    b, _t = _bevestigd(w, uitkomst=Uitkomst.MONITOREN, aanwezig={2, 4})
    c, _t = _bevestigd(w, uitkomst=Uitkomst.MONITOREN, aanwezig={2})
    r = rapport.rapport(JAAR, tot=timezone.localdate())
    assert (r.groepen_verschillend, r.wegingen_verschillend) == (KLEIN, KLEIN)
    groepen = rapport.verschillen(JAAR, tot=timezone.localdate())
    assert [sorted(g) for g in groepen] == [sorted([a.pk, b.pk])]
    # The regisseur's own page behind it names the signals; opening it is a view of each.
    login(w.regisseur)
    pagina = client.get(reverse("weging:verschillen") + f"?jaar={JAAR}").content.decode()
    assert a.signaal.referentie in pagina and b.signaal.referentie in pagina
    assert c.signaal.referentie not in pagina
    assert Inzage.objects.filter(signaal=b.signaal, door=w.regisseur).exists()


def test_langer_dan_de_verwachte_duur(w):
    fasebeschrijvingen_aanmaken(Fasebeschrijving)
    Fasebeschrijving.objects.filter(fase="weging").update(verwachte_duur_dagen=14)
    lang = [_bevestigd(w)[0] for _ in range(6)]
    for _ in range(5):
        _bevestigd(w)
    Weging.objects.filter(pk__in=[x.pk for x in lang]).update(
        in_fase_sinds=timezone.now() - timedelta(days=20)
    )
    r = rapport.rapport(JAAR, tot=timezone.localdate())
    assert r.verwachte_duur == 14
    assert dict(r.duur.rijen) == {"Binnen de verwachte duur": ["5"], "Langer dan verwacht": ["6"]}
    assert r.mediaan_dagen != "–"


def test_een_vast_aantal_queries(w, login, client):
    client = login(w.regisseur)
    client.get(_url(jaar=JAAR))  # the session's first request writes what a login writes

    def tellen():
        with CaptureQueriesContext(connection) as vragen:
            assert client.get(_url(jaar=JAAR)).status_code == 200
        return [q["sql"] for q in vragen.captured_queries]

    for i in range(3):
        _bevestigd(w, uitkomst=list(Uitkomst)[i % 4], aanwezig={i % 5, 7})
    weinig = tellen()
    for i in range(15):
        _bevestigd(w, uitkomst=list(Uitkomst)[i % 4], aanwezig={i % 5, 7, 9})
    veel = tellen()
    assert len(veel) == len(weinig) <= 10, veel


def test_jaarkeuze(w, login, client):
    _bevestigd(w)
    client = login(w.regisseur)
    assert "Bevestigde wegingen: &lt;5" in client.get(_url(jaar=JAAR)).content.decode()
    vorig = client.get(_url(jaar=JAAR - 1)).content.decode()
    assert "Bevestigde wegingen: 0" in vorig
    assert client.get(_url(jaar="abc")).context["rapport"].jaar == JAAR
