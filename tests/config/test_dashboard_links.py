"""A dashboard figure and the list its link opens agree: the number shown is the number of rows
the list shows, on known data, following the link as it is rendered on /beheer/."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerk import models as nw
from signalen.models import Koppeling, KoppelingStatus
from tests.factories import (
    AandachtsfunctionarisFactory,
    LocatieFactory,
    OrganisatieFactory,
    SignaalFactory,
)

pytestmark = pytest.mark.django_db


def _cijfer_met_link(html: str, label: str) -> tuple[str, str]:
    """The link and the figure of one row of a dashboard panel, found by its label."""
    gevonden = re.search(
        rf'<a href="([^"]*)">{re.escape(label)}</a></th><td class="cijfer">([^<]*)</td>', html
    )
    assert gevonden, f"geen rij {label!r} op het dashboard"
    return unescape(gevonden.group(1)), gevonden.group(2).strip()


# --- Signalen: possible cross links ---------------------------------------------------------


def _koppel(a, b, status):
    a, b = sorted([a, b], key=lambda s: s.pk)
    Koppeling.objects.create(signaal_a=a, signaal_b=b, status=status)


@pytest.fixture
def kruisverbanden():
    """Three possible pairs among five signals (one signal in two of them, one closed), and
    pairs already linked or rejected, which wait for nobody."""
    s = [SignaalFactory() for _ in range(8)]
    s.append(SignaalFactory(fase="afgesloten"))
    Koppeling.objects.all().delete()  # only the pairs made here
    _koppel(s[0], s[1], KoppelingStatus.MOGELIJK)
    _koppel(s[0], s[2], KoppelingStatus.MOGELIJK)
    _koppel(s[3], s[8], KoppelingStatus.MOGELIJK)
    _koppel(s[4], s[5], KoppelingStatus.GEKOPPELD)
    _koppel(s[6], s[7], KoppelingStatus.ONTKOPPELD)
    _koppel(s[1], s[4], KoppelingStatus.ONTKOPPELD)
    return {x.referentie for x in (s[0], s[1], s[2], s[3], s[8])}, {x.referentie for x in s}


def test_signalen_mogelijke_kruisverbanden_telt_wat_de_lijst_toont(
    login, regisseur, kruisverbanden
):
    verwacht, alle = kruisverbanden
    client = login(regisseur)
    html = client.get(reverse("admin:index")).content.decode()
    link, cijfer = _cijfer_met_link(html, "Mogelijke kruisverbanden te beoordelen")
    assert link == f"{reverse('admin:signalen_signaal_changelist')}?koppeling=mogelijk"

    lijst = client.get(link)
    assert lijst.status_code == 200
    cl = lijst.context["cl"]
    getoond = {s.referentie for s in cl.result_list}
    assert getoond == verwacht  # the five signals in a possible pair, the closed one too
    assert int(cijfer) == cl.result_count == len(getoond) == 5  # not the 3 pairs
    lijst_html = lijst.content.decode()
    assert all(ref in lijst_html for ref in verwacht)
    assert not any(ref in lijst_html for ref in alle - verwacht)


def test_signalen_geen_mogelijke_kruisverbanden_is_nul(login, regisseur):
    SignaalFactory()
    Koppeling.objects.all().delete()
    client = login(regisseur)
    html = client.get(reverse("admin:index")).content.decode()
    link, cijfer = _cijfer_met_link(html, "Mogelijke kruisverbanden te beoordelen")
    assert cijfer == "0"
    assert client.get(link).context["cl"].result_count == 0


# --- Netwerk: locations without an aandachtsfunctionaris ------------------------------------


def _af_op(locatie, **kwargs):
    af = AandachtsfunctionarisFactory(organisatie=locatie.organisatie, **kwargs)
    nw.AandachtsfunctionarisLocatie.objects.create(aandachtsfunctionaris=af, locatie=locatie)
    return af


@pytest.fixture
def locaties():
    """Five active locations of active organisations, three of them without an active
    aandachtsfunctionaris (none, an inactive one, an anonymised one); an inactive location and
    an inactive organisation's location, which count nowhere."""
    school = OrganisatieFactory(naam="Stanislas College", domein=nw.Domein.ONDERWIJS)
    zorg = OrganisatieFactory(naam="Parnassia", domein=nw.Domein.GGZ)
    oud = OrganisatieFactory(naam="Opgeheven stichting", actief=False)
    OrganisatieFactory(naam="Zonder locaties")

    _af_op(LocatieFactory(organisatie=school, naam="Westplantsoen"))
    LocatieFactory(organisatie=school, naam="Krakeelpolderweg")  # nobody
    _af_op(LocatieFactory(organisatie=school, naam="Reigersbos"), actief=False)
    _af_op(LocatieFactory(organisatie=school, naam="Gesloten", actief=False))
    anoniem = _af_op(LocatieFactory(organisatie=zorg, naam="Monsterseweg"))
    nw.Persoon.objects.filter(pk=anoniem.persoon_id).update(geanonimiseerd_op=timezone.now())
    _af_op(LocatieFactory(organisatie=zorg, naam="Lozerlaan"))
    LocatieFactory(organisatie=oud, naam="Oude vestiging")
    return {"Krakeelpolderweg", "Reigersbos", "Monsterseweg"}


