"""Issue 16: the RSVP answer in one statement. An answer that is already stored writes nothing
(and so changes nothing a regisseur sees); a changed answer or remark is written as before;
closed meetings and unknown links still refuse."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from berichten.models import Bericht
from bijeenkomsten import services
from bijeenkomsten.models import Bijeenkomst, Uitnodiging
from kern.fouten import Weigering
from tests.factories import BijeenkomstFactory, NetwerkFactory, lid_van

pytestmark = pytest.mark.django_db


@pytest.fixture
def uitnodiging(db):
    netwerk = NetwerkFactory()
    lid_van(netwerk, voornaam="Amina", achternaam="Jama")
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk, titel="Netwerk sleutelpersonen")
    services.uitnodigingen_aanmaken(bijeenkomst)
    return bijeenkomst.uitnodigingen.get()


def _url(u):
    return reverse("bijeenkomsten:rsvp", args=[u.token])


def _rijversie(u):
    """Which version of the invitation's row is stored: PostgreSQL's xmin changes with every
    write of the row, also one that stores the same values."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT xmin::text FROM {Uitnodiging._meta.db_table} WHERE id = %s",  # noqa: S608
            [u.pk],
        )
        return cursor.fetchone()[0]


def test_hetzelfde_antwoord_schrijft_niets_en_stuurt_niets(client, uitnodiging):
    assert (
        client.post(_url(uitnodiging), {"antwoord": "ja", "opmerking": "Tot dan"}).status_code
        == 302
    )
    uitnodiging.refresh_from_db()
    eerst = uitnodiging.beantwoord_op
    berichten = Bericht.objects.count()
    versie = _rijversie(uitnodiging)
    antwoord = client.post(_url(uitnodiging), {"antwoord": "ja", "opmerking": " Tot dan "})
    assert antwoord.status_code == 302 and antwoord["Location"].endswith("?bedankt=1")
    assert _rijversie(uitnodiging) == versie  # the row was not written at all
    uitnodiging.refresh_from_db()
    assert (uitnodiging.antwoord, uitnodiging.opmerking) == ("ja", "Tot dan")
    assert uitnodiging.beantwoord_op == eerst
    assert Bericht.objects.count() == berichten
    # The thank-you page says what is stored.
    assert (
        "Uw antwoord is opgeslagen: Ja, ik kom."
        in client.get(antwoord["Location"]).content.decode()
    )


def test_een_andere_opmerking_wordt_wel_geschreven(client, uitnodiging):
    services.antwoord_geven(uitnodiging=uitnodiging, antwoord="ja")
    uitnodiging.refresh_from_db()
    eerst = uitnodiging.beantwoord_op
    client.post(_url(uitnodiging), {"antwoord": "ja", "opmerking": "Ik neem iemand mee"})
    uitnodiging.refresh_from_db()
    assert uitnodiging.opmerking == "Ik neem iemand mee"
    assert uitnodiging.beantwoord_op > eerst


def test_antwoord_geven_zonder_wijziging_laat_het_moment_staan(uitnodiging):
    services.antwoord_geven(uitnodiging=uitnodiging, antwoord="misschien")
    moment = Uitnodiging.objects.get(pk=uitnodiging.pk).beantwoord_op
    terug = services.antwoord_geven(uitnodiging=uitnodiging, antwoord="misschien")
    assert terug.antwoord == "misschien"
    assert Uitnodiging.objects.get(pk=uitnodiging.pk).beantwoord_op == moment
    with pytest.raises(Weigering):
        services.antwoord_geven(uitnodiging=uitnodiging, antwoord="wellicht")


def test_gesloten_ook_met_hetzelfde_antwoord(client, uitnodiging):
    services.antwoord_geven(uitnodiging=uitnodiging, antwoord="ja")
    services.bijeenkomst_annuleren(uitnodiging.bijeenkomst)
    with pytest.raises(Weigering, match="gaat niet door"):
        services.antwoord_geven(uitnodiging=uitnodiging, antwoord="ja")
    antwoord = client.post(_url(uitnodiging), {"antwoord": "nee"})
    assert antwoord.status_code == 200
    assert "gaat niet door" in antwoord.content.decode()
    uitnodiging.refresh_from_db()
    assert uitnodiging.antwoord == "ja"


def test_begonnen_bijeenkomst_via_de_link(client, uitnodiging):
    Bijeenkomst.objects.filter(pk=uitnodiging.bijeenkomst_id).update(
        begin=timezone.now() - timedelta(minutes=5)
    )
    antwoord = client.post(_url(uitnodiging), {"antwoord": "ja"})
    assert antwoord.status_code == 200
    assert "al begonnen of voorbij" in antwoord.content.decode()
    assert not Uitnodiging.objects.exclude(antwoord="").exists()


def test_onbekende_link_met_een_geldig_antwoord_is_404(client, uitnodiging):
    url = reverse("bijeenkomsten:rsvp", args=["x" * 43])
    assert client.post(url, {"antwoord": "ja"}).status_code == 404
    assert not Uitnodiging.objects.exclude(antwoord="").exists()


def test_ongeldig_antwoord_op_een_open_link_geeft_de_fout(client, uitnodiging):
    antwoord = client.post(_url(uitnodiging), {"antwoord": ""})
    assert antwoord.status_code == 400
    assert "Kies ja, nee of misschien." in antwoord.content.decode()
