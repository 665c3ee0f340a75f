"""The yearly report (/beheer/jaarverslag/): known figures per section, the year's boundaries,
small counts hidden so that they cannot be derived from the totals either, no personal data at
all in the page or the CSV, only for the regisseur, and a bounded number of queries."""

import csv
import html
import io
import itertools
import random
import re
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bijeenkomsten.models import Bijeenkomst, BijeenkomstStatus, Uitnodiging
from config.jaarverslag import jaarcijfers
from kern import rapport
from netwerk import models as nw
from signalen import services as sig
from signalen.casusverloop import Fase, kortste_pad
from tests.factories import (
    AandachtsfunctionarisFactory,
    BijeenkomstFactory,
    LocatieFactory,
    NetwerkFactory,
    OrganisatieFactory,
    PersoonFactory,
    SleutelpersoonFactory,
    UserFactory,
    gemeente,
    soort,
)
from trainingen import services as tr
from trainingen.models import Bron, Editie, EditieStatus, Inschrijving, InschrijvingStatus

pytestmark = pytest.mark.django_db

# The last full year: the report's default, and where the known data lives.
JAAR = timezone.localdate().year - 1
EIND = date(JAAR, 12, 31)


def _url(**params):
    url = reverse("admin:jaarverslag")
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def _op(maand, dag, uur=12, minuut=0, jaar=JAAR) -> datetime:
    return timezone.make_aware(datetime(jaar, maand, dag, uur, minuut))


def _signaal(categorie="radicalisering", *, op, stappen=(), melder=None, door, **gegevens):
    """A signal filed at ``op`` and moved through ``stappen`` [(phase, when), ...]; a phase the
    flow cannot reach directly is walked to along the shortest path, all at that moment."""
    melder = melder or UserFactory(professional=True)
    velden = {
        "categorie": categorie,
        "waarneming": "Iets gezien.",
        "betreft": "persoon",
        "persoon_naam": "",
        "urgentie": "normaal",
        **gegevens,
    }
    signaal = sig.signaal_indienen(melder=melder, gegevens=velden, op=op)
    for fase, wanneer in stappen:
        for naar in kortste_pad(signaal.fase, fase):
            signaal = sig.signaal_verplaatsen(
                signaal_id=signaal.pk,
                van=signaal.fase,
                naar=naar,
                door=door,
                notitie="Een vraag?" if naar == Fase.AANVULLING_GEVRAAGD else "",
                doorverwezen_naar="ggz" if naar == Fase.DOORVERWEZEN else "",
                op=wanneer,
                bevestigde_weging=True,  # a history for the report, not a weging
            )
    return signaal


def _tabel(secties, titel_begin: str) -> dict[str, list[str]]:
    """A table of the report as {row header: values}, found by the start of its caption."""
    for sectie in secties:
        for tabel in sectie.tabellen:
            if tabel.titel.startswith(titel_begin):
                return {rij.kop: rij.waarden for rij in tabel.rijen}
    raise AssertionError(f"geen tabel ‘{titel_begin}’")


def _kolommen(secties, titel_begin: str) -> list[str]:
    for sectie in secties:
        for tabel in sectie.tabellen:
            if tabel.titel.startswith(titel_begin):
                return tabel.kolommen
    raise AssertionError(titel_begin)


def _in_het_verleden(*querysets, op=None):
    """Registered long ago: the report of a past year counts what existed by its end."""
    op = op or _op(1, 1, jaar=JAAR - 1)
    for qs in querysets:
        qs.update(aangemaakt_op=op)


# --- Signals ------------------------------------------------------------------------------------


