"""A session is written when it changes and, for activity, at most once a minute; it still ends
after SESSION_IDLE_MINUTES without a request, never later (accounts.middleware,
kern.sessies). Role and second-factor checks read the database on every request."""

from datetime import timedelta
from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils import timezone

from accounts import rollen, services
from accounts.middleware import GEVOLGDE_SESSIE
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@login_required
def kaal(request):
    """A view that does nothing of its own: what is left is the cost of being logged in."""
    return HttpResponse("ok")


urlpatterns = [path("kaal/", kaal), path("", include("config.urls"))]


class Klok:
    """``django.utils.timezone.now`` under the test's control (sessions, their expiry in SQL,
    allauth's records all read it)."""

    def __init__(self):
        self.nu = timezone.now()

    def verder(self, **tijd):
        self.nu += timedelta(**tijd)


@pytest.fixture
def klok():
    k = Klok()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: k.nu):
        yield k


def _ingelogd(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    assert client.get("/kaal/").status_code == 200  # the first request registers the session
    return client


def _verloopt(client) -> timedelta:
    """How long the client's session lives on, by the database (the clock of the test)."""
    sessie = Session.objects.get(session_key=client.cookies["sessionid"].value)
    return sessie.expire_date - timezone.now()


def _schrijft(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]


def test_een_ingelogd_verzoek_schrijft_niets_en_vraagt_twee_dingen(settings, regisseur):
    """Within the minute after the last write, a logged-in request reads the session, then the
    user with their roles and second factor in one query, and writes nothing."""
    client = _ingelogd(regisseur)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/kaal/").status_code == 200
    assert _schrijft(queries.captured_queries) == []
    assert len(queries.captured_queries) == 2, [q["sql"] for q in queries.captured_queries]
    assert "sessionid" not in client.get("/kaal/").cookies  # no cookie sent again either


@pytest.mark.parametrize("rol", ["professional", "partner", "beheerder"])
def test_rollen_en_tweede_factor_in_een_query(rol):
    gebruiker = UserFactory(**{rol: True, "met_mfa": rol != "professional"})
    client = _ingelogd(gebruiker)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/kaal/").status_code == 200
    assert len(queries.captured_queries) == 2, [q["sql"] for q in queries.captured_queries]


def test_na_een_minuut_schuift_activiteit_het_verlopen_op(settings, klok, professional):
    client = _ingelogd(professional)
    leeftijd = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert _verloopt(client) == leeftijd

    klok.verder(seconds=settings.SESSION_VERVERSEN_SECONDEN - 1)
    client.get("/kaal/")
    assert _verloopt(client) == leeftijd - timedelta(
        seconds=settings.SESSION_VERVERSEN_SECONDEN - 1
    )

    klok.verder(seconds=1)
    client.get("/kaal/")
    assert _verloopt(client) == leeftijd


def test_zonder_interval_wordt_elk_verzoek_geschreven(settings, klok, professional):
    settings.SESSION_VERVERSEN_SECONDEN = 0
    client = _ingelogd(professional)
    klok.verder(seconds=1)
    with CaptureQueriesContext(connection) as queries:
        client.get("/kaal/")
    assert any("django_session" in sql for sql in _schrijft(queries.captured_queries))
    assert _verloopt(client) == timedelta(seconds=settings.SESSION_COOKIE_AGE)


# Gaps between requests, in seconds: bursts, a request every few seconds for minutes on end,
# pauses just under and around the refresh interval and the idle time.
PATRONEN = [
    [1] * 200,
    [59, 1, 59, 1, 61, 119, 600, 1740, 30, 1739, 1740, 59, 1740],
    [7] * 300,
    [61] * 40,
    [1740, 1740, 1740],
    [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597],
]


@pytest.mark.parametrize("tussenpozen", PATRONEN, ids=lambda p: f"{len(p)} verzoeken")
def test_een_sessie_overleeft_de_inactiviteit_nooit(settings, klok, regisseur, tussenpozen):
    """Whatever the pattern of requests: a session lives while the gaps stay a minute under
    SESSION_IDLE_MINUTES, its expiry is never later than SESSION_IDLE_MINUTES after the last
    request (nor more than the refresh interval earlier), and one second past that it is gone."""
    idle = timedelta(minutes=settings.SESSION_IDLE_MINUTES)
    interval = timedelta(seconds=settings.SESSION_VERVERSEN_SECONDEN)
    client = _ingelogd(regisseur)
    for tussenpoos in tussenpozen:
        assert timedelta(seconds=tussenpoos) <= idle - interval
        klok.verder(seconds=tussenpoos)
        assert client.get("/kaal/").status_code == 200
        assert idle - interval <= _verloopt(client) <= idle
    klok.verder(seconds=idle.total_seconds() + 1)
    antwoord = client.get("/kaal/")
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("account_login"))
    assert antwoord.wsgi_request.user.is_anonymous


