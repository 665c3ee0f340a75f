"""The regisseurs' own network (issue 18): the regiocoördinator runs the programme council in
the region's own layer with the meetings machinery as it is, and sees no gemeente's data."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from berichten.models import Bericht
from bijeenkomsten import programmaraad
from bijeenkomsten import services as bijeenkomsten
from bijeenkomsten.models import Uitnodiging
from netwerk.models import Lidmaatschap, Persoon
from regio.models import EERSTE_GEMEENTE, Gemeente
from regio.scope import alle_gemeenten, gemeente_actief, per_gemeente
from tests.factories import BijeenkomstFactory, PersoonFactory, SignaalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def regio(db):
    Gemeente.objects.filter(pk=EERSTE_GEMEENTE).update(naam="Delft")
    delft_regisseur = UserFactory(
        regisseur=True, met_mfa=True, email="claire@delft.example", first_name="Claire"
    )
    PersoonFactory(voornaam="Daan", achternaam="Vermeer", email="daan@delft.example")
    signaal = SignaalFactory(persoon_naam="Daan Vermeer")
    rijswijk = Gemeente.objects.create(naam="Rijswijk")
    with gemeente_actief(rijswijk.pk):
        rijswijk_regisseur = UserFactory(
            regisseur=True, met_mfa=True, email="roos@rijswijk.example", first_name="Roos"
        )
    coordinator = UserFactory(regiocoordinator=True, met_mfa=True, email="rik@regio.example")
    laag = programmaraad.coordinator_in_regio_laag(coordinator, naam="Regio Haaglanden")
    return {
        "laag": laag,
        "coordinator": coordinator,
        "delft": delft_regisseur,
        "rijswijk": rijswijk,
        "rijswijk_regisseur": rijswijk_regisseur,
        "signaal": signaal,
    }


def test_de_regio_laag_is_geen_gemeente_en_de_coordinator_hoort_erbij(regio):
    coordinator = regio["coordinator"]
    coordinator.refresh_from_db()
    assert coordinator.gemeente_id == regio["laag"].pk and coordinator.is_staff
    assert regio["laag"].is_regio
    with alle_gemeenten():
        namen = set(Gemeente.objects.gemeenten().values_list("naam", flat=True))
    assert namen == {"Delft", "Rijswijk"}
    # Setting it up again changes nothing: one region layer.
    assert programmaraad.regio_laag_inrichten("Andere naam") == regio["laag"]


def test_de_regisseurs_worden_leden_en_wie_vertrekt_niet_langer(regio):
    uitkomst = programmaraad.regisseurs_bijwerken()
    assert (uitkomst.toegevoegd, uitkomst.beeindigd) == (2, 0)
    with gemeente_actief(regio["laag"].pk):
        leden = set(
            Lidmaatschap.objects.filter(actief=True).values_list("persoon__email", flat=True)
        )
        # Only the regisseurs: not Delft's registry, not the coördinator.
        assert leden == {"claire@delft.example", "roos@rijswijk.example"}
        assert set(Persoon.objects.values_list("email", flat=True)) == leden
    assert programmaraad.regisseurs_bijwerken().toegevoegd == 0  # nothing new
    regio["rijswijk_regisseur"].is_active = False
    with alle_gemeenten():
        regio["rijswijk_regisseur"].save(update_fields=["is_active"])
    assert programmaraad.regisseurs_bijwerken().beeindigd == 1
    with gemeente_actief(regio["laag"].pk):
        assert set(
            Lidmaatschap.objects.filter(actief=True).values_list("persoon__email", flat=True)
        ) == {"claire@delft.example"}
    # Delft's own registry got nothing of it.
    with gemeente_actief(EERSTE_GEMEENTE):
        assert not Persoon.objects.filter(email="roos@rijswijk.example").exists()
        assert not Lidmaatschap.objects.filter(netwerk__naam="Programmaraad").exists()


def test_een_bijeenkomst_met_uitnodiging_antwoordlink_en_herinnering(regio, client, settings):
    """The meetings machinery as it is: invitations to the regisseurs' addresses, an RSVP
    link that works without logging in, reminders from the periodic job per tenant."""
    settings.BIJEENKOMSTEN_HERINNEREN_DAGEN = 2
    programmaraad.regisseurs_bijwerken()
    with gemeente_actief(regio["laag"].pk):
        bijeenkomst = BijeenkomstFactory(
            netwerk=programmaraad.programmaraad(),
            titel="Programmaraad",
            begin=timezone.now() + timedelta(days=1),
        )
        assert bijeenkomsten.uitnodigingen_versturen(bijeenkomst) == 2
        uitnodiging = Uitnodiging.objects.get(persoon__email="roos@rijswijk.example")
        link = bijeenkomsten.rsvp_link(uitnodiging)
        aan = set(
            Bericht.objects.filter(soort="bijeenkomsten.uitnodiging").values_list("aan", flat=True)
        )
    assert aan == {"claire@delft.example", "roos@rijswijk.example"}

    antwoord = client.post(link.replace(settings.SITE_URL, ""), {"antwoord": "ja"})
    assert antwoord.status_code == 302
    with gemeente_actief(regio["laag"].pk):
        uitnodiging.refresh_from_db()
        assert uitnodiging.antwoord == "ja"

    # The periodic job runs once per tenant, the region's layer included.
    herinnerd = per_gemeente(bijeenkomsten.herinneringen_versturen)
    assert herinnerd[regio["laag"].pk] == 2
    with gemeente_actief(regio["laag"].pk):
        assert Bericht.objects.filter(soort="bijeenkomsten.herinnering").count() == 2


def test_de_coordinator_ziet_niets_van_een_gemeente_en_een_gemeente_niets_van_de_raad(regio, login):
    programmaraad.regisseurs_bijwerken()
    with gemeente_actief(EERSTE_GEMEENTE):
        daan = Persoon.objects.get(email="daan@delft.example")
    with gemeente_actief(regio["laag"].pk):
        roos = Persoon.objects.get(email="roos@rijswijk.example")
        netwerk = programmaraad.programmaraad()

    coordinator = login(regio["coordinator"])
    assert coordinator.get(f"/beheer/netwerk/persoon/{daan.pk}/change/").status_code == 404
    lijst = coordinator.get("/beheer/netwerk/persoon/").content.decode()
    assert "Vermeer" not in lijst and "Roos" in lijst
    signalen = coordinator.get("/beheer/signalen/signaal/").content.decode()
    assert regio["signaal"].referentie not in signalen and "0 signalen" in signalen
    assert coordinator.get(f"/beheer/netwerk/netwerk/{netwerk.pk}/change/").status_code == 200

    delft = login(regio["delft"])
    assert delft.get(f"/beheer/netwerk/persoon/{roos.pk}/change/").status_code == 404
    assert delft.get(f"/beheer/netwerk/netwerk/{netwerk.pk}/change/").status_code == 404
    assert "Programmaraad" not in delft.get("/beheer/netwerk/netwerk/").content.decode()


def test_de_pagina_van_de_programmaraad(regio, login):
    coordinator = login(regio["coordinator"])
    pagina = coordinator.get(reverse("regio_programmaraad"))
    assert pagina.status_code == 200
    assert "Regio Haaglanden" in pagina.content.decode()
    antwoord = coordinator.post(reverse("regio_programmaraad"), follow=True)
    assert "2 regisseur(s) toegevoegd" in antwoord.content.decode()
    assert '<dd class="col-sm-9">2</dd>' in antwoord.content.decode()

    # A regisseur of a gemeente, and a coördinator who does not run it, may not.
    assert login(regio["delft"]).get(reverse("regio_programmaraad")).status_code == 403
    ander = UserFactory(regiocoordinator=True, met_mfa=True)
    client = login(ander)
    assert client.get(reverse("regio_programmaraad")).status_code == 200
    assert client.post(reverse("regio_programmaraad")).status_code == 403


def test_de_regiocijfers_tellen_de_regio_laag_niet_mee(regio, login):
    html = login(regio["coordinator"]).get("/regio/").content.decode()
    assert "Regio (2 gemeenten)" in html
    assert '<th scope="row">Regio Haaglanden</th>' not in html


def test_het_commando_maakt_de_coordinator_van_de_programmaraad(db, capsys):
    call_command("regiocoordinator_aanmaken", "lotte@regio.example")
    with pytest.raises(CommandError, match="geen account"):
        call_command("programmaraad_inrichten", "niemand@regio.example", "--regio", "Regio")
    call_command("programmaraad_inrichten", "lotte@regio.example", "--regio", "Regio Oost-Brabant")
    uit = capsys.readouterr().out
    assert "leidt de programmaraad van Regio Oost-Brabant" in uit
    with alle_gemeenten():
        laag = Gemeente.objects.get(is_regio=True)
        from django.contrib.auth import get_user_model

        lotte = get_user_model().alle_accounts.get(email="lotte@regio.example")
    assert lotte.gemeente_id == laag.pk
    assert set(lotte.groups.values_list("name", flat=True)) == {
        "Regiocoördinator",
        "Netwerkregisseur",
    }
    with gemeente_actief(laag.pk):
        assert programmaraad.programmaraad().naam == "Programmaraad"
    assert connection.vendor == "postgresql"


def test_de_regio_laag_krijgt_geen_terugkomdagen_of_fasen_van_een_gemeente(regio):
    from signalen.models import Fasebeschrijving
    from trainingen.models import Editie, Trainingssoort
    from trainingen.services import terugkomdagen_plannen

    with gemeente_actief(regio["laag"].pk):
        assert not Trainingssoort.objects.exists()
        assert terugkomdagen_plannen() == []
        assert not Editie.objects.exists()
        assert not Fasebeschrijving.objects.exists()
