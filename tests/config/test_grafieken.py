"""The charts on the /beheer/ dashboard (issue 8, "plaatjes"): each chart's figures on known data,
the same numbers as a table with links to the filtered lists, only for the regisseur, and a fixed
number of queries whatever the amount of data."""

import json
import re
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import rollen
from netwerk import grafieken as netwerk_grafieken
from netwerk.models import Domein, Persoon, Sleutelpersoon
from signalen import grafieken as signalen_grafieken
from signalen.models import Signaal
from tests.factories import (
    AandachtsfunctionarisFactory,
    GemeenschapFactory,
    OrganisatieFactory,
    SignaalFactory,
    SleutelpersoonFactory,
    af_bij,
    editie,
    soort,
)
from trainingen import grafieken as trainingen_grafieken
from trainingen import services as tr
from trainingen.models import Editie, Inschrijving

pytestmark = pytest.mark.django_db

GRAFIEK_IDS = (
    "grafiek-signalen-per-maand",
    "grafiek-af-per-domein",
    "grafiek-sleutelpersonen-per-gemeenschap",
    "grafiek-trainingsdekking",
)


def _ingediend(signaal, op: datetime):
    Signaal.objects.filter(pk=signaal.pk).update(ingediend_op=op, fase_sinds=op)


def _lokaal(jaar, maand, dag, uur=12):
    return timezone.make_aware(datetime(jaar, maand, dag, uur))


def voltooid(persoon, soort_, op: date):
    """``persoon`` completed an edition of ``soort_`` that ended on ``op``."""
    ed = editie(soort_, capaciteit=50, over=10)
    ins = tr.persoon_inschrijven(ed, persoon)
    Editie.objects.filter(pk=ed.pk).update(eerste_dag=op, laatste_dag=op)
    Inschrijving.objects.filter(pk=ins.pk).update(voltooid_op=op)


