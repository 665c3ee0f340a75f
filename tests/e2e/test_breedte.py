"""The regisseur's lists fit a common laptop screen (1366 px wide): no column is cut off, and
a table wider than the screen scrolls inside its own box instead of running off the page."""

import pytest

from tests.e2e.hulp import inloggen
from tests.factories import (
    GemeenschapFactory,
    SleutelpersoonFactory,
    UserFactory,
    WijkFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _buiten_beeld(page) -> list[str]:
    """The column headers of the list that end beyond the right edge of the window and cannot
    be scrolled into view inside the list's own box."""
    return page.evaluate(
        """() => {
        const breedte = document.documentElement.clientWidth;
        const doos = document.querySelector('#changelist .results');
        const schuift = doos && doos.scrollWidth > doos.clientWidth
            && getComputedStyle(doos).overflowX !== 'hidden'
            && doos.getBoundingClientRect().right <= breedte + 1;
        if (schuift) return [];
        return [...document.querySelectorAll('#result_list thead th')]
            .filter(th => th.getBoundingClientRect().right > breedte + 1)
            .map(th => th.innerText.trim());
    }"""
    )


def _pagina_te_breed(page) -> list[str]:
    """What makes the whole page wider than the window (the elements that end beyond it)."""
    return page.evaluate(
        """() => {
        const breedte = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= breedte + 1) return [];
        return [...document.querySelectorAll('#content-main *')]
            .filter(e => e.getBoundingClientRect().right > breedte + 1)
            .slice(0, 8)
            .map(e => e.tagName + '#' + e.id + '.' + e.className);
    }"""
    )


def test_sleutelpersonen_passen_op_een_laptopscherm(live_server, page):
    regisseur = UserFactory(regisseur=True, met_mfa=True)
    wijken = [WijkFactory(naam=f"Wijk met een heel lange naam nummer {i}") for i in range(4)]
    gemeenschappen = [
        GemeenschapFactory(naam=f"Gemeenschap met een lange naam {i}") for i in range(4)
    ]
    for i in range(5):
        sp = SleutelpersoonFactory(
            persoon__voornaam="Abdelkarim-Alexander",
            persoon__achternaam=f"van der Heijden-Oudshoorn {i}",
            formele_rol="Voorzitter van de stichting en bestuurslid van de moskeevereniging",
        )
        sp.wijken.set(wijken)
        sp.gemeenschappen.set(gemeenschappen)
    page.set_viewport_size({"width": 1366, "height": 768})
    inloggen(page, live_server, regisseur)
    page.goto(f"{live_server.url}/beheer/netwerk/sleutelpersoon/")
    assert _buiten_beeld(page) == []
    page.goto(f"{live_server.url}/beheer/netwerk/persoon/")
    assert _buiten_beeld(page) == []
    # A key person's own page and the person's page with its key-person block: nothing runs
    # off the right edge (no sideways scrolling of the whole page).
    for url in (
        f"/beheer/netwerk/sleutelpersoon/{sp.pk}/change/",
        f"/beheer/netwerk/persoon/{sp.persoon.pk}/change/",
    ):
        page.goto(live_server.url + url)
        assert _pagina_te_breed(page) == [], url
