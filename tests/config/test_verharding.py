"""Issue 14.5 and 14.6: personal links work without cookies and never reach the log; no page
with personal data is kept in a browser's or a proxy's cache."""

import io
import logging

import pytest
from django.test import Client
from django.urls import reverse

from bijeenkomsten import services as bijeenkomsten
from tests.factories import (
    BijeenkomstFactory,
    NetwerkFactory,
    OrganisatieFactory,
    SignaalFactory,
    UserFactory,
    af_bij,
    editie,
    lid_van,
    partner_bij,
    soort,
)
from trainingen import services as trainingen
from trainingen.models import Inschrijving

pytestmark = pytest.mark.django_db


@pytest.fixture
def logboek():
    """What the configured console handler writes (config/settings.py LOGGING), as text."""
    from config.logboek import TokensMaskeren

    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, TokensMaskeren) for f in h.filters)
    )
    vorige = handler.setStream(io.StringIO())
    yield handler.stream
    handler.setStream(vorige)


@pytest.fixture
def uitnodiging():
    netwerk = NetwerkFactory()
    lid_van(netwerk, voornaam="Amina", achternaam="Jama")
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk)
    bijeenkomsten.uitnodigingen_aanmaken(bijeenkomst)
    return bijeenkomst.uitnodigingen.get()


@pytest.fixture
def inschrijving():
    persoon = af_bij(voornaam="Sanne", achternaam="Visser")
    ed = editie(soort("terugkomdag"), capaciteit=2, inschrijving_open=False)
    trainingen.personen_uitnodigen(ed, [persoon])
    return Inschrijving.objects.get(editie=ed, persoon=persoon)


def test_sleutelpersoon_zonder_cookies_kan_antwoorden(uitnodiging):
    """A browser that blocks cookies: it gets none, and its answer (a POST, checked like any
    other site's would be) is saved."""
    browser = Client(enforce_csrf_checks=True)
    url = reverse("bijeenkomsten:rsvp", args=[uitnodiging.token])
    pagina = browser.get(url)
    assert pagina.status_code == 200
    assert not pagina.cookies, "de pagina zet een cookie"
    browser.cookies.clear()
    antwoord = browser.post(url, {"antwoord": "ja"})
    assert antwoord.status_code == 302
    uitnodiging.refresh_from_db()
    assert uitnodiging.antwoord == "ja"
    # And GET still changes nothing.
    browser.get(url + "?antwoord=nee")
    uitnodiging.refresh_from_db()
    assert uitnodiging.antwoord == "ja"


def test_inschrijflink_werkt_zonder_cookies(inschrijving):
    browser = Client(enforce_csrf_checks=True)
    url = reverse("trainingen:inschrijving", args=[inschrijving.token])
    pagina = browser.get(url)
    assert pagina.status_code == 200
    assert not pagina.cookies
    antwoord = browser.post(url, {"actie": "inschrijven"})
    assert antwoord.status_code == 302
    inschrijving.refresh_from_db()
    assert inschrijving.status == "ingeschreven"


def test_een_geweigerd_verzoek_op_een_persoonlijke_link_logt_het_token_niet(uitnodiging, logboek):
    """Whatever refuses a request on a personal link (here too many form fields, a 400 from
    Django's security checks) logs the path with the token masked."""
    url = reverse("bijeenkomsten:rsvp", args=[uitnodiging.token])
    antwoord = Client().post(url, {f"v{i}": "x" for i in range(1200)})
    assert antwoord.status_code == 400
    logging.getLogger("django.security.csrf").warning(
        "Forbidden (%s): %s", "CSRF cookie not set.", url
    )
    uit = logboek.getvalue()
    assert "/uitnodiging/…" in uit
    assert uitnodiging.token not in uit


def test_een_weigering_is_een_regel_zonder_traceback(logboek, professional):
    client = Client()
    client.force_login(professional, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.get("/beheer/").status_code == 403
    assert client.get(reverse("netwerk:smoelenboek") + "?x=1").status_code == 200
    partner = partner_bij(OrganisatieFactory())
    andere = Client()
    andere.force_login(partner, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert andere.get(reverse("signalen:nieuw")).status_code == 403
    uit = logboek.getvalue()
    regels = [r for r in uit.splitlines() if "Forbidden" in r]
    assert len(regels) == 2, uit
    assert "Traceback" not in uit and "PermissionDenied" in regels[0]


@pytest.fixture
def ingelogd():
    def _ingelogd(**rol):
        user = UserFactory(**rol, met_mfa=True)
        client = Client()
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return client, user

    return _ingelogd


def test_paginas_met_persoonsgegevens_worden_niet_bewaard(ingelogd, uitnodiging, inschrijving):
    melder_client, melder = ingelogd(professional=True)
    signaal = SignaalFactory(melder=melder)
    partner_client, _partner = ingelogd(partner=True)
    regisseur_client, _regisseur = ingelogd(regisseur=True)
    paginas = [
        (melder_client, reverse("signalen:detail", args=[signaal.referentie])),
        (melder_client, reverse("signalen:bevestiging", args=[signaal.referentie])),
        (melder_client, reverse("signalen:mijn")),
        (melder_client, reverse("signalen:nieuw")),
        (melder_client, reverse("netwerk:smoelenboek")),
        (melder_client, reverse("trainingen:mijn")),
        (melder_client, reverse("trainingen:aanbod")),
        (melder_client, reverse("home")),
        (partner_client, reverse("signalen:gedeeld")),
        (regisseur_client, reverse("admin:index")),
        (regisseur_client, reverse("admin:netwerk_persoon_changelist")),
        (Client(), reverse("bijeenkomsten:rsvp", args=[uitnodiging.token])),
        (Client(), reverse("trainingen:inschrijving", args=[inschrijving.token])),
        (Client(), reverse("account_login")),
    ]
    for client, pad in paginas:
        antwoord = client.get(pad)
        assert antwoord.status_code == 200, pad
        assert "no-store" in antwoord.get("Cache-Control", ""), pad
