"""Finding each other when a person moves: "hit, no content" across gemeenten (issue 18)."""

from datetime import date

import pytest

from berichten.models import Bericht
from regio.models import EERSTE_GEMEENTE, Gemeente
from regio.scope import alle_gemeenten, gemeente_actief
from signalen.models import RegionaleOvereenkomst
from tests.factories import SignaalFactory, UserFactory

NAAM, GEBOREN = "Jorien Klaassen", date(2004, 5, 17)


@pytest.fixture
def regio(db):
    eerste = Gemeente.objects.get(pk=EERSTE_GEMEENTE)
    eerste.naam = "Delft"
    eerste.doet_mee_aan_overeenkomsten = True
    eerste.save()
    tweede = Gemeente.objects.create(naam="Rijswijk", doet_mee_aan_overeenkomsten=True)
    regisseur_a = UserFactory(
        regisseur=True, met_mfa=True, email="claire@delft.example", first_name="Claire"
    )
    with gemeente_actief(tweede.pk):
        regisseur_b = UserFactory(
            regisseur=True, met_mfa=True, email="ruud@rijswijk.example", first_name="Ruud"
        )
        daar = SignaalFactory(
            persoon_naam=NAAM,
            persoon_geboortedatum=GEBOREN,
            waarneming="Zegt thuis dingen over de moskee verderop.",
            categorie="radicalisering",
        )
    return {
        "a": eerste,
        "b": tweede,
        "regisseur_a": regisseur_a,
        "regisseur_b": regisseur_b,
        "daar": daar,
    }


def _mails(gemeente_id) -> list[Bericht]:
    with gemeente_actief(gemeente_id):
        return list(Bericht.objects.filter(soort="signalen.regionale_overeenkomst"))


def test_beide_regisseurs_horen_alleen_dat_en_waar_en_bij_wie(regio):
    hier = SignaalFactory(
        persoon_naam="jorien  KLAASSEN", persoon_geboortedatum=GEBOREN, waarneming="Iets anders."
    )
    (aan_a,) = _mails(regio["a"].pk)
    (aan_b,) = _mails(regio["b"].pk)
    assert aan_a.aan == "claire@delft.example" and aan_b.aan == "ruud@rijswijk.example"
    assert "gemeente Rijswijk" in aan_a.onderwerp and "gemeente Delft" in aan_b.onderwerp
    assert "ruud@rijswijk.example" in aan_a.tekst and "Ruud" in aan_a.tekst
    assert "claire@delft.example" in aan_b.tekst
    for bericht in (aan_a, aan_b):
        alles = f"{bericht.onderwerp}\n{bericht.tekst}\n{bericht.html}"
        for geheim in (
            "Jorien",
            "Klaassen",
            "KLAASSEN",
            "2004",
            hier.referentie,
            regio["daar"].referentie,
            "moskee",
            "Iets anders",
            "radicalisering",
            "Radicalisering",
        ):
            assert geheim not in alles, geheim
    # Each gemeente's audit: its own signal and the other gemeente, nothing of the other signal.
    (regel_a,) = RegionaleOvereenkomst.objects.all()
    assert (regel_a.signaal_id, regel_a.andere_gemeente_id) == (hier.pk, regio["b"].pk)
    assert regel_a.gemeld_aan == "claire@delft.example"
    with gemeente_actief(regio["b"].pk):
        (regel_b,) = RegionaleOvereenkomst.objects.all()
    assert (regel_b.signaal_id, regel_b.andere_gemeente_id) == (regio["daar"].pk, regio["a"].pk)


def test_niet_als_een_van_beide_niet_meedoet(regio):
    Gemeente.objects.filter(pk=regio["b"].pk).update(doet_mee_aan_overeenkomsten=False)
    SignaalFactory(persoon_naam=NAAM, persoon_geboortedatum=GEBOREN)
    assert _mails(regio["a"].pk) == [] and _mails(regio["b"].pk) == []
    with alle_gemeenten():
        assert not RegionaleOvereenkomst.objects.exists()


