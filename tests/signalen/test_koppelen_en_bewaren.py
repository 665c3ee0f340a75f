"""Links between signals by a keyed hash, and anonymisation after the retention period."""

import time
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry as AuditlogEntry
from celery.contrib.testing.worker import start_worker
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from signalen import services
from signalen.koppelen import naam_normaliseren, persoon_sleutel
from signalen.models import Inzage, Koppeling, Overgang, Signaal
from signalen.tasks import verlopen_signalen_anonimiseren
from tests.factories import SignaalFactory, UserFactory

GEBOREN = date(2008, 3, 14)


# --- links --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("een", "twee"),
    [
        ("Daan Vermeer", "VERMEER, daan"),
        ("Ayşe Öztürk", "ayse ozturk"),
        ("Jan  de   Vries", "de Vries, Jan"),
    ],
)
def test_namen_worden_genormaliseerd(een, twee):
    assert naam_normaliseren(een) == naam_normaliseren(twee)
    assert persoon_sleutel(een, GEBOREN) == persoon_sleutel(twee, GEBOREN)


def test_sleutel_vraagt_naam_en_geboortedatum_en_hangt_af_van_het_geheim(settings):
    assert persoon_sleutel("Daan Vermeer", None) == ""
    assert persoon_sleutel("", GEBOREN) == ""
    sleutel = persoon_sleutel("Daan Vermeer", GEBOREN)
    assert len(sleutel) == 64 and "daan" not in sleutel
    assert sleutel != persoon_sleutel("Daan Vermeer", date(2008, 3, 15))
    settings.SIGNALEN_KOPPELSLEUTEL = "een-ander-geheim"
    assert persoon_sleutel("Daan Vermeer", GEBOREN) != sleutel


@pytest.mark.django_db
def test_zelfde_persoon_van_twee_melders_wordt_mogelijke_koppeling():
    een = SignaalFactory(persoon_naam="Daan Vermeer", persoon_geboortedatum=GEBOREN)
    anders = SignaalFactory(persoon_naam="Daan Vermeer", persoon_geboortedatum=date(2009, 1, 1))
    twee = SignaalFactory(persoon_naam="vermeer daan", persoon_geboortedatum=GEBOREN)
    assert een.melder != twee.melder
    koppeling = Koppeling.objects.get()
    assert {koppeling.signaal_a, koppeling.signaal_b} == {een, twee}
    assert koppeling.status == "mogelijk"
    assert anders.persoon_sleutel not in ("", een.persoon_sleutel)
    # The key, never the name, is what the database compares.
    assert "Vermeer" not in een.persoon_sleutel


@pytest.mark.django_db
def test_afgewezen_koppeling_wordt_niet_opnieuw_voorgesteld():
    regisseur = UserFactory(regisseur=True)
    een = SignaalFactory(persoon_naam="Daan Vermeer", persoon_geboortedatum=GEBOREN)
    twee = SignaalFactory(persoon_naam="Daan Vermeer", persoon_geboortedatum=GEBOREN)
    services.signalen_ontkoppelen(koppeling=Koppeling.objects.get(), door=regisseur)
    assert services.mogelijke_koppelingen_vastleggen(twee) == 0
    assert Koppeling.objects.get().status == "ontkoppeld"
    assert list(services.koppelingen_van(een)) == []


@pytest.mark.django_db
def test_melder_ziet_geen_koppelingen_of_andermans_signaal(login):
    een = SignaalFactory(persoon_naam="Daan Vermeer", persoon_geboortedatum=GEBOREN)
    twee = SignaalFactory(persoon_naam="Daan Vermeer", persoon_geboortedatum=GEBOREN)
    client = login(een.melder)
    for url in (reverse("signalen:detail", args=[een.referentie]), reverse("signalen:mijn")):
        html = client.get(url).content.decode()
        assert twee.referentie not in html
        assert "koppel" not in html.lower()


# --- retention ----------------------------------------------------------------------------------


def _afgesloten_signaal(jaren_geleden: float, **velden):
    regisseur = UserFactory(regisseur=True)
    signaal = SignaalFactory(
        fase="in_behandeling",
        door=regisseur,
        persoon_naam="Daan Vermeer",
        persoon_geboortedatum=GEBOREN,
        persoon_leeftijd=17,
        waarneming="Deelt filmpjes van een haatprediker.",
        zorg_melder="Ik maak me zorgen.",
        context_school="Havo 4 op Het College",
        context_gezin="Vader is vertrokken",
        waargenomen_waar="Schoolplein",
        **velden,
    )
    for van, naar, notitie in [
        ("in_behandeling", "weging", "Politie kent hem"),
        ("weging", "afgesloten", "Geen zorgen meer"),
    ]:
        services.signaal_verplaatsen(
            signaal_id=signaal.pk,
            van=van,
            naar=naar,
            door=regisseur,
            notitie=notitie,
            bevestigde_weging=True,
        )
    Signaal.objects.filter(pk=signaal.pk).update(
        afgesloten_op=timezone.now() - timedelta(days=int(365.25 * jaren_geleden))
    )
    return Signaal.objects.get(pk=signaal.pk)


