"""Earlier signed documents of a convenant: a replaced PDF is kept, never deleted, and only the
regisseur can download it (netwerk.convenanten.document_vervangen, ConvenantAdmin)."""

from datetime import timedelta
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from netwerk import convenanten
from netwerk.demo import demo_pdf
from netwerk.models import Convenant, ConvenantDocument
from tests.factories import ConvenantFactory, OrganisatieFactory, UserFactory, partner_bij

pytestmark = pytest.mark.django_db

EERSTE = demo_pdf("Eerste versie")
TWEEDE = demo_pdf("Tweede versie")
DERDE = demo_pdf("Derde versie")


def _wijzig(client, convenant, **velden):
    """Save the convenant's change page in /beheer/ as the regisseur would."""
    gegevens = {
        "naam": convenant.naam,
        "doel": convenant.doel,
        "status": convenant.status,
        "geldig_van": convenant.geldig_van.isoformat(),
        "geldig_tot": convenant.geldig_tot.isoformat() if convenant.geldig_tot else "",
        "categorieen_keuze": ["radicalisering"],
        "partijrijen-TOTAL_FORMS": "0",
        "partijrijen-INITIAL_FORMS": "0",
        **velden,
    }
    antwoord = client.post(reverse("admin:netwerk_convenant_change", args=[convenant.pk]), gegevens)
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    convenant.refresh_from_db()
    return antwoord


def _vervang(client, convenant, inhoud):
    return _wijzig(
        client,
        convenant,
        document=SimpleUploadedFile("nieuw.pdf", inhoud, content_type="application/pdf"),
    )


def _download(client, url):
    antwoord = client.get(url)
    assert antwoord.status_code == 200
    return antwoord, b"".join(antwoord.streaming_content)


def _versie_url(convenant_pk, versie_pk):
    return reverse("admin:netwerk_convenant_eerder_document", args=[convenant_pk, versie_pk])


def test_vervangen_houdt_de_oude_pdf_downloadbaar_met_data_en_wie(login, regisseur):
    c = ConvenantFactory(document__data=EERSTE)
    oud = c.document.name
    client = login(regisseur)
    voor = timezone.now()
    _vervang(client, c, TWEEDE)
    na = timezone.now()

    versie = c.eerdere_documenten.get()
    assert versie.document.name == oud != c.document.name
    # Uploaded when the convenant was made (the change log's entry of its creation).
    assert c.aangemaakt_op <= versie.van < c.aangemaakt_op + timedelta(seconds=5)
    assert voor <= versie.tot <= na
    assert versie.vervangen_door == regisseur

    antwoord, inhoud = _download(client, _versie_url(c.pk, versie.pk))
    assert inhoud == EERSTE
    assert antwoord["Content-Type"] == "application/pdf"
    assert antwoord["Content-Disposition"].startswith("attachment;")
    assert f"convenant-{c.pk}-vervangen-" in antwoord["Content-Disposition"]
    assert "no-store" in antwoord["Cache-Control"]
    # The current document is the new one.
    _, huidig = _download(client, reverse("admin:netwerk_convenant_document", args=[c.pk]))
    assert huidig == TWEEDE
    # Never as a public media file.
    assert client.get("/media/" + oud).status_code == 404


def test_twee_keer_vervangen_geeft_twee_versies_op_volgorde(login, regisseur):
    c = ConvenantFactory(document__data=EERSTE)
    eerste, client = c.document.name, login(regisseur)
    _vervang(client, c, TWEEDE)
    tweede = c.document.name
    andere_regisseur = UserFactory(regisseur=True, met_mfa=True, first_name="Fatima")
    _vervang(login(andere_regisseur), c, DERDE)

    v1, v2 = c.eerdere_documenten.all()
    assert [v1.document.name, v2.document.name] == [eerste, tweede]
    assert v1.van <= v1.tot == v2.van <= v2.tot  # one after the other, without a gap
    assert [v1.vervangen_door, v2.vervangen_door] == [regisseur, andere_regisseur]
    client = login(regisseur)
    assert _download(client, _versie_url(c.pk, v1.pk))[1] == EERSTE
    assert _download(client, _versie_url(c.pk, v2.pk))[1] == TWEEDE
    assert _download(client, reverse("admin:netwerk_convenant_document", args=[c.pk]))[1] == DERDE

    html = client.get(reverse("admin:netwerk_convenant_change", args=[c.pk])).content.decode()
    assert html.index(_versie_url(c.pk, v1.pk)) < html.index(_versie_url(c.pk, v2.pk))


def test_van_is_wanneer_het_document_later_werd_toegevoegd(login, regisseur):
    """A convenant made as a concept without a document: the version runs from the upload (the
    change log knows when), not from when the convenant was made."""
    c = ConvenantFactory(status="concept", document=None)
    Convenant.objects.filter(pk=c.pk).update(aangemaakt_op=timezone.now() - timedelta(days=30))
    c.refresh_from_db()
    client = login(regisseur)
    _vervang(client, c, EERSTE)
    assert not c.eerdere_documenten.exists()  # nothing was replaced yet
    toegevoegd = (
        LogEntry.objects.get_for_object(c)
        .filter(changes__has_key="document")
        .latest("timestamp")
        .timestamp
    )
    _vervang(client, c, TWEEDE)
    versie = c.eerdere_documenten.get()
    assert versie.van == toegevoegd > c.aangemaakt_op
    assert versie.van <= versie.tot


