"""Validity, who still needs training, coverage, the mixed-group proposal, attendance and
completion, and the yearly plan of terugkomdagen."""

from collections import Counter
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from berichten.models import Bericht
from bijeenkomsten.models import Contactmoment, Uitnodiging
from kern.fouten import Weigering
from netwerk.models import Domein
from tests.factories import OrganisatieFactory, af_bij, editie, soort
from trainingen import geldigheid, services
from trainingen.geldigheid import Stand
from trainingen.models import Editie, Inschrijving, InschrijvingStatus

pytestmark = pytest.mark.django_db


def voltooid(persoon, soort_, op: date):
    """``persoon`` completed an edition of ``soort_`` that ended on ``op``."""
    ed = editie(soort_, capaciteit=50, over=10)
    ins = services.persoon_inschrijven(ed, persoon)
    Editie.objects.filter(pk=ed.pk).update(eerste_dag=op, laatste_dag=op)
    Inschrijving.objects.filter(pk=ins.pk).update(voltooid_op=op)
    return ins


def _stand(rijen, persoon):
    return next(r.geldigheid for r in rijen if r.persoon.pk == persoon.pk)


# --- validity -----------------------------------------------------------------------------------


def test_geldigheid_en_verlenging_door_de_terugkomdag():
    vandaag = timezone.localdate()
    basis = soort("basistraining", geldig_maanden=12)
    terugkomdag = soort("terugkomdag")
    assert terugkomdag.verlengt == basis  # the data migration links them

    nooit = af_bij()
    vers = af_bij()
    verlopen = af_bij()
    bijgehouden = af_bij()
    bijna = af_bij()
    voltooid(vers, basis, vandaag - timedelta(days=30))
    voltooid(verlopen, basis, vandaag - timedelta(days=400))
    voltooid(bijgehouden, basis, vandaag - timedelta(days=700))
    voltooid(bijgehouden, terugkomdag, vandaag - timedelta(days=100))
    voltooid(bijna, basis, vandaag - timedelta(days=330))

    rijen = geldigheid.overzicht(basis, vandaag=vandaag)
    assert _stand(rijen, nooit).stand == Stand.GEEN
    assert _stand(rijen, vers).stand == Stand.GELDIG
    # Twelve calendar months, not 365 days: a year with 29 February is a day longer.
    assert _stand(rijen, vers).geldig_tot == vandaag - timedelta(days=30) + relativedelta(months=12)
    b = _stand(rijen, verlopen)
    assert b.stand == Stand.VERLOPEN and b.geldig_tot < vandaag
    b = _stand(rijen, bijgehouden)
    assert b.stand == Stand.GELDIG and b.gevolgd_op == vandaag - timedelta(days=100)
    assert _stand(rijen, bijna).stand == Stand.BINNENKORT

    nodig = {r.persoon.pk for r in geldigheid.nog_nodig(rijen)}
    assert nodig == {nooit.pk, verlopen.pk}


def test_zonder_geldigheidsduur_blijft_een_training_geldig():
    vandaag = timezone.localdate()
    atelier = soort(naam="Werkatelier", geldig_maanden=None)
    persoon = af_bij()
    voltooid(persoon, atelier, vandaag - timedelta(days=3000))
    (rij,) = geldigheid.overzicht(atelier, vandaag=vandaag)
    assert rij.geldigheid.stand == Stand.GELDIG and rij.geldigheid.geldig_tot is None


def test_half_gevolgd_telt_niet_en_inactieven_tellen_niet_mee():
    basis = soort("basistraining")
    org = OrganisatieFactory()
    actief = af_bij(org)
    ed = editie(basis, capaciteit=5)
    services.persoon_inschrijven(ed, actief)  # enrolled, not completed
    weg = af_bij(org)
    weg.aandachtsfunctionarisrollen.update(actief=False)
    rijen = geldigheid.overzicht(basis)
    assert [r.persoon.pk for r in rijen] == [actief.pk]
    assert rijen[0].geldigheid.stand == Stand.GEEN
    assert rijen[0].gepland.editie == ed  # the planned edition is shown with them


