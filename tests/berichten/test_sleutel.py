"""The idempotency key (``sleutel``) and the constraints the database keeps on the outbox."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from berichten import services
from berichten.models import Bericht
from berichten.services import bericht_klaarzetten, openstaande_berichten_versturen
from tests.hulp import Draad

from .factories import BerichtFactory

pytestmark = pytest.mark.django_db


def _klaar(**kwargs):
    return bericht_klaarzetten(
        **{
            "aan": "jan@voorbeeld.nl",
            "onderwerp": "Herinnering netwerkoverleg",
            "tekst": "Tot donderdag.",
            "soort": "bijeenkomsten.herinnering",
            **kwargs,
        }
    )


@pytest.fixture
def in_wachtrij(monkeypatch):
    """The pks queued for the task after a commit (nothing goes to the broker)."""
    gezet = []
    monkeypatch.setattr(services, "_in_wachtrij_zetten", gezet.append)
    return gezet


def test_dezelfde_sleutel_geeft_het_bestaande_bericht_en_zet_niets_klaar(
    in_wachtrij, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        eerste = _klaar(sleutel="herinnering:7")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tweede = _klaar(sleutel="herinnering:7", onderwerp="Een andere tekst")
    assert tweede.pk == eerste.pk
    assert tweede.onderwerp == "Herinnering netwerkoverleg", "het bestaande bericht, onveranderd"
    assert callbacks == []
    assert in_wachtrij == [eerste.pk]
    assert Bericht.objects.count() == 1


def test_ook_een_verstuurd_of_mislukt_bericht_wordt_niet_nog_eens_klaargezet(in_wachtrij):
    verstuurd = BerichtFactory(verstuurd=True, sleutel="uitnodiging:3:v1")
    mislukt = BerichtFactory(mislukt=True, sleutel="uitnodiging:4:v1")
    assert _klaar(sleutel="uitnodiging:3:v1").pk == verstuurd.pk
    assert _klaar(sleutel="uitnodiging:4:v1").pk == mislukt.pk
    assert Bericht.objects.count() == 2
    assert openstaande_berichten_versturen() == 0


def test_andere_sleutels_en_geen_sleutel_zijn_aparte_berichten():
    a = _klaar(sleutel="uitnodiging:3:v1")
    b = _klaar(sleutel="uitnodiging:3:v2")  # the meeting changed: a new version, a new mail
    c, d = _klaar(), _klaar()
    assert len({a.pk, b.pk, c.pk, d.pk}) == 4
    assert c.sleutel is None and d.sleutel is None


def test_een_dubbele_sleutel_breekt_de_transactie_van_de_aanroeper_niet(monkeypatch, in_wachtrij):
    """As when another transaction commits the key between the look-up and the insert: the
    insert hits the constraint inside a savepoint, the existing row is returned and the caller's
    transaction goes on."""
    with transaction.atomic():
        eerste = _klaar(sleutel="herinnering:9")
        echt_filter = Bericht.objects.filter
        opzoekingen = []

        def filter_dat_de_eerste_keer_niets_vindt(*args, **kwargs):
            if "sleutel" in kwargs and len(opzoekingen) < 2:
                opzoekingen.append(kwargs["sleutel"])
                if len(opzoekingen) == 1:
                    return echt_filter(pk=None)
            return echt_filter(*args, **kwargs)

        monkeypatch.setattr(Bericht.objects, "filter", filter_dat_de_eerste_keer_niets_vindt)
        assert _klaar(sleutel="herinnering:9").pk == eerste.pk
        assert opzoekingen == ["herinnering:9", "herinnering:9"]
        assert Bericht.objects.count() == 1  # the transaction is still usable
        _klaar(sleutel="herinnering:10")
    assert Bericht.objects.count() == 2


def test_een_andere_integrityerror_wordt_niet_verzwegen(monkeypatch):
    def kapot(**kwargs):
        raise IntegrityError("een andere constraint")

    monkeypatch.setattr(Bericht.objects, "create", kapot)
    with pytest.raises(IntegrityError, match="een andere constraint"):
        _klaar(sleutel="herinnering:11")


@pytest.mark.parametrize("sleutel", ["", "   ", "x" * 201, 12])
def test_een_ongeldige_sleutel_wordt_geweigerd(sleutel):
    with pytest.raises(ValueError):
        _klaar(sleutel=sleutel)
    assert not Bericht.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_twee_transacties_met_dezelfde_sleutel_schrijven_een_rij(in_wachtrij):
    """The race the key is for: a second worker queues the same message while the first has not
    committed. Its insert waits for the first transaction and then finds the key taken."""
    eerste_klaar, eerste_los = threading.Event(), threading.Event()
    uitkomst = {}

    def eerste_worker():
        try:
            with transaction.atomic():
                uitkomst["eerste"] = _klaar(sleutel="herinnering:42").pk
                eerste_klaar.set()
                eerste_los.wait(timeout=20)
        finally:
            connection.close()

    def tweede_worker():
        try:
            with transaction.atomic():
                uitkomst["tweede"] = _klaar(sleutel="herinnering:42").pk
                # The caller's transaction is still usable after the duplicate.
                uitkomst["daarna"] = Bericht.objects.count()
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            uitkomst["fout"] = exc
        finally:
            connection.close()

    eerste = Draad(target=eerste_worker)
    eerste.start()
    assert eerste_klaar.wait(timeout=10)
    tweede = Draad(target=tweede_worker)
    tweede.start()
    # Wait until the second insert really waits on the first transaction's lock.
    for _ in range(200):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                break
        threading.Event().wait(0.05)
    else:
        pytest.fail("de tweede transactie wachtte niet op de eerste")
    eerste_los.set()
    eerste.join(timeout=20)
    tweede.join(timeout=20)

    assert "fout" not in uitkomst, uitkomst.get("fout")
    assert uitkomst["tweede"] == uitkomst["eerste"]
    assert uitkomst["daarna"] == 1
    assert Bericht.objects.count() == 1
    assert in_wachtrij == [uitkomst["eerste"]], "alleen de eerste zet het in de wachtrij"


# --- Constraints in the database ---------------------------------------------------------------


def test_de_database_weigert_een_tweede_rij_met_dezelfde_sleutel():
    BerichtFactory(sleutel="uitnodiging:1:v1")
    with pytest.raises(IntegrityError, match="bericht_sleutel_uniek"), transaction.atomic():
        BerichtFactory(sleutel="uitnodiging:1:v1")
    BerichtFactory.create_batch(2, sleutel=None)  # no key: no limit


def test_de_database_weigert_verstuurd_zonder_tijdstip():
    with pytest.raises(IntegrityError, match="bericht_verstuurd_heeft_tijd"), transaction.atomic():
        BerichtFactory(status=Bericht.Status.VERSTUURD, verstuurd_op=None)
    bericht = BerichtFactory()
    with pytest.raises(IntegrityError, match="bericht_verstuurd_heeft_tijd"), transaction.atomic():
        Bericht.objects.filter(pk=bericht.pk).update(status=Bericht.Status.VERSTUURD)
    Bericht.objects.filter(pk=bericht.pk).update(
        status=Bericht.Status.VERSTUURD, verstuurd_op=timezone.now()
    )