def test_ontvangen_en_afgesloten_per_uitkomst_met_kleine_aantallen_afgeschermd(regisseur):
    # Six signals about extremism this year, in several phases; two closed after a referral.
    for fase in (Fase.INGEDIEND, Fase.IN_BEHANDELING, Fase.WEGING, Fase.MONITOREN):
        _signaal("extremisme", op=_op(3, 1), stappen=[(fase, _op(3, 5))], door=regisseur)
    for _ in range(2):
        _signaal(
            "extremisme",
            op=_op(2, 1),
            stappen=[(Fase.DOORVERWEZEN, _op(2, 10)), (Fase.AFGESLOTEN, _op(4, 1))],
            door=regisseur,
        )
    # Five radicalisation signals closed after the weighing: five is shown.
    for _ in range(5):
        _signaal(
            op=_op(5, 1),
            stappen=[(Fase.WEGING, _op(5, 2)), (Fase.AFGESLOTEN, _op(5, 3))],
            door=regisseur,
        )
    # Outside the year: filed on New Year's Eve the year before (late in the evening, local
    # time), and closed just after midnight on the next New Year's Day.
    _signaal("extremisme", op=_op(12, 31, 23, 30, jaar=JAAR - 1), door=regisseur)
    _signaal(
        "extremisme",
        op=_op(12, 1),
        stappen=[(Fase.WEGING, _op(12, 2)), (Fase.AFGESLOTEN, _op(1, 1, 0, 30, jaar=JAAR + 1))],
        door=regisseur,
    )

    secties = jaarcijfers(JAAR, tot=EIND)

    ontvangen = _tabel(secties, f"Ontvangen in {JAAR}")
    assert ontvangen["Extremisme"] == ["7"]  # 6 + the one closed next year; not the one of Dec
    assert ontvangen["Radicalisering"] == ["5"]
    assert ontvangen["Polarisatie"] == ["0"]
    assert ontvangen["Totaal"] == ["12"]

    kolommen = _kolommen(secties, f"Afgesloten in {JAAR}")
    assert kolommen == [
        "Soort zorg",
        "Geen zorgen (afgesloten na weging)",
        "Geen zorgen meer (afgesloten na casusoverleg)",
        "Afgesloten na doorverwijzing",
        "Afgesloten na monitoren",
        "Totaal",
    ]
    afgesloten = _tabel(secties, f"Afgesloten in {JAAR}")
    assert afgesloten["Extremisme"][1] == "0"  # none closed straight after a casusoverleg
    assert afgesloten["Extremisme"][2] == rapport.KLEIN  # the two referred ones
    assert afgesloten["Extremisme"][0] == "0"  # the one closed on 1 January is next year's
    assert afgesloten["Radicalisering"][0] == "5"
    # The grand total (7) and the five would give the two away: something else is hidden too.
    zichtbaar = [w for rij in afgesloten.values() for w in rij]
    assert rapport.AFGESCHERMD in zichtbaar
    assert "2" not in zichtbaar

    open_ = _tabel(secties, "Nog open op 31 december")
    assert open_["Weging"] == [rapport.KLEIN]  # the one closed on 1 January was still open
    assert "Afgesloten" not in open_

    doorverwezen = _tabel(secties, f"Doorverwezen in {JAAR}")
    assert doorverwezen["GGZ"] == [rapport.KLEIN]
    assert doorverwezen["Totaal"] == [rapport.KLEIN]


def test_uitkomst_is_de_fase_waaruit_is_afgesloten(regisseur):
    for stappen in (
        [(Fase.MONITOREN, _op(6, 1)), (Fase.AFGESLOTEN, _op(7, 1))],
        [(Fase.DOORVERWEZEN, _op(6, 1)), (Fase.AFGESLOTEN, _op(7, 1))],
        [(Fase.WEGING, _op(6, 1)), (Fase.AFGESLOTEN, _op(7, 1))],
        [(Fase.CASUSOVERLEG, _op(6, 1)), (Fase.AFGESLOTEN, _op(7, 1))],
    ):
        for _ in range(5):
            _signaal("polarisatie", op=_op(5, 1), stappen=stappen, door=regisseur)
    afgesloten = _tabel(jaarcijfers(JAAR, tot=EIND), f"Afgesloten in {JAAR}")
    # weging, casusoverleg, doorverwezen, monitoren, total
    assert afgesloten["Polarisatie"] == ["5", "5", "5", "5", "20"]
    assert afgesloten["Totaal"] == ["5", "5", "5", "5", "20"]


def test_doorlooptijden_per_fase_uit_de_tijdstempels(regisseur):
    """Five signals: 2 days filed, 3 in behandeling, 10 in weging (one: 30), then closed."""
    for i in range(5):
        begin = _op(1, 10, 9)
        _signaal(
            op=begin,
            stappen=[
                (Fase.IN_BEHANDELING, begin + timedelta(days=2)),
                (Fase.WEGING, begin + timedelta(days=5)),
                (Fase.AFGESLOTEN, begin + timedelta(days=15 if i else 35)),
            ],
            door=regisseur,
        )
    # A signal that goes back and forth: each stay in a phase counts on its own.
    _signaal(
        op=_op(3, 1, 9),
        stappen=[
            (Fase.IN_BEHANDELING, _op(3, 2, 9)),
            (Fase.AANVULLING_GEVRAAGD, _op(3, 3, 9)),
            (Fase.IN_BEHANDELING, _op(3, 4, 9)),
            (Fase.WEGING, _op(3, 6, 9)),
        ],
        door=regisseur,
    )
    duur = _tabel(jaarcijfers(JAAR, tot=EIND), f"Doorlooptijd in {JAAR}")
    # ingediend: 2,2,2,2,2,1 -> median 2, mean 11/6
    assert duur["Ingediend"] == ["2,0", "1,8"]
    # in behandeling: 3 x5, and 1 and 2 from the signal that went back
    assert duur["In behandeling"] == ["3,0", "2,6"]
    # weging: 10,10,10,10,30
    assert duur["Weging"] == ["10,0", "14,0"]
    # fewer than five stays: not shown
    assert duur["Aanvulling gevraagd"] == [rapport.LEEG, rapport.LEEG]
    assert duur["Casusoverleg"] == [rapport.LEEG, rapport.LEEG]
    # from filing to closing: 15,15,15,15,35
    assert duur["Van ontvangst tot afsluiting"] == ["15,0", "19,0"]