def test_dekking_per_organisatie_en_domein():
    vandaag = timezone.localdate()
    basis = soort("basistraining", geldig_maanden=12)
    school = OrganisatieFactory(naam="Grotius College", domein=Domein.ONDERWIJS)
    school2 = OrganisatieFactory(naam="Stanislas", domein=Domein.ONDERWIJS)
    politie = OrganisatieFactory(naam="Politie Delft", domein=Domein.POLITIE)
    getraind = [af_bij(school), af_bij(school), af_bij(politie)]
    for p in getraind:
        voltooid(p, basis, vandaag - timedelta(days=10))
    verlopen = af_bij(school2)
    voltooid(verlopen, basis, vandaag - timedelta(days=500))
    af_bij(school)
    af_bij(politie)
    per_org, per_domein, totaal = geldigheid.dekking(geldigheid.overzicht(basis))
    org = {d.naam: (d.totaal, d.bij, d.verlopen, d.geen, d.percentage) for d in per_org}
    assert org == {
        "Grotius College": (3, 2, 0, 1, 67),
        "Stanislas": (1, 0, 1, 0, 0),
        "Politie Delft": (2, 1, 0, 1, 50),
    }
    domein = {d.sleutel: (d.totaal, d.bij, d.percentage) for d in per_domein}
    assert domein == {"onderwijs": (4, 2, 50), "politie": (2, 1, 50)}
    assert (totaal.totaal, totaal.bij, totaal.verlopen, totaal.geen) == (6, 3, 1, 2)
    assert per_org[0].naam == "Stanislas"  # lowest coverage first


def test_csv_export_zonder_formules():
    basis = soort("basistraining")
    af_bij(OrganisatieFactory(naam='=HYPERLINK("x")'), voornaam="Anna")
    tekst = geldigheid.als_csv(geldigheid.overzicht(basis))
    regels = tekst.splitlines()
    assert regels[0].startswith("Organisatie;Domein;Naam")
    assert "'=HYPERLINK" in regels[1] and "Anna" in regels[1]


# --- mixed groups -------------------------------------------------------------------------------


def test_groepsvoorstel_mengt_domeinen_en_organisaties():
    basis = soort("basistraining")
    scholen = [OrganisatieFactory(domein=Domein.ONDERWIJS) for _ in range(2)]
    politie = OrganisatieFactory(domein=Domein.POLITIE)
    jeugd = OrganisatieFactory(domein=Domein.JEUGDHULP)
    for org in scholen:
        for _ in range(5):
            af_bij(org)
    for _ in range(4):
        af_bij(politie)
    af_bij(jeugd)
    al_getraind = af_bij(jeugd)
    voltooid(al_getraind, basis, timezone.localdate() - timedelta(days=5))

    ed = editie(basis, capaciteit=8, max_per_organisatie=2)
    voorstel = services.groep_voorstellen(ed)
    assert len(voorstel.gekozen) == 7  # 2+2 onderwijs, 2 politie, 1 jeugdhulp: the cap binds
    per_org = Counter(k.organisatie.pk for k in voorstel.gekozen)
    assert max(per_org.values()) <= 2
    assert {k.domein for k in voorstel.gekozen} == {"onderwijs", "politie", "jeugdhulp"}
    assert al_getraind.pk not in {k.persoon.pk for k in voorstel.gekozen + voorstel.reserve}
    assert dict(voorstel.per_domein) == {"Onderwijs": 4, "Politie": 2, "Jeugdhulp": 1}
    assert len(voorstel.reserve) == 15 - 7  # 10 + 4 + 1 candidates
    # Placing the proposal fills the places; a new proposal takes the enrolled into account.
    services.personen_indelen(ed, [k.persoon for k in voorstel.gekozen])
    assert services.bezet(ed) == 7
    tweede = services.groep_voorstellen(ed)
    assert tweede.vrij == 1 and len(tweede.gekozen) == 0  # every organisation is at its cap


def test_groepsvoorstel_nooit_getraind_eerst_en_alleen_de_bedoelde_domeinen():
    vandaag = timezone.localdate()
    bewust = soort(naam="Bewustwording", geldig_maanden=12, domeinen=["onderwijs"])
    school = OrganisatieFactory(domein=Domein.ONDERWIJS)
    andere_school = OrganisatieFactory(domein=Domein.ONDERWIJS)
    verlopen = af_bij(school)
    voltooid(verlopen, bewust, vandaag - timedelta(days=800))
    nieuw = af_bij(andere_school)
    af_bij(OrganisatieFactory(domein=Domein.POLITIE))
    ed = editie(bewust, capaciteit=1)
    voorstel = services.groep_voorstellen(ed)
    assert [k.persoon.pk for k in voorstel.gekozen] == [nieuw.pk]
    assert [k.persoon.pk for k in voorstel.reserve] == [verlopen.pk]


def test_wie_al_ingepland_is_wordt_niet_voorgesteld():
    basis = soort("basistraining")
    org = OrganisatieFactory()
    ingepland = af_bij(org)
    services.persoon_inschrijven(editie(basis, capaciteit=5), ingepland)
    vrij = af_bij(org)
    voorstel = services.groep_voorstellen(editie(basis, capaciteit=5, over=40))
    assert [k.persoon.pk for k in voorstel.gekozen] == [vrij.pk]


