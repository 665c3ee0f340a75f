"""Import and export of the regisseur's spreadsheets: good, bad and repeated files."""

import csv
import io

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netwerk import models as nw
from netwerk.resources import (
    AandachtsfunctionarisResource,
    LocatieResource,
    OrganisatieResource,
    Spreadsheet,
)
from tests.factories import (
    AandachtsfunctionarisFactory,
    LidmaatschapFactory,
    LocatieFactory,
    NetwerkFactory,
    OrganisatieFactory,
    PersoonFactory,
    SleutelpersoonFactory,
)

pytestmark = pytest.mark.django_db

AF_KOPPEN = ["Voornaam", "Tussenvoegsel", "Achternaam", "E-mailadres", "Telefoon", "Organisatie",
             "Functie", "Locaties", "Netwerk"]  # fmt: skip


def csv_bestand(rijen, scheiding=";", codering="utf-8-sig") -> bytes:
    uit = io.StringIO()
    csv.writer(uit, delimiter=scheiding).writerows(rijen)
    return uit.getvalue().encode(codering)


def xlsx_bestand(rijen) -> bytes:
    boek = openpyxl.Workbook()
    blad = boek.active
    for rij in rijen:
        blad.append(rij)
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def importeer(resource, data: bytes, dry_run=False, **kwargs):
    return resource().import_data(Spreadsheet().create_dataset(data), dry_run=dry_run, **kwargs)


def fouten_per_rij(uitkomst) -> dict[int, str]:
    """Spreadsheet row number (header = 1) -> every Dutch message for that row."""
    return {
        rij.number + 1: " | ".join(
            str(m) for berichten in rij.error_dict.values() for m in berichten
        )
        for rij in uitkomst.invalid_rows
    }


@pytest.fixture
def delft():
    formeel = NetwerkFactory(naam="Netwerk aandachtsfunctionarissen Delft")
    school = OrganisatieFactory(naam="Vermeer Lyceum", domein=nw.Domein.ONDERWIJS)
    LocatieFactory(organisatie=school, naam="Gebouw Noord")
    LocatieFactory(organisatie=school, naam="Gebouw Zuid")
    jw = OrganisatieFactory(naam="Jongerenwerk Delfland", domein=nw.Domein.JONGERENWERK)
    return {"formeel": formeel, "school": school, "jongerenwerk": jw}


GOED = [
    AF_KOPPEN,
    ["Noor", "", "Bakker", "Noor.Bakker@Vermeer.example", "06 12345678", "Vermeer Lyceum",
     "Zorgcoördinator", "Gebouw Noord; Gebouw Zuid", "Netwerk aandachtsfunctionarissen Delft"],
    ["Sem", "van der", "Berg", "sem@jongerenwerk.example", "015 260 2000",
     "Jongerenwerk Delfland", "Jongerenwerker", "", ""],
]  # fmt: skip


# --- Persons ---------------------------------------------------------------------------------


def test_personen_uit_excel_met_rollen_locaties_en_netwerk(delft):
    uitkomst = importeer(AandachtsfunctionarisResource, xlsx_bestand(GOED))
    assert not uitkomst.has_errors() and not uitkomst.has_validation_errors()
    assert uitkomst.totals["new"] == 2

    noor = nw.Persoon.objects.get(email="noor.bakker@vermeer.example")
    assert noor.telefoon.as_e164 == "+31612345678"
    [af] = noor.aandachtsfunctionarisrollen.all()
    assert af.organisatie == delft["school"] and af.functie == "Zorgcoördinator" and af.actief
    assert {loc.naam for loc in af.locaties.all()} == {"Gebouw Noord", "Gebouw Zuid"}
    assert noor.lidmaatschappen.get().netwerk == delft["formeel"]
    sem = nw.Persoon.objects.get(email="sem@jongerenwerk.example")
    assert sem.volledige_naam == "Sem van der Berg"


def test_csv_met_puntkomma_of_komma_en_windows_tekens(delft):
    for scheiding, codering in ((";", "utf-8-sig"), (",", "cp1252"), ("\t", "utf-8")):
        nw.Persoon.objects.all().delete()
        uitkomst = importeer(AandachtsfunctionarisResource, csv_bestand(GOED, scheiding, codering))
        assert uitkomst.totals["new"] == 2, (scheiding, codering, fouten_per_rij(uitkomst))
        assert (
            nw.Aandachtsfunctionaris.objects.get(persoon__voornaam="Noor").functie
            == "Zorgcoördinator"
        )


