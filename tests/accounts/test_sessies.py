from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sessie_verloopt_na_dertig_minuten_zonder_activiteit(settings, echt_inloggen, professional):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = echt_inloggen(professional)
    client.get(reverse("home"))
    sessie = Session.objects.get(session_key=client.session.session_key)
    resterend = sessie.expire_date - timezone.now()
    assert timedelta(minutes=29) < resterend <= timedelta(minutes=30)

    # Half an hour of silence later, the same cookie no longer logs anyone in.
    Session.objects.filter(pk=sessie.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    antwoord = client.get(reverse("home"))
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("account_login"))


def test_activiteit_schuift_het_verlopen_op(echt_inloggen, professional):
    client = echt_inloggen(professional)
    sleutel = client.session.session_key
    Session.objects.filter(pk=sleutel).update(expire_date=timezone.now() + timedelta(minutes=5))
    assert client.get(reverse("home")).status_code == 200
    nieuw = Session.objects.get(pk=sleutel).expire_date - timezone.now()
    assert nieuw > timedelta(minutes=29)


def test_deactiveren_beeindigt_alle_sessies(login, regisseur):
    gebruiker = UserFactory(professional=True)
    a, b = Client(), Client()
    for c in (a, b):
        c.force_login(gebruiker, backend="allauth.account.auth_backends.AuthenticationBackend")
        assert c.get(reverse("home")).status_code == 200
    services.account_deactiveren(user=gebruiker, door=regisseur)
    for c in (a, b):
        antwoord = c.get(reverse("home"))
        assert antwoord.status_code == 302
        assert antwoord["Location"].startswith(reverse("account_login"))
    assert not Session.objects.filter(
        session_key__in=[a.session.session_key, b.session.session_key]
    ).exists()


def test_wachtwoord_wijzigen_beeindigt_de_andere_sessies(echt_inloggen, professional):
    elders = Client()
    elders.force_login(professional, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert elders.get(reverse("home")).status_code == 200
    hier = echt_inloggen(professional)
    nieuw = "appelboom-regenjas-42"
    hier.post(
        reverse("account_change_password"),
        {"oldpassword": "een-lang-test-wachtwoord", "password1": nieuw, "password2": nieuw},
    )
    professional.refresh_from_db()
    assert professional.check_password(nieuw)
    assert elders.get(reverse("home")).status_code == 302


def test_regisseur_kan_geen_regisseur_deactiveren_maar_de_beheerder_wel(regisseur, beheerder):
    collega = UserFactory(regisseur=True)
    with pytest.raises(services.PermissionDenied):
        services.account_deactiveren(user=collega, door=regisseur)
    services.account_deactiveren(user=collega, door=beheerder)
    collega.refresh_from_db()
    assert not collega.is_active


def test_opruimtaak_verwijdert_verlopen_sessies(professional):
    client = Client()
    client.force_login(professional, backend="allauth.account.auth_backends.AuthenticationBackend")
    client.get(reverse("home"))
    Session.objects.update(expire_date=timezone.now() - timedelta(minutes=1))
    services.verlopen_sessies_opruimen()
    assert Session.objects.count() == 0
    from allauth.usersessions.models import UserSession

    assert UserSession.objects.count() == 0
