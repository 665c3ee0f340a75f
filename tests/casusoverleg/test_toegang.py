"""Every URL of the case meeting for every role: deny by default. The columns are those of
tests/test_toegangsmatrix.py (anonymous, the reporter, another professional, a partner of the
organisation the signal is shared with and invited, a partner of another organisation not
invited, the regisseur, the beheerder, the regiocoördinator); a refused POST changes nothing
at all, an allowed one changes something; a regisseur of another gemeente finds nothing (404).
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from casusoverleg import services
from casusoverleg.models import Agendapunt
from regio.models import Gemeente
from regio.scope import gemeente_actief
from tests.factories import SignaalFactory, UserFactory, professional_met_persoon
from tests.hulp import database_stand, ingelogd

from .conftest import overleg_plannen

pytestmark = pytest.mark.django_db

ROLLEN = ["anoniem", "melder", "professional", "partner_gedeeld", "partner_anders", "regisseur",
          "beheerder", "regiocoordinator"]  # fmt: skip

GET = {
    "casusoverleg/":                                  "302 403 403 200 200 200 403 403",
    "casusoverleg/nieuw/":                            "302 403 403 403 403 200 403 403",
    "casusoverleg/agenderen/":                        "405 405 405 405 405 405 405 405",
    "casusoverleg/<int:overleg>/":                    "302 403 403 200 404 200 403 403",
    "casusoverleg/<int:overleg>/wijzigen/":           "302 403 403 403 403 200 403 403",
    "casusoverleg/<int:overleg>/annuleren/":          "302 403 403 403 403 200 403 403",
    "casusoverleg/<int:overleg>/uitnodigen/":         "405 405 405 405 405 405 405 405",
    "casusoverleg/punt/<int:punt>/":                  "302 403 403 200 404 200 403 403",
    "casusoverleg/punt/<int:punt>/besluit/":          "405 405 405 405 405 405 405 405",
    "casusoverleg/punt/<int:punt>/notulen/":          "405 405 405 405 405 405 405 405",
    "casusoverleg/punt/<int:punt>/acties/":           "405 405 405 405 405 405 405 405",
    "casusoverleg/punt/<int:punt>/verwijderen/":      "405 405 405 405 405 405 405 405",
    "casusoverleg/actie/<int:actie>/afgerond/":       "405 405 405 405 405 405 405 405",
}  # fmt: skip

# In this order; the cancellation last. ``*``: must change something.
POST = {
    "casusoverleg/nieuw/":                            "302 403 403 403 403 302* 403 403",
    "casusoverleg/agenderen/":                        "302 403 403 403 403 302* 403 403",
    "casusoverleg/<int:overleg>/wijzigen/":           "302 403 403 403 403 302* 403 403",
    "casusoverleg/<int:overleg>/uitnodigen/":         "302 403 403 403 403 302* 403 403",
    "casusoverleg/punt/<int:punt>/notulen/":          "302 403 403 403 403 302* 403 403",
    "casusoverleg/punt/<int:punt>/acties/":           "302 403 403 403 403 302* 403 403",
    # The partner of the organisation that has the action marks it done (tests/casusoverleg/
    # test_acties.py); the partner of another organisation finds the item not there.
    "casusoverleg/actie/<int:actie>/afgerond/":       "302 403 403 302* 404 302* 403 403",
    "casusoverleg/punt/<int:punt>/besluit/":          "302 403 403 403 403 302* 403 403",
    "casusoverleg/punt/<int:leeg>/verwijderen/":      "302 403 403 403 403 302* 403 403",
    "casusoverleg/<int:overleg>/annuleren/":          "302 403 403 403 403 302* 403 403",
}  # fmt: skip


def test_elke_url_van_de_app_staat_in_de_tabel():
    from django.urls import get_resolver

    from casusoverleg import urls

    routen = {f"casusoverleg/{p.pattern}" for p in urls.urlpatterns}
    assert routen == set(GET)
    assert any(str(p.pattern) == "casusoverleg/" for p in get_resolver().url_patterns)
    assert {s.replace("<int:leeg>", "<int:punt>") for s in POST} <= set(GET)


@pytest.fixture
def m(w):
    """The meeting of the matrix: the police partner invited, the police's signal on the
    agenda with an action of the police; a second item with nothing on it, and a signal in
    casusoverleg not on the agenda yet."""
    overleg = overleg_plannen(w, deelnemers=[w.agent])
    punt = services.signaal_agenderen(
        casusoverleg=overleg, signaal=w.voor_politie, door=w.regisseur
    )
    leeg = services.signaal_agenderen(casusoverleg=overleg, signaal=w.voor_ggz, door=w.regisseur)
    actie = services.actie_toevoegen(
        agendapunt=punt,
        omschrijving="Huisbezoek",
        eigenaar=w.politie,
        uiterlijk=timezone.localdate() + timedelta(days=5),
        door=w.regisseur,
    )
    nog_niet = SignaalFactory(melder=w.melder, fase="casusoverleg", door=w.regisseur)
    professional, _mens = professional_met_persoon()
    gebruikers = {
        "anoniem": None,
        "melder": w.melder,
        "professional": professional,
        "partner_gedeeld": w.agent,
        "partner_anders": w.behandelaar,
        "regisseur": w.regisseur,
        "beheerder": UserFactory(beheerder=True, met_mfa=True),
        "regiocoordinator": UserFactory(regiocoordinator=True, met_mfa=True),
    }
    waarden = {
        "<int:overleg>": overleg.pk,
        "<int:punt>": punt.pk,
        "<int:leeg>": leeg.pk,
        "<int:actie>": actie.pk,
    }
    return {
        "w": w,
        "overleg": overleg,
        "nog_niet": nog_niet,
        "gebruikers": gebruikers,
        "waarden": waarden,
    }


def _url(sleutel, m) -> str:
    url = "/" + sleutel
    for plek, waarde in m["waarden"].items():
        url = url.replace(plek, str(waarde))
    return url


def _gegevens(sleutel, m, client) -> dict:
    w, morgen = m["w"], timezone.localdate() + timedelta(days=1)
    later = (timezone.localdate() + timedelta(days=20)).isoformat()
    if sleutel == "casusoverleg/nieuw/":
        pagina = client.get("/casusoverleg/nieuw/").content.decode()
        gevonden = re.search(r'name="eenmalig" value="([^"]+)"', pagina)
        return {
            "eenmalig": gevonden[1] if gevonden else "",
            "titel": "Extra casusoverleg",
            "datum": later,
            "begintijd": "10:00",
            "eindtijd": "11:00",
            "locatie": "Stadskantoor",
            "deelnemers": [w.behandelaar.pk],
        }
    return {
        "casusoverleg/agenderen/": {
            "casusoverleg": m["overleg"].pk,
            "signaal": m["nog_niet"].referentie,
        },
        "casusoverleg/<int:overleg>/wijzigen/": {
            "titel": "Casusoverleg i20",
            "datum": later,
            "begintijd": "13:00",
            "eindtijd": "15:00",
            "locatie": "Stadskantoor",
        },
        "casusoverleg/<int:overleg>/uitnodigen/": {"deelnemers": [w.behandelaar.pk]},
        "casusoverleg/punt/<int:punt>/notulen/": {"notulen": "Besproken met de wijkagent."},
        "casusoverleg/punt/<int:punt>/acties/": {
            "omschrijving": "Gesprek met de ouders",
            "eigenaar": w.politie.pk,
            "uiterlijk": later,
        },
        "casusoverleg/actie/<int:actie>/afgerond/": {},
        "casusoverleg/punt/<int:punt>/besluit/": {
            "besluit": "monitoren",
            "herzien_op": (morgen + timedelta(days=30)).isoformat(),
        },
        "casusoverleg/punt/<int:leeg>/verwijderen/": {},
        "casusoverleg/<int:overleg>/annuleren/": {"bevestigd": "on"},
    }[sleutel]


def test_get_per_rol(m):
    afwijkingen = []
    for sleutel, verwacht in GET.items():
        url = _url(sleutel, m)
        for rol, status in zip(ROLLEN, verwacht.split(), strict=True):
            antwoord = ingelogd(m["gebruikers"][rol]).get(url)
            if antwoord.status_code != int(status):
                afwijkingen.append(f"{rol:16} GET {url}: {antwoord.status_code}, verwacht {status}")
    assert not afwijkingen, "\n".join(afwijkingen)


def test_post_per_rol_en_alleen_de_regisseur_verandert_iets(m):
    afwijkingen = []
    clients = {rol: ingelogd(user) for rol, user in m["gebruikers"].items()}
    gegevens = {s: _gegevens(s, m, clients["regisseur"]) for s in POST}
    stand = database_stand()
    for sleutel, verwacht in POST.items():
        url = _url(sleutel, m)
        for rol, status in zip(ROLLEN, verwacht.split(), strict=True):
            if status.endswith("*"):
                continue
            antwoord = clients[rol].post(url, gegevens[sleutel])
            if antwoord.status_code != int(status):
                afwijkingen.append(
                    f"{rol:16} POST {url}: {antwoord.status_code}, verwacht {status}"
                )
        voor, stand = stand, database_stand()
        if gewijzigd := sorted(k for k in voor if voor[k] != stand.get(k)):
            afwijkingen.append(f"POST {sleutel} door wie niet mag veranderde {gewijzigd}")
    for sleutel in POST:
        voor = database_stand()
        antwoord = clients["regisseur"].post(
            _url(sleutel, m), _gegevens(sleutel, m, clients["regisseur"])
        )
        if antwoord.status_code != 302:
            afwijkingen.append(f"regisseur POST {sleutel}: {antwoord.status_code}")
        elif voor == database_stand():
            afwijkingen.append(f"regisseur POST {sleutel}: niets veranderd")
    assert not afwijkingen, "\n".join(afwijkingen)
    w = m["w"]
    w.voor_politie.refresh_from_db()
    assert w.voor_politie.fase == "monitoren"
    assert not Agendapunt.objects.filter(signaal=w.voor_ggz, casusoverleg=m["overleg"]).exists()
    m["overleg"].bijeenkomst.refresh_from_db()
    assert m["overleg"].bijeenkomst.is_geannuleerd


def test_een_partner_van_een_andere_organisatie_die_is_uitgenodigd(m):
    """Sees the meeting (time, place, "Een ander punt"), never the item of another's signal."""
    w = m["w"]
    services.deelnemers_uitnodigen(casusoverleg=m["overleg"], accounts=[w.behandelaar])
    client = ingelogd(w.behandelaar)
    pagina = client.get(_url("casusoverleg/<int:overleg>/", m))
    assert pagina.status_code == 200
    assert w.voor_politie.referentie not in pagina.content.decode()
    assert client.get(_url("casusoverleg/punt/<int:punt>/", m)).status_code == 404


def test_een_regisseur_van_een_andere_gemeente_vindt_niets(m):
    andere = Gemeente.objects.create(naam="Pijnacker-Nootdorp")
    with gemeente_actief(andere.pk):
        regisseur_b = UserFactory(regisseur=True, met_mfa=True)
    client = ingelogd(regisseur_b)
    for sleutel, verwacht in GET.items():
        if "<int:" in sleutel and verwacht.split()[5] == "200":
            assert client.get(_url(sleutel, m)).status_code == 404, sleutel
    assert m["overleg"].bijeenkomst.titel not in client.get("/casusoverleg/").content.decode()
    stand = database_stand()
    for sleutel in POST:
        if "<int:" in sleutel:
            antwoord = client.post(_url(sleutel, m), _gegevens(sleutel, m, client))
            assert antwoord.status_code == 404, sleutel
    antwoord = client.post(
        "/casusoverleg/agenderen/", _gegevens("casusoverleg/agenderen/", m, client)
    )
    assert antwoord.status_code == 302
    assert database_stand() == stand
