"""The access matrix: for every URL of the site and of /beheer/ that touches signals or
convenants, and every /beheer/ URL of trainings (who is trained, who is enrolled: the regisseur's
alone), the answer each role gets. A new URL without a row here makes the test fail.

Roles (columns): anonymous, the professional who reported the signal, another professional, a
partner whose organisation received the signal under a convenant, a partner of an organisation
that did not, the regisseur, the beheerder.
"""

import re
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLResolver, get_resolver

from netwerk import convenanten
from signalen import delen
from signalen.models import Fasebeschrijving, Koppeling, Zoekopdracht
from tests.factories import (
    PDF,
    ConvenantFactory,
    OrganisatieFactory,
    SignaalFactory,
    UserFactory,
    af_bij,
    editie,
    gemeente,
    partner_bij,
)
from trainingen import services as trainingen

ROLLEN = ["anoniem", "melder", "professional", "partner_gedeeld", "partner_anders", "regisseur",
          "beheerder"]  # fmt: skip

# GET, per role in the order of ROLLEN. 302 for anonymous is the way to the login page.
GET = {
    # --- the site -------------------------------------------------------------------------
    "signalen/nieuw/":                              "302 200 200 403 403 403 403",
    "signalen/mijn/":                               "302 200 200 403 403 403 403",
    "signalen/casusverloop/":                       "302 200 200 200 200 200 200",
    "signalen/gedeeld/":                            "302 403 403 200 200 403 403",
    "signalen/gedeeld/<referentie:referentie>/":    "302 403 403 200 404 403 403",
    "signalen/<referentie:referentie>/":            "302 200 404 403 403 403 403",
    "signalen/<referentie:referentie>/verzonden/":  "302 200 404 403 403 403 403",
    "signalen/<referentie:referentie>/aanvullen/":  "405 405 405 405 405 405 405",
    # --- /beheer/ ----------------------------------------------------------------------------
    "beheer/":                                      "302 403 403 403 403 200 200",
    "app_list:signalen":                            "302 403 403 403 403 200 404",
    "app_list:netwerk":                             "302 403 403 403 403 200 404",
    "app_list:trainingen":                          "302 403 403 403 403 200 404",
    "beheer/autocomplete/":                         "302 403 403 403 403 200 403",
    "beheer/r/<path:content_type_id>/<path:object_id>/": "302 403 403 403 403 404 404",
    "beheer/signalen/signaal/":                     "302 403 403 403 403 200 403",
    "beheer/signalen/signaal/add/":                 "302 403 403 403 403 403 403",
    "beheer/signalen/signaal/<path:object_id>/":    "302 403 403 403 403 302 302",
    "beheer/signalen/signaal/<path:object_id>/change/":  "302 403 403 403 403 200 403",
    "beheer/signalen/signaal/<path:object_id>/history/": "302 403 403 403 403 200 403",
    "beheer/signalen/signaal/<path:object_id>/delete/":  "302 403 403 403 403 403 403",
    "beheer/signalen/signaal/<int:pk>/verplaatsen/":     "302 403 403 403 403 302 403",
    "beheer/signalen/signaal/<int:pk>/koppelen/":        "302 403 403 403 403 302 403",
    "beheer/signalen/signaal/<int:pk>/koppeling/<int:koppeling>/<str:actie>/":
                                                    "302 403 403 403 403 404 403",
    "beheer/signalen/signaal/<int:pk>/inzage/":     "302 403 403 403 403 200 403",
    "beheer/signalen/signaal/<int:pk>/delen/":      "302 403 403 403 403 302 403",
    "beheer/signalen/signaal/<int:pk>/deling/<int:deling>/intrekken/":
                                                    "302 403 403 403 403 302 403",
    "beheer/signalen/fasebeschrijving/":            "302 403 403 403 403 200 403",
    "beheer/signalen/fasebeschrijving/add/":        "302 403 403 403 403 403 403",
    "beheer/signalen/fasebeschrijving/<path:object_id>/":         "302 403 403 403 403 302 302",
    "beheer/signalen/fasebeschrijving/<path:object_id>/change/":  "302 403 403 403 403 200 403",
    "beheer/signalen/fasebeschrijving/<path:object_id>/history/": "302 403 403 403 403 200 403",
    "beheer/signalen/fasebeschrijving/<path:object_id>/delete/":  "302 403 403 403 403 403 403",
    "beheer/signalen/zoekopdracht/":                "302 403 403 403 403 200 403",
    "beheer/signalen/zoekopdracht/add/":            "302 403 403 403 403 403 403",
    "beheer/signalen/zoekopdracht/<path:object_id>/":         "302 403 403 403 403 302 302",
    "beheer/signalen/zoekopdracht/<path:object_id>/change/":  "302 403 403 403 403 200 403",
    "beheer/signalen/zoekopdracht/<path:object_id>/history/": "302 403 403 403 403 200 403",
    "beheer/signalen/zoekopdracht/<path:object_id>/delete/":  "302 403 403 403 403 403 403",
    "beheer/netwerk/convenant/":                    "302 403 403 403 403 200 403",
    "beheer/netwerk/convenant/add/":                "302 403 403 403 403 200 403",
    "beheer/netwerk/convenant/<path:object_id>/":   "302 403 403 403 403 302 302",
    "beheer/netwerk/convenant/<path:object_id>/change/":  "302 403 403 403 403 200 403",
    "beheer/netwerk/convenant/<path:object_id>/history/": "302 403 403 403 403 200 403",
    "beheer/netwerk/convenant/<path:object_id>/delete/":  "302 403 403 403 403 200 403",
    "beheer/netwerk/convenant/<int:pk>/document/":  "302 403 403 403 403 200 403",
    "beheer/netwerk/convenant/<int:pk>/document/<int:versie>/": "302 403 403 403 403 200 403",
    "beheer/trainingen/trainingssoort/":            "302 403 403 403 403 200 403",
    "beheer/trainingen/trainingssoort/add/":        "302 403 403 403 403 200 403",
    "beheer/trainingen/trainingssoort/<path:object_id>/":         "302 403 403 403 403 302 302",
    "beheer/trainingen/trainingssoort/<path:object_id>/change/":  "302 403 403 403 403 200 403",
    "beheer/trainingen/trainingssoort/<path:object_id>/history/": "302 403 403 403 403 200 403",
    "beheer/trainingen/trainingssoort/<path:object_id>/delete/":  "302 403 403 403 403 403 403",
    "beheer/trainingen/editie/":                    "302 403 403 403 403 200 403",
    "beheer/trainingen/editie/add/":                "302 403 403 403 403 200 403",
    "beheer/trainingen/editie/nog-te-trainen/":     "302 403 403 403 403 200 403",
    "beheer/trainingen/editie/dekking/":            "302 403 403 403 403 200 403",
    "beheer/trainingen/editie/<int:pk>/groep/":     "302 403 403 403 403 200 403",
    "beheer/trainingen/editie/<int:pk>/aanwezigheid/": "302 403 403 403 403 302 403",
    "beheer/trainingen/editie/<int:pk>/afmelden/<int:inschrijving>/":
                                                    "302 403 403 403 403 200 403",
    "beheer/trainingen/editie/<int:pk>/annuleren/": "302 403 403 403 403 200 403",
    "beheer/trainingen/editie/<path:object_id>/":   "302 403 403 403 403 302 302",
    "beheer/trainingen/editie/<path:object_id>/change/":  "302 403 403 403 403 200 403",
    "beheer/trainingen/editie/<path:object_id>/history/": "302 403 403 403 403 200 403",
    "beheer/trainingen/editie/<path:object_id>/delete/":  "302 403 403 403 403 403 403",
    # --- the regisseur's overviews (issue 8): persons and aggregates, the regisseur's alone --
    "beheer/netwerkbeeld/":                         "302 403 403 403 403 200 403",
    "beheer/jaarverslag/":                          "302 403 403 403 403 200 403",
}  # fmt: skip

