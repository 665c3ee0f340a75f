"""The outbox in /beheer/: who sees it, read-only, bounded queries, retry, the dashboard panel."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from accounts import rollen
from berichten import dashboard
from berichten.models import Bericht
from tests.factories import UserFactory

from .factories import BerichtFactory

pytestmark = pytest.mark.django_db

LIJST = reverse("admin:berichten_bericht_changelist")


@pytest.fixture(params=["regisseur", "beheerder"])
def bevoegd(request):
    return request.getfixturevalue(request.param)


def test_regisseur_en_beheerder_zien_de_lijst(login, bevoegd):
    BerichtFactory(aan="piet@voorbeeld.nl", onderwerp="Uitnodiging training")
    antwoord = login(bevoegd).get(LIJST)
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    regisseur = bevoegd.groups.filter(name="Netwerkregisseur").exists()
    # To whom a message went is the regisseur's to know; the beheerder sees the mail domain.
    assert ("piet@voorbeeld.nl" in html) is regisseur
    assert "@voorbeeld.nl" in html
    # The subject says what the message is about ("Wachtlijst: …"): the regisseur's to read.
    assert ("Uitnodiging training" in html) is regisseur
    assert "Opnieuw proberen" in html


def test_de_beheerder_ziet_nergens_het_adres_van_een_sleutelpersoon_op_de_achtergrond(
    login, beheerder
):
    """Issue 14.1: a key person in the background is known to the regisseur alone. The
    beheerder may see that mail flows and fails, not to whom: not in the list, its search and
    filters, the detail page (title, breadcrumbs) or the mail server's error."""
    from tests.factories import SleutelpersoonFactory

    sleutelpersoon = SleutelpersoonFactory(
        op_de_achtergrond=True, persoon__email="stille.kracht@moskee.example"
    )
    adres = sleutelpersoon.persoon.email
    bericht = BerichtFactory(
        aan=adres,
        onderwerp=f"Uitnodiging voor {sleutelpersoon.persoon}",
        mislukt=True,
        laatste_fout=f"SMTPRecipientsRefused: {{'{adres}': (550, b'5.1.1 <{adres}>: unknown')}}",
    )
    client = login(beheerder)
    paginas = [
        client.get(LIJST),
        client.get(LIJST, {"status__exact": "mislukt"}),
        client.get(reverse("admin:berichten_bericht_change", args=[bericht.pk])),
        client.get(reverse("admin:berichten_bericht_history", args=[bericht.pk])),
        client.post(
            LIJST, {"action": "opnieuw_proberen", "_selected_action": [bericht.pk]}, follow=True
        ),
    ]
    for antwoord in paginas:
        assert antwoord.status_code == 200
        html = antwoord.content.decode()
        assert "stille.kracht" not in html
        assert sleutelpersoon.persoon.achternaam not in html
    # Searching or filtering by address tells nothing: the list is the same either way.
    for zoek in ({"q": adres}, {"q": "niemand@elders.example"}, {"aan": adres}):
        html = client.get(LIJST, zoek).content.decode()
        assert "•••@moskee.example" in html
    detail = paginas[2].content.decode()
    assert "•••@moskee.example" in detail  # where it fails is still visible
    assert "unknown" in detail


def test_de_regisseur_leest_ontvanger_en_fout_voluit(login, regisseur):
    bericht = BerichtFactory(
        aan="piet@voorbeeld.nl", mislukt=True, laatste_fout="550 <piet@voorbeeld.nl> unknown"
    )
    html = (
        login(regisseur)
        .get(reverse("admin:berichten_bericht_change", args=[bericht.pk]))
        .content.decode()
    )
    assert html.count("piet@voorbeeld.nl") >= 2


@pytest.mark.parametrize("soort", ["professional", "partner"])
def test_andere_rollen_worden_geweigerd(login, soort):
    bericht = BerichtFactory()
    client = login(UserFactory(**{soort: True}, met_mfa=True))
    assert client.get(LIJST).status_code == 403
    detail = reverse("admin:berichten_bericht_change", args=[bericht.pk])
    assert client.get(detail).status_code == 403
    assert client.post(LIJST, {"action": "opnieuw_proberen"}).status_code == 403


def test_het_detail_toont_tekst_en_fout_maar_niets_is_te_wijzigen(login, bevoegd):
    bericht = BerichtFactory(
        mislukt=True,
        tekst="U bent uitgenodigd voor het overleg.",
        laatste_fout="SMTPRecipientsRefused: 550 onbekende ontvanger",
        bijlagen=[{"bestandsnaam": "overleg.ics", "mimetype": "text/calendar", "inhoud": "X"}],
    )
    client = login(bevoegd)
    detail = reverse("admin:berichten_bericht_change", args=[bericht.pk])
    antwoord = client.get(detail)
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    # The body holds personal links and names: the regisseur reads it, the beheerder (the
    # technical side) sees the envelope and the error only.
    tekst_zichtbaar = bevoegd.groups.filter(name="Netwerkregisseur").exists()
    assert ("U bent uitgenodigd voor het overleg." in html) is tekst_zichtbaar
    assert ("overleg.ics (text/calendar)" in html) is tekst_zichtbaar
    assert "550 onbekende ontvanger" in html
    assert 'name="_save"' not in html

    assert client.post(detail, {"aan": "ander@voorbeeld.nl"}).status_code == 403
    assert client.get(reverse("admin:berichten_bericht_add")).status_code == 403
    verwijderen = reverse("admin:berichten_bericht_delete", args=[bericht.pk])
    assert client.get(verwijderen).status_code == 403
    assert client.post(verwijderen, {"post": "yes"}).status_code == 403
    bericht.refresh_from_db()
    assert bericht.aan != "ander@voorbeeld.nl"


