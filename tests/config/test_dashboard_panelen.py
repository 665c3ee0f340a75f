"""Each dashboard panel's figures on known data, and every figure links to the filtered list
behind it (issue 8)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bijeenkomsten import services as bk
from bijeenkomsten.models import Antwoord
from netwerk.models import AandachtsfunctionarisLocatie, Lidmaatschap, Organisatie
from signalen.models import Signaal
from tests.factories import (
    AandachtsfunctionarisFactory,
    BijeenkomstFactory,
    ContactmomentFactory,
    ConvenantFactory,
    LocatieFactory,
    NetwerkFactory,
    PersoonFactory,
    SignaalFactory,
    SleutelpersoonFactory,
    lid_van,
)

pytestmark = pytest.mark.django_db


def _paneel(module, rf, user, titel):
    verzoek = rf.get("/beheer/")
    verzoek.user = user
    return next(p for p in module.panelen(verzoek) if str(p.titel) == titel)


def test_signalenpaneel(rf, regisseur, login):
    from signalen import dashboard

    nu = timezone.now()
    nieuw = SignaalFactory(fase="ingediend")
    oud_ingediend = SignaalFactory(fase="ingediend")
    Signaal.objects.filter(pk=oud_ingediend.pk).update(
        ingediend_op=nu - timedelta(days=20), fase_sinds=nu - timedelta(days=20)
    )
    wegend = SignaalFactory(fase="weging")
    Signaal.objects.filter(pk=wegend.pk).update(
        ingediend_op=nu - timedelta(days=60), fase_sinds=nu - timedelta(days=45)
    )
    SignaalFactory(fase="afgesloten")
    paneel = _paneel(dashboard, rf, regisseur, "Signalen")
    c = paneel.context
    per_fase = {label: n for label, n, _url in c["fasen"]}
    assert per_fase["Ingediend"] == 2 and per_fase["Weging"] == 1
    assert c["deze_week"] == 2  # the new one and the closed one, both filed today
    # Overdue first, the longest in its phase first, with its age in days.
    assert [(ref, dagen) for _pk, ref, _f, dagen in c["oudste"]] == [
        (wegend.referentie, 45),
        (oud_ingediend.referentie, 20),
    ]
    assert c["te_laat"] == 2
    assert nieuw.referentie not in [ref for _pk, ref, _f, _d in c["oudste"]]

    html = login(regisseur).get(reverse("admin:index")).content.decode()
    lijst = reverse("admin:signalen_signaal_changelist")
    for filter_ in ("?ingediend=week", "?termijn=te_laat", "?koppeling=mogelijk", "?fase__exact="):
        assert f'href="{lijst}{filter_}' in html, filter_
    # The links work and show what they promise.
    week = login(regisseur).get(f"{lijst}?ingediend=week").content.decode()
    assert nieuw.referentie in week and wegend.referentie not in week


def test_netwerkpaneel(rf, regisseur, login):
    from netwerk import dashboard

    org = Organisatie.objects.create(naam="Grotius College", domein="onderwijs")
    Organisatie.objects.create(naam="Oud", domein="zorg", actief=False)
    met = LocatieFactory(organisatie=org)
    LocatieFactory(organisatie=org)  # without an aandachtsfunctionaris
    af = AandachtsfunctionarisFactory(organisatie=org)
    AandachtsfunctionarisLocatie.objects.create(aandachtsfunctionaris=af, locatie=met)
    ContactmomentFactory(persoon=af.persoon)
    SleutelpersoonFactory(betrokkenheid="kern")
    stil = PersoonFactory(bekend_sinds=timezone.now() - timedelta(days=400))
    Lidmaatschap.objects.create(netwerk=NetwerkFactory(), persoon=stil)
    c = _paneel(dashboard, rf, regisseur, "Netwerk").context
    assert c["organisaties"] == 1  # the inactive one is not counted
    assert c["af"] == 1 and c["sleutelpersonen"] == 1 and c["sleutel_actief"] == 1
    assert (c["zonder_af"], c["locaties"]) == (1, 2)
    assert c["stil"] == 1  # known for 400 days, never a contact; the others are new or active
    html = login(regisseur).get(reverse("admin:index")).content.decode()
    for naam in (
        "admin:netwerk_organisatie_changelist",
        "admin:netwerk_aandachtsfunctionaris_changelist",
        "admin:netwerk_sleutelpersoon_changelist",
        "admin:netwerk_organisatie_dekking",
        "admin:netwerk_persoon_stil",
    ):
        assert f'href="{reverse(naam)}' in html, naam


def test_convenantenpaneel_noemt_wat_binnen_60_dagen_eindigt(rf, regisseur):
    from netwerk import dashboard

    vandaag = date.today()
    ConvenantFactory(naam="Convenant Veiligheidshuis", geldig_tot=vandaag + timedelta(days=30))
    ConvenantFactory(naam="Convenant Onderwijs", geldig_tot=vandaag + timedelta(days=200))
    c = _paneel(dashboard, rf, regisseur, "Convenanten").context
    assert [x.naam for x in c["binnenkort"]] == ["Convenant Veiligheidshuis"]
    assert c["van_kracht"] == 2


def test_bijeenkomstenpaneel_telt_de_antwoorden(rf, regisseur):
    from bijeenkomsten import dashboard

    netwerk = NetwerkFactory()
    for _ in range(4):
        lid_van(netwerk)
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk)
    bk.uitnodigingen_versturen(bijeenkomst)
    antwoorden = [Antwoord.JA, Antwoord.JA, Antwoord.MISSCHIEN]
    for uitnodiging, antwoord in zip(bijeenkomst.uitnodigingen.all(), antwoorden, strict=False):
        bk.antwoord_geven(uitnodiging=uitnodiging, antwoord=antwoord)
    (komend,) = _paneel(dashboard, rf, regisseur, "Bijeenkomsten").context["komende"]
    assert (komend.ja, komend.misschien, komend.genodigd) == (2, 1, 4)