def test_stand_aan_het_eind_van_een_voorbij_jaar(regisseur):
    for _ in range(5):
        _signaal(
            "ondermijning",
            op=_op(11, 1),
            stappen=[(Fase.WEGING, _op(12, 1)), (Fase.AFGESLOTEN, _op(2, 1, jaar=JAAR + 1))],
            door=regisseur,
        )
    open_ = _tabel(jaarcijfers(JAAR, tot=EIND), "Nog open op 31 december")
    assert open_["Weging"] == ["5"]
    assert open_["Totaal open"] == ["5"]
    assert open_["In behandeling"] == ["0"]


# --- Small-number protection --------------------------------------------------------------------


def _mogelijk(tekst: str, grens: int):
    if tekst == rapport.KLEIN:
        return range(1, rapport.DREMPEL)
    if tekst == rapport.AFGESCHERMD:
        return [0, *range(rapport.DREMPEL, grens + 1)]
    return [int(tekst.replace(".", ""))]


def _af_te_leiden(tellingen, kt) -> list:
    """What a reader who tries every table that fits the shown figures learns: the hidden small
    counts (cells and totals) that have only one possible value."""
    r, k = len(tellingen), len(tellingen[0])
    verborgen = [(i, j) for i in range(r) for j in range(k) if kt.cellen[i][j] in "<5×"]
    grens = sum(map(sum, tellingen)) + 5
    rijtotalen = [set(_mogelijk(t, 10**4)) for t in kt.rijtotalen]
    kolomtotalen = [set(_mogelijk(t, 10**4)) for t in kt.kolomtotalen]
    kan: dict = {}
    tabel = [list(rij) for rij in tellingen]
    for keuze in itertools.product(*(_mogelijk(kt.cellen[i][j], grens) for i, j in verborgen)):
        for (i, j), w in zip(verborgen, keuze, strict=True):
            tabel[i][j] = w
        rijen = [sum(rij) for rij in tabel]
        kolommen = [sum(tabel[i][j] for i in range(r)) for j in range(k)]
        if k > 1:
            kolommen.append(sum(kolommen))
            if any(s not in t for s, t in zip(rijen, rijtotalen, strict=True)):
                continue
        if any(s not in t for s, t in zip(kolommen, kolomtotalen, strict=True)):
            continue
        for plek, w in zip(verborgen, keuze, strict=True):
            kan.setdefault(plek, set()).add(w)
        for i, s in enumerate(rijen if k > 1 else []):
            kan.setdefault(("rij", i), set()).add(s)
        for j, s in enumerate(kolommen):
            kan.setdefault(("kolom", j), set()).add(s)
    klein = [p for p in verborgen if kt.cellen[p[0]][p[1]] == rapport.KLEIN]
    klein += [("rij", i) for i, t in enumerate(kt.rijtotalen) if t == rapport.KLEIN]
    klein += [("kolom", j) for j, t in enumerate(kt.kolomtotalen) if t == rapport.KLEIN]
    return [p for p in klein if len(kan[p]) == 1]


@pytest.mark.parametrize(
    "tellingen",
    [
        [[2, 6, 5], [0, 0, 0], [5, 7, 0]],
        [[1, 5], [6, 0]],  # the 1 follows from the other totals unless more is hidden
        [[5, 0, 0], [0, 2, 0]],
        [[2], [6], [7]],
        [[1], [0], [9]],
        [[1, 1], [1, 1]],
        [[3, 0, 8], [0, 0, 6], [0, 4, 0]],
    ],
)
def test_kleine_aantallen_zijn_niet_terug_te_rekenen(tellingen):
    kt = rapport.kruistabel(tellingen)
    for i, rij in enumerate(tellingen):
        for j, n in enumerate(rij):
            if 1 <= n <= 4:
                assert kt.cellen[i][j] in (rapport.KLEIN, rapport.AFGESCHERMD), (i, j)
            elif kt.cellen[i][j] != rapport.AFGESCHERMD:
                assert kt.cellen[i][j] == str(n), (i, j)
    assert _af_te_leiden(tellingen, kt) == []


