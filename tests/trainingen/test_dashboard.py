"""The trainings panel on the /beheer/ dashboard: the coming editions with places taken and the
waiting list, and how many still need the basic training — on known data, for the regisseur
only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import af_bij, editie, soort
from trainingen import services
from trainingen.models import Inschrijving

pytestmark = pytest.mark.django_db


def test_paneel_toont_plaatsen_wachtlijst_en_wie_nog_moet(login, regisseur):
    basis = soort("basistraining", geldig_maanden=12)
    ed = editie(basis, titel="Basistraining voorjaar", capaciteit=2)
    for _ in range(3):
        services.persoon_inschrijven(ed, af_bij())  # 2 places, 1 waiting; none of them trained
    getraind = af_bij()
    oud = editie(basis, capaciteit=5, over=5)
    ins = services.persoon_inschrijven(oud, getraind)
    Inschrijving.objects.filter(pk=ins.pk).update(
        voltooid_op=timezone.localdate() - timedelta(days=400)
    )
    client = login(regisseur)
    tekst = client.get(reverse("admin:index")).content.decode()
    assert "Basistraining voorjaar" in tekst
    assert "2 van 2 plaatsen, 1 wachtend" in tekst
    assert "De basistraining, van 4 aandachtsfunctionarissen" in tekst
    # Each figure links to the report filtered to exactly those people.
    rapport = reverse("admin:trainingen_editie_nog_te_trainen")
    for stand, label, aantal in (
        ("geen", "Nog niet gevolgd", 3),
        ("verlopen", "Opfrissing te laat", 1),
    ):
        url = f"{rapport}?stand={stand}"
        assert f'<a href="{url}">{label}</a></th><td class="cijfer">{aantal}</td>' in tekst
        assert len(client.get(url).context["rijen"]) == aantal


def test_paneel_niet_voor_de_beheerder(login, beheerder):
    editie(titel="Basistraining voorjaar")
    tekst = login(beheerder).get(reverse("admin:index")).content.decode()
    assert "Basistraining voorjaar" not in tekst
