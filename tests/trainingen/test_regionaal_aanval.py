"""Regional trainings (issue 18) tried as an attacker and as a careful user: the regisseur's copy
through every door of /beheer/, the coördinator's forms tampered with, messages and error texts
read for names, and the edges of changing and cancelling."""

from datetime import date, time, timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from berichten.models import Bericht
from bijeenkomsten.models import Bijeenkomst, BijeenkomstStatus
from regio.models import EERSTE_GEMEENTE, Gemeente
from regio.scope import alle_gemeenten, gemeente_actief
from tests.factories import UserFactory, af_bij
from tests.hulp import ingelogd
from trainingen import regionaal, services
from trainingen.models import (
    Editie,
    EditieStatus,
    RegionaalAanbod,
    RegionaleEditie,
    Trainingsdag,
)

pytestmark = pytest.mark.django_db


def _over(dagen: int) -> date:
    return timezone.localdate() + timedelta(days=dagen)


DAGEN = [(_over(30), time(9), time(12)), (_over(37), time(9), time(12))]


@pytest.fixture
def regio(db):
    Gemeente.objects.filter(pk=EERSTE_GEMEENTE).update(naam="Delft")
    delft = Gemeente.objects.get(pk=EERSTE_GEMEENTE)
    rijswijk = Gemeente.objects.create(naam="Rijswijk")
    zoetermeer = Gemeente.objects.create(naam="Zoetermeer")
    laag = Gemeente.objects.create(naam="Regio Haaglanden", is_regio=True)
    regisseurs = {delft.pk: UserFactory(regisseur=True, met_mfa=True, email="claire@delft.nl")}
    for g, adres in ((rijswijk, "roos@rijswijk.nl"), (zoetermeer, "zeb@zoetermeer.nl")):
        with gemeente_actief(g.pk):
            regisseurs[g.pk] = UserFactory(regisseur=True, met_mfa=True, email=adres)
    return {
        "delft": delft,
        "rijswijk": rijswijk,
        "zoetermeer": zoetermeer,
        "laag": laag,
        "regisseurs": regisseurs,
        "coordinator": UserFactory(regiocoordinator=True, met_mfa=True),
    }


def _aanbieden(regio, plaatsen=None, dagen=DAGEN, soort="basistraining"):
    plaatsen = plaatsen or {regio["delft"].pk: 2, regio["rijswijk"].pk: 3}
    return regionaal.regionale_editie_aanbieden(
        editie=RegionaleEditie(soort=soort, locatie="Provinciehuis, Den Haag", trainer="Anna"),
        dagen=dagen,
        aanbod=plaatsen,
        door=regio["coordinator"],
    ).editie


def _kopie(gemeente, editie):
    with gemeente_actief(gemeente.pk):
        return Editie.objects.select_related("soort").get(
            regionale_editie=editie, status=EditieStatus.GEPLAND
        )


def _mails(gemeente, **filter_) -> list[Bericht]:
    with gemeente_actief(gemeente.pk):
        return list(Bericht.objects.filter(soort=regionaal.SOORT_BERICHT, **filter_).order_by("pk"))


def _meldingen(antwoord) -> str:
    return " ".join(str(m) for m in get_messages(antwoord.wsgi_request))


