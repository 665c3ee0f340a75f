"""The professional's side of trainings: the offer, an edition's page with sign-up and cancel,
"Mijn trainingen", and the personal link from the e-mails (no login). Who may see what, what a
user would notice on each page, and bounded queries at two sizes."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from berichten.models import Bericht
from tests.factories import (
    OrganisatieFactory,
    PersoonFactory,
    UserFactory,
    af_bij,
    editie,
    partner_bij,
    professional_met_persoon,
    soort,
)
from trainingen import services
from trainingen.models import Bron, Inschrijving, InschrijvingStatus

pytestmark = pytest.mark.django_db

S = InschrijvingStatus
GEEN_PERSOON = "Uw account is nog niet aan een persoon in het netwerk gekoppeld"


def gevolgd(persoon, soort_, *, dagen_geleden: int, titel: str = ""):
    """A completed training: a past edition with a completed place (attendance is tested with
    the services; here only what the page shows of it)."""
    ed = editie(soort_, over=-dagen_geleden - 1, titel=titel)
    return Inschrijving.objects.create(
        editie=ed,
        persoon=persoon,
        status=S.INGESCHREVEN,
        ingeschreven_op=timezone.now(),
        voltooid_op=timezone.localdate() - timedelta(days=dagen_geleden),
    )


def html_van(antwoord) -> str:
    return antwoord.content.decode()


def titels(antwoord) -> list[str]:
    """The editions listed on the offer page, in order."""
    return re.findall(
        r'<h2 id="editie-\d+" class="h5 mb-1"><a [^>]*>([^<]*)</a>', html_van(antwoord)
    )


@pytest.fixture
def fatima(db):
    return professional_met_persoon(voornaam="Fatima", achternaam="El Idrissi")


@pytest.fixture
def als_fatima(login, fatima):
    return login(fatima[0])


# --- Who may see what ---------------------------------------------------------------------------


@pytest.mark.parametrize("naam", ["aanbod", "mijn", "editie"])
def test_anoniem_gaat_naar_inloggen(client, naam):
    ed = editie()
    url = reverse(f"trainingen:{naam}", args=[ed.pk] if naam == "editie" else [])
    antwoord = client.get(url)
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("naam", ["aanbod", "mijn", "editie"])
def test_partner_wordt_geweigerd(login, naam):
    ed = editie()
    url = reverse(f"trainingen:{naam}", args=[ed.pk] if naam == "editie" else [])
    assert login(partner_bij(OrganisatieFactory())).get(url).status_code == 403


def test_regisseur_en_beheerder_zien_het_aanbod_niet_mijn_trainingen(login, regisseur, beheerder):
    ed = editie(titel="Bewustwording voor baliemedewerkers")
    for user in (regisseur, beheerder):
        client = login(user)
        html = html_van(client.get(reverse("trainingen:aanbod")))
        assert "Bewustwording voor baliemedewerkers" in html
        antwoord = client.get(reverse("trainingen:editie", args=[ed.pk]))
        assert antwoord.status_code == 200
        assert GEEN_PERSOON in html_van(antwoord)
        assert "Inschrijven</button>" not in html_van(antwoord)
    assert login(regisseur).get(reverse("trainingen:mijn")).status_code == 403
    assert login(beheerder).get(reverse("trainingen:mijn")).status_code == 403


def test_gesloten_voorbije_en_geannuleerde_edities_zijn_er_niet(als_fatima):
    gesloten = editie(titel="Alleen op uitnodiging", inschrijving_open=False)
    voorbij = editie(titel="Al geweest", over=-20)
    geannuleerd = editie(titel="Gaat niet door")
    services.editie_annuleren(geannuleerd)
    html = html_van(als_fatima.get(reverse("trainingen:aanbod")))
    for titel in ("Alleen op uitnodiging", "Al geweest", "Gaat niet door"):
        assert titel not in html
    for ed in (gesloten, voorbij, geannuleerd):
        assert als_fatima.get(reverse("trainingen:editie", args=[ed.pk])).status_code == 404
        antwoord = als_fatima.post(
            reverse("trainingen:editie", args=[ed.pk]), {"actie": "inschrijven"}
        )
        assert antwoord.status_code == 404
    assert not Inschrijving.objects.exists()
    assert als_fatima.get(reverse("trainingen:editie", args=[999999])).status_code == 404


def test_navigatie_voor_de_professional(als_fatima):
    html = html_van(als_fatima.get(reverse("trainingen:mijn")))
    assert f'href="{reverse("trainingen:aanbod")}">Trainingen</a>' in html
    assert f'href="{reverse("trainingen:mijn")}">Mijn trainingen</a>' in html
    # Two apps have a "mijn" page: only the current one is marked.
    assert html.count('aria-current="page"') == 1


def test_partner_heeft_geen_trainingen_in_het_menu(login):
    html = html_van(login(partner_bij(OrganisatieFactory())).get(reverse("home")))
    assert reverse("trainingen:aanbod") not in html


# --- The offer ----------------------------------------------------------------------------------


def test_aanbod_toont_edities_plaatsen_en_eigen_stand(als_fatima, fatima):
    _user, persoon = fatima
    basis = soort("basistraining", doelgroep="Aandachtsfunctionarissen")
    driedaags = editie(basis, dagen=3, capaciteit=12, trainer="Dhr. K. Bakker")
    for _ in range(3):
        services.persoon_inschrijven(driedaags, af_bij())
    vol = editie(soort(naam="Werkatelier delen"), capaciteit=1, locatie="Wijkpost Oost")
    for _ in range(3):
        services.persoon_inschrijven(vol, af_bij())
    eigen = editie(soort(naam="Bewustwording"), titel="Bewustwording in de wijk", capaciteit=5)
    services.persoon_inschrijven(eigen, persoon)
    uitnodiging = editie(soort("terugkomdag"), titel="Terugkomdag maart", inschrijving_open=False)
    services.personen_uitnodigen(uitnodiging, [persoon])

    html = html_van(als_fatima.get(reverse("trainingen:aanbod")))
    assert "4 trainingen gepland." in html
    assert "9 van 12 plaatsen vrij" in html
    assert "Dag 3:" in html and "Dhr. K. Bakker" in html
    assert "Vol — wachtlijst: 2" in html and "Wijkpost Oost" in html
    assert "U bent ingeschreven" in html and "Bewustwording in de wijk" in html
    assert "Terugkomdag maart" in html and "Op uitnodiging" in html
    assert "U bent uitgenodigd" in html
    # Soonest first.
    assert html.index(driedaags.naam) < html.index("Bewustwording in de wijk")


def test_aanbod_zoeken_en_filteren(als_fatima):
    werkatelier = soort(naam="Werkatelier delen")
    editie(werkatelier, locatie="Stadskantoor")
    editie(soort("basistraining"), locatie="Wijkpost Tanthof", titel="Basistraining Tanthof")
    url = reverse("trainingen:aanbod")
    assert titels(als_fatima.get(url, {"zoek": "tanthof"})) == ["Basistraining Tanthof"]
    assert titels(als_fatima.get(url, {"zoek": "werkatelier"})) == ["Werkatelier delen"]
    assert titels(als_fatima.get(url, {"zoek": "stadskantoor"})) == ["Werkatelier delen"]
    assert titels(als_fatima.get(url, {"soort": werkatelier.pk})) == ["Werkatelier delen"]
    html = html_van(als_fatima.get(url, {"zoek": "bestaat niet"}))
    assert "Geen trainingen gevonden" in html


def test_aanbod_in_paginas(als_fatima):
    basis = soort("basistraining")
    for i in range(23):
        editie(basis, over=10 + i, titel=f"Editie {i:02d}")
    url = reverse("trainingen:aanbod")
    html = html_van(als_fatima.get(url, {"zoek": "Editie"}))
    assert "Pagina 1 van 2" in html and "Editie 19" in html and "Editie 20" not in html
    assert "zoek=Editie&amp;pagina=2" in html
    html = html_van(als_fatima.get(url, {"zoek": "Editie", "pagina": 2}))
    assert "Editie 22" in html and "Editie 19" not in html


@pytest.mark.parametrize("aantal", [2, 25])
def test_aanbod_heeft_een_begrensd_aantal_queries(
    login, fatima, aantal, django_assert_max_num_queries
):
    user, persoon = fatima
    basis, ander = soort("basistraining"), soort(naam="Werkatelier")
    for i in range(aantal):
        ed = editie(basis if i % 2 else ander, dagen=2, capaciteit=1, over=10 + i)
        services.persoon_inschrijven(ed, af_bij())
        services.persoon_inschrijven(ed, af_bij() if i % 3 else persoon)  # waiting
    services.personen_uitnodigen(editie(basis, inschrijving_open=False), [persoon])
    client = login(user)
    # 11 for the session, the user, its session record and roles; the person, the kind in the
    # filter and the kinds to choose from, the count, the page, its days, the own rows.
    with django_assert_max_num_queries(19):
        antwoord = client.get(reverse("trainingen:aanbod"), {"zoek": "", "soort": ander.pk})
    assert antwoord.status_code == 200
    assert "Op de wachtlijst, plaats 1" in html_van(antwoord)


# --- One edition: sign up, waiting list, cancel -------------------------------------------------


def test_editiepagina_toont_alles_behalve_andere_deelnemers(als_fatima):
    basis = soort("basistraining", doelgroep="Aandachtsfunctionarissen in onderwijs en zorg")
    ed = editie(
        basis,
        dagen=3,
        capaciteit=12,
        trainer="Mw. S. de Wit",
        omschrijving="Dag 1: herkennen\nDag 2: duiden",
        titel="Basistraining voorjaar",
    )
    anderen = [af_bij(voornaam="Tesfay", achternaam="Gebre"), af_bij(voornaam="Joost")]
    for ander in anderen:
        services.persoon_inschrijven(ed, ander)
    html = html_van(als_fatima.get(reverse("trainingen:editie", args=[ed.pk])))
    assert "Basistraining voorjaar" in html and "Mw. S. de Wit" in html
    assert "Aandachtsfunctionarissen in onderwijs en zorg" in html
    assert "Dag 1: herkennen<br>Dag 2: duiden" in html
    assert "Dag 3:" in html and "09:00–16:30" in html
    assert "10 van 12 plaatsen vrij" in html
    assert "Inschrijven</button>" in html
    assert "Tesfay" not in html and "Gebre" not in html and "Joost" not in html


def test_inschrijven_op_de_editiepagina(als_fatima, fatima):
    _user, persoon = fatima
    ed = editie(capaciteit=3)
    url = reverse("trainingen:editie", args=[ed.pk])
    antwoord = als_fatima.post(url, {"actie": "inschrijven"})
    assert antwoord.status_code == 302 and antwoord["Location"] == url
    html = html_van(als_fatima.get(url))
    assert "U bent ingeschreven. U krijgt een bevestiging per e-mail" in html
    assert "2 van 3 plaatsen vrij" in html
    assert "Afmelden</button>" in html and "Inschrijven</button>" not in html
    ins = Inschrijving.objects.get(editie=ed, persoon=persoon)
    assert (ins.status, ins.bron) == (S.INGESCHREVEN, Bron.ZELF)
    assert Bericht.objects.filter(aan=persoon.email, soort="trainingen.ingeschreven").exists()


def test_vol_geeft_de_wachtlijst_met_de_plaats(als_fatima, fatima):
    _user, persoon = fatima
    ed = editie(capaciteit=1)
    services.persoon_inschrijven(ed, af_bij())
    services.persoon_inschrijven(ed, af_bij())
    url = reverse("trainingen:editie", args=[ed.pk])
    html = html_van(als_fatima.get(url))
    assert "Vol — wachtlijst: 1" in html and "Op de wachtlijst</button>" in html
    antwoord = als_fatima.post(url, {"actie": "inschrijven"}, follow=True)
    html = html_van(antwoord)
    assert "Deze training is vol. U staat op de wachtlijst, op plaats 2." in html
    assert "Op de wachtlijst, plaats 2" in html
    ins = Inschrijving.objects.get(editie=ed, persoon=persoon)
    assert ins.status == S.WACHTLIJST and services.wachtlijstpositie(ins) == 2
    assert "Vol — wachtlijst: 2" in html


def test_afmelden_vraagt_bevestiging_en_schuift_de_wachtlijst_door(als_fatima, fatima):
    _user, persoon = fatima
    ed = editie(capaciteit=1)
    eigen = services.persoon_inschrijven(ed, persoon)
    wachtend = services.persoon_inschrijven(ed, af_bij())
    url = reverse("trainingen:editie", args=[ed.pk])

    antwoord = als_fatima.post(url, {"actie": "afmelden"})
    assert antwoord.status_code == 400
    assert "Vink ‘Ja, ik meld mij af’ aan" in html_van(antwoord)
    eigen.refresh_from_db()
    assert eigen.status == S.INGESCHREVEN

    antwoord = als_fatima.post(url, {"actie": "afmelden", "bevestigd": "on"}, follow=True)
    assert "U bent afgemeld. Uw plaats gaat naar de eerste op de wachtlijst." in html_van(antwoord)
    eigen.refresh_from_db()
    wachtend.refresh_from_db()
    assert eigen.status == S.AFGEMELD and wachtend.status == S.INGESCHREVEN
    # Signing up again: the place went to the other, so the waiting list.
    assert "Op de wachtlijst</button>" in html_van(antwoord)


def test_dubbel_verstuurd_inschrijven_landt_op_wat_de_eerste_deed(
    als_fatima, fatima, django_capture_on_commit_callbacks
):
    """Issue 14.10: a double click (the same form, the same one-time token, twice) signs up
    once and shows the first one's success, not "U bent al ingeschreven"."""
    import re

    from berichten.models import Bericht

    _user, persoon = fatima
    ed = editie(capaciteit=3)
    url = reverse("trainingen:editie", args=[ed.pk])
    token = re.search(r'name="eenmalig" value="([^"]+)"', html_van(als_fatima.get(url))).group(1)
    gegevens = {"actie": "inschrijven", "eenmalig": token}
    with django_capture_on_commit_callbacks(execute=True):
        eerste = als_fatima.post(url, gegevens)
        tweede = als_fatima.post(url, gegevens)
    assert eerste.status_code == tweede.status_code == 302
    pagina = html_van(als_fatima.get(tweede["Location"]))
    assert "U bent ingeschreven. U krijgt een bevestiging per e-mail" in pagina
    assert "al ingeschreven" not in pagina
    inschrijving = Inschrijving.objects.get(editie=ed, persoon=persoon)
    assert (inschrijving.status, inschrijving.versie) == (S.INGESCHREVEN, 1)
    assert Bericht.objects.filter(soort="trainingen.ingeschreven").count() == 1


