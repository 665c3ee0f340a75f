"""The registry in /beheer/: access, filters, actions, coverage and quiet views."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerk import models as nw
from tests.factories import (
    AandachtsfunctionarisFactory,
    ContactmomentFactory,
    LidmaatschapFactory,
    LocatieFactory,
    NetwerkFactory,
    OrganisatieFactory,
    PersoonFactory,
    SleutelpersoonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PAGINAS = [
    "admin:netwerk_persoon_changelist",
    "admin:netwerk_organisatie_changelist",
    "admin:netwerk_organisatie_dekking",
    "admin:netwerk_persoon_stil",
    "admin:netwerk_netwerk_changelist",
    "admin:netwerk_sleutelpersoon_changelist",
    "admin:netwerk_aandachtsfunctionaris_changelist",
    "admin:netwerk_werkgroep_changelist",
    "admin:netwerk_contactmoment_changelist",
    "admin:netwerk_wijk_changelist",
    "admin:netwerk_gemeenschap_changelist",
    "admin:netwerk_locatie_changelist",
    "admin:netwerk_persoon_import",
    "admin:netwerk_persoon_export",
    "admin:netwerk_organisatie_import",
    "admin:netwerk_organisatie_export",
    "admin:netwerk_locatie_import",
    "admin:netwerk_lidmaatschap_changelist",
    "admin:netwerk_lidmaatschap_export",
    "admin:netwerk_organisatie_add",
    "admin:netwerk_persoon_add",
    "admin:netwerk_persoon_import_voorbeeld",
    "admin:netwerk_organisatie_import_voorbeeld",
    "admin:netwerk_locatie_import_voorbeeld",
]


@pytest.mark.parametrize("naam", PAGINAS)
def test_regisseur_opent_elke_beheerpagina(login, regisseur, naam):
    antwoord = login(regisseur).get(reverse(naam), follow=True)
    assert antwoord.status_code == 200


@pytest.mark.parametrize("naam", PAGINAS)
@pytest.mark.parametrize("soort", ["professional", "partner", "beheerder"])
def test_verkeerde_rol_wordt_overal_geweigerd(login, naam, soort):
    gebruiker = UserFactory(**{soort: True}, met_mfa=True)
    assert login(gebruiker).get(reverse(naam)).status_code == 403


@pytest.mark.parametrize("aantal", [3, 40])
def test_personenlijst_heeft_een_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    netwerk = NetwerkFactory()
    for _ in range(aantal):
        af = AandachtsfunctionarisFactory(in_netwerk=netwerk, met_locatie=True)
        ContactmomentFactory(persoon=af.persoon)
    for _ in range(aantal // 3):
        SleutelpersoonFactory()
    client = login(regisseur)
    with django_assert_max_num_queries(30):
        antwoord = client.get(reverse("admin:netwerk_persoon_changelist"))
    assert antwoord.status_code == 200


@pytest.mark.parametrize("aantal", [3, 30])
def test_dekking_heeft_een_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    for _ in range(aantal):
        af = AandachtsfunctionarisFactory(met_locatie=True)
        LocatieFactory(organisatie=af.organisatie)
    client = login(regisseur)
    # 12 for the session, the user, MFA, roles and the admin's permissions; 3 for the page.
    with django_assert_max_num_queries(18):
        antwoord = client.get(reverse("admin:netwerk_organisatie_dekking"))
    assert antwoord.status_code == 200
    assert len(antwoord.context["dekking"]) == aantal


def test_dekkingspagina_toont_locaties_zonder_aandachtsfunctionaris(login, regisseur):
    school = OrganisatieFactory(naam="Stanislas College")
    LocatieFactory(organisatie=school, naam="Westplantsoen")
    html = (
        login(regisseur)
        .get(reverse("admin:netwerk_organisatie_dekking"), {"gaten": "1"})
        .content.decode()
    )
    assert "Stanislas College" in html and "Westplantsoen" in html


def test_stil_geworden(login, regisseur):
    stil = AandachtsfunctionarisFactory(
        persoon__voornaam="Stille",
        persoon__achternaam="Willem",
        persoon__bekend_sinds=timezone.now() - timedelta(days=2000),
    ).persoon
    ContactmomentFactory(persoon=stil, datum=date(2021, 3, 1))
    html = (
        login(regisseur)
        .get(reverse("admin:netwerk_persoon_stil"), {"maanden": "12"})
        .content.decode()
    )
    assert "Stille Willem" in html
    assert "1 maart 2021" in html


def test_filters_van_de_personenlijst(login, regisseur):
    ggz = OrganisatieFactory(domein=nw.Domein.GGZ)
    af = AandachtsfunctionarisFactory(organisatie=ggz, persoon__achternaam="Ggzmedewerker")
    sp = SleutelpersoonFactory(persoon__achternaam="Sleutelfiguur")
    client = login(regisseur)
    url = reverse("admin:netwerk_persoon_changelist")
    html = client.get(url, {"rol": "sleutelpersoon"}).content.decode()
    assert "Sleutelfiguur" in html and "Ggzmedewerker" not in html
    html = client.get(url, {"domein": "ggz"}).content.decode()
    assert "Ggzmedewerker" in html and "Sleutelfiguur" not in html
    html = client.get(url, {"q": af.persoon.email}).content.decode()
    assert "Ggzmedewerker" in html
    assert sp


def test_anonimiseren_vraagt_eerst_bevestiging(login, regisseur):
    persoon = PersoonFactory(voornaam="Bewaard")
    client = login(regisseur)
    url = reverse("admin:netwerk_persoon_changelist")
    eerst = client.post(url, {"action": "anonimiseren", "_selected_action": [persoon.pk]})
    assert eerst.status_code == 200
    assert "Dit kan niet ongedaan worden gemaakt" in eerst.content.decode()
    persoon.refresh_from_db()
    assert persoon.voornaam == "Bewaard"
    client.post(
        url, {"action": "anonimiseren", "_selected_action": [persoon.pk], "bevestigd": "ja"}
    )
    persoon.refresh_from_db()
    assert persoon.geanonimiseerd_op is not None


def test_account_geven_vanuit_een_persoon(
    login, regisseur, mailoutbox, django_capture_on_commit_callbacks
):
    persoon = PersoonFactory(email="kees@wijkteam.nl")
    client = login(regisseur)
    url = reverse("admin:netwerk_persoon_changelist")
    formulier = client.post(url, {"action": "account_geven", "_selected_action": [persoon.pk]})
    assert "Account aanmaken" in formulier.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {"action": "account_geven", "_selected_action": [persoon.pk], "rol": "Professional"},
        )
    persoon.refresh_from_db()
    assert persoon.account is not None
    assert mailoutbox[-1].to == ["kees@wijkteam.nl"]


def test_lidmaatschappen_altijd_van_een_soort(login, regisseur):
    LidmaatschapFactory(netwerk=NetwerkFactory(naam="Formeel AF"), persoon__achternaam="Formele")
    LidmaatschapFactory(
        netwerk=NetwerkFactory(naam="Sleutelnetwerk", informeel=True),
        persoon__achternaam="Informele",
    )
    client = login(regisseur)
    antwoord = client.get(reverse("admin:netwerk_lidmaatschap_changelist"))
    assert antwoord.status_code == 302
    html = client.get(antwoord["Location"]).content.decode()
    assert "Formele" in html and "Informele" not in html


def test_export_van_personen_weigert_een_mix(login, regisseur):
    AandachtsfunctionarisFactory()
    SleutelpersoonFactory()
    client = login(regisseur)
    antwoord = client.post(
        reverse("admin:netwerk_persoon_export"), {"format": "0", "resource": "0"}, follow=True
    )
    assert "nooit samen" in antwoord.content.decode()
    gefilterd = client.post(
        reverse("admin:netwerk_persoon_export") + "?rol=af", {"format": "0", "resource": "0"}
    )
    assert gefilterd.status_code == 200
    assert gefilterd["Content-Disposition"].startswith("attachment")


def test_het_register_is_alleen_voor_de_regisseur_niet_voor_de_beheerder(
    login, regisseur, beheerder
):
    """The beheerder does configuration, no routine work: a key person "op de achtergrond"
    is listed to nobody but the regisseur, not on any page of the registry."""
    verborgen = SleutelpersoonFactory(persoon__achternaam="Achtergrond", op_de_achtergrond=True)
    werkgroep = nw.Werkgroep.objects.create(naam="Incident", start=date(2026, 1, 1))
    nw.Werkgroeplid.objects.create(werkgroep=werkgroep, persoon=verborgen.persoon)
    regisseur_html = login(regisseur).get(reverse("admin:netwerk_persoon_changelist")).content
    assert "Achtergrond" in regisseur_html.decode()
    assert "Dekking per locatie" in login(regisseur).get(reverse("admin:index")).content.decode()
    client = login(beheerder)
    urls = [reverse(naam) for naam in PAGINAS] + [
        reverse("admin:netwerk_werkgroep_change", args=[werkgroep.pk]),
        reverse("admin:netwerk_werkgroep_history", args=[werkgroep.pk]),
        reverse("admin:netwerk_persoon_change", args=[verborgen.persoon.pk]),
        reverse("admin:autocomplete")
        + "?app_label=netwerk&model_name=werkgroeplid&field_name=persoon&term=Achter",
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    dashboard = client.get(reverse("admin:index")).content.decode()
    assert "Dekking per locatie" not in dashboard


def test_contactmoment_vastleggen_voor_meerdere_personen(login, regisseur):
    a, b = PersoonFactory(), PersoonFactory()
    client = login(regisseur)
    url = reverse("admin:netwerk_persoon_changelist")
    formulier = client.post(url, {"action": "contactmoment_vastleggen", "_selected_action": [a.pk]})
    assert "Vastleggen" in formulier.content.decode()
    toekomst = client.post(
        url,
        {
            "action": "contactmoment_vastleggen",
            "_selected_action": [a.pk, b.pk],
            "datum": "2099-01-01",
            "soort": "gesprek",
        },
    )
    assert "niet in de toekomst" in toekomst.content.decode()
    assert not nw.Contactmoment.objects.exists()
    client.post(
        url,
        {
            "action": "contactmoment_vastleggen",
            "_selected_action": [a.pk, b.pk],
            "datum": "2026-11-01",
            "soort": "bijeenkomst",
            "notitie": "Netwerkbijeenkomst november",
        },
    )
    momenten = nw.Contactmoment.objects.all()
    assert {m.persoon for m in momenten} == {a, b}
    assert all(m.door == regisseur and m.datum == date(2026, 11, 1) for m in momenten)


def test_personen_toevoegen_aan_een_netwerk(login, regisseur):
    netwerk = NetwerkFactory(naam="Ondermijning Tanthof")
    oud = LidmaatschapFactory(netwerk=netwerk, actief=False, tot=date(2025, 1, 1))
    nieuw = PersoonFactory()
    login(regisseur).post(
        reverse("admin:netwerk_persoon_changelist"),
        {
            "action": "netwerk_toevoegen",
            "_selected_action": [oud.persoon.pk, nieuw.pk],
            "netwerk": netwerk.pk,
            "sinds": "2026-11-01",
        },
    )
    oud.refresh_from_db()
    assert oud.actief and oud.tot is None
    assert nw.Lidmaatschap.objects.get(persoon=nieuw).sinds == date(2026, 11, 1)


def test_soort_van_een_netwerk_ligt_vast_na_aanmaken(login, regisseur):
    netwerk = NetwerkFactory(naam="Vast")
    login(regisseur).post(
        reverse("admin:netwerk_netwerk_change", args=[netwerk.pk]),
        {"naam": "Vast", "thema": "radicalisering", "soort": "informeel", "actief": "on"},
    )
    netwerk.refresh_from_db()
    assert netwerk.soort == nw.NetwerkSoort.FORMEEL


def test_locaties_van_een_aandachtsfunctionaris_komen_uit_de_eigen_organisatie(login, regisseur):
    af = AandachtsfunctionarisFactory(organisatie__naam="Eigen School")
    LocatieFactory(organisatie=af.organisatie, naam="Eigen gebouw")
    LocatieFactory(naam="Vreemd gebouw")
    html = (
        login(regisseur)
        .get(reverse("admin:netwerk_aandachtsfunctionaris_change", args=[af.pk]))
        .content.decode()
    )
    assert "Eigen gebouw" in html and "Vreemd gebouw" not in html


def test_lidmaatschap_beeindigen(login, regisseur):
    lid = LidmaatschapFactory(sinds=date(2024, 1, 1))
    login(regisseur).post(
        reverse("admin:netwerk_lidmaatschap_changelist") + "?netwerk__soort__exact=formeel",
        {"action": "beeindigen", "_selected_action": [lid.pk]},
    )
    lid.refresh_from_db()
    assert not lid.actief and lid.tot is not None


def test_contactmoment_in_het_beheer_onthoudt_wie_het_vastlegde(login, regisseur):
    persoon = PersoonFactory()
    login(regisseur).post(
        reverse("admin:netwerk_contactmoment_add"),
        {"persoon": persoon.pk, "datum": "2026-10-01", "soort": "telefoon", "notitie": "Belde"},
    )
    assert nw.Contactmoment.objects.get().door == regisseur


def test_geanonimiseerde_persoon_is_alleen_nog_te_bekijken(login, regisseur):
    from netwerk import services

    persoon = PersoonFactory()
    services.persoon_anonimiseren(persoon=persoon, door=regisseur)
    url = reverse("admin:netwerk_persoon_change", args=[persoon.pk])
    client = login(regisseur)
    assert client.get(url).status_code == 200
    client.post(url, {"voornaam": "Terug"})
    persoon.refresh_from_db()
    assert persoon.voornaam == "Geanonimiseerd"


def _inline_beheerformulieren(antwoord) -> dict:
    """The management-form fields of every inline on an admin change page, as POST data."""
    data = {}
    for inline in antwoord.context["inline_admin_formsets"]:
        beheer = inline.formset.management_form
        for naam, veld in beheer.fields.items():
            data[f"{inline.formset.prefix}-{naam}"] = beheer.initial.get(naam, veld.initial)
        data[f"{inline.formset.prefix}-TOTAL_FORMS"] = 0
    return data


def test_regisseur_legt_een_persoon_met_rollen_vast_in_een_formulier(login, regisseur):
    school = OrganisatieFactory(naam="Vermeer Lyceum")
    gemeenschap = nw.Gemeenschap.objects.create(naam="Eritrese gemeenschap")
    client = login(regisseur)
    url = reverse("admin:netwerk_persoon_add")
    leeg = client.get(url)
    html = leeg.content.decode()
    for kop in ["rollen als aandachtsfunctionaris", "rol als sleutelpersoon", "contactmomenten"]:
        assert kop in html.lower()
    data = {
        **_inline_beheerformulieren(leeg),
        "voornaam": "Yonas",
        "achternaam": "Tesfaye",
        "email": "Yonas@Voorbeeld.nl",
        "telefoon": "06 87654321",
        "aandachtsfunctionarisrollen-TOTAL_FORMS": 1,
        "aandachtsfunctionarisrollen-0-organisatie": school.pk,
        "aandachtsfunctionarisrollen-0-functie": "Mentor",
        "aandachtsfunctionarisrollen-0-actief": "on",
        "sleutelpersoon-TOTAL_FORMS": 1,
        "sleutelpersoon-0-betrokkenheid": "kern",
        "sleutelpersoon-0-actief": "on",
        "sleutelpersoon-0-gemeenschappen": [gemeenschap.pk],
        "contactmomenten-TOTAL_FORMS": 1,
        "contactmomenten-0-datum": "2026-11-02",
        "contactmomenten-0-soort": "gesprek",
        "contactmomenten-0-notitie": "Kennismaking",
    }
    antwoord = client.post(url, data)
    assert antwoord.status_code == 302, antwoord.context["errors"] if antwoord.context else ""
    persoon = nw.Persoon.objects.get()
    assert persoon.email == "yonas@voorbeeld.nl"
    assert persoon.aandachtsfunctionarisrollen.get().organisatie == school
    assert list(persoon.sleutelpersoon.gemeenschappen.all()) == [gemeenschap]
    assert persoon.contactmomenten.get().door == regisseur


def test_dubbel_e_mailadres_in_het_formulier_geeft_een_nederlandse_fout(login, regisseur):
    PersoonFactory(email="jan@school.nl")
    client = login(regisseur)
    url = reverse("admin:netwerk_persoon_add")
    data = {
        **_inline_beheerformulieren(client.get(url)),
        "voornaam": "Jan",
        "email": "JAN@school.nl",
    }
    antwoord = client.post(url, data)
    assert antwoord.status_code == 200
    assert "Er bestaat al een persoon met dit e-mailadres." in antwoord.content.decode()
    assert nw.Persoon.objects.count() == 1


LIJSTEN = [
    "admin:netwerk_organisatie_changelist",
    "admin:netwerk_locatie_changelist",
    "admin:netwerk_aandachtsfunctionaris_changelist",
    "admin:netwerk_sleutelpersoon_changelist",
    "admin:netwerk_netwerk_changelist",
    "admin:netwerk_werkgroep_changelist",
    "admin:netwerk_contactmoment_changelist",
    "admin:netwerk_wijk_changelist",
    "admin:netwerk_persoon_stil",
]


def _netwerk_van_grootte(aantal):
    formeel = NetwerkFactory()
    informeel = NetwerkFactory(informeel=True)
    werkgroep = nw.Werkgroep.objects.create(naam="Onrust", start=date(2026, 1, 1))
    for i in range(aantal):
        af = AandachtsfunctionarisFactory(in_netwerk=formeel, met_locatie=True)
        ContactmomentFactory(persoon=af.persoon, datum=date(2020, 1, 1))
        nw.Persoon.objects.filter(pk=af.persoon.pk).update(
            aangemaakt_op=timezone.now() - timedelta(days=2000)
        )
        sp = SleutelpersoonFactory()
        sp.gemeenschappen.add(nw.Gemeenschap.objects.create(naam=f"Gemeenschap {i}"))
        sp.wijken.add(af.locaties.get().wijk)
        nw.Lidmaatschap.objects.create(netwerk=informeel, persoon=sp.persoon)
        nw.Werkgroeplid.objects.create(werkgroep=werkgroep, persoon=sp.persoon)


@pytest.mark.parametrize("naam", LIJSTEN)
@pytest.mark.parametrize("aantal", [2, 25])
def test_elke_lijst_heeft_een_begrensd_aantal_queries(
    login, regisseur, naam, aantal, django_assert_max_num_queries
):
    _netwerk_van_grootte(aantal)
    client = login(regisseur)
    with django_assert_max_num_queries(30):
        antwoord = client.get(reverse(naam))
    assert antwoord.status_code == 200


@pytest.mark.parametrize("aantal", [2, 25])
def test_ledenlijst_en_persoonspagina_hebben_een_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    _netwerk_van_grootte(aantal)
    persoon = nw.Persoon.objects.filter(sleutelpersoon__isnull=False).first()
    for _ in range(aantal):
        ContactmomentFactory(persoon=persoon)
    client = login(regisseur)
    with django_assert_max_num_queries(30):
        client.get(
            reverse("admin:netwerk_lidmaatschap_changelist") + "?netwerk__soort__exact=formeel"
        )
    with django_assert_max_num_queries(45):
        antwoord = client.get(reverse("admin:netwerk_persoon_change", args=[persoon.pk]))
    assert antwoord.status_code == 200


def test_account_geven_en_anonimiseren_vanaf_de_persoonspagina(
    login, regisseur, mailoutbox, django_capture_on_commit_callbacks
):
    persoon = PersoonFactory(email="kees@wijkteam.nl", voornaam="Kees")
    client = login(regisseur)
    pagina = client.get(reverse("admin:netwerk_persoon_change", args=[persoon.pk])).content
    account_url = reverse("admin:netwerk_persoon_account_geven", args=[persoon.pk])
    anoniem_url = reverse("admin:netwerk_persoon_anonimiseren", args=[persoon.pk])
    assert account_url in pagina.decode() and anoniem_url in pagina.decode()

    assert "Account aanmaken" in client.get(account_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(
            account_url,
            {"action": "account_geven", "_selected_action": [persoon.pk], "rol": "Professional"},
        )
    assert antwoord["Location"] == reverse("admin:netwerk_persoon_change", args=[persoon.pk])
    persoon.refresh_from_db()
    assert persoon.account is not None and mailoutbox[-1].to == ["kees@wijkteam.nl"]

    assert "Dit kan niet ongedaan worden gemaakt" in client.get(anoniem_url).content.decode()
    client.post(
        anoniem_url,
        {"action": "anonimiseren", "_selected_action": [persoon.pk], "bevestigd": "ja"},
    )
    persoon.refresh_from_db()
    assert persoon.geanonimiseerd_op is not None
    assert client.get(anoniem_url).status_code == 404


@pytest.mark.parametrize("soort", ["professional", "partner"])
def test_verkeerde_rol_mag_geen_persoonsacties(login, soort):
    persoon = PersoonFactory()
    client = login(UserFactory(**{soort: True}, met_mfa=True))
    for naam in ["admin:netwerk_persoon_account_geven", "admin:netwerk_persoon_anonimiseren"]:
        assert client.get(reverse(naam, args=[persoon.pk])).status_code == 403


def test_geanonimiseerde_personen_staan_standaard_niet_in_de_lijst(login, regisseur):
    from netwerk import services

    PersoonFactory(achternaam="Zichtbaar")
    services.persoon_anonimiseren(persoon=PersoonFactory(), door=regisseur)
    client = login(regisseur)
    url = reverse("admin:netwerk_persoon_changelist")
    assert "Geanonimiseerd" not in client.get(url).content.decode().split("changelist-filter")[0]
    assert "Geanonimiseerd #" in client.get(url, {"geanonimiseerd": "ja"}).content.decode()
    alle = client.get(url, {"geanonimiseerd": "alle"}).content.decode()
    assert "Zichtbaar" in alle and "Geanonimiseerd #" in alle


def test_contactmoment_in_de_toekomst_wordt_overal_geweigerd(login, regisseur):
    persoon = PersoonFactory()
    antwoord = login(regisseur).post(
        reverse("admin:netwerk_contactmoment_add"),
        {"persoon": persoon.pk, "datum": "2099-01-01", "soort": "telefoon"},
    )
    assert antwoord.status_code == 200
    assert "kan niet in de toekomst liggen" in antwoord.content.decode()
    assert not nw.Contactmoment.objects.exists()
