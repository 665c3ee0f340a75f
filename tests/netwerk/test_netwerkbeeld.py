"""The network picture (netwerk.netwerkbeeld): nodes and lines on known data, the filters, who
sees what, the page and its queries."""

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerk import models as nw
from netwerk.netwerkbeeld import netwerkbeeld
from tests.factories import (
    AandachtsfunctionarisFactory,
    LocatieFactory,
    NetwerkFactory,
    OrganisatieFactory,
    PersoonFactory,
    SleutelpersoonFactory,
    UserFactory,
    WijkFactory,
)

pytestmark = pytest.mark.django_db

URL = "/beheer/netwerkbeeld/"


def _af(organisatie, locatie, netwerk, voornaam, achternaam):
    af = AandachtsfunctionarisFactory(
        organisatie=organisatie,
        persoon__voornaam=voornaam,
        persoon__achternaam=achternaam,
        in_netwerk=netwerk,
    )
    nw.AandachtsfunctionarisLocatie.objects.create(aandachtsfunctionaris=af, locatie=locatie)
    return af.persoon


def _sleutelpersoon(netwerk, wijk, voornaam, achternaam, **kwargs):
    sp = SleutelpersoonFactory(persoon__voornaam=voornaam, persoon__achternaam=achternaam, **kwargs)
    sp.wijken.add(wijk)
    nw.Lidmaatschap.objects.create(netwerk=netwerk, persoon=sp.persoon)
    return sp.persoon


@pytest.fixture
def beeld():
    """A formal network with two aandachtsfunctionarissen of two organisations and a werkgroep;
    an informal network with a key person and a key person "op de achtergrond"; around them
    what must stay out of the picture."""
    buitenhof, tanthof = WijkFactory(naam="Buitenhof"), WijkFactory(naam="Tanthof")
    school = OrganisatieFactory(naam="Stanislas College", domein=nw.Domein.ONDERWIJS)
    jw = OrganisatieFactory(naam="Jongerenwerk Delft", domein=nw.Domein.JONGERENWERK)
    politie = OrganisatieFactory(naam="Politie Delft", domein=nw.Domein.POLITIE)
    OrganisatieFactory(naam="Opgeheven Stichting", actief=False)
    formeel = NetwerkFactory(naam="Radicalisering Delft")
    informeel = NetwerkFactory(naam="Sleutelfiguren Delft", informeel=True)
    NetwerkFactory(naam="Oud netwerk", actief=False)

    anna = _af(
        school, LocatieFactory(organisatie=school, wijk=buitenhof), formeel, "Anna", "Visser"
    )
    bram = _af(jw, LocatieFactory(organisatie=jw, wijk=tanthof), formeel, "Bram", "Jansen")
    samira = _sleutelpersoon(informeel, buitenhof, "Samira", "Amrani")
    verborgen = _sleutelpersoon(informeel, tanthof, "Vera", "Verborgen")
    nw.Sleutelpersoon.objects.filter(persoon=verborgen).update(op_de_achtergrond=True)

    werkgroep = nw.Werkgroep.objects.create(
        naam="Werkgroep onrust", netwerk=formeel, start=date(2025, 1, 1)
    )
    nw.Werkgroeplid.objects.create(werkgroep=werkgroep, persoon=anna)
    nw.Werkgroeplid.objects.create(werkgroep=werkgroep, persoon=samira)
    voorbij = nw.Werkgroep.objects.create(
        naam="Werkgroep van vroeger",
        netwerk=formeel,
        start=date(2020, 1, 1),
        einde=timezone.localdate() - timedelta(days=1),
    )
    nw.Werkgroeplid.objects.create(werkgroep=voorbij, persoon=bram)

    # Out of the picture: an anonymised member, an ended membership, an inactive role.
    weg = _af(school, LocatieFactory(organisatie=school, wijk=buitenhof), formeel, "Weg", "Weg")
    nw.Persoon.objects.filter(pk=weg.pk).update(geanonimiseerd_op=timezone.now())
    oud = PersoonFactory(voornaam="Oud", achternaam="Lid")
    nw.Lidmaatschap.objects.create(netwerk=formeel, persoon=oud, actief=False)
    AandachtsfunctionarisFactory(persoon=oud, organisatie=politie, actief=False)

    return {
        "buitenhof": buitenhof,
        "tanthof": tanthof,
        "school": school,
        "jw": jw,
        "politie": politie,
        "formeel": formeel,
        "informeel": informeel,
        "anna": anna,
        "bram": bram,
        "samira": samira,
        "verborgen": verborgen,
        "werkgroep": werkgroep,
    }