def test_een_tabel_van_alleen_kleine_aantallen_wordt_helemaal_afgeschermd():
    """Four times ‘<5’ in a table whose total is ‘<5’ can only be four ones."""
    kt = rapport.kruistabel([[1, 1], [1, 1]])
    assert kt.cellen == [[rapport.AFGESCHERMD] * 2] * 2
    assert kt.rijtotalen == [rapport.AFGESCHERMD] * 2
    assert kt.kolomtotalen == [rapport.AFGESCHERMD] * 3
    # Not so when the small ones do not pin each other down.
    assert rapport.kruistabel([[1], [2]]).cellen == [[rapport.KLEIN], [rapport.KLEIN]]


def test_kleine_aantallen_willekeurige_tabellen():
    rnd = random.Random(8)
    getest = 0
    while getest < 60:
        rijen, kolommen = rnd.randint(1, 3), rnd.randint(1, 3)
        tellingen = [
            [rnd.choice([0, 0, 1, 2, 3, 5, 6, 8]) for _ in range(kolommen)] for _ in range(rijen)
        ]
        if sum(map(sum, tellingen)) > 16:
            continue
        kt = rapport.kruistabel(tellingen)
        if sum(c in "<5×" for rij in kt.cellen for c in rij) > 4:
            continue
        getest += 1
        assert _af_te_leiden(tellingen, kt) == [], tellingen


def test_zonder_kleine_aantallen_wordt_niets_afgeschermd():
    kt = rapport.kruistabel([[5, 0, 7], [0, 9, 12]])
    assert kt.cellen == [["5", "0", "7"], ["0", "9", "12"]]
    assert kt.rijtotalen == ["12", "21"]
    assert kt.kolomtotalen == ["5", "9", "19", "33"]
    assert not kt.afgeschermd


# --- Trainings ----------------------------------------------------------------------------------


def _voltooid(editie, persoon, op):
    return Inschrijving.objects.create(
        editie=editie, persoon=persoon, status=InschrijvingStatus.INGESCHREVEN, bron=Bron.ZELF,
        voltooid_op=op,
    )  # fmt: skip


def _editie(soort_, *dagen):
    return tr.editie_plannen(
        soort=soort_,
        locatie="Zaal Quorumbrakel",
        capaciteit=20,
        dagen=[(d, time(9), time(16, 30)) for d in dagen],
    )


def test_trainingen_gegeven_en_afgerond_in_het_jaar():
    basis = soort("basistraining")
    werkatelier = soort(naam="Werkatelier")
    ed = _editie(basis, date(JAAR, 3, 10), date(JAAR, 3, 17), date(JAAR, 3, 24))
    for _ in range(3):
        _voltooid(ed, PersoonFactory(), date(JAAR, 3, 24))
    # Across New Year: it had a day this year, so it counts; its one completion is next year's.
    over = _editie(werkatelier, date(JAAR, 12, 20), date(JAAR + 1, 1, 10))
    _voltooid(over, PersoonFactory(), date(JAAR + 1, 1, 10))
    # Not counted: cancelled, or only in the year before.
    geannuleerd = _editie(basis, date(JAAR, 6, 1))
    Editie.objects.filter(pk=geannuleerd.pk).update(status=EditieStatus.GEANNULEERD)
    vorig = _editie(basis, date(JAAR - 1, 11, 1))
    _voltooid(vorig, PersoonFactory(), date(JAAR - 1, 11, 1))

    gegeven = _tabel(jaarcijfers(JAAR, tot=EIND), f"Trainingen in {JAAR}")
    assert gegeven[basis.naam] == ["1", "3"]
    assert gegeven["Werkatelier"] == ["1", "0"]
    assert gegeven["Totaal"] == ["2", "3"]


def test_dekking_basistraining_aan_het_eind_van_het_jaar():
    basis = soort("basistraining", geldig_maanden=12)
    ed = _editie(basis, date(JAAR, 6, 1))
    volgend = _editie(basis, date(JAAR + 1, 2, 1))

    def domein(naam, domein_, aantal, getraind):
        org = OrganisatieFactory(naam=naam, domein=domein_)
        personen = [PersoonFactory() for _ in range(aantal)]
        for i, p in enumerate(personen):
            AandachtsfunctionarisFactory(persoon=p, organisatie=org)
            if i < getraind:
                _voltooid(ed, p, date(JAAR, 6, 1))
        return org, personen

    onderwijs, leraren = domein("School Wolkenveld", nw.Domein.ONDERWIJS, 6, 3)
    domein("Zorghuis Varenrand", nw.Domein.ZORG, 5, 2)
    domein("Bureau Zwanenkade", nw.Domein.POLITIE, 2, 1)
    _in_het_verleden(nw.Aandachtsfunctionaris.objects.all())
    # Completed next year: not yet trained at the end of this one.
    _voltooid(volgend, leraren[5], date(JAAR + 1, 2, 1))
    # Registered after the end of the year: not counted.
    AandachtsfunctionarisFactory(organisatie=onderwijs)

    dekking = _tabel(jaarcijfers(JAAR, tot=EIND), "Dekking van de")
    assert dekking["Onderwijs"] == ["6", "3", "50%"]
    # Two people: how many of them are trained is about them. Hidden; and since the total would
    # give it away, the next smallest domain is hidden too.
    assert dekking["Politie"] == ["2", rapport.AFGESCHERMD, rapport.AFGESCHERMD]
    assert dekking["Zorg"] == ["5", rapport.AFGESCHERMD, rapport.AFGESCHERMD]
    assert dekking["Totaal"] == ["13", "6", "46%"]


