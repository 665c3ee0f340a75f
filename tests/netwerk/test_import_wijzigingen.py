"""What an import changes in rows that already exist: the preview lists it per row, and a name
that changes is marked and must be checked by the regisseur before anything is saved."""

import csv
import io
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import strip_tags

from netwerk import models as nw
from netwerk.resources import (
    LocatieResource,
    NamenNietGecontroleerd,
    OrganisatieResource,
    Spreadsheet,
)
from tests.factories import (
    LidmaatschapFactory,
    LocatieFactory,
    NetwerkFactory,
    OrganisatieFactory,
    PersoonFactory,
    SleutelpersoonFactory,
)

pytestmark = pytest.mark.django_db

KOPPEN = ["Voornaam", "Tussenvoegsel", "Achternaam", "E-mailadres", "Telefoon"]


def csv_bestand(rijen) -> bytes:
    uit = io.StringIO()
    csv.writer(uit, delimiter=";").writerows(rijen)
    return uit.getvalue().encode("utf-8-sig")


def uploaden(client, rijen, model="persoon"):
    return client.post(
        reverse(f"admin:netwerk_{model}_import"),
        {
            "import_file": SimpleUploadedFile("bestand.csv", csv_bestand(rijen)),
            "format": "0",
            "resource": "0",
        },
    )


def bevestigen(client, voorbeeld, model="persoon", **extra):
    return client.post(
        reverse(f"admin:netwerk_{model}_process_import"),
        {**voorbeeld.context["confirm_form"].initial, **extra},
        follow=True,
    )


def leesbaar(html: str) -> str:
    """The text a sighted user reads (without the words only a screen reader speaks)."""
    html = re.sub(r'<span class="visually-hidden">.*?</span>', "", html, flags=re.S)
    return " ".join(strip_tags(html).split())


def wijzigingen(html: str) -> list[list[str]]:
    """Per row of the preview, the changes listed under "Wat verandert er"."""
    cellen = re.findall(r'<td class="regie-wijzigingen">(.*?)</td>', html, flags=re.S)
    return [[leesbaar(li) for li in re.findall(r"<li.*?</li>", cel, flags=re.S)] for cel in cellen]


def importeer(resource, rijen, **kwargs):
    return resource().import_data(Spreadsheet().create_dataset(csv_bestand(rijen)), **kwargs)


@pytest.fixture
def bram():
    return PersoonFactory(
        voornaam="Bram",
        tussenvoegsel="van der",
        achternaam="Heijden",
        email="bram.vanderheijden@delft.example",
        telefoon="0612345678",
    )


def test_andere_naam_bij_een_bekend_adres_staat_oud_en_nieuw_in_het_voorbeeld(
    login, regisseur, bram
):
    # The address in other capitals: still Bram's row, but with somebody else's name.
    rij = ["Sanne", "", "de Wit", "Bram.VanDerHeijden@Delft.EXAMPLE", "06 12345678"]
    html = uploaden(login(regisseur), [KOPPEN, rij]).content.decode()

    assert "0 nieuw, 1 bijgewerkt, 0 ongewijzigd." in html
    tekst = leesbaar(html)
    assert "Let op: bij 1 rij wijzigt de naam van een bestaande persoon." in tekst
    assert "Rij 2: Bram van der Heijden → Sanne de Wit" in tekst
    assert "herkend aan het e-mailadres" in tekst
    assert "Naam wijzigt" in tekst
    assert wijzigingen(html) == [
        [
            "Voornaam: Bram → Sanne",
            "Tussenvoegsel: van der → (leeg)",
            "Achternaam: Heijden → de Wit",
        ]
    ]
    assert "Ik heb de naamswijzigingen gecontroleerd" in tekst
    bram.refresh_from_db()
    assert bram.volledige_naam == "Bram van der Heijden"


def test_een_naamswijziging_wordt_alleen_met_het_vinkje_opgeslagen(login, regisseur, bram):
    rijen = [
        KOPPEN,
        ["Sanne", "", "de Wit", "BRAM.VANDERHEIJDEN@delft.example", "06 12345678"],
        ["Nieuw", "", "Mens", "nieuw@delft.example", ""],
    ]
    client = login(regisseur)

    geweigerd = bevestigen(client, uploaden(client, rijen))

    assert geweigerd.redirect_chain[-1][0] == reverse("admin:netwerk_persoon_import")
    html = geweigerd.content.decode()
    assert "Er is niets opgeslagen: bij 1 rij wijzigt een naam" in html
    assert "Import opgeslagen" not in html
    bram.refresh_from_db()
    assert bram.volledige_naam == "Bram van der Heijden"
    assert not nw.Persoon.objects.filter(email="nieuw@delft.example").exists()
    assert not LogEntry.objects.exists()

    klaar = bevestigen(client, uploaden(client, rijen), namen_gecontroleerd="on")

    assert "Import opgeslagen: 1 nieuw, 1 bijgewerkt, 0 ongewijzigd." in klaar.content.decode()
    bram.refresh_from_db()
    assert bram.volledige_naam == "Sanne de Wit"
    assert bram.email == "bram.vanderheijden@delft.example"
    assert nw.Persoon.objects.filter(email="nieuw@delft.example").exists()


def test_een_ongewijzigde_rij_toont_geen_wijziging(login, regisseur, bram):
    rij = ["Bram", "van der", "Heijden", "BRAM.vanderheijden@DELFT.example", "06 12345678"]
    html = uploaden(login(regisseur), [KOPPEN, rij]).content.decode()

    assert "0 nieuw, 0 bijgewerkt, 1 ongewijzigd." in html
    assert wijzigingen(html) == [[]]
    assert "→" not in html
    assert "Naam wijzigt" not in html and "Let op" not in html
    assert "naamswijzigingen gecontroleerd" not in html