def _ids(gegevens):
    return {k["id"] for k in gegevens["knopen"]}


def _lijnen(gegevens):
    return {(lijn["soort"], lijn["bron"], lijn["doel"]) for lijn in gegevens["lijnen"]}


def k(soort, obj):
    return f"{soort}-{obj.pk}"


def test_de_regisseur_ziet_alles(regisseur, beeld):
    b = beeld
    gegevens = netwerkbeeld(user=regisseur)
    assert _ids(gegevens) == {
        k("organisatie", b["school"]),
        k("organisatie", b["jw"]),
        k("organisatie", b["politie"]),
        k("netwerk", b["formeel"]),
        k("netwerk", b["informeel"]),
        k("werkgroep", b["werkgroep"]),
        k("persoon", b["anna"]),
        k("persoon", b["bram"]),
        k("persoon", b["samira"]),
        k("persoon", b["verborgen"]),
    }
    assert _lijnen(gegevens) == {
        ("aandachtsfunctionaris", k("persoon", b["anna"]), k("organisatie", b["school"])),
        ("aandachtsfunctionaris", k("persoon", b["bram"]), k("organisatie", b["jw"])),
        ("lid", k("persoon", b["anna"]), k("netwerk", b["formeel"])),
        ("lid", k("persoon", b["bram"]), k("netwerk", b["formeel"])),
        ("lid", k("persoon", b["samira"]), k("netwerk", b["informeel"])),
        ("lid", k("persoon", b["verborgen"]), k("netwerk", b["informeel"])),
        ("werkgroeplid", k("persoon", b["anna"]), k("werkgroep", b["werkgroep"])),
        ("werkgroeplid", k("persoon", b["samira"]), k("werkgroep", b["werkgroep"])),
        ("werkgroep_van", k("werkgroep", b["werkgroep"]), k("netwerk", b["formeel"])),
    }
    knopen = {kn["id"]: kn for kn in gegevens["knopen"]}
    anna = knopen[k("persoon", b["anna"])]
    assert anna["naam"] == anna["label"] == "Anna Visser"
    assert anna["url"] == reverse("admin:netwerk_persoon_change", args=[b["anna"].pk])
    assert knopen[k("persoon", b["verborgen"])]["achtergrond"] is True
    assert knopen[k("persoon", b["samira"])]["sleutelpersoon"] is True
    assert knopen[k("netwerk", b["informeel"])]["informeel"] is True
    # The label says the kind, not only the shape and colour.
    assert "(organisatie)" in knopen[k("organisatie", b["school"])]["label"]
    assert "(netwerk, informeel)" in knopen[k("netwerk", b["informeel"])]["label"]
    assert "(werkgroep)" in knopen[k("werkgroep", b["werkgroep"])]["label"]


def test_de_gegevens_bevatten_alleen_namen(regisseur, beeld):
    nw.Persoon.objects.filter(pk=beeld["anna"].pk).update(opmerkingen="Geheime opmerking")
    nw.Organisatie.objects.filter(pk=beeld["school"].pk).update(
        email="info@stanislas.nl", telefoon="+31152000000", opmerkingen="Intern"
    )
    tekst = json.dumps(netwerkbeeld(user=regisseur))
    assert "@" not in tekst
    for persoon in nw.Persoon.objects.all():
        assert str(persoon.telefoon.national_number) not in tekst
    assert "152000000" not in tekst
    assert "Geheime opmerking" not in tekst and "Intern" not in tekst
    for knoop in netwerkbeeld(user=regisseur)["knopen"]:
        assert set(knoop) <= {
            "id",
            "soort",
            "soort_label",
            "naam",
            "label",
            "details",
            "url",
            "informeel",
            "sleutelpersoon",
            "achtergrond",
        }