def test_een_weigering_toont_de_reden_en_verandert_niets(als_fatima, fatima):
    _user, persoon = fatima
    ed = editie(capaciteit=3)
    services.persoon_inschrijven(ed, persoon)
    url = reverse("trainingen:editie", args=[ed.pk])
    # A second tab still showed the button: the service refuses, the page says why.
    antwoord = als_fatima.post(url, {"actie": "inschrijven"})
    assert antwoord.status_code == 409
    assert "U bent al ingeschreven voor deze training." in html_van(antwoord)
    assert Inschrijving.objects.get(editie=ed, persoon=persoon).versie == 1

    persoon.email = ""
    persoon.save()
    andere = editie(capaciteit=3)
    html = html_van(als_fatima.get(reverse("trainingen:editie", args=[andere.pk])))
    assert "geen e-mailadres" in html and "Inschrijven</button>" not in html
    antwoord = als_fatima.post(reverse("trainingen:editie", args=[andere.pk]), {"actie": "x"})
    assert antwoord.status_code == 400
    assert not Inschrijving.objects.filter(editie=andere).exists()


def test_account_zonder_persoon_krijgt_uitleg_en_geen_knop(login, professional):
    ed = editie()
    client = login(professional)
    html = html_van(client.get(reverse("trainingen:editie", args=[ed.pk])))
    assert GEEN_PERSOON in html and "Inschrijven</button>" not in html
    antwoord = client.post(reverse("trainingen:editie", args=[ed.pk]), {"actie": "inschrijven"})
    assert antwoord.status_code == 403
    assert not Inschrijving.objects.exists()
    assert GEEN_PERSOON in html_van(client.get(reverse("trainingen:mijn")))
    assert GEEN_PERSOON in html_van(client.get(reverse("trainingen:aanbod")))