class _Velden(HTMLParser):
    """The values a browser sends for the page's main form, as the page comes."""

    def __init__(self):
        super().__init__()
        self.velden: dict[str, list[str]] = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        naam = a.get("name")
        if tag == "input" and naam and a.get("type") not in ("submit", "button", "file"):
            aanvink = a.get("type") in ("checkbox", "radio")
            if aanvink and "checked" not in a:
                return
            self.velden.setdefault(naam, []).append(a.get("value", "on" if aanvink else ""))
        elif tag == "select" and naam:
            self._select = naam
            self.velden.setdefault(naam, [])
        elif tag == "option" and self._select and "selected" in a:
            self.velden[self._select].append(a.get("value", ""))
        elif tag == "textarea" and naam:
            self._textarea = naam
            self.velden[naam] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.velden[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _zoals_de_browser(client, url, **ingevuld) -> dict:
    parser = _Velden()
    pagina = client.get(url)
    assert pagina.status_code == 200, url
    parser.feed(pagina.content.decode())
    velden = {k: v[:1] if k == "csrfmiddlewaretoken" else v for k, v in parser.velden.items()}
    velden = {k: v for k, v in velden.items() if "__prefix__" not in k and k != "zoek"}
    velden.update({k: [v] for k, v in ingevuld.items()})
    return velden


def _bijeenkomsten(gemeente, kopie) -> list[Bijeenkomst]:
    with gemeente_actief(gemeente.pk):
        return [
            d.bijeenkomst
            for d in Trainingsdag.objects.filter(editie=kopie)
            .select_related("bijeenkomst")
            .order_by("volgnummer")
        ]


# --- The regisseur and the copy, through every door of /beheer/ -----------------------------------


def test_de_regisseur_annuleert_geen_dag_van_de_kopie_via_de_bijeenkomsten(regio):
    """The days are the region's: the meetings' own cancel page must not reach a training day
    (the meetings' list hides training days, but its extra pages find any meeting by id)."""
    editie = _aanbieden(regio)
    kopie = _kopie(regio["delft"], editie)
    with gemeente_actief(regio["delft"].pk):
        services.persoon_inschrijven(kopie, af_bij(email="daan@delft.nl"))
    dag = _bijeenkomsten(regio["delft"], kopie)[1]
    client = ingelogd(regio["regisseurs"][regio["delft"].pk])
    url = reverse("admin:bijeenkomsten_bijeenkomst_annuleren", args=[dag.pk])
    antwoord = client.post(url, {"reden": "Wij doen dag 2 niet"})
    assert antwoord.status_code in (403, 404)
    with gemeente_actief(regio["delft"].pk):
        dag.refresh_from_db()
        assert dag.status == BijeenkomstStatus.GEPLAND
        assert not Bericht.objects.filter(aan="daan@delft.nl", onderwerp__icontains="gaat niet")


def _wijzig_kopie(client, kopie, **ingevuld):
    url = reverse("admin:trainingen_editie_change", args=[kopie.pk])
    return client.post(url, _zoals_de_browser(client, url, **ingevuld))


def test_de_regisseur_bewaart_eigen_velden_ook_als_een_dag_begonnen_is(regio):
    """The mix of the group and self-enrolment stay the regisseur's, also once day 1 was: the
    days are read-only on the copy, so the page must not judge them as if they were typed."""
    gisteren = (timezone.localdate() - timedelta(days=1), time(9), time(12))
    editie = _aanbieden(regio, dagen=[gisteren, DAGEN[0]])
    kopie = _kopie(regio["delft"], editie)
    client = ingelogd(regio["regisseurs"][regio["delft"].pk])
    antwoord = _wijzig_kopie(client, kopie, max_per_organisatie="4")
    assert antwoord.status_code == 302, _fouten(antwoord)
    with gemeente_actief(regio["delft"].pk):
        kopie.refresh_from_db()
        assert kopie.max_per_organisatie == 4


def test_de_regisseur_bewaart_eigen_velden_van_de_kopie(regio):
    editie = _aanbieden(regio)
    kopie = _kopie(regio["delft"], editie)
    client = ingelogd(regio["regisseurs"][regio["delft"].pk])
    antwoord = _wijzig_kopie(client, kopie, max_per_organisatie="4")
    assert antwoord.status_code == 302, _fouten(antwoord)
    with gemeente_actief(regio["delft"].pk):
        kopie.refresh_from_db()
        assert kopie.max_per_organisatie == 4


def _fouten(antwoord) -> str:
    import re

    html = antwoord.content.decode()
    return " | ".join(re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S))


# --- The coördinator's forms, as typed and as tampered with ---------------------------------------


def _token(client) -> str:
    """The one-time token of the page's form (kern.eenmalig), as a browser gets it."""
    return _zoals_de_browser(client, reverse("regio_training_nieuw"))["eenmalig"][0]


def _formulier(regio, client=None, **extra):
    data = {
        "soort": "bewustwording",
        "titel": "Bewustwording Haaglanden",
        "locatie": "Provinciehuis",
        "trainer": "Anna",
        "omschrijving": "",
        "dagen-TOTAL_FORMS": "1",
        "dagen-INITIAL_FORMS": "0",
        "dagen-0-datum": _over(20).isoformat(),
        "dagen-0-begintijd": "09:00",
        "dagen-0-eindtijd": "12:00",
        f"g{regio['delft'].pk}": "4",
        f"g{regio['zoetermeer'].pk}": "2",
    }
    if client is not None:
        data["eenmalig"] = _token(client)
    return data | extra


def test_nul_plaatsen_is_niet_aangeboden_ook_met_plaatsen_voor_elke_gemeente(regio):
    """The page says "leeg of 0: niet aangeboden"; "alle" fills the gemeenten left empty. A 0
    typed to leave Rijswijk out must not become "alle"."""
    client = ingelogd(regio["coordinator"])
    data = _formulier(regio, client, alle="5", **{f"g{regio['rijswijk'].pk}": "0"})
    antwoord = client.post(reverse("regio_training_nieuw"), data)
    assert antwoord.status_code == 302
    editie = RegionaleEditie.objects.get()
    plaatsen = dict(editie.aanbod.values_list("gemeente__naam", "plaatsen"))
    assert plaatsen == {"Delft": 4, "Zoetermeer": 2}
    with gemeente_actief(regio["rijswijk"].pk):
        assert not Editie.objects.exists()
        assert not Bericht.objects.filter(soort=regionaal.SOORT_BERICHT).exists()