def test_fout_bestand_geeft_per_rij_een_nederlandse_fout_en_slaat_niets_op(delft):
    bestaand = PersoonFactory(email="al@bekend.example", voornaam="Al")
    rijen = [
        AF_KOPPEN,
        ["Goed", "", "Mens", "goed@school.example", "", "Vermeer Lyceum", "", "", ""],
        ["Fout", "", "Adres", "geen-adres", "", "", "", "", ""],
        ["Onbekend", "", "Org", "org@school.example", "", "Stanislas", "", "", ""],
        ["Dubbel", "", "Een", "dubbel@school.example", "", "", "", "", ""],
        ["Dubbel", "", "Twee", "DUBBEL@school.example", "", "", "", "", ""],
        ["", "", "Zonder voornaam", "leeg@school.example", "", "", "", "", ""],
        ["Tel", "", "Fout", "tel@school.example", "12345", "", "", "", ""],
        ["Loc", "", "Fout", "loc@school.example", "", "Vermeer Lyceum", "", "Gebouw West", ""],
        ["Net", "", "Fout", "net@school.example", "", "", "", "", "Geheim netwerk"],
    ]
    aantal_voor = nw.Persoon.objects.count()

    uitkomst = importeer(AandachtsfunctionarisResource, csv_bestand(rijen))

    fouten = fouten_per_rij(uitkomst)
    assert set(fouten) == {3, 4, 6, 7, 8, 9, 10}
    assert "geldig e-mailadres" in fouten[3]
    assert "Onbekende organisatie 'Stanislas'" in fouten[4]
    assert "al eerder in het bestand (rij 5)" in fouten[6]
    assert "verplicht en is leeg" in fouten[7]
    assert "telefoonnummer is niet geldig" in fouten[8]
    assert "Onbekende locatie 'Gebouw West'" in fouten[9]
    assert "Onbekend netwerk 'Geheim netwerk'" in fouten[10]
    # Nothing is saved, not even the good rows.
    assert nw.Persoon.objects.count() == aantal_voor
    assert list(nw.Persoon.objects.all()) == [bestaand]


def test_ontbrekende_verplichte_kolom_zegt_welke(delft):
    uitkomst = importeer(
        AandachtsfunctionarisResource, csv_bestand([["Voornaam", "Achternaam"], ["A", "B"]])
    )
    assert uitkomst.has_errors()
    assert "Deze verplichte kolommen ontbreken: email" in str(uitkomst.base_errors[0].error)
    assert not nw.Persoon.objects.exists()


def test_leeg_bestand_en_onleesbaar_bestand(delft):
    assert "leeg" in str(importeer(AandachtsfunctionarisResource, b"").base_errors[0].error)
    with pytest.raises(ValueError, match="geen leesbare tekst"):
        # Invalid in both UTF-8 and cp1252 (0x81 is undefined in cp1252).
        Spreadsheet().create_dataset(b"voornaam;email\n\x81\xff;x\n")


def test_opnieuw_importeren_verandert_niets(delft):
    bestand = xlsx_bestand(GOED)
    importeer(AandachtsfunctionarisResource, bestand)
    gewijzigd = dict(nw.Persoon.objects.values_list("pk", "gewijzigd_op"))
    aantallen = (
        nw.Persoon.objects.count(),
        nw.Aandachtsfunctionaris.objects.count(),
        nw.AandachtsfunctionarisLocatie.objects.count(),
        nw.Lidmaatschap.objects.count(),
    )

    # The same rows with the e-mail addresses in other capitals: still the same persons.
    anders = [GOED[0]] + [[*r[:3], r[3].upper(), *r[4:]] for r in GOED[1:]]
    tweede = importeer(AandachtsfunctionarisResource, csv_bestand(anders))

    assert tweede.totals["skip"] == 2 and tweede.totals["new"] == 0
    assert tweede.totals["update"] == 0
    assert dict(nw.Persoon.objects.values_list("pk", "gewijzigd_op")) == gewijzigd
    assert aantallen == (
        nw.Persoon.objects.count(),
        nw.Aandachtsfunctionaris.objects.count(),
        nw.AandachtsfunctionarisLocatie.objects.count(),
        nw.Lidmaatschap.objects.count(),
    )


