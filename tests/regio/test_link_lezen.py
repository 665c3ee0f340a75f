"""``in_gemeente_van_link`` with a reader (issue 16): the RSVP page reads its invitation once,
region-wide, and that read also decides the gemeente, with the same rules as the lookup of the
gemeente alone: an unknown token in an empty scope (or the only gemeente's), 404 for an account
of another gemeente."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import get_scope

from bijeenkomsten import services, views
from bijeenkomsten.models import Uitnodiging
from regio.models import EERSTE_GEMEENTE, Gemeente
from regio.scope import gemeente_actief, in_gemeente_van_link
from tests.factories import BijeenkomstFactory, PersoonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _uitnodiging(**bijeenkomst):
    return Uitnodiging.objects.create(
        bijeenkomst=BijeenkomstFactory(**bijeenkomst), persoon=PersoonFactory()
    )


@pytest.fixture
def andere(db):
    gemeente = Gemeente.objects.create(naam="Pijnacker-Nootdorp")
    with gemeente_actief(gemeente.pk):
        uitnodiging = _uitnodiging(titel="Overleg in Pijnacker")
    return gemeente, uitnodiging


def _kijker():
    """A view that reports what it got and in which scope it ran."""

    @in_gemeente_van_link(Uitnodiging, lezen=services.uitnodiging_bij_token, als="gelezen")
    def kijken(request, token, gelezen):
        return {"gelezen": gelezen, "scope": get_scope().get("gemeente")}

    return kijken


def _anoniem(token):
    request = RequestFactory().get(f"/uitnodiging/{token}/")
    return _kijker()(request, token=token)


def test_de_view_krijgt_wat_gelezen_is_en_draait_in_de_gemeente_ervan(andere):
    gemeente, uitnodiging = andere
    uitkomst = _anoniem(uitnodiging.token)
    assert uitkomst["gelezen"].pk == uitnodiging.pk
    assert uitkomst["gelezen"].bijeenkomst.titel == "Overleg in Pijnacker"
    assert uitkomst["scope"] == gemeente.pk


def test_onbekend_token_in_een_regio_draait_in_een_lege_scope(andere):
    uitkomst = _anoniem("bestaat-niet-0123456789")
    assert uitkomst == {"gelezen": None, "scope": []}


def test_onbekend_token_met_een_gemeente_draait_in_die_gemeente():
    assert _anoniem("bestaat-niet-0123456789") == {"gelezen": None, "scope": EERSTE_GEMEENTE}


def test_een_account_van_een_andere_gemeente_krijgt_404(andere, login):
    _gemeente, uitnodiging = andere
    client = login(UserFactory(professional=True))
    assert client.get(reverse("bijeenkomsten:rsvp", args=[uitnodiging.token])).status_code == 404
    eigen = _uitnodiging(titel="Overleg in Delft")
    antwoord = client.get(reverse("bijeenkomsten:rsvp", args=[eigen.token]))
    assert antwoord.status_code == 200 and "Overleg in Delft" in antwoord.content.decode()


def test_de_rsvp_pagina_leest_een_keer(client, andere):
    _gemeente, uitnodiging = andere
    with CaptureQueriesContext(connection) as vastgelegd:
        antwoord = client.get(reverse("bijeenkomsten:rsvp", args=[uitnodiging.token]))
    assert antwoord.status_code == 200 and "Overleg in Pijnacker" in antwoord.content.decode()
    assert len(vastgelegd.captured_queries) == 1


def test_de_rsvp_view_blijft_zonder_csrf():
    assert getattr(views.rsvp, "csrf_exempt", False)


def test_lezen_en_als_horen_bij_elkaar():
    with pytest.raises(TypeError):
        in_gemeente_van_link(Uitnodiging, lezen=services.uitnodiging_bij_token)
    with pytest.raises(TypeError):
        in_gemeente_van_link(Uitnodiging, als="gelezen")
