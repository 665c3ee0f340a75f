import os
import re

import pytest
from django.core import mail
from django.core.cache import cache

from .factories import UserFactory


def pytest_sessionstart(session):
    """In CI the suite must run on PostgreSQL and Redis, never silently on the embedded defaults."""
    if os.environ.get("CI"):
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError(f"CI is gezet maar de database is {engine}, niet PostgreSQL.")
        if not settings.REDIS_URL:
            raise pytest.UsageError(
                "CI is gezet maar REDIS_URL niet: de tests moeten Redis gebruiken."
            )
    _oude_taken_weg()


def _oude_taken_weg():
    """Tasks an earlier, interrupted run left on the test broker would be picked up by this
    run's workers, against this run's rows with the same ids (a fresh database starts at 1)."""
    from django.conf import settings

    if settings.REDIS_URL and settings.CELERY_BROKER_URL.startswith("redis"):
        import redis

        redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()


@pytest.fixture(autouse=True)
def _eerste_gemeente():
    """Every test works in the installation's first gemeente, as a request of one of its users
    and a task per gemeente do (regio.scope); tests of the separation itself open scopes of
    their own inside it."""
    from regio.models import EERSTE_GEMEENTE
    from regio.scope import gemeente_actief

    with gemeente_actief(EERSTE_GEMEENTE):
        yield


@pytest.fixture(autouse=True)
def _schone_cache():
    """Rate-limit counters and used TOTP codes live in the cache: every test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dashboard_alleen(request):
    """Only these panel functions on the /beheer/ index for this test (kern.bijdragen):
    ``dashboard_alleen(berichten.dashboard.panelen)``."""
    from kern import bijdragen

    def _alleen(*functies):
        vervanging = bijdragen.vervangen("dashboard", list(functies))
        vervanging.__enter__()
        request.addfinalizer(lambda: vervanging.__exit__(None, None, None))

    return _alleen


@pytest.fixture
def regisseur(db):
    return UserFactory(regisseur=True, met_mfa=True, email="regisseur@voorbeeld.nl")


@pytest.fixture
def regisseur_zonder_mfa(db):
    return UserFactory(regisseur=True, email="nieuwe.regisseur@voorbeeld.nl")


@pytest.fixture
def professional(db):
    return UserFactory(professional=True, email="professional@voorbeeld.nl")


@pytest.fixture
def partner(db):
    return UserFactory(partner=True, met_mfa=True, email="partner@voorbeeld.nl")


@pytest.fixture
def beheerder(db):
    return UserFactory(beheerder=True, met_mfa=True, email="beheerder@voorbeeld.nl")


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return client

    return _login


def link_uit_mail(bericht) -> str:
    gevonden = re.search(r"https?://\S+", bericht.body)
    assert gevonden, f"geen link in de e-mail:\n{bericht.body}"
    return gevonden.group(0)


@pytest.fixture
def outbox():
    return mail.outbox


@pytest.fixture
def echt_inloggen(client):
    """Log in through allauth's real flow: password, then the TOTP code when one is set up."""
    import pyotp
    from django.urls import reverse

    from .factories import WACHTWOORD

    def _inloggen(user, c=None):
        c = c or client
        antwoord = c.post(reverse("account_login"), {"login": user.email, "password": WACHTWOORD})
        if antwoord.get("Location") == reverse("mfa_authenticate"):
            c.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(user.totp_secret).now()})
        assert c.session.get("_auth_user_id") == str(user.pk), "inloggen is mislukt"
        return c

    return _inloggen
