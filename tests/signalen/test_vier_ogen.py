"""Out of the weging only through a confirmed weging (issue 20, four eyes): the regisseur's move
form in /beheer/ offers no move from the phase weging, and a posted one is refused."""

import pytest

from tests.factories import SignaalFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_de_verplaatsknop_biedt_uit_de_weging_niets(login):
    regisseur = UserFactory(regisseur=True, met_mfa=True)
    signaal = SignaalFactory(fase="weging", door=regisseur)
    client = login(regisseur)
    pagina = client.get(f"/beheer/signalen/signaal/{signaal.pk}/change/").content.decode()
    assert 'id="verplaats-form"' not in pagina
    assert "tweede beoordelaar heeft bevestigd" in pagina

    client.post(
        f"/beheer/signalen/signaal/{signaal.pk}/verplaatsen/",
        {"van": "weging", "naar": "afgesloten", "notitie": ""},
    )
    signaal.refresh_from_db()
    assert signaal.fase == "weging"
    # Other phases move as before.
    ander = SignaalFactory(fase="in_behandeling", door=regisseur)
    client.post(
        f"/beheer/signalen/signaal/{ander.pk}/verplaatsen/",
        {"van": "in_behandeling", "naar": "weging", "notitie": ""},
    )
    ander.refresh_from_db()
    assert ander.fase == "weging"
