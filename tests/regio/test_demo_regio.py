"""The demo of a whole region (issue 18): ``demo_data --regio`` makes 38 gemeenten of the sizes
of the seeds' region, each with its own regisseur, network and signals, none of another's."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from netwerk.models import Aandachtsfunctionaris
from regio.models import Gemeente
from regio.scope import alle_gemeenten, gemeente_actief
from signalen.models import Signaal


@pytest.mark.django_db
def test_een_regio_van_38_gemeenten_elk_met_eigen_gegevens(settings):
    settings.DEBUG = True
    call_command("demo_data", regio=True, stdout=StringIO())
    with alle_gemeenten():
        gemeenten = list(Gemeente.objects.gemeenten())
        tellingen = {
            "signalen": Signaal.objects.count(),
            "af": Aandachtsfunctionaris.objects.count(),
        }
    assert len(gemeenten) == 38
    inwoners = sorted(g.inwoners for g in gemeenten)
    assert inwoners[-1] == 250_000  # one large city
    assert sum(1 for n in inwoners if 50_000 <= n < 250_000) >= 3  # a few of 50,000 and up
    assert sum(1 for n in inwoners if 15_000 <= n <= 30_000) >= 30  # most 15,000-30,000

    groot = next(g for g in gemeenten if g.inwoners == 250_000)
    klein = next(g for g in gemeenten if g.inwoners <= 30_000)
    for gemeente in (groot, klein):
        with gemeente_actief(gemeente.pk):
            regisseur = get_user_model().objects.get(groups__name="Netwerkregisseur")
            assert regisseur.email.endswith(".demo.netwerkregie.nl")
            assert Signaal.objects.exists() and Aandachtsfunctionaris.objects.exists()
            # Nothing of another gemeente: every signal's reporter is this gemeente's.
            assert set(Signaal.objects.values_list("melder__gemeente", flat=True)) == {gemeente.pk}
    with gemeente_actief(groot.pk):
        grote = (Signaal.objects.count(), Aandachtsfunctionaris.objects.count())
    with gemeente_actief(klein.pk):
        kleine = (Signaal.objects.count(), Aandachtsfunctionaris.objects.count())
    assert grote[0] > 5 * kleine[0] and grote[1] > 5 * kleine[1]  # in proportion to size

    # Running it again changes nothing.
    call_command("demo_data", regio=True, stdout=StringIO())
    with alle_gemeenten():
        assert Gemeente.objects.gemeenten().count() == 38
        assert Signaal.objects.count() == tellingen["signalen"]
        assert Aandachtsfunctionaris.objects.count() == tellingen["af"]