def test_uitgenodigd_voor_een_gesloten_editie(als_fatima, fatima):
    _user, persoon = fatima
    ed = editie(soort("terugkomdag"), titel="Terugkomdag oktober", inschrijving_open=False)
    services.personen_uitnodigen(ed, [persoon])
    url = reverse("trainingen:editie", args=[ed.pk])
    html = html_van(als_fatima.get(url))
    assert "U bent uitgenodigd" in html and "Inschrijven</button>" in html
    # Declining asks to be sure too; afterwards the invitation still stands.
    als_fatima.post(url, {"actie": "afmelden", "bevestigd": "on"})
    html = html_van(als_fatima.get(url))
    assert "U heeft de uitnodiging afgeslagen" in html
    assert "Inschrijven</button>" in html
    als_fatima.post(url, {"actie": "inschrijven"})
    assert Inschrijving.objects.get(editie=ed, persoon=persoon).status == S.INGESCHREVEN


def test_eigen_editie_blijft_zichtbaar_na_de_start(als_fatima, fatima):
    _user, persoon = fatima
    ed = editie(dagen=3, over=3)
    services.persoon_inschrijven(ed, persoon)
    ed.dagen.filter(volgnummer=1).update(datum=timezone.localdate())
    services.data_bijwerken(ed)
    html = html_van(als_fatima.get(reverse("trainingen:editie", args=[ed.pk])))
    assert "Deze training is al begonnen of voorbij." in html
    assert "Afmelden</button>" not in html