def test_alleen_een_ander_telefoonnummer_toont_alleen_dat_veld(login, regisseur, bram):
    rij = ["Bram", "van der", "Heijden", "bram.vanderheijden@delft.example", "06 87654321"]
    client = login(regisseur)
    voorbeeld = uploaden(client, [KOPPEN, rij])
    html = voorbeeld.content.decode()

    assert "0 nieuw, 1 bijgewerkt, 0 ongewijzigd." in html
    assert wijzigingen(html) == [["Telefoon: 06 12345678 → 06 87654321"]]
    assert "Naam wijzigt" not in html and "Let op" not in html
    assert "naamswijzigingen gecontroleerd" not in html

    # No name changes: confirming needs no tick.
    klaar = bevestigen(client, voorbeeld)
    assert "Import opgeslagen: 0 nieuw, 1 bijgewerkt, 0 ongewijzigd." in klaar.content.decode()
    bram.refresh_from_db()
    assert bram.telefoon.as_national == "06 87654321"


def test_een_sleutelpersoon_op_de_achtergrond_toont_niet_meer_dan_de_importkolommen(
    login, regisseur, bram
):
    SleutelpersoonFactory(persoon=bram, op_de_achtergrond=True, achterban="Somalische jongeren")
    LidmaatschapFactory(
        persoon=bram, netwerk=NetwerkFactory(naam="Sleutelpersonennetwerk", informeel=True)
    )
    rij = ["Sanne", "", "de Wit", "bram.vanderheijden@delft.example", "06 12345678"]
    html = uploaden(login(regisseur), [KOPPEN, rij]).content.decode()

    assert "Rij 2: Bram van der Heijden → Sanne de Wit" in leesbaar(html)
    assert "Somalische jongeren" not in html
    assert "Sleutelpersonennetwerk" not in html
    assert "achtergrond" not in html


def test_organisaties_en_locaties_vragen_ook_om_controle_van_de_naam():
    school = OrganisatieFactory(naam="vermeer lyceum", domein=nw.Domein.ONDERWIJS)
    noord = LocatieFactory(organisatie=school, naam="gebouw noord")
    organisaties = [["naam", "domein"], ["Vermeer Lyceum", "Onderwijs"]]
    locaties = [["organisatie", "naam"], ["Vermeer Lyceum", "Gebouw Noord"]]

    for resource, rijen, soort in (
        (OrganisatieResource, organisaties, "organisatie"),
        (LocatieResource, locaties, "locatie"),
    ):
        voorbeeld = importeer(resource, rijen, dry_run=True)
        assert voorbeeld.naamswijziging_melding == (
            f"Let op: bij 1 rij wijzigt de naam van een bestaande {soort}."
        )
        assert not voorbeeld.has_errors()
        geweigerd = importeer(resource, rijen)
        assert isinstance(geweigerd.base_errors[0].error, NamenNietGecontroleerd)

    school.refresh_from_db()
    noord.refresh_from_db()
    assert (school.naam, noord.naam) == ("vermeer lyceum", "gebouw noord")

    assert (
        importeer(OrganisatieResource, organisaties, namen_gecontroleerd=True).totals["update"] == 1
    )
    assert importeer(LocatieResource, locaties, namen_gecontroleerd=True).totals["update"] == 1
    school.refresh_from_db()
    noord.refresh_from_db()
    assert (school.naam, noord.naam) == ("Vermeer Lyceum", "Gebouw Noord")


@pytest.mark.django_db(transaction=True)
def test_tweemaal_bevestigen_leest_het_bestand_eenmaal_in(regisseur):
    """Issue 14.10: a double click on "Bevestigen" of a long import. Both POSTs are inside the
    import at once (the test holds the organisation row the new roles point to); the second
    waits for the first and imports nothing, instead of failing on the first one's rows."""
    from django.contrib.messages import get_messages
    from django.test import Client

    from tests.hulp import dubbel_posten
    from tests.netwerk.test_import_export import GOED, _uploaden, xlsx_bestand

    formeel = NetwerkFactory(naam="Netwerk aandachtsfunctionarissen Delft")
    school = OrganisatieFactory(naam="Vermeer Lyceum", domein=nw.Domein.ONDERWIJS)
    LocatieFactory(organisatie=school, naam="Gebouw Noord")
    LocatieFactory(organisatie=school, naam="Gebouw Zuid")
    OrganisatieFactory(naam="Jongerenwerk Delfland", domein=nw.Domein.JONGERENWERK)
    assert formeel.pk

    client = Client()
    client.force_login(regisseur, backend="allauth.account.auth_backends.AuthenticationBackend")
    voorbeeld = _uploaden(client, "persoon", xlsx_bestand(GOED), "netwerk.xlsx")
    bevestiging = voorbeeld.context["confirm_form"].initial
    url = reverse("admin:netwerk_persoon_process_import")

    antwoorden = dubbel_posten(
        client, url, bevestiging, nw.Organisatie.objects.filter(pk=school.pk)
    )

    assert nw.Persoon.objects.count() == 2
    assert [a.status_code for a in antwoorden] == [302, 302]
    meldingen = [str(m) for a in antwoorden for m in get_messages(a.wsgi_request)]
    assert any(m.startswith("Import opgeslagen: 2 nieuw") for m in meldingen), meldingen
    assert "Dit bestand is al verwerkt; het is niet nog eens ingelezen." in meldingen
    assert not any("niets opgeslagen" in m for m in meldingen), meldingen