def test_de_sessie_eindigt_hoogstens_een_minuut_te_vroeg(settings, klok, professional):
    idle = settings.SESSION_IDLE_MINUTES * 60
    interval = settings.SESSION_VERVERSEN_SECONDEN
    client = _ingelogd(professional)
    klok.verder(seconds=interval - 1)
    client.get("/kaal/")  # not written: the expiry stays where the login put it
    klok.verder(seconds=idle - interval)
    assert client.get("/kaal/").status_code == 200
    klok.verder(seconds=idle)
    assert client.get("/kaal/").status_code == 302


def test_sessie_record_bij_het_eerste_verzoek_en_bij_een_nieuwe_sleutel(klok, professional):
    """allauth's record of the session (what sessies_beeindigen uses) exists from the first
    request, also for a login outside allauth and after the key changed."""
    client = Client()
    client.force_login(professional, backend=BACKEND)
    assert not UserSession.objects.exists()
    client.get("/kaal/")
    sleutel = client.cookies["sessionid"].value
    assert UserSession.objects.get().session_key == sleutel
    assert client.session[GEVOLGDE_SESSIE] == sleutel

    # A new key for the same session (Django's cycle_key, as at a password change).
    sessie = client.session
    sessie.cycle_key()
    client.cookies["sessionid"] = sessie.session_key
    client.get("/kaal/")
    assert set(UserSession.objects.values_list("session_key", flat=True)) >= {sessie.session_key}

    assert services.sessies_beeindigen(user=professional) >= 1
    assert client.get("/kaal/").status_code == 302


def test_laatst_gezien_hoogstens_een_minuut_oud(settings, klok, professional):
    client = _ingelogd(professional)
    record = UserSession.objects.get()
    begin = record.last_seen_at
    klok.verder(seconds=30)
    client.get("/kaal/")
    record.refresh_from_db()
    assert record.last_seen_at == begin
    klok.verder(seconds=settings.SESSION_VERVERSEN_SECONDEN)
    client.get("/kaal/")
    record.refresh_from_db()
    assert record.last_seen_at == klok.nu


def test_beeindigen_binnen_de_minuut_werkt_meteen(regisseur, beheerder):
    """No write for a minute does not mean a minute of grace: an ended session is gone at once."""
    a, b = _ingelogd(regisseur), _ingelogd(regisseur)
    assert a.get("/kaal/").status_code == 200
    services.tweede_factor_verwijderen(user=regisseur, door=beheerder)
    for client in (a, b):
        assert client.get("/kaal/").status_code == 302


def test_tweede_factor_weg_telt_bij_het_volgende_verzoek(regisseur):
    """Removed outside the services (no session ends): the next request already asks for it."""
    client = _ingelogd(regisseur)
    Authenticator.objects.filter(user=regisseur).delete()
    antwoord = client.get("/kaal/")
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("mfa_activate_totp")