@pytest.mark.parametrize("aantal", [2, 25])
def test_editiepagina_heeft_een_begrensd_aantal_queries(
    login, fatima, aantal, django_assert_max_num_queries
):
    user, persoon = fatima
    ed = editie(dagen=3, capaciteit=aantal)
    for _ in range(aantal):
        services.persoon_inschrijven(ed, af_bij())
    for _ in range(aantal):
        services.persoon_inschrijven(ed, af_bij())
    services.persoon_inschrijven(ed, persoon)
    client = login(user)
    # 11 for the session, the user, its session record and roles; the person, the edition with
    # its places, its days, the own row with its place on the waiting list.
    with django_assert_max_num_queries(16):
        antwoord = client.get(reverse("trainingen:editie", args=[ed.pk]))
    assert f"Op de wachtlijst, plaats {aantal + 1}" in html_van(antwoord)


# --- Mijn trainingen ----------------------------------------------------------------------------


def test_mijn_trainingen(als_fatima, fatima):
    _user, persoon = fatima
    basis = soort("basistraining", geldig_maanden=12)
    terugkomdag = soort("terugkomdag", geldig_maanden=None, verlengt=basis)
    bewust = soort(naam="Bewustwording op school", geldig_maanden=36)
    atelier = soort(naam="Werkatelier delen", geldig_maanden=None)
    # Basic training 13 months ago, renewed by a terugkomdag 11 months ago: valid for another
    # month, so its refresher is due soon.
    gevolgd(persoon, basis, dagen_geleden=400, titel="Basistraining 2025")
    gevolgd(persoon, terugkomdag, dagen_geleden=335, titel="Terugkomdag 2025")
    # Awareness training 37 months ago: lapsed.
    gevolgd(persoon, bewust, dagen_geleden=37 * 31)
    gevolgd(persoon, atelier, dagen_geleden=30)
    # Planned: waiting for a terugkomdag (it renews the basic training).
    komend = editie(terugkomdag, titel="Terugkomdag voorjaar", capaciteit=1, over=20)
    services.persoon_inschrijven(komend, af_bij())
    services.persoon_inschrijven(komend, af_bij())
    services.persoon_inschrijven(komend, persoon)
    # Another basic training with a place: the due item points there too.
    editie(basis, titel="Basistraining najaar", over=40)
    # An awareness training to sign up for, and one invitation.
    editie(bewust, titel="Bewustwording mei", over=30)
    uitnodiging = editie(atelier, titel="Werkatelier juni", inschrijving_open=False, over=50)
    services.personen_uitnodigen(uitnodiging, [persoon])

    html = html_van(als_fatima.get(reverse("trainingen:mijn")))
    uitnodigingen, rest = html.split('id="kop-uitnodigingen"')[1].split('id="kop-nodig"')
    nodig, rest = rest.split('id="kop-gepland"')
    nodig = " ".join(nodig.split())
    gepland, gevolgd_ = rest.split('id="kop-gevolgd"')
    assert "Werkatelier juni" in uitnodigingen
    assert "opfrissing binnenkort: geldig tot" in nodig
    assert "U staat op de wachtlijst, plaats 2:" in nodig and "Terugkomdag voorjaar" in nodig
    assert "Ook mogelijk:" in nodig and "Basistraining najaar" in nodig
    assert "Bewustwording op school</strong>: opfrissing te laat" in nodig
    assert "Bewustwording mei" in nodig
    assert "Werkatelier delen</strong>" not in nodig  # stays valid
    assert "Terugkomdag voorjaar" in gepland and "Op de wachtlijst, plaats 2" in gepland
    assert "Basistraining 2025" in gevolgd_ and "Terugkomdag 2025" in gevolgd_
    assert "Verlengt: Basistraining" in gevolgd_ and "Blijft geldig" in gevolgd_
    assert "Opfrissing te laat" in gevolgd_


