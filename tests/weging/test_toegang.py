"""Every URL of the weging for every role: deny by default. The columns are those of
tests/test_toegangsmatrix.py (anonymous, the reporter, another professional, a partner of the
organisation the signal is shared with and that took part, a partner of another organisation,
the regisseur, the beheerder, the regiocoördinator); a refused POST changes nothing at all, an
allowed one changes something; a regisseur of another gemeente finds nothing (404)."""

import pytest

from regio.scope import gemeente_actief
from regio.services import gemeente_toevoegen
from signalen import delen
from tests.factories import SignaalFactory, UserFactory, professional_met_persoon
from tests.hulp import database_stand, ingelogd
from weging import services
from weging.models import Status, Weging, Wegingskader

from .conftest import ONDERBOUWING, ingediend

pytestmark = pytest.mark.django_db

ROLLEN = ["anoniem", "melder", "professional", "partner_gedeeld", "partner_anders", "regisseur",
          "beheerder", "regiocoordinator"]  # fmt: skip

GET = {
    "weging/":                                      "302 403 403 403 403 200 403 403",
    "weging/rapport/":                              "302 403 403 403 403 200 403 403",
    "weging/rapport/verschillen/":                  "302 403 403 403 403 200 403 403",
    "weging/kaders/":                               "302 403 403 403 403 200 403 403",
    "weging/versie/<int:weging>/":                  "302 403 403 200 404 200 403 403",
    "weging/versie/<int:weging>/bevestigen/":       "405 405 405 405 405 405 405 405",
    "weging/versie/<int:weging>/terugsturen/":      "405 405 405 405 405 405 405 405",
    "weging/versie/<int:weging>/intrekken/":        "405 405 405 405 405 405 405 405",
    "weging/<referentie:referentie>/":              "302 403 403 403 403 200 403 403",
    "weging/<referentie:referentie>/starten/":      "405 405 405 405 405 405 405 405",
}  # fmt: skip

# In this order. ``*``: must change something (each such role gets a fresh object).
POST = {
    "weging/<referentie:referentie>/starten/":      "302 403 403 403 403 302* 403 403",
    "weging/<referentie:referentie>/":              "302 403 403 403 403 302* 403 403",
    "weging/kaders/":                               "302 403 403 403 403 302* 403 403",
    "weging/versie/<int:weging>/terugsturen/":      "302 403 403 302* 404 302* 403 403",
    "weging/versie/<int:weging>/intrekken/":        "302 403 403 403 403 302* 403 403",
    "weging/versie/<int:weging>/bevestigen/":       "302 403 403 302* 404 302* 403 403",
}  # fmt: skip


def test_elke_url_van_de_app_staat_in_de_tabel():
    from django.urls import get_resolver

    from weging import urls

    assert {f"weging/{p.pattern}" for p in urls.urlpatterns} == set(GET)
    assert any(str(p.pattern) == "weging/" for p in get_resolver().url_patterns)
    assert set(POST) <= set(GET)


def _nieuw_signaal(w):
    s = SignaalFactory(melder=w.melder, categorie="radicalisering", fase="weging", door=w.regisseur)
    delen.signaal_delen(signaal=s, organisatie=w.politie, door=w.regisseur)
    return s


@pytest.fixture
def m(w):
    """A weging submitted by the regisseur's colleague with the police taking part, on the
    signal shared with the police; a kader shared by another gemeente (Rijswijk)."""
    weging = ingediend(w, door=w.collega)
    rijswijk = gemeente_toevoegen("Rijswijk")
    with gemeente_actief(rijswijk.pk):
        Wegingskader.objects.update(gedeeld_in_regio=True)
        gedeeld = Wegingskader.objects.get()
    professional, _mens = professional_met_persoon()
    return {
        "w": w,
        "weging": weging,
        "gedeeld": gedeeld,
        "rijswijk": rijswijk,
        "gebruikers": {
            "anoniem": None,
            "melder": w.melder,
            "professional": professional,
            "partner_gedeeld": w.agent,
            "partner_anders": w.behandelaar,
            "regisseur": w.regisseur,
            "beheerder": UserFactory(beheerder=True, met_mfa=True),
            "regiocoordinator": UserFactory(regiocoordinator=True, met_mfa=True),
        },
    }