@pytest.mark.django_db
def test_anonimiseren_na_bewaartermijn_houdt_alleen_statistiek(settings, client):
    settings.SIGNALEN_BEWAARTERMIJN_JAREN = 5
    oud = _afgesloten_signaal(5.1)
    jong = _afgesloten_signaal(4.9)
    lopend = SignaalFactory(fase="weging")
    SignaalFactory(persoon_naam="Daan Vermeer", persoon_geboortedatum=GEBOREN)  # a link
    Inzage.objects.create(signaal=oud, door=oud.melder, waar="site", pagina="/x/")
    categorie, ingediend, stappen = oud.categorie, oud.ingediend_op, oud.overgangen.count()

    assert services.verlopen_signalen_anonimiseren() == 1

    oud.refresh_from_db()
    assert oud.geanonimiseerd_op is not None
    for veld in ("waarneming", "persoon_naam", "zorg_melder", "context_school", "context_gezin",
                 "waargenomen_waar", "persoon_sleutel", "omschrijving_betrokkene"):  # fmt: skip
        assert getattr(oud, veld) == "", veld
    assert oud.persoon_geboortedatum is None and oud.persoon_leeftijd is None
    assert oud.melder is None and oud.wijk is None
    # Kept for statistics: category, dates, phases and how long each lasted.
    assert (oud.categorie, oud.ingediend_op, oud.fase) == (categorie, ingediend, "afgesloten")
    assert oud.overgangen.count() == stappen
    assert not Overgang.objects.filter(signaal=oud).exclude(notitie="").exists()
    assert not Koppeling.objects.filter(signaal_a=oud).exists()
    assert not Koppeling.objects.filter(signaal_b=oud).exists()
    assert Inzage.objects.filter(signaal=oud).exists()  # who looked stays; it holds no content
    # The change log held the text itself: it is scrubbed too.
    for model, pks in (
        (Signaal, [oud.pk]),
        (Overgang, oud.overgangen.values_list("pk", flat=True)),
    ):
        for entry in AuditlogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_pk__in=[str(pk) for pk in pks],
        ):
            tekst = (
                f"{entry.changes} {entry.changes_text} {entry.object_repr} {entry.serialized_data}"
            )
            for geheim in ("Vermeer", "haatprediker", "Politie kent", "Havo 4"):
                assert geheim not in tekst
    # Nothing else was touched.
    jong.refresh_from_db()
    lopend.refresh_from_db()
    assert jong.persoon_naam == "Daan Vermeer" and jong.geanonimiseerd_op is None
    assert lopend.geanonimiseerd_op is None


@pytest.mark.django_db
def test_anonimiseren_twee_keer_draaien_is_veilig():
    oud = _afgesloten_signaal(6)
    assert services.verlopen_signalen_anonimiseren() == 1
    eerst = Signaal.objects.get(pk=oud.pk).geanonimiseerd_op
    assert services.verlopen_signalen_anonimiseren() == 0
    assert services.signaal_anonimiseren(oud) is False
    assert Signaal.objects.get(pk=oud.pk).geanonimiseerd_op == eerst


@pytest.mark.django_db
def test_geanonimiseerd_signaal_verdwijnt_bij_de_melder_en_gaat_niet_verder(login):
    oud = _afgesloten_signaal(6)
    melder = oud.melder
    services.verlopen_signalen_anonimiseren()
    client = login(melder)
    assert oud.referentie not in client.get(reverse("signalen:mijn")).content.decode()
    assert client.get(reverse("signalen:detail", args=[oud.referentie])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_echte_worker_anonimiseert():
    oud = _afgesloten_signaal(7)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        verlopen_signalen_anonimiseren.delay()
        deadline = time.monotonic() + 30
        while Signaal.objects.get(pk=oud.pk).geanonimiseerd_op is None:
            assert time.monotonic() < deadline, "de worker heeft niet binnen 30 s geanonimiseerd"
            time.sleep(0.2)
    assert Signaal.objects.get(pk=oud.pk).waarneming == ""
