"""What the regisseur can get wrong in /beheer/trainingen/ and how it is caught: days in the
past or on top of each other, cancelling what took place, kinds that renew in a chain, numbers
that make no sense, digits that are not digits. Each gives a Dutch message and changes nothing."""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from berichten.models import Bericht
from kern.fouten import Weigering
from netwerk.models import Domein
from tests.factories import OrganisatieFactory, af_bij, editie, soort
from tests.trainingen.test_beheer import _begonnen, _formulier, _meldingen, _url
from trainingen import geldigheid, services
from trainingen.geldigheid import Stand
from trainingen.models import Editie, EditieStatus, Trainingssoort

pytestmark = pytest.mark.django_db


def _dagen(ed):
    return [
        {"id": d.pk, "datum": d.datum, "begintijd": d.begintijd, "eindtijd": d.eindtijd}
        for d in ed.dagen.order_by("volgnummer")
    ]


# --- days ---------------------------------------------------------------------------------------


def test_een_dag_naar_het_verleden_verplaatsen_wordt_geweigerd(login, regisseur):
    """A typo in the year would make the day 'begun': locked for good, and everyone mailed."""
    ed = editie(dagen=2)
    services.persoon_inschrijven(ed, af_bij())
    voor = Bericht.objects.count()
    dagen = _dagen(ed)
    dagen[0]["datum"] = dagen[0]["datum"].replace(year=2020)
    antwoord = login(regisseur).post(_url("editie_change", ed.pk), _formulier(ed, dagen=dagen))
    assert antwoord.status_code == 200
    fouten = " ".join(antwoord.context["inline_admin_formsets"][0].formset.non_form_errors())
    assert "ligt in het verleden" in fouten and "2020" in fouten
    assert ed.dagen.get(volgnummer=1).datum.year != 2020
    assert Bericht.objects.count() == voor  # nobody mailed


def test_een_nieuwe_editie_met_een_dag_in_het_verleden_wordt_geweigerd(login, regisseur):
    gisteren = timezone.localdate() - timedelta(days=1)
    data = _formulier(dagen=[{"datum": gisteren, "begintijd": time(9), "eindtijd": time(12)}])
    antwoord = login(regisseur).post(_url("editie_add"), data)
    assert antwoord.status_code == 200
    assert "ligt in het verleden" in antwoord.content.decode()
    assert not Editie.objects.exists()


def test_vandaag_al_begonnen_telt_ook_als_verleden(login, regisseur):
    nu = timezone.localtime()
    if nu.hour == 0:
        pytest.skip("no earlier time today to pick")  # pragma: no cover - after midnight only
    data = _formulier(
        dagen=[{"datum": nu.date(), "begintijd": time(0, 0), "eindtijd": time(23, 59)}]
    )
    assert (
        "ligt in het verleden" in login(regisseur).post(_url("editie_add"), data).content.decode()
    )


def test_een_begonnen_dag_die_blijft_staan_houdt_het_opslaan_niet_tegen(login, regisseur):
    """Only new and moved days must still come: a past day that is left alone is fine."""
    ed = editie(dagen=2)
    _begonnen(ed)
    ed.refresh_from_db()
    data = _formulier(ed, trainer="Nieuwe trainer")
    assert login(regisseur).post(_url("editie_change", ed.pk), data).status_code == 302
    ed.refresh_from_db()
    assert ed.trainer == "Nieuwe trainer"


def test_twee_dagen_die_overlappen_worden_geweigerd(login, regisseur):
    dag = timezone.localdate() + timedelta(days=30)
    data = _formulier(
        dagen=[
            {"datum": dag, "begintijd": time(14), "eindtijd": time(17)},
            {"datum": dag, "begintijd": time(14), "eindtijd": time(17)},
        ]
    )
    antwoord = login(regisseur).post(_url("editie_add"), data)
    assert "overlappen elkaar" in antwoord.content.decode()
    assert not Editie.objects.exists()
    # A morning and an afternoon on the same day are two parts, not an overlap.
    data = _formulier(
        dagen=[
            {"datum": dag, "begintijd": time(9), "eindtijd": time(12)},
            {"datum": dag, "begintijd": time(13), "eindtijd": time(17)},
        ]
    )
    assert login(regisseur).post(_url("editie_add"), data).status_code == 302
    assert Editie.objects.get().dagen.count() == 2


def test_dagen_controleren_is_een_gewone_functie():
    nu = timezone.now()
    morgen = timezone.localdate() + timedelta(days=1)
    assert services.dagen_controleren([(morgen, time(9), time(12))], [], nu) == []
    (fout,) = services.dagen_controleren([(morgen.replace(year=2020), time(9), time(12))], [], nu)
    assert "ligt in het verleden" in fout
    alle = [(morgen, time(9), time(12)), (morgen, time(11), time(13))]
    assert services.dagen_controleren([], alle, nu) == [
        f"Twee dagen op {morgen.day} {_maand(morgen)} {morgen.year} overlappen elkaar."
    ]


def _maand(datum):
    from django.utils.formats import date_format

    return date_format(datum, "F")


# --- cancelling ---------------------------------------------------------------------------------


