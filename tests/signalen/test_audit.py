"""The audit trail itself: trustworthy addresses, searches, nothing identifying left after
anonymisation, and the concept of an expired session that only its owner gets back."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry as AuditlogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from kern.clientadres import clientadres
from kern.fouten import Weigering
from signalen import services
from signalen.models import Inzage, Overgang, Signaal, Zoekopdracht
from signalen.views import CONCEPT
from tests.factories import SignaalFactory, UserFactory

pytestmark = pytest.mark.django_db


def _verzoek(rf, **meta):
    return rf.get("/", **meta)


def test_adres_zonder_proxy_is_remote_addr_en_geen_header(rf, settings):
    settings.VERTROUWDE_PROXIES = 0
    verzoek = _verzoek(rf, REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert clientadres(verzoek) == "192.0.2.10"


def test_adres_achter_een_proxy_is_wat_die_proxy_toevoegde(rf, settings):
    settings.VERTROUWDE_PROXIES = 1
    # The client sent a forged first entry; our proxy appended the real address.
    verzoek = _verzoek(
        rf, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.7"
    )
    assert clientadres(verzoek) == "198.51.100.7"


def test_onzin_als_adres_breekt_niets(rf, settings, login, regisseur):
    settings.VERTROUWDE_PROXIES = 1
    assert clientadres(_verzoek(rf, HTTP_X_FORWARDED_FOR="unknown")) is None
    signaal = SignaalFactory()
    antwoord = login(regisseur).get(
        reverse("admin:signalen_signaal_change", args=[signaal.pk]),
        HTTP_X_FORWARDED_FOR="unknown",
    )
    assert antwoord.status_code == 200
    assert Inzage.objects.get().ip_adres is None


def test_wijzigingslog_gebruikt_hetzelfde_adres(login, regisseur, settings):
    settings.VERTROUWDE_PROXIES = 0
    signaal = SignaalFactory()
    login(regisseur).post(
        reverse("admin:signalen_signaal_verplaatsen", args=[signaal.pk]),
        {"van": "ingediend", "naar": "in_behandeling"},
        REMOTE_ADDR="192.0.2.44",
        HTTP_X_FORWARDED_FOR="203.0.113.66",
    )
    entry = AuditlogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Signaal), object_pk=str(signaal.pk)
    ).latest("timestamp")
    assert (entry.actor, entry.remote_addr) == (regisseur, "192.0.2.44")


def test_inzage_bewaart_geen_zoekterm_uit_de_adresregel(login, regisseur):
    signaal = SignaalFactory(persoon_naam="Daan Vermeer")
    url = reverse("admin:signalen_signaal_change", args=[signaal.pk])
    login(regisseur).get(url + "?_changelist_filters=q%3DDaan%2BVermeer")
    assert Inzage.objects.get().pagina == url


def test_inzagepagina_wordt_zelf_ook_gelogd(login, regisseur):
    signaal = SignaalFactory()
    login(regisseur).get(reverse("admin:signalen_signaal_inzage", args=[signaal.pk]))
    assert Inzage.objects.filter(signaal=signaal, door=regisseur, waar="beheer").count() == 1


def test_zoeken_wordt_gelogd_zonder_de_term_en_is_terug_te_vinden(login, regisseur):
    SignaalFactory(persoon_naam="Daan Vermeer")
    client = login(regisseur)
    client.get(reverse("admin:signalen_signaal_changelist"), {"q": "Daan Vermeer"})
    client.get(reverse("admin:signalen_signaal_changelist"))  # no search: nothing logged
    zoek = Zoekopdracht.objects.get()
    assert (zoek.door, zoek.aantal) == (regisseur, 1)
    assert "daan" not in zoek.zoekterm_sleutel.lower()
    # "Did anyone search for Daan Vermeer?" — answered by entering the name again.
    lijst = reverse("admin:signalen_zoekopdracht_changelist")
    gevonden = client.get(lijst, {"q": "vermeer, DAAN"}).context["cl"]
    assert [z.pk for z in gevonden.result_list] == [zoek.pk]
    assert client.get(lijst, {"q": "Iemand Anders"}).context["cl"].result_count == 0


@pytest.mark.parametrize("rol", ["beheerder", "professional", "partner"])
def test_zoeklog_alleen_voor_de_regisseur(login, rol):
    client = login(UserFactory(**{rol: True}, met_mfa=True))
    assert client.get(reverse("admin:signalen_zoekopdracht_changelist")).status_code == 403


def test_anonimiseren_laat_geen_spoor_naar_de_melder(login):
    regisseur = UserFactory(regisseur=True, met_mfa=True)
    signaal = SignaalFactory(fase="in_behandeling", door=regisseur)
    melder = signaal.melder
    services.signaal_verplaatsen(
        signaal_id=signaal.pk,
        van="in_behandeling",
        naar="aanvulling_gevraagd",
        door=regisseur,
        notitie="Vraag",
    )
    services.aanvulling_geven(signaal_id=signaal.pk, melder=melder, antwoord="Antwoord")
    login(melder).get(reverse("signalen:detail", args=[signaal.referentie]))
    login(regisseur).get(reverse("admin:signalen_signaal_change", args=[signaal.pk]))
    services.signaal_verplaatsen(
        signaal_id=signaal.pk, van="in_behandeling", naar="weging", door=regisseur
    )
    services.signaal_verplaatsen(
        signaal_id=signaal.pk,
        van="weging",
        naar="afgesloten",
        door=regisseur,
        bevestigde_weging=True,
    )
    Signaal.objects.filter(pk=signaal.pk).update(
        afgesloten_op=timezone.now() - timedelta(days=3000)
    )

    assert services.verlopen_signalen_anonimiseren() == 1

    assert not Overgang.objects.filter(signaal=signaal, door=melder).exists()
    assert Overgang.objects.filter(signaal=signaal, door=regisseur).exists()  # who acted stays
    assert not Inzage.objects.filter(signaal=signaal, door=melder).exists()
    assert Inzage.objects.filter(signaal=signaal, door=regisseur).exists()
    regels = AuditlogEntry.objects.filter(
        content_type__in=[
            ContentType.objects.get_for_model(Signaal),
            ContentType.objects.get_for_model(Overgang),
        ]
    )
    assert regels.exists()
    assert not regels.filter(actor=melder).exists()
    assert not regels.filter(actor_email=melder.email).exists()


def test_geanonimiseerd_signaal_niet_koppelen_of_beantwoorden():
    regisseur = UserFactory(regisseur=True)
    oud = SignaalFactory(fase="afgesloten", door=regisseur)
    nieuw = SignaalFactory()
    melder = oud.melder
    services.signaal_anonimiseren(oud)
    with pytest.raises(ValueError, match="geanonimiseerd"):
        services.signalen_koppelen(signaal=nieuw, ander=oud, door=regisseur)
    with pytest.raises(Weigering):
        services.aanvulling_geven(signaal_id=oud.pk, melder=melder, antwoord="x")


# --- the concept of an expired session ----------------------------------------------------------


def test_concept_zonder_geldig_token_wordt_niet_bewaard(client):
    client.get(reverse("account_login"))
    client.post(reverse("signalen:nieuw"), {"melder": "nep", "waarneming": "x" * 100_000})
    assert CONCEPT not in client.session


def test_concept_wordt_afgekapt_tot_de_velden_van_het_formulier(client, echt_inloggen):
    from django.core import signing

    from signalen.views import CONCEPT_ZOUT

    melder = UserFactory(professional=True)
    token = signing.dumps(melder.pk, salt=CONCEPT_ZOUT)
    client.post(
        reverse("signalen:nieuw"),
        {"melder": token, "waarneming": "x" * 100_000, "onbekend_veld": "y" * 100_000},
    )
    gegevens = client.session[CONCEPT]["gegevens"]
    assert set(gegevens) == {"waarneming"}
    assert len(gegevens["waarneming"][0]) == 5000


def test_concept_verdwijnt_bij_inloggen_van_een_ander(client, echt_inloggen):
    from django.core import signing

    from signalen.views import CONCEPT_ZOUT

    eigenaar, ander = UserFactory(professional=True), UserFactory(professional=True)
    client.post(
        reverse("signalen:nieuw"),
        {"melder": signing.dumps(eigenaar.pk, salt=CONCEPT_ZOUT), "waarneming": "Geheim"},
    )
    assert CONCEPT in client.session
    echt_inloggen(ander)
    assert CONCEPT not in client.session


def test_formulier_wordt_niet_bewaard_door_de_browser(login, professional):
    antwoord = login(professional).get(reverse("signalen:nieuw"))
    assert "no-store" in antwoord["Cache-Control"]