def _json(html: str, grafiek_id: str) -> dict:
    gevonden = re.search(
        rf'<script id="{grafiek_id}-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert gevonden, f"geen gegevens voor {grafiek_id}"
    return json.loads(gevonden.group(1))


# --- Signals per month ----------------------------------------------------------------------------


def test_signalen_per_maand_op_bekende_gegevens():
    vandaag = date(2026, 11, 23)
    for dag in (1, 15, 31):
        _ingediend(SignaalFactory(categorie="radicalisering"), _lokaal(2026, 3, dag))
    _ingediend(SignaalFactory(categorie="polarisatie"), _lokaal(2026, 3, 10))
    # Local midnight on 1 December 2024 is still November in UTC: it counts for December.
    _ingediend(SignaalFactory(categorie="polarisatie"), _lokaal(2024, 12, 1, 0))
    _ingediend(SignaalFactory(categorie="polarisatie"), _lokaal(2024, 11, 30))  # too old
    _ingediend(SignaalFactory(categorie="anders"), _lokaal(2026, 11, 23, 9))  # this month
    _ingediend(SignaalFactory(categorie="anders"), _lokaal(2026, 12, 1, 9))  # after vandaag

    data = signalen_grafieken.signalen_per_maand(vandaag)

    assert len(data["labels"]) == len(data["sleutels"]) == 24
    assert data["sleutels"][0] == date(2024, 12, 1) and data["sleutels"][-1] == date(2026, 11, 1)
    assert data["labels"][0].lower() == "dec 2024" and data["labels"][-1].lower() == "nov 2026"
    reeks = {r["categorie"]: r["data"] for r in data["reeksen"]}
    assert set(reeks) == {
        "radicalisering", "polarisatie", "extremisme", "spanningen", "ondermijning", "anders"
    }  # fmt: skip
    assert all(len(d) == 24 for d in reeks.values())
    maart = data["sleutels"].index(date(2026, 3, 1))
    assert reeks["radicalisering"][maart] == 3
    assert reeks["polarisatie"][maart] == 1
    assert reeks["polarisatie"][0] == 1  # December 2024
    assert reeks["anders"][-1] == 1
    assert sum(sum(d) for d in reeks.values()) == 6
    assert reeks["extremisme"] == [0] * 24  # every month present, zero-filled


def test_signalen_per_maand_is_een_query(django_assert_num_queries):
    for maand in range(1, 11):
        _ingediend(SignaalFactory(categorie="extremisme"), _lokaal(2026, maand, 5))
    with django_assert_num_queries(1):
        signalen_grafieken.signalen_per_maand(date(2026, 11, 23))


# --- The network ----------------------------------------------------------------------------------


def test_aandachtsfunctionarissen_per_domein():
    school = OrganisatieFactory(domein=Domein.ONDERWIJS)
    politie = OrganisatieFactory(domein=Domein.POLITIE)
    twee_rollen = af_bij(school)
    AandachtsfunctionarisFactory(persoon=twee_rollen, organisatie=OrganisatieFactory())  # onderwijs
    af_bij(school)
    af_bij(politie)
    AandachtsfunctionarisFactory(organisatie=politie, actief=False)
    weg = af_bij(politie)
    Persoon.objects.filter(pk=weg.pk).update(geanonimiseerd_op=timezone.now())

    data = netwerk_grafieken.af_per_domein()

    assert data["sleutels"] == list(Domein.values)  # every domain, also those without anybody
    per_domein = dict(zip(data["sleutels"], data["aantallen"], strict=True))
    assert per_domein["onderwijs"] == 2  # a person counts once per domain
    assert per_domein["politie"] == 1
    assert per_domein["sport"] == 0
    # One series per sector; a domain has its number only in its own sector's series.
    reeksen = {r["label"]: r["data"] for r in data["reeksen"]}
    assert set(reeksen) == {"Sociaal domein", "Veiligheidsdomein", "Gemeenschap"}
    i = data["sleutels"].index("politie")
    assert reeksen["Veiligheidsdomein"][i] == 1 and reeksen["Sociaal domein"][i] is None


def test_sleutelpersonen_per_gemeenschap_telt_de_achtergrond_alleen_mee():
    turks = GemeenschapFactory(naam="Turkse gemeenschap")
    somalisch = GemeenschapFactory(naam="Somalische gemeenschap")
    GemeenschapFactory(naam="Eritrese gemeenschap")
    beide = SleutelpersoonFactory()
    beide.gemeenschappen.add(turks, somalisch)
    stil = SleutelpersoonFactory(op_de_achtergrond=True, persoon__achternaam="Verborgen")
    stil.gemeenschappen.add(turks)
    SleutelpersoonFactory(actief=False).gemeenschappen.add(turks)
    SleutelpersoonFactory()  # without a community

    data = netwerk_grafieken.sleutelpersonen_per_gemeenschap()

    per_label = dict(zip(data["labels"], data["reeksen"][0]["data"], strict=True))
    assert per_label == {
        "Eritrese gemeenschap": 0,
        "Somalische gemeenschap": 1,
        "Turkse gemeenschap": 2,
        "(geen gemeenschap)": 1,
    }
    assert (data["totaal"], data["achtergrond"]) == (3, 1)


def test_netwerkgrafieken_noemen_niemand_bij_naam(login, regisseur):
    gemeenschap = GemeenschapFactory(naam="Turkse gemeenschap")
    stil = SleutelpersoonFactory(
        op_de_achtergrond=True, persoon__voornaam="Zeynep", persoon__achternaam="Verborgen"
    )
    stil.gemeenschappen.add(gemeenschap)
    html = login(regisseur).get(reverse("admin:index")).content.decode()
    figuur = html[html.index('id="grafiek-sleutelpersonen-per-gemeenschap"') :]
    inhoud = html.split('id="content-start"', 1)[1]  # not the header that greets the regisseur
    assert "Verborgen" not in inhoud and "Zeynep" not in inhoud
    assert "Turkse gemeenschap" in figuur
    assert "1 actieve sleutelpersonen, van wie 1 op de achtergrond" in html


# --- Training coverage ----------------------------------------------------------------------------


def test_trainingsdekking_per_domein():
    vandaag = timezone.localdate()
    basis = soort("basistraining", geldig_maanden=12)
    school = OrganisatieFactory(domein=Domein.ONDERWIJS)
    politie = OrganisatieFactory(domein=Domein.POLITIE)
    for p in (af_bij(school), af_bij(school), af_bij(politie)):
        voltooid(p, basis, vandaag - timedelta(days=10))
    voltooid(af_bij(school), basis, vandaag - timedelta(days=500))  # refresher overdue
    af_bij(school)  # never
    af_bij(politie)  # never

    data = trainingen_grafieken.trainingsdekking_per_domein(vandaag)

    assert set(data["sleutels"]) == {"onderwijs", "politie"}
    reeks = {
        r["stand"]: dict(zip(data["sleutels"], r["data"], strict=True)) for r in data["reeksen"]
    }
    assert reeks["bij"] == {"onderwijs": 2, "politie": 1}
    assert reeks["verlopen"] == {"onderwijs": 1, "politie": 0}
    assert reeks["geen"] == {"onderwijs": 1, "politie": 1}
    assert data["totaal"] == {"totaal": 6, "bij": 3, "verlopen": 1, "geen": 2}


def test_trainingsdekking_zonder_basistraining_is_leeg():
    from trainingen.models import Rol, Trainingssoort

    Trainingssoort.objects.filter(rol=Rol.BASISTRAINING).delete()
    af_bij(OrganisatieFactory())
    data = trainingen_grafieken.trainingsdekking_per_domein()
    assert data["labels"] == [] and all(r["data"] == [] for r in data["reeksen"])


# --- The page -------------------------------------------------------------------------------------


def test_regisseur_ziet_de_grafieken_met_tabellen_en_links(login, regisseur):
    basis = soort("basistraining", geldig_maanden=12)
    school = OrganisatieFactory(domein=Domein.ONDERWIJS)
    voltooid(af_bij(school), basis, timezone.localdate() - timedelta(days=500))
    voltooid(af_bij(school), basis, timezone.localdate() - timedelta(days=30))
    gemeenschap = GemeenschapFactory(naam="Somalische gemeenschap")
    SleutelpersoonFactory().gemeenschappen.add(gemeenschap)
    SleutelpersoonFactory()  # without a community
    signaal = SignaalFactory(categorie="radicalisering")
    SignaalFactory(categorie="polarisatie")
    _ingediend(signaal, timezone.now() - timedelta(days=40))
    client = login(regisseur)

    html = client.get(reverse("admin:index")).content.decode()

    for grafiek_id in GRAFIEK_IDS:
        assert f'<figure class="grafiek" id="{grafiek_id}"' in html, grafiek_id
        _json(html, grafiek_id)
    assert html.count('<details class="grafiek-tabel" open>') == 4
    assert html.count("<figcaption") >= 4
    assert "vendor/chartjs/chart.umd.min.js" in html and "js/grafieken.js" in html
    for figuur in re.findall(r'<figure class="grafiek".*?</figure>', html, re.S):
        # The CSP allows no inline script or style: only the JSON data and no style attributes.
        assert re.findall(r"<script[^>]*>", figuur) == [
            re.search(r'<script id="[a-z-]+-data" type="application/json">', figuur).group(0)
        ]
        assert " style=" not in figuur
    # The chart's data and the table hold the same numbers.
    spec = _json(html, "grafiek-signalen-per-maand")
    assert len(spec["labels"]) == 24 and spec["gestapeld"] is True
    assert sum(sum(r["data"]) for r in spec["reeksen"]) == 2

    # The links lead to the filtered lists and show what they promise.
    lijst = reverse("admin:signalen_signaal_changelist")
    maand = timezone.localtime(timezone.now() - timedelta(days=40))
    url = (
        f"{lijst}?ingediend_op__year={maand.year}&amp;ingediend_op__month={maand.month}"
        "&amp;categorie__exact=radicalisering"
    )
    assert f'href="{url}"' in html
    gefilterd = client.get(url.replace("&amp;", "&")).content.decode()
    assert signaal.referentie in gefilterd
    assert f'href="{lijst}?categorie__exact=polarisatie"' in html

    af_lijst = reverse("admin:netwerk_aandachtsfunctionaris_changelist")
    assert f'href="{af_lijst}?actief__exact=1&amp;organisatie__domein__exact=onderwijs"' in html
    sp_lijst = reverse("admin:netwerk_sleutelpersoon_changelist")
    url = f"{sp_lijst}?actief__exact=1&amp;gemeenschappen__id__exact={gemeenschap.pk}"
    assert f'href="{url}"' in html
    assert client.get(url.replace("&amp;", "&")).context["cl"].result_count == 1
    url = f"{sp_lijst}?actief__exact=1&amp;gemeenschappen__isnull=True"
    assert f'href="{url}"' in html
    assert client.get(url.replace("&amp;", "&")).context["cl"].result_count == 1
    rapport = reverse("admin:trainingen_editie_nog_te_trainen")
    url = f"{rapport}?domein=onderwijs&amp;stand=verlopen"
    assert f'href="{url}"' in html
    assert len(client.get(url.replace("&amp;", "&")).context["rijen"]) == 1
    url = f"{rapport}?domein=onderwijs&amp;stand=bij"  # valid, also when due soon
    assert f'href="{url}"' in html
    assert len(client.get(url.replace("&amp;", "&")).context["rijen"]) == 1


@pytest.mark.parametrize("gebruiker", ["beheerder", "professional", "partner"])
def test_alleen_de_regisseur_krijgt_de_grafieken(request, login, gebruiker, rf):
    user = request.getfixturevalue(gebruiker)
    SignaalFactory()
    verzoek = rf.get("/beheer/")
    verzoek.user = user
    for module in (signalen_grafieken, netwerk_grafieken, trainingen_grafieken):
        assert module.panelen(verzoek) == []
    antwoord = login(user).get(reverse("admin:index"))
    html = antwoord.content.decode()
    for grafiek_id in GRAFIEK_IDS:
        assert grafiek_id not in html
    assert "chartjs" not in html


# --- Queries --------------------------------------------------------------------------------------


def _gegevens(aantal: int):
    """``aantal`` signals over the two years and categories, aandachtsfunctionarissen over the
    domains with training records, key persons over communities."""
    basis = soort("basistraining", geldig_maanden=12)
    categorieen = ["radicalisering", "polarisatie", "extremisme", "spanningen"]
    domeinen = list(Domein)[:6]
    gemeenschappen = [GemeenschapFactory() for _ in range(max(1, aantal // 5))]
    nu = timezone.now()
    for i in range(aantal):
        signaal = SignaalFactory(categorie=categorieen[i % len(categorieen)])
        _ingediend(signaal, nu - timedelta(days=17 * i))
        persoon = af_bij(OrganisatieFactory(domein=domeinen[i % len(domeinen)]))
        if i % 3:
            voltooid(persoon, basis, timezone.localdate() - timedelta(days=200 * (i % 3)))
        sp = SleutelpersoonFactory(op_de_achtergrond=not i % 4)
        sp.gemeenschappen.add(gemeenschappen[i % len(gemeenschappen)])


# Signals 1, network 1 + 2, training coverage 4 (geldigheid.overzicht).
QUERIES_GRAFIEKEN = 8


@pytest.mark.parametrize("aantal", [2, 40])
def test_grafieken_hebben_een_vast_aantal_queries(rf, regisseur, aantal, django_assert_num_queries):
    _gegevens(aantal)
    verzoek = rf.get("/beheer/")
    verzoek.user = regisseur
    rollen.is_regisseur(regisseur)  # the role check is cached for the request
    with django_assert_num_queries(QUERIES_GRAFIEKEN):
        for module in (signalen_grafieken, netwerk_grafieken, trainingen_grafieken):
            for paneel in module.panelen(verzoek):
                paneel.render(verzoek)
    assert Sleutelpersoon.objects.count() == aantal


@pytest.mark.parametrize("aantal", [2, 40])
def test_dashboard_met_grafieken_heeft_een_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    _gegevens(aantal)
    client = login(regisseur)
    # The dashboard's bound (tests/config/test_beheer.py) holds with the charts' data added.
    with django_assert_max_num_queries(40):
        antwoord = client.get(reverse("admin:index"))
    assert antwoord.status_code == 200
    assert "grafiek-trainingsdekking" in antwoord.content.decode()


def test_zonder_gegevens_een_tekst_in_plaats_van_een_grafiek(login, regisseur):
    html = login(regisseur).get(reverse("admin:index")).content.decode()
    assert "Nog geen gemeenschappen of sleutelpersonen." in html
    # Signals: two years of empty months are still a chart (of zeros).
    assert _json(html, "grafiek-signalen-per-maand")["labels"]
