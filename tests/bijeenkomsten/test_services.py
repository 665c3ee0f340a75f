"""Meetings: planning a series (also across daylight saving), who is invited, the .ics, the
outbox messages for invitations, reminders, changes and cancellations, answers, attendance."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from berichten.models import Bericht
from bijeenkomsten import services
from bijeenkomsten.models import Bijeenkomst, Reeks, Uitnodiging
from kern.fouten import Weigering
from netwerk import selectors
from netwerk.models import Contactmoment, Lidmaatschap
from tests.factories import BijeenkomstFactory, NetwerkFactory, PersoonFactory, lid_van

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def _reeks(netwerk, eerste: date, **kw):
    kw.setdefault("interval_weken", 6)
    return Reeks.objects.create(
        netwerk=netwerk,
        naam="Netwerk aandachtsfunctionarissen",
        starttijd=time(19, 30),
        eindtijd=time(21, 30),
        locatie="Stadskantoor",
        eerste_datum=eerste,
        **kw,
    )


def _ics(bericht) -> Calendar:
    (bijlage,) = bericht.bijlagen
    assert bijlage["bestandsnaam"] == "bijeenkomst.ics"
    return Calendar.from_ical(bijlage["inhoud"])


def _event(agenda: Calendar):
    return next(c for c in agenda.walk() if c.name == "VEVENT")


# --- planning -----------------------------------------------------------------------------------


def test_reeks_plant_vooruit_en_is_herhaalbaar(settings):
    settings.BIJEENKOMSTEN_PLANNEN_DAGEN = 120
    vandaag = timezone.localdate()
    reeks = _reeks(NetwerkFactory(), vandaag - timedelta(weeks=12))
    assert services.reeks_bijplannen(reeks) == len(
        [d for d in services.reeks_datums(reeks, vandaag + timedelta(days=120)) if d >= vandaag]
    )
    assert services.reeks_bijplannen(reeks) == 0
    datums = [b.reeks_datum for b in reeks.bijeenkomsten.order_by("begin")]
    assert all((b - a).days == 42 for a, b in zip(datums, datums[1:], strict=False))
    assert datums[0] >= vandaag  # no meetings in the past


def test_verzette_en_overgeslagen_bijeenkomst_blijven_zoals_ze_zijn():
    vandaag = timezone.localdate()
    reeks = _reeks(NetwerkFactory(), vandaag + timedelta(days=1))
    services.reeks_bijplannen(reeks)
    eerste, tweede = reeks.bijeenkomsten.order_by("begin")[:2]
    eerste.begin += timedelta(days=1)
    eerste.einde += timedelta(days=1)
    eerste.save()
    services.bijeenkomst_annuleren(tweede)
    assert services.reeks_bijplannen(reeks) == 0
    eerste.refresh_from_db()
    assert timezone.localtime(eerste.begin).date() == reeks.eerste_datum + timedelta(days=1)
    assert reeks.bijeenkomsten.filter(reeks_datum=tweede.reeks_datum).get().is_geannuleerd


def test_zomertijd_en_wintertijd_houden_half_acht():
    # 2026: summer time ends on 25 October. Every two weeks from 13 October crosses it.
    reeks = _reeks(NetwerkFactory(), date(2026, 10, 13), interval_weken=2)
    begin_zomer = services.lokaal(date(2026, 10, 13), reeks.starttijd)
    begin_winter = services.lokaal(date(2026, 10, 27), reeks.starttijd)
    assert begin_zomer.astimezone(AMS).time() == time(19, 30)
    assert begin_winter.astimezone(AMS).time() == time(19, 30)
    assert begin_zomer.utcoffset() == timedelta(hours=2)
    assert begin_winter.utcoffset() == timedelta(hours=1)


# --- who is invited -----------------------------------------------------------------------------


def test_leden_van_het_netwerk_en_nooit_de_andere_soort():
    formeel = NetwerkFactory()
    informeel = NetwerkFactory(informeel=True)
    lid = lid_van(formeel)
    oud = lid_van(formeel)
    Lidmaatschap.objects.filter(persoon=oud).update(actief=False)
    zonder_adres = lid_van(formeel, email="")
    sleutelpersoon = lid_van(informeel)
    bijeenkomst = BijeenkomstFactory(netwerk=formeel)
    services.uitnodigingen_aanmaken(bijeenkomst)
    assert [u.persoon for u in bijeenkomst.uitnodigingen.all()] == [lid]
    assert zonder_adres.pk and sleutelpersoon.pk
    with pytest.raises(Weigering, match="nooit gemengd"):
        services.gast_uitnodigen(bijeenkomst, sleutelpersoon)
    gast = PersoonFactory()
    assert services.gast_uitnodigen(bijeenkomst, gast).is_gast


# --- invitations through the outbox -------------------------------------------------------------


def test_uitnodiging_met_ics_en_persoonlijke_link():
    netwerk = NetwerkFactory()
    lid = lid_van(netwerk, voornaam="Amina")
    dag = timezone.localdate() + timedelta(days=14)  # never a fixed date: it would pass by
    begin = datetime(dag.year, dag.month, dag.day, 19, 30, tzinfo=AMS)
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk, begin=begin, einde=begin + timedelta(hours=2))
    assert services.uitnodigingen_versturen(bijeenkomst) == 1
    bericht = Bericht.objects.get()
    uitnodiging = Uitnodiging.objects.get()
    assert bericht.aan == lid.email and bericht.soort == "bijeenkomsten.uitnodiging"
    assert services.rsvp_link(uitnodiging) in bericht.tekst
    assert services.rsvp_link(uitnodiging) in bericht.html
    assert "Beste Amina" in bericht.tekst
    event = _event(_ics(bericht))
    assert event.decoded("dtstart") == begin
    assert event["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert str(event["uid"]) == f"{bijeenkomst.uid}@netwerkregie"
    assert int(event["sequence"]) == 0
    # Twice: nothing new (the invitation was sent, and its outbox key is unique).
    assert services.uitnodigingen_versturen(bijeenkomst) == 0
    assert Bericht.objects.count() == 1


def test_uitnodigingen_veertien_dagen_vooruit(settings):
    settings.BIJEENKOMSTEN_UITNODIGEN_DAGEN = 14
    netwerk = NetwerkFactory()
    lid_van(netwerk)
    nu = timezone.now()
    binnenkort = BijeenkomstFactory(netwerk=netwerk, begin=nu + timedelta(days=13))
    later = BijeenkomstFactory(netwerk=netwerk, begin=nu + timedelta(days=15))
    voorbij = BijeenkomstFactory(
        netwerk=netwerk, begin=nu - timedelta(hours=3), einde=nu - timedelta(hours=1)
    )
    assert services.uitnodigingen_van_de_komende_dagen() == 1
    assert binnenkort.uitnodigingen.exclude(verstuurd_op=None).count() == 1
    assert not later.uitnodigingen.exists() and not voorbij.uitnodigingen.exists()


def test_herinnering_aan_ja_misschien_en_geen_antwoord_eenmaal(settings):
    settings.BIJEENKOMSTEN_HERINNEREN_DAGEN = 2
    netwerk = NetwerkFactory()
    leden = [lid_van(netwerk) for _ in range(4)]
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk, begin=timezone.now() + timedelta(days=1))
    services.uitnodigingen_versturen(bijeenkomst)
    for persoon, antwoord in zip(leden, ["ja", "misschien", "nee", ""], strict=True):
        Uitnodiging.objects.filter(persoon=persoon).update(antwoord=antwoord)
    assert services.herinneringen_versturen() == 3
    assert services.herinneringen_versturen() == 0
    herinnerd = set(
        Bericht.objects.filter(soort="bijeenkomsten.herinnering").values_list("aan", flat=True)
    )
    assert herinnerd == {leden[0].email, leden[1].email, leden[3].email}


def test_wijziging_krijgt_hoger_volgnummer_en_gaat_naar_wie_uitgenodigd_was():
    netwerk = NetwerkFactory()
    lid_van(netwerk)
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk)
    services.uitnodigingen_versturen(bijeenkomst)
    lid_van(netwerk)  # joined later: not yet invited, so no change message either
    oud = {veld: getattr(bijeenkomst, veld) for veld in services.WEZENLIJK}
    bijeenkomst.locatie = "Wijkcentrum Buitenhof"
    bijeenkomst.save()
    assert services.bijeenkomst_gewijzigd(bijeenkomst, oud) == 1
    wijziging = Bericht.objects.get(soort="bijeenkomsten.wijziging")
    event = _event(_ics(wijziging))
    assert int(event["sequence"]) == 1 and str(event["location"]) == "Wijkcentrum Buitenhof"
    assert "Wijkcentrum Buitenhof" in wijziging.tekst
    # Saving without a real change sends nothing.
    assert (
        services.bijeenkomst_gewijzigd(
            bijeenkomst, {v: getattr(bijeenkomst, v) for v in services.WEZENLIJK}
        )
        == 0
    )


def test_annulering_met_cancel_ics_eenmaal():
    netwerk = NetwerkFactory()
    lid_van(netwerk)
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk)
    services.uitnodigingen_versturen(bijeenkomst)
    assert services.bijeenkomst_annuleren(bijeenkomst, reden="Zaal niet beschikbaar") == 1
    assert services.bijeenkomst_annuleren(bijeenkomst) == 0
    bericht = Bericht.objects.get(soort="bijeenkomsten.annulering")
    agenda = _ics(bericht)
    assert str(agenda["method"]) == "CANCEL"
    assert str(_event(agenda)["status"]) == "CANCELLED"
    assert "gaat NIET door" in bericht.tekst and "Zaal niet beschikbaar" in bericht.tekst
    assert bericht.onderwerp.startswith("Gaat niet door")


def test_extra_bijeenkomst_nodigt_meteen_uit():
    netwerk = NetwerkFactory()
    lid_van(netwerk)
    begin = timezone.now() + timedelta(hours=20)
    services.extra_bijeenkomst(
        netwerk=netwerk,
        titel="Extra: onrust na incident",
        begin=begin,
        einde=begin + timedelta(hours=1),
        locatie="Moskee Al Nour",
        agenda="Wat horen we in de wijk?",
    )
    assert Bericht.objects.filter(soort="bijeenkomsten.uitnodiging").count() == 1


# --- answers and attendance ---------------------------------------------------------------------


def test_antwoord_tot_het_begin():
    netwerk = NetwerkFactory()
    lid_van(netwerk)
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk)
    services.uitnodigingen_aanmaken(bijeenkomst)
    uitnodiging = bijeenkomst.uitnodigingen.get()
    services.antwoord_geven(uitnodiging=uitnodiging, antwoord="ja", opmerking="Ik neem iemand mee")
    services.antwoord_geven(uitnodiging=uitnodiging, antwoord="misschien")
    uitnodiging.refresh_from_db()
    assert uitnodiging.antwoord == "misschien"
    Bijeenkomst.objects.filter(pk=bijeenkomst.pk).update(
        begin=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(Weigering, match="al begonnen"):
        services.antwoord_geven(uitnodiging=uitnodiging, antwoord="nee")


def test_aanwezigheid_is_een_contactmoment(regisseur):
    netwerk = NetwerkFactory()
    er, niet = lid_van(netwerk), lid_van(netwerk)
    from netwerk.models import Persoon

    Persoon.objects.filter(pk__in=[er.pk, niet.pk]).update(
        aangemaakt_op=timezone.now() - timedelta(days=800)
    )
    begin = timezone.now() - timedelta(days=3)
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk, begin=begin, einde=begin + timedelta(hours=2))
    services.uitnodigingen_aanmaken(bijeenkomst)
    u_er = bijeenkomst.uitnodigingen.get(persoon=er)
    services.aanwezigheid_vastleggen(bijeenkomst=bijeenkomst, aanwezig={u_er.pk}, door=regisseur)
    moment = Contactmoment.objects.get(persoon=er)
    assert moment.soort == "bijeenkomst" and moment.datum == timezone.localdate(begin)
    stil = set(selectors.stille_personen().values_list("pk", flat=True))
    assert er.pk not in stil and niet.pk in stil
    # Corrected: nobody was there after all.
    services.aanwezigheid_vastleggen(bijeenkomst=bijeenkomst, aanwezig=set(), door=regisseur)
    assert not Contactmoment.objects.filter(persoon=er).exists()
    assert set(bijeenkomst.uitnodigingen.values_list("aanwezig", flat=True)) == {False}


def test_wie_niet_meer_te_bereiken_is_blokkeert_niets(settings):
    from netwerk.services import persoon_anonimiseren
    from tests.factories import UserFactory

    settings.BIJEENKOMSTEN_HERINNEREN_DAGEN = 2
    netwerk = NetwerkFactory()
    blijft, weg = lid_van(netwerk), lid_van(netwerk)
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk, begin=timezone.now() + timedelta(days=1))
    services.uitnodigingen_versturen(bijeenkomst)
    oude_link = bijeenkomst.uitnodigingen.get(persoon=weg).token
    persoon_anonimiseren(persoon=weg, door=UserFactory(regisseur=True))
    assert services.herinneringen_versturen() == 1
    assert services.uitnodiging_bij_token(oude_link) is None
    assert services.bijeenkomst_annuleren(bijeenkomst) == 1
    assert not Bericht.objects.filter(aan="").exists()
    assert blijft.email in set(Bericht.objects.values_list("aan", flat=True))


def test_gast_niet_bij_een_geannuleerde_of_begonnen_bijeenkomst_of_sleutelpersoon_formeel():
    from tests.factories import SleutelpersoonFactory

    bijeenkomst = BijeenkomstFactory(netwerk=NetwerkFactory())
    sleutelpersoon = SleutelpersoonFactory().persoon
    with pytest.raises(Weigering, match="nooit gemengd"):
        services.gast_uitnodigen(bijeenkomst, sleutelpersoon)
    services.bijeenkomst_annuleren(bijeenkomst)
    with pytest.raises(Weigering, match="geannuleerd of al begonnen"):
        services.gast_uitnodigen(bijeenkomst, PersoonFactory())


def test_verzette_bijeenkomst_krijgt_een_nieuwe_herinnering(settings):
    settings.BIJEENKOMSTEN_HERINNEREN_DAGEN = 2
    netwerk = NetwerkFactory()
    lid_van(netwerk)
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk, begin=timezone.now() + timedelta(days=1))
    services.uitnodigingen_versturen(bijeenkomst)
    assert services.herinneringen_versturen() == 1
    oud = {veld: getattr(bijeenkomst, veld) for veld in services.WEZENLIJK}
    bijeenkomst.begin += timedelta(hours=20)
    bijeenkomst.einde += timedelta(hours=20)
    bijeenkomst.save()
    services.bijeenkomst_gewijzigd(bijeenkomst, oud)
    assert services.herinneringen_versturen() == 1


# --- one service per change of a meeting --------------------------------------------------------


def test_wijzigen_slaat_op_en_bericht_alleen_bij_een_wezenlijke_wijziging(regisseur):
    netwerk = NetwerkFactory()
    lid_van(netwerk)
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk)
    services.uitnodigingen_versturen(bijeenkomst)

    # The minutes are no news for the invitees: saved, no new version, no message.
    wijziging = services.bijeenkomst_wijzigen(
        bijeenkomst=bijeenkomst, velden={"verslag": "Goed overleg."}, door=regisseur
    )
    assert (wijziging.nieuwe_versie, wijziging.berichten, wijziging.melding) == (False, 0, None)
    bijeenkomst.refresh_from_db()
    assert (bijeenkomst.verslag, bijeenkomst.volgnummer) == ("Goed overleg.", 0)

    # A new place is: a new version, and the invitee gets it with the updated .ics.
    wijziging = services.bijeenkomst_wijzigen(
        bijeenkomst=bijeenkomst, velden={"locatie": "Wijkcentrum Buitenhof"}, door=regisseur
    )
    assert (wijziging.nieuwe_versie, wijziging.berichten) == (True, 1)
    assert wijziging.melding == "1 genodigde krijgt bericht van de wijziging."
    bijeenkomst.refresh_from_db()
    assert (bijeenkomst.locatie, bijeenkomst.volgnummer) == ("Wijkcentrum Buitenhof", 1)
    event = _event(_ics(Bericht.objects.get(soort="bijeenkomsten.wijziging")))
    assert int(event["sequence"]) == 1 and str(event["location"]) == "Wijkcentrum Buitenhof"


def test_wijzigen_van_een_intussen_geannuleerde_bijeenkomst_maakt_de_annulering_niet_ongedaan(
    regisseur,
):
    netwerk = NetwerkFactory()
    lid_van(netwerk)
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk)
    services.uitnodigingen_versturen(bijeenkomst)
    op_het_scherm = Bijeenkomst.objects.get(pk=bijeenkomst.pk)  # the page was opened
    services.bijeenkomst_annuleren(bijeenkomst)  # a colleague cancels meanwhile

    wijziging = services.bijeenkomst_wijzigen(
        bijeenkomst=op_het_scherm, velden={"locatie": "Wijkcentrum Buitenhof"}, door=regisseur
    )
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.is_geannuleerd and bijeenkomst.volgnummer == 2
    assert wijziging.berichten == 0
    assert not Bericht.objects.filter(soort="bijeenkomsten.wijziging").exists()


def test_wijzigingsbericht_zegt_wat_er_veranderde_in_beide_delen(regisseur):
    """The change mail names what changed, with the old time and place, and carries the new
    agenda in the text part as well as in the HTML part."""
    amsterdam = ZoneInfo("Europe/Amsterdam")
    begin = datetime(2027, 3, 2, 19, 0, tzinfo=amsterdam)
    bijeenkomst = BijeenkomstFactory(
        begin=begin,
        einde=begin + timedelta(hours=2),
        locatie="Stadhuis, zaal 2",
        agenda="1. Opening\n2. Rondvraag",
    )
    lid_van(bijeenkomst.netwerk)
    services.uitnodigingen_versturen(bijeenkomst)
    nieuw = datetime(2027, 3, 9, 19, 30, tzinfo=amsterdam)
    services.bijeenkomst_wijzigen(
        bijeenkomst=bijeenkomst,
        velden={
            "begin": nieuw,
            "einde": nieuw + timedelta(hours=2),
            "agenda": "1. Opening\n2. Casus Buitenhof\n3. Rondvraag",
        },
        door=regisseur,
    )
    bericht = Bericht.objects.get(soort="bijeenkomsten.wijziging")
    for deel in (bericht.tekst, bericht.html):
        assert "Wat is er veranderd:" in deel
        assert "de tijd (was: dinsdag 2 maart 2027, 19:00–21:00)" in deel
        assert "de agenda (hieronder de nieuwe)" in deel
        assert "de plaats" not in deel  # the place stayed
        assert "2. Casus Buitenhof" in deel
    assert "dinsdag 9 maart 2027, 19:30–21:30" in bericht.tekst