def test_filter_op_een_netwerk_toont_alleen_zijn_leden(regisseur, beeld):
    b = beeld
    gegevens = netwerkbeeld(user=regisseur, netwerk=b["formeel"])
    assert _ids(gegevens) == {
        k("netwerk", b["formeel"]),
        k("werkgroep", b["werkgroep"]),
        k("persoon", b["anna"]),
        k("persoon", b["bram"]),
        k("organisatie", b["school"]),
        k("organisatie", b["jw"]),
    }
    # Samira is in the werkgroep but not a member of this network: not in the picture.
    assert ("werkgroeplid", k("persoon", b["samira"]), k("werkgroep", b["werkgroep"])) not in (
        _lijnen(gegevens)
    )

    informeel = netwerkbeeld(user=regisseur, netwerk=b["informeel"].pk)
    assert _ids(informeel) == {
        k("netwerk", b["informeel"]),
        k("persoon", b["samira"]),
        k("persoon", b["verborgen"]),
    }


def test_filter_op_een_domein(regisseur, beeld):
    b = beeld
    gegevens = netwerkbeeld(user=regisseur, domein=nw.Domein.ONDERWIJS)
    assert _ids(gegevens) == {
        k("organisatie", b["school"]),
        k("persoon", b["anna"]),
        k("netwerk", b["formeel"]),
        k("werkgroep", b["werkgroep"]),
    }
    # An organisation of the domain without people is shown too.
    leeg = netwerkbeeld(user=regisseur, domein=nw.Domein.POLITIE)
    assert _ids(leeg) == {k("organisatie", b["politie"])}
    assert leeg["lijnen"] == []


def test_filter_op_een_wijk(regisseur, beeld):
    b = beeld
    gegevens = netwerkbeeld(user=regisseur, wijk=b["buitenhof"])
    assert _ids(gegevens) == {
        k("organisatie", b["school"]),
        k("persoon", b["anna"]),
        k("persoon", b["samira"]),
        k("netwerk", b["formeel"]),
        k("netwerk", b["informeel"]),
        k("werkgroep", b["werkgroep"]),
    }
    tanthof = netwerkbeeld(user=regisseur, wijk=b["tanthof"].pk)
    assert _ids(tanthof) == {
        k("organisatie", b["jw"]),
        k("persoon", b["bram"]),
        k("persoon", b["verborgen"]),
        k("netwerk", b["formeel"]),
        k("netwerk", b["informeel"]),
    }


def test_filters_combineren(regisseur, beeld):
    b = beeld
    gegevens = netwerkbeeld(
        user=regisseur, netwerk=b["formeel"], domein=nw.Domein.ONDERWIJS, wijk=b["buitenhof"]
    )
    assert _ids(gegevens) == {
        k("netwerk", b["formeel"]),
        k("werkgroep", b["werkgroep"]),
        k("persoon", b["anna"]),
        k("organisatie", b["school"]),
    }
    assert _ids(netwerkbeeld(user=regisseur, netwerk=b["formeel"], wijk=b["tanthof"])) == {
        k("netwerk", b["formeel"]),
        k("werkgroep", b["werkgroep"]),
        k("persoon", b["bram"]),
        k("organisatie", b["jw"]),
    }


@pytest.mark.parametrize("soort", ["beheerder", "professional", "partner"])
def test_zonder_regisseursrol_geen_informeel_netwerk(soort, beeld):
    gebruiker = UserFactory(**{soort: True}, met_mfa=True)
    gegevens = netwerkbeeld(user=gebruiker)
    assert k("netwerk", beeld["informeel"]) not in _ids(gegevens)
    assert not [kn for kn in gegevens["knopen"] if kn.get("informeel")]
    # Asking for it by its id gives nothing, not everything.
    assert netwerkbeeld(user=gebruiker, netwerk=beeld["informeel"]) == {"knopen": [], "lijnen": []}