# POSTs that change something: the answer, and whether the change happened (checked below).
POST = {
    "signalen/nieuw/":                              "302 200 200 403 403 403 403",
    "signalen/<referentie:referentie>/aanvullen/":  "302 409 404 403 403 403 403",
    "beheer/signalen/signaal/<int:pk>/verplaatsen/": "302 403 403 403 403 302 403",
    "beheer/signalen/signaal/<int:pk>/koppelen/":   "302 403 403 403 403 302 403",
    "beheer/signalen/signaal/<int:pk>/koppeling/<int:koppeling>/<str:actie>/":
                                                    "302 403 403 403 403 302 403",
    "beheer/signalen/signaal/<int:pk>/delen/":      "302 403 403 403 403 302 403",
    "beheer/signalen/signaal/<int:pk>/deling/<int:deling>/intrekken/":
                                                    "302 403 403 403 403 302 403",
    "beheer/trainingen/editie/<int:pk>/groep/":     "302 403 403 403 403 302 403",
    "beheer/trainingen/editie/<int:pk>/aanwezigheid/": "302 403 403 403 403 302 403",
    "beheer/trainingen/editie/<int:pk>/afmelden/<int:inschrijving>/":
                                                    "302 403 403 403 403 302 403",
    # Last: the regisseur's cancellation closes the edition for the others above.
    "beheer/trainingen/editie/<int:pk>/annuleren/": "302 403 403 403 403 302 403",
}  # fmt: skip

