"""Large imports in the background (netwerk.resources.achtergrond): the upload leads to a page
with the progress, then the same preview and row errors as a small file gets at once, then the
same confirmation; only the regisseur who started it sees any of it, and a failure loses
nothing."""

import csv
import io
import re
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.celery import app
from netwerk import models as nw
from netwerk import tasks
from netwerk.resources import TijdelijkeOpslag, achtergrond
from tests.factories import (
    LocatieFactory,
    NetwerkFactory,
    OrganisatieFactory,
    PersoonFactory,
    UserFactory,
)

KOPPEN = ["voornaam", "tussenvoegsel", "achternaam", "email", "telefoon", "organisatie",
          "functie", "locaties", "netwerk"]  # fmt: skip


def personen_csv(aantal, *, fout_elke=0, begin=0) -> bytes:
    """``aantal`` aandachtsfunctionarissen of the Vermeer Lyceum; every ``fout_elke``-th row
    has an address that is no e-mail address."""
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";")
    schrijver.writerow(KOPPEN)
    for i in range(begin, begin + aantal):
        email = "geen-adres" if fout_elke and i % fout_elke == 0 else f"p{i}@vermeer.example"
        schrijver.writerow(
            [
                "Voor",
                "",
                f"Achter {i}",
                email,
                "",
                "Vermeer Lyceum",
                "Mentor",
                "Gebouw Noord",
                "Netwerk aandachtsfunctionarissen Delft" if i % 2 else "",
            ]
        )
    return uit.getvalue().encode("utf-8-sig")


@pytest.fixture
def delft(db):
    NetwerkFactory(naam="Netwerk aandachtsfunctionarissen Delft")
    school = OrganisatieFactory(naam="Vermeer Lyceum", domein=nw.Domein.ONDERWIJS)
    LocatieFactory(organisatie=school, naam="Gebouw Noord")
    return school


@pytest.fixture
def celery_eager():
    """Tasks run at once, in the request that queues them (no broker, no worker)."""
    vorige = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = vorige


@pytest.fixture(autouse=True)
def _niets_naar_de_broker(request, monkeypatch):
    """Without a worker (and without eager tasks) a queued job just waits: nothing goes to the
    broker, where a later test's worker would find it."""
    if "celery_eager" not in request.fixturenames and "echte_worker" not in request.node.name:
        monkeypatch.setattr(tasks.import_uitvoeren, "delay", lambda *args, **kwargs: None)


@pytest.fixture
def klein_genoeg(monkeypatch):
    """From five rows on, the background: keeps these tests fast."""
    monkeypatch.setattr(achtergrond, "ACHTERGROND_VANAF", 5)


def uploaden(client, data, model="persoon", naam="personen.csv"):
    return client.post(
        reverse(f"admin:netwerk_{model}_import"),
        {"import_file": SimpleUploadedFile(naam, data), "format": "0", "resource": "0"},
    )


def taak_van(antwoord) -> str:
    gevonden = re.fullmatch(r"/beheer/netwerk/\w+/import/([\w-]+)/", antwoord["Location"])
    assert gevonden, antwoord.get("Location")
    return gevonden[1]


def taak_url(taak, model="persoon"):
    return reverse(f"admin:netwerk_{model}_import_taak", args=[taak])


def status_url(taak, model="persoon"):
    return reverse(f"admin:netwerk_{model}_import_taak_status", args=[taak])


def voorbeeldtabel(html: str) -> str:
    """The preview's table (or the table of row errors), as the page shows it."""
    gevonden = re.search(r'<table class="import-preview">.*?</table>', html, flags=re.S)
    assert gevonden, html
    return gevonden[0]


# --- The whole way, tasks run at once ----------------------------------------------------------


