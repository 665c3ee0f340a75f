import pytest
from django.urls import reverse

from netwerk import models as nw
from tests.factories import (
    AandachtsfunctionarisFactory,
    NetwerkFactory,
    OrganisatieFactory,
    SleutelpersoonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("netwerk:smoelenboek")


def test_anoniem_moet_inloggen(client):
    antwoord = client.get(URL)
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("account_login"))


def test_partner_wordt_geweigerd(login, partner):
    assert login(partner).get(URL).status_code == 403


def test_beheerder_wordt_geweigerd(login, beheerder):
    """Issue 14.3: the beheerder does configuration, no routine work: not the directory."""
    AandachtsfunctionarisFactory(in_netwerk=NetwerkFactory(), persoon__achternaam="Verhoeven")
    antwoord = login(beheerder).get(URL)
    assert antwoord.status_code == 403
    assert "Verhoeven" not in antwoord.content.decode()


def test_account_zonder_rol_wordt_geweigerd(login):
    assert login(UserFactory()).get(URL).status_code == 403


def test_professional_vindt_een_collega_en_nooit_een_sleutelpersoon(login, professional):
    formeel = NetwerkFactory()
    collega = AandachtsfunctionarisFactory(
        in_netwerk=formeel,
        persoon__voornaam="Ilse",
        persoon__achternaam="Verhoeven",
        functie="Zorgcoördinator",
        organisatie__naam="Grotius College",
    )
    geheim = SleutelpersoonFactory(
        persoon__voornaam="Geheime", persoon__achternaam="Sleutelpersoon"
    )
    informeel = NetwerkFactory(informeel=True)
    nw.Lidmaatschap.objects.create(netwerk=informeel, persoon=geheim.persoon)

    html = login(professional).get(URL, {"zoek": "verhoeven"}).content.decode()
    assert "Ilse Verhoeven" in html
    assert "Grotius College" in html
    assert collega.persoon.email in html
    assert "Sleutelpersoon" not in html.replace("sleutelpersonen", "")
    assert "Geheime" not in login(professional).get(URL).content.decode()


def test_ongeldige_filters_geven_geen_fout(login, professional):
    antwoord = login(professional).get(URL, {"organisatie": "abc", "wijk": "999999", "pagina": "x"})
    assert antwoord.status_code == 200


def test_regisseur_mag_het_smoelenboek_zien(login, regisseur):
    assert login(regisseur).get(URL).status_code == 200


@pytest.mark.parametrize("aantal", [3, 40])
def test_smoelenboek_heeft_een_begrensd_aantal_queries(
    login, professional, aantal, django_assert_max_num_queries
):
    formeel = NetwerkFactory()
    organisaties = OrganisatieFactory.create_batch(3)
    for i in range(aantal):
        AandachtsfunctionarisFactory(
            in_netwerk=formeel, organisatie=organisaties[i % 3], met_locatie=True
        )
    client = login(professional)
    with django_assert_max_num_queries(18):
        antwoord = client.get(URL, {"zoek": ""})
    assert antwoord.status_code == 200
    assert antwoord.context["pagina"].paginator.count == aantal


def test_zoeken_met_tussenvoegsel_en_zonder_accenten(login, professional):
    formeel = NetwerkFactory()
    AandachtsfunctionarisFactory(
        in_netwerk=formeel,
        persoon__voornaam="Roos",
        persoon__tussenvoegsel="van den",
        persoon__achternaam="Dool",
    )
    AandachtsfunctionarisFactory(
        in_netwerk=formeel, persoon__voornaam="Çağla", persoon__achternaam="Ertürk"
    )
    client = login(professional)
    for zoek, naam in [
        ("van den Dool", "Roos van den Dool"),
        ("Roos van den Dool", "Roos van den Dool"),
        ("erturk", "Çağla Ertürk"),
        ("Cagla", "Çağla Ertürk"),
        ("ERTÜRK", "Çağla Ertürk"),
    ]:
        html = client.get(URL, {"zoek": zoek}).content.decode()
        assert "1 aandachtsfunctionaris gevonden" in html and naam in html, zoek


def test_organisatiekeuze_noemt_alleen_organisaties_met_iemand_in_het_smoelenboek(
    login, professional
):
    formeel = NetwerkFactory()
    AandachtsfunctionarisFactory(in_netwerk=formeel, organisatie__naam="Zichtbare School")
    geheim = AandachtsfunctionarisFactory(in_netwerk=formeel, organisatie__naam="Geheime Org")
    SleutelpersoonFactory(persoon=geheim.persoon, op_de_achtergrond=True)
    AandachtsfunctionarisFactory(organisatie__naam="Buiten Het Netwerk")
    html = login(professional).get(URL).content.decode()
    assert "Zichtbare School" in html
    assert "Geheime Org" not in html and "Buiten Het Netwerk" not in html