RAAKT = re.compile(r"signal|convenant|^beheer/trainingen/|^beheer/(netwerkbeeld|jaarverslag)/")


def _routes(patronen, voorvoegsel=""):
    for p in patronen:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, voorvoegsel + str(p.pattern))
        else:
            yield voorvoegsel + str(p.pattern), p


def _matrixsleutels():
    """Every URL that touches signals or convenants, as the matrix names them."""
    sleutels = set()
    for route, patroon in _routes(get_resolver().url_patterns):
        if patroon.name == "app_list":
            sleutels |= {"app_list:signalen", "app_list:netwerk", "app_list:trainingen"}
        elif (
            route in ("beheer/", "beheer/autocomplete/")
            or route.startswith("beheer/r/")
            or RAAKT.search(route)
        ):
            sleutels.add(route)
    return sleutels


def test_elke_url_staat_in_de_matrix():
    ontbrekend = _matrixsleutels() - set(GET)
    assert not ontbrekend, f"Deze URL's hebben geen rij in de toegangsmatrix: {sorted(ontbrekend)}"
    verouderd = set(GET) - _matrixsleutels()
    assert not verouderd, f"Deze rijen horen bij geen URL meer: {sorted(verouderd)}"
    assert set(POST) <= set(GET)


@pytest.fixture
def wereld(db):
    gemeente()
    politie = OrganisatieFactory(naam="Politie", domein="politie")
    ggz = OrganisatieFactory(naam="GGZ", domein="ggz")
    convenant = ConvenantFactory(partijen=[politie])
    regisseur = UserFactory(regisseur=True, met_mfa=True)
    oud, convenant.document = convenant.document.name, ContentFile(PDF, name="nieuw.pdf")
    convenant.save()
    versie = convenanten.document_vervangen(convenant=convenant, oud_pad=oud, door=regisseur)
    melder = UserFactory(professional=True)
    signaal = SignaalFactory(
        melder=melder,
        fase="in_behandeling",
        door=regisseur,
        categorie="radicalisering",
        persoon_naam="Daan Vermeer",
        persoon_geboortedatum=date(2008, 3, 14),
    )
    SignaalFactory(persoon_naam="Daan Vermeer", persoon_geboortedatum=signaal.persoon_geboortedatum)
    deling = delen.delen(signaal=signaal, organisatie=politie, door=regisseur)
    training = editie(dagen=2, capaciteit=2)
    inschrijving = trainingen.inschrijven(training, af_bij(ggz))
    gebruikers = {
        "anoniem": None,
        "melder": melder,
        "professional": UserFactory(professional=True),
        "partner_gedeeld": partner_bij(politie),
        "partner_anders": partner_bij(ggz),
        "regisseur": regisseur,
        "beheerder": UserFactory(beheerder=True, met_mfa=True),
    }
    return {
        "signaal": signaal,
        "convenant": convenant,
        "versie": versie,
        "deling": deling,
        "koppeling": Koppeling.objects.get(),
        "fasebeschrijving": Fasebeschrijving.objects.get(fase="weging"),
        "zoekopdracht": Zoekopdracht.objects.create(
            door=regisseur, zoekterm_sleutel="x" * 64, aantal=1
        ),
        "editie": training,
        "trainingssoort": training.soort,
        "inschrijving": inschrijving,
        "kandidaat": af_bij(politie),
        "gebruikers": gebruikers,
    }