def test_bijwerken_voegt_toe_en_verwijdert_niets(delft):
    importeer(AandachtsfunctionarisResource, xlsx_bestand(GOED))
    # Only name and e-mail: phone, roles and memberships stay as they are. (A new name is
    # saved only once the regisseur ticked that they checked it.)
    uitkomst = importeer(
        AandachtsfunctionarisResource,
        csv_bestand([["voornaam", "email"], ["Noortje", "noor.bakker@vermeer.example"]]),
        namen_gecontroleerd=True,
    )
    assert uitkomst.totals["update"] == 1
    noor = nw.Persoon.objects.get(email="noor.bakker@vermeer.example")
    assert noor.voornaam == "Noortje" and noor.achternaam == "Bakker"
    assert noor.telefoon.as_e164 == "+31612345678"
    assert noor.aandachtsfunctionarisrollen.count() == 1
    assert noor.lidmaatschappen.count() == 1


def test_een_informeel_netwerk_hoort_niet_in_een_import_van_aandachtsfunctionarissen(delft):
    NetwerkFactory(naam="Sleutelpersonennetwerk", informeel=True)
    rijen = [AF_KOPPEN, ["A", "", "B", "a@b.example", "", "", "", "", "Sleutelpersonennetwerk"]]
    fouten = fouten_per_rij(importeer(AandachtsfunctionarisResource, csv_bestand(rijen)))
    assert "informeel netwerk" in fouten[2]
    assert not nw.Persoon.objects.exists()


def test_geanonimiseerde_persoon_wordt_niet_bijgewerkt(delft, regisseur):
    from netwerk import services

    persoon = PersoonFactory(email="weg@school.example")
    services.persoon_anonimiseren(persoon=persoon, door=regisseur)
    uitkomst = importeer(
        AandachtsfunctionarisResource,
        csv_bestand([["voornaam", "email"], ["Terug", "weg@school.example"]]),
    )
    # The anonymised person has no address any more, so this is simply a new person.
    assert uitkomst.totals["new"] == 1
    persoon.refresh_from_db()
    assert persoon.voornaam == "Geanonimiseerd"


# --- Organisations and locations -------------------------------------------------------------


def test_organisaties_met_domein_als_naam_of_code():
    rijen = [
        ["Naam", "Domein", "E-mail", "Telefoon"],
        ["Moskee Al Fath", "Religieuze organisatie", "INFO@alfath.example", "015-2123456"],
        ["Politie Delft", "politie", "", ""],
        ["Wijkteam Tanthof", "GGZ", "", ""],
        ["Kapsalon", "kapper", "", ""],
    ]
    uitkomst = importeer(OrganisatieResource, csv_bestand(rijen))
    assert "Onbekend domein 'kapper'" in fouten_per_rij(uitkomst)[5]
    assert not nw.Organisatie.objects.exists()

    uitkomst = importeer(OrganisatieResource, csv_bestand(rijen[:-1]))
    assert uitkomst.totals["new"] == 3
    moskee = nw.Organisatie.objects.get(naam="Moskee Al Fath")
    assert moskee.domein == nw.Domein.RELIGIEUS and moskee.email == "info@alfath.example"
    assert moskee.sector == nw.Sector.GEMEENSCHAP
    again = importeer(OrganisatieResource, csv_bestand([r[:2] for r in rijen[:-1]]))
    assert again.totals["skip"] == 3


def test_locaties_met_wijk_en_bekende_organisatie():
    school = OrganisatieFactory(naam="Vermeer Lyceum")
    rijen = [
        ["organisatie", "locatie", "adres", "wijk"],
        ["vermeer lyceum", "Gebouw Noord", "Noordweg 1", "Tanthof"],
        ["Vermeer Lyceum", "Gebouw Zuid", "", "tanthof"],
        ["Onbekend College", "Hoofdgebouw", "", ""],
    ]
    fouten = fouten_per_rij(importeer(LocatieResource, csv_bestand(rijen)))
    assert "Onbekende organisatie 'Onbekend College'" in fouten[4]
    assert not nw.Locatie.objects.exists() and not nw.Wijk.objects.exists()

    assert importeer(LocatieResource, csv_bestand(rijen[:-1])).totals["new"] == 2
    assert set(school.locaties.values_list("naam", "wijk__naam")) == {
        ("Gebouw Noord", "Tanthof"),
        ("Gebouw Zuid", "Tanthof"),
    }
    assert importeer(LocatieResource, csv_bestand(rijen[:-1])).totals["skip"] == 2


# --- Through /beheer/ ------------------------------------------------------------------------


def _uploaden(client, model, data, naam):
    return client.post(
        reverse(f"admin:netwerk_{model}_import"),
        {"import_file": SimpleUploadedFile(naam, data), "format": "0", "resource": "0"},
    )


