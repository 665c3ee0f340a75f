"""A personal link that does not (or no longer) work tells the key person what may have happened
and whom to contact: the gemeente's own phone number and address from the register."""

import pytest
from django.urls import reverse

from tests.factories import gemeente

pytestmark = pytest.mark.django_db

ONZIN = "dit-is-geen-geldige-link-0123456789abcdefghijkl"


@pytest.mark.parametrize("naam", ["bijeenkomsten:rsvp", "trainingen:inschrijving"])
def test_kapotte_persoonlijke_link_noemt_wie_te_bellen(client, naam):
    delft = gemeente()
    delft.telefoon, delft.email = "14 015", "netwerkregie@delft.example"
    delft.save()
    antwoord = client.get(reverse(naam, args=[ONZIN]))
    html = antwoord.content.decode()
    assert antwoord.status_code == 404
    assert "Deze link werkt niet (meer)" in html
    assert "netwerkregisseur van Gemeente Delft" in html
    assert 'href="tel:14015"' in html and "mailto:netwerkregie@delft.example" in html
    assert antwoord["X-Robots-Tag"] == "noindex, nofollow"
    assert "sessionid" not in antwoord.cookies  # a visitor without an account gets no session


def test_zonder_gemeente_in_het_register_toch_een_weg(client):
    html = client.get(reverse("bijeenkomsten:rsvp", args=[ONZIN])).content.decode()
    assert "Neem contact op met de netwerkregisseur van uw gemeente" in html


def test_112_is_een_belknop_op_het_signaalformulier(login, professional):
    html = login(professional).get(reverse("signalen:nieuw")).content.decode()
    assert 'href="tel:112"' in html