def test_de_laag_van_de_regio_en_een_inactieve_gemeente_krijgen_niets(regio):
    """A tampered form: a field for the region's own layer and one for an inactive gemeente."""
    oud = Gemeente.objects.create(naam="Opgeheven", actief=False)
    client = ingelogd(regio["coordinator"])
    pagina = client.get(reverse("regio_training_nieuw")).content.decode()
    assert "Regio Haaglanden" not in pagina and "Opgeheven" not in pagina
    data = _formulier(regio, client, **{f"g{regio['laag'].pk}": "5", f"g{oud.pk}": "5"})
    assert client.post(reverse("regio_training_nieuw"), data).status_code == 302
    assert set(RegionaalAanbod.objects.values_list("gemeente__naam", flat=True)) == {
        "Delft",
        "Zoetermeer",
    }
    with alle_gemeenten():
        assert set(Editie.objects.values_list("gemeente__naam", flat=True)) == {
            "Delft",
            "Zoetermeer",
        }
    # The service refuses them as well.
    for gemeente in (regio["laag"], oud):
        with pytest.raises(Exception, match="hoort niet"):
            _aanbieden(regio, plaatsen={gemeente.pk: 2})


@pytest.mark.parametrize(
    "plaatsen,verwacht",
    [("-3", "minstens 0"), ("501", "hoogstens 500"), ("1e9", "geheel getal"), ("9" * 30, "500")],
)
def test_negatieve_of_enorme_plaatsen_worden_in_het_nederlands_geweigerd(regio, plaatsen, verwacht):
    client = ingelogd(regio["coordinator"])
    data = _formulier(regio, **{f"g{regio['delft'].pk}": plaatsen})
    antwoord = client.post(reverse("regio_training_nieuw"), data)
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert verwacht in html
    assert "Bewustwording Haaglanden" in html and _over(20).isoformat() in html
    assert not RegionaleEditie.objects.exists()


def test_de_regisseur_hoort_elke_wijziging_van_de_plaatsen(regio):
    """2 → 3 → 2 → 3: the regisseur's last message must say 3, the places they now have."""
    editie = _aanbieden(regio)
    rijswijk = regio["rijswijk"].pk
    for plaatsen in (3, 2, 3):
        regionaal.regionale_editie_wijzigen(
            editie=editie, velden={}, aanbod={regio["delft"].pk: plaatsen, rijswijk: 3}
        )
    assert _kopie(regio["delft"], editie).capaciteit == 3
    berichten = _mails(regio["delft"], onderwerp__startswith="Ander aantal plaatsen")
    assert len(berichten) == 3
    assert "van 2 naar 3" in berichten[-1].tekst


def test_een_inactieve_gemeente_gaat_niet_stil_uit_het_aanbod(regio):
    """Taking a gemeente out asks for a confirmation (docs/regio.md). A gemeente made inactive
    after the offer is no row of the form, so changing only the trainer took it out unasked:
    its edition cancelled, its participants told."""
    editie = _aanbieden(regio)
    kopie = _kopie(regio["rijswijk"], editie)
    with gemeente_actief(regio["rijswijk"].pk):
        services.persoon_inschrijven(kopie, af_bij(email="piet@rijswijk.nl"))
    Gemeente.objects.filter(pk=regio["rijswijk"].pk).update(actief=False)
    client = ingelogd(regio["coordinator"])
    url = reverse("regio_training_wijzigen", args=[editie.pk])
    antwoord = client.post(url, _zoals_de_browser(client, url, trainer="Bert"))
    with gemeente_actief(regio["rijswijk"].pk):
        kopie.refresh_from_db()
        assert not kopie.is_geannuleerd, _meldingen(antwoord)
        assert not Bericht.objects.filter(aan="piet@rijswijk.nl", onderwerp__icontains="gaat niet")


def test_een_lang_adres_van_een_regisseur_breekt_het_aanbod_niet(regio):
    """A valid address of 195 characters: the message's key (prefix + address) is longer than
    the outbox allows (200), and the offer to the whole region failed with a server error."""
    adres = f"{'a' * 64}@{'b' * 63}.{'c' * 63}.nl"
    with gemeente_actief(regio["zoetermeer"].pk):
        UserFactory(regisseur=True, met_mfa=True, email=adres)
    client = ingelogd(regio["coordinator"])
    client.raise_request_exception = False
    antwoord = client.post(reverse("regio_training_nieuw"), _formulier(regio, client))
    assert antwoord.status_code == 302
    assert _mails(regio["zoetermeer"], aan=adres)