def test_import_in_het_beheer_toont_eerst_een_voorbeeld(login, regisseur, delft):
    client = login(regisseur)
    voorbeeld = _uploaden(client, "persoon", xlsx_bestand(GOED), "netwerk.xlsx")
    html = voorbeeld.content.decode()
    assert "2 nieuw, 0 bijgewerkt, 0 ongewijzigd" in html
    assert "Noor" in html and "Vermeer Lyceum" in html
    assert not nw.Persoon.objects.exists()

    bevestiging = voorbeeld.context["confirm_form"].initial
    antwoord = client.post(reverse("admin:netwerk_persoon_process_import"), bevestiging)
    assert antwoord.status_code == 302
    assert nw.Persoon.objects.count() == 2
    assert LogEntry.objects.filter(user=regisseur).count() == 2


def test_foute_import_in_het_beheer_heeft_geen_bevestigknop(login, regisseur, delft):
    rijen = [AF_KOPPEN, ["X", "", "Y", "niet-goed", "", "Nergens BV", "", "", ""]]
    antwoord = _uploaden(login(regisseur), "persoon", csv_bestand(rijen), "fout.csv")
    html = antwoord.content.decode()
    assert "1 rij klopt niet" in html
    assert "Onbekende organisatie" in html and "geldig e-mailadres" in html
    assert "Import bevestigen" not in html
    assert antwoord.context.get("confirm_form") is None


def test_te_groot_bestand_wordt_geweigerd(login, regisseur):
    antwoord = _uploaden(login(regisseur), "organisatie", b"x" * (5 * 1024 * 1024 + 1), "a.csv")
    assert "groter dan 5 MB" in antwoord.content.decode()


def test_kapot_excelbestand_geeft_een_nederlandse_fout(login, regisseur):
    antwoord = _uploaden(login(regisseur), "organisatie", b"PK\x03\x04kapot", "kapot.xlsx")
    assert antwoord.status_code == 200
    assert "kan niet worden gelezen" in antwoord.content.decode()


@pytest.mark.parametrize("soort", ["professional", "partner"])
@pytest.mark.parametrize("model", ["persoon", "organisatie", "locatie"])
def test_verkeerde_rol_mag_niet_importeren(login, soort, model):
    from tests.factories import UserFactory

    client = login(UserFactory(**{soort: True}, met_mfa=True))
    assert client.get(reverse(f"admin:netwerk_{model}_import")).status_code == 403
    assert client.post(reverse(f"admin:netwerk_{model}_process_import"), {}).status_code == 403
    assert client.get(reverse(f"admin:netwerk_{model}_export")).status_code == 403


# --- Exports ---------------------------------------------------------------------------------


def _export(client, model, query="", formaat="0"):
    return client.post(reverse(f"admin:netwerk_{model}_export") + query, {"format": formaat})


def test_export_naar_excel_en_weer_terug_verandert_niets(login, regisseur, delft):
    importeer(AandachtsfunctionarisResource, xlsx_bestand(GOED))
    antwoord = _export(login(regisseur), "persoon", "?rol=af")
    assert antwoord["Content-Disposition"].startswith('attachment; filename="aandachtsfunc')
    blad = openpyxl.load_workbook(io.BytesIO(antwoord.content)).active
    rijen = list(blad.values)
    assert rijen[0] == ("voornaam", "tussenvoegsel", "achternaam", "email", "telefoon",
                        "organisatie", "functie", "locaties", "netwerk")  # fmt: skip
    noor = next(r for r in rijen if r[0] == "Noor")
    assert noor[4] == "06 12345678"
    assert noor[7] == "Gebouw Noord; Gebouw Zuid"

    opnieuw = importeer(AandachtsfunctionarisResource, antwoord.content)
    assert opnieuw.totals["skip"] == 2, fouten_per_rij(opnieuw)


def test_csv_export_voor_nederlandse_excel_zonder_formules(login, regisseur):
    AandachtsfunctionarisFactory(
        persoon__voornaam='=HYPERLINK("http://x")', persoon__email="h@x.nl"
    )
    antwoord = _export(login(regisseur), "persoon", "?rol=af", formaat="1")
    tekst = antwoord.content.decode("utf-8")
    assert tekst.startswith("\ufeffvoornaam;tussenvoegsel;achternaam;email")
    assert "'=HYPERLINK" in tekst
    # Reading it back gives the original name without the protective apostrophe.
    uitkomst = importeer(AandachtsfunctionarisResource, antwoord.content, dry_run=True)
    assert uitkomst.totals["skip"] == 1