def _zonder_op_pagina(antwoord) -> list[str]:
    return re.findall(
        r'<tr class="locatie-zonder-af">\s*<th scope="row"><a href="[^"]*">([^<]*)</a>',
        antwoord.content.decode(),
    )


def test_netwerk_locaties_zonder_af_telt_wat_de_gefilterde_pagina_toont(
    rf, login, regisseur, locaties
):
    from netwerk import dashboard

    verzoek = rf.get("/beheer/")
    verzoek.user = regisseur
    paneel = next(p for p in dashboard.panelen(verzoek) if str(p.titel) == "Netwerk")
    c = paneel.context
    assert (c["zonder_af"], c["locaties"]) == (3, 5)
    assert c["zonder_af_url"] == f"{reverse('admin:netwerk_organisatie_dekking')}?zonder=1"

    antwoord = login(regisseur).get(c["zonder_af_url"])
    assert antwoord.status_code == 200
    getoond = _zonder_op_pagina(antwoord)
    assert sorted(getoond) == sorted(locaties)
    assert len(getoond) == c["zonder_af"]
    assert "3 locaties zonder aandachtsfunctionaris" in antwoord.content.decode()


def test_netwerkpaneel_linkt_naar_de_gefilterde_dekking(login, regisseur, locaties):
    """The figure on /beheer/ as rendered, and the page its link opens."""
    client = login(regisseur)
    html = client.get(reverse("admin:index")).content.decode()
    link, cijfer = _cijfer_met_link(html, "Locaties zonder aandachtsfunctionaris")
    assert cijfer == "3 / 5"
    assert link == f"{reverse('admin:netwerk_organisatie_dekking')}?zonder=1"
    assert len(_zonder_op_pagina(client.get(link))) == 3


def test_dekking_zonder_filter_blijft_per_organisatie(login, regisseur, locaties):
    antwoord = login(regisseur).get(reverse("admin:netwerk_organisatie_dekking"))
    html = antwoord.content.decode()
    assert _zonder_op_pagina(antwoord) == []
    assert "Per organisatie" in html and "Westplantsoen" in html
    assert [d.organisatie.naam for d in antwoord.context["dekking"]] == [
        "Parnassia",
        "Stanislas College",
        "Zonder locaties",
    ]


def test_alleen_zonder_af_met_domein(login, regisseur, locaties):
    antwoord = login(regisseur).get(
        reverse("admin:netwerk_organisatie_dekking"), {"zonder": "1", "domein": "ggz"}
    )
    assert _zonder_op_pagina(antwoord) == ["Monsterseweg"]


def test_alleen_zonder_af_als_alles_gedekt_is(login, regisseur):
    _af_op(LocatieFactory(naam="Westplantsoen"))
    antwoord = login(regisseur).get(reverse("admin:netwerk_organisatie_dekking"), {"zonder": "1"})
    assert _zonder_op_pagina(antwoord) == []
    assert "Elke actieve locatie heeft een aandachtsfunctionaris." in antwoord.content.decode()


@pytest.mark.parametrize("aantal", [3, 30])
def test_alleen_zonder_af_heeft_een_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    for _ in range(aantal):
        af = AandachtsfunctionarisFactory(met_locatie=True)
        LocatieFactory(organisatie=af.organisatie)
    client = login(regisseur)
    # As the unfiltered page (tests/netwerk/test_beheer.py): 12 around the page, 3 for it.
    with django_assert_max_num_queries(18):
        antwoord = client.get(reverse("admin:netwerk_organisatie_dekking"), {"zonder": "1"})
    assert antwoord.status_code == 200
    assert len(_zonder_op_pagina(antwoord)) == aantal
