"""The weging's pages cost the same number of queries whatever the number of signals in weging,
of versions of a signal and of wegingen waiting for a second assessor."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from signalen import delen
from tests.factories import SignaalFactory
from tests.hulp import ingelogd
from weging import services

from .conftest import ingediend

pytestmark = pytest.mark.django_db


def _tellen(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_overzicht_signaal_en_versie_groeien_niet_mee(w):
    eerste = ingediend(w)
    services.weging_terugsturen(weging=eerste, door=w.collega, reden="Eerst de school.")
    client = ingelogd(w.regisseur)
    urls = ["/weging/", f"/weging/{w.signaal.referentie}/", f"/weging/versie/{eerste.pk}/"]
    for url in urls:  # the first request of a session reads what later ones have kept
        client.get(url)
    klein = [_tellen(client, url) for url in urls]
    for _ in range(4):
        s = SignaalFactory(fase="weging", door=w.regisseur, categorie="radicalisering")
        delen.signaal_delen(signaal=s, organisatie=w.politie, door=w.regisseur)
        ingediend(w, signaal=s)
    # A second version of the signal's own weging, sent back too.
    services.weging_terugsturen(weging=ingediend(w), door=w.collega, reden="Nog eens.")
    groot = [_tellen(client, url) for url in urls]
    assert groot == klein