def _url(sleutel, *, signaal, weging) -> str:
    return "/" + sleutel.replace("<referentie:referentie>", signaal.referentie).replace(
        "<int:weging>", str(weging.pk)
    )


def _gegevens(sleutel, m, *, vers: bool) -> tuple[str, dict]:
    """The URL and data of a POST that would succeed; ``vers``: on a fresh object of its own."""
    w = m["w"]
    signaal, weging = w.signaal, m["weging"]
    if sleutel == "weging/<referentie:referentie>/starten/":
        signaal = _nieuw_signaal(w) if vers else signaal
        return _url(sleutel, signaal=signaal, weging=weging), {}
    if sleutel == "weging/<referentie:referentie>/":
        if vers:
            signaal = _nieuw_signaal(w)
            services.weging_starten(signaal=signaal, door=w.regisseur)
        return _url(sleutel, signaal=signaal, weging=weging), {
            "uitkomst": "geen_zorgen",
            "onderbouwing": ONDERBOUWING,
            "actie": "opslaan",
        }
    if sleutel == "weging/kaders/":
        return "/weging/kaders/", {"kader": m["gedeeld"].pk}
    if vers:
        weging = ingediend(w, signaal=_nieuw_signaal(w), door=w.collega)
    data = {"reden": "Eerst met de school praten."} if "terugsturen" in sleutel else {}
    return _url(sleutel, signaal=signaal, weging=weging), data


def test_get_per_rol(m):
    afwijkingen = []
    for sleutel, verwacht in GET.items():
        url = _url(sleutel, signaal=m["w"].signaal, weging=m["weging"])
        for rol, status in zip(ROLLEN, verwacht.split(), strict=True):
            antwoord = ingelogd(m["gebruikers"][rol]).get(url)
            if antwoord.status_code != int(status):
                afwijkingen.append(f"{rol:16} GET {url}: {antwoord.status_code}, verwacht {status}")
    assert not afwijkingen, "\n".join(afwijkingen)


def test_post_per_rol_en_alleen_wie_mag_verandert_iets(m):
    afwijkingen = []
    clients = {rol: ingelogd(user) for rol, user in m["gebruikers"].items()}
    gegevens = {s: _gegevens(s, m, vers=False) for s in POST}
    stand = database_stand()
    for sleutel, verwacht in POST.items():
        url, data = gegevens[sleutel]
        for rol, status in zip(ROLLEN, verwacht.split(), strict=True):
            if status.endswith("*"):
                continue
            antwoord = clients[rol].post(url, data)
            if antwoord.status_code != int(status):
                afwijkingen.append(
                    f"{rol:16} POST {url}: {antwoord.status_code}, verwacht {status}"
                )
        voor, stand = stand, database_stand()
        if gewijzigd := sorted(k for k in voor if voor[k] != stand.get(k)):
            afwijkingen.append(f"POST {sleutel} door wie niet mag veranderde {gewijzigd}")
    m["weging"].refresh_from_db()
    assert m["weging"].status == Status.TER_BEVESTIGING
    for sleutel, verwacht in POST.items():
        for rol, status in zip(ROLLEN, verwacht.split(), strict=True):
            if not status.endswith("*"):
                continue
            url, data = _gegevens(sleutel, m, vers=True)
            voor = database_stand()
            antwoord = clients[rol].post(url, data)
            if antwoord.status_code != int(status[:3]):
                afwijkingen.append(f"{rol:16} POST {url}: {antwoord.status_code}")
            elif voor == database_stand():
                afwijkingen.append(f"{rol:16} POST {url}: niets veranderd")
    assert not afwijkingen, "\n".join(afwijkingen)
    assert Weging.objects.filter(status=Status.BEVESTIGD).count() == 2
    assert Weging.objects.filter(status=Status.TERUGGESTUURD).count() == 2