def test_een_groot_bestand_gaat_via_de_achtergrond_naar_hetzelfde_voorbeeld_en_slaat_op(
    login, regisseur, delft, celery_eager, klein_genoeg
):
    client = login(regisseur)
    antwoord = uploaden(client, personen_csv(40))
    assert antwoord.status_code == 302
    taak = taak_van(antwoord)
    assert not nw.Persoon.objects.exists()

    voorbeeld = client.get(taak_url(taak))
    html = voorbeeld.content.decode()
    assert "40 nieuw, 0 bijgewerkt, 0 ongewijzigd." in html
    assert "Er is nog niets opgeslagen." in html
    assert "Achter 39" in html
    assert not nw.Persoon.objects.exists()

    bevestiging = voorbeeld.context["confirm_form"].initial
    assert bevestiging["taak"] == taak
    opgeslagen = client.post(reverse("admin:netwerk_persoon_process_import"), bevestiging)
    assert opgeslagen["Location"] == taak_url(taak)
    klaar = client.get(taak_url(taak), follow=True)
    assert klaar.redirect_chain[-1][0] == reverse("admin:netwerk_persoon_changelist")
    assert "Import opgeslagen: 40 nieuw, 0 bijgewerkt, 0 ongewijzigd." in klaar.content.decode()
    assert nw.Persoon.objects.count() == 40
    assert nw.Aandachtsfunctionaris.objects.filter(locaties__naam="Gebouw Noord").count() == 40
    assert nw.Lidmaatschap.objects.count() == 20
    assert LogEntry.objects.filter(user=regisseur).count() == 40
    # Done: the job, its preview and the file are gone from the cache.
    assert client.get(taak_url(taak)).status_code == 404
    assert cache.get(TijdelijkeOpslag.CACHE_PREFIX + bevestiging["import_file_name"]) is None


def test_vanaf_honderd_rijen_op_de_achtergrond_daaronder_meteen(login, regisseur, delft):
    client = login(regisseur)
    meteen = uploaden(client, personen_csv(achtergrond.ACHTERGROND_VANAF - 1))
    assert meteen.status_code == 200 and "99 nieuw" in meteen.content.decode()
    op_de_achtergrond = uploaden(client, personen_csv(achtergrond.ACHTERGROND_VANAF))
    assert op_de_achtergrond.status_code == 302
    pagina = client.get(taak_url(taak_van(op_de_achtergrond))).content.decode()
    assert "Het bestand wordt gecontroleerd" in pagina
    assert "<progress" in pagina


def test_rijfouten_en_voorbeeld_zijn_dezelfde_als_zonder_achtergrond(
    login, regisseur, delft, celery_eager, monkeypatch
):
    PersoonFactory(voornaam="Bram", achternaam="Oud", email="p3@vermeer.example")
    client = login(regisseur)
    for bestand, verwacht in (
        (personen_csv(30, fout_elke=7), "5 rijen kloppen niet"),
        (personen_csv(30), "29 nieuw, 1 bijgewerkt, 0 ongewijzigd."),
    ):
        monkeypatch.setattr(achtergrond, "ACHTERGROND_VANAF", 1000)
        meteen = uploaden(client, bestand).content.decode()
        monkeypatch.setattr(achtergrond, "ACHTERGROND_VANAF", 5)
        later = client.get(taak_url(taak_van(uploaden(client, bestand)))).content.decode()
        assert verwacht in meteen and verwacht in later
        assert voorbeeldtabel(later) == voorbeeldtabel(meteen)
    # The name change is marked the same way, and must be ticked before it is saved.
    assert "Let op: bij 1 rij wijzigt de naam van een bestaande persoon." in later
    assert "Naam wijzigt" in later and 'name="namen_gecontroleerd"' in later


def test_rijfouten_van_een_groot_bestand_zonder_bevestigknop(
    login, regisseur, delft, celery_eager, klein_genoeg
):
    client = login(regisseur)
    taak = taak_van(uploaden(client, personen_csv(20, fout_elke=5)))
    antwoord = client.get(taak_url(taak))
    html = antwoord.content.decode()
    assert "4 rijen kloppen niet" in html
    assert "Voer een geldig e-mailadres in." in html
    assert "Import bevestigen" not in html and antwoord.context.get("confirm_form") is None
    # Nothing to confirm: the uploaded file does not wait in the cache.
    staat = achtergrond._lezen(taak)
    assert not achtergrond.bestand_bewaard(staat)
    # A corrected file can be chosen on the same page; it goes to the import.
    assert f'action="{reverse("admin:netwerk_persoon_import")}"' in html