# --- Meetings -----------------------------------------------------------------------------------


def _bijeenkomst(netwerk, begin, aanwezig: list[bool | None], **kwargs):
    b = BijeenkomstFactory(netwerk=netwerk, begin=begin, einde=begin + timedelta(hours=2), **kwargs)
    for waarde in aanwezig:
        Uitnodiging.objects.create(bijeenkomst=b, persoon=PersoonFactory(), aanwezig=waarde)
    return b


def test_bijeenkomsten_en_opkomst_per_netwerk():
    formeel = NetwerkFactory(naam="Netwerk Oostpoort")
    NetwerkFactory(naam="Kring Westerkim", informeel=True)
    _in_het_verleden(nw.Netwerk.objects.all())
    # 4 invited, 3 came; twice (eight people): 75%.
    _bijeenkomst(formeel, _op(3, 1, 19), [True, True, True, False])
    _bijeenkomst(formeel, _op(4, 12, 19), [True, True, True, False], is_extra=True)
    # Held, attendance not recorded: counted as held, not in the attendance.
    _bijeenkomst(formeel, _op(5, 1, 19), [None, None])
    # Not counted: cancelled, the year before, a training day (no network).
    _bijeenkomst(formeel, _op(6, 1, 19), [True], status=BijeenkomstStatus.GEANNULEERD)
    _bijeenkomst(formeel, _op(12, 31, 19, jaar=JAAR - 1), [True])
    _bijeenkomst(None, _op(7, 1, 9), [True, True])

    secties = jaarcijfers(JAAR, tot=EIND)
    per_soort = _tabel(secties, f"Netwerkbijeenkomsten in {JAAR}")
    assert per_soort["Formeel (professionals)"] == ["3", "1", "8", "75%"]
    assert per_soort["Informeel (gemeenschap)"] == ["0", "0", "0", rapport.LEEG]
    assert per_soort["Totaal"] == ["3", "1", "8", "75%"]
    formele = _tabel(secties, "Formeel (professionals): per netwerk")
    assert formele["Netwerk Oostpoort"] == ["3", "1", "8", "75%"]
    informele = _tabel(secties, "Informeel (gemeenschap): per netwerk")
    assert informele["Kring Westerkim"] == ["0", "0", "0", rapport.LEEG]


def test_opkomst_van_een_kleine_groep_is_afgeschermd():
    groot = NetwerkFactory(naam="Netwerk Groot")
    klein = NetwerkFactory(naam="Netwerk Klein")
    _in_het_verleden(nw.Netwerk.objects.all())
    _bijeenkomst(groot, _op(3, 1, 19), [True] * 6 + [False] * 2)
    _bijeenkomst(klein, _op(3, 2, 19), [True, True, True, False])  # 4 people
    formele = _tabel(jaarcijfers(JAAR, tot=EIND), "Formeel (professionals): per netwerk")
    assert formele["Netwerk Klein"][3] == rapport.AFGESCHERMD
    # The large network or the total is hidden as well: else 9 of 12 minus 6 of 8 gives 3.
    assert rapport.AFGESCHERMD in (
        formele["Netwerk Groot"][3],
        formele["Formeel (professionals)"][3],
    )


# --- The network --------------------------------------------------------------------------------


