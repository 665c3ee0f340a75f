"""Actions agreed per signal: an owner organisation (the gemeente, or a partner the signal is
shared with) and a due date. On the due date the owners get one reminder through the outbox,
with no content: only a link to the meeting's page, which they can then open."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from berichten.models import Bericht
from casusoverleg import services, tasks
from casusoverleg.models import Actie, Agendapunt
from kern.fouten import Weigering
from regio.models import Gemeente
from regio.scope import gemeente_actief
from tests.factories import OrganisatieFactory, UserFactory, gemeente, partner_bij

from .conftest import overleg_plannen

pytestmark = pytest.mark.django_db
SOORT = "casusoverleg.actie_herinnering"


def _actie(w, eigenaar, dagen=3, signaal=None) -> Actie:
    return services.actie_toevoegen(
        agendapunt=Agendapunt.objects.get(signaal=signaal or w.voor_politie),
        omschrijving="Huisbezoek door de wijkagent",
        eigenaar=eigenaar,
        uiterlijk=timezone.localdate() + timedelta(days=dagen),
        door=w.regisseur,
    )


def test_eigenaar_is_de_gemeente_of_een_organisatie_waarmee_gedeeld_is(w, overleg):
    assert services.eigenaren_voor(w.voor_politie) == [gemeente(), w.politie]
    _actie(w, w.politie)
    _actie(w, gemeente())
    for niet in (w.ggz, OrganisatieFactory(naam="Woningcorporatie")):
        with pytest.raises(Weigering, match="kan deze actie niet krijgen"):
            _actie(w, niet)
    with pytest.raises(Weigering, match="verleden"):
        _actie(w, w.politie, dagen=-1)


def test_de_partner_rondt_een_actie_van_de_eigen_organisatie_af(w, overleg, login):
    """The police's partner marks the police's action done on the item's page; an action of
    the gemeente stays the regisseur's; a partner of another organisation is refused."""
    van_politie, van_gemeente = _actie(w, w.politie), _actie(w, gemeente())
    punt = van_politie.agendapunt
    client = login(w.agent)
    pagina = client.get(reverse("casusoverleg:punt", args=[punt.pk])).content.decode()
    knoppen = [
        reverse("casusoverleg:actie_afronden", args=[a.pk]) for a in (van_politie, van_gemeente)
    ]
    assert knoppen[0] in pagina and knoppen[1] not in pagina
    assert client.post(knoppen[0]).status_code == 302
    van_politie.refresh_from_db()
    assert van_politie.afgerond and van_politie.afgerond_door == w.agent
    # The gemeente's action: refused with the reason, nothing changed.
    antwoord = client.post(knoppen[1], follow=True)
    assert "Alleen de regisseur of de organisatie" in antwoord.content.decode()
    van_gemeente.refresh_from_db()
    assert not van_gemeente.afgerond
    ander = partner_bij(w.ggz)
    with pytest.raises(Weigering):
        services.actie_afronden(actie=_actie(w, w.politie), door=ander)


def test_actie_toevoegen_en_afronden_op_de_site(w, overleg, login):
    client = login(w.regisseur)
    punt = Agendapunt.objects.get(signaal=w.voor_politie)
    pagina = client.get(reverse("casusoverleg:punt", args=[punt.pk])).content.decode()
    assert "Politie Delft" in pagina and "GGZ Delfland" not in pagina  # the owners offered
    antwoord = client.post(
        reverse("casusoverleg:actie_toevoegen", args=[punt.pk]),
        {
            "omschrijving": "Gesprek met de ouders",
            "eigenaar": w.politie.pk,
            "uiterlijk": (timezone.localdate() + timedelta(days=14)).isoformat(),
        },
    )
    assert antwoord.status_code == 302
    actie = Actie.objects.get()
    assert (actie.eigenaar, actie.afgerond) == (w.politie, False)
    client.post(reverse("casusoverleg:actie_afronden", args=[actie.pk]))
    actie.refresh_from_db()
    assert actie.afgerond and actie.afgerond_door == w.regisseur


def test_een_actie_die_afloopt_geeft_de_eigenaren_eenmaal_een_herinnering_zonder_inhoud(
    w, overleg, client
):
    collega = partner_bij(w.politie, email="recherche@politie.nl")
    actie = _actie(w, w.politie, dagen=2)
    assert tasks.acties_herinneren() == {w.politie.gemeente_id: 0}  # not due yet
    later = timezone.localdate() + timedelta(days=2)
    assert services.acties_herinneren(vandaag=later) == 2
    assert services.acties_herinneren(vandaag=later + timedelta(days=1)) == 0  # once
    berichten = Bericht.objects.filter(soort=SOORT)
    assert set(berichten.values_list("aan", flat=True)) == {w.agent.email, collega.email}
    link = reverse("casusoverleg:overleg", args=[overleg.pk])
    for bericht in berichten:
        assert link in bericht.tekst
        for geheim in (
            w.voor_politie.referentie,
            "Daan Vermeer",
            "Huisbezoek",
            "Politie Delft",
            overleg.bijeenkomst.titel,
        ):
            assert geheim not in bericht.tekst and geheim not in bericht.onderwerp
    actie.refresh_from_db()
    assert actie.herinnerd_op is not None
    # The colleague, not invited, opens the meeting through the link: their own item only.
    client.force_login(collega)
    pagina = client.get(link)
    assert pagina.status_code == 200
    tekst = pagina.content.decode()
    assert w.voor_politie.referentie in tekst and w.voor_ggz.referentie not in tekst


def test_een_actie_van_de_gemeente_gaat_naar_de_regisseurs(w, overleg):
    tweede = UserFactory(regisseur=True, email="tweede.regisseur@delft.nl")
    _actie(w, gemeente(), dagen=0)
    assert services.acties_herinneren() == 2
    assert set(Bericht.objects.filter(soort=SOORT).values_list("aan", flat=True)) == {
        w.regisseur.email,
        tweede.email,
    }


def test_afgerond_is_geen_herinnering_en_een_wachtende_wordt_ingetrokken(w, overleg):
    eerste = _actie(w, w.politie, dagen=0)
    tweede = _actie(w, w.politie, dagen=0)
    services.actie_afronden(actie=eerste, door=w.regisseur)
    assert services.acties_herinneren() == 1  # the second only
    bericht = Bericht.objects.get(soort=SOORT)
    assert bericht.status == Bericht.Status.WACHTEND
    services.actie_afronden(actie=tweede, door=w.regisseur)
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.INGETROKKEN


def test_de_taak_loopt_per_gemeente(w, overleg):
    _actie(w, w.politie, dagen=0)
    andere = Gemeente.objects.create(naam="Rijswijk")
    with gemeente_actief(andere.pk):
        assert not Actie.objects.exists()
    assert tasks.acties_herinneren() == {w.politie.gemeente_id: 1, andere.pk: 0}


def test_de_herinnering_komt_op_de_uiterste_datum(w):
    overleg = overleg_plannen(w, deelnemers=[])
    services.signaal_agenderen(casusoverleg=overleg, signaal=w.voor_ggz, door=w.regisseur)
    _actie(w, w.ggz, dagen=5, signaal=w.voor_ggz)
    assert services.acties_herinneren(vandaag=timezone.localdate() + timedelta(days=4)) == 0
    assert services.acties_herinneren(vandaag=timezone.localdate() + timedelta(days=5)) == 1
    assert Bericht.objects.get(soort=SOORT).aan == w.behandelaar.email
