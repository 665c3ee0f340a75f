"""Meetings in /beheer/: answers counted and listed, attendance, cancelling, extra meetings,
per-person history; only for the regisseur; bounded queries."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from berichten.models import Bericht
from bijeenkomsten import services
from bijeenkomsten.models import Bijeenkomst, Reeks
from netwerk.models import Contactmoment
from tests.factories import BijeenkomstFactory, NetwerkFactory, UserFactory, lid_van
from tests.hulp import geneste_formulieren

pytestmark = pytest.mark.django_db


def _met_antwoorden(aantal):
    netwerk = NetwerkFactory()
    for _ in range(aantal):
        lid_van(netwerk)
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk)
    services.uitnodigingen_versturen(bijeenkomst)
    for i, u in enumerate(bijeenkomst.uitnodigingen.all()):
        if i % 4 != 3:
            services.antwoord_geven(uitnodiging=u, antwoord=["ja", "nee", "misschien"][i % 4])
    return bijeenkomst


def test_antwoorden_geteld_en_per_persoon(login, regisseur):
    bijeenkomst = _met_antwoorden(8)
    client = login(regisseur)
    html = client.get(reverse("admin:bijeenkomsten_bijeenkomst_change", args=[bijeenkomst.pk]))
    html = html.content.decode()
    assert "Ja: 2 · Misschien: 2 · Nee: 2 · Geen antwoord: 2" in html
    lijst = client.get(reverse("admin:bijeenkomsten_bijeenkomst_changelist")).content.decode()
    assert bijeenkomst.titel in lijst


@pytest.mark.parametrize("aantal", [4, 40])
def test_antwoordenlijst_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    bijeenkomst = _met_antwoorden(aantal)
    client = login(regisseur)
    with django_assert_max_num_queries(30):
        antwoord = client.get(
            reverse("admin:bijeenkomsten_bijeenkomst_change", args=[bijeenkomst.pk])
        )
    assert antwoord.status_code == 200


@pytest.mark.parametrize("aantal", [4, 40])
def test_aanwezigheidslijst_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    bijeenkomst = _met_antwoorden(aantal)
    client = login(regisseur)
    url = reverse("admin:bijeenkomsten_bijeenkomst_aanwezigheid", args=[bijeenkomst.pk])
    with django_assert_max_num_queries(18):
        antwoord = client.get(url)
    assert antwoord.content.decode().count('name="aanwezig"') == aantal


def test_aanwezigheid_in_een_lijst_en_historie_per_persoon(login, regisseur):
    bijeenkomst = _met_antwoorden(3)
    eerste, tweede, _derde = bijeenkomst.uitnodigingen.order_by("pk")
    client = login(regisseur)
    url = reverse("admin:bijeenkomsten_bijeenkomst_aanwezigheid", args=[bijeenkomst.pk])
    # Not before the meeting has begun: that would be a contact moment in the future.
    antwoord = client.post(url, {"aanwezig": [eerste.pk]}, follow=True)
    assert any("pas worden vastgelegd" in str(m) for m in antwoord.context["messages"])
    assert not bijeenkomst.uitnodigingen.filter(aanwezig=True).exists()
    nu = timezone.now()
    Bijeenkomst.objects.filter(pk=bijeenkomst.pk).update(
        begin=nu - timedelta(hours=3), einde=nu - timedelta(hours=1)
    )
    client.post(url, {"aanwezig": [eerste.pk, tweede.pk]})
    assert set(bijeenkomst.uitnodigingen.filter(aanwezig=True)) == {eerste, tweede}
    assert Contactmoment.objects.filter(soort="bijeenkomst").count() == 2
    historie = client.get(
        reverse("admin:bijeenkomsten_uitnodiging_changelist"),
        {"persoon__id__exact": eerste.persoon_id},
    ).content.decode()
    assert bijeenkomst.titel in historie


def test_annuleren_vraagt_bevestiging_en_bericht_iedereen(login, regisseur):
    bijeenkomst = _met_antwoorden(3)
    client = login(regisseur)
    url = reverse("admin:bijeenkomsten_bijeenkomst_annuleren", args=[bijeenkomst.pk])
    assert "3 genodigden krijgen bericht" in client.get(url).content.decode()
    bijeenkomst.refresh_from_db()
    assert not bijeenkomst.is_geannuleerd  # the GET asked, did nothing
    client.post(url, {"reden": "Zaal onder water"})
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.is_geannuleerd
    assert Bericht.objects.filter(soort="bijeenkomsten.annulering").count() == 3


def test_wijzigen_in_beheer_bericht_de_genodigden(login, regisseur):
    bijeenkomst = _met_antwoorden(2)
    client = login(regisseur)
    url = reverse("admin:bijeenkomsten_bijeenkomst_change", args=[bijeenkomst.pk])
    begin = timezone.localtime(bijeenkomst.begin) + timedelta(hours=1)
    einde = begin + timedelta(hours=2)
    antwoord = client.post(
        url,
        {
            "titel": bijeenkomst.titel,
            "begin_0": begin.strftime("%d-%m-%Y"),
            "begin_1": begin.strftime("%H:%M:%S"),
            "einde_0": einde.strftime("%d-%m-%Y"),
            "einde_1": einde.strftime("%H:%M:%S"),
            "locatie": bijeenkomst.locatie,
            "agenda": bijeenkomst.agenda,
            "verslag": "",
            "uitnodigingen-TOTAL_FORMS": "0",
            "uitnodigingen-INITIAL_FORMS": "0",
            "uitnodigingen-2-TOTAL_FORMS": "0",
            "uitnodigingen-2-INITIAL_FORMS": "0",
            "actiepunten-TOTAL_FORMS": "0",
            "actiepunten-INITIAL_FORMS": "0",
        },
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    assert Bericht.objects.filter(soort="bijeenkomsten.wijziging").count() == 2


def test_extra_bijeenkomst_in_beheer_nodigt_meteen_uit(login, regisseur):
    netwerk = NetwerkFactory(naam="SNRP", informeel=True)
    lid_van(netwerk)
    lid_van(netwerk)
    begin = timezone.localtime() + timedelta(days=1)
    client = login(regisseur)
    antwoord = client.post(
        reverse("admin:bijeenkomsten_bijeenkomst_add"),
        {
            "titel": "Extra: onrust in Buitenhof",
            "netwerk": netwerk.pk,
            "is_extra": "on",
            "begin_0": begin.strftime("%d-%m-%Y"),
            "begin_1": "19:30:00",
            "einde_0": begin.strftime("%d-%m-%Y"),
            "einde_1": "21:00:00",
            "locatie": "Buurthuis",
            "agenda": "",
            "verslag": "",
            "uitnodigingen-TOTAL_FORMS": "0",
            "uitnodigingen-INITIAL_FORMS": "0",
            "uitnodigingen-2-TOTAL_FORMS": "0",
            "uitnodigingen-2-INITIAL_FORMS": "0",
            "actiepunten-TOTAL_FORMS": "0",
            "actiepunten-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert antwoord.status_code == 200
    assert Bijeenkomst.objects.get().is_extra
    assert Bericht.objects.filter(soort="bijeenkomsten.uitnodiging").count() == 2


def test_reeks_aanmaken_plant_meteen_in(login, regisseur):
    netwerk = NetwerkFactory()
    login(regisseur).post(reverse("admin:bijeenkomsten_reeks_add"), _reeks_gegevens(netwerk))
    reeks = Reeks.objects.get()
    assert reeks.bijeenkomsten.count() >= 2
    assert timezone.localtime(reeks.bijeenkomsten.first().begin).time() == time(19, 30)


@pytest.mark.parametrize("rol", ["beheerder", "professional", "partner"])
def test_andere_rollen_worden_geweigerd(login, rol):
    bijeenkomst = BijeenkomstFactory()
    client = login(UserFactory(**{rol: True}, met_mfa=True))
    for url in [
        reverse("admin:bijeenkomsten_bijeenkomst_changelist"),
        reverse("admin:bijeenkomsten_bijeenkomst_change", args=[bijeenkomst.pk]),
        reverse("admin:bijeenkomsten_bijeenkomst_aanwezigheid", args=[bijeenkomst.pk]),
        reverse("admin:bijeenkomsten_bijeenkomst_annuleren", args=[bijeenkomst.pk]),
        reverse("admin:bijeenkomsten_reeks_changelist"),
        reverse("admin:bijeenkomsten_uitnodiging_changelist"),
    ]:
        assert client.get(url).status_code == 403, url
    url = reverse("admin:bijeenkomsten_bijeenkomst_annuleren", args=[bijeenkomst.pk])
    assert client.post(url).status_code == 403
    bijeenkomst.refresh_from_db()
    assert not bijeenkomst.is_geannuleerd
    assert date.today()


def test_gast_uitnodigen_in_beheer_en_nooit_de_andere_soort(login, regisseur):
    from tests.factories import PersoonFactory

    formeel = NetwerkFactory()
    informeel = NetwerkFactory(informeel=True)
    lid_van(formeel)
    sleutelpersoon = lid_van(informeel)
    gast = PersoonFactory(voornaam="Erik", achternaam="Smit")
    bijeenkomst = BijeenkomstFactory(netwerk=formeel)
    services.uitnodigingen_versturen(bijeenkomst)
    client = login(regisseur)
    url = reverse("admin:bijeenkomsten_bijeenkomst_change", args=[bijeenkomst.pk])
    begin, einde = timezone.localtime(bijeenkomst.begin), timezone.localtime(bijeenkomst.einde)
    basis = {
        "titel": bijeenkomst.titel,
        "begin_0": begin.strftime("%d-%m-%Y"),
        "begin_1": begin.strftime("%H:%M:%S"),
        "einde_0": einde.strftime("%d-%m-%Y"),
        "einde_1": einde.strftime("%H:%M:%S"),
        "locatie": bijeenkomst.locatie,
        "agenda": bijeenkomst.agenda,
        "verslag": "",
        "uitnodigingen-TOTAL_FORMS": "0",
        "uitnodigingen-INITIAL_FORMS": "0",
        "uitnodigingen-2-TOTAL_FORMS": "1",
        "uitnodigingen-2-INITIAL_FORMS": "0",
        "actiepunten-TOTAL_FORMS": "0",
        "actiepunten-INITIAL_FORMS": "0",
    }
    antwoord = client.post(url, {**basis, "uitnodigingen-2-0-persoon": sleutelpersoon.pk})
    assert "nooit gemengd" in antwoord.content.decode()
    assert not bijeenkomst.uitnodigingen.filter(persoon=sleutelpersoon).exists()
    client.post(url, {**basis, "uitnodigingen-2-0-persoon": gast.pk})
    uitnodiging = bijeenkomst.uitnodigingen.get(persoon=gast)
    assert uitnodiging.is_gast and uitnodiging.verstuurd_op is not None  # the others had theirs
    assert Bericht.objects.filter(aan=gast.email, soort="bijeenkomsten.uitnodiging").exists()


def test_beheerder_leest_geen_uitnodigingsteksten(login, regisseur):
    bijeenkomst = _met_antwoorden(1)
    bericht = Bericht.objects.filter(soort="bijeenkomsten.uitnodiging").get()
    url = reverse("admin:berichten_bericht_change", args=[bericht.pk])
    beheerder = UserFactory(beheerder=True, met_mfa=True)
    token = bijeenkomst.uitnodigingen.get().token
    assert token not in login(beheerder).get(url).content.decode()
    assert token in login(regisseur).get(url).content.decode()


def test_formulieren_op_de_bijeenkomstpagina_staan_niet_in_elkaar(login, regisseur):
    bijeenkomst = _met_antwoorden(2)
    html = (
        login(regisseur)
        .get(reverse("admin:bijeenkomsten_bijeenkomst_change", args=[bijeenkomst.pk]))
        .content.decode()
    )
    assert "Uitnodigingen nu versturen" in html and "Geschiedenis" in html
    assert geneste_formulieren(html) == []


def _reeks_gegevens(netwerk):
    eerste = timezone.localdate() + timedelta(days=3)
    return {
        "naam": "Netwerk AF",
        "netwerk": netwerk.pk,
        "interval_weken": 6,
        "starttijd": "19:30",
        "eindtijd": "21:30",
        "locatie": "Stadskantoor",
        "eerste_datum": eerste.strftime("%d-%m-%Y"),
        "actief": "on",
    }


def test_reeks_voor_een_netwerk_zonder_leden_waarschuwt(login, regisseur):
    """Planning meetings nobody is invited to is allowed, but never silent."""
    leeg = NetwerkFactory(naam="Sleutelpersonen Voorhof")
    client = login(regisseur)
    antwoord = client.post(
        reverse("admin:bijeenkomsten_reeks_add"), _reeks_gegevens(leeg), follow=True
    )
    meldingen = [str(m) for m in antwoord.context["messages"]]
    assert any(
        "‘Sleutelpersonen Voorhof’ heeft geen leden met een e-mailadres" in m for m in meldingen
    )
    assert Reeks.objects.get().bijeenkomsten.exists()  # planned all the same
    # With a member the same action says nothing of the kind.
    lid_van(leeg)
    antwoord = client.post(
        reverse("admin:bijeenkomsten_reeks_changelist"),
        {"action": "bijplannen", "_selected_action": [Reeks.objects.get().pk]},
        follow=True,
    )
    assert not any("geen leden" in str(m) for m in antwoord.context["messages"])


def test_bijeenkomstenlijst_opent_op_wat_komt_en_het_verleden_heet_geweest(login, regisseur):
    netwerk = NetwerkFactory()
    nu = timezone.now()
    geweest = BijeenkomstFactory(
        netwerk=netwerk, titel="Overleg van vorige maand",
        begin=nu - timedelta(days=30), einde=nu - timedelta(days=30, hours=-2),
    )  # fmt: skip
    later = BijeenkomstFactory(
        netwerk=netwerk, titel="Overleg over zes weken",
        begin=nu + timedelta(days=42), einde=nu + timedelta(days=42, hours=2),
    )  # fmt: skip
    straks = BijeenkomstFactory(
        netwerk=netwerk, titel="Overleg volgende week",
        begin=nu + timedelta(days=7), einde=nu + timedelta(days=7, hours=2),
    )  # fmt: skip
    client = login(regisseur)
    lijst = reverse("admin:bijeenkomsten_bijeenkomst_changelist")
    html = client.get(lijst).content.decode()
    assert geweest.titel not in html
    assert html.index(straks.titel) < html.index(later.titel)  # the next one first
    voorbij = client.get(lijst, {"wanneer": "voorbij"}).content.decode()
    assert geweest.titel in voorbij and later.titel not in voorbij
    assert '<td class="field-stand">Geweest</td>' in voorbij
    alle = client.get(lijst, {"wanneer": "alle"}).content.decode()
    assert all(b.titel in alle for b in (geweest, straks, later))
    assert alle.count('<td class="field-stand">Gepland</td>') == 2


def test_bijeenkomstpagina_toont_geen_technisch_versienummer(login, regisseur):
    bijeenkomst = BijeenkomstFactory()
    html = (
        login(regisseur)
        .get(reverse("admin:bijeenkomsten_bijeenkomst_change", args=[bijeenkomst.pk]))
        .content.decode()
    )
    assert "field-volgnummer" not in html and ">Versie:<" not in html
    assert "field-status" in html  # the status is still shown
