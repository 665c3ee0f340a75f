"""The agenda is a list of signals. Each partner sees only the items of signals shared with
their organisation under a convenant in force, asked again on every request; the others are
"Een ander punt", without reference or content. Every item shown is a view of its signal."""

import pytest
from django.urls import reverse

from casusoverleg import services
from casusoverleg.models import Agendapunt
from kern.fouten import Weigering
from signalen import delen
from signalen.models import Deling, DelingIntrekking, Inzage
from tests.factories import SignaalFactory

from .conftest import overleg_plannen

pytestmark = pytest.mark.django_db


def _pagina(client, overleg) -> str:
    antwoord = client.get(reverse("casusoverleg:overleg", args=[overleg.pk]))
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def test_twee_partners_van_verschillende_organisaties_zien_elk_hun_eigen_punt(w, overleg, client):
    client.force_login(w.agent)
    voor_agent = _pagina(client, overleg)
    client.force_login(w.behandelaar)
    voor_behandelaar = _pagina(client, overleg)

    assert w.voor_politie.referentie in voor_agent
    assert w.voor_ggz.referentie not in voor_agent
    assert w.voor_ggz.referentie in voor_behandelaar
    assert w.voor_politie.referentie not in voor_behandelaar
    # The other item is there, as an item without anything of it.
    for pagina in (voor_agent, voor_behandelaar):
        assert pagina.count("Een ander punt") == 1
        assert "Daan Vermeer" not in pagina and "Sara de Wit" not in pagina
    ander_punt = Agendapunt.objects.get(signaal=w.voor_ggz)
    assert reverse("casusoverleg:punt", args=[ander_punt.pk]) not in voor_agent
    # Each partner's view is recorded for the signal they saw, and only that one.
    assert set(Inzage.objects.values_list("door", "signaal")) == {
        (w.agent.pk, w.voor_politie.pk),
        (w.behandelaar.pk, w.voor_ggz.pk),
    }


def test_de_regisseur_ziet_alle_punten(w, overleg, login):
    pagina = _pagina(login(w.regisseur), overleg)
    assert w.voor_politie.referentie in pagina and w.voor_ggz.referentie in pagina
    assert "Een ander punt" not in pagina
    assert Inzage.objects.filter(door=w.regisseur).count() == 2


def test_een_ingetrokken_deling_verbergt_het_punt_bij_het_volgende_verzoek(w, overleg, client):
    client.force_login(w.agent)
    assert w.voor_politie.referentie in _pagina(client, overleg)
    deling = Deling.objects.get(signaal=w.voor_politie, organisatie=w.politie)
    delen.deling_intrekken(deling=deling, reden=DelingIntrekking.HANDMATIG, door=w.regisseur)
    pagina = _pagina(client, overleg)
    assert w.voor_politie.referentie not in pagina
    assert pagina.count("Een ander punt") == 2
    punt = Agendapunt.objects.get(signaal=w.voor_politie)
    assert client.get(reverse("casusoverleg:punt", args=[punt.pk])).status_code == 404


def test_een_verlopen_convenant_verbergt_het_punt_ook_zonder_taak(w, overleg, client):
    from datetime import timedelta

    from django.utils import timezone

    w.convenant.geldig_tot = timezone.localdate() - timedelta(days=1)
    w.convenant.save()  # saved directly: no event, no task; the page asks the convenant itself
    client.force_login(w.agent)
    pagina = _pagina(client, overleg)
    assert w.voor_politie.referentie not in pagina and pagina.count("Een ander punt") == 2


def test_een_partner_die_niet_is_uitgenodigd_ziet_het_overleg_niet(w, client):
    overleg = overleg_plannen(w, deelnemers=[w.agent])
    services.signaal_agenderen(casusoverleg=overleg, signaal=w.voor_ggz, door=w.regisseur)
    client.force_login(w.behandelaar)
    assert client.get(reverse("casusoverleg:overleg", args=[overleg.pk])).status_code == 404
    assert (
        overleg.bijeenkomst.titel not in client.get(reverse("casusoverleg:lijst")).content.decode()
    )
    # The item of their own signal they may open: the minutes belong to the sharing.
    punt = Agendapunt.objects.get(signaal=w.voor_ggz)
    assert client.get(reverse("casusoverleg:punt", args=[punt.pk])).status_code == 200


def test_alleen_een_signaal_in_casusoverleg_komt_op_de_agenda(w, overleg, login):
    in_weging = SignaalFactory(melder=w.melder, fase="weging", door=w.regisseur)
    with pytest.raises(Weigering, match="Alleen een signaal in de fase ‘Casusoverleg’"):
        services.signaal_agenderen(casusoverleg=overleg, signaal=in_weging, door=w.regisseur)
    client = login(w.regisseur)
    antwoord = client.post(
        reverse("casusoverleg:agenderen"),
        {"casusoverleg": overleg.pk, "signaal": in_weging.referentie, "terug": "overleg"},
        follow=True,
    )
    assert "Alleen een signaal in de fase ‘Casusoverleg’ kan op de agenda." in (
        antwoord.content.decode()
    )
    assert not Agendapunt.objects.filter(signaal=in_weging).exists()
    # Twice on one meeting: refused too.
    with pytest.raises(Weigering, match="staat al op de agenda"):
        services.signaal_agenderen(casusoverleg=overleg, signaal=w.voor_ggz, door=w.regisseur)


def test_agenderen_vanaf_de_pagina_van_het_overleg_in_volgorde(w, login):
    overleg = overleg_plannen(w)
    client = login(w.regisseur)
    pagina = _pagina(client, overleg)
    assert w.voor_politie.referentie in pagina  # offered in the form
    for signaal in (w.voor_ggz, w.voor_politie):
        antwoord = client.post(
            reverse("casusoverleg:agenderen"),
            {"casusoverleg": overleg.pk, "signaal": signaal.referentie, "terug": "overleg"},
        )
        assert antwoord.status_code == 302
    assert list(overleg.agendapunten.order_by("volgorde").values_list("signaal", flat=True)) == [
        w.voor_ggz.pk,
        w.voor_politie.pk,
    ]
    # Taken off again while nothing is recorded on it.
    punt = overleg.agendapunten.get(signaal=w.voor_politie)
    client.post(reverse("casusoverleg:punt_verwijderen", args=[punt.pk]))
    assert not overleg.agendapunten.filter(signaal=w.voor_politie).exists()


def test_geannuleerd_of_voorbij_overleg_krijgt_geen_punten(w):
    overleg = overleg_plannen(w)
    services.casusoverleg_annuleren(casusoverleg=overleg)
    with pytest.raises(Weigering, match="geannuleerd of al voorbij"):
        services.signaal_agenderen(casusoverleg=overleg, signaal=w.voor_ggz, door=w.regisseur)


def test_de_melder_ziet_niets_van_het_overleg(w, overleg, login):
    client = login(w.melder)
    punt = Agendapunt.objects.get(signaal=w.voor_politie)
    for url in (
        reverse("casusoverleg:lijst"),
        reverse("casusoverleg:overleg", args=[overleg.pk]),
        reverse("casusoverleg:punt", args=[punt.pk]),
    ):
        assert client.get(url).status_code == 403