@pytest.mark.parametrize("soort", ["beheerder", "professional", "partner"])
def test_zonder_regisseursrol_geen_sleutelpersonen(soort, beeld):
    gebruiker = UserFactory(**{soort: True}, met_mfa=True)
    # A key person who is also an aandachtsfunctionaris in the formal network stays out too.
    AandachtsfunctionarisFactory(persoon=beeld["samira"], in_netwerk=beeld["formeel"])
    for filters in ({}, {"wijk": beeld["buitenhof"]}, {"netwerk": beeld["formeel"]}):
        gegevens = netwerkbeeld(user=gebruiker, **filters)
        assert k("persoon", beeld["samira"]) not in _ids(gegevens)
        assert not [kn for kn in gegevens["knopen"] if kn.get("sleutelpersoon")]
        assert "Amrani" not in json.dumps(gegevens)
    # The werkgroep stays, with only its other members.
    gegevens = netwerkbeeld(user=gebruiker)
    assert ("werkgroeplid", k("persoon", beeld["anna"]), k("werkgroep", beeld["werkgroep"])) in (
        _lijnen(gegevens)
    )


@pytest.mark.parametrize("soort", ["beheerder", "professional", "partner"])
def test_zonder_regisseursrol_niemand_op_de_achtergrond(soort, beeld):
    gebruiker = UserFactory(**{soort: True}, met_mfa=True)
    # Even in a formal network and a werkgroep.
    nw.Lidmaatschap.objects.create(netwerk=beeld["formeel"], persoon=beeld["verborgen"])
    nw.Werkgroeplid.objects.create(werkgroep=beeld["werkgroep"], persoon=beeld["verborgen"])
    for filters in ({}, {"wijk": beeld["tanthof"]}, {"netwerk": beeld["formeel"]}):
        gegevens = netwerkbeeld(user=gebruiker, **filters)
        assert k("persoon", beeld["verborgen"]) not in _ids(gegevens)
        assert "Verborgen" not in json.dumps(gegevens)
        assert not [kn for kn in gegevens["knopen"] if kn.get("achtergrond")]


# --- The page -----------------------------------------------------------------------------


def test_de_regisseur_opent_het_netwerkbeeld(login, regisseur, beeld):
    assert reverse("admin:netwerkbeeld") == URL
    antwoord = login(regisseur).get(URL, {"personen": "1"})
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert 'id="netwerkbeeld-gegevens"' in html and "Anna Visser" in html
    assert "vendor/cytoscape/cytoscape.min.js" in html and "js/netwerkbeeld.js" in html
    # The text alternative: the networks with their members in the picture.
    assert {n["naam"]: n["leden"] for n in antwoord.context["samenvatting"]["netwerken"]} == {
        "Radicalisering Delft": 2,
        "Sleutelfiguren Delft": 2,
    }
    assert "Leden in beeld" in html
    # No inline script or style (the CSP forbids them); json_script is data, not code.
    assert "<style" not in html and " style=" not in html
    assert html.count("<script") == html.count("<script src=") + 1


def test_de_pagina_filtert(login, regisseur, beeld):
    client = login(regisseur)
    antwoord = client.get(URL, {"netwerk": beeld["informeel"].pk})
    assert antwoord.context["gekozen_netwerk"] == beeld["informeel"].pk
    assert {kn["naam"] for kn in antwoord.context["gegevens"]["knopen"]} == {
        "Sleutelfiguren Delft",
        "Samira Amrani",
        "Vera Verborgen",
    }
    antwoord = client.get(URL, {"domein": "onderwijs", "wijk": beeld["buitenhof"].pk})
    assert "Anna Visser" in antwoord.content.decode()
    assert "Bram Jansen" not in antwoord.content.decode()
    # Nonsense is ignored: the whole picture (with everyone, as asked).
    antwoord = client.get(
        URL, {"netwerk": "x", "domein": "geen", "wijk": "999999", "personen": "1"}
    )
    assert antwoord.status_code == 200
    assert antwoord.context["gefilterd"] is False
    assert len(antwoord.context["gegevens"]["knopen"]) == 10


