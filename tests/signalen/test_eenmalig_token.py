"""Issue 16: the one-time token of the signal form is signed with a secret of the session
instead of being listed in it, so opening the form writes the session only the first time. It
still works once, only in the session it was issued to, for its own form, for a week."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kern import eenmalig
from signalen.models import Signaal

NIEUW = reverse("signalen:nieuw")
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _token(html: str) -> str:
    return re.search(r'name="eenmalig" value="([^"]+)"', html).group(1)


def _schrijft(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]


@pytest.mark.django_db
def test_het_formulier_openen_schrijft_de_sessie_een_keer(login, melder):
    client = login(melder)
    eerste = _token(client.get(NIEUW).content.decode())
    with CaptureQueriesContext(connection) as queries:
        tweede = _token(client.get(NIEUW).content.decode())
    assert _schrijft(queries.captured_queries) == []
    assert eerste != tweede
    assert eenmalig.SESSIE in client.session
    assert eerste not in str(dict(client.session))  # no token is kept in the session


@pytest.mark.django_db
def test_een_token_na_een_week_of_van_een_ander_formulier_telt_niet(login, melder, geldig):
    client = login(melder)
    html = client.get(NIEUW).content.decode()
    token = _token(html)
    # Another purpose with the same session: refused.
    verzoek = client.get(NIEUW).wsgi_request
    with pytest.raises(eenmalig.OnbekendToken):
        eenmalig.claimen(verzoek, "iets.anders", token)
    # After BEWAREN (when its claim may be gone) the form counts as expired: nothing filed.
    later = eenmalig.BEWAREN + timedelta(minutes=1)
    with mock.patch("django.core.signing.time.time", return_value=_nu() + later.total_seconds()):
        antwoord = client.post(NIEUW, {**geldig, "eenmalig": token})
    assert antwoord.status_code == 200
    assert "Dit formulier was verlopen" in antwoord.content.decode()
    assert not Signaal.objects.exists()
    # In time it files, once.
    assert client.post(NIEUW, {**geldig, "eenmalig": token}).status_code == 302
    assert client.post(NIEUW, {**geldig, "eenmalig": token}).status_code == 302
    assert Signaal.objects.count() == 1


@pytest.mark.django_db
def test_een_vervalst_token_telt_niet(melder, geldig):
    client = Client()
    client.force_login(melder, backend=BACKEND)
    token = _token(client.get(NIEUW).content.decode())
    nonce, rest = token.split(":", 1)
    vervalst = f"{nonce[:-1]}{'A' if nonce[-1] != 'A' else 'B'}:{rest}"
    antwoord = client.post(NIEUW, {**geldig, "eenmalig": vervalst})
    assert antwoord.status_code == 200 and not Signaal.objects.exists()
    # A new login (a new session) makes the old form's token worthless too.
    client.logout()
    client.force_login(melder, backend=BACKEND)
    client.get(NIEUW)
    assert client.post(NIEUW, {**geldig, "eenmalig": token}).status_code == 200
    assert not Signaal.objects.exists()


def _nu() -> float:
    import time

    return time.time()