def test_mijn_trainingen_nog_nooit_getraind(als_fatima):
    html = html_van(als_fatima.get(reverse("trainingen:mijn")))
    assert "nog niet gevolgd." in html
    assert "Er is nog geen training gepland waarvoor u zich kunt inschrijven" in html
    ed = editie(soort("basistraining"), titel="Basistraining april")
    editie(soort("terugkomdag"), titel="Terugkomdag april")  # no substitute for the training
    html = html_van(als_fatima.get(reverse("trainingen:mijn")))
    assert "Eerstvolgende training:" in html
    assert reverse("trainingen:editie", args=[ed.pk]) in html
    assert "Terugkomdag april" not in html


def test_wie_geen_aandachtsfunctionaris_is_hoeft_de_basistraining_niet(login):
    user = UserFactory(professional=True)
    PersoonFactory(account=user)
    soort("basistraining")
    html = html_van(login(user).get(reverse("trainingen:mijn")))
    assert "nog niet gevolgd" not in html
    assert "U heeft nog geen trainingen gevolgd" in html


@pytest.mark.parametrize("aantal", [2, 25])
def test_mijn_trainingen_heeft_een_begrensd_aantal_queries(
    login, fatima, aantal, django_assert_max_num_queries
):
    user, persoon = fatima
    basis, bewust = soort("basistraining"), soort(naam="Bewustwording", geldig_maanden=36)
    for i in range(aantal):
        gevolgd(persoon, bewust if i % 2 else basis, dagen_geleden=400 + i)
        vol = editie(basis, capaciteit=1, over=10 + i)
        services.persoon_inschrijven(vol, af_bij())
        services.persoon_inschrijven(vol, persoon)
        services.personen_uitnodigen(
            editie(bewust, inschrijving_open=False, over=10 + i), [persoon]
        )
    client = login(user)
    # 11 for the session, the user, its session record and roles; the person, the own rows,
    # their days, the kinds, the completions, the role, the editions to sign up for.
    with django_assert_max_num_queries(19):
        antwoord = client.get(reverse("trainingen:mijn"))
    assert html_van(antwoord).count("Op de wachtlijst, plaats 1") == aantal


