"""Planning a case meeting with the meetings machinery: the invitees are partner accounts (a
person in the registry per account, found by address), and the invitation, change and
cancellation are the meetings' own mails, which never name a signal."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from berichten.models import Bericht
from bijeenkomsten.models import Uitnodiging
from casusoverleg import services
from casusoverleg.models import Casusoverleg, Deelnemer
from kern.fouten import Weigering
from netwerk.models import Persoon
from tests.factories import PersoonFactory, UserFactory, partner_bij

from .conftest import overleg_plannen

pytestmark = pytest.mark.django_db


def _geheimen(w):
    """What no mail about the meeting may carry: the signals' references, names and text."""
    return [
        *(s.referentie for s in (w.voor_politie, w.voor_ggz)),
        "Daan Vermeer",
        "Sara de Wit",
        "Waarneming",
    ]


def test_de_regisseur_plant_op_de_site_en_de_partners_krijgen_de_uitnodiging(w, login):
    client = login(w.regisseur)
    pagina = client.get(reverse("casusoverleg:nieuw"))
    assert pagina.status_code == 200
    tekst = pagina.content.decode()
    # Only partner accounts are offered, each with their organisation.
    assert "Wim Agent (Politie Delft)" in tekst and "Gea Zorg (GGZ Delfland)" in tekst
    assert w.melder.email not in tekst and w.regisseur.email not in tekst
    token = re.search(r'name="eenmalig" value="([^"]+)"', tekst)[1]
    datum = timezone.localdate() + timedelta(days=10)
    gegevens = {
        "eenmalig": token,
        "titel": "Casusoverleg i20",
        "datum": datum.isoformat(),
        "begintijd": "14:00",
        "eindtijd": "16:00",
        "locatie": "Veiligheidshuis",
        "deelnemers": [w.agent.pk, w.behandelaar.pk],
    }
    antwoord = client.post(reverse("casusoverleg:nieuw"), gegevens)
    overleg = Casusoverleg.objects.get()
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("casusoverleg:overleg", args=[overleg.pk])
    # Sent twice (a double click): one meeting, one set of invitations.
    assert client.post(reverse("casusoverleg:nieuw"), gegevens).status_code == 302
    assert Casusoverleg.objects.count() == 1

    bijeenkomst = overleg.bijeenkomst
    assert bijeenkomst.netwerk is None and bijeenkomst.titel == "Casusoverleg i20"
    assert timezone.localtime(bijeenkomst.begin).hour == 14
    berichten = Bericht.objects.filter(soort="bijeenkomsten.uitnodiging").order_by("aan")
    assert [b.aan for b in berichten] == ["behandelaar@ggz.nl", "wijkagent@politie.nl"]
    for bericht in berichten:
        uitnodiging = Uitnodiging.objects.get(persoon__email=bericht.aan)
        assert f"/uitnodiging/{uitnodiging.token}/" in bericht.tekst
        assert bericht.bijlagen[0]["bestandsnaam"] == "bijeenkomst.ics"
        assert reverse("casusoverleg:overleg", args=[overleg.pk]) in bericht.tekst
    # A person per account, found by address; the account itself is not tied to it.
    personen = Persoon.objects.filter(email__in=["wijkagent@politie.nl", "behandelaar@ggz.nl"])
    assert personen.count() == 2 and not personen.exclude(account=None).exists()
    assert set(Deelnemer.objects.values_list("account", flat=True)) == {
        w.agent.pk,
        w.behandelaar.pk,
    }


def test_een_bestaande_persoon_met_het_adres_wordt_hergebruikt(w):
    bekend = PersoonFactory(email="WijkAgent@Politie.nl", voornaam="Wim")
    overleg = overleg_plannen(w, deelnemers=[w.agent])
    assert Uitnodiging.objects.get(bijeenkomst=overleg.bijeenkomst).persoon == bekend
    assert Persoon.objects.filter(email__iexact="wijkagent@politie.nl").count() == 1