def test_niet_met_een_afgesloten_signaal(regio):
    with gemeente_actief(regio["b"].pk):
        SignaalFactory(persoon_naam="Iemand Anders", fase="afgesloten")
    with gemeente_actief(regio["b"].pk):
        gesloten = SignaalFactory(
            persoon_naam="Piet Pot", persoon_geboortedatum=date(1990, 1, 1), fase="afgesloten"
        )
    assert gesloten.fase == "afgesloten"
    SignaalFactory(persoon_naam="Piet Pot", persoon_geboortedatum=date(1990, 1, 1))
    with alle_gemeenten():
        assert not RegionaleOvereenkomst.objects.filter(signaal=gesloten).exists()
    assert all("Piet" not in b.tekst for b in _mails(regio["a"].pk))


def test_binnen_een_gemeente_blijft_het_de_gewone_koppeling(regio):
    from signalen.models import Koppeling

    SignaalFactory(persoon_naam=NAAM, persoon_geboortedatum=GEBOREN)
    SignaalFactory(persoon_naam=NAAM, persoon_geboortedatum=GEBOREN)
    assert Koppeling.objects.count() == 1  # the two of Delft; never one to Rijswijk's
    # One notice per signal and other gemeente: Delft hears of each of its two signals,
    # Rijswijk once about its one signal (a second match in Delft tells it nothing new).
    assert len(_mails(regio["a"].pk)) == 2 and len(_mails(regio["b"].pk)) == 1


def test_de_regisseur_ziet_en_kiest_alleen_voor_de_eigen_gemeente(regio, login):
    SignaalFactory(persoon_naam=NAAM, persoon_geboortedatum=GEBOREN)
    client = login(regio["regisseur_a"])
    lijst = client.get("/beheer/signalen/regionaleovereenkomst/")
    assert lijst.status_code == 200 and "Rijswijk" in lijst.content.decode()
    with gemeente_actief(regio["b"].pk):
        regel_b = RegionaleOvereenkomst.objects.get()
    assert (
        client.get(f"/beheer/signalen/regionaleovereenkomst/{regel_b.pk}/change/").status_code
        == 404
    )
    # The setting of one's own gemeente; another's is not there.
    assert client.get(f"/beheer/regio/gemeente/{regio['b'].pk}/change/").status_code == 404
    pagina = client.get(f"/beheer/regio/gemeente/{EERSTE_GEMEENTE}/change/")
    assert pagina.status_code == 200
    antwoord = client.post(
        f"/beheer/regio/gemeente/{EERSTE_GEMEENTE}/change/",
        {"eenmalig": _eenmalig(pagina), "_save": "1"},
    )
    assert antwoord.status_code == 302
    assert not Gemeente.objects.get(pk=EERSTE_GEMEENTE).doet_mee_aan_overeenkomsten
    assert Gemeente.objects.get(pk=regio["b"].pk).doet_mee_aan_overeenkomsten
    # The number of inhabitants (to compare per 10,000 with the region), in the change log.
    pagina = client.get(f"/beheer/regio/gemeente/{EERSTE_GEMEENTE}/change/")
    client.post(
        f"/beheer/regio/gemeente/{EERSTE_GEMEENTE}/change/",
        {"eenmalig": _eenmalig(pagina), "inwoners": "105000", "_save": "1"},
    )
    assert Gemeente.objects.get(pk=EERSTE_GEMEENTE).inwoners == 105_000
    from auditlog.models import LogEntry

    laatste = LogEntry.objects.get_for_object(Gemeente.objects.get(pk=EERSTE_GEMEENTE)).first()
    assert laatste.changes_dict["inwoners"] == ["None", "105000"]


def _eenmalig(pagina) -> str:
    import re

    gevonden = re.search(r'name="eenmalig" value="([^"]+)"', pagina.content.decode())
    return gevonden[1] if gevonden else ""