def test_zonder_wijzigingslog_loopt_de_eerste_versie_vanaf_het_aanmaken(regisseur):
    c = ConvenantFactory(document__data=EERSTE)
    oud = c.document.name
    LogEntry.objects.get_for_object(c).delete()
    c.document = ContentFile(TWEEDE, name="nieuw.pdf")
    c.save()
    versie = convenanten.document_vervangen(convenant=c, oud_pad=oud, door=None)
    assert versie.van == c.aangemaakt_op and versie.vervangen_door is None
    # Called again for the same file: it is kept once.
    assert convenanten.document_vervangen(convenant=c, oud_pad=oud, door=regisseur) == versie
    assert ConvenantDocument.objects.filter(document=oud).count() == 1
    # Nothing to keep when nothing was replaced.
    assert convenanten.document_vervangen(convenant=c, oud_pad=c.document.name) is None
    assert convenanten.document_vervangen(convenant=c, oud_pad="") is None


def test_weghalen_van_het_document_bewaart_het_ook(login, regisseur):
    c = ConvenantFactory(status="concept", document__data=EERSTE)
    oud, opslag = c.document.name, c.document.storage
    _wijzig(login(regisseur), c, **{"document-clear": "on"})
    assert not c.document
    assert c.eerdere_documenten.get().document.name == oud
    assert opslag.exists(oud)


def test_niets_wordt_verwijderd(login, regisseur):
    c = ConvenantFactory(document__data=EERSTE)
    _vervang(login(regisseur), c, TWEEDE)
    with pytest.raises(ProtectedError):
        c.delete()
    assert c.eerdere_documenten.get().document.storage.exists(
        c.eerdere_documenten.get().document.name
    )


def test_mislukt_opslaan_bewaart_geen_versie(login, regisseur):
    """The version is kept in the same transaction as the save: an invalid form keeps neither."""
    c = ConvenantFactory(document__data=EERSTE)
    oud = c.document.name
    antwoord = login(regisseur).post(
        reverse("admin:netwerk_convenant_change", args=[c.pk]),
        {
            "naam": c.naam,
            "doel": c.doel,
            "status": "van_kracht",
            "geldig_van": c.geldig_van.isoformat(),
            "geldig_tot": (c.geldig_van - timedelta(days=1)).isoformat(),
            "categorieen_keuze": ["radicalisering"],
            "document": SimpleUploadedFile("nieuw.pdf", TWEEDE, content_type="application/pdf"),
            "partijrijen-TOTAL_FORMS": "0",
            "partijrijen-INITIAL_FORMS": "0",
        },
    )
    assert antwoord.status_code == 200
    c.refresh_from_db()
    assert c.document.name == oud
    assert not ConvenantDocument.objects.exists()


# --- who may download ---------------------------------------------------------------------------


@pytest.fixture
def versie(regisseur):
    c = ConvenantFactory(document__data=EERSTE, partijen=[OrganisatieFactory(naam="Politie")])
    oud = c.document.name
    c.document = ContentFile(TWEEDE, name="nieuw.pdf")
    c.save()
    return convenanten.document_vervangen(convenant=c, oud_pad=oud, door=regisseur)


@pytest.mark.parametrize("rol", ["beheerder", "professional", "partner"])
def test_eerder_document_niet_voor_andere_rollen(login, versie, rol):
    gebruiker = (  # a partner of a party to this very convenant
        partner_bij(versie.convenant.partijen.get(naam="Politie"))
        if rol == "partner"
        else UserFactory(**{rol: True}, met_mfa=True)
    )
    antwoord = login(gebruiker).get(_versie_url(versie.convenant_id, versie.pk))
    assert antwoord.status_code == 403
    assert not hasattr(antwoord, "streaming_content")


def test_eerder_document_niet_zonder_inloggen(client, versie):
    antwoord = client.get(_versie_url(versie.convenant_id, versie.pk))
    assert antwoord.status_code == 302
    assert "login" in antwoord["Location"]


def test_versie_van_een_ander_convenant_geeft_404(login, regisseur, versie):
    ander = ConvenantFactory()
    client = login(regisseur)
    assert client.get(_versie_url(ander.pk, versie.pk)).status_code == 404
    assert client.get(_versie_url(versie.convenant_id, versie.pk + 1000)).status_code == 404
    assert client.get(_versie_url(versie.convenant_id, versie.pk)).status_code == 200


# --- the change page ----------------------------------------------------------------------------


@pytest.mark.parametrize("aantal", [1, 15])
def test_wijzigpagina_toont_eerdere_versies_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    c = ConvenantFactory(document__data=EERSTE)
    vervangers = [UserFactory(regisseur=True, first_name=f"Vervanger{i}") for i in range(aantal)]
    for vervanger in vervangers:
        oud = c.document.name
        c.document = ContentFile(TWEEDE, name="nieuw.pdf")
        c.save()
        convenanten.document_vervangen(convenant=c, oud_pad=oud, door=vervanger)
    versies = list(c.eerdere_documenten.all())
    assert len(versies) == aantal
    client = login(regisseur)
    url = reverse("admin:netwerk_convenant_change", args=[c.pk])
    with django_assert_max_num_queries(25):
        html = client.get(url).content.decode()
    assert "Eerder ondertekende documenten" in html
    for versie, vervanger in zip(versies, vervangers, strict=True):
        assert _versie_url(c.pk, versie.pk) in html
        assert escape(str(vervanger)) in html
    assert timezone.localtime(versies[0].tot).strftime("%H:%M") in html
    assert "/media/convenanten/" not in html.split("Eerder ondertekende documenten")[1]


def test_wijzigpagina_zonder_eerdere_versies(login, regisseur):
    c = ConvenantFactory()
    html = login(regisseur).get(reverse("admin:netwerk_convenant_change", args=[c.pk])).content
    assert "nog nooit vervangen" in html.decode()


def test_geen_ontbrekende_migraties():
    uit = StringIO()
    call_command("makemigrations", "netwerk", "--check", "--dry-run", stdout=uit)
    assert "No changes detected" in uit.getvalue()
