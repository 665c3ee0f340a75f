"""The registry in /beheer/: access, filters, actions, coverage and quiet views."""

from datetime import date

import pytest
from django.urls import reverse

from netwerk import models as nw
from tests.factories import (
    AandachtsfunctionarisFactory,
    ContactmomentFactory,
    LidmaatschapFactory,
    LocatieFactory,
    NetwerkFactory,
    OrganisatieFactory,
    PersoonFactory,
    SleutelpersoonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PAGINAS = [
    "admin:netwerk_persoon_changelist",
    "admin:netwerk_organisatie_changelist",
    "admin:netwerk_organisatie_dekking",
    "admin:netwerk_persoon_stil",
    "admin:netwerk_netwerk_changelist",
    "admin:netwerk_sleutelpersoon_changelist",
    "admin:netwerk_aandachtsfunctionaris_changelist",
    "admin:netwerk_werkgroep_changelist",
    "admin:netwerk_contactmoment_changelist",
    "admin:netwerk_wijk_changelist",
    "admin:netwerk_gemeenschap_changelist",
    "admin:netwerk_locatie_changelist",
    "admin:netwerk_persoon_import",
    "admin:netwerk_persoon_export",
]


@pytest.mark.parametrize("naam", PAGINAS)
def test_regisseur_opent_elke_beheerpagina(login, regisseur, naam):
    antwoord = login(regisseur).get(reverse(naam), follow=True)
    assert antwoord.status_code == 200


@pytest.mark.parametrize("naam", PAGINAS)
@pytest.mark.parametrize("soort", ["professional", "partner"])
def test_verkeerde_rol_wordt_overal_geweigerd(login, naam, soort):
    gebruiker = UserFactory(**{soort: True}, met_mfa=True)
    assert login(gebruiker).get(reverse(naam)).status_code == 403


@pytest.mark.parametrize("aantal", [3, 40])
def test_personenlijst_heeft_een_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    netwerk = NetwerkFactory()
    for _ in range(aantal):
        af = AandachtsfunctionarisFactory(in_netwerk=netwerk, met_locatie=True)
        ContactmomentFactory(persoon=af.persoon)
    for _ in range(aantal // 3):
        SleutelpersoonFactory()
    client = login(regisseur)
    with django_assert_max_num_queries(30):
        antwoord = client.get(reverse("admin:netwerk_persoon_changelist"))
    assert antwoord.status_code == 200


@pytest.mark.parametrize("aantal", [3, 30])
def test_dekking_heeft_een_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    for _ in range(aantal):
        af = AandachtsfunctionarisFactory(met_locatie=True)
        LocatieFactory(organisatie=af.organisatie)
    client = login(regisseur)
    # 12 for the session, the user, MFA, roles and the admin's permissions; 3 for the page.
    with django_assert_max_num_queries(18):
        antwoord = client.get(reverse("admin:netwerk_organisatie_dekking"))
    assert antwoord.status_code == 200
    assert len(antwoord.context["dekking"]) == aantal


def test_dekkingspagina_toont_locaties_zonder_aandachtsfunctionaris(login, regisseur):
    school = OrganisatieFactory(naam="Stanislas College")
    LocatieFactory(organisatie=school, naam="Westplantsoen")
    html = (
        login(regisseur)
        .get(reverse("admin:netwerk_organisatie_dekking"), {"gaten": "1"})
        .content.decode()
    )
    assert "Stanislas College" in html and "Westplantsoen" in html


def test_stil_geworden(login, regisseur):
    stil = AandachtsfunctionarisFactory(
        persoon__voornaam="Stille", persoon__achternaam="Willem"
    ).persoon
    ContactmomentFactory(persoon=stil, datum=date(2021, 3, 1))
    html = (
        login(regisseur)
        .get(reverse("admin:netwerk_persoon_stil"), {"maanden": "12"})
        .content.decode()
    )
    assert "Stille Willem" in html
    assert "1 maart 2021" in html


def test_filters_van_de_personenlijst(login, regisseur):
    ggz = OrganisatieFactory(domein=nw.Domein.GGZ)
    af = AandachtsfunctionarisFactory(organisatie=ggz, persoon__achternaam="Ggzmedewerker")
    sp = SleutelpersoonFactory(persoon__achternaam="Sleutelfiguur")
    client = login(regisseur)
    url = reverse("admin:netwerk_persoon_changelist")
    html = client.get(url, {"rol": "sleutelpersoon"}).content.decode()
    assert "Sleutelfiguur" in html and "Ggzmedewerker" not in html
    html = client.get(url, {"domein": "ggz"}).content.decode()
    assert "Ggzmedewerker" in html and "Sleutelfiguur" not in html
    html = client.get(url, {"q": af.persoon.email}).content.decode()
    assert "Ggzmedewerker" in html
    assert sp


def test_anonimiseren_vraagt_eerst_bevestiging(login, regisseur):
    persoon = PersoonFactory(voornaam="Bewaard")
    client = login(regisseur)
    url = reverse("admin:netwerk_persoon_changelist")
    eerst = client.post(url, {"action": "anonimiseren", "_selected_action": [persoon.pk]})
    assert eerst.status_code == 200
    assert "Dit kan niet ongedaan worden gemaakt" in eerst.content.decode()
    persoon.refresh_from_db()
    assert persoon.voornaam == "Bewaard"
    client.post(
        url, {"action": "anonimiseren", "_selected_action": [persoon.pk], "bevestigd": "ja"}
    )
    persoon.refresh_from_db()
    assert persoon.geanonimiseerd_op is not None


def test_account_geven_vanuit_een_persoon(
    login, regisseur, mailoutbox, django_capture_on_commit_callbacks
):
    persoon = PersoonFactory(email="kees@wijkteam.nl")
    client = login(regisseur)
    url = reverse("admin:netwerk_persoon_changelist")
    formulier = client.post(url, {"action": "account_geven", "_selected_action": [persoon.pk]})
    assert "Account aanmaken" in formulier.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {"action": "account_geven", "_selected_action": [persoon.pk], "rol": "Professional"},
        )
    persoon.refresh_from_db()
    assert persoon.account is not None
    assert mailoutbox[-1].to == ["kees@wijkteam.nl"]


def test_lidmaatschappen_altijd_van_een_soort(login, regisseur):
    LidmaatschapFactory(netwerk=NetwerkFactory(naam="Formeel AF"), persoon__achternaam="Formele")
    LidmaatschapFactory(
        netwerk=NetwerkFactory(naam="Sleutelnetwerk", informeel=True),
        persoon__achternaam="Informele",
    )
    client = login(regisseur)
    antwoord = client.get(reverse("admin:netwerk_lidmaatschap_changelist"))
    assert antwoord.status_code == 302
    html = client.get(antwoord["Location"]).content.decode()
    assert "Formele" in html and "Informele" not in html


def test_export_van_personen_weigert_een_mix(login, regisseur):
    AandachtsfunctionarisFactory()
    SleutelpersoonFactory()
    client = login(regisseur)
    antwoord = client.post(
        reverse("admin:netwerk_persoon_export"), {"format": "0", "resource": "0"}, follow=True
    )
    assert "nooit samen" in antwoord.content.decode()
    gefilterd = client.post(
        reverse("admin:netwerk_persoon_export") + "?rol=af", {"format": "0", "resource": "0"}
    )
    assert gefilterd.status_code == 200
    assert gefilterd["Content-Disposition"].startswith("attachment")
