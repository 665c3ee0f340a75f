"""The regisseur's list of who was invited several meetings in a row and never answered or
came: the latest meetings that took place count, an answer or presence ends the streak."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bijeenkomsten import selectors
from bijeenkomsten.models import BijeenkomstStatus, Uitnodiging
from tests.factories import BijeenkomstFactory, NetwerkFactory, PersoonFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "admin:bijeenkomsten_bijeenkomst_nooit_gekomen"


def _bijeenkomsten(netwerk, aantal, *, vanaf_weken=6 * 8):
    nu = timezone.now()
    return [
        BijeenkomstFactory(
            netwerk=netwerk,
            begin=nu - timedelta(weeks=vanaf_weken - 6 * i),
            einde=nu - timedelta(weeks=vanaf_weken - 6 * i) + timedelta(hours=2),
        )
        for i in range(aantal)
    ]  # oldest first


def _uitgenodigd(persoon, bijeenkomst, **velden):
    return Uitnodiging.objects.create(
        persoon=persoon, bijeenkomst=bijeenkomst, verstuurd_op=timezone.now(), **velden
    )


def test_wie_nooit_reageert_staat_erop_en_een_reactie_breekt_de_reeks():
    netwerk = NetwerkFactory()
    reeks = _bijeenkomsten(netwerk, 5)
    zwijger = PersoonFactory(voornaam="Zwijgende", achternaam="Zomers")
    eens_geweest = PersoonFactory(voornaam="Ooit", achternaam="Geweest")
    trouw = PersoonFactory(voornaam="Altijd", achternaam="Trouw")
    for i, b in enumerate(reeks):
        _uitgenodigd(zwijger, b)
        _uitgenodigd(eens_geweest, b, aanwezig=True if i == 1 else None)  # 3 since
        _uitgenodigd(trouw, b, antwoord="nee" if i == 4 else "")  # the latest answered
    # A cancelled meeting and one still to come do not count.
    geannuleerd = BijeenkomstFactory(netwerk=netwerk, status=BijeenkomstStatus.GEANNULEERD)
    _uitgenodigd(trouw, geannuleerd)
    komend = BijeenkomstFactory(netwerk=netwerk)
    _uitgenodigd(eens_geweest, komend, antwoord="")
    lijst = list(selectors.nooit_gekomen())
    assert [(p.volledige_naam, p.op_rij) for p in lijst] == [
        ("Zwijgende Zomers", 5),
        ("Ooit Geweest", 3),
    ]
    assert lijst[0].laatste_reactie is None
    assert lijst[1].laatste_reactie == reeks[1].begin


def test_de_pagina_voor_de_regisseur_met_begrensd_aantal_queries(
    login, regisseur, django_assert_max_num_queries
):
    netwerk = NetwerkFactory()
    reeks = _bijeenkomsten(netwerk, 3)
    for n in range(30):
        persoon = PersoonFactory(achternaam=f"Persoon {n:02d}")
        for b in reeks:
            _uitgenodigd(persoon, b)
    client = login(regisseur)
    with django_assert_max_num_queries(15):
        antwoord = client.get(reverse(URL))
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert html.count("<td>3</td>") == 30 and "nooit" in html
    lijst = client.get(reverse("admin:bijeenkomsten_bijeenkomst_changelist")).content.decode()
    assert reverse(URL) in lijst


@pytest.mark.parametrize("rol", ["beheerder", "professional", "partner"])
def test_andere_rollen_worden_geweigerd(login, rol):
    client = login(UserFactory(**{rol: True}, met_mfa=True))
    assert client.get(reverse(URL)).status_code == 403
