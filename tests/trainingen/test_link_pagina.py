"""The personal link's page after a success: its forms post to the link itself (not to the
``?gedaan=`` address), and a POST that fails never shows the earlier success next to its error."""

import re

import pytest
from django.urls import reverse

from tests.factories import af_bij, editie, soort
from trainingen import services
from trainingen.models import Inschrijving, InschrijvingStatus

pytestmark = pytest.mark.django_db

S = InschrijvingStatus
INGESCHREVEN = "Dank u wel. U bent ingeschreven"
GEEN_VINKJE = "Vink ‘Ja, ik meld mij af’ aan"


@pytest.fixture
def uitnodiging(db):
    persoon = af_bij(voornaam="Sanne", achternaam="Visser")
    ed = editie(
        soort("terugkomdag"), titel="Terugkomdag oktober", capaciteit=2, inschrijving_open=False
    )
    services.personen_uitnodigen(ed, [persoon])
    return Inschrijving.objects.get(editie=ed, persoon=persoon)


def _link(inschrijving):
    return reverse("trainingen:inschrijving", args=[inschrijving.token])


def _acties(html: str) -> dict[str, str]:
    """The forms on the page: their class (inschrijven/afmelden) -> where they post to."""
    return {
        klasse.split()[-1]: actie
        for actie, klasse in re.findall(
            r'<form method="post" action="([^"]*)" class="([^"]*)"', html
        )
    }


def _ingeschreven(client, uitnodiging) -> str:
    """Sign up through the link; the address the page lands on (with ``?gedaan=``)."""
    antwoord = client.post(_link(uitnodiging), {"actie": "inschrijven"})
    assert antwoord.status_code == 302
    bestemming = antwoord["Location"]
    assert "?gedaan=ingeschreven" in bestemming
    return bestemming


def test_formulieren_posten_naar_de_link_zonder_query(client, uitnodiging):
    bestemming = _ingeschreven(client, uitnodiging)
    html = client.get(bestemming).content.decode()
    assert INGESCHREVEN in html
    acties = _acties(html)
    assert acties == {"afmelden": _link(uitnodiging)}


def test_mislukte_post_naar_het_gedaan_adres_toont_geen_oud_succes(client, uitnodiging):
    bestemming = _ingeschreven(client, uitnodiging)
    # An old page (or a bookmark) still posting to the ?gedaan= address: afmelden, no tick.
    antwoord = client.post(bestemming, {"actie": "afmelden"})
    html = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert GEEN_VINKJE in html
    assert INGESCHREVEN not in html
    assert "alert-success" not in html
    uitnodiging.refresh_from_db()
    assert uitnodiging.status == S.INGESCHREVEN


def test_mislukte_post_via_het_formulier_toont_geen_oud_succes(client, uitnodiging):
    """What the visitor does: open the success page, press Afmelden without the tick."""
    html = client.get(_ingeschreven(client, uitnodiging)).content.decode()
    antwoord = client.post(_acties(html)["afmelden"], {"actie": "afmelden"})
    html = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert GEEN_VINKJE in html and INGESCHREVEN not in html


def test_een_weigering_op_het_gedaan_adres_toont_geen_oud_succes(client, uitnodiging):
    bestemming = _ingeschreven(client, uitnodiging)
    services.editie_annuleren(uitnodiging.editie)
    antwoord = client.post(bestemming, {"actie": "afmelden", "bevestigd": "on"})
    html = antwoord.content.decode()
    assert antwoord.status_code == 409
    assert "Deze training gaat niet door." in html and INGESCHREVEN not in html


def test_het_succes_blijft_zichtbaar_bij_openen(client, uitnodiging):
    html = client.get(_ingeschreven(client, uitnodiging)).content.decode()
    assert INGESCHREVEN in html
