"""The wegingskader: configured by the regisseur in /beheer/ (groups, indicators, one kader in
use), a demo kader for every new gemeente, never deleted once used, and shared in the region:
another gemeente's regisseur copies a shared kader, reading nothing else of that gemeente."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kern.fouten import Weigering
from regio.models import Gemeente
from regio.scope import gemeente_actief
from regio.services import gemeente_toevoegen
from tests.factories import UserFactory
from weging import kaders, services
from weging.models import Indicator, Indicatorgroep, Weging, Wegingskader
from weging.startkader import GROEPEN, NAAM

from .conftest import ingediend

pytestmark = pytest.mark.django_db


def test_een_nieuwe_gemeente_begint_met_het_voorbeeldkader(db):
    nieuw = gemeente_toevoegen("Pijnacker-Nootdorp")
    with gemeente_actief(nieuw.pk):
        kader = Wegingskader.objects.get()
        assert kader.naam == NAAM and kader.actief
        assert [g.naam for g in kader.groepen.all()] == [
            "Ideologie en uitingen",
            "Gedrag en contacten",
            "Persoonlijke omstandigheden",
            "Beschermende factoren",
        ]
        assert Indicator.objects.filter(groep__kader=kader).count() == sum(
            len(i) for _g, i in GROEPEN
        )
    # The first gemeente keeps its own, one kader.
    assert Wegingskader.objects.filter(naam=NAAM).count() <= 1


def _groep_toevoegen(client, kader, naam):
    return client.post(
        reverse("admin:weging_wegingskader_change", args=[kader.pk]),
        {
            "naam": kader.naam,
            "omschrijving": kader.omschrijving,
            "groepen-TOTAL_FORMS": "1",
            "groepen-INITIAL_FORMS": "0",
            "groepen-0-naam": naam,
            "groepen-0-volgorde": "1",
        },
    )


def _indicatoren(groep, rijen, initial=()):
    data = {
        "naam": groep.naam,
        "volgorde": str(groep.volgorde),
        "indicatoren-TOTAL_FORMS": str(len(initial) + len(rijen)),
        "indicatoren-INITIAL_FORMS": str(len(initial)),
    }
    for n, (i, extra) in enumerate([(i, {}) for i in initial]):
        data.update(
            {
                f"indicatoren-{n}-id": str(i.pk),
                f"indicatoren-{n}-groep": str(groep.pk),
                f"indicatoren-{n}-tekst": i.tekst,
                f"indicatoren-{n}-volgorde": str(i.volgorde),
                f"indicatoren-{n}-actief": "on",
                **{f"indicatoren-{n}-{k}": v for k, v in extra.items()},
            }
        )
    for n, tekst in enumerate(rijen, start=len(initial)):
        data.update(
            {
                f"indicatoren-{n}-tekst": tekst,
                f"indicatoren-{n}-uitleg": "",
                f"indicatoren-{n}-volgorde": str(n + 1),
                f"indicatoren-{n}-actief": "on",
            }
        )
    return data


def test_de_regisseur_stelt_een_kader_samen_en_neemt_het_in_gebruik(w, login, client):
    login(w.regisseur)
    lijst = reverse("admin:weging_wegingskader_changelist")
    assert "Kaders uit de regio" in client.get(lijst).content.decode()
    antwoord = client.post(
        reverse("admin:weging_wegingskader_add"),
        {
            "naam": "Kader Delft 2027",
            "omschrijving": "Afgestemd met de politie.",
            "groepen-TOTAL_FORMS": "0",
            "groepen-INITIAL_FORMS": "0",
        },
    )
    assert antwoord.status_code == 302
    kader = Wegingskader.objects.get(naam="Kader Delft 2027")
    assert not kader.actief  # a new kader is not in use until chosen
    assert _groep_toevoegen(client, kader, "Online gedrag").status_code == 302
    groep = Indicatorgroep.objects.get(kader=kader)
    url = reverse("admin:weging_indicatorgroep_change", args=[groep.pk])
    antwoord = client.post(url, _indicatoren(groep, ["Zoekt extremistische fora op"]))
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    assert list(groep.indicatoren.values_list("tekst", flat=True)) == [
        "Zoekt extremistische fora op"
    ]

    # In use: the demo kader goes out of use, one kader at a time.
    antwoord = client.post(
        lijst, {"action": "in_gebruik_nemen", "_selected_action": [kader.pk]}, follow=True
    )
    assert "is nu het wegingskader voor nieuwe wegingen" in antwoord.content.decode()
    assert list(Wegingskader.objects.filter(actief=True)) == [kader]
    weging = services.weging_starten(signaal=w.signaal, door=w.regisseur)
    assert weging.kader == kader and weging.beoordelingen.count() == 1

    # Two at once cannot be chosen; an empty kader cannot be put in use.
    antwoord = client.post(
        lijst,
        {"action": "in_gebruik_nemen", "_selected_action": [kader.pk, w.kader.pk]},
        follow=True,
    )
    assert "Kies één kader" in antwoord.content.decode()
    leeg = Wegingskader.objects.create(naam="Leeg")
    with pytest.raises(Weigering, match="nog geen actieve indicatoren"):
        kaders.kader_activeren(kader=leeg)


def test_wat_een_weging_gebruikte_wordt_nooit_verwijderd(w, login, client):
    ingediend(w)
    login(w.regisseur)
    indicator = Indicator.objects.filter(groep__kader=w.kader).order_by("pk").first()
    groep = indicator.groep
    data = _indicatoren(groep, [], initial=list(groep.indicatoren.order_by("pk")))
    data["indicatoren-0-DELETE"] = "on"
    antwoord = client.post(reverse("admin:weging_indicatorgroep_change", args=[groep.pk]), data)
    assert antwoord.status_code == 200
    assert "al gebruikt in een weging" in antwoord.content.decode()
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    # Switched off instead: new wegingen leave it out, the old one keeps its answer.
    del data["indicatoren-0-DELETE"]
    del data["indicatoren-0-actief"]
    assert (
        client.post(reverse("admin:weging_indicatorgroep_change", args=[groep.pk]), data)
    ).status_code == 302
    indicator.refresh_from_db()
    assert not indicator.actief
    # The kader and the group have no delete button, and deleting them is refused.
    for url in (
        reverse("admin:weging_wegingskader_delete", args=[w.kader.pk]),
        reverse("admin:weging_indicatorgroep_delete", args=[groep.pk]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"post": "yes"}).status_code == 403
    assert Wegingskader.objects.filter(pk=w.kader.pk).exists()


def test_een_gedeeld_kader_overnemen_in_een_andere_gemeente(w, login, client):
    w.kader.gedeeld_in_regio = True
    w.kader.save()
    Indicator.objects.filter(groep__kader=w.kader).update(uitleg="")  # texts as they are shared
    geheim = Wegingskader.objects.create(naam="Niet gedeeld kader")
    ingediend(w)  # a weging of gemeente 1: nothing of it may be read across
    rijswijk = gemeente_toevoegen("Rijswijk")
    with gemeente_actief(rijswijk.pk):
        regisseur_b = UserFactory(regisseur=True, met_mfa=True, email="regisseur@rijswijk.nl")
        login(regisseur_b)
        with CaptureQueriesContext(connection) as vragen:
            pagina = client.get(reverse("weging:kaders")).content.decode()
    assert w.kader.naam in pagina and f"gemeente {Gemeente.objects.get(pk=1).naam}" in pagina
    assert "Toont sympathie voor geweld" in pagina and geheim.naam not in pagina
    # Read region-wide: only kaders, groups, indicators and the gemeente's name.
    gelezen = {
        tabel
        for q in vragen.captured_queries
        for tabel in ('"weging_weging"', '"weging_beoordeling"', '"signalen_signaal"')
        if tabel in q["sql"]
    }
    assert not gelezen

    with gemeente_actief(rijswijk.pk):
        antwoord = client.post(reverse("weging:kaders"), {"kader": w.kader.pk})
        kopie = Wegingskader.objects.exclude(overgenomen_van="").get(naam=w.kader.naam)
        assert antwoord["Location"] == reverse("admin:weging_wegingskader_change", args=[kopie.pk])
        assert kopie.gemeente_id == rijswijk.pk and not kopie.actief
        assert "gemeente" in kopie.overgenomen_van
        assert Indicator.objects.filter(groep__kader=kopie).count() == 16
        # Its own gemeente's kader is not offered, and a kader not shared cannot be copied.
        with pytest.raises(Weigering, match="niet \\(meer\\) gedeeld"):
            kaders.kader_overnemen(bron_id=geheim.pk, door=regisseur_b)
        kaders.kader_activeren(kader=kopie)
        assert Wegingskader.objects.filter(actief=True).get() == kopie
    # Gemeente 1 is untouched: its own kader still in use.
    assert Wegingskader.objects.get(actief=True) == w.kader
    assert Weging.objects.count() == 1


def test_zonder_delen_ziet_een_andere_gemeente_niets(w, login, client):
    rijswijk = gemeente_toevoegen("Rijswijk")
    with gemeente_actief(rijswijk.pk):
        login(UserFactory(regisseur=True, met_mfa=True))
        pagina = client.get(reverse("weging:kaders")).content.decode()
        assert "Geen andere gemeente in de regio deelt" in pagina
        with pytest.raises(Weigering):
            kaders.kader_overnemen(bron_id=w.kader.pk, door=UserFactory(regisseur=True))
