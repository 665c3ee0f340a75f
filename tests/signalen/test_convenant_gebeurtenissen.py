"""Sharing follows what the regisseur changes in the registry, on the pages where she changes it:
netwerk's services send its domain events and signalen revokes (docs/architecture.md, "Domain
events"). The register shows the active shares through the column signalen adds to it."""

import json
from datetime import date, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from guardian.shortcuts import get_perms

from netwerk import convenanten
from signalen import delen
from signalen.abonnementen import ACTIEVE_DELINGEN
from tests.factories import (
    ConvenantFactory,
    OrganisatieFactory,
    SignaalFactory,
    UserFactory,
    gemeente,
    partner_bij,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def regisseur_mfa(db):
    return UserFactory(regisseur=True, met_mfa=True)


@pytest.fixture
def politie(db):
    gemeente()
    return OrganisatieFactory(naam="Politie basisteam Delft", domein="politie")


@pytest.fixture
def convenant(politie):
    return ConvenantFactory(naam="Convenant ZVH", partijen=[politie])


@pytest.fixture
def deling(politie, convenant, regisseur_mfa):
    signaal = SignaalFactory(categorie="radicalisering")
    return delen.signaal_delen(signaal=signaal, organisatie=politie, door=regisseur_mfa)


@pytest.fixture
def agent(politie):
    return partner_bij(politie)


def _convenantpagina(client, convenant, *, verwijder=(), **velden):
    """Save the convenant's page as the regisseur would, with every party row on it."""
    rijen = list(convenant.partijrijen.order_by("pk"))
    gegevens = {
        "naam": convenant.naam,
        "doel": convenant.doel,
        "status": convenant.status,
        "geldig_van": convenant.geldig_van.isoformat(),
        "geldig_tot": convenant.geldig_tot.isoformat() if convenant.geldig_tot else "",
        "categorieen_keuze": list(convenant.categorieen.values_list("categorie", flat=True)),
        "partijrijen-TOTAL_FORMS": str(len(rijen)),
        "partijrijen-INITIAL_FORMS": str(len(rijen)),
        **velden,
    }
    for i, rij in enumerate(rijen):
        gegevens[f"partijrijen-{i}-id"] = rij.pk
        gegevens[f"partijrijen-{i}-convenant"] = convenant.pk
        gegevens[f"partijrijen-{i}-organisatie"] = rij.organisatie_id
        if rij.organisatie in verwijder:
            gegevens[f"partijrijen-{i}-DELETE"] = "on"
    antwoord = client.post(reverse("admin:netwerk_convenant_change", args=[convenant.pk]), gegevens)
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    return antwoord


def _gedeeld_detail(deling):
    return reverse("signalen:gedeeld_detail", args=[deling.signaal.referentie])


def test_partij_weg_op_de_convenantpagina_trekt_de_deling_in(
    login, politie, convenant, deling, agent, regisseur_mfa, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _convenantpagina(login(regisseur_mfa), convenant, verwijder=[politie])
    deling.refresh_from_db()
    assert deling.reden_intrekking == "partij"
    assert get_perms(politie.groep, deling.signaal) == []
    assert list(convenant.partijen.all()) == [gemeente()]
    # The admin's history names the party that went, as before.
    geschiedenis = LogEntry.objects.filter(object_id=str(convenant.pk)).latest("action_time")
    assert {"deleted": {"name": "partij", "object": "Politie basisteam Delft"}} in json.loads(
        geschiedenis.change_message
    )


def test_partij_erbij_op_de_convenantpagina_laat_de_andere_partijen_staan(
    login, politie, convenant, regisseur_mfa
):
    ggz = OrganisatieFactory(naam="GGZ Delfland", domein="ggz")
    client = login(regisseur_mfa)
    _convenantpagina(
        client,
        convenant,
        **{
            "partijrijen-TOTAL_FORMS": "3",
            "partijrijen-2-convenant": convenant.pk,
            "partijrijen-2-organisatie": ggz.pk,
        },
    )
    assert set(convenant.partijen.values_list("naam", flat=True)) == {
        "Gemeente Delft",
        "Politie basisteam Delft",
        "GGZ Delfland",
    }
    # A page that sends no party rows (only the convenant's fields) changes no party.
    antwoord = client.post(
        reverse("admin:netwerk_convenant_change", args=[convenant.pk]),
        {
            "naam": convenant.naam,
            "doel": convenant.doel,
            "status": convenant.status,
            "geldig_van": convenant.geldig_van.isoformat(),
            "geldig_tot": convenant.geldig_tot.isoformat(),
            "categorieen_keuze": ["radicalisering"],
            "partijrijen-TOTAL_FORMS": "0",
            "partijrijen-INITIAL_FORMS": "0",
        },
    )
    assert antwoord.status_code == 302
    assert convenant.partijen.count() == 3


def test_categorie_weg_op_de_convenantpagina_trekt_de_deling_in(
    login, politie, convenant, deling, agent, regisseur_mfa, django_capture_on_commit_callbacks
):
    client = login(agent)
    assert client.get(_gedeeld_detail(deling)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        _convenantpagina(login(regisseur_mfa), convenant, categorieen_keuze=["polarisatie"])
    deling.refresh_from_db()
    assert deling.reden_intrekking == "categorie"
    assert login(agent).get(_gedeeld_detail(deling)).status_code == 404


def test_verlengen_op_de_convenantpagina_laat_een_verlopen_deling_niet_herleven(
    login, politie, convenant, deling, agent, regisseur_mfa
):
    type(convenant).objects.filter(pk=convenant.pk).update(
        geldig_tot=date.today() - timedelta(days=1)
    )
    convenant.refresh_from_db()
    # No on-commit callbacks run: the share ends before the change, in the same transaction.
    _convenantpagina(
        login(regisseur_mfa),
        convenant,
        geldig_tot=(date.today() + timedelta(days=365)).isoformat(),
    )
    deling.refresh_from_db()
    assert deling.reden_intrekking == "convenant"
    assert login(agent).get(_gedeeld_detail(deling)).status_code == 404


def test_organisatie_inactief_op_haar_pagina_trekt_de_deling_in(
    login, politie, deling, agent, regisseur_mfa, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = login(regisseur_mfa).post(
            reverse("admin:netwerk_organisatie_change", args=[politie.pk]),
            {
                "naam": politie.naam,
                "domein": politie.domein,
                "partneraccounts": [agent.pk],
                "locaties-TOTAL_FORMS": "0",
                "locaties-INITIAL_FORMS": "0",
            },  # "actief" not ticked
        )
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    deling.refresh_from_db()
    assert deling.reden_intrekking == "organisatie"
    assert login(agent).get(_gedeeld_detail(deling)).status_code == 404


def test_beeindigen_in_de_lijst_trekt_de_deling_in(
    login, convenant, deling, regisseur_mfa, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login(regisseur_mfa).post(
            reverse("admin:netwerk_convenant_changelist"),
            {"action": "beeindigen", "_selected_action": [convenant.pk], "bevestigd": "ja"},
        )
    deling.refresh_from_db()
    assert deling.reden_intrekking == "convenant"


def test_beeindigen_vraagt_eerst_en_noemt_wat_er_eindigt(
    login, politie, convenant, deling, regisseur_mfa, django_capture_on_commit_callbacks
):
    """Ending a convenant from the list asks first, naming the partner organisations and the
    number of active shares it ends; only the confirmation ends it."""
    ander = OrganisatieFactory(naam="Veiligheidshuis Haaglanden")
    tweede = ConvenantFactory(naam="Convenant Veiligheidshuis", partijen=[ander])
    client = login(regisseur_mfa)
    lijst = reverse("admin:netwerk_convenant_changelist")
    gekozen = {"action": "beeindigen", "_selected_action": [convenant.pk, tweede.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        vraag = client.post(lijst, gekozen)
    html = vraag.content.decode()
    assert vraag.status_code == 200
    assert "Dit raakt 2 partnerorganisaties" in html
    assert "Politie basisteam Delft" in html and "Veiligheidshuis Haaglanden" in html
    assert "actieve delingen: <strong>1</strong>" in html
    deling.refresh_from_db()
    assert deling.ingetrokken_op is None  # nothing ended yet
    convenant.refresh_from_db()
    assert convenant.status != "beeindigd"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(lijst, {**gekozen, "bevestigd": "ja"})
    deling.refresh_from_db()
    assert deling.reden_intrekking == "convenant"
    assert {c.status for c in (convenant, tweede) if not c.refresh_from_db()} == {"beeindigd"}


# --- the register shows what signalen adds ----------------------------------------------------


def test_register_toont_de_actieve_delingen_per_convenant(
    login, politie, convenant, deling, regisseur_mfa
):
    leeg = ConvenantFactory(naam="Convenant zonder delingen", partijen=[politie])
    tweede = SignaalFactory(categorie="radicalisering")
    ingetrokken = delen.signaal_delen(signaal=tweede, organisatie=politie, door=regisseur_mfa)
    delen.deling_intrekken(deling=ingetrokken, reden="handmatig", door=regisseur_mfa)
    lijst = reverse("admin:netwerk_convenant_changelist")
    antwoord = login(regisseur_mfa).get(lijst)
    html = antwoord.content.decode()
    assert "Actieve delingen" in html
    assert html.count('<td class="field-actieve_delingen">1</td>') == 1  # the revoked one not
    assert html.count('<td class="field-actieve_delingen">0</td>') == 1
    # The column sorts, most shares first and fewest first.
    namen = [getattr(k, "__name__", k) for k in antwoord.context["cl"].list_display]
    kolom = namen.index("actieve_delingen")
    for teken, eerst, daarna in (
        ("-", "Convenant ZVH", leeg.naam),
        ("", leeg.naam, "Convenant ZVH"),
    ):
        html = login(regisseur_mfa).get(f"{lijst}?o={teken}{kolom}").content.decode()
        assert html.index(eerst) < html.index(daarna)


def test_een_registerkolom_met_een_bezette_naam_faalt_luid():
    convenanten.registerkolom_toevoegen(ACTIEVE_DELINGEN)  # again: once
    assert convenanten.registerkolommen().count(ACTIEVE_DELINGEN) == 1
    with pytest.raises(ImproperlyConfigured, match="bestaat al"):
        convenanten.registerkolom_toevoegen(
            convenanten.Registerkolom(naam="actieve_delingen", titel="x", waarde=lambda: None)
        )
    with pytest.raises(ImproperlyConfigured, match="veld van Convenant"):
        convenanten.registerkolom_toevoegen(
            convenanten.Registerkolom(naam="status", titel="x", waarde=lambda: None)
        )
    assert convenanten.registerkolommen() == [ACTIEVE_DELINGEN]
