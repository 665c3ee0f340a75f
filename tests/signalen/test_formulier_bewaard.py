"""The signal form's fields are kept once rendered (issue 16): what each reporter sees is still
their own organisations and the gemeente's current wijken, and the choices read from the
database are the same as the ORM's."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kern.templatetags.formulieren import veld_html
from netwerk.models import Organisatie, Wijk
from regio.models import Gemeente
from regio.scope import gemeente_actief
from signalen import services
from signalen.forms import SignaalForm, wijk_keuzes
from tests.factories import (
    AandachtsfunctionarisFactory,
    OrganisatieFactory,
    PersoonFactory,
    UserFactory,
    WijkFactory,
)

pytestmark = pytest.mark.django_db
NIEUW = reverse("signalen:nieuw")


def _melder(*organisaties, email):
    user = UserFactory(professional=True, email=email)
    persoon = PersoonFactory(account=user, email=email)
    for organisatie in organisaties:
        AandachtsfunctionarisFactory(persoon=persoon, organisatie=organisatie)
    return user


def _opties(html: str, naam: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{naam}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def _zonder_vooraf_gelezen_keuzes(form, naam):
    """The field as Django's ModelChoiceField offers it: choices from its queryset."""
    veld = form.fields[naam]
    del veld._choices
    veld.widget.choices = veld.choices
    return form


def test_wijk_keuzes_zijn_de_wijken_van_de_gemeente_op_naam():
    WijkFactory(naam="Zuid")
    WijkFactory(naam="Centrum")
    andere = Gemeente.objects.create(naam="Pijnacker-Nootdorp")
    with gemeente_actief(andere.pk):
        WijkFactory(naam="Keijzershof")
    verwacht = list(Wijk.objects.order_by("naam").values_list("pk", "naam"))
    assert wijk_keuzes() == verwacht
    assert [naam for _pk, naam in wijk_keuzes()] == ["Centrum", "Zuid"]


@pytest.mark.parametrize("aantal_organisaties", [1, 2])
def test_velden_zijn_dezelfde_als_met_de_keuzes_van_django(aantal_organisaties):
    for naam in ("Zuid", "Centrum", "Buitenhof & <Oud>"):
        WijkFactory(naam=naam)
    organisaties = [OrganisatieFactory(naam=f"School {i}") for i in range(aantal_organisaties)]
    user = _melder(*organisaties, email="twee@school.nl")
    gelezen = services.organisaties_van_melder(user)
    for naam in ("wijk", "melder_organisatie"):
        snel = SignaalForm(organisaties=gelezen)
        django = _zonder_vooraf_gelezen_keuzes(SignaalForm(organisaties=gelezen), naam)
        assert veld_html(snel[naam]) == veld_html(django[naam])
        gepost = {"wijk": str(Wijk.objects.get(naam="Zuid").pk), "melder_organisatie": "0"}
        snel = SignaalForm(gepost, organisaties=gelezen)
        django = _zonder_vooraf_gelezen_keuzes(SignaalForm(gepost, organisaties=gelezen), naam)
        assert veld_html(snel[naam]) == veld_html(django[naam])


def test_de_wijklijst_komt_zonder_server_side_cursor(login):
    WijkFactory(naam="Centrum")
    user = _melder(OrganisatieFactory(), email="m@school.nl")
    client = login(user)
    with CaptureQueriesContext(connection) as vastgelegd:
        assert client.get(NIEUW).status_code == 200
    sqls = " ".join(q["sql"] for q in vastgelegd.captured_queries)
    assert "DECLARE" not in sqls and "Centrum" in client.get(NIEUW).content.decode()


def test_elke_melder_ziet_de_eigen_organisaties_ook_uit_de_bewaarde_velden(client):
    school, club = OrganisatieFactory(naam="Het College"), OrganisatieFactory(naam="Sportclub")
    buurthuis = OrganisatieFactory(naam="Buurthuis")
    een = _melder(school, email="een@school.nl")
    twee = _melder(club, buurthuis, email="twee@club.nl")
    for _ in range(2):  # the second time from the kept copies
        client.force_login(een)
        html = client.get(NIEUW).content.decode()
        assert f'type="hidden" name="melder_organisatie" value="{school.pk}"' in html
        assert "Sportclub" not in html and "Buurthuis" not in html
        client.force_login(twee)
        html = client.get(NIEUW).content.decode()
        assert _opties(html, "melder_organisatie") == [
            (str(buurthuis.pk), "Buurthuis"),
            (str(club.pk), "Sportclub"),
        ]
        assert "Het College" not in html


def test_een_nieuwe_of_hernoemde_wijk_staat_er_meteen_in(login):
    user = _melder(OrganisatieFactory(), email="m@school.nl")
    client = login(user)
    centrum = WijkFactory(naam="Centrum")
    assert [naam for _v, naam in _opties(client.get(NIEUW).content.decode(), "wijk")][1:] == [
        "Centrum"
    ]
    WijkFactory(naam="Noord")
    centrum.naam = "Binnenstad"
    centrum.save()
    html = client.get(NIEUW).content.decode()
    assert [naam for _v, naam in _opties(html, "wijk")][1:] == ["Binnenstad", "Noord"]


def test_een_andere_gemeente_met_dezelfde_gegevens_krijgt_haar_eigen_velden(client):
    WijkFactory(naam="Centrum")
    een = _melder(OrganisatieFactory(naam="Het College"), email="een@school.nl")
    andere = Gemeente.objects.create(naam="Pijnacker-Nootdorp")
    with gemeente_actief(andere.pk):
        WijkFactory(naam="Centrum")
        twee = _melder(OrganisatieFactory(naam="Het College"), email="twee@school.nl")
        wijk_twee = Wijk.objects.get().pk
        organisatie_twee = Organisatie.objects.get().pk
    client.force_login(een)
    client.get(NIEUW)
    client.force_login(twee)
    html = client.get(NIEUW).content.decode()
    assert _opties(html, "wijk")[1:] == [(str(wijk_twee), "Centrum")]
    assert f'name="melder_organisatie" value="{organisatie_twee}"' in html


def test_fouten_en_het_teruggehaalde_concept_komen_nooit_uit_de_bewaarde_velden(login):
    user = _melder(OrganisatieFactory(), email="m@school.nl")
    client = login(user)
    leeg = client.get(NIEUW).content.decode()
    assert "is-invalid" not in leeg
    html = client.post(NIEUW, {"waarneming": "kort", "persoon_naam": "Sam"}).content.decode()
    assert 'aria-invalid="true"' in html and 'value="Sam"' in html
    assert "is-invalid" not in client.get(NIEUW).content.decode()
