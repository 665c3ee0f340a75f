"""Sharing a signal with a partner organisation, only as far as a convenant allows, and the
end of access on every road (DESIGN.md, "Sharing under a convenant")."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from guardian.shortcuts import get_perms

from kern.fouten import Weigering
from netwerk.convenanten import convenant_beeindigen, convenant_opslaan, partner_ontkoppelen
from netwerk.models import Convenant, ConvenantCategorie, Convenantpartij, ConvenantStatus
from netwerk.services import organisatie_opslaan
from signalen import delen, services
from signalen.models import Deling, Inzage, Signaal
from tests.factories import (
    ConvenantFactory,
    OrganisatieFactory,
    SignaalFactory,
    UserFactory,
    gemeente,
    partner_bij,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def politie(db):
    gemeente()
    return OrganisatieFactory(naam="Politie basisteam Delft", domein="politie")


@pytest.fixture
def convenant(politie):
    return ConvenantFactory(naam="Convenant ZVH", partijen=[politie])


@pytest.fixture
def agent(politie):
    # Fixed names: the page greets the agent, and a random name could be the reporter's.
    return partner_bij(politie, email="agent@politie.nl", first_name="Anton", last_name="Agterberg")


@pytest.fixture
def signaal(db):
    return SignaalFactory(
        categorie="radicalisering",
        waarneming="Deelt filmpjes.",
        persoon_naam="Daan Vermeer",
        melder__first_name="Merel",
        melder__last_name="Meldersma",
    )


@pytest.fixture
def regisseur_mfa(db):
    return UserFactory(regisseur=True, met_mfa=True)


def _gedeeld(signaal, organisatie, door):
    return delen.signaal_delen(signaal=signaal, organisatie=organisatie, door=door)


def _detail(signaal):
    return reverse("signalen:gedeeld_detail", args=[signaal.referentie])


LIJST = reverse("signalen:gedeeld")


# --- sharing ------------------------------------------------------------------------------------


def test_delen_legt_vast_en_geeft_de_groep_het_recht(signaal, politie, convenant, regisseur_mfa):
    deling = _gedeeld(signaal, politie, regisseur_mfa)
    assert (deling.convenant, deling.gedeeld_door, deling.actief) == (
        convenant,
        regisseur_mfa,
        True,
    )
    assert "view_signaal" in get_perms(politie.groep, signaal)


@pytest.mark.parametrize(
    "situatie",
    [
        "geen_convenant",
        "concept",
        "beeindigd",
        "nog_niet_begonnen",
        "verlopen",
        "organisatie_geen_partij",
        "gemeente_geen_partij",
        "categorie_niet_gedekt",
    ],
)
def test_delen_zonder_dekkend_convenant_wordt_geweigerd(situatie, signaal, politie, regisseur_mfa):
    vandaag = date.today()
    if situatie != "geen_convenant":
        c = ConvenantFactory(partijen=[politie])
        if situatie == "concept":
            c.status = ConvenantStatus.CONCEPT
        elif situatie == "beeindigd":
            c.status = ConvenantStatus.BEEINDIGD
        elif situatie == "nog_niet_begonnen":
            c.geldig_van = vandaag + timedelta(days=1)
        elif situatie == "verlopen":
            c.geldig_tot = vandaag - timedelta(days=1)
        c.save()
        if situatie == "organisatie_geen_partij":
            Convenantpartij.objects.filter(convenant=c, organisatie=politie).delete()
        elif situatie == "gemeente_geen_partij":
            Convenantpartij.objects.filter(convenant=c, organisatie=gemeente()).delete()
        elif situatie == "categorie_niet_gedekt":
            ConvenantCategorie.objects.filter(convenant=c).update(categorie="polarisatie")
    with pytest.raises(Weigering) as fout:
        _gedeeld(signaal, politie, regisseur_mfa)
    assert fout.value.reden.startswith(
        "Geen geldig convenant met Politie basisteam Delft voor categorie radicalisering."
    )
    assert not Deling.objects.exists()


def test_delen_met_de_gemeente_zelf_of_dubbel_wordt_geweigerd(
    signaal, politie, convenant, regisseur_mfa
):
    with pytest.raises(Weigering, match="is de gemeente zelf"):
        _gedeeld(signaal, gemeente(), regisseur_mfa)
    _gedeeld(signaal, politie, regisseur_mfa)
    with pytest.raises(Weigering, match="al gedeeld"):
        _gedeeld(signaal, politie, regisseur_mfa)


def test_regisseur_deelt_in_beheer_en_ziet_wie_het_kreeg(
    login, signaal, politie, convenant, regisseur_mfa
):
    client = login(regisseur_mfa)
    pagina = reverse("admin:signalen_signaal_change", args=[signaal.pk])
    html = client.get(pagina).content.decode()
    assert "Met een geldig convenant voor deze categorie" in html
    antwoord = client.post(
        reverse("admin:signalen_signaal_delen", args=[signaal.pk]),
        {"organisatie": politie.pk},
        follow=True,
    )
    meldingen = [str(m) for m in antwoord.context["messages"]]
    assert (
        f"{signaal.referentie} is gedeeld met Politie basisteam Delft onder ‘Convenant ZVH’."
        in (meldingen)
    )
    html = client.get(pagina).content.decode()
    assert "Politie basisteam Delft" in html and "Convenant ZVH" in html and "Actief" in html


def test_weigering_in_beheer_met_reden(login, signaal, regisseur_mfa):
    school = OrganisatieFactory(naam="Het College")
    antwoord = login(regisseur_mfa).post(
        reverse("admin:signalen_signaal_delen", args=[signaal.pk]),
        {"organisatie": school.pk},
        follow=True,
    )
    meldingen = [str(m) for m in antwoord.context["messages"]]
    assert any("Geen geldig convenant met Het College voor categorie radicalisering" in m
               for m in meldingen)  # fmt: skip
    assert not Deling.objects.exists()


# --- what the partner sees ----------------------------------------------------------------------


def test_partner_ziet_gedeeld_signaal_zonder_melder_en_inzage_wordt_gelogd(
    login, signaal, politie, convenant, agent, regisseur_mfa
):
    ander = SignaalFactory(categorie="radicalisering")
    _gedeeld(signaal, politie, regisseur_mfa)
    client = login(agent)
    lijst = client.get(LIJST).content.decode()
    assert signaal.referentie in lijst and ander.referentie not in lijst
    antwoord = client.get(_detail(signaal), REMOTE_ADDR="198.51.100.3")
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Deelt filmpjes." in html and "Daan Vermeer" in html
    assert "Niet gedeeld onder het convenant" in html
    assert signaal.melder.email not in html and signaal.melder.last_name not in html
    inzage = Inzage.objects.get(signaal=signaal)
    assert (inzage.door, inzage.waar, inzage.ip_adres) == (agent, "site", "198.51.100.3")
    assert client.get(_detail(ander)).status_code == 404


def test_melder_zichtbaar_als_het_convenant_dat_toestaat(
    login, signaal, politie, convenant, agent, regisseur_mfa
):
    convenant.melder_identiteit_delen = True
    convenant.save()
    _gedeeld(signaal, politie, regisseur_mfa)
    html = login(agent).get(_detail(signaal)).content.decode()
    assert escape(signaal.melder.get_full_name()) in html


def test_partner_van_een_andere_organisatie_ziet_niets(
    login, signaal, politie, convenant, regisseur_mfa
):
    _gedeeld(signaal, politie, regisseur_mfa)
    ggz = OrganisatieFactory(naam="GGZ")
    andere = partner_bij(ggz)
    client = login(andere)
    assert signaal.referentie not in client.get(LIJST).content.decode()
    assert client.get(_detail(signaal)).status_code == 404


def test_modelbreed_recht_geeft_geen_toegang(login, signaal, politie, convenant, regisseur_mfa):
    """accept_global_perms=False: a model-level permission never shows every signal."""
    ggz = OrganisatieFactory(naam="GGZ")
    andere = partner_bij(ggz)
    andere.user_permissions.add(Permission.objects.get(codename="view_signaal"))
    client = login(andere)
    assert signaal.referentie not in client.get(LIJST).content.decode()
    assert client.get(_detail(signaal)).status_code == 404


# --- access ends at once, on every road ---------------------------------------------------------


def _open_en_dan(login, agent, signaal, wijziging):
    """The partner has the page open; after the change the next request is refused."""
    client = login(agent)
    assert client.get(_detail(signaal)).status_code == 200
    wijziging()
    assert client.get(_detail(signaal)).status_code == 404
    assert signaal.referentie not in client.get(LIJST).content.decode()


def test_intrekken(login, signaal, politie, convenant, agent, regisseur_mfa):
    from django.test import Client

    deling = _gedeeld(signaal, politie, regisseur_mfa)
    beheer = Client()
    beheer.force_login(regisseur_mfa, backend="allauth.account.auth_backends.AuthenticationBackend")
    url = reverse("admin:signalen_signaal_intrekken", args=[signaal.pk, deling.pk])
    _open_en_dan(login, agent, signaal, lambda: beheer.post(url))
    deling.refresh_from_db()
    assert (deling.reden_intrekking, deling.ingetrokken_door) == ("handmatig", regisseur_mfa)
    assert get_perms(politie.groep, signaal) == []


def test_convenant_beeindigd(
    login, signaal, politie, convenant, agent, regisseur_mfa, django_capture_on_commit_callbacks
):
    deling = _gedeeld(signaal, politie, regisseur_mfa)

    def beeindigen():
        with django_capture_on_commit_callbacks(execute=True):
            convenant_beeindigen(convenant=convenant)

    _open_en_dan(login, agent, signaal, beeindigen)
    deling.refresh_from_db()
    assert deling.reden_intrekking == "convenant"
    assert get_perms(politie.groep, signaal) == []


def test_einddatum_verstreken_sluit_direct_en_de_taak_ruimt_op(
    login, signaal, politie, convenant, agent, regisseur_mfa
):
    deling = _gedeeld(signaal, politie, regisseur_mfa)
    # Midnight passed: nothing was saved, no receiver ran; the page still refuses at once.
    _open_en_dan(
        login,
        agent,
        signaal,
        lambda: Convenant.objects.filter(pk=convenant.pk).update(
            geldig_tot=date.today() - timedelta(days=1)
        ),
    )
    assert "view_signaal" in get_perms(politie.groep, signaal)  # until the safety net runs
    assert delen.delingen_herzien() == 1
    deling.refresh_from_db()
    assert deling.reden_intrekking == "convenant"
    assert get_perms(politie.groep, signaal) == []
    assert delen.delingen_herzien() == 0  # twice is safe


def test_partij_verwijderd(
    login, signaal, politie, convenant, agent, regisseur_mfa, django_capture_on_commit_callbacks
):
    deling = _gedeeld(signaal, politie, regisseur_mfa)

    def partij_weg():
        with django_capture_on_commit_callbacks(execute=True):
            convenant_opslaan(
                convenant=convenant, partijen=convenant.partijen.exclude(pk=politie.pk)
            )

    _open_en_dan(login, agent, signaal, partij_weg)
    deling.refresh_from_db()
    assert deling.reden_intrekking == "partij"


def test_categorie_uit_het_convenant(
    login, signaal, politie, convenant, agent, regisseur_mfa, django_capture_on_commit_callbacks
):
    deling = _gedeeld(signaal, politie, regisseur_mfa)

    def categorie_weg():
        with django_capture_on_commit_callbacks(execute=True):
            convenant_opslaan(convenant=convenant, categorieen=[])

    _open_en_dan(login, agent, signaal, categorie_weg)
    deling.refresh_from_db()
    assert deling.reden_intrekking == "categorie"


def test_partner_verlaat_de_organisatie(login, signaal, politie, convenant, agent, regisseur_mfa):
    _gedeeld(signaal, politie, regisseur_mfa)
    _open_en_dan(
        login, agent, signaal, lambda: partner_ontkoppelen(user=agent, organisatie=politie)
    )


def test_partner_gedeactiveerd(
    client, echt_inloggen, signaal, politie, convenant, agent, regisseur_mfa
):
    from accounts.services import account_deactiveren

    _gedeeld(signaal, politie, regisseur_mfa)
    echt_inloggen(agent)
    assert client.get(_detail(signaal)).status_code == 200
    account_deactiveren(user=agent, door=UserFactory(beheerder=True))
    antwoord = client.get(_detail(signaal))
    assert antwoord.status_code == 302  # the session was ended: back to the login page
    agent.refresh_from_db()
    assert not delen.gedeelde_signalen(agent).exists()


def test_anonimiseren_trekt_delingen_in(signaal, politie, convenant, agent, regisseur_mfa):
    deling = _gedeeld(signaal, politie, regisseur_mfa)
    services.signaal_anonimiseren(signaal)
    deling.refresh_from_db()
    assert deling.reden_intrekking == "geanonimiseerd"
    assert not delen.gedeelde_signalen(agent).exists()


def test_veiligheidsnet_verwijdert_losse_rechten(signaal, politie, convenant, agent):
    from guardian.shortcuts import assign_perm

    from netwerk.convenanten import groep_van

    assign_perm("signalen.view_signaal", groep_van(politie), signaal)  # no Deling behind it
    assert not delen.gedeelde_signalen(agent).exists()  # the second lock holds
    delen.delingen_herzien()
    assert get_perms(politie.groep, signaal) == []


def test_dagelijkse_taak_staat_in_beat():
    from config.celery import app

    app.loader.import_default_modules()
    taken = {r["task"] for r in app.conf.beat_schedule.values()}
    assert "signalen.tasks.delingen_herzien" in taken


@pytest.mark.parametrize("aantal", [2, 25])
def test_gedeelde_lijst_begrensd_aantal_queries(
    login, politie, convenant, agent, regisseur_mfa, aantal, django_assert_max_num_queries
):
    for _ in range(aantal):
        _gedeeld(SignaalFactory(categorie="radicalisering"), politie, regisseur_mfa)
    client = login(agent)
    with django_assert_max_num_queries(16):
        antwoord = client.get(LIJST)
    assert antwoord.status_code == 200
    assert antwoord.content.decode().count("/signalen/gedeeld/S-") == min(aantal, 20)


def test_signaal_onder_anonimisering_blijft_onbereikbaar(
    login, politie, convenant, agent, regisseur_mfa
):
    signaal = SignaalFactory(categorie="radicalisering")
    _gedeeld(signaal, politie, regisseur_mfa)
    Signaal.objects.filter(pk=signaal.pk).update(geanonimiseerd_op=timezone.now())
    assert login(agent).get(_detail(signaal)).status_code == 404


# --- after the second security read -------------------------------------------------------------


def test_organisatie_inactief_sluit_direct(
    login, signaal, politie, convenant, agent, regisseur_mfa, django_capture_on_commit_callbacks
):
    deling = _gedeeld(signaal, politie, regisseur_mfa)

    def opheffen():
        with django_capture_on_commit_callbacks(execute=True):
            politie.actief = False
            organisatie_opslaan(organisatie=politie)

    _open_en_dan(login, agent, signaal, opheffen)
    deling.refresh_from_db()
    assert deling.reden_intrekking == "organisatie"


def test_verlopen_deling_herleeft_niet_bij_verlenging(
    login, signaal, politie, convenant, agent, regisseur_mfa
):
    deling = _gedeeld(signaal, politie, regisseur_mfa)
    Convenant.objects.filter(pk=convenant.pk).update(geldig_tot=date.today() - timedelta(days=1))
    convenant.refresh_from_db()
    convenant.geldig_tot = date.today() + timedelta(days=365)  # extended before the night task
    convenant_opslaan(convenant=convenant)
    deling.refresh_from_db()
    assert deling.reden_intrekking == "convenant"
    assert login(agent).get(_detail(signaal)).status_code == 404  # a new share is needed


def test_rolwissel_en_deactivering_halen_de_organisatie_weg(
    login, signaal, politie, convenant, agent, regisseur_mfa, django_capture_on_commit_callbacks
):
    from accounts.services import account_activeren, account_deactiveren, rol_wijzigen
    from netwerk.convenanten import organisaties_van

    _gedeeld(signaal, politie, regisseur_mfa)
    beheerder = UserFactory(beheerder=True)
    with django_capture_on_commit_callbacks(execute=True):
        rol_wijzigen(user=agent, rol="Professional", door=beheerder)
    assert list(organisaties_van(agent)) == []
    with django_capture_on_commit_callbacks(execute=True):
        rol_wijzigen(user=agent, rol="Partner", door=beheerder)
    assert login(agent).get(_detail(signaal)).status_code == 404

    tweede = partner_bij(politie)
    with django_capture_on_commit_callbacks(execute=True):
        rol_wijzigen(user=tweede, rol="Partner", door=beheerder)  # same role again: stays
    assert list(organisaties_van(tweede)) == [politie]
    account_deactiveren(user=tweede, door=beheerder)
    account_activeren(user=tweede, door=beheerder)
    assert list(organisaties_van(tweede)) == []


def test_partner_ziet_zorg_van_de_melder_alleen_met_identiteit(
    login, politie, convenant, agent, regisseur_mfa
):
    signaal = SignaalFactory(categorie="radicalisering", zorg_melder="Als mentor van hem zie ik")
    _gedeeld(signaal, politie, regisseur_mfa)
    assert "Als mentor" not in login(agent).get(_detail(signaal)).content.decode()
    convenant.melder_identiteit_delen = True
    convenant.save()
    assert "Als mentor" in login(agent).get(_detail(signaal)).content.decode()


def test_verwijderpagina_van_een_account_noemt_geen_signalen(login, signaal, regisseur_mfa):
    from django.urls import reverse as r

    beheerder = UserFactory(beheerder=True, met_mfa=True)
    melder = signaal.melder
    html = login(beheerder).get(r("admin:accounts_user_delete", args=[melder.pk])).content
    html = html.decode()
    assert "kan niet worden verwijderd" in html  # it names the kind of object, not the object
    assert signaal.referentie not in html


def test_lidmaatschap_van_een_organisatie_staat_in_het_wijzigingslog(politie):
    from auditlog.models import LogEntry

    agent = partner_bij(politie)
    assert LogEntry.objects.get_for_object(agent).filter(changes__icontains="groups").exists()


@pytest.mark.parametrize("keuze", ["", "abc", "999999", "1; DROP"])
def test_onzin_als_organisatie_geeft_een_melding(login, signaal, regisseur_mfa, keuze):
    antwoord = login(regisseur_mfa).post(
        reverse("admin:signalen_signaal_delen", args=[signaal.pk]),
        {"organisatie": keuze},
        follow=True,
    )
    assert antwoord.status_code == 200
    assert "Kies een organisatie om mee te delen." in [str(m) for m in antwoord.context["messages"]]
    assert not Deling.objects.exists()