def test_tweemaal_versturen_biedt_eenmaal_aan(regio):
    """A double click on "Aanbieden": the region's pages have no one-time token like /beheer/'s
    add pages (kern.eenmalig), so every gemeente got two editions and two messages."""
    client = ingelogd(regio["coordinator"])
    url = reverse("regio_training_nieuw")
    data = _zoals_de_browser(client, url) | {
        k: [v] for k, v in _formulier(regio, **{"dagen-TOTAL_FORMS": "3"}).items()
    }
    assert client.post(url, data).status_code == 302
    client.post(url, data)
    assert RegionaleEditie.objects.count() == 1
    assert len(_mails(regio["delft"])) == 1


def _wijzigdata(client, editie, **ingevuld) -> dict:
    url = reverse("regio_training_wijzigen", args=[editie.pk])
    return _zoals_de_browser(client, url, **ingevuld)


def test_opslaan_met_een_nieuwe_dag_tweemaal_versturen_geeft_een_dag(regio):
    """The same change sent twice (a double click, a resent request): the second must not add
    the new day again, at the same time as the first, to every gemeente."""
    editie = _aanbieden(regio)
    client = ingelogd(regio["coordinator"])
    url = reverse("regio_training_wijzigen", args=[editie.pk])
    data = _wijzigdata(
        client,
        editie,
        **{"dagen-2-datum": _over(44).isoformat(), "dagen-2-begintijd": "13:00"},
        **{"dagen-2-eindtijd": "16:00"},
    )
    assert client.post(url, data).status_code == 302
    client.post(url, data)
    assert editie.dagen.count() == 3
    with gemeente_actief(regio["delft"].pk):
        assert _kopie(regio["delft"], editie).dagen.count() == 3


def test_een_dag_van_een_andere_regionale_training_wordt_niet_geraakt(regio):
    editie = _aanbieden(regio)
    ander = _aanbieden(regio)
    vreemd = ander.dagen.get(volgnummer=1)
    client = ingelogd(regio["coordinator"])
    url = reverse("regio_training_wijzigen", args=[editie.pk])
    for rij in ({"dagen-0-dag": str(vreemd.pk)}, {"dagen-2-dag": str(vreemd.pk)}):
        data = _wijzigdata(client, editie, **{"dagen-0-verwijderen": "on"}, **rij)
        data |= {"dagen-2-datum": [_over(50).isoformat()], "dagen-2-begintijd": ["10:00"]}
        data |= {"dagen-2-eindtijd": ["11:00"], "dagen-2-verwijderen": ["on"]}
        antwoord = client.post(url, data)
        assert antwoord.status_code == 200
        assert "Laad de pagina opnieuw" in antwoord.content.decode()
    assert ander.dagen.filter(pk=vreemd.pk, datum=vreemd.datum).exists()
    assert ander.dagen.count() == editie.dagen.count() == 2


def test_een_gemanipuleerd_beheerformulier_van_de_dagen(regio):
    """TOTAL_FORMS and INITIAL_FORMS tampered with: fewer rows leave the other days alone, an
    absurd number of rows is no server error, and a day in two rows (moved and deleted) ends
    in the days of the region and of every copy alike."""
    editie = _aanbieden(regio)
    client = ingelogd(regio["coordinator"])
    url = reverse("regio_training_wijzigen", args=[editie.pk])
    minder = _wijzigdata(client, editie, **{"dagen-TOTAL_FORMS": "1", "dagen-INITIAL_FORMS": "9"})
    assert client.post(url, minder).status_code == 302
    assert editie.dagen.count() == 2
    veel = _wijzigdata(client, editie, **{"dagen-TOTAL_FORMS": "100000"})
    assert client.post(url, veel).status_code in (200, 302)
    assert editie.dagen.count() == 2
    eerste = editie.dagen.get(volgnummer=1)
    dubbel = _wijzigdata(
        client,
        editie,
        **{"dagen-2-dag": str(eerste.pk), "dagen-2-datum": eerste.datum.isoformat()},
        **{"dagen-2-begintijd": "09:00", "dagen-2-eindtijd": "12:00"},
        **{"dagen-2-verwijderen": "on", "dagen-0-begintijd": "08:00"},
    )
    client.post(url, dubbel)
    regiodagen = [(d.datum, d.begintijd) for d in editie.dagen.order_by("volgnummer")]
    for naam in ("delft", "rijswijk"):
        kopie = _kopie(regio[naam], editie)
        with gemeente_actief(regio[naam].pk):
            kopiedagen = [(d.datum, d.begintijd) for d in kopie.dagen.order_by("volgnummer")]
            assert kopiedagen == regiodagen
