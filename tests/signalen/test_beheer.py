"""Signals in /beheer/: the list, the page (logged), moving, linking, the audit trail."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from signalen.models import Fasebeschrijving, Inzage, Koppeling, Signaal
from tests.factories import SignaalFactory, UserFactory
from tests.hulp import geneste_formulieren

pytestmark = pytest.mark.django_db
LIJST = reverse("admin:signalen_signaal_changelist")


def _pagina(signaal):
    return reverse("admin:signalen_signaal_change", args=[signaal.pk])


def _verplaats(client, signaal, naar, van=None, **extra):
    return client.post(
        reverse("admin:signalen_signaal_verplaatsen", args=[signaal.pk]),
        {"van": van or signaal.fase, "naar": naar, **extra},
        follow=True,
    )


def _meldingen(antwoord):
    return [str(m) for m in antwoord.context["messages"]]


def test_regisseur_ziet_lijst_en_signaal_en_inzage_wordt_gelogd(login, regisseur):
    signaal = SignaalFactory(persoon_naam="Daan Vermeer")
    client = login(regisseur)
    assert signaal.referentie in client.get(LIJST).content.decode()
    html = client.get(_pagina(signaal), REMOTE_ADDR="192.0.2.7").content.decode()
    assert "Daan Vermeer" in html
    inzage = Inzage.objects.get(signaal=signaal)
    assert (inzage.door, inzage.waar, inzage.ip_adres) == (regisseur, "beheer", "192.0.2.7")
    # The list itself shows no details and is not a view of one signal.
    assert Inzage.objects.count() == 1


def test_zoeken_op_naam_en_referentie(login, regisseur):
    een = SignaalFactory(persoon_naam="Yusuf El Idrissi")
    twee = SignaalFactory(persoon_naam="Lotte de Graaf")
    client = login(regisseur)
    html = client.get(LIJST, {"q": "idrissi"}).content.decode()
    assert een.referentie in html and twee.referentie not in html
    html = client.get(LIJST, {"q": twee.referentie}).content.decode()
    assert twee.referentie in html and een.referentie not in html


def test_verplaatsen_met_notitie(login, regisseur):
    signaal = SignaalFactory()
    client = login(regisseur)
    antwoord = _verplaats(client, signaal, "in_behandeling", notitie="Opgepakt", voor_melder="on")
    assert f"{signaal.referentie} staat nu in de fase ‘In behandeling’." in _meldingen(antwoord)
    stap = signaal.overgangen.latest("pk")
    assert (stap.naar, stap.notitie, stap.voor_melder, stap.door) == (
        "in_behandeling",
        "Opgepakt",
        True,
        regisseur,
    )


def test_niet_toegestane_overgang_wordt_met_reden_geweigerd(login, regisseur):
    signaal = SignaalFactory()
    client = login(regisseur)
    # A forged post: the form never offers 'afgesloten' from 'ingediend'.
    antwoord = _verplaats(client, signaal, "afgesloten")
    signaal.refresh_from_db()
    assert signaal.fase == "ingediend"
    assert any("geldige keuze" in m or "niet naar" in m for m in _meldingen(antwoord))


def test_verouderd_formulier_zegt_dat_een_collega_al_verplaatste(login, regisseur):
    signaal = SignaalFactory(fase="in_behandeling", door=regisseur)
    client = login(regisseur)
    _verplaats(client, signaal, "weging")  # a colleague, a moment earlier
    antwoord = _verplaats(client, signaal, "weging", van="in_behandeling")
    assert any("intussen verplaatst naar ‘Weging’" in m for m in _meldingen(antwoord))
    assert signaal.overgangen.filter(naar="weging").count() == 1


def test_vraag_zonder_tekst_wordt_geweigerd(login, regisseur):
    signaal = SignaalFactory(fase="in_behandeling", door=regisseur)
    antwoord = _verplaats(login(regisseur), signaal, "aanvulling_gevraagd")
    assert any("Schrijf de vraag aan de melder" in m for m in _meldingen(antwoord))
    signaal.refresh_from_db()
    assert signaal.fase == "in_behandeling"


def test_verplaatsen_per_get_verandert_niets(login, regisseur):
    signaal = SignaalFactory()
    login(regisseur).get(reverse("admin:signalen_signaal_verplaatsen", args=[signaal.pk]))
    signaal.refresh_from_db()
    assert signaal.fase == "ingediend"


def test_te_lang_in_fase_is_gemarkeerd_en_te_filteren(login, regisseur):
    oud = SignaalFactory()
    nieuw = SignaalFactory()
    Signaal.objects.filter(pk=oud.pk).update(fase_sinds=timezone.now() - timedelta(days=5))
    client = login(regisseur)
    html = client.get(LIJST, {"termijn": "te_laat"}).content.decode()
    assert oud.referentie in html and nieuw.referentie not in html
    assert "te lang" in html
    assert "Deze fase duurt langer dan verwacht." in client.get(_pagina(oud)).content.decode()
    # The regisseur sets a longer term: then it is no longer overdue.
    Fasebeschrijving.objects.filter(fase="ingediend").update(verwachte_duur_dagen=10)
    assert oud.referentie not in client.get(LIJST, {"termijn": "te_laat"}).content.decode()


def test_mogelijke_koppeling_bevestigen_en_ontkoppelen(login, regisseur):
    een = SignaalFactory(persoon_naam="Daan Vermeer", persoon_geboortedatum=date(2008, 3, 14))
    twee = SignaalFactory(persoon_naam="VERMEER, daan", persoon_geboortedatum=date(2008, 3, 14))
    koppeling = Koppeling.objects.get()
    assert koppeling.status == "mogelijk"
    client = login(regisseur)
    assert twee.referentie in client.get(LIJST, {"koppeling": "mogelijk"}).content.decode()
    assert twee.referentie in client.get(_pagina(een)).content.decode()
    url = reverse("admin:signalen_signaal_koppeling", args=[een.pk, koppeling.pk, "koppelen"])
    client.post(url)
    koppeling.refresh_from_db()
    assert (koppeling.status, koppeling.door) == ("gekoppeld", regisseur)
    url = reverse("admin:signalen_signaal_koppeling", args=[twee.pk, koppeling.pk, "ontkoppelen"])
    assert client.post(url, follow=True).status_code == 200  # (shows the message)
    koppeling.refresh_from_db()
    assert koppeling.status == "ontkoppeld"
    assert twee.referentie not in client.get(_pagina(een)).content.decode()


def test_met_de_hand_koppelen(login, regisseur):
    een, twee = SignaalFactory(), SignaalFactory()
    client = login(regisseur)
    url = reverse("admin:signalen_signaal_koppelen", args=[een.pk])
    antwoord = client.post(url, {"referentie": "S-1999-0001"}, follow=True)
    assert any("Er is geen signaal met referentie" in m for m in _meldingen(antwoord))
    antwoord = client.post(url, {"referentie": een.referentie}, follow=True)
    assert any("niet aan zichzelf" in m for m in _meldingen(antwoord))
    client.post(url, {"referentie": twee.referentie.lower()})
    koppeling = Koppeling.objects.get()
    assert (koppeling.status, koppeling.handmatig) == ("gekoppeld", True)


def test_inzage_pagina_toont_wie_keek_en_wat_veranderde(login, regisseur):
    signaal = SignaalFactory()
    melder = signaal.melder
    login(melder).get(reverse("signalen:detail", args=[signaal.referentie]))
    client = login(regisseur)
    _verplaats(client, signaal, "in_behandeling", notitie="Opgepakt")
    html = client.get(reverse("admin:signalen_signaal_inzage", args=[signaal.pk])).content
    html = html.decode()
    assert melder.email in html or escape(melder.get_full_name()) in html  # "van 't Riet"
    assert "Site" in html
    assert "in_behandeling" in html or "In behandeling" in html  # the change log of the move


def test_fasebeschrijving_bewerken_maar_niet_toevoegen_of_verwijderen(login, regisseur):
    client = login(regisseur)
    weging = Fasebeschrijving.objects.get(fase="weging")
    url = reverse("admin:signalen_fasebeschrijving_change", args=[weging.pk])
    client.post(
        url,
        {"uitleg": "Nieuwe uitleg", "verwachting": "", "verwachte_duur_dagen": "20"},
    )
    weging.refresh_from_db()
    assert (weging.uitleg, weging.verwachte_duur_dagen) == ("Nieuwe uitleg", 20)
    assert client.get(reverse("admin:signalen_fasebeschrijving_add")).status_code == 403
    assert (
        client.get(reverse("admin:signalen_fasebeschrijving_delete", args=[weging.pk])).status_code
        == 403
    )


def test_signaal_niet_toevoegen_wijzigen_of_verwijderen_in_beheer(login, regisseur):
    signaal = SignaalFactory(waarneming="Wat de melder schreef.")
    client = login(regisseur)
    assert client.get(reverse("admin:signalen_signaal_add")).status_code == 403
    client.post(_pagina(signaal), {"waarneming": "Overschreven"})
    signaal.refresh_from_db()
    assert signaal.waarneming == "Wat de melder schreef."
    verwijderen = reverse("admin:signalen_signaal_delete", args=[signaal.pk])
    assert client.post(verwijderen, {"post": "yes"}).status_code == 403
    assert Signaal.objects.filter(pk=signaal.pk).exists()


@pytest.mark.parametrize("rol", ["beheerder", "professional", "partner"])
def test_andere_rollen_worden_geweigerd(login, rol):
    user = UserFactory(**{rol: True}, met_mfa=True)
    signaal = SignaalFactory()
    client = login(user)
    urls = [
        LIJST,
        _pagina(signaal),
        reverse("admin:signalen_signaal_inzage", args=[signaal.pk]),
        reverse("admin:signalen_fasebeschrijving_changelist"),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    verplaatsen = reverse("admin:signalen_signaal_verplaatsen", args=[signaal.pk])
    koppelen = reverse("admin:signalen_signaal_koppelen", args=[signaal.pk])
    posts = [
        (verplaatsen, {"van": "ingediend", "naar": "in_behandeling"}),
        (koppelen, {"referentie": signaal.referentie}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    signaal.refresh_from_db()
    assert signaal.fase == "ingediend"
    assert not Inzage.objects.exists()


def test_beheerder_ziet_het_wijzigingslog_niet(login, beheerder):
    SignaalFactory(waarneming="Gevoelige tekst")
    client = login(beheerder)
    antwoord = client.get("/beheer/auditlog/logentry/")
    assert antwoord.status_code == 404
    assert "Gevoelige tekst" not in client.get(reverse("admin:index")).content.decode()


@pytest.mark.parametrize("aantal", [3, 40])
def test_lijst_begrensd_aantal_queries(login, regisseur, aantal, django_assert_max_num_queries):
    for i in range(aantal):
        s = SignaalFactory(
            fase=["ingediend", "weging", "afgesloten"][i % 3],
            door=regisseur,
            persoon_naam="Zelfde Naam" if i % 4 == 0 else f"Naam {i}",
            persoon_geboortedatum=date(2001, 1, 1),
        )
        del s
    client = login(regisseur)
    # Django's admin (session, user, roles, MFA, app list, filters, counts) plus the texts per
    # phase for the overdue column: 21 at either size.
    with django_assert_max_num_queries(22):
        antwoord = client.get(LIJST)
    assert antwoord.status_code == 200


@pytest.mark.parametrize("aantal", [2, 20])
def test_signaalpagina_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    signaal = SignaalFactory(persoon_naam="Zelfde Naam", persoon_geboortedatum=date(2001, 1, 1))
    for _ in range(aantal):
        SignaalFactory(persoon_naam="Zelfde Naam", persoon_geboortedatum=date(2001, 1, 1))
    client = login(regisseur)
    with django_assert_max_num_queries(30):
        antwoord = client.get(_pagina(signaal))
    assert antwoord.status_code == 200


def test_formulieren_op_de_signaalpagina_staan_niet_in_elkaar(login, regisseur):
    """Browsers drop a form nested in another: the move would post to the admin's own form."""
    een = SignaalFactory(persoon_naam="Daan Vermeer", persoon_geboortedatum=date(2008, 3, 14))
    SignaalFactory(persoon_naam="Daan Vermeer", persoon_geboortedatum=date(2008, 3, 14))
    html = login(regisseur).get(_pagina(een)).content.decode()
    for formulier in ("verplaats-form", "deel-form"):
        assert html.count(f'id="{formulier}"') == 1, formulier
    assert geneste_formulieren(html) == []