def _url(sleutel, w):
    if sleutel.startswith("app_list:"):
        return f"/beheer/{sleutel.split(':')[1]}/"
    if sleutel == "beheer/autocomplete/":
        return (
            "/beheer/autocomplete/"
            "?app_label=netwerk&model_name=convenantpartij&field_name=organisatie"
        )
    object_id = w["signaal"].pk
    for model in ("fasebeschrijving", "zoekopdracht", "convenant", "trainingssoort", "editie"):
        if f"/{model}/" in sleutel:
            object_id = w[model].pk
    waarden = {
        "<referentie:referentie>": w["signaal"].referentie,
        "<path:object_id>": object_id,
        "<int:pk>": object_id,
        "<int:koppeling>": w["koppeling"].pk,
        "<int:versie>": w["versie"].pk,
        "<str:actie>": "ontkoppelen",
        "<int:deling>": w["deling"].pk,
        "<int:inschrijving>": w["inschrijving"].pk,
        "<path:content_type_id>": ContentType.objects.get_for_model(w["signaal"]).pk,
    }
    url = "/" + sleutel
    for plek, waarde in waarden.items():
        url = url.replace(plek, str(waarde))
    return url


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def test_get_per_rol(wereld):
    afwijkingen = []
    for sleutel, verwacht in GET.items():
        url = _url(sleutel, wereld)
        for rol, status in zip(ROLLEN, verwacht.split(), strict=True):
            antwoord = _client(wereld["gebruikers"][rol]).get(url)
            if antwoord.status_code != int(status):
                afwijkingen.append(f"{rol:16} GET {url}: {antwoord.status_code}, verwacht {status}")
    assert not afwijkingen, "\n".join(afwijkingen)


def test_post_per_rol_en_alleen_de_regisseur_verandert_iets(wereld):
    signaal, deling = wereld["signaal"], wereld["deling"]
    gegevens = {
        "verplaatsen": {"van": "in_behandeling", "naar": "weging"},
        "koppelen": {"referentie": "S-1999-0001"},
        "delen": {"organisatie": deling.organisatie_id},
        "aanvullen": {"antwoord": "Een antwoord"},
        "nieuw": {"waarneming": ""},  # invalid on purpose: nothing may be filed
        "groep": {"persoon": [wereld["kandidaat"].pk], "actie": "uitnodigen"},
        "aanwezigheid": {"dagen": [d.pk for d in wereld["editie"].dagen.all()]},
        "afmelden": {"bevestigd": "1"},
        "annuleren": {"reden": "De trainer is ziek"},
    }
    afwijkingen = []
    for sleutel, verwacht in POST.items():
        url = _url(sleutel, wereld)
        data = next((v for k, v in gegevens.items() if f"/{k}/" in url), {})
        for rol, status in zip(ROLLEN, verwacht.split(), strict=True):
            if rol == "regisseur":
                continue  # checked last: the regisseur's POSTs change things
            antwoord = _client(wereld["gebruikers"][rol]).post(url, data)
            if antwoord.status_code != int(status):
                afwijkingen.append(
                    f"{rol:16} POST {url}: {antwoord.status_code}, verwacht {status}"
                )
    assert not afwijkingen, "\n".join(afwijkingen)
    # Nobody but the regisseur changed anything.
    signaal.refresh_from_db()
    deling.refresh_from_db()
    assert signaal.fase == "in_behandeling"
    assert deling.actief
    assert wereld["koppeling"].__class__.objects.get().status == "mogelijk"
    assert signaal.__class__.objects.count() == 2
    training, inschrijving = wereld["editie"], wereld["inschrijving"]
    training.refresh_from_db()
    inschrijving.refresh_from_db()
    assert training.status == "gepland" and inschrijving.status == "ingeschreven"
    assert not training.inschrijvingen.filter(persoon=wereld["kandidaat"]).exists()
    # And the regisseur may.
    client = _client(wereld["gebruikers"]["regisseur"])
    for sleutel in POST:
        if sleutel.startswith("beheer/"):
            url = _url(sleutel, wereld)
            data = next((v for k, v in gegevens.items() if f"/{k}/" in url), {})
            assert client.post(url, data).status_code == 302, url
    signaal.refresh_from_db()
    deling.refresh_from_db()
    assert signaal.fase == "weging" and not deling.actief
    training.refresh_from_db()
    inschrijving.refresh_from_db()
    assert training.status == "geannuleerd" and inschrijving.status == "afgemeld"
    assert training.inschrijvingen.get(persoon=wereld["kandidaat"]).status == "uitgenodigd"
