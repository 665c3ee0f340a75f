"""The dashboard keeps each app's panels for a minute (kern.dashboard), and never shows a stale
figure after a change: a write changes the key, and the next load computes it afresh (issue 16).
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services as accounts
from berichten.models import Bericht
from bijeenkomsten import services as bk
from bijeenkomsten.models import Antwoord, Bijeenkomst
from kern.dashboard import BEWAARTIJD, Paneel, bewaard, hoogste
from netwerk import services as netwerk
from netwerk.models import Aandachtsfunctionaris, Organisatie
from signalen.models import Fasebeschrijving, Signaal
from tests.factories import (
    AandachtsfunctionarisFactory,
    BijeenkomstFactory,
    NetwerkFactory,
    SignaalFactory,
    UserFactory,
    af_bij,
    editie,
    lid_van,
    soort,
)
from trainingen import services as trainingen

pytestmark = pytest.mark.django_db


def _laden(client) -> str:
    antwoord = client.get(reverse("admin:index"))
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def _cijfer(html: str, label: str) -> str:
    gevonden = re.search(rf">{re.escape(label)}</a></th><td class=\"cijfer\">([^<]*)</td>", html)
    assert gevonden, f"geen rij {label!r} op het dashboard"
    return gevonden.group(1).strip()


# --- The mechanism, with a panel of the test's own -----------------------------------------------

aanroepen: list[int] = []


@bewaard(hoogste(Signaal))
def _teller(request):
    aanroepen.append(1)
    return [
        Paneel(titel="Teller", template="admin/test_paneel.html", context={"n": len(aanroepen)})
    ]


@pytest.fixture
def teller(dashboard_alleen, settings):
    engine = {**settings.TEMPLATES[0]}
    engine["DIRS"] = [*engine["DIRS"], Path(__file__).parent / "templates"]
    settings.TEMPLATES = [engine]
    aanroepen.clear()
    dashboard_alleen(_teller)
    return aanroepen


def test_een_paneel_wordt_bewaard_tot_er_iets_verandert(login, regisseur, teller):
    client = login(regisseur)
    assert "inhoud 1 van Teller" in _laden(client)
    assert "inhoud 1 van Teller" in _laden(client)  # kept: not computed again
    assert len(teller) == 1
    SignaalFactory()  # what the panel is made of changes
    assert "inhoud 2 van Teller" in _laden(client)
    assert len(teller) == 2


def test_elke_wijziging_in_het_beheer_vernieuwt_het_paneel(login, regisseur, teller):
    client = login(regisseur)
    _laden(client)
    # A change page in /beheer/ writes the admin's history: the key changes with it, whatever
    # the panel declared.
    LogEntry.objects.create(
        user=regisseur,
        content_type=ContentType.objects.get_for_model(Organisatie),
        object_id="1",
        object_repr="x",
        action_flag=CHANGE,
    )
    assert "inhoud 2 van Teller" in _laden(client)


def test_een_nieuwe_dag_vernieuwt_het_paneel(login, regisseur, teller, monkeypatch):
    client = login(regisseur)
    _laden(client)
    morgen = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr("kern.dashboard.timezone.localdate", lambda *a, **k: morgen)
    assert "inhoud 2 van Teller" in _laden(client)


def test_bewaard_voor_hoogstens_een_minuut(login, regisseur, teller, monkeypatch):
    """What the values do not see (the clock passing a phase's term) shows within a minute."""
    from kern import dashboard

    tijden = []
    echt = dashboard.cache.set_many

    def set_many(items, timeout, **kwargs):
        tijden.append(timeout)
        return echt(items, timeout, **kwargs)

    monkeypatch.setattr(dashboard.cache, "set_many", set_many)
    _laden(login(regisseur))
    assert tijden == [BEWAARTIJD] and BEWAARTIJD <= 60


def test_elke_rol_zijn_eigen_panelen(regisseur, beheerder):
    """The beheerder never gets the regisseur's kept panels or list of models, nor the other
    way round."""
    SignaalFactory()
    als_regisseur, als_beheerder = Client(), Client()
    als_regisseur.force_login(regisseur)
    als_beheerder.force_login(beheerder)
    regie = _laden(als_regisseur)
    assert "Lopende signalen per fase" in regie and 'class="app-netwerk module' in regie
    beheer = _laden(als_beheerder)
    assert "Lopende signalen per fase" not in beheer and 'class="app-netwerk' not in beheer
    assert "Actieve accounts per rol" in beheer and 'class="app-accounts module' in beheer
    regie = _laden(als_regisseur)
    assert "Lopende signalen per fase" in regie and 'class="app-netwerk module' in regie


def test_bewaard_laden_leest_geen_paneel_uit_de_database(
    login, regisseur, django_assert_max_num_queries
):
    SignaalFactory()
    client = login(regisseur)
    eerste = _laden(client)
    # The session, the user and the one query of values: no panel asks anything.
    with django_assert_max_num_queries(3):
        tweede = _laden(client)
    weg = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    assert weg.sub("", eerste) == weg.sub("", tweede)


# --- A change shows on the next load, for every app's panel ---------------------------------------


def test_signalen_nieuw_en_verplaatst(login, regisseur):
    client = login(regisseur)
    signaal = SignaalFactory()
    assert _cijfer(_laden(client), "Ingediend") == "1"
    SignaalFactory()
    assert _cijfer(_laden(client), "Ingediend") == "2"
    from signalen import services

    services.signaal_verplaatsen(
        signaal_id=signaal.pk, van="ingediend", naar="in_behandeling", door=regisseur
    )
    html = _laden(client)
    assert _cijfer(html, "Ingediend") == "1" and _cijfer(html, "In behandeling") == "1"


def test_signalen_termijn_gewijzigd_in_het_beheer(login, regisseur):
    """The regisseur lengthens a phase's term on its page: no longer overdue, at once."""
    signaal = SignaalFactory()
    tien_dagen = timezone.now() - timedelta(days=10)
    Signaal.objects.filter(pk=signaal.pk).update(fase_sinds=tien_dagen, ingediend_op=tien_dagen)
    beschrijving = Fasebeschrijving.objects.get(fase="ingediend")
    Fasebeschrijving.objects.filter(pk=beschrijving.pk).update(verwachte_duur_dagen=2)
    client = login(regisseur)
    assert _cijfer(_laden(client), "Langer dan verwacht in hun fase") == "1"
    url = reverse("admin:signalen_fasebeschrijving_change", args=[beschrijving.pk])
    antwoord = client.post(
        url,
        {"uitleg": beschrijving.uitleg, "verwachting": "", "verwachte_duur_dagen": "30"},
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    assert _cijfer(_laden(client), "Langer dan verwacht in hun fase") == "0"


def test_netwerk_uitgezet_en_geanonimiseerd(login, regisseur):
    eerste, tweede = af_bij(), af_bij()
    client = login(regisseur)
    assert _cijfer(_laden(client), "Actieve aandachtsfunctionarissen") == "2"
    af = Aandachtsfunctionaris.objects.get(persoon=eerste)
    af.actief = False
    af.save()
    assert _cijfer(_laden(client), "Actieve aandachtsfunctionarissen") == "1"
    netwerk.persoon_anonimiseren(persoon=tweede, door=regisseur)
    assert _cijfer(_laden(client), "Actieve aandachtsfunctionarissen") == "0"


def test_bijeenkomsten_antwoord(login, regisseur):
    groep = NetwerkFactory()
    lid_van(groep)
    bijeenkomst = BijeenkomstFactory(netwerk=groep)
    bk.uitnodigingen_versturen(bijeenkomst)
    client = login(regisseur)
    assert "0 ja, 0 misschien / 1" in _laden(client)
    bk.antwoord_geven(uitnodiging=bijeenkomst.uitnodigingen.get(), antwoord=Antwoord.JA)
    assert "1 ja, 0 misschien / 1" in _laden(client)


def test_bijeenkomst_die_begonnen_is_verdwijnt(login, regisseur):
    """The panel shows what is coming: a meeting that has begun makes way for the next at once
    (here its start is moved into the past behind every service's back, as the clock would)."""
    eerste = BijeenkomstFactory(begin=timezone.now() + timedelta(hours=1))
    tweede = BijeenkomstFactory()
    client = login(regisseur)
    html = _laden(client)
    assert eerste.netwerk.naam in html and tweede.netwerk.naam in html
    Bijeenkomst.objects.filter(pk=eerste.pk).update(begin=timezone.now() - timedelta(minutes=1))
    html = _laden(client)
    assert eerste.netwerk.naam not in html and tweede.netwerk.naam in html


def test_trainingen_afmelden_en_voltooid(login, regisseur):
    basis = soort("basistraining", geldig_maanden=12)
    ed = editie(basis, titel="Basistraining najaar", capaciteit=5)
    inschrijving = trainingen.persoon_inschrijven(ed, af_bij())
    client = login(regisseur)
    html = _laden(client)
    assert "1 van 5 plaatsen" in html and _cijfer(html, "Nog niet gevolgd") == "1"
    trainingen.inschrijving_afmelden(inschrijving)
    assert "0 van 5 plaatsen" in _laden(client)
    later = editie(basis, capaciteit=5, over=30)
    voltooid = trainingen.persoon_inschrijven(later, inschrijving.persoon)
    assert _cijfer(_laden(client), "Nog niet gevolgd") == "1"
    voltooid.voltooid_op = timezone.localdate() - timedelta(days=30)
    voltooid.save(update_fields=["voltooid_op"])  # as the attendance does
    assert _cijfer(_laden(client), "Nog niet gevolgd") == "0"


def test_accounts_gedeactiveerd(login, regisseur):
    professional = UserFactory(professional=True)
    client = login(regisseur)
    voor = _laden(client)
    accounts.account_deactiveren(user=professional, door=regisseur)
    assert _laden(client) != voor
    label = "Professional (aandachtsfunctionaris)"
    regel = re.compile(rf"<th scope=\"row\">{re.escape(label)}</th><td class=\"cijfer\">(\d+)")
    assert int(regel.search(voor).group(1)) - 1 == int(regel.search(_laden(client)).group(1))


def test_berichten_mislukt(login, regisseur):
    client = login(regisseur)
    assert "Mislukt (niet meer automatisch geprobeerd)" not in _laden(client)
    bericht = Bericht.objects.create(aan="iemand@voorbeeld.nl", onderwerp="Test", tekst="Test")
    bericht.status = Bericht.Status.MISLUKT
    bericht.save()
    assert "Mislukt (niet meer automatisch geprobeerd)" in _laden(client)


def test_organisatie_nieuw_in_het_register(login, regisseur):
    client = login(regisseur)
    voor = _cijfer(_laden(client), "Actieve organisaties")
    AandachtsfunctionarisFactory()
    assert int(_cijfer(_laden(client), "Actieve organisaties")) == int(voor) + 1