def test_wijzigingslog_is_leesbaar_met_namen_lokale_tijd_en_zonder_sleutels(
    login, regisseur, django_assert_max_num_queries
):
    """The change log reads as a supervisor reads it: who, when in local time, what changed in
    Dutch with names and labels; never raw ids, None, True or UTC."""
    regisseur.first_name, regisseur.last_name = "Marieke", "de Regisseur"
    regisseur.save()
    signaal = SignaalFactory(persoon_naam="Dirk Jansen")
    client = login(regisseur)
    _verplaats(client, signaal, "in_behandeling", notitie="Opgepakt met school", voor_melder="on")
    stap = signaal.overgangen.order_by("-pk").first()
    url = reverse("admin:signalen_signaal_inzage", args=[signaal.pk])
    html = client.get(url).content.decode()
    wijzigingen = html[html.index('id="wijzigingen"') :]
    assert "Marieke de Regisseur" in wijzigingen
    assert "Stap in het casusverloop: aangemaakt" in wijzigingen
    assert "<strong>Naar</strong>: In behandeling" in wijzigingen
    assert "<strong>Door</strong>: Marieke de Regisseur" in wijzigingen
    assert "Ingediend → In behandeling" in wijzigingen  # the signal's own phase change
    assert "<strong>Zichtbaar voor de melder</strong>: ja" in wijzigingen
    lokaal = timezone.localtime(stap.op)
    assert f"{lokaal:%H:%M}" in wijzigingen  # "In deze fase sinds" in local time
    for ruw in (
        "None",
        "True",
        "False",
        f": {regisseur.pk}<",
        "create",
        "update",
        "persoon_sleutel",
    ):
        assert ruw not in wijzigingen, ruw
    # The names are fetched once for the page, not per row.
    for n in range(3):
        _verplaats(client, signaal, "weging" if n % 2 == 0 else "in_behandeling", notitie=str(n))
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