# --- attendance and completion ------------------------------------------------------------------


def test_voltooid_alleen_als_elke_dag_aanwezig(regisseur):
    ed = editie(dagen=3, capaciteit=5, over=1)
    trouw, gemist = af_bij(), af_bij()
    services.persoon_inschrijven(ed, trouw)
    services.persoon_inschrijven(ed, gemist)
    # The training took place: move its days into the past.
    for i, dag in enumerate(ed.dagen.order_by("volgnummer")):
        dag.datum = timezone.localdate() - timedelta(days=21 - 7 * i)
        dag.save()
        services.dag_opslaan(dag)
    dagen = list(ed.dagen.order_by("volgnummer"))
    # Invitations of days that were in the future at enrolment still exist and are used.
    assert Uitnodiging.objects.filter(persoon=trouw).count() == 3
    for dag in dagen:
        aanwezig = {trouw.pk} if dag.volgnummer == 2 else {trouw.pk, gemist.pk}
        services.aanwezigheid_vastleggen(dag, aanwezig, door=regisseur)
    trouw_ins = ed.inschrijvingen.get(persoon=trouw)
    assert trouw_ins.voltooid_op == dagen[-1].datum
    assert ed.inschrijvingen.get(persoon=gemist).voltooid_op is None
    # Attending is a contact moment (keeps the network warm).
    assert Contactmoment.objects.filter(persoon=trouw).count() == 3
    # A correction undoes the completion.
    services.aanwezigheid_vastleggen(dagen[0], {gemist.pk}, door=regisseur)
    trouw_ins.refresh_from_db()
    assert trouw_ins.voltooid_op is None


def test_aanwezigheid_niet_voor_de_dag_begint(regisseur):
    ed = editie(capaciteit=5)
    services.persoon_inschrijven(ed, af_bij())
    with pytest.raises(Weigering, match="begonnen"):
        services.aanwezigheid_vastleggen(ed.dagen.get(), set(), door=regisseur)


# --- terugkomdagen ------------------------------------------------------------------------------


def test_terugkomdagen_twee_keer_per_jaar_vooruit_gepland(settings):
    settings.TRAININGEN_TERUGKOMDAG_MAANDEN = [3, 10]
    settings.TRAININGEN_PLANNEN_DAGEN = 240
    settings.TRAININGEN_TERUGKOMDAG_WEEKDAG = 1
    settings.TRAININGEN_TERUGKOMDAG_WEEK = 2
    soort("terugkomdag")
    gemaakt = services.terugkomdagen_plannen(vandaag=date(2026, 11, 23))
    (maart,) = gemaakt  # October 2026 is past, October 2027 beyond 240 days
    dag = maart.dagen.get()
    assert dag.datum == date(2027, 3, 9)  # the second Tuesday of March 2027
    assert maart.plan_maand == date(2027, 3, 1) and not maart.inschrijving_open
    assert dag.bijeenkomst.netwerk is None
    assert services.terugkomdagen_plannen(vandaag=date(2026, 11, 23)) == []
    # The regisseur moves it: the plan never makes the month again.
    dag.datum = date(2027, 3, 16)
    dag.save()
    services.dag_opslaan(dag)
    later = services.terugkomdagen_plannen(vandaag=date(2027, 3, 1))
    assert [e.plan_maand for e in later] == [date(2027, 10, 1)]


def test_terugkomdag_nodigt_wie_de_basistraining_voltooide(settings):
    settings.TRAININGEN_TERUGKOMDAG_UITNODIGEN_DAGEN = 42
    vandaag = timezone.localdate()
    basis = soort("basistraining")
    getraind = af_bij()
    voltooid(getraind, basis, vandaag - timedelta(days=200))
    niet_getraind = af_bij()
    gestopt = af_bij()
    voltooid(gestopt, basis, vandaag - timedelta(days=200))
    gestopt.aandachtsfunctionarisrollen.update(actief=False)
    terug = editie(soort("terugkomdag"), over=30, capaciteit=40, inschrijving_open=False)
    te_vroeg = editie(soort("terugkomdag"), over=90, capaciteit=40, inschrijving_open=False)

    assert services.terugkomdagen_uitnodigen() == 1
    assert services.terugkomdagen_uitnodigen() == 0  # safe to repeat
    ins = terug.inschrijvingen.get()
    assert ins.persoon == getraind and ins.status == InschrijvingStatus.UITGENODIGD
    assert not te_vroeg.inschrijvingen.exists()
    assert not terug.inschrijvingen.filter(persoon__in=[niet_getraind, gestopt]).exists()
    bericht = Bericht.objects.get(aan=getraind.email, soort="trainingen.uitnodiging")
    assert services.inschrijflink(ins) in bericht.tekst
    # The invited person can sign up although the edition is not open to everyone.
    assert services.persoon_inschrijven(terug, getraind).status == InschrijvingStatus.INGESCHREVEN


