import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts import rollen, services
from tests.conftest import link_uit_mail
from tests.factories import WACHTWOORD, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_er_is_geen_open_aanmelding(client):
    antwoord = client.get(reverse("account_signup"))
    assert "Zelf aanmelden kan niet" in antwoord.content.decode()
    client.post(
        reverse("account_signup"),
        {"email": "indringer@voorbeeld.nl", "password1": "x" * 20, "password2": "x" * 20},
    )
    assert not User.objects.filter(email="indringer@voorbeeld.nl").exists()
    # The login page does not invite anyone to sign up.
    assert reverse("account_signup") not in client.get(reverse("account_login")).content.decode()


def test_regisseur_maakt_account_en_de_nieuwe_gebruiker_stelt_zelf_een_wachtwoord_in(
    client, regisseur, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        nieuw = services.account_aanmaken(
            email="  Nieuwe.Collega@School.NL ",
            voornaam="Nadia",
            achternaam="de Vries",
            rol=rollen.PROFESSIONAL,
            door=regisseur,
        )
    assert nieuw.email == "nieuwe.collega@school.nl"
    assert not nieuw.has_usable_password()
    assert rollen.rollen_van(User.objects.get(pk=nieuw.pk)) == {rollen.PROFESSIONAL}

    assert len(outbox) == 1
    assert outbox[0].to == ["nieuwe.collega@school.nl"]
    assert "wachtwoord" in outbox[0].subject.lower()
    link = link_uit_mail(outbox[0])

    # The link leads to a form (allauth first moves the key into the session).
    antwoord = client.get(link, follow=True)
    assert antwoord.status_code == 200
    formulier_url = antwoord.redirect_chain[-1][0] if antwoord.redirect_chain else link

    # A too-short password is refused with a Dutch message and nothing changes.
    te_kort = client.post(formulier_url, {"password1": "kort12", "password2": "kort12"})
    assert "Dit wachtwoord is te kort" in te_kort.content.decode()
    nieuw.refresh_from_db()
    assert not nieuw.has_usable_password()

    goed = "paardenbloem-vlieger-77"
    client.post(formulier_url, {"password1": goed, "password2": goed})
    nieuw.refresh_from_db()
    assert nieuw.check_password(goed)

    # The same link does not work a second time.
    opnieuw = client.get(link, follow=True)
    assert "Deze link werkt niet meer" in opnieuw.content.decode()
    assert 'name="password1"' not in opnieuw.content.decode()

    # And the new professional can log in with e-mail and password.
    client.logout()
    antwoord = client.post(
        reverse("account_login"), {"login": "nieuwe.collega@school.nl", "password": goed}
    )
    assert antwoord.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_regisseur_mag_geen_regisseur_of_beheerder_aanmaken(regisseur):
    with pytest.raises(PermissionDenied):
        services.account_aanmaken(
            email="collega@gemeente.nl", rol=rollen.NETWERKREGISSEUR, door=regisseur
        )
    assert not User.objects.filter(email="collega@gemeente.nl").exists()


def test_beheerder_maakt_een_regisseur_met_toegang_tot_het_beheer(beheerder):
    nieuw = services.account_aanmaken(
        email="regie@gemeente.nl", rol=rollen.NETWERKREGISSEUR, door=beheerder
    )
    assert nieuw.is_staff
    assert rollen.mag_beheer_in(nieuw)


def test_een_professional_mag_geen_accounts_aanmaken(professional):
    with pytest.raises(PermissionDenied):
        services.account_aanmaken(
            email="x@voorbeeld.nl", rol=rollen.PROFESSIONAL, door=professional
        )


def test_dubbel_e_mailadres_wordt_geweigerd_ongeacht_hoofdletters(regisseur):
    UserFactory(email="bestaat@voorbeeld.nl")
    with pytest.raises(ValidationError) as fout:
        services.account_aanmaken(email="BESTAAT@voorbeeld.nl", rol=rollen.PARTNER, door=regisseur)
    assert "bestaat al" in str(fout.value)


def test_ongeldig_e_mailadres_geeft_nederlandse_fout(regisseur):
    with pytest.raises(ValidationError) as fout:
        services.account_aanmaken(email="geen-adres", rol=rollen.PARTNER, door=regisseur)
    assert "geldig e-mailadres" in str(fout.value)


def test_wachtwoord_vergeten_stuurt_een_werkende_link(client, professional, outbox):
    client.post(reverse("account_reset_password"), {"email": professional.email})
    assert len(outbox) == 1
    antwoord = client.get(link_uit_mail(outbox[0]), follow=True)
    formulier_url = antwoord.redirect_chain[-1][0]
    nieuw = "zonnebloem-kompas-31"
    client.post(formulier_url, {"password1": nieuw, "password2": nieuw})
    professional.refresh_from_db()
    assert professional.check_password(nieuw)


def test_inloggen_met_e_mailadres_en_fout_wachtwoord_geeft_nederlandse_melding(
    client, professional
):
    antwoord = client.post(
        reverse("account_login"), {"login": professional.email, "password": "fout-wachtwoord-123"}
    )
    assert antwoord.status_code == 200
    assert "Het e-mailadres en/of wachtwoord is niet juist." in antwoord.content.decode()
    goed = client.post(
        reverse("account_login"), {"login": professional.email.upper(), "password": WACHTWOORD}
    )
    assert goed.status_code == 302


def test_inlogpogingen_worden_beperkt(client, professional):
    for _ in range(5):
        client.post(
            reverse("account_login"), {"login": professional.email, "password": "fout-1234567"}
        )
    # Even the right password is refused once the limit is reached.
    antwoord = client.post(
        reverse("account_login"), {"login": professional.email, "password": WACHTWOORD}
    )
    assert antwoord.status_code == 200
    assert "Te veel inlogpogingen" in antwoord.content.decode()
    assert "_auth_user_id" not in client.session


def test_gedeactiveerd_account_kan_niet_inloggen(client, regisseur):
    gebruiker = UserFactory(professional=True)
    services.account_deactiveren(user=gebruiker, door=regisseur)
    antwoord = client.post(
        reverse("account_login"), {"login": gebruiker.email, "password": WACHTWOORD}
    )
    assert "_auth_user_id" not in client.session
    assert antwoord.status_code in (200, 302)


def test_gebruiker_kan_geen_extra_e_mailadres_toevoegen(echt_inloggen, professional):
    client = echt_inloggen(professional)
    client.post(reverse("account_email"), {"action_add": "", "email": "prive@voorbeeld.nl"})
    assert list(professional.emailaddress_set.values_list("email", flat=True)) == [
        professional.email
    ]


def test_eerste_beheerder_via_de_opdrachtregel(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import CommandError, call_command

    uit = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("beheerder_aanmaken", "Beheer@Gemeente.nl", "--voornaam", "Bram", stdout=uit)
    beheerder = get_user_model().objects.get(email="beheer@gemeente.nl")
    assert beheerder.is_superuser and beheerder.is_staff and not beheerder.has_usable_password()
    assert mailoutbox[0].to == ["beheer@gemeente.nl"]
    link = link_uit_mail(mailoutbox[0])
    # The terminal shows a link too, for when the mail does not arrive. The mail's own link is
    # made when it is sent (never stored in the outbox), so the two may differ by their
    # timestamp; both lead to setting this account's password.
    getoond = re.search(r"https?://\S+", uit.getvalue()).group(0)
    uid = link.rstrip("/").rsplit("/", 1)[1].split("-")[0]
    assert getoond.rstrip("/").rsplit("/", 1)[1].split("-")[0] == uid
    assert "Deze link werkt niet meer" not in Client().get(getoond, follow=True).content.decode()
    # The link works: the beheerder sets a password and can log in at once.
    pagina = client.get(link, follow=True)
    client.post(
        pagina.redirect_chain[-1][0] if pagina.redirect_chain else link,
        {"password1": "een-heel-goed-wachtwoord", "password2": "een-heel-goed-wachtwoord"},
    )
    antwoord = client.post(
        reverse("account_login"),
        {"login": "beheer@gemeente.nl", "password": "een-heel-goed-wachtwoord"},
    )
    assert antwoord.status_code == 302
    with pytest.raises(CommandError, match="bestaat al"):
        call_command("beheerder_aanmaken", "beheer@gemeente.nl", stdout=StringIO())


def test_uitnodiging_noemt_de_authenticator_app_alleen_waar_die_verplicht_is(
    regisseur, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.account_aanmaken(email="prof@x.nl", rol=rollen.PROFESSIONAL, door=regisseur)
        services.account_aanmaken(email="partner@x.nl", rol=rollen.PARTNER, door=regisseur)
    professional, partner = mailoutbox
    assert "authenticator" not in professional.body
    assert "authenticator-app" in partner.body


def test_na_het_instellen_van_het_wachtwoord_een_weg_naar_inloggen(
    client, regisseur, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.account_aanmaken(email="nieuw@x.nl", rol=rollen.PROFESSIONAL, door=regisseur)
    formulier = client.get(link_uit_mail(mailoutbox[0]), follow=True)
    assert "Wachtwoord instellen" in formulier.content.decode()
    klaar = client.post(
        formulier.redirect_chain[-1][0],
        {"password1": "paardenbloem-vlieger-77", "password2": "paardenbloem-vlieger-77"},
        follow=True,
    )
    html = klaar.content.decode()
    assert "Uw wachtwoord is opgeslagen" in html and reverse("account_login") in html
