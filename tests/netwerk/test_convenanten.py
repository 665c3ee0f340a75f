"""Convenanten in the registry: the signed PDF, the register, partner accounts per organisation."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils.html import escape

from netwerk import convenanten
from netwerk.models import Convenant, ConvenantStatus, Organisatie, pdf_controleren
from tests.factories import PDF, ConvenantFactory, OrganisatieFactory, UserFactory, gemeente

pytestmark = pytest.mark.django_db
LIJST = reverse("admin:netwerk_convenant_changelist")


# --- the document -------------------------------------------------------------------------------


def test_pdf_wordt_op_inhoud_gecontroleerd():
    pdf_controleren(SimpleUploadedFile("convenant.pdf", PDF))
    with pytest.raises(ValidationError, match="geen pdf"):
        pdf_controleren(SimpleUploadedFile("convenant.pdf", b"<html>nep</html>"))
    with pytest.raises(ValidationError, match="geen pdf"):  # a PDF header, but cut off
        pdf_controleren(SimpleUploadedFile("convenant.pdf", b"%PDF-1.4\n1 0 obj"))
    with pytest.raises(ValidationError, match="geen pdf"):  # the markers around a web page
        pdf_controleren(
            SimpleUploadedFile("x.pdf", b"%PDF-1.4\n<html><script>alert(1)</script>\n%%EOF\n")
        )
    # The name does not matter: a real PDF called .txt is fine.
    pdf_controleren(SimpleUploadedFile("scan.txt", PDF, content_type="text/plain"))


def test_te_groot_document_wordt_geweigerd(monkeypatch):
    from netwerk.models import convenanten as models

    monkeypatch.setattr(models, "MAX_DOCUMENT_MB", 0)
    with pytest.raises(ValidationError, match="groter dan 0 MB"):
        pdf_controleren(SimpleUploadedFile("convenant.pdf", PDF))


def test_van_kracht_vraagt_een_document_en_tot_na_van():
    c = Convenant(naam="X", doel="Y", status=ConvenantStatus.VAN_KRACHT, geldig_van=date.today())
    with pytest.raises(ValidationError, match="ondertekend document"):
        c.full_clean()
    with pytest.raises(IntegrityError):
        Convenant.objects.create(
            naam="Z", doel="Y", geldig_van=date.today(), geldig_tot=date.today() - timedelta(1)
        )


def test_maar_een_gemeente():
    gemeente()
    with pytest.raises(IntegrityError):
        OrganisatieFactory(naam="Tweede gemeente", is_gemeente=True)


# --- the register -------------------------------------------------------------------------------


def test_register_toont_wat_binnen_60_dagen_eindigt_eerst(login, regisseur):
    vandaag = date.today()
    lang = ConvenantFactory(naam="Loopt nog lang", geldig_tot=vandaag + timedelta(days=400))
    kort = ConvenantFactory(naam="Eindigt binnenkort", geldig_tot=vandaag + timedelta(days=30))
    voorbij = ConvenantFactory(
        naam="Al beëindigd", status=ConvenantStatus.BEEINDIGD, geldig_tot=vandaag + timedelta(10)
    )
    volgorde = [c.pk for c in convenanten.convenantenregister()]
    assert volgorde[0] == kort.pk
    assert set(volgorde) == {lang.pk, kort.pk, voorbij.pk}
    html = login(regisseur).get(LIJST).content.decode()
    assert html.index("Eindigt binnenkort") < html.index("Loopt nog lang")
    assert "Gemeente Delft" in html  # the parties
    assert "Radicalisering" in html  # the categories


def test_regisseur_maakt_convenant_met_partijen_categorieen_en_pdf(login, regisseur):
    politie = OrganisatieFactory(naam="Politie")
    gem = gemeente()
    client = login(regisseur)
    antwoord = client.post(
        reverse("admin:netwerk_convenant_add"),
        {
            "naam": "Convenant ZVH",
            "doel": "Casusoverleg radicalisering",
            "status": "van_kracht",
            "geldig_van": date.today().isoformat(),
            "geldig_tot": "",
            "categorieen_keuze": ["radicalisering", "extremisme"],
            "melder_identiteit_delen": "",
            "document": SimpleUploadedFile("getekend.pdf", PDF, content_type="application/pdf"),
            "partijrijen-TOTAL_FORMS": "2",
            "partijrijen-INITIAL_FORMS": "0",
            "partijrijen-MIN_NUM_FORMS": "0",
            "partijrijen-MAX_NUM_FORMS": "1000",
            "partijrijen-0-organisatie": gem.pk,
            "partijrijen-1-organisatie": politie.pk,
        },
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    c = Convenant.objects.get()
    assert set(c.partijen.values_list("naam", flat=True)) == {"Gemeente Delft", "Politie"}
    assert set(c.categorieen.values_list("categorie", flat=True)) == {
        "radicalisering",
        "extremisme",
    }
    assert c.document.name.startswith("convenanten/") and "getekend" not in c.document.name
    assert c.in_werking_op()


def test_nep_pdf_geeft_nederlandse_fout_in_beheer(login, regisseur):
    antwoord = login(regisseur).post(
        reverse("admin:netwerk_convenant_add"),
        {
            "naam": "X",
            "doel": "Y",
            "status": "concept",
            "geldig_van": date.today().isoformat(),
            "document": SimpleUploadedFile("x.pdf", b"MZ\x90\x00", content_type="application/pdf"),
            "partijrijen-TOTAL_FORMS": "0",
            "partijrijen-INITIAL_FORMS": "0",
        },
    )
    assert antwoord.status_code == 200
    assert "Dit bestand is geen pdf" in antwoord.content.decode()
    assert not Convenant.objects.exists()


def test_document_alleen_voor_de_regisseur(login, regisseur):
    c = ConvenantFactory()
    url = reverse("admin:netwerk_convenant_document", args=[c.pk])
    antwoord = login(regisseur).get(url)
    assert antwoord.status_code == 200
    assert b"".join(antwoord.streaming_content).startswith(b"%PDF-")
    assert antwoord["Content-Type"] == "application/pdf"
    for rol in ("beheerder", "professional", "partner"):
        assert login(UserFactory(**{rol: True}, met_mfa=True)).get(url).status_code == 403
    # And never as a public media file.
    assert login(regisseur).get("/media/" + c.document.name).status_code == 404


def test_beeindigen_actie(login, regisseur):
    c = ConvenantFactory(geldig_tot=None)
    client = login(regisseur)
    gegevens = {"action": "beeindigen", "_selected_action": [c.pk]}
    vraag = client.post(LIJST, gegevens)
    assert vraag.status_code == 200 and "Ja, vandaag beëindigen" in vraag.content.decode()
    c.refresh_from_db()
    assert c.status != "beeindigd"  # asked first, nothing ended yet
    client.post(LIJST, {**gegevens, "bevestigd": "ja"}, follow=True)
    c.refresh_from_db()
    assert c.status == "beeindigd" and c.geldig_tot == date.today()
    assert not c.in_werking_op()


@pytest.mark.parametrize("rol", ["beheerder", "professional", "partner"])
def test_register_alleen_voor_de_regisseur(login, rol):
    ConvenantFactory()
    assert login(UserFactory(**{rol: True}, met_mfa=True)).get(LIJST).status_code == 403


@pytest.mark.parametrize("aantal", [2, 25])
def test_register_begrensd_aantal_queries(login, regisseur, aantal, django_assert_max_num_queries):
    partijen = [OrganisatieFactory() for _ in range(3)]
    for _ in range(aantal):
        ConvenantFactory(partijen=partijen, categorieen=["radicalisering", "polarisatie"])
    client = login(regisseur)
    with django_assert_max_num_queries(20):
        assert client.get(LIJST).status_code == 200


# --- partner accounts per organisation ----------------------------------------------------------


def test_partneraccounts_van_een_organisatie_via_beheer(login, regisseur):
    politie = OrganisatieFactory(naam="Politie", domein="politie")
    agent = UserFactory(partner=True, email="agent@politie.nl")
    professional = UserFactory(professional=True)
    client = login(regisseur)
    url = reverse("admin:netwerk_organisatie_change", args=[politie.pk])
    html = client.get(url).content.decode()
    assert "agent@politie.nl" in html or escape(agent.get_full_name()) in html
    assert professional.email not in html  # only partner accounts can belong here
    gegevens = {
        "naam": "Politie",
        "domein": "politie",
        "actief": "on",
        "partneraccounts": [agent.pk],
        "locaties-TOTAL_FORMS": "0",
        "locaties-INITIAL_FORMS": "0",
    }
    assert client.post(url, gegevens).status_code == 302
    politie.refresh_from_db()
    assert list(convenanten.organisaties_van(agent)) == [politie]
    gegevens["partneraccounts"] = []
    client.post(url, gegevens)
    assert list(convenanten.organisaties_van(agent)) == []


def test_organisatiegroep_is_geen_rol():
    from accounts import rollen

    politie = OrganisatieFactory()
    agent = UserFactory(partner=True)
    convenanten.partner_koppelen(user=agent, organisatie=politie)
    agent = type(agent).objects.get(pk=agent.pk)
    assert rollen.rollen_van(agent) == {rollen.PARTNER}
    with pytest.raises(ValueError):
        convenanten.partner_koppelen(user=UserFactory(professional=True), organisatie=politie)
    assert Organisatie.objects.get(pk=politie.pk).groep.name.startswith("Organisatie ")


def test_gemeente_is_na_instellen_niet_meer_te_verplaatsen(login, regisseur):
    gem = gemeente()
    politie = OrganisatieFactory(naam="Politie")
    client = login(regisseur)
    html = client.get(reverse("admin:netwerk_organisatie_change", args=[politie.pk])).content
    assert b'name="is_gemeente"' not in html
    client.post(
        reverse("admin:netwerk_organisatie_change", args=[politie.pk]),
        {
            "naam": "Politie",
            "domein": "politie",
            "actief": "on",
            "is_gemeente": "on",
            "locaties-TOTAL_FORMS": "0",
            "locaties-INITIAL_FORMS": "0",
        },
    )
    assert list(Organisatie.objects.filter(is_gemeente=True)) == [gem]


def test_vervangen_document_blijft_eenmaal_bewaard_en_laat_niets_anders_achter(
    login, regisseur, django_capture_on_commit_callbacks
):
    c = ConvenantFactory(status="concept")
    oud = c.document.name
    opslag = c.document.storage
    assert opslag.exists(oud)
    voor = set(opslag.listdir("convenanten")[1])
    url = reverse("admin:netwerk_convenant_change", args=[c.pk])
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = login(regisseur).post(
            url,
            {
                "naam": c.naam,
                "doel": c.doel,
                "status": "concept",
                "geldig_van": c.geldig_van.isoformat(),
                "geldig_tot": "",
                "categorieen_keuze": ["radicalisering"],
                "document": SimpleUploadedFile("nieuw.pdf", PDF, content_type="application/pdf"),
                "partijrijen-TOTAL_FORMS": "0",
                "partijrijen-INITIAL_FORMS": "0",
            },
        )
    assert antwoord.status_code == 302
    c.refresh_from_db()
    assert c.document.name != oud
    # The old file stays where it was, kept once as an earlier version; the only new file is
    # the new document: no copy, no orphan.
    assert opslag.exists(oud) and opslag.exists(c.document.name)
    assert list(c.eerdere_documenten.values_list("document", flat=True)) == [oud]
    na = set(opslag.listdir("convenanten")[1])
    assert voor <= na and {f"convenanten/{n}" for n in na - voor} == {c.document.name}
