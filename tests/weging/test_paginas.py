"""The weging through the pages, as the regisseur, the second assessor and the partner use them;
the reporter sees the phase of their signal and nothing of the weging."""

import re

import pytest
from django.urls import reverse

from signalen.models import Inzage
from tests.hulp import geneste_formulieren
from weging.models import Indicator, Status, Weging

from .conftest import ONDERBOUWING, TOELICHTING, ingediend

pytestmark = pytest.mark.django_db


def _formulier(weging, *, aanwezig=2, **velden):
    data = {"uitkomst": "casusoverleg", "onderbouwing": ONDERBOUWING, "actie": "opslaan"}
    for i, b in enumerate(weging.beoordelingen.order_by("pk")):
        data[f"antwoord_{b.indicator_id}"] = "aanwezig" if i < aanwezig else "niet_aanwezig"
        data[f"toelichting_{b.indicator_id}"] = TOELICHTING if i < aanwezig else ""
    data.update(velden)
    return data


def test_wegen_met_een_partner_en_bevestigen_door_de_partner(w, login, client):
    ref = w.signaal.referentie
    login(w.regisseur)
    pagina = client.get(reverse("weging:signaal", args=[ref])).content.decode()
    assert "Weging starten" in pagina
    assert client.post(reverse("weging:starten", args=[ref])).status_code == 302
    pagina = client.get(reverse("weging:signaal", args=[ref])).content.decode()
    assert "Ideologie en uitingen" in pagina and "Beschermende factoren" in pagina
    assert "Politie Delft" in pagina and "GGZ Delfland" not in pagina  # who may take part
    assert not geneste_formulieren(pagina)
    weging = Weging.objects.get()

    # A concept first, then submitted with the police taking part.
    antwoord = client.post(reverse("weging:signaal", args=[ref]), _formulier(weging))
    assert antwoord.status_code == 302
    weging.refresh_from_db()
    assert weging.status == Status.CONCEPT and weging.onderbouwing == ONDERBOUWING
    antwoord = client.post(
        reverse("weging:signaal", args=[ref]),
        _formulier(weging, deelnemers=[w.politie.pk], actie="indienen"),
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("weging:versie", args=[weging.pk])
    weging.refresh_from_db()
    assert weging.status == Status.TER_BEVESTIGING

    # The regisseur's page of the signal in /beheer/ shows it waiting, with its versions.
    beheer = client.get(reverse("admin:signalen_signaal_change", args=[w.signaal.pk]))
    inhoud = beheer.content.decode()
    assert "Versie 1 staat ter bevestiging." in inhoud and "zelf ingediend" in inhoud
    assert reverse("weging:versie", args=[weging.pk]) in inhoud
    # Confirming one's own is refused, with the reason; nothing moves.
    client.post(reverse("weging:bevestigen", args=[weging.pk]))
    pagina = client.get(reverse("weging:versie", args=[weging.pk])).content.decode()
    assert "zelf ingediend" in pagina and "Weging bevestigen" not in pagina
    weging.refresh_from_db()
    assert weging.status == Status.TER_BEVESTIGING

    # The police's partner finds it on the shared signal's page and confirms it.
    login(w.agent)
    gedeeld = client.get(reverse("signalen:gedeeld_detail", args=[ref])).content.decode()
    assert "wacht op een tweede beoordelaar" in gedeeld
    versie_url = reverse("weging:versie", args=[weging.pk])
    assert versie_url in gedeeld
    pagina = client.get(versie_url).content.decode()
    assert TOELICHTING in pagina and ONDERBOUWING in pagina and "Weging bevestigen" in pagina
    assert Inzage.objects.filter(signaal=w.signaal, door=w.agent, pagina=versie_url).exists()
    antwoord = client.post(reverse("weging:bevestigen", args=[weging.pk]))
    assert antwoord.status_code == 302
    weging.refresh_from_db()
    w.signaal.refresh_from_db()
    assert weging.status == Status.BEVESTIGD and w.signaal.fase == "casusoverleg"
    gedeeld = client.get(reverse("signalen:gedeeld_detail", args=[ref])).content.decode()
    assert "Bevestigd" in gedeeld and "wacht op een tweede beoordelaar" not in gedeeld

    # The versions on the regisseur's page: who, when, outcome, confirmed by.
    login(w.regisseur)
    inhoud = client.get(reverse("weging:signaal", args=[ref])).content.decode()
    assert "Rita Regie" in inhoud and "Wim Agent" in inhoud and "Naar het casusoverleg" in inhoud


def test_de_melder_ziet_de_fase_nooit_de_weging(w, login, client):
    weging = ingediend(w, aanwezig=4)
    login(w.agent)
    client.post(reverse("weging:bevestigen", args=[weging.pk]))
    w.signaal.refresh_from_db()
    assert w.signaal.fase == "casusoverleg"

    login(w.melder)
    teksten = [TOELICHTING, ONDERBOUWING, "weging versie", "Weging van", "tweede beoordelaar"]
    teksten += list(Indicator.objects.filter(groep__kader=w.kader).values_list("tekst", flat=True))
    for url in (
        reverse("signalen:mijn"),
        reverse("signalen:detail", args=[w.signaal.referentie]),
    ):
        pagina = client.get(url).content.decode()
        assert "Casusoverleg" in pagina  # the phase
        for tekst in teksten:
            assert tekst.lower() not in pagina.lower(), (url, tekst)
    # And the weging's pages refuse the reporter.
    for url in (
        reverse("weging:versie", args=[weging.pk]),
        reverse("weging:signaal", args=[w.signaal.referentie]),
    ):
        assert client.get(url).status_code == 403


def test_een_organisatie_die_niet_meedoet_wordt_geweigerd_op_de_pagina(w, login, client):
    login(w.regisseur)
    ref = w.signaal.referentie
    client.post(reverse("weging:starten", args=[ref]))
    weging = Weging.objects.get()
    antwoord = client.post(
        reverse("weging:signaal", args=[ref]), _formulier(weging, deelnemers=[w.ggz.pk])
    )
    assert antwoord.status_code == 400
    assert "Deze organisatie kan niet deelnemen" in antwoord.content.decode()
    assert not weging.deelnames.exists()
    # Submitting an incomplete weging keeps the concept and says what is missing.
    data = _formulier(weging, actie="indienen", onderbouwing="")
    antwoord = client.post(reverse("weging:signaal", args=[ref]), data, follow=True)
    inhoud = antwoord.content.decode()
    assert "Opgeslagen, maar nog niet ingediend" in inhoud and "onderbouw de uitkomst" in inhoud
    weging.refresh_from_db()
    assert weging.status == Status.CONCEPT


def test_een_partner_van_een_andere_organisatie_ziet_de_weging_niet(w, login, client):
    weging = ingediend(w)
    login(w.behandelaar)
    assert client.get(reverse("weging:versie", args=[weging.pk])).status_code == 404
    assert client.post(reverse("weging:bevestigen", args=[weging.pk])).status_code == 404
    weging.refresh_from_db()
    assert weging.status == Status.TER_BEVESTIGING
    # A concept is not shown to a partner, not even one who will take part.
    concept = ingediend(w, signaal=_nog_een(w), deelnemers=[w.politie])
    concept.status = Status.CONCEPT
    concept.save()
    login(w.agent)
    assert client.get(reverse("weging:versie", args=[concept.pk])).status_code == 404


def _nog_een(w):
    from signalen import delen
    from tests.factories import SignaalFactory

    s = SignaalFactory(melder=w.melder, categorie="radicalisering", fase="weging", door=w.regisseur)
    delen.signaal_delen(signaal=s, organisatie=w.politie, door=w.regisseur)
    return s


def test_terugsturen_op_de_pagina_en_een_volgende_versie(w, login, client):
    weging = ingediend(w)
    login(w.collega)
    antwoord = client.post(reverse("weging:terugsturen", args=[weging.pk]), {"reden": ""})
    assert antwoord.status_code == 400
    assert "Schrijf waarom u de weging terugstuurt." in antwoord.content.decode()
    client.post(
        reverse("weging:terugsturen", args=[weging.pk]),
        {"reden": "Eerst navragen bij de school."},
    )
    weging.refresh_from_db()
    assert weging.status == Status.TERUGGESTUURD
    login(w.regisseur)
    pagina = client.get(reverse("weging:versie", args=[weging.pk])).content.decode()
    assert "Eerst navragen bij de school." in pagina
    client.post(reverse("weging:starten", args=[w.signaal.referentie]))
    assert Weging.objects.filter(signaal=w.signaal, versie=2, status="concept").exists()


def test_het_overzicht_en_de_dashboardlinks(w, login, client, django_assert_max_num_queries):
    weging = ingediend(w)
    login(w.collega)
    pagina = client.get(reverse("weging:overzicht")).content.decode()
    assert reverse("weging:versie", args=[weging.pk]) in pagina
    assert w.signaal.referentie in pagina
    index = client.get(reverse("admin:index")).content.decode()
    assert "Te herzien" in index and "Wegingen ter bevestiging" in index
    assert re.search(r'class="cijfer ter-bevestiging">1<', index)
