"""The standing counted in SQL (``geldigheid.Standen``) is the standing of ``geldigheid_bepalen``:
on every boundary of the months, for the lists, the counts and the coverage; and the report
"wie moet nog getraind worden" shows a page at a time and streams its CSV (issue 16)."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from netwerk.models import Domein
from tests.factories import OrganisatieFactory, af_bij, editie, soort
from trainingen import geldigheid
from trainingen.admin import rapporten
from trainingen.geldigheid import Drempels, Stand, Standen
from trainingen.models import Bron, Editie, Inschrijving, InschrijvingStatus, Trainingssoort


def _stand_uit_drempels(d: Drempels, gevolgd: date | None) -> str:
    if gevolgd is None:
        return Stand.GEEN
    if d.verlopen is None:
        return Stand.GELDIG
    if gevolgd <= d.verlopen:
        return Stand.VERLOPEN
    if gevolgd <= d.binnenkort:
        return Stand.BINNENKORT
    return Stand.GELDIG


@pytest.mark.parametrize("maanden", [1, 6, 12, 13, 24, None])
def test_drempels_geven_de_stand_van_geldigheid_bepalen(maanden):
    """Month ends, leap days, the turn of the year: every completion day gives the same
    standing through the two thresholds as through ``geldigheid_bepalen``."""
    soort_ = Trainingssoort(naam="x", geldig_maanden=maanden)
    for vandaag in (
        date(2024, 2, 29), date(2024, 3, 31), date(2025, 1, 31), date(2025, 5, 31),
        date(2025, 12, 31), date(2026, 3, 1), date(2026, 8, 30),
    ):  # fmt: skip
        d = Drempels.voor(soort_, vandaag)
        dag = vandaag - relativedelta(months=(maanden or 12) + 2)
        while dag <= vandaag:
            verwacht = geldigheid.geldigheid_bepalen(soort_, {1: dag}, {1}, vandaag).stand
            assert _stand_uit_drempels(d, dag) == verwacht, (vandaag, dag)
            dag += timedelta(days=1)


def _voltooid(persoon, soort_, op: date):
    oud = Editie.objects.create(
        soort=soort_, titel="Vroeger", locatie="Elders", capaciteit=500,
        eerste_dag=op, laatste_dag=op,
    )  # fmt: skip
    return Inschrijving.objects.create(
        editie=oud,
        persoon=persoon,
        status=InschrijvingStatus.INGESCHREVEN,
        bron=Bron.ZELF,
        voltooid_op=op,
    )


@pytest.fixture
def gemengd(db):
    """Aandachtsfunctionarissen in three domains with every kind of history: never, valid,
    due soon, overdue, renewed by the terugkomdag, completed in the future, two roles."""
    vandaag = timezone.localdate()
    basis = soort("basistraining", geldig_maanden=12)
    terugkomdag = soort("terugkomdag")
    orgs = [OrganisatieFactory(domein=d) for d in (Domein.ONDERWIJS, Domein.POLITIE, Domein.ZORG)]
    personen = []
    for i in range(18):
        p = af_bij(orgs[i % 3])
        personen.append(p)
        if i % 6 == 1:
            _voltooid(p, basis, vandaag - relativedelta(months=2))
        elif i % 6 == 2:
            _voltooid(p, basis, vandaag - relativedelta(months=11))
        elif i % 6 == 3:
            _voltooid(p, basis, vandaag - relativedelta(months=13) - timedelta(days=i))
        elif i % 6 == 4:
            _voltooid(p, basis, vandaag - relativedelta(months=30))
            _voltooid(p, terugkomdag, vandaag - relativedelta(months=1))
        elif i % 6 == 5:
            _voltooid(p, basis, vandaag + timedelta(days=3))  # not yet: tomorrow's
    # A person at two organisations, in two domains.
    from tests.factories import AandachtsfunctionarisFactory

    AandachtsfunctionarisFactory(persoon=personen[1], organisatie=orgs[2])
    return basis, vandaag


def _in_python(basis, vandaag):
    """The standing per row the old way: every row in memory, ``geldigheid_bepalen``."""
    afs = list(geldigheid.actieve_aandachtsfunctionarissen())
    laatste = geldigheid.laatste_voltooiingen({a.persoon_id for a in afs}, tot=vandaag)
    tellen = geldigheid.verlengers(basis)
    return [
        geldigheid.Rij(
            a, geldigheid.geldigheid_bepalen(basis, laatste.get(a.persoon_id, {}), tellen, vandaag)
        )
        for a in afs
    ]


def test_standen_in_sql_zijn_die_van_geldigheid_bepalen(gemengd, django_assert_max_num_queries):
    basis, vandaag = gemengd
    verwacht = _in_python(basis, vandaag)
    standen = Standen.voor(basis, vandaag)
    rijen = standen.rijen_maken(standen.rijen())
    assert [(r.aandachtsfunctionaris.pk, r.geldigheid) for r in rijen] == [
        (r.aandachtsfunctionaris.pk, r.geldigheid) for r in verwacht
    ]
    assert {r.geldigheid.stand for r in rijen} == set(Stand.LABELS)
    for keuze, past in (
        ("nodig", lambda g: g.stand in (Stand.GEEN, Stand.VERLOPEN)),
        ("bij", lambda g: g.is_bij),
        *((s, lambda g, s=s: g.stand == s) for s in Stand.LABELS),
    ):
        assert {a.pk for a in standen.rijen(stand=keuze)} == {
            r.aandachtsfunctionaris.pk for r in verwacht if past(r.geldigheid)
        }, keuze
    # The counts and the coverage, in SQL and in Python, the same.
    with django_assert_max_num_queries(1):
        per_stand = standen.tellen_per_stand()
    assert per_stand == {
        **{s: sum(r.geldigheid.stand == s for r in verwacht) for s in Stand.LABELS},
        "totaal": len(verwacht),
    }

    def cijfers(dekking):
        per_org, per_domein, totaal = dekking
        return [
            (d.naam, d.sleutel, d.totaal, d.bij, d.verlopen, d.geen)
            for d in (*per_org, *per_domein, totaal)
        ]

    assert cijfers(standen.dekking()) == cijfers(geldigheid.dekking(verwacht))
    assert [r.geldigheid for r in geldigheid.overzicht(basis, vandaag=vandaag)] == [
        r.geldigheid for r in verwacht
    ]


def test_een_soort_die_geldig_blijft(db):
    blijvend = soort(naam="Werkatelier", geldig_maanden=None)
    gevolgd, nooit = af_bij(), af_bij()
    _voltooid(gevolgd, blijvend, timezone.localdate() - relativedelta(years=9))
    standen = Standen.voor(blijvend)
    stand = {a.persoon_id: a.stand for a in standen.rijen()}
    assert stand == {gevolgd.pk: Stand.GELDIG, nooit.pk: Stand.GEEN}
    (rij,) = standen.rijen_maken(standen.rijen(stand="bij"))
    assert rij.geldigheid.geldig_tot is None and rij.geldigheid.gevolgd_op is not None


# --- the report: pages and a streamed CSV -------------------------------------------------------


def _url(**query):
    url = reverse("admin:trainingen_editie_nog_te_trainen")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_wie_moet_nog_getraind_worden_bladert(login, regisseur, monkeypatch):
    monkeypatch.setattr(rapporten, "PER_PAGINA", 2)
    soort("basistraining", geldig_maanden=12)
    org = OrganisatieFactory(naam="Grotiuscollege")
    for naam in ("Aksoy", "Bakker", "Claes", "Dijkstra", "Ertürk"):
        af_bij(org, achternaam=naam)
    client = login(regisseur)
    eerste = client.get(_url(stand="alle"))
    assert [r.persoon.achternaam for r in eerste.context["rijen"]] == ["Aksoy", "Bakker"]
    html = eerste.content.decode()
    assert "5 personen" in html and "pagina 1 van 3" in html
    assert "?stand=alle&amp;pagina=2" in html
    laatste = client.get(_url(stand="alle", pagina=3))
    assert [r.persoon.achternaam for r in laatste.context["rijen"]] == ["Ertürk"]
    # The export link holds every filter but not the page, and the CSV holds everyone.
    assert "formaat=csv" in laatste.context["csv_query"]
    assert "pagina" not in laatste.context["csv_query"]
    csv = client.get(_url(stand="alle", pagina=3, formaat="csv"))
    regels = b"".join(csv.streaming_content).decode().strip().splitlines()
    assert len(regels) == 6


def test_csv_stroomt_met_formules_onschadelijk_en_wat_gepland_is(
    login, regisseur, django_assert_max_num_queries
):
    basis = soort("basistraining", geldig_maanden=12)
    org = OrganisatieFactory(naam='=HYPERLINK("http://x")')
    gepland = af_bij(org, voornaam="+Cas", achternaam="Aksoy")
    services_editie = editie(basis, titel="Basistraining voorjaar")
    from trainingen import services

    services.persoon_inschrijven(services_editie, gepland)
    for _ in range(30):
        af_bij(org)
    client = login(regisseur)
    with django_assert_max_num_queries(17):
        antwoord = client.get(_url(formaat="csv"))
        tekst = b"".join(antwoord.streaming_content).decode("utf-8")
    assert antwoord.streaming and antwoord["Cache-Control"].startswith("no-store")
    regels = list(csv.reader(io.StringIO(tekst.lstrip("\ufeff")), delimiter=";"))
    assert len(regels) == 32
    assert all(r[0] == '\'=HYPERLINK("http://x")' for r in regels[1:])
    (cas,) = [r for r in regels if "Aksoy" in r[2]]
    assert cas[2] == "'+Cas Aksoy" and "Basistraining voorjaar" in cas[7]


def test_keuzelijst_van_organisaties_zoals_django_hem_maakt(login, regisseur):
    soort("basistraining")
    gekozen = OrganisatieFactory(naam="Bureau <Halt> & zo")
    OrganisatieFactory(naam="Anders")
    html = login(regisseur).get(_url(organisatie=gekozen.pk)).content.decode()
    assert f'<option value="{gekozen.pk}" selected>Bureau &lt;Halt&gt; &amp; zo</option>' in html
    (keuze,) = re.findall(r'<select[^>]*name="organisatie"[^>]*>', html)
    assert 'id="id_organisatie"' in keuze
    assert '<option value="">Alle organisaties</option>' in html