def test_rol_weg_telt_bij_het_volgende_verzoek(partner):
    """A role taken away outside the services: the next request no longer sees it."""
    client = _ingelogd(partner)
    assert rollen.PARTNER in rollen.rollen_van(client.get("/kaal/").wsgi_request.user)
    partner.groups.remove(Group.objects.get(name=rollen.PARTNER))
    assert rollen.rollen_van(client.get("/kaal/").wsgi_request.user) == frozenset()


def test_rollen_zonder_groepen_en_met_andere_groepen(partner):
    partner.groups.add(Group.objects.create(name="Organisatie: Politie"))
    verse = type(partner).objects.get(pk=partner.pk)
    assert rollen.rollen_van(verse) == frozenset({rollen.PARTNER})
    assert rollen.mfa_ingesteld(verse) is True
    leeg = UserFactory()
    assert rollen.rollen_van(leeg) == frozenset()
    assert rollen.mfa_ingesteld(leeg) is False


# --- Reading the logged-in user (accounts.middleware.RegieAuthenticationMiddleware) ------------


def test_de_gebruiker_is_dezelfde_als_die_van_django(rf, regisseur):
    """The account as one query reads it equals Django's: every field, roles and MFA."""
    from django.contrib.auth import get_user_model

    gelezen = rollen.gebruiker_laden(regisseur.pk)
    django = get_user_model().objects.get(pk=regisseur.pk)
    for veld in get_user_model()._meta.concrete_fields:
        assert getattr(gelezen, veld.attname) == getattr(django, veld.attname), veld.name
    assert gelezen._state.adding is False and gelezen._state.db == "default"
    assert gelezen._regie_rollen == frozenset({rollen.NETWERKREGISSEUR})
    assert gelezen._regie_mfa is True
    assert rollen.gebruiker_laden(regisseur.pk + 1000) is None


def test_na_een_wachtwoordwijziging_elders_is_de_sessie_weg(professional):
    """The session's hash no longer matches: Django's own check decides, and ends it."""
    client = _ingelogd(professional)
    professional.set_password("een-heel-ander-wachtwoord-7")
    professional.save()
    antwoord = client.get("/kaal/")
    assert antwoord.status_code == 302
    assert not Session.objects.filter(session_key=client.cookies["sessionid"].value).exists()


def test_een_inactief_of_verdwenen_account_is_niet_ingelogd(professional):
    client = _ingelogd(professional)
    type(professional).objects.filter(pk=professional.pk).update(is_active=False)
    assert client.get("/kaal/").status_code == 302
    client = _ingelogd(UserFactory(professional=True))
    type(professional).objects.filter(email__startswith="gebruiker").delete()
    assert client.get("/kaal/").status_code == 302


def test_een_sessie_met_een_oude_secret_key_blijft_via_django(settings, professional):
    """Made under an older SECRET_KEY (now in SECRET_KEY_FALLBACKS): Django's get_user accepts
    it and gives the session a new hash, as it always did."""
    from django.contrib.auth import HASH_SESSION_KEY

    oud = settings.SECRET_KEY
    client = _ingelogd(professional)
    settings.SECRET_KEY = "een-nieuwe-geheime-sleutel-" * 3
    settings.SECRET_KEY_FALLBACKS = [oud]
    antwoord = client.get("/kaal/")
    assert antwoord.status_code == 200
    assert antwoord.wsgi_request.user == professional
    assert client.session[HASH_SESSION_KEY] == professional.get_session_auth_hash()


def test_een_backend_die_niet_meer_in_de_instellingen_staat_logt_niemand_in(professional):
    """As Django's get_user: a session of a backend not in AUTHENTICATION_BACKENDS (here
    Django's plain ModelBackend, which the fast path otherwise knows) is not logged in."""
    client = _ingelogd(professional)
    sessie = client.session
    sessie["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    sessie.save()
    assert client.get("/kaal/").status_code == 302