def test_een_regisseur_van_een_andere_gemeente_vindt_niets(m):
    with gemeente_actief(m["rijswijk"].pk):
        regisseur_b = UserFactory(regisseur=True, met_mfa=True, email="regisseur@rijswijk.nl")
    client = ingelogd(regisseur_b)
    signaal, weging = m["w"].signaal, m["weging"]
    for sleutel, verwacht in GET.items():
        if ("<" in sleutel) and verwacht.split()[5] == "200":
            url = _url(sleutel, signaal=signaal, weging=weging)
            assert client.get(url).status_code == 404, sleutel
    stand = database_stand()
    for sleutel in POST:
        if "<" in sleutel:
            url, data = _gegevens(sleutel, m, vers=False)
            assert client.post(url, data).status_code == 404, sleutel
    assert database_stand() == stand
    assert signaal.referentie not in client.get("/weging/").content.decode()


def test_een_partner_van_meer_gemeenten_ziet_alleen_de_weging_van_de_gekozen_gemeente(m):
    """A police account working for two gemeenten (docs/regio.md): in Rijswijk, the weging of
    Delft's signal is not there."""
    from netwerk.convenanten import partner_koppelen
    from tests.factories import ConvenantFactory, OrganisatieFactory, gemeente

    w = m["w"]
    with gemeente_actief(m["rijswijk"].pk):
        gemeente()
        politie_b = OrganisatieFactory(naam="Politie Rijswijk", domein="politie")
        ConvenantFactory(partijen=[politie_b])
        partner_koppelen(user=w.agent, organisatie=politie_b)
    client = ingelogd(w.agent)
    url = _url("weging/versie/<int:weging>/", signaal=w.signaal, weging=m["weging"])
    assert client.get(url).status_code == 200
    client.post("/regio/gemeente/", {"gemeente": m["rijswijk"].pk})
    assert client.get(url).status_code == 404


# /beheer/: the kader is the regisseur's alone. The objects: the kader in use and one of its
# groups, which a weging has used (so neither can be deleted).
BEHEER = {
    "app_list:weging":                                      "302 403 403 403 403 200 404 403",
    "beheer/weging/wegingskader/":                          "302 403 403 403 403 200 403 403",
    "beheer/weging/wegingskader/add/":                      "302 403 403 403 403 200 403 403",
    "beheer/weging/wegingskader/<path:object_id>/":         "302 403 403 403 403 302 302 403",
    "beheer/weging/wegingskader/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/weging/wegingskader/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/weging/wegingskader/<path:object_id>/delete/":  "302 403 403 403 403 403 403 403",
    "beheer/weging/indicatorgroep/":                        "302 403 403 403 403 200 403 403",
    "beheer/weging/indicatorgroep/add/":                    "302 403 403 403 403 200 403 403",
    "beheer/weging/indicatorgroep/<path:object_id>/":       "302 403 403 403 403 302 302 403",
    "beheer/weging/indicatorgroep/<path:object_id>/change/": "302 403 403 403 403 200 403 403",
    "beheer/weging/indicatorgroep/<path:object_id>/history/":
                                                            "302 403 403 403 403 200 403 403",
    "beheer/weging/indicatorgroep/<path:object_id>/delete/": "302 403 403 403 403 403 403 403",
}  # fmt: skip


def test_beheer_per_rol(m):
    w = m["w"]
    objecten = {"wegingskader": w.kader, "indicatorgroep": w.kader.groepen.first()}
    afwijkingen = []
    for sleutel, verwacht in BEHEER.items():
        if sleutel.startswith("app_list:"):
            url = "/beheer/weging/"
        else:
            model = sleutel.split("/")[2]
            url = "/" + sleutel.replace("<path:object_id>", str(objecten[model].pk))
        for rol, status in zip(ROLLEN, verwacht.split(), strict=True):
            antwoord = ingelogd(m["gebruikers"][rol]).get(url)
            if antwoord.status_code != int(status):
                afwijkingen.append(f"{rol:16} GET {url}: {antwoord.status_code}, verwacht {status}")
    assert not afwijkingen, "\n".join(afwijkingen)
    # A regisseur of another gemeente: not there.
    with gemeente_actief(m["rijswijk"].pk):
        regisseur_b = UserFactory(regisseur=True, met_mfa=True, email="regisseur@rijswijk.nl")
    client = ingelogd(regisseur_b)
    for model, obj in objecten.items():
        assert client.get(f"/beheer/weging/{model}/{obj.pk}/change/").status_code == 404
