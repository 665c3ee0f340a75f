"""The import of aandachtsfunctionarissen asks the database less per row (issue 17): a new
person's roles, locations and memberships are made without looking first, the preview reads a
new person's "after" values from what its row made, and an existing person's in three queries.
These tests hold the shortcuts to what the import did before: the same rows in the database,
the same preview."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from netwerk import models as nw
from netwerk.resources import AandachtsfunctionarisResource, Spreadsheet
from tests.factories import (
    AandachtsfunctionarisFactory,
    LidmaatschapFactory,
    LocatieFactory,
    NetwerkFactory,
    OrganisatieFactory,
    PersoonFactory,
)

pytestmark = pytest.mark.django_db

KOPPEN = ["voornaam", "achternaam", "email", "organisatie", "functie", "locaties", "netwerk"]


def csv_bestand(rijen) -> bytes:
    uit = io.StringIO()
    csv.writer(uit, delimiter=";").writerows([KOPPEN, *rijen])
    return uit.getvalue().encode("utf-8-sig")


def importeer(rijen, **kwargs):
    return AandachtsfunctionarisResource().import_data(
        Spreadsheet().create_dataset(csv_bestand(rijen)), **kwargs
    )


@pytest.fixture
def delft():
    school = OrganisatieFactory(naam="Vermeer Lyceum")
    LocatieFactory(organisatie=school, naam="Gebouw Zuid")
    LocatieFactory(organisatie=school, naam="Gebouw Noord")
    jw = OrganisatieFactory(naam="Jongerenwerk Delfland")
    LocatieFactory(organisatie=jw, naam="Buurthuis De Baan")
    return {
        "school": school,
        "jongerenwerk": jw,
        "formeel": NetwerkFactory(naam="Netwerk Delft"),
        "ander": NetwerkFactory(naam="Aandachtsnetwerk Zuid"),
    }


RIJEN = [
    ["Noor", "Bakker", "noor@x.nl", "Vermeer Lyceum; Jongerenwerk Delfland",
     "Mentor; Jongerenwerker", "Gebouw Zuid; Gebouw Noord; Buurthuis De Baan",
     "Netwerk Delft; Aandachtsnetwerk Zuid"],
    ["Sem", "Berg", "sem@x.nl", "Vermeer Lyceum", "Zorgcoördinator", "", "Netwerk Delft"],
    ["Lot", "Smit", "lot@x.nl", "", "", "", ""],
]  # fmt: skip


def _cellen(rij) -> list[str]:
    return [strip_tags(re.sub(r"<del>.*?</del>", "", str(c))) for c in rij.diff]


def _waarden(cellen) -> list[set[str]]:
    """Per column the values; the roles of one person have no order of their own."""
    return [set(str(c or "").split("; ")) for c in cellen]


def _functie_per_organisatie(cellen) -> dict[str, str]:
    return dict(zip(str(cellen[5]).split("; "), str(cellen[6]).split("; "), strict=True))


def test_het_voorbeeld_van_nieuwe_personen_is_wat_de_database_daarna_heeft(delft):
    uitkomst = importeer(RIJEN)
    assert uitkomst.totals["new"] == 3, uitkomst.invalid_rows
    export = AandachtsfunctionarisResource().export(
        AandachtsfunctionarisResource().get_queryset().order_by("pk")
    )
    # What the preview showed as the row's result is what an export reads back.
    voorbeeld = [_cellen(r) for r in uitkomst.valid_rows()]
    assert [_waarden(c) for c in voorbeeld] == [_waarden(rij) for rij in export]
    assert [_functie_per_organisatie(c) for c in voorbeeld] == [
        _functie_per_organisatie(rij) for rij in export
    ]
    assert _cellen(uitkomst.valid_rows()[0])[5:] == [
        "Vermeer Lyceum; Jongerenwerk Delfland",
        "Mentor; Jongerenwerker",
        "Gebouw Noord; Gebouw Zuid; Buurthuis De Baan",
        "Aandachtsnetwerk Zuid; Netwerk Delft",
    ]


def test_een_bestaande_persoon_krijgt_zijn_rollen_terug_zonder_dubbel(delft):
    noor = PersoonFactory(voornaam="Noor", achternaam="Bakker", email="noor@x.nl")
    oud = AandachtsfunctionarisFactory(
        persoon=noor, organisatie=delft["school"], functie="Docent", actief=False
    )
    oud.locaties.add(nw.Locatie.objects.get(naam="Gebouw Zuid"))
    LidmaatschapFactory(persoon=noor, netwerk=delft["formeel"], actief=False)

    uitkomst = importeer(RIJEN[:1])
    assert uitkomst.totals["update"] == 1, uitkomst.invalid_rows
    oud.refresh_from_db()
    assert oud.actief and oud.functie == "Mentor"
    assert set(oud.locaties.values_list("naam", flat=True)) == {"Gebouw Zuid", "Gebouw Noord"}
    nieuw = noor.aandachtsfunctionarisrollen.get(organisatie=delft["jongerenwerk"])
    assert nieuw.functie == "Jongerenwerker"
    assert list(nieuw.locaties.values_list("naam", flat=True)) == ["Buurthuis De Baan"]
    assert noor.lidmaatschappen.filter(actief=True).count() == 2
    assert nw.Aandachtsfunctionaris.objects.count() == 2
    # The preview of the existing person shows the database's state after the row.
    wijzigingen = {w.veld: (w.oud, w.nieuw) for w in uitkomst.valid_rows()[0].wijzigingen}
    assert wijzigingen["Organisatie"] == ("", "Vermeer Lyceum; Jongerenwerk Delfland")
    assert wijzigingen["Netwerk"] == ("", "Aandachtsnetwerk Zuid; Netwerk Delft")
    # Once more: nothing changes.
    assert importeer(RIJEN[:1]).totals["skip"] == 1


def test_dubbel_genoemd_in_een_rij_is_een_keer(delft):
    rij = ["Sem", "Berg", "sem@x.nl", "Vermeer Lyceum; Vermeer Lyceum", "Docent; Mentor",
           "Gebouw Zuid; Gebouw Zuid", "Netwerk Delft; Netwerk Delft"]  # fmt: skip
    uitkomst = importeer([rij])
    assert uitkomst.totals["new"] == 1, uitkomst.invalid_rows
    [af] = nw.Aandachtsfunctionaris.objects.all()
    assert af.functie == "Mentor"  # the function named last, as before
    assert af.locaties.count() == 1
    assert nw.Lidmaatschap.objects.count() == 1


def _queries(aantal, begin=0) -> int:
    rijen = [
        [f"P{i}", "Test", f"p{i}@x.nl", "Vermeer Lyceum", "Mentor", "Gebouw Noord", "Netwerk Delft"]
        for i in range(begin, begin + aantal)
    ]
    with CaptureQueriesContext(connection) as gevangen:
        uitkomst = importeer(rijen, dry_run=True)
    assert uitkomst.totals["new"] == aantal
    return len(gevangen)


def test_een_nieuwe_rij_kost_een_vast_en_klein_aantal_queries(delft):
    tien, twintig = _queries(10), _queries(20, begin=100)
    per_rij = (twintig - tien) / 10
    # Before: 31 per such row. Now: a savepoint (2), the match on e-mail (1), the address's
    # uniqueness (3), the person, the role (1 each), the location (the model checks it: 4) and
    # the membership (1).
    assert per_rij == 13, (tien, twintig)
