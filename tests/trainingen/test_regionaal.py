"""Regional trainings (issue 18): the regiocoördinator offers a training to all or chosen
gemeenten with places per gemeente; each gemeente gets its own edition, where its regisseur
enrols its own people (capped at its places, then the waiting list) and sees its own coverage;
the coördinator sees counts per gemeente only, never a name."""

import re
from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from berichten.models import Bericht
from kern.fouten import Weigering
from regio.models import EERSTE_GEMEENTE, Gemeente
from regio.scope import alle_gemeenten, gemeente_actief
from tests.factories import UserFactory, af_bij
from tests.hulp import ingelogd
from trainingen import geldigheid, regionaal, services
from trainingen.models import (
    Editie,
    EditieStatus,
    InschrijvingStatus,
    RegionaleEditie,
    Trainingssoort,
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
    regisseurs = {delft.pk: UserFactory(regisseur=True, met_mfa=True, email="claire@delft.nl")}
    for g, adres in ((rijswijk, "roos@rijswijk.nl"), (zoetermeer, "zeb@zoetermeer.nl")):
        with gemeente_actief(g.pk):
            regisseurs[g.pk] = UserFactory(regisseur=True, met_mfa=True, email=adres)
    return {
        "delft": delft,
        "rijswijk": rijswijk,
        "zoetermeer": zoetermeer,
        "regisseurs": regisseurs,
        "coordinator": UserFactory(regiocoordinator=True, met_mfa=True),
    }


def _aanbieden(regio, plaatsen=None, soort="basistraining", dagen=DAGEN):
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


def _mails(gemeente) -> list[Bericht]:
    with gemeente_actief(gemeente.pk):
        return list(Bericht.objects.filter(soort=regionaal.SOORT_BERICHT).order_by("pk"))


def test_alleen_de_gekozen_gemeenten_krijgen_een_eigen_editie_met_hun_plaatsen(regio):
    editie = _aanbieden(regio)
    delft, rijswijk = _kopie(regio["delft"], editie), _kopie(regio["rijswijk"], editie)
    assert (delft.capaciteit, rijswijk.capaciteit) == (2, 3)
    assert delft.gemeente_id == regio["delft"].pk and rijswijk.gemeente_id == regio["rijswijk"].pk
    # Each is of its own gemeente's basic training, so it counts for its coverage.
    with gemeente_actief(regio["rijswijk"].pk):
        assert rijswijk.soort == Trainingssoort.objects.get(rol="basistraining")
        assert [(d.datum, d.begintijd) for d in rijswijk.dagen.order_by("volgnummer")] == [
            (d, b) for d, b, _e in DAGEN
        ]
        assert all(d.bijeenkomst_id for d in rijswijk.dagen.all())
    with gemeente_actief(regio["zoetermeer"].pk):
        assert not Editie.objects.exists()
    # The regisseurs of the two gemeenten are told, in their own outbox; Zoetermeer's are not.
    assert [m.aan for m in _mails(regio["delft"])] == ["claire@delft.nl"]
    assert [m.aan for m in _mails(regio["rijswijk"])] == ["roos@rijswijk.nl"]
    assert "3 plaatsen" in _mails(regio["rijswijk"])[0].tekst
    assert _mails(regio["zoetermeer"]) == []


def test_de_plaatsen_van_een_gemeente_zijn_begrensd_daarna_de_wachtlijst(regio):
    editie = _aanbieden(regio)
    kopie = _kopie(regio["delft"], editie)
    with gemeente_actief(regio["delft"].pk):
        mensen = [af_bij(voornaam=f"Delft{i}") for i in range(3)]
        statussen = [services.persoon_inschrijven(kopie, p).status for p in mensen]
    assert statussen == ["ingeschreven", "ingeschreven", "wachtlijst"]
    # Rijswijk's places are its own: three free whatever Delft does.
    rijswijk = _kopie(regio["rijswijk"], editie)
    with gemeente_actief(regio["rijswijk"].pk):
        assert services.bezet(rijswijk) == 0
        assert services.persoon_inschrijven(rijswijk, af_bij()).status == "ingeschreven"


def test_meer_plaatsen_laat_de_wachtlijst_doorschuiven_en_de_regisseur_hoort_het(regio):
    editie = _aanbieden(regio)
    kopie = _kopie(regio["delft"], editie)
    with gemeente_actief(regio["delft"].pk):
        for i in range(3):
            services.persoon_inschrijven(kopie, af_bij(voornaam=f"D{i}"))
    uitkomst = regionaal.regionale_editie_wijzigen(
        editie=editie, velden={}, aanbod={regio["delft"].pk: 3, regio["rijswijk"].pk: 3}
    )
    assert uitkomst.doorgeschoven == 1
    assert not any("D2" in tekst for _n, tekst in uitkomst.meldingen)  # no names
    with gemeente_actief(regio["delft"].pk):
        kopie.refresh_from_db()
        assert kopie.capaciteit == 3
        assert not kopie.inschrijvingen.filter(status=InschrijvingStatus.WACHTLIJST).exists()
    onderwerpen = [m.onderwerp for m in _mails(regio["delft"])]
    assert onderwerpen[-1].startswith("Ander aantal plaatsen")
    # Rijswijk's places did not change: no message there.
    assert len(_mails(regio["rijswijk"])) == 1


def test_minder_plaatsen_dan_ingeschreven_kost_niemand_zijn_plaats(regio):
    editie = _aanbieden(regio)
    kopie = _kopie(regio["delft"], editie)
    with gemeente_actief(regio["delft"].pk):
        for _i in range(2):
            services.persoon_inschrijven(kopie, af_bij())
    uitkomst = regionaal.regionale_editie_wijzigen(
        editie=editie, velden={}, aanbod={regio["delft"].pk: 1, regio["rijswijk"].pk: 3}
    )
    assert uitkomst.meer_dan_plaatsen == ["Delft"]
    with gemeente_actief(regio["delft"].pk):
        assert services.bezet(kopie) == 2


def test_een_verplaatste_dag_en_plaats_gaan_naar_elke_gemeente(regio):
    editie = _aanbieden(regio)
    kopie = _kopie(regio["rijswijk"], editie)
    with gemeente_actief(regio["rijswijk"].pk):
        persoon = af_bij(email="piet@rijswijk.nl")
        services.persoon_inschrijven(kopie, persoon)
    tweede = editie.dagen.get(volgnummer=2)
    nieuw = (_over(44), time(13), time(16))
    regionaal.regionale_editie_wijzigen(
        editie=editie,
        velden={"locatie": "Stadhuis Zoetermeer"},
        dagen=regionaal.RegionaleDagen(gewijzigd={tweede.pk: nieuw}),
    )
    with gemeente_actief(regio["rijswijk"].pk):
        kopie.refresh_from_db()
        assert kopie.locatie == "Stadhuis Zoetermeer"
        dag = kopie.dagen.select_related("bijeenkomst").get(volgnummer=2)
        assert (dag.datum, dag.begintijd) == (nieuw[0], nieuw[1])
        assert dag.bijeenkomst.locatie == "Stadhuis Zoetermeer"
        # The participant's calendar gets the change (the meetings' own message).
        assert Bericht.objects.filter(aan="piet@rijswijk.nl").count() >= 2


def test_een_gemeente_erbij_en_een_eruit(regio):
    editie = _aanbieden(regio)
    kopie = _kopie(regio["delft"], editie)
    with gemeente_actief(regio["delft"].pk):
        services.persoon_inschrijven(kopie, af_bij(email="daan@delft.nl"))
    uitkomst = regionaal.regionale_editie_wijzigen(
        editie=editie,
        velden={},
        aanbod={regio["rijswijk"].pk: 3, regio["zoetermeer"].pk: 4},
    )
    assert (uitkomst.erbij, uitkomst.eruit) == (["Zoetermeer"], ["Delft"])
    assert _kopie(regio["zoetermeer"], editie).capaciteit == 4
    with gemeente_actief(regio["delft"].pk):
        kopie.refresh_from_db()
        assert kopie.is_geannuleerd
        onderwerpen = [m.onderwerp for m in _mails(regio["delft"])]
        assert onderwerpen[-1].startswith("Niet langer aangeboden")
        # The enrolled get the cancellation of their days.
        geannuleerd = Bericht.objects.filter(aan="daan@delft.nl", onderwerp__icontains="gaat niet")
        assert geannuleerd.exists()
    # Offered to Delft again later: a new copy beside the cancelled one.
    regionaal.regionale_editie_wijzigen(
        editie=editie, velden={}, aanbod={regio["delft"].pk: 2, regio["rijswijk"].pk: 3}
    )
    assert _kopie(regio["delft"], editie).pk != kopie.pk


def test_annuleren_annuleert_elke_kopie(regio):
    editie = _aanbieden(regio)
    assert regionaal.regionale_editie_annuleren(editie, "Trainer ziek") == 2
    with alle_gemeenten():
        kopieen = Editie.objects.filter(regionale_editie=editie)
        assert set(kopieen.values_list("status", flat=True)) == {EditieStatus.GEANNULEERD}
    assert "Trainer ziek" in _mails(regio["rijswijk"])[-1].tekst
    with pytest.raises(Weigering):
        regionaal.regionale_editie_wijzigen(editie=editie, velden={"locatie": "Elders"})


def test_de_regisseur_wijzigt_niet_wat_de_regio_beslist(regio):
    editie = _aanbieden(regio)
    kopie = _kopie(regio["delft"], editie)
    with gemeente_actief(regio["delft"].pk):
        for velden in ({"locatie": "Bij ons"}, {"capaciteit": 20}):
            with pytest.raises(Weigering, match="regionale training"):
                services.editie_wijzigen(editie=kopie, velden=velden)
        with pytest.raises(Weigering):
            services.editie_wijzigen(
                editie=kopie,
                velden={},
                dagen=services.Dagen(nieuw=[(_over(50), time(9), time(10))]),
            )
        with pytest.raises(Weigering, match="regiocoördinator"):
            services.editie_annuleren(kopie)
        # The mix of the group and self-enrolment stay the regisseur's.
        services.editie_wijzigen(
            editie=kopie,
            velden={"max_per_organisatie": 3, "inschrijving_open": False, "capaciteit": 2},
        )
        kopie.refresh_from_db()
        assert (kopie.max_per_organisatie, kopie.inschrijving_open) == (3, False)


def test_in_beheer_zijn_de_velden_van_de_regio_alleen_te_lezen(regio):
    editie = _aanbieden(regio)
    kopie = _kopie(regio["delft"], editie)
    client = ingelogd(regio["regisseurs"][regio["delft"].pk])
    pagina = client.get(reverse("admin:trainingen_editie_change", args=[kopie.pk]))
    html = pagina.content.decode()
    assert pagina.status_code == 200
    assert "Regionale training" in html and 'name="locatie"' not in html
    assert 'name="capaciteit"' not in html and 'name="max_per_organisatie"' in html
    assert reverse("admin:trainingen_editie_annuleren", args=[kopie.pk]) not in html
    weigering = client.post(reverse("admin:trainingen_editie_annuleren", args=[kopie.pk]))
    assert weigering.status_code == 302
    with gemeente_actief(regio["delft"].pk):
        kopie.refresh_from_db()
        assert not kopie.is_geannuleerd


def test_de_regisseur_ziet_eigen_dekking_en_wie_nog_moet_met_de_regionale_training(regio):
    editie = _aanbieden(regio)
    with gemeente_actief(regio["delft"].pk):
        kopie = _kopie(regio["delft"], editie)
        ingedeeld = af_bij(voornaam="Ingrid", achternaam="Delftsma")
        af_bij(voornaam="Nog", achternaam="Nietgedaan")
        services.persoon_inschrijven(kopie, ingedeeld)
        rijen = {r.persoon.achternaam: r for r in geldigheid.overzicht()}
        assert rijen["Delftsma"].gepland is not None
        assert rijen["Delftsma"].gepland.editie_id == kopie.pk
        assert "Nietgedaan" in {r.persoon.achternaam for r in geldigheid.nog_nodig(rijen.values())}
    with gemeente_actief(regio["rijswijk"].pk):
        af_bij(achternaam="Rijswijker")
        assert {r.persoon.achternaam for r in geldigheid.overzicht()} == {"Rijswijker"}


def test_de_coordinator_ziet_aantallen_per_gemeente_en_geen_namen(regio):
    editie = _aanbieden(regio)
    with gemeente_actief(regio["delft"].pk):
        kopie = _kopie(regio["delft"], editie)
        for naam in ("Vermeer", "Hals", "Steen"):
            services.persoon_inschrijven(kopie, af_bij(achternaam=naam, email=f"{naam}@d.nl"))
    client = ingelogd(regio["coordinator"])
    html = client.get(reverse("regio_training", args=[editie.pk])).content.decode()
    assert "Delft" in html and "Rijswijk" in html and "Zoetermeer" not in html
    for naam in ("Vermeer", "Hals", "Steen", "@d.nl"):
        assert naam not in html
    stand = {s.gemeente: s for s in regionaal.stand_per_gemeente(editie)}
    assert (stand["Delft"].plaatsen, stand["Delft"].ingeschreven, stand["Delft"].wachtlijst) == (
        2,
        2,
        1,
    )
    assert (stand["Rijswijk"].ingeschreven, stand["Rijswijk"].vrij) == (0, 3)
    lijst = client.get(reverse("regio_trainingen")).content.decode()
    assert "2 van 5" in lijst and "Vermeer" not in lijst


def _pagina_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_de_paginas_van_de_coordinator_groeien_niet_met_het_aantal_gemeenten(regio):
    client = ingelogd(regio["coordinator"])
    klein = _aanbieden(regio, plaatsen={regio["delft"].pk: 2})
    extra = [Gemeente.objects.create(naam=f"Gemeente {i}") for i in range(6)]
    groot = _aanbieden(
        regio, plaatsen={g.pk: 2 for g in [regio["delft"], regio["rijswijk"], *extra]}
    )
    for g in extra[:3]:
        with gemeente_actief(g.pk):
            services.persoon_inschrijven(_kopie(g, groot), af_bij())
    client.get(reverse("regio_training", args=[klein.pk]))  # warm the session's caches
    assert _pagina_queries(client, reverse("regio_training", args=[klein.pk])) == (
        _pagina_queries(client, reverse("regio_training", args=[groot.pk]))
    )
    eerst = _pagina_queries(client, reverse("regio_trainingen"))
    for _i in range(3):
        _aanbieden(regio, plaatsen={g.pk: 1 for g in extra})
    assert _pagina_queries(client, reverse("regio_trainingen")) == eerst


def _token(client, url) -> str:
    """The form's one-time token (kern.eenmalig), as the page gives it."""
    return re.search(r'name="eenmalig" value="([^"]+)"', client.get(url).content.decode())[1]


def _formulier(regio, **extra):
    data = {
        "soort": "bewustwording",
        "titel": "Bewustwording Haaglanden",
        "locatie": "Provinciehuis",
        "trainer": "Anna",
        "omschrijving": "",
        "dagen-TOTAL_FORMS": "3",
        "dagen-INITIAL_FORMS": "0",
        "dagen-0-datum": _over(20).isoformat(),
        "dagen-0-begintijd": "09:00",
        "dagen-0-eindtijd": "12:00",
        f"g{regio['delft'].pk}": "4",
        f"g{regio['zoetermeer'].pk}": "2",
    }
    for i in (1, 2):
        data |= {f"dagen-{i}-datum": "", f"dagen-{i}-begintijd": "", f"dagen-{i}-eindtijd": ""}
    return data | extra


def test_aanbieden_via_de_pagina(regio):
    client = ingelogd(regio["coordinator"])
    url = reverse("regio_training_nieuw")
    antwoord = client.post(url, _formulier(regio, eenmalig=_token(client, url)))
    editie = RegionaleEditie.objects.get()
    assert antwoord.status_code == 302
    assert antwoord.url == reverse("regio_training", args=[editie.pk])
    assert _kopie(regio["zoetermeer"], editie).capaciteit == 2
    with gemeente_actief(regio["delft"].pk):
        assert _kopie(regio["delft"], editie).soort.naam == "Bewustwordingstraining"
    with gemeente_actief(regio["rijswijk"].pk):
        assert not Editie.objects.exists()


@pytest.mark.parametrize(
    "fout,verwacht",
    [
        ({f"g{EERSTE_GEMEENTE}": "", "alle": ""}, "minstens één gemeente"),
        ({"dagen-0-datum": ""}, "Vul datum, begintijd en eindtijd in"),
        ({"dagen-0-eindtijd": "08:00"}, "De eindtijd ligt niet na de begintijd"),
        ({"dagen-0-datum": _over(-2).isoformat()}, "ligt in het verleden"),
        ({"locatie": ""}, "Dit veld is verplicht"),
    ],
)
def test_fouten_in_het_formulier_worden_in_het_nederlands_gemeld(regio, fout, verwacht):
    client = ingelogd(regio["coordinator"])
    data = _formulier(regio, **fout)
    if f"g{EERSTE_GEMEENTE}" in fout:
        data[f"g{regio['zoetermeer'].pk}"] = ""
    url = reverse("regio_training_nieuw")
    antwoord = client.post(url, data | {"eenmalig": _token(client, url)})
    assert antwoord.status_code == 200
    assert verwacht in antwoord.content.decode()
    assert "Bewustwording Haaglanden" in antwoord.content.decode()  # nothing typed is lost
    assert not RegionaleEditie.objects.exists()


def test_het_wijzigformulier_toont_de_dagen_zoals_de_browser_ze_leest(regio):
    """A date field of the browser reads only YYYY-MM-DD: any other format shows it empty, and
    saving would lose the day."""
    editie = _aanbieden(regio)
    html = (
        ingelogd(regio["coordinator"])
        .get(reverse("regio_training_wijzigen", args=[editie.pk]))
        .content.decode()
    )
    datum, begin, _einde = DAGEN[0]
    assert f'value="{datum.isoformat()}"' in html
    assert f'value="{begin:%H:%M}"' in html
    assert f'name="g{regio["delft"].pk}" value="2"' in html


def test_een_gemeente_eruit_halen_vraagt_bevestiging(regio):
    editie = _aanbieden(regio)
    client = ingelogd(regio["coordinator"])
    url = reverse("regio_training_wijzigen", args=[editie.pk])
    dagen = list(editie.dagen.order_by("volgnummer"))
    data = {
        "titel": "",
        "locatie": "Provinciehuis, Den Haag",
        "trainer": "Anna",
        "omschrijving": "",
        "dagen-TOTAL_FORMS": str(len(dagen) + 1),
        "dagen-INITIAL_FORMS": "0",
        f"g{regio['rijswijk'].pk}": "3",
    }
    for i, dag in enumerate(dagen):
        data |= {
            f"dagen-{i}-dag": str(dag.pk),
            f"dagen-{i}-datum": dag.datum.isoformat(),
            f"dagen-{i}-begintijd": dag.begintijd.strftime("%H:%M"),
            f"dagen-{i}-eindtijd": dag.eindtijd.strftime("%H:%M"),
        }
    antwoord = client.post(url, data | {"eenmalig": _token(client, url)})
    assert antwoord.status_code == 200
    assert "U haalt Delft uit het aanbod" in antwoord.content.decode()
    assert not _kopie(regio["delft"], editie).is_geannuleerd
    antwoord = client.post(url, data | {"bevestigen": "on", "eenmalig": _token(client, url)})
    assert antwoord.status_code == 302
    with gemeente_actief(regio["delft"].pk):
        assert not Editie.objects.filter(
            regionale_editie=editie, status=EditieStatus.GEPLAND
        ).exists()


def test_annuleren_via_de_pagina_vraagt_eerst_bevestiging(regio):
    editie = _aanbieden(regio)
    client = ingelogd(regio["coordinator"])
    url = reverse("regio_training_annuleren", args=[editie.pk])
    assert "Ja, annuleer" in client.get(url).content.decode()
    editie.refresh_from_db()
    assert not editie.is_geannuleerd
    assert client.post(url, {"reden": "Te weinig aanmeldingen"}).status_code == 302
    editie.refresh_from_db()
    assert editie.is_geannuleerd


@pytest.mark.parametrize("rol", ["regisseur", "professional", "partner", "beheerder"])
def test_alleen_de_regiocoordinator(regio, rol):
    editie = _aanbieden(regio)
    user = UserFactory(**{rol: True, "met_mfa": True})
    client = ingelogd(user)
    for url in (
        reverse("regio_trainingen"),
        reverse("regio_training_nieuw"),
        reverse("regio_training", args=[editie.pk]),
        reverse("regio_training_wijzigen", args=[editie.pk]),
        reverse("regio_training_annuleren", args=[editie.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("regio_training_nieuw"), _formulier(regio)).status_code == 403
    assert client.post(reverse("regio_training_annuleren", args=[editie.pk])).status_code == 403
    editie.refresh_from_db()
    assert not editie.is_geannuleerd and RegionaleEditie.objects.count() == 1
