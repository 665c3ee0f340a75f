"""The RSVP form's HTML is kept per answer and remark (issue 16): each invitee still sees their
own answer as it stands, and a form with errors is never a kept one."""

import re

import pytest
from django.urls import reverse

from bijeenkomsten import services
from bijeenkomsten.models import Uitnodiging
from tests.factories import BijeenkomstFactory, PersoonFactory

pytestmark = pytest.mark.django_db


def _url(uitnodiging):
    return reverse("bijeenkomsten:rsvp", args=[uitnodiging.token])


def _gekozen(html: str) -> list[str]:
    return re.findall(r'<input type="radio" name="antwoord" value="(\w+)"[^>]* checked', html)


@pytest.fixture
def twee():
    bijeenkomst = BijeenkomstFactory(titel="Netwerk sleutelpersonen")
    return [
        Uitnodiging.objects.create(bijeenkomst=bijeenkomst, persoon=PersoonFactory())
        for _ in range(2)
    ]


def test_elke_genodigde_ziet_het_eigen_antwoord(client, twee):
    amina, tesfay = twee
    for uitnodiging in twee:  # both empty: the second from the kept copy
        html = client.get(_url(uitnodiging)).content.decode()
        assert _gekozen(html) == [] and "Netwerk sleutelpersonen" in html
    services.antwoord_op_link(token=amina.token, antwoord="ja", opmerking="Ik neem taart mee")
    html = client.get(_url(amina)).content.decode()
    assert _gekozen(html) == ["ja"] and "Ik neem taart mee" in html
    html = client.get(_url(tesfay)).content.decode()
    assert _gekozen(html) == [] and "taart" not in html
    services.antwoord_op_link(token=amina.token, antwoord="nee", opmerking="")
    html = client.get(_url(amina)).content.decode()
    assert _gekozen(html) == ["nee"] and "taart" not in html


def test_een_formulier_met_fouten_komt_niet_uit_de_bewaarde_kopie(client, twee):
    amina = twee[0]
    client.get(_url(amina))
    antwoord = client.post(_url(amina), {"antwoord": "", "opmerking": "Weet ik nog niet"})
    html = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert "Kies ja, nee of misschien." in html and "Weet ik nog niet" in html
    html = client.get(_url(amina)).content.decode()
    assert "Kies ja, nee of misschien." not in html and "Weet ik nog niet" not in html