def test_een_naamswijziging_zonder_vinkje_slaat_niets_op(
    login, regisseur, delft, celery_eager, klein_genoeg
):
    PersoonFactory(voornaam="Bram", achternaam="Oud", email="p1@vermeer.example")
    client = login(regisseur)
    voorbeeld = client.get(taak_url(taak_van(uploaden(client, personen_csv(8)))))
    bevestiging = voorbeeld.context["confirm_form"].initial
    client.post(reverse("admin:netwerk_persoon_process_import"), bevestiging)
    klaar = client.get(taak_url(bevestiging["taak"]), follow=True)
    assert klaar.redirect_chain[-1][0] == reverse("admin:netwerk_persoon_import")
    assert "u hebt niet aangevinkt" in klaar.content.decode()
    assert nw.Persoon.objects.count() == 1

    # With the tick (a new upload, as the message says), it is saved.
    voorbeeld = client.get(taak_url(taak_van(uploaden(client, personen_csv(8)))))
    bevestiging = {**voorbeeld.context["confirm_form"].initial, "namen_gecontroleerd": "on"}
    client.post(reverse("admin:netwerk_persoon_process_import"), bevestiging)
    klaar = client.get(taak_url(bevestiging["taak"]), follow=True)
    assert "7 nieuw, 1 bijgewerkt" in klaar.content.decode()
    assert nw.Persoon.objects.get(email="p1@vermeer.example").achternaam == "Achter 1"


def test_twee_keer_bevestigen_importeert_een_keer(
    login, regisseur, delft, celery_eager, klein_genoeg
):
    client = login(regisseur)
    voorbeeld = client.get(taak_url(taak_van(uploaden(client, personen_csv(10)))))
    bevestiging = voorbeeld.context["confirm_form"].initial
    eerste = client.post(reverse("admin:netwerk_persoon_process_import"), bevestiging)
    tweede = client.post(reverse("admin:netwerk_persoon_process_import"), bevestiging)
    assert eerste["Location"] == tweede["Location"] == taak_url(bevestiging["taak"])
    assert nw.Persoon.objects.count() == 10
    assert LogEntry.objects.count() == 10


def test_organisaties_ook_via_de_achtergrond(login, regisseur, celery_eager, klein_genoeg):
    uit = io.StringIO()
    csv.writer(uit, delimiter=";").writerows(
        [["naam", "domein"]] + [[f"School {i}", "Onderwijs"] for i in range(12)]
    )
    client = login(regisseur)
    taak = taak_van(uploaden(client, uit.getvalue().encode(), model="organisatie"))
    voorbeeld = client.get(taak_url(taak, "organisatie"))
    assert "12 nieuw" in voorbeeld.content.decode()
    client.post(
        reverse("admin:netwerk_organisatie_process_import"),
        voorbeeld.context["confirm_form"].initial,
    )
    client.get(taak_url(taak, "organisatie"))
    assert nw.Organisatie.objects.count() == 12


# --- Who may see a job ---------------------------------------------------------------------------


