"""The page Meldingen (/meldingen/): each user chooses which e-mails they get."""

from datetime import time

import pytest

from meldingen.models import Keuze, Meldingsinstellingen

pytestmark = pytest.mark.django_db

URL = "/meldingen/"


def test_de_regisseur_kiest_per_urgentie_en_het_uur(login, regisseur):
    client = login(regisseur)
    pagina = client.get(URL).content.decode()
    assert "Urgentie ‘zo snel mogelijk’" in pagina
    assert 'name="overzicht_om"' in pagina
    assert 'name="voortgang_mailen"' not in pagina  # the regisseur files no signals

    antwoord = client.post(
        URL,
        {
            "bij_hoog": "direct",
            "bij_normaal": "direct",
            "bij_laag": "uit",
            "overzicht_om": "07:00:00",
        },
        follow=True,
    )
    assert "Uw keuzes voor meldingen per e-mail zijn opgeslagen." in antwoord.content.decode()
    instellingen = Meldingsinstellingen.objects.get(gebruiker=regisseur)
    assert instellingen.bij_normaal == Keuze.DIRECT
    assert instellingen.bij_laag == Keuze.UIT
    assert instellingen.overzicht_om == time(7)
    assert instellingen.dagelijks_overzicht is False  # the box was not ticked


def test_de_melder_ziet_alleen_het_nieuws_over_eigen_signalen(login, professional):
    client = login(professional)
    pagina = client.get(URL).content.decode()
    assert 'name="voortgang_mailen"' in pagina
    assert "checked" in pagina  # on until switched off
    assert 'name="bij_hoog"' not in pagina
    # Fields of another role sent along change nothing.
    client.post(URL, {"bij_hoog": "uit"})
    instellingen = Meldingsinstellingen.objects.get(gebruiker=professional)
    assert instellingen.voortgang_mailen is False
    assert instellingen.bij_hoog == Keuze.DIRECT


def test_een_ongeldige_keuze_geeft_een_foutmelding_en_bewaart_niets(login, regisseur):
    client = login(regisseur)
    antwoord = client.post(URL, {"bij_hoog": "altijd", "overzicht_om": "03:00:00"})
    assert antwoord.status_code == 200
    pagina = antwoord.content.decode()
    assert "Selecteer een geldige keuze" in pagina
    assert not Meldingsinstellingen.objects.filter(gebruiker=regisseur).exists()


@pytest.mark.parametrize("rol", ["partner", "beheerder"])
def test_andere_rollen_hebben_hier_niets(request, login, rol):
    client = login(request.getfixturevalue(rol))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"voortgang_mailen": ""}).status_code == 403
    assert not Meldingsinstellingen.objects.exists()


def test_de_pagina_is_te_vinden(login, professional, regisseur, partner):
    assert 'href="/meldingen/"' in login(professional).get("/").content.decode()
    assert 'href="/meldingen/"' in login(regisseur).get("/beheer/").content.decode()
    assert 'href="/meldingen/"' not in login(partner).get("/").content.decode()
