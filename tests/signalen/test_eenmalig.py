"""Issue 14.10: the same signal form sent twice (a double click under load, a request resent
over a flaky connection) files one signal; the second POST lands on the first one's
confirmation page."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kern import eenmalig
from kern.models import EenmaligeInzending
from signalen.models import Referentieteller, Signaal
from tests.hulp import dubbel_posten

NIEUW = reverse("signalen:nieuw")


def _formulier(client) -> str:
    html = client.get(NIEUW).content.decode()
    return re.search(r'name="eenmalig" value="([^"]+)"', html).group(1)


@pytest.mark.django_db
def test_tweemaal_dezelfde_post_geeft_een_signaal(login, melder, geldig):
    client = login(melder)
    gegevens = {**geldig, "eenmalig": _formulier(client)}
    eerste = client.post(NIEUW, gegevens)
    tweede = client.post(NIEUW, gegevens)
    signaal = Signaal.objects.get()
    bevestiging = reverse("signalen:bevestiging", args=[signaal.referentie])
    assert eerste.status_code == tweede.status_code == 302
    assert eerste["Location"] == tweede["Location"] == bevestiging
    # A new form (a new token) is a new signal.
    client.post(NIEUW, {**geldig, "eenmalig": _formulier(client)})
    assert Signaal.objects.count() == 2


@pytest.mark.django_db
def test_een_token_van_een_andere_sessie_verstuurt_niets_en_verliest_niets(melder, geldig):
    elders = Client()
    elders.force_login(melder, backend="allauth.account.auth_backends.AuthenticationBackend")
    vreemd = _formulier(elders)  # the same person, another session (another browser)
    client = Client()
    client.force_login(melder, backend="allauth.account.auth_backends.AuthenticationBackend")
    _formulier(client)
    geldig["waarneming"] = "Wat ik net heb getypt en niet kwijt wil."
    antwoord = client.post(NIEUW, {**geldig, "eenmalig": vreemd})
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert not Signaal.objects.exists()
    assert "Dit formulier was verlopen" in html
    assert "Wat ik net heb getypt en niet kwijt wil." in html
    # The page carries a fresh token, and sending again files it.
    nieuw = re.search(r'name="eenmalig" value="([^"]+)"', html).group(1)
    assert client.post(NIEUW, {**geldig, "eenmalig": nieuw}).status_code == 302
    assert Signaal.objects.count() == 1


@pytest.mark.django_db
def test_een_ongeldig_formulier_verbruikt_het_token_niet(login, melder, geldig):
    client = login(melder)
    token = _formulier(client)
    fout = client.post(NIEUW, {**geldig, "waarneming": "", "eenmalig": token})
    assert fout.status_code == 200 and not Signaal.objects.exists()
    assert client.post(NIEUW, {**geldig, "eenmalig": token}).status_code == 302
    assert Signaal.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_twee_gelijktijdige_posts_geven_een_signaal(login, melder, geldig):
    """Both POSTs are inside the filing at once: the first holds the year's reference counter
    (held here by the test), the second waits on the first's claim. Without the claim both
    would file a signal once the counter is free."""
    client = login(melder)
    gegevens = {**geldig, "eenmalig": _formulier(client)}
    jaar = timezone.localdate().year
    Referentieteller.objects.create(jaar=jaar, laatste=0)

    antwoorden = dubbel_posten(client, NIEUW, gegevens, Referentieteller.objects.filter(jaar=jaar))

    signaal = Signaal.objects.get()
    bevestiging = reverse("signalen:bevestiging", args=[signaal.referentie])
    assert [a.status_code for a in antwoorden] == [302, 302]
    assert {a["Location"] for a in antwoorden} == {bevestiging}
    assert EenmaligeInzending.objects.get().resultaat == signaal.referentie


@pytest.mark.django_db
def test_opruimen_vergeet_oude_claims(melder):
    oud = EenmaligeInzending.objects.create(doel="x", token="a", gebruiker=melder)
    EenmaligeInzending.objects.filter(pk=oud.pk).update(
        aangemaakt_op=timezone.now() - eenmalig.BEWAREN - timezone.timedelta(minutes=1)
    )
    vers = EenmaligeInzending.objects.create(doel="x", token="b", gebruiker=melder)
    assert eenmalig.opruimen() == 1
    assert list(EenmaligeInzending.objects.all()) == [vers]