def test_omvang_van_het_netwerk_aan_het_eind_van_het_jaar():
    school = OrganisatieFactory(naam="Lyceum Zeehondenplaat", domein=nw.Domein.ONDERWIJS)
    club = OrganisatieFactory(naam="Voetbalclub Knarsetand", domein=nw.Domein.SPORT)
    met = [LocatieFactory(organisatie=school) for _ in range(3)]
    LocatieFactory(organisatie=school)  # without an aandachtsfunctionaris
    LocatieFactory(organisatie=club)
    for locatie in met:
        af = AandachtsfunctionarisFactory(organisatie=school)
        nw.AandachtsfunctionarisLocatie.objects.create(aandachtsfunctionaris=af, locatie=locatie)
    AandachtsfunctionarisFactory(organisatie=club, actief=False, tot=date(JAAR, 6, 1))  # gone
    # Stopped after the end of the year: still counted in it.
    AandachtsfunctionarisFactory(organisatie=club, actief=False, tot=date(JAAR + 1, 1, 15))
    # Switched off before the registry kept an end date: not known, so not counted.
    onbekend = AandachtsfunctionarisFactory(organisatie=club, actief=False)
    nw.Aandachtsfunctionaris.objects.filter(pk=onbekend.pk).update(tot=None)
    SleutelpersoonFactory()
    SleutelpersoonFactory()
    SleutelpersoonFactory(actief=False)
    NetwerkFactory()
    NetwerkFactory(informeel=True)
    NetwerkFactory(informeel=True)
    nw.Werkgroep.objects.create(naam="Werkgroep Brandgang", start=date(JAAR, 3, 1))
    nw.Werkgroep.objects.create(
        naam="Werkgroep Vroeger", start=date(JAAR - 1, 3, 1), einde=date(JAAR, 2, 1)
    )
    _in_het_verleden(
        nw.Organisatie.objects.all(),
        nw.Locatie.objects.all(),
        nw.Aandachtsfunctionaris.objects.all(),
        nw.Sleutelpersoon.objects.all(),
        nw.Netwerk.objects.all(),
    )
    # Registered after the end of the year: not counted in it.
    AandachtsfunctionarisFactory(organisatie=club)
    SleutelpersoonFactory()

    secties = jaarcijfers(JAAR, tot=EIND)
    per_domein = _tabel(secties, "Het netwerk op 31 december")
    assert per_domein["Onderwijs"] == ["1", "3", "4", "3", "75%"]
    assert per_domein["Sport"] == ["1", "1", "1", "0", "0%"]
    assert "Politie" not in per_domein  # nothing there
    assert per_domein["Totaal"] == ["2", "4", "5", "3", "60%"]
    overig = _tabel(secties, "Netwerken, werkgroepen")
    assert overig["Netwerken: Formeel (professionals)"] == ["1"]
    assert overig["Netwerken: Informeel (gemeenschap)"] == ["2"]
    assert overig["Werkgroepen lopend op 31 december " + str(JAAR)] == ["1"]
    assert overig[f"Werkgroepen gestart in {JAAR}"] == ["1"]
    assert overig["Sleutelpersonen"] == ["2"]


# --- No personal data ---------------------------------------------------------------------------


def _naam(rnd) -> str:
    """A made-up name that is no Dutch word: it can only be in the page if a name leaked."""
    medeklinkers, klinkers = "bdfgklmnprstvz", "aeiou"
    letters = [rnd.choice(klinkers if i % 2 else medeklinkers) for i in range(8)]
    return "".join(letters).capitalize()


def _vrije_tekst(rnd) -> str:
    return f"Vrije tekst {_naam(rnd)} {_naam(rnd)}"