# --- The personal link --------------------------------------------------------------------------


def _link(inschrijving):
    return reverse("trainingen:inschrijving", args=[inschrijving.token])


@pytest.fixture
def uitnodiging(db):
    persoon = af_bij(voornaam="Sanne", achternaam="Visser")
    ed = editie(
        soort("terugkomdag"), titel="Terugkomdag oktober", capaciteit=2, inschrijving_open=False
    )
    services.personen_indelen(ed, [af_bij(voornaam="Tesfay", achternaam="Gebre")])
    services.personen_uitnodigen(ed, [persoon])
    return Inschrijving.objects.get(editie=ed, persoon=persoon)


def test_link_openen_verandert_niets(client, uitnodiging):
    with CaptureQueriesContext(connection) as queries:
        antwoord = client.get(_link(uitnodiging))
    assert antwoord.status_code == 200
    schrijvend = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert schrijvend == []  # a mail scanner may open it
    assert Inschrijving.objects.get(pk=uitnodiging.pk).status == S.UITGENODIGD
    html = html_van(antwoord)
    assert "Terugkomdag oktober" in html and "1 van 2 plaatsen vrij" in html
    assert "U bent uitgenodigd" in html and "Inschrijven</button>" in html
    assert "Tesfay" not in html and "Gebre" not in html
    assert "no-store" in antwoord["Cache-Control"]
    assert antwoord["X-Robots-Tag"] == "noindex, nofollow"