def test_alleen_partneraccounts_van_de_gemeente_worden_uitgenodigd(w):
    for niet in (w.melder, w.regisseur, UserFactory(partner=True, met_mfa=True)):
        with pytest.raises(Weigering, match="geen actief partneraccount"):
            overleg_plannen(w, deelnemers=[niet])
    assert not Casusoverleg.objects.exists()
    w.agent.is_active = False
    w.agent.save()
    with pytest.raises(Weigering):
        overleg_plannen(w, deelnemers=[w.agent])


def test_in_het_verleden_plannen_kan_niet(w):
    with pytest.raises(Weigering, match="toekomst"):
        overleg_plannen(w, dagen=-1)


def test_later_uitnodigen_wijzigen_en_annuleren_zijn_de_mails_van_de_bijeenkomsten(
    w, overleg, login
):
    client = login(w.regisseur)
    nieuw = partner_bij(w.politie, email="tweede@politie.nl")
    antwoord = client.post(
        reverse("casusoverleg:uitnodigen", args=[overleg.pk]), {"deelnemers": [nieuw.pk]}
    )
    assert antwoord.status_code == 302
    assert Bericht.objects.filter(soort="bijeenkomsten.uitnodiging", aan=nieuw.email).exists()

    pagina = client.get(reverse("casusoverleg:wijzigen", args=[overleg.pk]))
    assert pagina.status_code == 200
    begin = timezone.localtime(overleg.bijeenkomst.begin)
    antwoord = client.post(
        reverse("casusoverleg:wijzigen", args=[overleg.pk]),
        {
            "titel": "Casusoverleg i20",
            "datum": begin.date().isoformat(),
            "begintijd": "09:00",
            "eindtijd": "11:00",
            "locatie": "Stadskantoor",
        },
    )
    assert antwoord.status_code == 302
    wijzigingen = Bericht.objects.filter(soort="bijeenkomsten.wijziging")
    assert set(wijzigingen.values_list("aan", flat=True)) == {
        "wijkagent@politie.nl",
        "behandelaar@ggz.nl",
        "tweede@politie.nl",
    }

    antwoord = client.post(
        reverse("casusoverleg:annuleren", args=[overleg.pk]),
        {"reden": "Te weinig punten", "bevestigd": "on"},
    )
    assert antwoord.status_code == 302
    overleg.bijeenkomst.refresh_from_db()
    assert overleg.bijeenkomst.is_geannuleerd
    assert Bericht.objects.filter(soort="bijeenkomsten.annulering").count() == 3
    for bericht in Bericht.objects.all():
        for geheim in _geheimen(w):
            assert geheim not in bericht.tekst and geheim not in bericht.onderwerp


def test_de_herinnering_gaat_ook_naar_de_partners(w, overleg, settings):
    from bijeenkomsten.services import herinneringen_versturen

    settings.BIJEENKOMSTEN_HERINNEREN_DAGEN = 8
    assert herinneringen_versturen() == 2
    assert set(
        Bericht.objects.filter(soort="bijeenkomsten.herinnering").values_list("aan", flat=True)
    ) == {"wijkagent@politie.nl", "behandelaar@ggz.nl"}


def test_een_begonnen_overleg_verandert_niet_meer(w, overleg):
    from bijeenkomsten.models import Bijeenkomst

    nu = timezone.now()
    Bijeenkomst.objects.filter(pk=overleg.bijeenkomst_id).update(
        begin=nu - timedelta(hours=1), einde=nu + timedelta(hours=1)
    )
    overleg.bijeenkomst.refresh_from_db()
    with pytest.raises(Weigering, match="begonnen"):
        services.casusoverleg_wijzigen(
            casusoverleg=overleg, velden={"locatie": "Elders"}, door=w.regisseur
        )
    with pytest.raises(Weigering, match="begonnen"):
        services.deelnemers_uitnodigen(casusoverleg=overleg, accounts=[w.agent])
    # Going on: decisions are recorded during the meeting.
    from casusoverleg.models import Agendapunt

    services.besluit_vastleggen(
        agendapunt=Agendapunt.objects.get(signaal=w.voor_politie),
        besluit="afsluiten",
        door=w.regisseur,
    )