def _volledige_registratie(regisseur, aantal=12):
    """Every kind of person the registry holds, with names and addresses that stand out; the
    free text of the signals too. Returns the free texts."""
    rnd = random.Random(aantal)

    def persoon(**kwargs):
        voornaam, achternaam = _naam(rnd), _naam(rnd)
        return PersoonFactory(
            voornaam=voornaam,
            achternaam=achternaam,
            email=f"{voornaam}.{achternaam}@{_naam(rnd)}.nl".lower(),
            **kwargs,
        )

    def gebruiker(**kwargs):
        voornaam, achternaam = _naam(rnd), _naam(rnd)
        return UserFactory(
            first_name=voornaam,
            last_name=achternaam,
            email=f"{voornaam}{achternaam}@{_naam(rnd)}.nl".lower(),
            **kwargs,
        )

    voornaam, achternaam = _naam(rnd), _naam(rnd)
    regisseur.first_name, regisseur.last_name = voornaam, achternaam
    regisseur.save(update_fields=["first_name", "last_name"])
    teksten = []
    basis = soort("basistraining")
    formeel = NetwerkFactory(naam="Netwerk Oost")
    informeel = NetwerkFactory(naam="Kring West", informeel=True)
    ed = _editie(basis, date(JAAR, 4, 1))
    for i in range(aantal):
        org = OrganisatieFactory(naam=f"Organisatie {_naam(rnd)}", domein=list(nw.Domein)[i % 5])
        locatie = LocatieFactory(organisatie=org, naam=f"Locatie {_naam(rnd)}")
        af = AandachtsfunctionarisFactory(persoon=persoon(), organisatie=org)
        nw.AandachtsfunctionarisLocatie.objects.create(aandachtsfunctionaris=af, locatie=locatie)
        _voltooid(ed, af.persoon, date(JAAR, 4, 1))
        sp = SleutelpersoonFactory(
            persoon=persoon(), achterban=_vrije_tekst(rnd), op_de_achtergrond=bool(i % 2)
        )
        teksten.append(sp.achterban)
        lid = persoon()
        nw.Lidmaatschap.objects.create(netwerk=formeel, persoon=lid)
        nw.Lidmaatschap.objects.create(netwerk=informeel, persoon=sp.persoon)
        account = gebruiker(professional=True)
        nw.Persoon.objects.filter(pk=af.persoon.pk).update(account=account)
        gegevens = {
            "waarneming": _vrije_tekst(rnd),
            "waargenomen_waar": _vrije_tekst(rnd),
            "persoon_naam": f"{_naam(rnd)} {_naam(rnd)}",
            "context_school": _vrije_tekst(rnd),
            "context_gezin": _vrije_tekst(rnd),
            "zorg_melder": _vrije_tekst(rnd),
        }
        teksten += list(gegevens.values())
        stappen = [
            [(Fase.AANVULLING_GEVRAAGD, _op(2, 2))],
            [(Fase.DOORVERWEZEN, _op(2, 3)), (Fase.AFGESLOTEN, _op(3, 1))],
            [(Fase.MONITOREN, _op(2, 3))],
            [(Fase.WEGING, _op(2, 3)), (Fase.AFGESLOTEN, _op(3, 1))],
        ][i % 4]
        _signaal(
            list(nw.SignaalCategorie)[i % 3],
            op=_op(2, 1 + i % 20),
            stappen=stappen,
            melder=account,
            door=regisseur,
            **gegevens,
        )
        betreft_groep = _signaal(
            op=_op(3, 1 + i % 20),
            melder=account,
            door=regisseur,
            betreft="groep",
            omschrijving_betrokkene=_vrije_tekst(rnd),
        )
        teksten.append(betreft_groep.omschrijving_betrokkene)
    for netwerk, uur in ((formeel, 19), (informeel, 20)):
        b = BijeenkomstFactory(
            netwerk=netwerk,
            titel=f"Bijeenkomst {_naam(rnd)}",
            begin=_op(5, 1, uur),
            einde=_op(5, 1, uur + 1),
            verslag=_vrije_tekst(rnd),
        )
        teksten.append(b.verslag)
        for j, p in enumerate(nw.Persoon.objects.filter(lidmaatschappen__netwerk=netwerk)):
            Uitnodiging.objects.create(bijeenkomst=b, persoon=p, aanwezig=bool(j % 3))
    nw.Werkgroep.objects.create(naam=f"Werkgroep {_naam(rnd)}", start=date(JAAR, 3, 1))
    _in_het_verleden(
        nw.Organisatie.objects.all(),
        nw.Locatie.objects.all(),
        nw.Aandachtsfunctionaris.objects.all(),
        nw.Sleutelpersoon.objects.all(),
        nw.Netwerk.objects.all(),
    )
    return teksten


def _namen_en_adressen() -> set[str]:
    from django.contrib.auth import get_user_model

    uit = set()
    for p in nw.Persoon.objects.all():
        uit |= {p.voornaam, p.achternaam, p.volledige_naam, p.email}
    for u in get_user_model().objects.all():
        uit |= {u.first_name, u.last_name, u.get_full_name(), u.email}
    return {t for t in uit if t}


def test_het_verslag_bevat_geen_persoonsgegevens(login, regisseur):
    teksten = _volledige_registratie(regisseur)
    gemeente()  # the author, the one organisation the report names
    client = login(regisseur)
    # Unescaped, so that "van 't Riet" is found whether or not the page escaped it.
    pagina = html.unescape(client.get(_url(jaar=JAAR)).content.decode())
    export = client.get(_url(jaar=JAAR, formaat="csv")).content.decode("utf-8-sig")
    # The report itself: everything after the admin's header (which greets the user).
    verslag = pagina.split('id="content-start"', 1)[1]
    assert "Afgesloten in" in verslag and "Netwerk Oost" in verslag  # the report is there

    namen = _namen_en_adressen()
    assert len(namen) > 100
    for naam in namen:
        for waar, tekst in (("csv", export), ("verslag", verslag)):
            assert re.search(rf"\b{re.escape(naam)}\b", tekst, re.IGNORECASE) is None, (waar, naam)
    # The header greets the logged-in user; nobody else's name is anywhere on the page.
    eigen = {regisseur.first_name, regisseur.last_name, regisseur.get_full_name(), regisseur.email}
    for naam in namen - eigen:
        assert naam.lower() not in pagina.lower(), naam
    for tekst in teksten:
        for deel in set(tekst.split()) - {"Vrije", "tekst"}:  # the made-up words in it
            assert deel not in pagina and deel not in export, deel
    assert "@" not in verslag and "@" not in export
    # Organisation, location, meeting and work group names are not in it either.
    for naam in itertools.chain(
        nw.Organisatie.objects.filter(is_gemeente=False).values_list("naam", flat=True),
        nw.Locatie.objects.values_list("naam", flat=True),
        Bijeenkomst.objects.filter(netwerk__isnull=False).values_list("titel", flat=True),
        nw.Werkgroep.objects.values_list("naam", flat=True),
        Editie.objects.values_list("locatie", flat=True),
    ):
        assert naam not in verslag and naam not in export, naam


