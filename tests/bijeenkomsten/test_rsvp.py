"""The personal link: GET changes nothing, POST answers; unknown, tampered and expired links."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bijeenkomsten import services
from bijeenkomsten.models import Bijeenkomst, Uitnodiging
from tests.factories import BijeenkomstFactory, NetwerkFactory, lid_van

pytestmark = pytest.mark.django_db


@pytest.fixture
def uitnodiging(db):
    netwerk = NetwerkFactory()
    lid_van(netwerk, voornaam="Amina", achternaam="Jama")
    lid_van(netwerk, voornaam="Tesfay", achternaam="Gebre")
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk, titel="Netwerk sleutelpersonen")
    services.uitnodigingen_aanmaken(bijeenkomst)
    return bijeenkomst.uitnodigingen.get(persoon__voornaam="Amina")


def _url(u):
    return reverse("bijeenkomsten:rsvp", args=[u.token])


def test_openen_verandert_niets(client, uitnodiging):
    with CaptureQueriesContext(connection) as queries:
        antwoord = client.get(_url(uitnodiging))
    assert antwoord.status_code == 200
    schrijvend = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert schrijvend == []  # no UPDATE, INSERT or session write: a mail scanner may open it
    uitnodiging.refresh_from_db()
    assert uitnodiging.antwoord == "" and uitnodiging.beantwoord_op is None
    html = antwoord.content.decode()
    assert "Netwerk sleutelpersonen" in html and "Stadskantoor" in html and "Opening" in html
    assert "Tesfay" not in html and "Gebre" not in html  # nothing about other invitees
    assert "no-store" in antwoord["Cache-Control"]
    assert antwoord["X-Robots-Tag"] == "noindex, nofollow"


def test_antwoord_per_post_en_wijzigen(client, uitnodiging):
    antwoord = client.post(_url(uitnodiging), {"antwoord": "ja", "opmerking": "Ik kom iets later"})
    assert antwoord.status_code == 302
    pagina = client.get(antwoord["Location"]).content.decode()
    assert "Uw antwoord is opgeslagen: Ja, ik kom." in pagina
    uitnodiging.refresh_from_db()
    assert (uitnodiging.antwoord, uitnodiging.opmerking) == ("ja", "Ik kom iets later")
    client.post(_url(uitnodiging), {"antwoord": "nee"})
    uitnodiging.refresh_from_db()
    assert uitnodiging.antwoord == "nee"


def test_fout_antwoord_geeft_nederlandse_melding(client, uitnodiging):
    antwoord = client.post(_url(uitnodiging), {"antwoord": "wellicht"})
    assert antwoord.status_code == 400
    assert "Selecteer een geldige keuze" in antwoord.content.decode()
    uitnodiging.refresh_from_db()
    assert uitnodiging.antwoord == ""


@pytest.mark.parametrize("token", ["onbekend", "x" * 43, "a" * 200])
def test_onbekende_link_geeft_404(client, uitnodiging, token):
    antwoord = client.get(reverse("bijeenkomsten:rsvp", args=[token]))
    assert antwoord.status_code == 404
    assert "niet gevonden" in antwoord.content.decode().lower()


def test_gemanipuleerde_link_opent_geen_andere_uitnodiging(client, uitnodiging):
    geknoeid = uitnodiging.token[:-1] + ("A" if uitnodiging.token[-1] != "A" else "B")
    assert client.get(reverse("bijeenkomsten:rsvp", args=[geknoeid])).status_code == 404
    assert (
        client.post(reverse("bijeenkomsten:rsvp", args=[geknoeid]), {"antwoord": "ja"}).status_code
        == 404
    )
    assert not Uitnodiging.objects.exclude(antwoord="").exists()


def test_na_afloop_een_vriendelijke_pagina_en_geen_wijziging(client, uitnodiging):
    voorbij = timezone.now() - timedelta(hours=1)
    Bijeenkomst.objects.filter(pk=uitnodiging.bijeenkomst_id).update(
        begin=voorbij - timedelta(hours=2), einde=voorbij
    )
    pagina = client.get(_url(uitnodiging))
    assert pagina.status_code == 200
    assert "al begonnen of voorbij" in pagina.content.decode()
    client.post(_url(uitnodiging), {"antwoord": "ja"})
    uitnodiging.refresh_from_db()
    assert uitnodiging.antwoord == ""


def test_geannuleerd_meldt_dat_en_neemt_geen_antwoord_aan(client, uitnodiging):
    services.bijeenkomst_annuleren(uitnodiging.bijeenkomst)
    assert "gaat niet door" in client.get(_url(uitnodiging)).content.decode()
    client.post(_url(uitnodiging), {"antwoord": "ja"})
    uitnodiging.refresh_from_db()
    assert uitnodiging.antwoord == ""


def test_links_zijn_niet_te_raden(uitnodiging):
    tokens = set(Uitnodiging.objects.values_list("token", flat=True))
    assert len(tokens) == 2
    assert all(len(t) >= 43 for t in tokens)  # 256 random bits
