"""The signals' yearly figures and dashboard counted for a region (issue 16): the SQL that
replaces the steps in Python gives the same figures, the cache never serves figures older than
the last step, and the search has its trigram indexes."""

import random
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from signalen import casusverloop, grafieken, jaarcijfers
from signalen import services as sig
from signalen.casusverloop import Fase
from signalen.models import Overgang, Signaal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

JAAR = timezone.localdate().year - 1


def _op(maand, dag, jaar=JAAR) -> datetime:
    return timezone.make_aware(datetime(jaar, maand, dag, 10))


def _signaal(door, op, stappen=()):
    signaal = sig.signaal_indienen(
        melder=UserFactory(professional=True),
        gegevens={
            "categorie": "radicalisering",
            "waarneming": "Iets gezien.",
            "betreft": "groep",
            "urgentie": "normaal",
        },
        op=op,
    )
    for naar, wanneer in stappen:
        signaal = sig.signaal_verplaatsen(
            signaal_id=signaal.pk,
            van=signaal.fase,
            naar=naar,
            door=door,
            notitie="Een vraag?" if naar == Fase.AANVULLING_GEVRAAGD else "",
            doorverwezen_naar="ggz" if naar == Fase.DOORVERWEZEN else "",
            op=wanneer,
            bevestigde_weging=True,  # a history for the figures, not a weging
        )
    return signaal


@pytest.fixture
def geschiedenis(regisseur):
    """Forty signals wandering through the case flow over three years, at random."""
    rnd = random.Random(16)
    for _ in range(40):
        op = _op(1, 1, JAAR - 1) + timedelta(days=rnd.uniform(0, 900))
        fase, stappen = Fase.INGEDIEND, []
        for _stap in range(rnd.randint(0, 6)):
            volgende = casusverloop.volgende_fasen(fase)
            if not volgende:
                break
            fase = rnd.choice(volgende)
            op = op + timedelta(days=rnd.uniform(0.2, 60))
            stappen.append((fase, op))
        _signaal(regisseur, _op(1, 1, JAAR - 1) + timedelta(days=rnd.uniform(0, 10)), [])
        _signaal(regisseur, stappen[0][1] - timedelta(days=3) if stappen else op, stappen)


def _open_per_fase_een_voor_een(eind):
    """The figure the old way: every signal's last step before ``eind``."""
    uit: dict = {}
    for signaal in Signaal.objects.filter(ingediend_op__lt=eind):
        laatste = signaal.overgangen.filter(op__lt=eind).order_by("-op", "-pk").first()
        if laatste and laatste.naar != Fase.AFGESLOTEN:
            uit[laatste.naar] = uit.get(laatste.naar, 0) + 1
    return uit


def _rond(statistiek):
    return tuple(None if w is None else round(w, 6) for w in statistiek)


@pytest.mark.parametrize("tot", [date(JAAR, 12, 31), date(JAAR, 6, 30)])
def test_sql_geeft_dezelfde_cijfers_als_de_stappen_in_python(geschiedenis, tot):
    begin, eind = jaarcijfers.periode(JAAR, tot)
    assert jaarcijfers._open_per_fase(eind) == _open_per_fase_een_voor_een(eind)
    verblijven = jaarcijfers._verblijven(begin, eind)
    in_python = jaarcijfers._verblijven_in_python(begin, eind)
    assert {f: _rond(s) for f, s in verblijven.items()} == {
        f: _rond(s) for f, s in in_python.items()
    }
    assert sum(n for n, _m, _g in verblijven.values()) > 10
    gesloten = Overgang.objects.filter(naar=Fase.AFGESLOTEN, op__gte=begin, op__lt=eind)
    verwacht = jaarcijfers._statistiek(
        [jaarcijfers._dagen(o.op - o.signaal.ingediend_op) for o in gesloten]
    )
    assert _rond(jaarcijfers._doorlooptijd(gesloten)) == _rond(verwacht)


def test_een_nieuwe_stap_is_meteen_in_de_cijfers(regisseur, django_assert_num_queries):
    signaal = _signaal(regisseur, _op(3, 1), [(Fase.IN_BEHANDELING, _op(3, 2))])
    tot = date(JAAR, 12, 31)
    eerst = jaarcijfers.cijfers(JAAR, tot=tot)
    assert eerst["open_per_fase"] == {Fase.IN_BEHANDELING: 1}
    with django_assert_num_queries(1):  # cached: only the highest ids are asked
        assert jaarcijfers.cijfers(JAAR, tot=tot) == eerst
    sig.signaal_verplaatsen(
        signaal_id=signaal.pk, van=signaal.fase, naar=Fase.WEGING, door=regisseur, op=_op(3, 5)
    )
    assert jaarcijfers.cijfers(JAAR, tot=tot)["open_per_fase"] == {Fase.WEGING: 1}
    _signaal(regisseur, _op(4, 1))
    assert jaarcijfers.cijfers(JAAR, tot=tot)["ontvangen"] == {"radicalisering": 2}


def test_grafiek_per_maand_komt_uit_de_cache_tot_er_een_signaal_bijkomt(
    regisseur, django_assert_num_queries
):
    vandaag = timezone.localdate()
    _signaal(regisseur, timezone.now() - timedelta(days=40))
    eerst = grafieken.signalen_per_maand_bewaard(vandaag)
    assert eerst == grafieken.signalen_per_maand(vandaag)
    with django_assert_num_queries(1):
        assert grafieken.signalen_per_maand_bewaard(vandaag) == eerst
    _signaal(regisseur, timezone.now())
    assert grafieken.signalen_per_maand_bewaard(vandaag) == grafieken.signalen_per_maand(vandaag)
    assert (
        sum(sum(r["data"]) for r in grafieken.signalen_per_maand_bewaard(vandaag)["reeksen"]) == 2
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigramindexen: alleen PostgreSQL")
def test_zoeken_op_naam_heeft_trigramindexen():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s",
            [Signaal._meta.db_table],
        )
        indexen = dict(cursor.fetchall())
    for naam, kolom in (
        ("signaal_naam_trgm", "persoon_naam"),
        ("signaal_referentie_trgm", "referentie"),
    ):
        assert "gin_trgm_ops" in indexen[naam] and kolom in indexen[naam]