# --- The page -----------------------------------------------------------------------------------


def test_pagina_en_csv(login, regisseur):
    client = login(regisseur)
    antwoord = client.get(_url())
    assert antwoord.status_code == 200
    inhoud = antwoord.content.decode()
    assert antwoord.context["jaar"] == JAAR  # the last full year
    assert f"Jaarverslag {JAAR}" in inhoud
    assert "css/jaarverslag.css" in inhoud
    assert "<caption>" in inhoud and 'scope="col"' in inhoud and 'scope="row"' in inhoud
    assert f"jaar={JAAR}&amp;formaat=csv" in inhoud
    assert "style=" not in inhoud.split('id="content-start"', 1)[1]
    assert "<script>" not in inhoud

    export = client.get(_url(jaar=JAAR, formaat="csv"))
    assert export.status_code == 200
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    assert export["Content-Disposition"] == f'attachment; filename="jaarverslag-{JAAR}.csv"'
    assert export.content.startswith("\ufeff".encode())
    rijen = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0] == [
        "Gemeente", "Jaar", "Peildatum", "Onderdeel", "Tabel", "Rij", "Kolom", "Waarde"
    ]  # fmt: skip
    assert ["", str(JAAR), EIND.isoformat(), "Signalen", f"Ontvangen in {JAAR}, per soort zorg",
            "Radicalisering", "Ontvangen", "0"] in rijen  # fmt: skip


def test_de_gemeente_staat_erboven_en_in_elke_regel_van_de_csv(login, regisseur):
    """The municipality is the report's author: named in the heading and on every CSV line, so
    the figures of several municipalities can be put together."""
    gemeente()  # "Gemeente Delft"
    client = login(regisseur)
    inhoud = client.get(_url()).content.decode()
    assert f"<h1>Jaarverslag {JAAR}, Gemeente Delft</h1>" in inhoud
    assert f"<title>Jaarverslag {JAAR}, Gemeente Delft |" in inhoud
    export = client.get(_url(formaat="csv")).content.decode("utf-8-sig")
    rijen = list(csv.reader(io.StringIO(export), delimiter=";"))
    assert len(rijen) > 20 and {r[0] for r in rijen[1:]} == {"Gemeente Delft"}


def test_jaarkeuze(login, regisseur):
    client = login(regisseur)
    vandaag = timezone.localdate()
    lopend = client.get(_url(jaar=vandaag.year))
    assert lopend.context["jaar"] == vandaag.year
    assert lopend.context["tot"] == vandaag
    assert "voorlopig" in lopend.content.decode()
    ouder = client.get(_url(jaar=JAAR - 2))
    assert ouder.context["tot"] == date(JAAR - 2, 12, 31)
    for fout in ("abc", str(vandaag.year + 1), "1900"):
        assert client.get(_url(jaar=fout)).context["jaar"] == JAAR


# --- Access -------------------------------------------------------------------------------------


def test_de_regisseur_mag_het_zien(login, regisseur):
    client = login(regisseur)
    assert client.get(_url()).status_code == 200
    assert client.get(_url(formaat="csv")).status_code == 200


@pytest.mark.parametrize(
    "rol", ["anoniem", "professional", "partner", "beheerder", "regisseur_zonder_mfa"]
)
def test_andere_rollen_worden_geweigerd(client, login, rol, request):
    """Anonymous: to the login page; without a second factor: to setting one up; the beheerder
    (configuration, no routine work) and everyone else: 403."""
    if rol != "anoniem":
        login(request.getfixturevalue(rol))
    naar = {"anoniem": reverse("admin:login"), "regisseur_zonder_mfa": reverse("mfa_activate_totp")}
    for url in (_url(), _url(formaat="csv"), _url(jaar=JAAR, formaat="csv")):
        antwoord = client.get(url)
        if rol in naar:
            assert antwoord.status_code == 302, (rol, url)
            assert antwoord["Location"].startswith(naar[rol]), (rol, url)
        else:
            assert antwoord.status_code == 403, (rol, url)
            assert b"Jaar;" not in antwoord.content


# --- Queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("aantal", [5, 50])
def test_begrensd_aantal_queries(login, regisseur, aantal, django_assert_max_num_queries):
    _volledige_registratie(regisseur, aantal)
    client = login(regisseur)
    with django_assert_max_num_queries(40):
        assert client.get(_url(jaar=JAAR)).status_code == 200
    with django_assert_max_num_queries(38):
        assert client.get(_url(jaar=JAAR, formaat="csv")).status_code == 200