@pytest.mark.parametrize(
    "rol", ["anoniem", "beheerder", "professional", "partner", "regisseur_zonder_mfa"]
)
def test_anderen_komen_er_niet_in(client, login, request, rol, beeld):
    """The beheerder does configuration, no routine work with personal data: 403 like any other
    role; anonymous to the login page; the regisseur without a second factor sets one up."""
    if rol != "anoniem":
        login(request.getfixturevalue(rol))
    antwoord = client.get(URL)
    if rol == "anoniem":
        assert antwoord.status_code == 302
        assert antwoord["Location"].startswith(reverse("admin:login"))
    elif rol == "regisseur_zonder_mfa":
        assert antwoord.status_code == 302
        assert antwoord["Location"].startswith(reverse("mfa_activate_totp"))
    else:
        assert antwoord.status_code == 403
    assert b"Anna Visser" not in antwoord.content


@pytest.mark.parametrize("aantal", [5, 60])
def test_het_netwerkbeeld_heeft_een_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    formeel = NetwerkFactory()
    informeel = NetwerkFactory(informeel=True)
    wijk = WijkFactory()
    werkgroep = nw.Werkgroep.objects.create(naam="Werkgroep", netwerk=formeel, start=date.today())
    for i in range(aantal):
        af = AandachtsfunctionarisFactory(in_netwerk=formeel, met_locatie=True)
        nw.Werkgroeplid.objects.create(werkgroep=werkgroep, persoon=af.persoon)
        if i % 3 == 0:
            sp = SleutelpersoonFactory(op_de_achtergrond=i % 2 == 0)
            sp.wijken.add(wijk)
            nw.Lidmaatschap.objects.create(netwerk=informeel, persoon=sp.persoon)
    client = login(regisseur)
    # 12 for the session, the user, MFA, roles and the admin's permissions; 2 for the filter
    # choices; 10 for the picture, 2 more with a wijk.
    for params in (
        {},
        {"personen": "1"},
        {"wijk": wijk.pk, "domein": "onderwijs"},
        {"netwerk": formeel.pk},
    ):
        with django_assert_max_num_queries(26):
            antwoord = client.get(URL, params)
        assert antwoord.status_code == 200
    assert len(antwoord.context["gegevens"]["knopen"]) > aantal


def test_het_netwerkbeeld_opent_op_een_leesbaar_overzicht(login, regisseur, beeld):
    """Without a filter the page shows domains, networks and werkgroepen (no persons), with
    per domain and network how many people; each opens the picture of its people."""
    antwoord = login(regisseur).get(URL)
    gegevens = antwoord.context["gegevens"]
    soorten = {k["soort"] for k in gegevens["knopen"]}
    assert soorten <= {"domein", "netwerk", "werkgroep"} and "domein" in soorten
    html = antwoord.content.decode()
    assert "Anna Visser" not in html  # persons one click away, not in the first view
    assert "Iedereen tonen" in html
    domeinen = {k["naam"]: k for k in gegevens["knopen"] if k["soort"] == "domein"}
    assert domeinen, "geen domeinen in het overzicht"
    for knoop in domeinen.values():
        assert knoop["url"].startswith(URL + "?domein=")
    netwerken = {k["naam"]: k for k in gegevens["knopen"] if k["soort"] == "netwerk"}
    assert netwerken["Radicalisering Delft"]["url"] == (f"{URL}?netwerk={beeld['formeel'].pk}")
    # The text alternative keeps the members per network.
    assert {n["naam"]: n["leden"] for n in antwoord.context["samenvatting"]["netwerken"]} == {
        "Radicalisering Delft": 2,
        "Sleutelfiguren Delft": 2,
    }
    # Lines: a domain's people in a network, with how many.
    gewichten = [lijn["gewicht"] for lijn in gegevens["lijnen"] if lijn["soort"] == "domein_in"]
    assert gewichten and all(g >= 1 for g in gewichten)


def test_het_overzicht_blijft_klein_als_het_netwerk_groeit(login, regisseur):
    """Ten times the people: the overview has as many nodes (domains, networks), not more."""
    formeel = NetwerkFactory()

    def knopen():
        return len(login(regisseur).get(URL).context["gegevens"]["knopen"])

    for _ in range(3):
        AandachtsfunctionarisFactory(in_netwerk=formeel)
    voor = knopen()
    for _ in range(30):
        AandachtsfunctionarisFactory(in_netwerk=formeel)
    assert knopen() <= voor + len(nw.Domein.choices)  # at most a domain more, never persons
