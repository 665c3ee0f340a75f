"""axe-core (vendored in tests/e2e/vendor, never fetched) finds no serious or critical
accessibility violation on the key pages of each role."""

from pathlib import Path

import pytest

from bijeenkomsten import services as bijeenkomsten
from tests.e2e.hulp import inloggen
from tests.factories import (
    BijeenkomstFactory,
    ConvenantFactory,
    NetwerkFactory,
    OrganisatieFactory,
    SignaalFactory,
    UserFactory,
    gemeente,
    lid_van,
    partner_bij,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
ERNSTIG = ("serious", "critical")


def _schendingen(page) -> list[str]:
    page.evaluate(AXE)
    uitkomst = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " doel: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['doel']}"
        for v in uitkomst
        if v["impact"] in ERNSTIG
    ]


@pytest.fixture
def pagina(browser):
    """A browser that lets the test inject axe despite the site's Content-Security-Policy."""
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def _controleer(pagina, live_server, paden) -> dict[str, list[str]]:
    fouten = {}
    for pad in paden:
        pagina.goto(live_server.url + pad)
        if schendingen := _schendingen(pagina):
            fouten[pad] = schendingen
    for pad, schendingen in fouten.items():  # the whole finding in the test's output
        print(pad, *schendingen, sep="\n  ")
    return fouten


def test_sleutelpersoon_en_inlogpagina(live_server, pagina):
    netwerk = NetwerkFactory()
    lid_van(netwerk)
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk)
    bijeenkomsten.uitnodigingen_versturen(bijeenkomst)
    token = bijeenkomst.uitnodigingen.get().token
    assert _controleer(pagina, live_server, ["/account/login/", f"/uitnodiging/{token}/"]) == {}


def test_professional(live_server, pagina):
    professional = UserFactory(professional=True)
    SignaalFactory(melder=professional)
    inloggen(pagina, live_server, professional)
    paden = ["/", "/signalen/nieuw/", "/signalen/mijn/", "/trainingen/", "/netwerk/smoelenboek/"]
    paden.append("/meldingen/")  # the choice of e-mails
    assert _controleer(pagina, live_server, paden) == {}


def test_partner(live_server, pagina):
    gemeente()
    politie = OrganisatieFactory(naam="Politie basisteam Delft", domein="politie")
    ConvenantFactory(partijen=[politie])
    agent = partner_bij(politie)
    inloggen(pagina, live_server, agent)
    assert _controleer(pagina, live_server, ["/signalen/gedeeld/"]) == {}


def test_regisseur_en_beheerder(live_server, pagina, browser):
    regisseur = UserFactory(regisseur=True, met_mfa=True)
    signaal = SignaalFactory()
    inloggen(pagina, live_server, regisseur)
    paden = [
        "/beheer/",
        "/beheer/signalen/signaal/",
        f"/beheer/signalen/signaal/{signaal.pk}/change/",
        "/beheer/netwerk/persoon/",
        "/beheer/bijeenkomsten/bijeenkomst/",
        "/meldingen/",
    ]
    assert _controleer(pagina, live_server, paden) == {}
    context = browser.new_context(bypass_csp=True)
    beheer = context.new_page()
    inloggen(beheer, live_server, UserFactory(beheerder=True, met_mfa=True))
    assert _controleer(beheer, live_server, ["/beheer/", "/beheer/accounts/account/"]) == {}
    context.close()