@pytest.mark.parametrize("aantal", [3, 30])
def test_de_lijst_heeft_een_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    for i in range(aantal):
        BerichtFactory(soort=f"app.soort{i % 4}", mislukt=(i % 3 == 0))
    client = login(regisseur)
    # 14 for the session, the user, MFA, roles and permissions; 6 for the page, whatever its size.
    with django_assert_max_num_queries(22):
        antwoord = client.get(LIJST, {"status__exact": "mislukt"})
    assert antwoord.status_code == 200
    with django_assert_max_num_queries(22):
        antwoord = client.get(LIJST, {"q": "voorbeeld.nl"})
    assert antwoord.status_code == 200


def test_opnieuw_proberen_vanuit_de_lijst(login, bevoegd):
    mislukt = BerichtFactory.create_batch(2, mislukt=True)
    verstuurd = BerichtFactory(verstuurd=True)
    client = login(bevoegd)
    antwoord = client.post(
        LIJST,
        {
            "action": "opnieuw_proberen",
            "_selected_action": [b.pk for b in [*mislukt, verstuurd]],
        },
    )
    assert antwoord.status_code == 302
    meldingen = [str(m) for m in get_messages(antwoord.wsgi_request)]
    assert meldingen == ["2 mislukte berichten worden opnieuw verstuurd."]
    for b in mislukt:
        b.refresh_from_db()
        assert (b.status, b.pogingen) == (Bericht.Status.WACHTEND, 0)
    verstuurd.refresh_from_db()
    assert verstuurd.status == Bericht.Status.VERSTUURD


def test_opnieuw_proberen_zonder_mislukte_berichten_meldt_dat(login, regisseur):
    bericht = BerichtFactory(verstuurd=True)
    antwoord = login(regisseur).post(
        LIJST, {"action": "opnieuw_proberen", "_selected_action": [bericht.pk]}
    )
    meldingen = [str(m) for m in get_messages(antwoord.wsgi_request)]
    assert meldingen == ["Geen van de gekozen berichten was mislukt."]


# --- Dashboard ----------------------------------------------------------------------------------


@pytest.fixture
def alleen_berichten_op_het_dashboard(dashboard_alleen):
    dashboard_alleen(dashboard.panelen)


def _dashboard(client):
    antwoord = client.get(reverse("admin:index"))
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def test_geen_paneel_als_alles_goed_gaat(login, bevoegd, alleen_berichten_op_het_dashboard):
    BerichtFactory(verstuurd=True)
    BerichtFactory()  # just queued
    BerichtFactory(versturen_na=timezone.now() + timedelta(days=3))  # a reminder for later
    html = _dashboard(login(bevoegd))
    assert "status__exact=mislukt" not in html
    assert "dashboard-paneel" not in html


def test_paneel_bij_mislukte_berichten(login, bevoegd, alleen_berichten_op_het_dashboard):
    BerichtFactory.create_batch(2, mislukt=True)
    html = _dashboard(login(bevoegd))
    assert "dashboard-paneel" in html
    assert "E-mail" in html
    assert f"{LIJST}?status__exact=mislukt" in html
    assert "Mislukte berichten bekijken en opnieuw proberen" in html


def test_paneel_bij_berichten_die_te_lang_wachten(rf, regisseur, django_assert_max_num_queries):
    request = rf.get("/beheer/")
    request.user = regisseur
    lang_geleden = timezone.now() - timedelta(minutes=20)
    BerichtFactory(versturen_na=lang_geleden)  # no worker picked it up
    # Failed once, now in backoff: versturen_na is in the future, but it is late.
    oud = BerichtFactory(pogingen=2, versturen_na=timezone.now() + timedelta(minutes=4))
    Bericht.objects.filter(pk=oud.pk).update(aangemaakt_op=lang_geleden)
    BerichtFactory(pogingen=1)  # failed once, just now: not yet a problem

    # The user's roles are read once per request (and prepared once per connection, which made
    # this count depend on the tests run before): read them first, then count the panel's own.
    rollen.rollen_van(regisseur)
    with django_assert_max_num_queries(1):
        (paneel,) = dashboard.panelen(request)
    assert paneel.context["mislukt"] == 0
    assert paneel.context["vertraagd"] == 2
    html = paneel.render(request)
    assert "Wacht langer dan 15 minuten" in html
    assert f"{LIJST}?status__exact=wachtend" in html
    assert "style=" not in html and "<script" not in html


def test_geen_paneel_voor_andere_rollen(rf, professional):
    BerichtFactory(mislukt=True)
    request = rf.get("/beheer/")
    request.user = professional
    assert dashboard.panelen(request) == []
