from datetime import date, timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import (
    AandachtsfunctionarisFactory,
    ContactmomentFactory,
    ConvenantFactory,
    NetwerkFactory,
    SignaalFactory,
    SleutelpersoonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_anoniem_wordt_naar_de_allauth_login_gestuurd(client):
    antwoord = client.get(reverse("admin:index"))
    assert antwoord.status_code == 302
    login = client.get(antwoord["Location"], follow=True)
    # Never Django's own admin login form (which would skip rate limits and MFA).
    assert login.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert b'name="login"' in login.content


def test_admin_loginpagina_toont_nooit_het_django_formulier(client):
    antwoord = client.get(reverse("admin:login"))
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("soort", ["professional", "partner"])
def test_verkeerde_rol_krijgt_403_in_het_beheer(login, soort):
    gebruiker = UserFactory(**{soort: True}, met_mfa=True)
    client = login(gebruiker)
    assert client.get(reverse("admin:index")).status_code == 403
    assert client.get(reverse("admin:login")).status_code == 403
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403


def test_staff_zonder_regisseursrol_komt_er_niet_in(login):
    gebruiker = UserFactory(is_staff=True, met_mfa=True)
    assert login(gebruiker).get(reverse("admin:index")).status_code == 403


def test_regisseur_ziet_het_dashboard_met_het_accountspaneel(login, regisseur):
    UserFactory.create_batch(3, professional=True)
    antwoord = login(regisseur).get(reverse("admin:index"))
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "Accounts" in html
    assert "Professional (aandachtsfunctionaris)" in html


def test_beheerder_ziet_het_dashboard(login, beheerder):
    assert login(beheerder).get(reverse("admin:index")).status_code == 200


def test_ingelogde_regisseur_op_de_admin_login_gaat_door_naar_het_dashboard(login, regisseur):
    antwoord = login(regisseur).get(reverse("admin:login") + "?next=/beheer/accounts/user/")
    assert antwoord["Location"] == "/beheer/accounts/user/"
    antwoord = login(regisseur).get(reverse("admin:login") + "?next=https://kwaad.example/")
    assert antwoord["Location"] == reverse("admin:index")


def test_wachtwoord_wijzigen_in_het_beheer_gaat_via_allauth(login, regisseur):
    antwoord = login(regisseur).get(reverse("admin:password_change"))
    assert antwoord["Location"] == reverse("account_change_password")


def test_dashboard_verzamelt_panelen_van_de_apps_in_volgorde(
    login, regisseur, settings, dashboard_alleen
):
    from tests.config.dashboard_testpanelen_app import dashboard

    dashboard_alleen(dashboard.panelen)
    engine = {**settings.TEMPLATES[0]}
    engine["DIRS"] = [*engine["DIRS"], Path(__file__).parent / "templates"]
    settings.TEMPLATES = [engine]
    html = login(regisseur).get(reverse("admin:index")).content.decode()
    assert "inhoud 1 van Eerste paneel" in html
    assert "inhoud 2 van Tweede paneel" in html
    assert html.index("Eerste paneel") < html.index("Tweede paneel")


@pytest.mark.parametrize("aantal", [2, 40])
def test_dashboard_heeft_een_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    UserFactory.create_batch(aantal, professional=True)
    UserFactory.create_batch(aantal // 2, partner=True)
    netwerk = NetwerkFactory()
    for _ in range(aantal):
        af = AandachtsfunctionarisFactory(in_netwerk=netwerk, met_locatie=True)
        ContactmomentFactory(persoon=af.persoon)
    SleutelpersoonFactory.create_batch(aantal // 2)
    for _ in range(aantal // 2):
        SignaalFactory(fase="weging", door=regisseur)
        ConvenantFactory(geldig_tot=date.today() + timedelta(days=30))
    client = login(regisseur)
    # 18 for the session, the user, roles, MFA, the app list and the accounts panel;
    # 1 for the e-mail panel, 5 + 1 for the network and convenant panels, 4 for signals, 1 for
    # the meetings panel; 5 for the trainings panel; 1 for the overdue signals, oldest first.
    # + 4 for the charts (signalen 1, netwerk 3; the training chart shares the panel's overview).
    with django_assert_max_num_queries(36 + 4):
        assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("aantal", [2, 40])
def test_accountlijst_heeft_een_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    UserFactory.create_batch(aantal, professional=True, met_mfa=True)
    client = login(regisseur)
    with django_assert_max_num_queries(20):
        antwoord = client.get(reverse("admin:accounts_user_changelist"))
    assert antwoord.status_code == 200


def test_regisseur_maakt_in_het_beheer_een_professional_aan(
    login, regisseur, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(regisseur)
    formulier = client.get(reverse("admin:accounts_user_add")).content.decode()
    assert 'value="Professional"' in formulier
    assert 'value="Netwerkregisseur"' not in formulier
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(
            reverse("admin:accounts_user_add"),
            {
                "email": "Docent@College.nl",
                "first_name": "Dirk",
                "last_name": "Docent",
                "rol": "Professional",
            },
        )
    assert antwoord.status_code == 302
    nieuw = User.objects.get(email="docent@college.nl")
    assert nieuw.groups.filter(name="Professional").exists()
    assert [m.to for m in mailoutbox] == [["docent@college.nl"]]


def test_dubbel_adres_in_het_beheer_geeft_een_nederlandse_fout_en_houdt_de_invoer(login, regisseur):
    UserFactory(email="bestaat@voorbeeld.nl")
    antwoord = login(regisseur).post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Bestaat@voorbeeld.nl",
            "first_name": "Bewaard",
            "last_name": "",
            "rol": "Partner",
        },
    )
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "Er bestaat al een account met dit e-mailadres." in html
    assert 'value="Bewaard"' in html


def test_regisseur_mag_een_andere_regisseur_niet_wijzigen(login, regisseur):
    collega = UserFactory(regisseur=True)
    antwoord = login(regisseur).get(reverse("admin:accounts_user_change", args=[collega.pk]))
    assert antwoord.status_code == 200
    assert (
        "Opslaan" not in antwoord.content.decode()
        or 'name="_save"' not in antwoord.content.decode()
    )
    antwoord = login(regisseur).post(
        reverse("admin:accounts_user_change", args=[collega.pk]),
        {"first_name": "Gekaapt", "last_name": "x", "rol": "Professional"},
    )
    assert antwoord.status_code == 403
    collega.refresh_from_db()
    assert collega.first_name != "Gekaapt"


def test_deactiveren_via_de_actie_in_het_beheer(login, regisseur):
    doelwit = UserFactory(professional=True)
    login(regisseur).post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactiveren", "_selected_action": [doelwit.pk]},
    )
    doelwit.refresh_from_db()
    assert not doelwit.is_active


def test_regisseur_kan_accounts_niet_verwijderen(login, regisseur):
    doelwit = UserFactory(professional=True)
    antwoord = login(regisseur).get(reverse("admin:accounts_user_delete", args=[doelwit.pk]))
    assert antwoord.status_code == 403


def test_accountlijst_zegt_voor_wie_tweestapsverificatie_nodig_is(login, regisseur):
    UserFactory(professional=True, email="prof@voorbeeld.nl")
    UserFactory(partner=True, email="partner-zonder@voorbeeld.nl")
    html = login(regisseur).get(reverse("admin:accounts_user_changelist")).content.decode()
    rijen = {r.split("</tr>")[0] for r in html.split("<tr")}
    prof = next(r for r in rijen if "prof@voorbeeld.nl" in r)
    partner = next(r for r in rijen if "partner-zonder@voorbeeld.nl" in r)
    eigen = next(r for r in rijen if "regisseur@voorbeeld.nl" in r)
    assert "niet nodig" in prof
    assert "nog niet ingesteld" in partner
    assert "ingesteld" in eigen and "niet" not in eigen.split("field-mfa")[1][:40]


def test_datumvelden_zeggen_overal_hoe_je_ze_schrijft(login, regisseur):
    """Not only training days: every date field in /beheer/ shows dd-mm-jjjj and a date in
    words gets a message that says how to write it (kern.beheer.Invulhulp)."""
    client = login(regisseur)
    url = reverse("admin:netwerk_werkgroep_add")
    assert 'placeholder="dd-mm-jjjj"' in client.get(url).content.decode()
    html = client.post(url, {"naam": "Werkgroep onrust", "start": "1 maart 2027"}).content.decode()
    assert "Vul een datum in als dd-mm-jjjj, bijvoorbeeld 17-05-2027." in html
