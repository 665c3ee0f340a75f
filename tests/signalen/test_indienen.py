"""Filing a signal on the site: the form, its errors, the confirmation, the expired session."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from signalen.models import Overgang, Signaal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NIEUW = reverse("signalen:nieuw")


def versturen(client, gegevens):
    """Post the form as a browser does: opened first, with the one-time token it carries."""
    html = client.get(NIEUW).content.decode()
    token = re.search(r'name="eenmalig" value="([^"]+)"', html).group(1)
    return client.post(NIEUW, {**gegevens, "eenmalig": token})


def test_formulier_toont_112_en_vult_organisatie_in(login, melder):
    html = login(melder).get(NIEUW).content.decode()
    assert "Is er acuut gevaar? Bel dan direct 112." in html
    # One organisation: no choice to make, it is taken from the role.
    assert 'type="hidden" name="melder_organisatie"' in html


def test_indienen_geeft_referentie_en_wat_er_nu_gebeurt(login, melder, geldig):
    client = login(melder)
    antwoord = versturen(client, geldig)
    signaal = Signaal.objects.get()
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("signalen:bevestiging", args=[signaal.referentie])
    # The year in Delft, not in UTC: on 1 January before 01:00 the two differ.
    assert signaal.referentie == f"S-{timezone.localtime(signaal.ingediend_op).year}-0001"
    assert signaal.melder == melder
    assert signaal.melder_organisatie.naam == "Het College"
    assert signaal.fase == "ingediend"
    assert list(Overgang.objects.values_list("van", "naar")) == [("", "ingediend")]
    pagina = client.get(antwoord["Location"]).content.decode()
    assert signaal.referentie in pagina
    assert "Wat gebeurt er nu?" in pagina
    assert "Binnen twee werkdagen" in pagina  # the text of the phase, from the case flow


def test_referenties_lopen_door(login, melder, geldig):
    client = login(melder)
    versturen(client, geldig)
    versturen(client, geldig)
    refs = sorted(Signaal.objects.values_list("referentie", flat=True))
    assert [r[-4:] for r in refs] == ["0001", "0002"]


def test_fout_geeft_nederlandse_melding_en_bewaart_de_tekst(login, melder, geldig):
    geldig["waarneming"] = ""
    geldig["zorg_melder"] = "Mijn zorg die ik niet kwijt wil"
    geldig["waargenomen_op"] = "2999-01-01"
    antwoord = login(melder).post(NIEUW, geldig)
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert not Signaal.objects.exists()
    assert "Het signaal is nog niet verstuurd" in html
    assert "Dit veld is verplicht." in html
    assert "Deze datum ligt in de toekomst." in html
    assert "Mijn zorg die ik niet kwijt wil" in html


def test_groep_vraagt_omschrijving(login, melder, geldig):
    geldig.update(betreft="groep", persoon_naam="")
    html = login(melder).post(NIEUW, geldig).content.decode()
    assert "Beschrijf kort om welke groep of plek het gaat." in html
    assert not Signaal.objects.exists()


def test_persoonsgegevens_vervallen_bij_een_plek(login, melder, geldig):
    geldig.update(betreft="plek", omschrijving_betrokkene="Het pleintje")
    versturen(login(melder), geldig)
    signaal = Signaal.objects.get()
    assert (signaal.persoon_naam, signaal.persoon_geboortedatum, signaal.persoon_sleutel) == (
        "",
        None,
        "",
    )


def test_andere_organisatie_kiezen_kan_alleen_uit_de_eigen(login, melder, geldig):
    from tests.factories import AandachtsfunctionarisFactory, OrganisatieFactory

    tweede = AandachtsfunctionarisFactory(persoon=melder.persoon).organisatie
    vreemd = OrganisatieFactory()
    client = login(melder)
    assert 'name="melder_organisatie"' in client.get(NIEUW).content.decode()
    geldig["melder_organisatie"] = vreemd.pk
    assert client.post(NIEUW, geldig).status_code == 200
    assert not Signaal.objects.exists()
    geldig["melder_organisatie"] = tweede.pk
    versturen(client, geldig)
    assert Signaal.objects.get().melder_organisatie == tweede


@pytest.mark.parametrize("rol", ["regisseur", "partner", "beheerder"])
def test_andere_rollen_mogen_niet_indienen(login, rol, geldig):
    user = UserFactory(**{rol: True}, met_mfa=True)
    client = login(user)
    assert client.get(NIEUW).status_code == 403
    assert client.post(NIEUW, geldig).status_code == 403
    assert not Signaal.objects.exists()


def test_anoniem_naar_inloggen(client):
    antwoord = client.get(NIEUW)
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("account_login"))


# --- the session expired while typing -----------------------------------------------------------


def _sessie_laten_verlopen(client):
    """The idle timeout passed: the session row is expired, the browser still sends its cookie."""
    Session.objects.filter(pk=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )


def test_verlopen_sessie_verliest_het_signaal_niet(client, echt_inloggen, melder, geldig):
    echt_inloggen(melder)
    formulier = client.get(NIEUW).content.decode()
    token = formulier.split('name="melder" value="')[1].split('"')[0]
    _sessie_laten_verlopen(client)  # the session ran out while the form was open
    assert SESSION_KEY not in client.session
    geldig["melder"] = token
    geldig["waarneming"] = "Wat ik <b>net</b> heb getypt en niet kwijt wil."
    antwoord = client.post(NIEUW, geldig)
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("account_login"))
    assert not Signaal.objects.exists()

    na_login = echt_inloggen(melder).get(NIEUW)
    html = na_login.content.decode()
    assert "voordat uw sessie verliep" in html
    assert "Wat ik &lt;b&gt;net&lt;/b&gt; heb getypt en niet kwijt wil." in html
    assert not Signaal.objects.exists()  # found back, not sent without the reporter's say-so
    # Sending it now works, and the concept is gone afterwards.
    versturen(client, geldig)
    assert Signaal.objects.get().waarneming.startswith("Wat ik <b>net</b>")
    assert "voordat uw sessie verliep" not in client.get(NIEUW).content.decode()


def test_concept_gaat_niet_naar_iemand_anders(client, echt_inloggen, melder, geldig):
    echt_inloggen(melder)
    token = client.get(NIEUW).content.decode().split('name="melder" value="')[1].split('"')[0]
    _sessie_laten_verlopen(client)
    geldig["melder"] = token
    geldig["waarneming"] = "Vertrouwelijke tekst van de eerste melder."
    client.post(NIEUW, geldig)
    collega = UserFactory(professional=True)
    html = echt_inloggen(collega).get(NIEUW).content.decode()
    assert "Vertrouwelijke tekst" not in html


def test_concept_zonder_geldige_ondertekening_wordt_weggegooid(
    client, echt_inloggen, melder, geldig
):
    geldig["melder"] = "vervalst"
    geldig["waarneming"] = "Tekst zonder geldige eigenaar."
    client.post(NIEUW, geldig)
    assert "Tekst zonder geldige eigenaar" not in echt_inloggen(melder).get(NIEUW).content.decode()
