"""Enrolment: a place while there is one, then the waiting list; cancelling moves the first on
the list up and tells them by e-mail; concurrent sign-ups and cancellations never exceed the
capacity; the day invitations, .ics and reminders are the meetings' own."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from icalendar import Calendar

from berichten.models import Bericht
from bijeenkomsten import services as bk
from bijeenkomsten.models import Uitnodiging
from kern.fouten import Weigering
from tests import hulp
from tests.factories import PersoonFactory, af_bij, editie
from tests.hulp import Draad, tegelijk
from trainingen import services
from trainingen.models import Bron, InschrijvingStatus

pytestmark = pytest.mark.django_db

S = InschrijvingStatus


def _berichten(persoon, soort=None):
    qs = Bericht.objects.filter(aan=persoon.email)
    if soort:
        qs = qs.filter(soort=f"trainingen.{soort}")
    return list(qs.order_by("pk"))


def _events(bericht):
    uit = []
    for bijlage in bericht.bijlagen:
        agenda = Calendar.from_ical(bijlage["inhoud"])
        uit += [(str(agenda["method"]), c) for c in agenda.walk() if c.name == "VEVENT"]
    return uit


def test_inschrijven_geeft_plaats_met_agenda_per_dag():
    ed = editie(dagen=3, capaciteit=2)
    persoon = af_bij()
    ins = services.persoon_inschrijven(ed, persoon)
    assert ins.status == S.INGESCHREVEN
    (bericht,) = _berichten(persoon, "ingeschreven")
    events = _events(bericht)
    assert len(events) == 3 and all(m == "REQUEST" for m, _e in events)
    uids = {str(e["uid"]) for _m, e in events}
    assert uids == {f"{d.bijeenkomst.uid}@netwerkregie" for d in ed.dagen.all()}
    assert services.inschrijflink(ins) in bericht.tekst
    # One invitation per day: reminders and attendance are the meetings' own.
    assert Uitnodiging.objects.filter(persoon=persoon).count() == 3


def test_vol_is_wachtlijst_en_afmelden_schuift_de_eerste_door():
    ed = editie(dagen=2, capaciteit=2)
    a, b, c, d = (af_bij() for _ in range(4))
    ins_a = services.persoon_inschrijven(ed, a)
    services.persoon_inschrijven(ed, b)
    ins_c = services.persoon_inschrijven(ed, c)
    ins_d = services.persoon_inschrijven(ed, d)
    assert (ins_c.status, ins_d.status) == (S.WACHTLIJST, S.WACHTLIJST)
    assert services.wachtlijstpositie(ins_c) == 1 and services.wachtlijstpositie(ins_d) == 2
    assert "plaats 2" in _berichten(d, "wachtlijst")[0].tekst
    assert not Uitnodiging.objects.filter(persoon=c).exists()

    services.inschrijving_afmelden(ins_a)
    ins_a.refresh_from_db()
    ins_c.refresh_from_db()
    ins_d.refresh_from_db()
    assert ins_a.status == S.AFGEMELD
    assert ins_c.status == S.INGESCHREVEN and ins_c.doorgeschoven_op is not None
    assert ins_d.status == S.WACHTLIJST and services.wachtlijstpositie(ins_d) == 1
    (doorgeschoven,) = _berichten(c, "doorgeschoven")
    assert "vrijgekomen" in doorgeschoven.tekst
    assert len(_events(doorgeschoven)) == 2
    # The one who cancelled gets the days out of their calendar, and loses the day invitations.
    (afgemeld,) = _berichten(a, "afgemeld")
    assert [m for m, _e in _events(afgemeld)] == ["CANCEL", "CANCEL"]
    assert not Uitnodiging.objects.filter(persoon=a).exists()
    assert Uitnodiging.objects.filter(persoon=c).count() == 2
    assert services.bezet(ed) == 2


def test_afmelden_van_de_wachtlijst_schuift_niemand_door():
    ed = editie(capaciteit=1)
    a, b, c = (af_bij() for _ in range(3))
    services.persoon_inschrijven(ed, a)
    ins_b = services.persoon_inschrijven(ed, b)
    ins_c = services.persoon_inschrijven(ed, c)
    services.inschrijving_afmelden(ins_b)
    ins_c.refresh_from_db()
    assert ins_c.status == S.WACHTLIJST and services.wachtlijstpositie(ins_c) == 1
    assert not _berichten(c, "doorgeschoven")


def test_opnieuw_inschrijven_na_afmelden_achteraan_de_wachtlijst():
    ed = editie(capaciteit=1)
    a, b, c = (af_bij() for _ in range(3))
    services.persoon_inschrijven(ed, a)
    ins_b = services.persoon_inschrijven(ed, b)
    services.persoon_inschrijven(ed, c)
    services.inschrijving_afmelden(ins_b)
    ins_b = services.persoon_inschrijven(ed, b)
    assert ins_b.status == S.WACHTLIJST and services.wachtlijstpositie(ins_b) == 2
    # Every message has its own key: the second sign-up got its own wachtlijst message.
    assert len(_berichten(b, "wachtlijst")) == 2


def test_dubbel_inschrijven_geweigerd_met_reden():
    ed = editie(capaciteit=1)
    a, b = af_bij(), af_bij()
    services.persoon_inschrijven(ed, a)
    services.persoon_inschrijven(ed, b)
    with pytest.raises(Weigering, match="al ingeschreven"):
        services.persoon_inschrijven(ed, a)
    with pytest.raises(Weigering, match="wachtlijst"):
        services.persoon_inschrijven(ed, b)


def test_na_de_start_geen_inschrijving_of_afmelding():
    ed = editie(capaciteit=3, over=3)
    persoon = af_bij()
    ins = services.persoon_inschrijven(ed, persoon)
    ed.dagen.update(datum=timezone.localdate())
    services.data_bijwerken(ed)
    with pytest.raises(Weigering, match="begonnen"):
        services.inschrijving_afmelden(ins)
    with pytest.raises(Weigering, match="begonnen"):
        services.persoon_inschrijven(ed, af_bij())


def test_gesloten_inschrijving_alleen_voor_genodigden():
    ed = editie(capaciteit=3, inschrijving_open=False)
    genodigde, ander = af_bij(), af_bij()
    assert services.personen_uitnodigen(ed, [genodigde]) == 1
    (uitnodiging,) = _berichten(genodigde, "uitnodiging")
    assert not _events(uitnodiging)
    with pytest.raises(Weigering, match="uitgenodigd"):
        services.persoon_inschrijven(ed, ander)
    assert services.persoon_inschrijven(ed, genodigde).status == S.INGESCHREVEN


def test_meer_plaatsen_schuift_de_wachtlijst_door():
    ed = editie(capaciteit=1)
    services.persoon_inschrijven(ed, af_bij())
    wachtend = [services.persoon_inschrijven(ed, af_bij()) for _ in range(3)]
    ed.capaciteit = 3
    ed.save()
    doorgeschoven = services.capaciteit_gewijzigd(ed)
    assert [i.pk for i in doorgeschoven] == [i.pk for i in wachtend[:2]]
    assert services.bezet(ed) == 3


def test_indelen_weigert_meer_dan_de_vrije_plaatsen():
    ed = editie(capaciteit=2)
    services.persoon_inschrijven(ed, af_bij())
    with pytest.raises(Weigering, match="1 vrije plaats"):
        services.personen_indelen(ed, [af_bij(), af_bij()])
    assert services.bezet(ed) == 1
    (ingedeeld,) = services.personen_indelen(ed, [af_bij()])
    assert ingedeeld.bron == Bron.REGISSEUR
    assert _berichten(ingedeeld.persoon, "ingedeeld")


def test_wijziging_van_een_dag_gaat_naar_de_deelnemers():
    ed = editie(dagen=2, capaciteit=3)
    persoon = af_bij()
    services.persoon_inschrijven(ed, persoon)
    dag = ed.dagen.get(volgnummer=2)
    dag.datum += timedelta(days=1)
    dag.save()
    services.dag_opslaan(dag)
    wijziging = Bericht.objects.get(aan=persoon.email, soort="bijeenkomsten.wijziging")
    assert "dag 2 van 2" in wijziging.onderwerp
    dag.bijeenkomst.refresh_from_db()
    assert dag.bijeenkomst.volgnummer == 1
    assert timezone.localdate(dag.bijeenkomst.begin) == dag.datum


def test_herinnering_via_de_bijeenkomsten(settings):
    ed = editie(dagen=1, capaciteit=3, over=1)
    persoon = af_bij()
    services.persoon_inschrijven(ed, persoon)
    assert bk.herinneringen_versturen() == 1
    assert Bericht.objects.filter(aan=persoon.email, soort="bijeenkomsten.herinnering").exists()
    # The meetings' invitation sweep sends nothing more for a training day.
    assert bk.uitnodigingen_van_de_komende_dagen() == 0


def test_editie_annuleren_vertelt_iedereen():
    ed = editie(dagen=2, capaciteit=1)
    a, b = af_bij(), af_bij()
    services.persoon_inschrijven(ed, a)
    services.persoon_inschrijven(ed, b)
    services.editie_annuleren(ed, "De trainer is ziek")
    assert Bericht.objects.filter(aan=a.email, soort="bijeenkomsten.annulering").count() == 2
    assert "De trainer is ziek" in _berichten(b, "geannuleerd")[0].tekst
    assert services.editie_annuleren(ed) == 0


# --- concurrency --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_gelijktijdig_inschrijven_nooit_boven_de_capaciteit():
    ed = editie(capaciteit=3)
    personen = [PersoonFactory() for _ in range(10)]
    uitkomsten = tegelijk([lambda p=p: services.persoon_inschrijven(ed, p) for p in personen])
    assert hulp.fouten(uitkomsten) == []
    statussen = list(ed.inschrijvingen.values_list("status", flat=True))
    assert statussen.count(S.INGESCHREVEN) == 3
    assert statussen.count(S.WACHTLIJST) == 7


@pytest.mark.django_db(transaction=True)
def test_gelijktijdig_afmelden_en_inschrijven_nooit_boven_de_capaciteit():
    ed = editie(capaciteit=2)
    ingeschreven = [services.persoon_inschrijven(ed, PersoonFactory()) for _ in range(2)]
    wachtend = [services.persoon_inschrijven(ed, PersoonFactory()) for _ in range(2)]
    nieuw = [PersoonFactory() for _ in range(4)]
    uitkomsten = tegelijk(
        [lambda i=i: services.inschrijving_afmelden(i) for i in ingeschreven]
        + [lambda p=p: services.persoon_inschrijven(ed, p) for p in nieuw]
    )
    assert hulp.fouten(uitkomsten) == []
    assert services.bezet(ed) == 2
    # The two who were waiting got the freed places, not the newcomers.
    plaatsen = set(ed.inschrijvingen.filter(status=S.INGESCHREVEN).values_list("pk", flat=True))
    assert plaatsen == {i.pk for i in wachtend}


def test_geanonimiseerd_geeft_plaats_en_link_op(regisseur, django_capture_on_commit_callbacks):
    from netwerk.services import persoon_anonimiseren

    ed = editie(capaciteit=1)
    weg, wachtend = af_bij(), af_bij()
    ins = services.persoon_inschrijven(ed, weg)
    oud_token = ins.token
    services.persoon_inschrijven(ed, wachtend)
    with django_capture_on_commit_callbacks(execute=True):
        persoon_anonimiseren(persoon=weg, door=regisseur)
    ins.refresh_from_db()
    assert ins.status == S.AFGEMELD and ins.token != oud_token
    assert ed.inschrijvingen.get(persoon=wachtend).status == S.INGESCHREVEN
    assert not Uitnodiging.objects.filter(persoon=weg).exists()


def test_een_nieuwe_dag_gaat_met_agenda_naar_wie_al_ingeschreven_is():
    from trainingen.models import Trainingsdag

    ed = editie(dagen=1, capaciteit=3)
    persoon = af_bij()
    services.persoon_inschrijven(ed, persoon)
    dag = Trainingsdag.objects.create(
        editie=ed,
        volgnummer=2,
        datum=ed.eerste_dag + timedelta(days=7),
        begintijd=ed.dagen.get().begintijd,
        eindtijd=ed.dagen.get().eindtijd,
    )
    services.dag_opslaan(dag)
    uitnodiging = Bericht.objects.get(aan=persoon.email, soort="bijeenkomsten.uitnodiging")
    (ics,) = uitnodiging.bijlagen
    assert str(dag.bijeenkomst.uid) in ics["inhoud"]
    assert Uitnodiging.objects.filter(persoon=persoon).count() == 2
    ed.refresh_from_db()
    assert ed.laatste_dag == dag.datum


def test_uitnodiging_afslaan():
    ed = editie(capaciteit=3, inschrijving_open=False)
    persoon = af_bij()
    services.personen_uitnodigen(ed, [persoon])
    ins = ed.inschrijvingen.get()
    services.inschrijving_afmelden(ins)
    ins.refresh_from_db()
    assert ins.status == S.AFGEMELD
    # Declined, but still invited: they may change their mind.
    assert services.persoon_inschrijven(ed, persoon).status == S.INGESCHREVEN


def test_de_dagpagina_van_een_training_wijst_op_afmelden(client):
    ed = editie(dagen=2, capaciteit=3)
    persoon = af_bij()
    services.persoon_inschrijven(ed, persoon)
    uitnodiging = Uitnodiging.objects.filter(persoon=persoon).first()
    antwoord = client.get(bk.rsvp_link(uitnodiging).replace("http://testserver", ""))
    assert antwoord.status_code == 200
    assert "hele training afmelden" in antwoord.content.decode()


def test_afmelden_van_de_wachtlijst_belooft_geen_bijlagen():
    ed = editie(capaciteit=1)
    services.persoon_inschrijven(ed, af_bij())
    persoon = af_bij()
    services.inschrijving_afmelden(services.persoon_inschrijven(ed, persoon))
    bericht = Bericht.objects.get(aan=persoon.email, soort="trainingen.afgemeld")
    assert bericht.bijlagen == [] and "bijlagen" not in bericht.tekst


@pytest.mark.django_db(transaction=True)
def test_een_dag_erbij_en_een_inschrijving_tegelijk_krijgt_toch_die_dag(monkeypatch):
    """The regisseur adds a day while someone signs up: the sign-up waits for the day (both lock
    the edition), so the newcomer has every day in the calendar, the new one too. The regisseur's
    save is held just after it read who was enrolled, the moment a sign-up could slip in."""
    from trainingen.models import Trainingsdag

    ed = editie(dagen=1, capaciteit=3)
    persoon = af_bij()
    gelezen, verder = threading.Event(), threading.Event()
    versturen = bk.uitnodigingen_versturen

    def vastgehouden(bijeenkomst):  # called by dag_opslaan after it read who is enrolled
        if threading.current_thread().name == "regisseur":
            gelezen.set()
            verder.wait(timeout=20)
        return versturen(bijeenkomst)

    monkeypatch.setattr(bk, "uitnodigingen_versturen", vastgehouden)

    def dag_toevoegen():
        try:
            with transaction.atomic():
                eerste = ed.dagen.get()
                dag = Trainingsdag.objects.create(
                    editie=ed,
                    volgnummer=2,
                    datum=ed.eerste_dag + timedelta(days=7),
                    begintijd=eerste.begintijd,
                    eindtijd=eerste.eindtijd,
                )
                services.dag_opslaan(dag)
        finally:
            connection.close()

    def inschrijven():
        try:
            services.persoon_inschrijven(ed, persoon)
        finally:
            connection.close()

    regisseur = Draad(target=dag_toevoegen, name="regisseur")
    regisseur.start()
    assert gelezen.wait(timeout=10)
    deelnemer = Draad(target=inschrijven, name="deelnemer")
    deelnemer.start()
    deelnemer.join(timeout=1)
    wachtte = deelnemer.is_alive()  # on the edition's lock
    verder.set()
    regisseur.join(timeout=10)
    deelnemer.join(timeout=10)
    assert wachtte and not deelnemer.is_alive() and not regisseur.is_alive()
    assert ed.inschrijvingen.get(persoon=persoon).status == S.INGESCHREVEN
    dagen = set(ed.dagen.values_list("bijeenkomst_id", flat=True))
    uitgenodigd = Uitnodiging.objects.filter(persoon=persoon).values_list("bijeenkomst", flat=True)
    assert len(dagen) == 2 and set(uitgenodigd) == dagen