def test_export_van_personen_heeft_altijd_een_soort(login, regisseur):
    AandachtsfunctionarisFactory(persoon__achternaam="Formeel")
    SleutelpersoonFactory(persoon__achternaam="Informeel", achterban="Somalische jongeren")
    client = login(regisseur)

    geweigerd = client.post(reverse("admin:netwerk_persoon_export"), {"format": "1"}, follow=True)
    assert "nooit samen" in geweigerd.content.decode()
    assert "attachment" not in geweigerd.get("Content-Disposition", "")

    af = _export(client, "persoon", "?rol=af", "1").content.decode()
    assert "Formeel" in af and "Informeel" not in af and "achterban" not in af
    sp = _export(client, "persoon", "?rol=sleutelpersoon", "1").content.decode()
    assert "Informeel" in sp and "Formeel" not in sp and "Somalische jongeren" in sp


def test_export_van_sleutelpersonen_laat_wie_op_de_achtergrond_staat_standaard_weg(
    login, regisseur
):
    SleutelpersoonFactory(persoon__achternaam="Zichtbaar")
    SleutelpersoonFactory(persoon__achternaam="Verborgen", op_de_achtergrond=True)
    client = login(regisseur)
    url = reverse("admin:netwerk_persoon_export") + "?rol=sleutelpersoon"
    formulier = client.get(url).content.decode()
    assert (
        'name="achtergrond_weglaten"' in formulier
        and "checked" in formulier.split('name="achtergrond_weglaten"')[1].split(">")[0]
    )
    weg = client.post(url, {"format": "1", "achtergrond_weglaten": "on"}).content.decode()
    assert "Zichtbaar" in weg and "Verborgen" not in weg
    # Unticked on purpose: everyone, and the column says who is in the background.
    alle = client.post(url, {"format": "1"}).content.decode()
    assert "Zichtbaar" in alle and "Verborgen" in alle
    # The formal network's export has no such choice.
    af = client.get(reverse("admin:netwerk_persoon_export") + "?rol=af").content.decode()
    assert "achtergrond_weglaten" not in af


def test_export_van_leden_is_altijd_van_een_soort(login, regisseur):
    LidmaatschapFactory(netwerk=NetwerkFactory(naam="Formeel AF"), persoon__achternaam="Formele")
    LidmaatschapFactory(
        netwerk=NetwerkFactory(naam="Sleutelnetwerk", informeel=True),
        persoon__achternaam="Informele",
    )
    client = login(regisseur)
    geweigerd = client.post(reverse("admin:netwerk_lidmaatschap_export"), {"format": "1"})
    assert geweigerd.status_code == 302
    formeel = _export(client, "lidmaatschap", "?netwerk__soort__exact=formeel", "1")
    tekst = formeel.content.decode()
    assert "Formele" in tekst and "Informele" not in tekst
    informeel = _export(client, "lidmaatschap", "?netwerk__soort__exact=informeel", "1")
    assert "Informele" in informeel.content.decode()


def test_export_met_onzinfilter_geeft_geen_serverfout(login, regisseur):
    antwoord = _export(login(regisseur), "organisatie", "?bestaat_niet=1")
    assert antwoord.status_code == 302


# --- Files that are not what they seem -------------------------------------------------------


def test_een_zipbom_wordt_niet_uitgepakt():
    import zipfile

    from netwerk.resources import BestandFout

    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as archief:
        archief.writestr("xl/worksheets/sheet1.xml", b"0" * (51 * 1024 * 1024))
    assert len(uit.getvalue()) < 1024 * 1024
    with pytest.raises(BestandFout, match="te groot"):
        Spreadsheet().create_dataset(uit.getvalue())


def test_te_veel_rijen_worden_niet_allemaal_gelezen():
    rijen = [["voornaam", "email"]] + [[f"P{i}", f"p{i}@x.nl"] for i in range(5003)]
    dataset = Spreadsheet().create_dataset(xlsx_bestand(rijen))
    assert len(dataset) == 5001
    uitkomst = AandachtsfunctionarisResource().import_data(dataset, dry_run=True)
    assert "meer dan 5000 rijen" in str(uitkomst.base_errors[0].error)


def test_verlopen_upload_geeft_een_nederlandse_melding(login, regisseur):
    antwoord = login(regisseur).post(
        reverse("admin:netwerk_persoon_process_import"),
        {"import_file_name": "bestaat-niet", "original_file_name": "a.csv", "format": "0",
         "resource": "0"},
        follow=True,
    )  # fmt: skip
    assert antwoord.redirect_chain[-1][0] == reverse("admin:netwerk_persoon_import")
    assert "niet meer beschikbaar" in antwoord.content.decode()


