"""Minutes per signal are read by the regisseur and the partners the signal is shared with,
nowhere else, and every view is recorded as a view of the signal. On the signal's own pages the
meeting adds its part: for the regisseur the meetings, decisions and open actions and a way to
put it on a meeting; for a partner the decisions and minutes. The reporter sees none of it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casusoverleg import services
from casusoverleg.models import Actie, Agendapunt
from signalen.models import Inzage
from signalen.services import signaal_anonimiseren, signaal_verplaatsen

pytestmark = pytest.mark.django_db
NOTULEN = "Betrokkene is bekend bij het jongerenwerk; school houdt contact."


@pytest.fixture
def besproken(w, overleg):
    punt = Agendapunt.objects.get(signaal=w.voor_politie)
    services.notulen_opslaan(agendapunt=punt, notulen=NOTULEN, door=w.regisseur)
    services.actie_toevoegen(
        agendapunt=punt,
        omschrijving="Huisbezoek door de wijkagent",
        eigenaar=w.politie,
        uiterlijk=timezone.localdate() + timedelta(days=10),
        door=w.regisseur,
    )
    services.besluit_vastleggen(
        agendapunt=punt,
        besluit="monitoren",
        herzien_op=timezone.localdate() + timedelta(days=30),
        door=w.regisseur,
    )
    return punt


def test_notulen_voor_de_partner_met_de_deling_en_elke_inzage_vastgelegd(w, besproken, client):
    url = reverse("casusoverleg:punt", args=[besproken.pk])
    client.force_login(w.agent)
    antwoord = client.get(url)
    assert antwoord.status_code == 200
    tekst = antwoord.content.decode()
    assert NOTULEN in tekst and "Huisbezoek door de wijkagent" in tekst and "Monitoren" in tekst
    # Read only, but for marking the police's own action done (test_acties.py).
    hoofd = tekst.split("<main", 1)[1].split("</main>", 1)[0]
    assert re.findall(r'<form[^>]*action="([^"]*)"', hoofd) == [
        reverse("casusoverleg:actie_afronden", args=[besproken.acties.get().pk])
    ]
    assert hoofd.count("<form") == 1
    client.get(url)
    inzagen = Inzage.objects.filter(signaal=w.voor_politie, door=w.agent)
    assert inzagen.count() == 2
    assert set(inzagen.values_list("waar", "pagina")) == {("site", url)}

    # The partner of the other organisation: not there.
    client.force_login(w.behandelaar)
    assert client.get(url).status_code == 404
    assert not Inzage.objects.filter(door=w.behandelaar).exists()


def test_de_regisseur_schrijft_de_notulen_op_de_site(w, overleg, login):
    punt = Agendapunt.objects.get(signaal=w.voor_ggz)
    client = login(w.regisseur)
    antwoord = client.post(reverse("casusoverleg:notulen", args=[punt.pk]), {"notulen": NOTULEN})
    assert antwoord.status_code == 302
    punt.refresh_from_db()
    assert punt.notulen == NOTULEN and punt.notulen_door == w.regisseur
    assert NOTULEN in client.get(reverse("casusoverleg:punt", args=[punt.pk])).content.decode()
    assert Inzage.objects.filter(signaal=w.voor_ggz, door=w.regisseur).exists()


def test_de_melder_ziet_nergens_iets_van_het_overleg(w, besproken, login):
    client = login(w.melder)
    for url in (
        reverse("casusoverleg:punt", args=[besproken.pk]),
        reverse("casusoverleg:overleg", args=[besproken.casusoverleg_id]),
    ):
        assert client.get(url).status_code == 403
    tekst = client.get(reverse("signalen:detail", args=[w.voor_politie.referentie])).content
    tekst = tekst.decode()
    for geheim in (NOTULEN, "Huisbezoek", "Besluit casusoverleg", "Casusoverleg i20"):
        assert geheim not in tekst
    assert "Casusoverleg i20" not in client.get(reverse("signalen:mijn")).content.decode()


def test_de_pagina_van_het_signaal_voor_de_partner_toont_besluit_en_notulen(w, besproken, client):
    client.force_login(w.agent)
    tekst = client.get(
        reverse("signalen:gedeeld_detail", args=[w.voor_politie.referentie])
    ).content.decode()
    assert "casusoverleg-module" in tekst and NOTULEN in tekst and "Monitoren" in tekst
    # Another partner's own signal page shows nothing of this signal's meeting.
    client.force_login(w.behandelaar)
    tekst = client.get(
        reverse("signalen:gedeeld_detail", args=[w.voor_ggz.referentie])
    ).content.decode()
    assert NOTULEN not in tekst and "casusoverleg-module" not in tekst


def test_de_pagina_van_het_signaal_voor_de_regisseur(w, besproken, login):
    client = login(w.regisseur)
    tekst = client.get(
        reverse("admin:signalen_signaal_change", args=[w.voor_politie.pk])
    ).content.decode()
    assert "casusoverleg-module" in tekst and "Monitoren" in tekst
    assert "Huisbezoek door de wijkagent" in tekst  # an open action
    assert "agenderen-form" not in tekst  # monitoren now: not for a meeting

    # A signal in casusoverleg on no meeting yet: the form to put it on the coming one.
    from tests.factories import SignaalFactory

    nieuw = SignaalFactory(melder=w.melder, fase="casusoverleg", door=w.regisseur)
    tekst = client.get(reverse("admin:signalen_signaal_change", args=[nieuw.pk])).content.decode()
    assert "agenderen-form" in tekst and besproken.casusoverleg.bijeenkomst.titel in tekst
    antwoord = client.post(
        reverse("casusoverleg:agenderen"),
        {
            "casusoverleg": besproken.casusoverleg_id,
            "signaal": nieuw.referentie,
            "terug": "signaal",
        },
    )
    assert antwoord["Location"] == reverse("admin:signalen_signaal_change", args=[nieuw.pk])
    assert Agendapunt.objects.filter(signaal=nieuw).exists()


def test_zonder_komend_overleg_geen_formulier_maar_een_verwijzing(w, login):
    from tests.factories import SignaalFactory

    nieuw = SignaalFactory(melder=w.melder, fase="casusoverleg", door=w.regisseur)
    tekst = (
        login(w.regisseur)
        .get(reverse("admin:signalen_signaal_change", args=[nieuw.pk]))
        .content.decode()
    )
    assert "Er is geen komend casusoverleg" in tekst
    assert reverse("casusoverleg:nieuw") in tekst


def test_anonimiseren_neemt_notulen_en_acties_mee(w, besproken):
    signaal_verplaatsen(
        signaal_id=w.voor_politie.pk, van="monitoren", naar="afgesloten", door=w.regisseur
    )
    services.acties_herinneren(vandaag=timezone.localdate() + timedelta(days=10))
    signaal_anonimiseren(w.voor_politie)
    besproken.refresh_from_db()
    assert besproken.notulen == "" and besproken.besluit == "monitoren"
    assert not Actie.objects.exclude(omschrijving="").filter(agendapunt=besproken).exists()
    from berichten.models import Bericht

    assert Bericht.objects.get(
        soort="casusoverleg.actie_herinnering", aan=w.agent.email
    ).status == (Bericht.Status.INGETROKKEN)