def test_een_begonnen_training_kan_niet_worden_geannuleerd(login, regisseur):
    ed = editie(dagen=2)
    services.persoon_inschrijven(ed, af_bij())
    _begonnen(ed)
    with pytest.raises(Weigering, match="al begonnen of voorbij"):
        services.editie_annuleren(ed)
    client = login(regisseur)
    pagina = client.get(_url("editie_change", ed.pk)).content.decode()
    assert _url("editie_annuleren", ed.pk) not in pagina  # no button
    for methode in (client.get, client.post):
        antwoord = methode(_url("editie_annuleren", ed.pk))
        assert antwoord.status_code == 302
        assert any("kan niet meer worden geannuleerd" in m for m in _meldingen(antwoord))
    ed.refresh_from_db()
    assert ed.status == EditieStatus.GEPLAND
    assert not Bericht.objects.filter(soort__contains="annul").exists()


def test_een_komende_training_heeft_de_knop_wel(login, regisseur):
    ed = editie(dagen=1)
    pagina = login(regisseur).get(_url("editie_change", ed.pk)).content.decode()
    assert _url("editie_annuleren", ed.pk) in pagina and _url("editie_groep", ed.pk) in pagina


# --- kinds --------------------------------------------------------------------------------------


def test_verlengen_gaat_een_stap_ver_nooit_in_een_kring(login, regisseur):
    basis, terugkomdag = soort("basistraining"), soort("terugkomdag")  # terugkomdag verlengt basis
    assert terugkomdag.verlengt == basis
    client = login(regisseur)
    # The basic training renewing the terugkomdag: a loop.
    antwoord = client.post(
        _url("trainingssoort_change", basis.pk),
        {"naam": basis.naam, "verlengt": terugkomdag.pk, "rol": "basistraining", "actief": "on"},
    )
    assert antwoord.status_code == 200
    assert "verlengt" in antwoord.context["adminform"].form.errors
    # A third kind renewing the terugkomdag: a chain.
    derde = Trainingssoort.objects.create(naam="Opfrisser van de opfrisser")
    antwoord = client.post(
        _url("trainingssoort_change", derde.pk),
        {"naam": derde.naam, "verlengt": terugkomdag.pk, "actief": "on"},
    )
    assert "verlengt zelf al een andere training" in antwoord.content.decode()
    basis.refresh_from_db()
    derde.refresh_from_db()
    assert basis.verlengt is None and derde.verlengt is None
    # Renewing the basic training directly is fine.
    antwoord = client.post(
        _url("trainingssoort_change", derde.pk),
        {"naam": derde.naam, "verlengt": basis.pk, "actief": "on"},
    )
    assert antwoord.status_code == 302


@pytest.mark.parametrize("waarde", ["0", "-5"])
def test_getallen_die_geen_zin_hebben(login, regisseur, waarde):
    client = login(regisseur)
    data = _formulier(
        dagen=[
            {
                "datum": timezone.localdate() + timedelta(days=20),
                "begintijd": time(9),
                "eindtijd": time(12),
            }
        ],
        capaciteit=waarde,
        max_per_organisatie=waarde,
    )
    html = client.post(_url("editie_add"), data).content.decode()
    assert "Er moet minstens één plaats zijn." in html
    assert "Hoogstens per organisatie is minstens 1." in html
    assert "groter dan of gelijk aan 0" not in html
    assert not Editie.objects.exists()
    antwoord = client.post(
        _url("trainingssoort_add"), {"naam": "Korte training", "geldig_maanden": waarde}
    )
    assert "Minstens 1 maand" in antwoord.content.decode()
    assert not Trainingssoort.objects.filter(naam="Korte training").exists()


def test_cijfers_die_geen_cijfers_zijn_geven_geen_500(login, regisseur):
    """'²' passes str.isdigit() but not int(): it used to be a server error."""
    ed = editie(dagen=1)
    client = login(regisseur)
    assert client.get(_url("editie_groep", ed.pk), {"aantal": "²"}).status_code == 200
    antwoord = client.post(_url("editie_aanwezigheid", ed.pk), {"dagen": ["²"]})
    assert antwoord.status_code in (200, 302)
    antwoord = client.post(_url("editie_groep", ed.pk), {"persoon": ["²"], "actie": "indelen"})
    assert antwoord.status_code in (200, 302)


# --- a kind meant for some domains --------------------------------------------------------------


def test_wie_nog_getraind_moet_worden_alleen_in_de_domeinen_van_de_soort(login, regisseur):
    bewust = Trainingssoort.objects.create(
        naam="Bewustwording", geldig_maanden=36, domeinen=[Domein.ONDERWIJS]
    )
    school = OrganisatieFactory(domein=Domein.ONDERWIJS)
    ggz = OrganisatieFactory(domein=Domein.ZORG)
    leraar = af_bij(school, achternaam="Lesgeverszoon")
    verpleger = af_bij(ggz, achternaam="Zorgdragerszoon")
    rijen = geldigheid.overzicht(bewust)
    assert [r.persoon for r in rijen] == [leraar]
    assert rijen[0].geldigheid.stand == Stand.GEEN
    url = _url("editie_nog_te_trainen")
    html = login(regisseur).get(url, {"soort": bewust.pk}).content.decode()
    assert escape(leraar.achternaam) in html
    assert escape(verpleger.achternaam) not in html


def test_een_datum_in_woorden_zegt_hoe_het_wel_moet(login, regisseur):
    data = _formulier(
        dagen=[{"datum": None, "begintijd": time(9), "eindtijd": time(12)}],
    )
    data["dagen-0-datum"] = "17 mei 2027"
    html = login(regisseur).post(_url("editie_add"), data).content.decode()
    assert "Vul een datum in als dd-mm-jjjj, bijvoorbeeld 17-05-2027." in html
    assert 'placeholder="dd-mm-jjjj"' in html
    assert 'value="17 mei 2027"' in html  # what was typed stays
    assert not Editie.objects.exists()