def test_inschrijven_en_afmelden_via_de_link(client, uitnodiging):
    url = _link(uitnodiging)
    antwoord = client.post(url, {"actie": "inschrijven"})
    assert antwoord.status_code == 302
    html = html_van(client.get(antwoord["Location"]))
    assert "Dank u wel. U bent ingeschreven" in html
    uitnodiging.refresh_from_db()
    assert uitnodiging.status == S.INGESCHREVEN

    antwoord = client.post(url, {"actie": "afmelden"})
    assert antwoord.status_code == 400 and "Vink ‘Ja, ik meld mij af’ aan" in html_van(antwoord)
    uitnodiging.refresh_from_db()
    assert uitnodiging.status == S.INGESCHREVEN

    antwoord = client.post(url, {"actie": "afmelden", "bevestigd": "on"})
    html = html_van(client.get(antwoord["Location"]))
    assert "U bent afgemeld." in html
    uitnodiging.refresh_from_db()
    assert uitnodiging.status == S.AFGEMELD
    # Invited by the regisseur: signing up again stays possible.
    assert "Inschrijven</button>" in html
    assert not client.cookies.get("sessionid")  # no session for a visitor without an account


def test_via_de_link_op_de_wachtlijst(client, uitnodiging):
    services.personen_indelen(uitnodiging.editie, [af_bij()])
    antwoord = client.post(_link(uitnodiging), {"actie": "inschrijven"}, follow=True)
    html = html_van(antwoord)
    assert "Deze training is vol. U staat op de wachtlijst, op plaats 1." in html
    assert "Op de wachtlijst, plaats 1" in html


def test_gesloten_editie_via_de_link_uitleg_zonder_knoppen(client, uitnodiging):
    services.editie_annuleren(uitnodiging.editie)
    url = _link(uitnodiging)
    html = html_van(client.get(url))
    assert "Deze training gaat niet door." in html
    assert "</button>" not in html.split("<main")[1]
    antwoord = client.post(url, {"actie": "inschrijven"})
    assert antwoord.status_code == 409 and "Deze training gaat niet door." in html_van(antwoord)
    assert Inschrijving.objects.get(pk=uitnodiging.pk).status == S.UITGENODIGD


@pytest.mark.parametrize("token", ["onbekend", "x" * 43, "a" * 200])
def test_onbekende_link_geeft_404(client, uitnodiging, token):
    url = reverse("trainingen:inschrijving", args=[token])
    assert client.get(url).status_code == 404
    assert client.post(url, {"actie": "inschrijven"}).status_code == 404
    assert Inschrijving.objects.get(pk=uitnodiging.pk).status == S.UITGENODIGD


# --- Escaping -----------------------------------------------------------------------------------


def test_titel_met_script_wordt_geescaped(als_fatima, fatima):
    _user, persoon = fatima
    ed = editie(titel="<script>alert(1)</script> training", locatie="<b>Zaal</b>")
    ins = services.persoon_inschrijven(ed, persoon)
    paginas = [
        als_fatima.get(reverse("trainingen:aanbod")),
        als_fatima.get(reverse("trainingen:editie", args=[ed.pk])),
        als_fatima.get(reverse("trainingen:mijn")),
        als_fatima.get(_link(ins)),
    ]
    for antwoord in paginas:
        html = html_van(antwoord)
        assert "<script>alert(1)" not in html and "<b>Zaal</b>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; training" in html