def test_een_afgekeurd_bestand_blijft_niet_bewaard(login, regisseur, delft):
    from django.core.cache import cache

    from netwerk.resources import TijdelijkeOpslag

    rijen = [AF_KOPPEN, ["X", "", "Y", "niet-goed", "", "", "", "", ""]]
    antwoord = _uploaden(login(regisseur), "persoon", csv_bestand(rijen), "fout.csv")
    naam = antwoord.context["form"].cleaned_data["import_file"].tmp_storage_name
    assert cache.get(TijdelijkeOpslag.CACHE_PREFIX + naam) is None
    goed = _uploaden(login(regisseur), "persoon", xlsx_bestand(GOED), "goed.xlsx")
    naam = goed.context["confirm_form"].initial["import_file_name"]
    assert cache.get(TijdelijkeOpslag.CACHE_PREFIX + naam) is not None


def test_na_de_import_een_nederlandse_bevestiging(login, regisseur, delft):
    client = login(regisseur)
    voorbeeld = _uploaden(client, "persoon", xlsx_bestand(GOED), "netwerk.xlsx")
    klaar = client.post(
        reverse("admin:netwerk_persoon_process_import"),
        voorbeeld.context["confirm_form"].initial,
        follow=True,
    )
    assert "Import opgeslagen: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd." in klaar.content.decode()


def test_importpagina_legt_de_kolommen_uit_en_geeft_een_voorbeeldbestand(login, regisseur):
    client = login(regisseur)
    html = client.get(reverse("admin:netwerk_persoon_import")).content.decode()
    assert "gescheiden door een puntkomma" in html
    voorbeeld_url = reverse("admin:netwerk_persoon_import_voorbeeld")
    assert voorbeeld_url in html
    antwoord = client.get(voorbeeld_url)
    assert antwoord["Content-Disposition"].endswith('voorbeeld-aandachtsfunctionarissen.xlsx"')
    rijen = list(openpyxl.load_workbook(io.BytesIO(antwoord.content)).active.values)
    assert rijen[0][:4] == ("voornaam", "tussenvoegsel", "achternaam", "email")
    # The example file itself is a valid import (its organisation must exist first).
    OrganisatieFactory(naam="Vermeer Lyceum")
    LocatieFactory(organisatie=nw.Organisatie.objects.get(), naam="Gebouw Noord")
    LocatieFactory(organisatie=nw.Organisatie.objects.get(), naam="Gebouw Zuid")
    NetwerkFactory(naam="Netwerk aandachtsfunctionarissen Delft")
    uitkomst = importeer(AandachtsfunctionarisResource, antwoord.content, dry_run=True)
    assert uitkomst.totals["new"] == 1, fouten_per_rij(uitkomst)


def test_exportformulier_kiest_standaard_excel_en_het_blad_heeft_een_naam(login, regisseur):
    AandachtsfunctionarisFactory()
    client = login(regisseur)
    formulier = client.get(reverse("admin:netwerk_persoon_export") + "?rol=af").content.decode()
    assert "Excel (.xlsx)" in formulier and "---" not in formulier
    bestand = _export(client, "persoon", "?rol=af")
    assert openpyxl.load_workbook(io.BytesIO(bestand.content)).active.title == (
        "Aandachtsfunctionarissen"
    )


def test_lijst_van_aandachtsfunctionarissen_wijst_de_weg_naar_import_en_export(login, regisseur):
    html = login(regisseur).get(reverse("admin:netwerk_aandachtsfunctionaris_changelist"))
    assert reverse("admin:netwerk_persoon_import") in html.content.decode()
    assert reverse("admin:netwerk_persoon_export") + "?rol=af" in html.content.decode()


@pytest.mark.parametrize(
    "gegevens",
    [
        {},
        {"import_file_name": "x", "original_file_name": "a.csv", "format": "abc"},
        {"import_file_name": "x", "original_file_name": "a.csv", "format": "7"},
    ],
)
def test_een_geknutselde_bevestiging_geeft_geen_serverfout(login, regisseur, gegevens):
    antwoord = login(regisseur).post(
        reverse("admin:netwerk_persoon_process_import"), gegevens, follow=True
    )
    assert antwoord.status_code == 200
    assert antwoord.redirect_chain[-1][0] == reverse("admin:netwerk_persoon_import")