@pytest.mark.django_db(transaction=True)
def test_echte_worker_plant_terugkomdagen_en_nodigt_uit(settings):
    """The beat task, run by a real Celery worker through Redis: the next terugkomdag is made
    and, as it is near, those with the basic training are invited."""
    import time as klok

    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from trainingen.tasks import terugkomdagen

    vandaag = timezone.localdate()
    # The month of 40 days from now: its second Tuesday is 17 to 54 days away.
    settings.TRAININGEN_TERUGKOMDAG_MAANDEN = [(vandaag + timedelta(days=40)).month]
    settings.TRAININGEN_TERUGKOMDAG_UITNODIGEN_DAGEN = 60
    soort("terugkomdag")
    getraind = af_bij()
    voltooid(getraind, soort("basistraining"), vandaag - timedelta(days=100))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        terugkomdagen.delay()
        deadline = klok.monotonic() + 30
        while not Inschrijving.objects.filter(
            editie__plan_maand__isnull=False, persoon=getraind
        ).exists():
            assert klok.monotonic() < deadline, "de worker plande en nodigde niet binnen 30 s"
            klok.sleep(0.2)
    terug = Editie.objects.get(plan_maand__isnull=False)
    assert terug.inschrijvingen.get().status == InschrijvingStatus.UITGENODIGD
    assert Bericht.objects.filter(aan=getraind.email, soort="trainingen.uitnodiging").exists()


def test_groepsvoorstel_voor_een_terugkomdag_kiest_wie_moet_opfrissen():
    vandaag = timezone.localdate()
    basis = soort("basistraining", geldig_maanden=12)
    nooit = af_bij()
    vers = af_bij()
    voltooid(vers, basis, vandaag - timedelta(days=20))
    bijna = af_bij()
    voltooid(bijna, basis, vandaag - timedelta(days=330))
    over = af_bij()
    voltooid(over, basis, vandaag - timedelta(days=500))
    voorstel = services.groep_voorstellen(editie(soort("terugkomdag"), capaciteit=10))
    gekozen = {k.persoon.pk for k in voorstel.gekozen}
    assert gekozen == {bijna.pk, over.pk}
    assert nooit.pk not in gekozen and vers.pk not in gekozen


def test_een_begonnen_dag_blijft_zoals_hij_was():
    ed = editie(dagen=2, capaciteit=3, over=1)
    services.persoon_inschrijven(ed, af_bij())
    eerste = ed.dagen.get(volgnummer=1)
    eerste.datum = timezone.localdate() - timedelta(days=1)
    eerste.save()
    services.dag_opslaan(eerste)  # still in the future when saved: moved into the past
    eerste.refresh_from_db()
    begin = eerste.bijeenkomst.begin
    with pytest.raises(Weigering, match="al begonnen"):
        services.dag_verwijderen(eerste)
    ed.locatie = "Andere zaal"
    ed.save()
    services.editie_gewijzigd(ed)
    eerste.bijeenkomst.refresh_from_db()
    assert eerste.bijeenkomst.locatie != "Andere zaal" and eerste.bijeenkomst.begin == begin
    assert ed.dagen.get(volgnummer=2).bijeenkomst.locatie == "Andere zaal"


def test_twee_dagen_tegelijk_verwijderen_een_wijziging_per_overgebleven_dag():
    ed = editie(dagen=3, capaciteit=3)
    persoon = af_bij()
    services.persoon_inschrijven(ed, persoon)
    services.dagen_verwijderen(ed, list(ed.dagen.filter(volgnummer__gte=2)))
    soorten = Counter(Bericht.objects.filter(aan=persoon.email).values_list("soort", flat=True))
    assert soorten["bijeenkomsten.annulering"] == 2
    assert soorten["bijeenkomsten.wijziging"] == 1  # "dag 1 van 3" is now just the name
    ed.refresh_from_db()
    assert ed.eerste_dag == ed.laatste_dag


def test_stand_op_een_datum_in_het_verleden_telt_latere_voltooiingen_niet():
    vandaag = timezone.localdate()
    basis = soort("basistraining", geldig_maanden=12)
    persoon = af_bij()
    voltooid(persoon, basis, vandaag - timedelta(days=10))
    (rij,) = geldigheid.overzicht(basis, vandaag=vandaag - timedelta(days=30))
    assert rij.geldigheid.stand == Stand.GEEN
    (rij,) = geldigheid.overzicht(basis, vandaag=vandaag)
    assert rij.geldigheid.stand == Stand.GELDIG
