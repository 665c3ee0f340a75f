"""Issue 16: the reads of every logged-in request (the session, the user with roles and second
factor) are prepared statements on PostgreSQL, planned once per connection. They hold after a
rolled-back transaction and after the server forgot them, and the checks still read the
database on every request: a changed role, a removed second factor, a deactivated account
count from the next request on."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path, reverse

from accounts import rollen

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
    ),
    pytest.mark.urls(__name__),
]

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
KAAL = "/kaal/"


@login_required
def kaal(request):
    """What the request knows of its user: roles and second factor."""
    return HttpResponse(",".join(sorted(rollen.rollen_van(request.user))))


urlpatterns = [path("kaal/", kaal), path("", include("config.urls"))]


def _ingelogd(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


@pytest.mark.django_db(transaction=True)
def test_na_een_teruggedraaide_transactie_en_na_vergeten(regisseur):
    connection.close()  # a new connection: nothing prepared on it yet
    client = _ingelogd(regisseur)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert client.get(KAAL).content == b"Netwerkregisseur"  # prepares in the transaction
        raise RuntimeError
    assert client.get(KAAL).content == b"Netwerkregisseur"
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # as DISCARD ALL or a pooler would
    assert client.get(KAAL).content == b"Netwerkregisseur"
    assert client.get(KAAL).content == b"Netwerkregisseur"


@pytest.mark.django_db
def test_rol_en_tweede_factor_en_deactiveren_tellen_meteen(regisseur):
    client = _ingelogd(regisseur)
    assert client.get(KAAL).content == b"Netwerkregisseur"
    regisseur.groups.remove(Group.objects.get(name=rollen.NETWERKREGISSEUR))
    regisseur.groups.add(Group.objects.get(name=rollen.PARTNER))
    assert client.get(KAAL).content == b"Partner"
    Authenticator.objects.filter(user=regisseur).delete()
    antwoord = client.get(KAAL)
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse("mfa_activate_totp")
    regisseur.is_active = False
    regisseur.save(update_fields=["is_active"])
    antwoord = client.get(KAAL)
    assert antwoord.status_code == 302 and reverse("account_login") in antwoord["Location"]
    assert antwoord.wsgi_request.user.is_anonymous
