"""A monitored signal comes back at its review date: the regisseurs get one reminder per review
date through the outbox (no content, a link), the dashboard shows it under "Te herzien", and
the regisseur weighs it again."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from berichten.models import Bericht
from regio.models import Gemeente
from regio.scope import gemeente_actief
from signalen import delen
from signalen.models import Signaal
from tests.factories import SignaalFactory, UserFactory
from weging import dashboard, services, tasks
from weging.models import Uitkomst

from .conftest import ingediend, invullen, over

pytestmark = pytest.mark.django_db
SOORT = "weging.herziening"


def _gevolgd(w, dagen=30, signaal=None):
    weging = ingediend(w, signaal=signaal, uitkomst=Uitkomst.MONITOREN, herzien_op=over(dagen))
    services.weging_bevestigen(weging=weging, door=w.collega)
    return weging.signaal


def test_eenmaal_per_herziening_een_herinnering_zonder_inhoud(w):
    signaal = _gevolgd(w, dagen=30)
    assert services.herzieningen_herinneren() == 0  # not due yet
    later = over(30)
    assert services.herzieningen_herinneren(vandaag=later) == 2  # both regisseurs
    assert services.herzieningen_herinneren(vandaag=later) == 0
    assert services.herzieningen_herinneren(vandaag=later + timedelta(days=1)) == 0  # once
    berichten = Bericht.objects.filter(soort=SOORT)
    assert set(berichten.values_list("aan", flat=True)) == {w.regisseur.email, w.collega.email}
    link = reverse("admin:signalen_signaal_change", args=[signaal.pk])
    for bericht in berichten:
        assert link in bericht.tekst
        for geheim in (signaal.referentie, "Daan Vermeer", "Politie Delft", "extremistische"):
            assert geheim not in bericht.tekst and geheim not in bericht.onderwerp

    # Weighed again and monitored with a new date: that review gets its own reminder.
    opnieuw = services.weging_starten(signaal=signaal, door=w.regisseur)
    signaal.refresh_from_db()
    assert signaal.fase == "weging" and opnieuw.versie == 2
    invullen(
        opnieuw,
        w.regisseur,
        uitkomst=Uitkomst.MONITOREN,
        herzien_op=over(60),
        deelnemers=[w.politie],
    )
    services.weging_indienen(weging=opnieuw, door=w.regisseur)
    services.weging_bevestigen(weging=opnieuw, door=w.agent)
    assert services.herzieningen_herinneren(vandaag=over(60)) == 2
    assert Bericht.objects.filter(soort=SOORT).count() == 4


def test_de_taak_loopt_per_gemeente(w):
    _gevolgd(w, dagen=1)
    Signaal.objects.update(herzien_op=timezone.localdate())
    andere = Gemeente.objects.create(naam="Rijswijk")
    with gemeente_actief(andere.pk):
        UserFactory(regisseur=True, email="regisseur@rijswijk.nl")
    assert tasks.herzieningen_herinneren() == {w.signaal.gemeente_id: 2, andere.pk: 0}
    assert "regisseur@rijswijk.nl" not in Bericht.objects.values_list("aan", flat=True)


def test_het_dashboard_toont_wat_te_herzien_is_met_een_vast_aantal_queries(w):
    verzoek = RequestFactory().get("/beheer/")
    verzoek.user = w.regisseur

    def tellen():
        with CaptureQueriesContext(connection) as vragen:
            paneel = dashboard.panelen(verzoek)[0]
        return paneel, len(vragen.captured_queries)

    _gevolgd(w, dagen=5)
    Signaal.objects.filter(fase="monitoren").update(herzien_op=timezone.localdate())
    paneel, een = tellen()
    assert paneel.context["aantal_herzien"] == 1
    assert paneel.context["herzien"][0][1] == w.signaal.referentie
    html = paneel.render()
    assert reverse("admin:signalen_signaal_change", args=[w.signaal.pk]) in html
    for _ in range(9):
        s = SignaalFactory(
            melder=w.melder, categorie="radicalisering", fase="weging", door=w.regisseur
        )
        delen.signaal_delen(signaal=s, organisatie=w.politie, door=w.regisseur)
        _gevolgd(w, dagen=5, signaal=s)
        nog_te_bevestigen = SignaalFactory(melder=w.melder, fase="weging", door=w.regisseur)
        ingediend(w, signaal=nog_te_bevestigen, deelnemers=[])
    Signaal.objects.filter(fase="monitoren").update(herzien_op=timezone.localdate())
    paneel, tien = tellen()
    assert paneel.context["aantal_herzien"] == 10 and len(paneel.context["herzien"]) == 5
    assert paneel.context["aantal_bevestigen"] == 9
    assert tien == een
    # Not for anyone else.
    verzoek.user = UserFactory(beheerder=True, met_mfa=True)
    assert dashboard.panelen(verzoek) == []
