"""The case meeting's pages cost the same number of queries whatever the size of the meeting:
more items, actions and invitees, more meetings in the list."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casusoverleg import services
from signalen import delen
from tests.factories import SignaalFactory, partner_bij
from tests.hulp import ingelogd

from .conftest import overleg_plannen

pytestmark = pytest.mark.django_db


def _punten_erbij(w, overleg, aantal):
    for i in range(aantal):
        s = SignaalFactory(fase="casusoverleg", door=w.regisseur, categorie="radicalisering")
        delen.signaal_delen(signaal=s, organisatie=w.politie, door=w.regisseur)
        punt = services.signaal_agenderen(casusoverleg=overleg, signaal=s, door=w.regisseur)
        services.actie_toevoegen(
            agendapunt=punt,
            omschrijving=f"Actie {i}",
            eigenaar=w.politie,
            uiterlijk=timezone.localdate() + timedelta(days=5),
            door=w.regisseur,
        )
    partner = partner_bij(w.politie)
    services.deelnemers_uitnodigen(casusoverleg=overleg, accounts=[partner])


def _tellen(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("wie", ["regisseur", "agent"])
def test_overleg_lijst_en_punt_groeien_niet_mee(w, overleg, wie):
    client = ingelogd(getattr(w, wie))
    punt = overleg.agendapunten.get(signaal=w.voor_politie)
    urls = [
        "/casusoverleg/",
        f"/casusoverleg/{overleg.pk}/",
        f"/casusoverleg/punt/{punt.pk}/",
    ]
    for url in urls:  # the first request of a session reads what later ones have kept
        client.get(url)
    klein = [_tellen(client, url) for url in urls]
    _punten_erbij(w, overleg, 4)
    for _ in range(3):
        overleg_plannen(w, deelnemers=[w.agent])
    groot = [_tellen(client, url) for url in urls]
    assert groot == klein