def test_alleen_de_regisseur_die_het_begon_ziet_de_taak(
    login, client, regisseur, delft, celery_eager, klein_genoeg
):
    taak = taak_van(uploaden(login(regisseur), personen_csv(10)))
    bevestiging = achtergrond.bevestigingsgegevens(taak, achtergrond._lezen(taak))

    # Another regisseur: as if it did not exist; cannot confirm it either.
    collega = UserFactory(regisseur=True, met_mfa=True)
    client.force_login(collega, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.get(taak_url(taak)).status_code == 404
    assert client.get(status_url(taak)).status_code == 404
    assert client.post(taak_url(taak)).status_code == 404
    geweigerd = client.post(reverse("admin:netwerk_persoon_process_import"), bevestiging)
    assert geweigerd["Location"] == reverse("admin:netwerk_persoon_import")
    assert achtergrond._lezen(taak)["fase"] == achtergrond.CONTROLE
    assert not nw.Persoon.objects.exists()

    # The same job under another list: not found either.
    client.force_login(regisseur, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.get(taak_url(taak, "organisatie")).status_code == 404
    assert client.get(status_url(taak, "organisatie")).status_code == 404
    assert client.get(taak_url(taak)).status_code == 200


@pytest.mark.parametrize("soort", ["professional", "partner", "beheerder"])
def test_verkeerde_rol_krijgt_geen_taak(login, client, regisseur, delft, soort, klein_genoeg):
    taak = taak_van(uploaden(login(regisseur), personen_csv(10)))
    client.force_login(
        UserFactory(**{soort: True}, met_mfa=True),
        backend="allauth.account.auth_backends.AuthenticationBackend",
    )
    assert client.get(taak_url(taak)).status_code == 403
    assert client.get(status_url(taak)).status_code == 403
    assert client.post(taak_url(taak)).status_code == 403


def test_anoniem_gaat_naar_het_inloggen(client, regisseur, delft, login, klein_genoeg):
    taak = taak_van(uploaden(login(regisseur), personen_csv(10)))
    client.logout()
    for url in (taak_url(taak), status_url(taak)):
        assert client.get(url).status_code == 302


# --- Progress, failure and trying again ------------------------------------------------------


def test_de_status_zegt_hoe_ver_de_taak_is(login, regisseur, delft, klein_genoeg):
    client = login(regisseur)
    taak = taak_van(uploaden(client, personen_csv(10)))  # no worker: it waits
    stand = client.get(status_url(taak)).json()
    assert stand == {
        "fase": "controle",
        "status": "wachtend",
        "gedaan": 0,
        "totaal": 10,
        "klaar": False,
        "tekst": "Wacht op een vrije verwerker …",
    }
    staat = achtergrond._lezen(taak)
    achtergrond._bijwerken(taak, staat["poging"], status=achtergrond.BEZIG, gedaan=4)
    stand = client.get(status_url(taak)).json()
    assert (stand["gedaan"], stand["totaal"], stand["klaar"]) == (4, 10, False)
    assert stand["tekst"] == "4 van 10 rijen gecontroleerd."
    pagina = client.get(taak_url(taak)).content.decode()
    assert '<progress id="import-voortgang" max="10" value="4"' in pagina
    # Without JavaScript the page refreshes itself, and there is a link to do it by hand.
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in pagina
    assert f'href="{taak_url(taak)}">Vernieuwen</a>' in pagina
    assert "netwerk/import-voortgang.js" in pagina


def test_elke_rij_telt_mee_in_de_voortgang_ook_een_foute(delft):
    from netwerk.resources import AandachtsfunctionarisResource, Spreadsheet

    gezien = []
    AandachtsfunctionarisResource().import_data(
        Spreadsheet().create_dataset(personen_csv(6, fout_elke=3)),
        dry_run=True,
        voortgang=lambda gedaan, totaal: gezien.append((gedaan, totaal)),
    )
    assert gezien == [(i, 6) for i in range(1, 7)]


def test_een_mislukte_controle_zegt_het_en_verliest_niets(
    login, regisseur, delft, celery_eager, klein_genoeg, monkeypatch
):
    from netwerk.resources import AandachtsfunctionarisResource

    echt = AandachtsfunctionarisResource.import_data

    def kapot(self, *args, **kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr(AandachtsfunctionarisResource, "import_data", kapot)
    client = login(regisseur)
    taak = taak_van(uploaden(client, personen_csv(10)))
    html = client.get(taak_url(taak)).content.decode()
    assert "De controle is mislukt" in html
    assert "Er ging iets mis bij de verwerking. Er is niets opgeslagen." in html
    assert "Opnieuw proberen" in html and "Een ander bestand kiezen" in html
    assert client.get(status_url(taak)).json()["klaar"] is True

    # The file is still there: trying again (now that it works) gives the preview.
    monkeypatch.setattr(AandachtsfunctionarisResource, "import_data", echt)
    assert client.post(taak_url(taak))["Location"] == taak_url(taak)
    assert "10 nieuw" in client.get(taak_url(taak)).content.decode()


def test_een_onbereikbare_wachtrij_verliest_niets(
    login, regisseur, delft, klein_genoeg, monkeypatch, celery_eager
):
    def onbereikbaar(*args, **kwargs):
        raise ConnectionError("Redis weg")

    monkeypatch.setattr(tasks.import_uitvoeren, "delay", onbereikbaar)
    client = login(regisseur)
    taak = taak_van(uploaden(client, personen_csv(10)))
    html = client.get(taak_url(taak)).content.decode()
    assert "De verwerking kon niet worden gestart" in html and "Opnieuw proberen" in html
    monkeypatch.undo()
    client.post(taak_url(taak))
    assert "10 nieuw" in client.get(taak_url(taak)).content.decode()


def test_een_mislukt_opslaan_bewaart_niets_en_kan_opnieuw(
    login, regisseur, delft, celery_eager, klein_genoeg, monkeypatch
):
    client = login(regisseur)
    voorbeeld = client.get(taak_url(taak_van(uploaden(client, personen_csv(10)))))
    bevestiging = voorbeeld.context["confirm_form"].initial
    echt = achtergrond._logboek

    def kapot(*args, **kwargs):
        raise RuntimeError("verbinding met de database verbroken")

    # It fails after every row was written, before the end of the transaction.
    monkeypatch.setattr(achtergrond, "_logboek", kapot)
    client.post(reverse("admin:netwerk_persoon_process_import"), bevestiging)
    html = client.get(taak_url(bevestiging["taak"])).content.decode()
    assert "Het opslaan is mislukt" in html
    assert "Er ging iets mis bij de verwerking. Er is niets opgeslagen." in html
    assert not nw.Persoon.objects.exists()  # all or nothing
    assert not LogEntry.objects.exists()

    monkeypatch.setattr(achtergrond, "_logboek", echt)
    client.post(taak_url(bevestiging["taak"]))  # Opnieuw proberen
    klaar = client.get(taak_url(bevestiging["taak"]), follow=True)
    assert "Import opgeslagen: 10 nieuw" in klaar.content.decode()
    assert nw.Persoon.objects.count() == 10


def test_een_stilgevallen_taak_heet_onderbroken(login, regisseur, delft, klein_genoeg):
    client = login(regisseur)
    taak = taak_van(uploaden(client, personen_csv(10)))
    staat = achtergrond._lezen(taak)
    staat.update(status=achtergrond.BEZIG, bijgewerkt=time.time() - achtergrond.STIL_NA - 1)
    cache.set(achtergrond._STAAT + taak, staat)
    html = client.get(taak_url(taak)).content.decode()
    assert "De verwerking is onderbroken. Er is niets opgeslagen." in html
    assert "Opnieuw proberen" in html


def test_een_verlopen_taak_wijst_de_weg_terug(login, regisseur, delft):
    antwoord = login(regisseur).get(taak_url("bestaat-niet"))
    assert antwoord.status_code == 404
    html = antwoord.content.decode()
    assert "Deze import is niet (meer) beschikbaar" in html
    assert reverse("admin:netwerk_persoon_import") in html


# --- The task itself: stateless, safe to run twice ------------------------------------------------


def _bevestigd(client, taak, monkeypatch):
    """Confirm the job's preview without running the import (no worker): its attempt."""
    voorbeeld = client.get(taak_url(taak))
    with monkeypatch.context() as m:
        m.setattr(tasks.import_uitvoeren, "delay", lambda *args, **kwargs: None)
        client.post(
            reverse("admin:netwerk_persoon_process_import"),
            voorbeeld.context["confirm_form"].initial,
        )
    return achtergrond._lezen(taak)["poging"]


def test_de_taak_twee_keer_uitvoeren_importeert_een_keer(
    login, regisseur, delft, celery_eager, klein_genoeg, monkeypatch
):
    client = login(regisseur)
    taak = taak_van(uploaden(client, personen_csv(10)))
    poging = _bevestigd(client, taak, monkeypatch)
    achtergrond.taak_uitvoeren(taak, poging)
    assert nw.Persoon.objects.count() == 10
    # The message came again (a worker died before it acknowledged it): nothing twice.
    staat = achtergrond._lezen(taak)
    staat.update(status=achtergrond.BEZIG)
    cache.set(achtergrond._STAAT + taak, staat)
    TijdelijkeOpslag(name=staat["bestand"]).save(personen_csv(10))
    achtergrond.taak_uitvoeren(taak, poging)
    assert nw.Persoon.objects.count() == 10
    assert LogEntry.objects.count() == 10
    klaar = client.get(taak_url(taak), follow=True)
    assert "Import opgeslagen: 10 nieuw, 0 bijgewerkt, 0 ongewijzigd." in klaar.content.decode()


def test_een_oudere_poging_doet_niets(
    login, regisseur, delft, celery_eager, klein_genoeg, monkeypatch
):
    client = login(regisseur)
    taak = taak_van(uploaden(client, personen_csv(10)))
    oud = _bevestigd(client, taak, monkeypatch)
    staat = achtergrond._lezen(taak)
    staat.update(poging="nieuwer", status=achtergrond.WACHTEND)
    cache.set(achtergrond._STAAT + taak, staat)
    achtergrond.taak_uitvoeren(taak, oud)
    assert not nw.Persoon.objects.exists()
    assert achtergrond._lezen(taak)["status"] == achtergrond.WACHTEND


def test_een_poging_die_is_ingehaald_stopt_en_slaat_niets_op(
    login, regisseur, delft, celery_eager, klein_genoeg, monkeypatch
):
    client = login(regisseur)
    taak = taak_van(uploaden(client, personen_csv(10)))
    poging = _bevestigd(client, taak, monkeypatch)
    monkeypatch.setattr(achtergrond, "VOORTGANG_ELKE", 0)
    echt = achtergrond._Voortgang.__call__

    def halverwege_opnieuw_begonnen(self, gedaan, totaal):
        if gedaan == 4:  # the regisseur pressed "Opnieuw proberen" meanwhile
            staat = achtergrond._lezen(taak)
            staat["poging"] = "nieuwer"
            cache.set(achtergrond._STAAT + taak, staat)
        return echt(self, gedaan, totaal)

    monkeypatch.setattr(achtergrond._Voortgang, "__call__", halverwege_opnieuw_begonnen)
    achtergrond.taak_uitvoeren(taak, poging)
    assert not nw.Persoon.objects.exists()
    assert achtergrond._lezen(taak)["gedaan"] == 3  # what the older attempt wrote, and no more


@pytest.mark.django_db(transaction=True)
def test_een_echte_worker_toont_de_voortgang_en_slaat_op(client, monkeypatch):
    """A real Celery worker (a thread of this process, so it shares the test database) checks
    the file while the page polls its progress, then saves it."""
    monkeypatch.setattr(achtergrond, "VOORTGANG_ELKE", 0.05)
    NetwerkFactory(naam="Netwerk aandachtsfunctionarissen Delft")
    school = OrganisatieFactory(naam="Vermeer Lyceum", domein=nw.Domein.ONDERWIJS)
    LocatieFactory(organisatie=school, naam="Gebouw Noord")
    regisseur = UserFactory(regisseur=True, met_mfa=True)
    client.force_login(regisseur, backend="allauth.account.auth_backends.AuthenticationBackend")

    def volgen(taak):
        gezien, deadline = set(), time.monotonic() + 60
        while True:
            stand = client.get(status_url(taak)).json()
            gezien.add(stand["gedaan"])
            if stand["klaar"]:
                return stand, gezien
            assert time.monotonic() < deadline, "de worker deed het niet binnen 60 s"
            time.sleep(0.05)

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        taak = taak_van(uploaden(client, personen_csv(150, fout_elke=0)))
        stand, gezien = volgen(taak)
        assert stand["status"] == "klaar" and stand["gedaan"] == 150
        assert any(0 < g < 150 for g in gezien), gezien  # the bar moved on the way
        voorbeeld = client.get(taak_url(taak))
        assert "150 nieuw, 0 bijgewerkt, 0 ongewijzigd." in voorbeeld.content.decode()
        client.post(
            reverse("admin:netwerk_persoon_process_import"),
            voorbeeld.context["confirm_form"].initial,
        )
        stand, _gezien = volgen(taak)
        assert stand["fase"] == "opslaan" and stand["status"] == "klaar"
    klaar = client.get(taak_url(taak), follow=True)
    assert "Import opgeslagen: 150 nieuw" in klaar.content.decode()
    assert nw.Persoon.objects.count() == 150
