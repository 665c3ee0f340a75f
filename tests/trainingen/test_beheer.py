"""Trainings in /beheer/: editions planned with their days (each a meeting), changes told to the
participants, the waiting list moving up, the attendance grid and completion, the mixed-group
proposal, cancelling, the two reports with their CSV; only for the regisseur; bounded queries."""

from datetime import date, time, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from berichten.models import Bericht
from bijeenkomsten import services as bk
from bijeenkomsten.models import Bijeenkomst, BijeenkomstStatus, Uitnodiging
from netwerk.models import Domein
from tests.factories import OrganisatieFactory, af_bij, editie, soort
from tests.hulp import geneste_formulieren
from trainingen import services
from trainingen.models import (
    Bron,
    Editie,
    EditieStatus,
    Inschrijving,
    InschrijvingStatus,
    Trainingsdag,
    Trainingssoort,
)

pytestmark = pytest.mark.django_db

S = InschrijvingStatus


# --- helpers ------------------------------------------------------------------------------------


def _url(naam, *args):
    return reverse(f"admin:trainingen_{naam}", args=args)


def _meldingen(antwoord) -> list[str]:
    return [str(m) for m in get_messages(antwoord.wsgi_request)]


def _formulier(ed=None, *, soort_=None, dagen=None, **velden):
    """The add/change form of an edition as the browser posts it. ``dagen``: a list of dicts
    (datum, begintijd, eindtijd, optional id and DELETE); default the edition's own days."""
    if dagen is None:
        dagen = [
            {"id": d.pk, "datum": d.datum, "begintijd": d.begintijd, "eindtijd": d.eindtijd}
            for d in ed.dagen.order_by("volgnummer")
        ]
    data = {
        "soort": (soort_ or (ed.soort if ed else soort("basistraining"))).pk,
        "titel": ed.titel if ed else "",
        "locatie": ed.locatie if ed else "Trainingscentrum De Brug",
        "trainer": ed.trainer if ed else "",
        "capaciteit": ed.capaciteit if ed else 12,
        "max_per_organisatie": ed.max_per_organisatie if ed else 2,
        "omschrijving": ed.omschrijving if ed else "",
        "dagen-TOTAL_FORMS": len(dagen),
        "dagen-INITIAL_FORMS": sum(1 for d in dagen if d.get("id")),
        "dagen-MIN_NUM_FORMS": 0,
        "dagen-MAX_NUM_FORMS": 1000,
    }
    if ed is None or ed.inschrijving_open:
        data["inschrijving_open"] = "on"
    for i, dag in enumerate(dagen):
        datum = dag["datum"]
        data[f"dagen-{i}-datum"] = datum.strftime("%d-%m-%Y") if datum else ""
        data[f"dagen-{i}-begintijd"] = dag["begintijd"].strftime("%H:%M")
        data[f"dagen-{i}-eindtijd"] = dag["eindtijd"].strftime("%H:%M")
        if dag.get("id"):
            data[f"dagen-{i}-id"] = dag["id"]
            data[f"dagen-{i}-editie"] = ed.pk
        if dag.get("DELETE"):
            data[f"dagen-{i}-DELETE"] = "on"
    data.update(velden)
    return data


def _begonnen(ed):
    """Move the edition's days into the past (day 1 longest ago): attendance can be recorded."""
    dagen = list(ed.dagen.order_by("volgnummer"))
    vandaag = timezone.localdate()
    for i, dag in enumerate(dagen):
        datum = vandaag - timedelta(days=len(dagen) - i)
        Trainingsdag.objects.filter(pk=dag.pk).update(datum=datum)
        Bijeenkomst.objects.filter(pk=dag.bijeenkomst_id).update(
            begin=bk.lokaal(datum, time(9)), einde=bk.lokaal(datum, time(16, 30))
        )
    services.data_bijwerken(ed)
    return list(ed.dagen.select_related("bijeenkomst").order_by("volgnummer"))


def _voltooid(persoon, soort_, op: date):
    """A completed training on ``op`` (the history the reports read)."""
    lang_geleden = timezone.localdate() - timedelta(days=3 * 365)
    oud = Editie.objects.filter(soort=soort_, titel="Vroeger").first() or Editie.objects.create(
        soort=soort_,
        titel="Vroeger",
        locatie="Elders",
        capaciteit=500,
        eerste_dag=lang_geleden,
        laatste_dag=lang_geleden,
    )
    return Inschrijving.objects.create(
        editie=oud, persoon=persoon, status=S.INGESCHREVEN, bron=Bron.ZELF, voltooid_op=op
    )


# --- planning -----------------------------------------------------------------------------------


def test_editie_met_drie_dagen_toevoegen_maakt_drie_bijeenkomsten(login, regisseur):
    basis = soort("basistraining")
    eerste = timezone.localdate() + timedelta(days=20)
    dagen = [
        # Out of order on purpose: the days are numbered by date.
        {"datum": eerste + timedelta(days=14), "begintijd": time(9), "eindtijd": time(16, 30)},
        {"datum": eerste, "begintijd": time(9), "eindtijd": time(16, 30)},
        {"datum": eerste + timedelta(days=7), "begintijd": time(9), "eindtijd": time(16, 30)},
    ]
    antwoord = login(regisseur).post(
        _url("editie_add"), _formulier(soort_=basis, dagen=dagen, trainer="Samira Bouali")
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    ed = Editie.objects.get(trainer="Samira Bouali")
    assert (ed.eerste_dag, ed.laatste_dag) == (eerste, eerste + timedelta(days=14))
    dagen = list(ed.dagen.select_related("bijeenkomst").order_by("volgnummer"))
    assert [d.datum for d in dagen] == [eerste + timedelta(days=7 * i) for i in range(3)]
    assert all(d.bijeenkomst.netwerk_id is None for d in dagen)
    assert Bijeenkomst.objects.filter(netwerk=None).count() == 3
    assert dagen[1].bijeenkomst.titel == f"{basis.naam} — dag 2 van 3"
    assert timezone.localtime(dagen[0].bijeenkomst.begin).time() == time(9)


def test_nieuwe_editie_zonder_dagen_geeft_een_waarschuwing(login, regisseur):
    antwoord = login(regisseur).post(_url("editie_add"), _formulier(dagen=[]), follow=True)
    assert any("nog geen dagen" in m for m in _meldingen(antwoord))
    assert Editie.objects.get().eerste_dag is None


def test_einde_voor_begin_is_een_formulierfout(login, regisseur):
    dag = {"datum": timezone.localdate() + timedelta(days=9), "begintijd": time(16)}
    antwoord = login(regisseur).post(
        _url("editie_add"), _formulier(dagen=[{**dag, "eindtijd": time(9)}])
    )
    assert antwoord.status_code == 200
    assert "De eindtijd ligt niet na de begintijd." in antwoord.content.decode()
    assert not Editie.objects.exists()


def test_alle_dagen_weghalen_mag_niet(login, regisseur):
    ed = editie(dagen=2)
    data = _formulier(ed)
    data["dagen-0-DELETE"] = data["dagen-1-DELETE"] = "on"
    antwoord = login(regisseur).post(_url("editie_change", ed.pk), data)
    assert antwoord.status_code == 200
    assert "minstens één dag" in antwoord.content.decode()
    assert ed.dagen.count() == 2


def test_dag_verplaatsen_bericht_de_deelnemers(login, regisseur):
    ed = editie(dagen=2, capaciteit=3)
    a, b = af_bij(), af_bij()
    services.persoon_inschrijven(ed, a)
    services.persoon_inschrijven(ed, b)
    dagen = list(ed.dagen.order_by("volgnummer"))
    data = _formulier(ed)
    data["dagen-1-datum"] = (dagen[1].datum + timedelta(days=1)).strftime("%d-%m-%Y")
    antwoord = login(regisseur).post(_url("editie_change", ed.pk), data)
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    wijzigingen = Bericht.objects.filter(soort="bijeenkomsten.wijziging")
    assert sorted(wijzigingen.values_list("aan", flat=True)) == sorted([a.email, b.email])
    assert all("dag 2 van 2" in w.onderwerp for w in wijzigingen)
    dagen[1].bijeenkomst.refresh_from_db()
    assert timezone.localdate(dagen[1].bijeenkomst.begin) == dagen[1].datum + timedelta(days=1)
    ed.refresh_from_db()
    assert ed.laatste_dag == dagen[1].datum + timedelta(days=1)


def test_plaats_wijzigen_gaat_naar_elke_dag(login, regisseur):
    ed = editie(dagen=2, capaciteit=3)
    persoon = af_bij()
    services.persoon_inschrijven(ed, persoon)
    login(regisseur).post(_url("editie_change", ed.pk), _formulier(ed, locatie="Stadskantoor"))
    assert set(Bijeenkomst.objects.values_list("locatie", flat=True)) == {"Stadskantoor"}
    assert Bericht.objects.filter(aan=persoon.email, soort="bijeenkomsten.wijziging").count() == 2


def test_dag_toevoegen_en_weghalen(login, regisseur):
    ed = editie(dagen=2, capaciteit=3)
    persoon = af_bij()
    services.persoon_inschrijven(ed, persoon)
    dagen = list(ed.dagen.order_by("volgnummer"))
    client = login(regisseur)
    # A day before the others: it becomes day 1.
    nieuw = {
        "datum": dagen[0].datum - timedelta(days=2),
        "begintijd": time(13),
        "eindtijd": time(17),
    }
    data = _formulier(
        ed,
        dagen=[
            {"id": d.pk, "datum": d.datum, "begintijd": d.begintijd, "eindtijd": d.eindtijd}
            for d in dagen
        ]
        + [nieuw],
    )
    assert client.post(_url("editie_change", ed.pk), data).status_code == 302
    assert [d.datum for d in ed.dagen.order_by("volgnummer")] == [
        nieuw["datum"],
        dagen[0].datum,
        dagen[1].datum,
    ]
    assert ed.dagen.get(volgnummer=1).bijeenkomst.titel.endswith("dag 1 van 3")
    assert Uitnodiging.objects.filter(persoon=persoon).count() == 3
    # The original second day goes: its meeting is cancelled and the participant told.
    data = _formulier(ed)
    data["dagen-2-DELETE"] = "on"
    assert client.post(_url("editie_change", ed.pk), data).status_code == 302
    assert ed.dagen.count() == 2
    geannuleerd = Bijeenkomst.objects.get(status=BijeenkomstStatus.GEANNULEERD)
    assert geannuleerd.pk == dagen[1].bijeenkomst_id
    assert Bericht.objects.filter(aan=persoon.email, soort="bijeenkomsten.annulering").exists()
    assert list(ed.dagen.values_list("volgnummer", flat=True).order_by("volgnummer")) == [1, 2]


def test_meer_plaatsen_schuift_de_wachtlijst_door(login, regisseur):
    ed = editie(capaciteit=1)
    services.persoon_inschrijven(ed, af_bij())
    eerste = af_bij(voornaam="Ilse", achternaam="de Wit")
    services.persoon_inschrijven(ed, eerste)
    tweede = af_bij()
    services.persoon_inschrijven(ed, tweede)
    antwoord = login(regisseur).post(
        _url("editie_change", ed.pk), _formulier(ed, capaciteit=2), follow=True
    )
    meldingen = _meldingen(antwoord)
    assert any("1 persoon van de wachtlijst" in m and "Ilse de Wit" in m for m in meldingen)
    assert ed.inschrijvingen.get(persoon=eerste).status == S.INGESCHREVEN
    assert ed.inschrijvingen.get(persoon=tweede).status == S.WACHTLIJST
    assert Bericht.objects.filter(aan=eerste.email, soort="trainingen.doorgeschoven").exists()


def test_minder_plaatsen_zet_niemand_eruit(login, regisseur):
    ed = editie(capaciteit=2)
    services.persoon_inschrijven(ed, af_bij())
    services.persoon_inschrijven(ed, af_bij())
    antwoord = login(regisseur).post(
        _url("editie_change", ed.pk), _formulier(ed, capaciteit=1), follow=True
    )
    assert any("Niemand verliest zijn plaats" in m for m in _meldingen(antwoord))
    assert services.bezet(ed) == 2


# --- participants and attendance ----------------------------------------------------------------


def test_deelnemers_met_organisatie_wachtlijst_en_afmelden(login, regisseur):
    school = OrganisatieFactory(naam="Grotiuscollege", domein=Domein.ONDERWIJS)
    ed = editie(capaciteit=1)
    binnen = af_bij(school, voornaam="Anouk", achternaam="Visser")
    services.persoon_inschrijven(ed, binnen)
    wacht1 = af_bij(voornaam="Bram", achternaam="Zijlstra")
    wacht2 = af_bij(voornaam="Cas", achternaam="Aksoy")
    services.persoon_inschrijven(ed, wacht1)
    services.persoon_inschrijven(ed, wacht2)
    client = login(regisseur)
    html = client.get(_url("editie_change", ed.pk)).content.decode()
    assert "Grotiuscollege" in html and "Onderwijs" in html
    # The waiting list in the order it is served, not by name.
    assert html.index("Bram Zijlstra") < html.index("Cas Aksoy")
    assert geneste_formulieren(html) == []

    ins = ed.inschrijvingen.get(persoon=binnen)
    url = _url("editie_afmelden", ed.pk, ins.pk)
    # The row's button asks first; nothing happens before the confirmation.
    vraag = client.post(url)
    assert vraag.status_code == 200 and "Weet u zeker" in vraag.content.decode()
    ins.refresh_from_db()
    assert ins.status == S.INGESCHREVEN
    antwoord = client.post(url, {"bevestigd": "1"}, follow=True)
    assert any("Anouk Visser is afgemeld" in m for m in _meldingen(antwoord))
    ins.refresh_from_db()
    assert ins.status == S.AFGEMELD
    assert ed.inschrijvingen.get(persoon=wacht1).status == S.INGESCHREVEN


def test_afmelden_na_de_start_geweigerd_met_reden(login, regisseur):
    ed = editie(dagen=2)
    ins = services.persoon_inschrijven(ed, af_bij())
    _begonnen(ed)
    antwoord = login(regisseur).post(
        _url("editie_afmelden", ed.pk, ins.pk), {"bevestigd": "1"}, follow=True
    )
    assert any("begonnen" in m for m in _meldingen(antwoord))
    ins.refresh_from_db()
    assert ins.status == S.INGESCHREVEN


def test_aanwezigheid_voltooit_pas_na_elke_dag_en_een_correctie_maakt_het_ongedaan(
    login, regisseur
):
    ed = editie(dagen=2, capaciteit=3)
    a = af_bij(voornaam="Anouk", achternaam="Visser")
    b = af_bij(voornaam="Bram", achternaam="Zijlstra")
    services.persoon_inschrijven(ed, a)
    services.persoon_inschrijven(ed, b)
    dag2 = ed.dagen.get(volgnummer=2)
    bk.antwoord_geven(
        uitnodiging=Uitnodiging.objects.get(persoon=b, bijeenkomst=dag2.bijeenkomst),
        antwoord="nee",
    )
    dag1, dag2 = _begonnen(ed)
    client = login(regisseur)
    html = client.get(_url("editie_change", ed.pk)).content.decode()
    assert f'name="aanwezig-{dag1.pk}"' in html and f'name="aanwezig-{dag2.pk}"' in html
    assert "(Nee, ik kan niet)" in html  # Bram's answer for day 2

    url = _url("editie_aanwezigheid", ed.pk)
    alle_dagen = [dag1.pk, dag2.pk]
    # Only day 1 for both: nobody has completed.
    client.post(url, {"dagen": alle_dagen, f"aanwezig-{dag1.pk}": [a.pk, b.pk]})
    assert not ed.inschrijvingen.filter(voltooid_op__isnull=False).exists()
    # Anouk both days: completed on the last day.
    antwoord = client.post(
        url,
        {"dagen": alle_dagen, f"aanwezig-{dag1.pk}": [a.pk, b.pk], f"aanwezig-{dag2.pk}": [a.pk]},
        follow=True,
    )
    assert any("1 deelnemer heeft de training voltooid" in m for m in _meldingen(antwoord))
    ins_a = ed.inschrijvingen.get(persoon=a)
    assert ins_a.voltooid_op == dag2.datum
    assert ed.inschrijvingen.get(persoon=b).voltooid_op is None
    assert "Voltooid op" in antwoord.content.decode()
    assert Uitnodiging.objects.get(persoon=a, bijeenkomst=dag2.bijeenkomst).aanwezig
    # A correction: Anouk was not there on day 1 after all.
    client.post(url, {"dagen": alle_dagen, f"aanwezig-{dag2.pk}": [a.pk]})
    ins_a.refresh_from_db()
    assert ins_a.voltooid_op is None


def test_aanwezigheid_laat_dagen_buiten_het_raster_met_rust(login, regisseur):
    ed = editie(dagen=2, capaciteit=3)
    a = af_bij()
    services.persoon_inschrijven(ed, a)
    dag1, dag2 = _begonnen(ed)
    client = login(regisseur)
    url = _url("editie_aanwezigheid", ed.pk)
    client.post(url, {"dagen": [dag1.pk, dag2.pk], f"aanwezig-{dag2.pk}": [a.pk]})
    # A form that only had day 1 (day 2 began since it was opened) leaves day 2 as it was.
    client.post(url, {"dagen": [dag1.pk], f"aanwezig-{dag1.pk}": [a.pk]})
    assert Uitnodiging.objects.get(persoon=a, bijeenkomst=dag2.bijeenkomst).aanwezig


def test_aanwezigheid_voor_de_start_slaat_niets_op(login, regisseur):
    ed = editie(dagen=1)
    a = af_bij()
    services.persoon_inschrijven(ed, a)
    dag = ed.dagen.get()
    antwoord = login(regisseur).post(
        _url("editie_aanwezigheid", ed.pk),
        {"dagen": [dag.pk], f"aanwezig-{dag.pk}": [a.pk]},
        follow=True,
    )
    assert any("nog geen dag begonnen" in m for m in _meldingen(antwoord))
    assert not Uitnodiging.objects.filter(aanwezig=True).exists()


# --- mixed group --------------------------------------------------------------------------------


def _kandidaten():
    """Seven who need the basic training: four from one school, two from the police, one from
    welfare."""
    school = OrganisatieFactory(naam="Grotiuscollege", domein=Domein.ONDERWIJS)
    politie = OrganisatieFactory(naam="Politie Haaglanden", domein=Domein.POLITIE)
    welzijn = OrganisatieFactory(naam="Welzijn Delft", domein=Domein.WELZIJN)
    return {
        "school": [af_bij(school) for _ in range(4)],
        "politie": [af_bij(politie) for _ in range(2)],
        "welzijn": [af_bij(welzijn)],
    }


def test_groepsvoorstel_toont_de_mix_en_nooit_te_veel_van_een_organisatie(login, regisseur):
    groepen = _kandidaten()
    ed = editie(capaciteit=6, max_per_organisatie=2)
    antwoord = login(regisseur).get(_url("editie_groep", ed.pk))
    assert antwoord.status_code == 200
    voorstel = antwoord.context["voorstel"]
    gekozen = {k.persoon.pk for k in voorstel.gekozen}
    assert len(gekozen) == 5  # the school's other two wait: at most 2 per organisation
    assert len(gekozen & {p.pk for p in groepen["school"]}) == 2
    assert dict(voorstel.per_organisatie)["Grotiuscollege"] == 2
    assert dict(voorstel.per_domein) == {"Onderwijs": 2, "Politie": 2, "Welzijn": 1}
    html = antwoord.content.decode()
    assert "hoogstens 2" in html and "Politie Haaglanden" in html and "Nog niet gevolgd" in html
    # The proposed are ticked, the reserve is not.
    for k in voorstel.gekozen:
        assert f'value="{k.persoon.pk}" id="persoon-{k.persoon.pk}" checked' in html
    for k in voorstel.reserve:
        assert f'value="{k.persoon.pk}" id="persoon-{k.persoon.pk}">' in html


def test_groep_indelen_plaatst_de_gekozen_personen(login, regisseur):
    groepen = _kandidaten()
    ed = editie(capaciteit=6)
    gekozen = [groepen["school"][0], groepen["politie"][0], groepen["welzijn"][0]]
    antwoord = login(regisseur).post(
        _url("editie_groep", ed.pk),
        {"persoon": [p.pk for p in gekozen], "actie": "indelen"},
        follow=True,
    )
    assert any("3 personen zijn ingedeeld" in m for m in _meldingen(antwoord))
    rijen = ed.inschrijvingen.all()
    assert {i.persoon_id for i in rijen} == {p.pk for p in gekozen}
    assert {(i.status, i.bron) for i in rijen} == {(S.INGESCHREVEN, Bron.REGISSEUR)}
    assert Bericht.objects.filter(soort="trainingen.ingedeeld").count() == 3


def test_groep_indelen_weigert_meer_dan_de_vrije_plaatsen_en_houdt_de_keuze(login, regisseur):
    groepen = _kandidaten()
    ed = editie(capaciteit=2)
    gekozen = [groepen["school"][0], groepen["politie"][0], groepen["welzijn"][0]]
    antwoord = login(regisseur).post(
        _url("editie_groep", ed.pk), {"persoon": [p.pk for p in gekozen], "actie": "indelen"}
    )
    assert antwoord.status_code == 200
    assert "Er zijn 2 vrije plaatsen; u koos 3 personen." in _meldingen(antwoord)
    assert not ed.inschrijvingen.exists()
    html = antwoord.content.decode()
    for p in gekozen:
        assert f'value="{p.pk}" id="persoon-{p.pk}" checked' in html
    # The others are not ticked, even if the proposal had them.
    for p in groepen["school"][1:]:
        assert f'value="{p.pk}" id="persoon-{p.pk}">' in html


def test_groep_uitnodigen_houdt_geen_plaats_vast(login, regisseur):
    groepen = _kandidaten()
    ed = editie(capaciteit=2)
    gekozen = groepen["school"][:3]
    antwoord = login(regisseur).post(
        _url("editie_groep", ed.pk),
        {"persoon": [p.pk for p in gekozen], "actie": "uitnodigen"},
        follow=True,
    )
    assert any("3 personen zijn uitgenodigd" in m for m in _meldingen(antwoord))
    assert set(ed.inschrijvingen.values_list("status", flat=True)) == {S.UITGENODIGD}
    assert services.bezet(ed) == 0
    assert Bericht.objects.filter(soort="trainingen.uitnodiging").count() == 3


def test_groep_alleen_uit_de_kandidaten(login, regisseur):
    ed = editie(capaciteit=2)
    al_bij = af_bij()
    _voltooid(al_bij, ed.soort, timezone.localdate() - timedelta(days=30))
    antwoord = login(regisseur).post(
        _url("editie_groep", ed.pk), {"persoon": [al_bij.pk], "actie": "indelen"}
    )
    (melding,) = _meldingen(antwoord)
    assert "komen er niet meer voor in aanmerking; er is niets veranderd" in melding
    assert not ed.inschrijvingen.filter(status=S.INGESCHREVEN).exists()
    # Nobody ticked at all: asked to choose.
    antwoord = login(regisseur).post(_url("editie_groep", ed.pk), {"actie": "indelen"})
    assert "Kies minstens één persoon." in _meldingen(antwoord)


def test_groep_nog_eens_versturen_zegt_dat_ze_al_zijn_ingedeeld(login, regisseur):
    """The Back button or a second tab posts the same group again: nothing changes, and the
    message says why instead of "choose someone"."""
    ed = editie(capaciteit=2)
    een, twee = af_bij(), af_bij()
    client = login(regisseur)
    gegevens = {"persoon": [een.pk, twee.pk], "actie": "indelen"}
    client.post(_url("editie_groep", ed.pk), gegevens)
    assert services.bezet(ed) == 2
    antwoord = client.post(_url("editie_groep", ed.pk), gegevens)
    assert antwoord.url.endswith("#deelnemers")
    assert "staan al bij deze editie" in _meldingen(antwoord)[-1]
    assert (
        services.bezet(ed) == 2
        and Bericht.objects.filter(soort="trainingen.ingedeeld").count() == 2
    )


def test_opnieuw_uitnodigen_na_afmelden_en_zeggen_wie_is_overgeslagen(login, regisseur):
    ed = editie(capaciteit=5)
    weg, al, nieuw = af_bij(), af_bij(), af_bij()
    services.inschrijving_afmelden(services.persoon_inschrijven(ed, weg))
    services.personen_uitnodigen(ed, [al])
    # The cancelled one is a candidate again and can be invited again; "al" is invited already.
    assert services.personen_uitnodigen(ed, [weg, al, nieuw]) == 2
    assert ed.inschrijvingen.get(persoon=weg).status == S.UITGENODIGD
    assert Bericht.objects.filter(aan=weg.email, soort="trainingen.uitnodiging").count() == 1
    # Through the page: the skipped one is named as a number with the reason.
    ander = af_bij()
    antwoord = login(regisseur).post(
        _url("editie_groep", ed.pk), {"persoon": [ander.pk, nieuw.pk], "actie": "uitnodigen"}
    )
    meldingen = _meldingen(antwoord)
    assert "1 persoon is uitgenodigd om zich in te schrijven." in meldingen
    assert any(
        "1 persoon is niet uitgenodigd: die staat al bij deze editie" in m for m in meldingen
    )


# --- cancelling ---------------------------------------------------------------------------------


def test_editie_annuleren_vraagt_bevestiging_en_bericht_iedereen(login, regisseur):
    ed = editie(dagen=2, capaciteit=1)
    a, b = af_bij(), af_bij()
    services.persoon_inschrijven(ed, a)
    services.persoon_inschrijven(ed, b)
    client = login(regisseur)
    url = _url("editie_annuleren", ed.pk)
    html = client.get(url).content.decode()
    assert "1 deelnemer krijgt" in html and "1 persoon op de wachtlijst" in html
    ed.refresh_from_db()
    assert ed.status == EditieStatus.GEPLAND  # the GET asked, did nothing
    antwoord = client.post(url, {"reden": "De trainer is ziek"}, follow=True)
    assert any("geannuleerd; 2 deelnemers" in m for m in _meldingen(antwoord))
    ed.refresh_from_db()
    assert ed.status == EditieStatus.GEANNULEERD
    assert Bericht.objects.filter(aan=a.email, soort="bijeenkomsten.annulering").count() == 2
    assert "De trainer is ziek" in Bericht.objects.get(soort="trainingen.geannuleerd").tekst
    # Kept as it was: no more changes, no tools.
    html = client.get(_url("editie_change", ed.pk)).content.decode()
    assert "Deze editie is geannuleerd." in html and "Groep voorstellen" not in html
    assert client.post(_url("editie_change", ed.pk), _formulier(ed)).status_code == 403


def test_een_editie_wordt_niet_verwijderd(login, regisseur):
    ed = editie()
    assert login(regisseur).get(_url("editie_delete", ed.pk)).status_code == 403


# --- kinds of training --------------------------------------------------------------------------


def test_soorten_met_komende_edities_en_domeinen_als_vinkjes(login, regisseur):
    basis = soort("basistraining")
    editie(basis)
    editie(basis, over=30)
    editie(basis, over=-30)
    client = login(regisseur)
    antwoord = client.get(_url("trainingssoort_changelist"))
    rij = next(r for r in antwoord.context["cl"].result_list if r.pk == basis.pk)
    assert rij.n_komend == 2
    antwoord = client.post(
        _url("trainingssoort_add"),
        {
            "naam": "Weerbaarheid voor jongerenwerkers",
            "domeinen": [Domein.JONGERENWERK, Domein.WELZIJN],
            "geldig_maanden": "24",
            "actief": "on",
        },
    )
    assert antwoord.status_code == 302
    nieuw = Trainingssoort.objects.get(naam="Weerbaarheid voor jongerenwerkers")
    assert nieuw.domeinen == [Domein.JONGERENWERK, Domein.WELZIJN]
    html = client.get(_url("trainingssoort_change", nieuw.pk)).content.decode()
    assert 'type="checkbox" name="domeinen" value="jongerenwerk"' in html


def test_soort_fouten_in_het_nederlands(login, regisseur):
    soort("basistraining")
    client = login(regisseur)
    antwoord = client.post(
        _url("trainingssoort_add"),
        {"naam": "Nog een basistraining", "rol": "basistraining", "domeinen": ["mars"]},
    )
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Er is al een soort training met deze rol." in html
    assert "geen beschikbare keuze" in html  # Django's own Dutch for an unknown choice
    terugkomdag = soort("terugkomdag")
    antwoord = client.post(
        _url("trainingssoort_change", terugkomdag.pk),
        {"naam": terugkomdag.naam, "verlengt": terugkomdag.pk, "rol": "terugkomdag"},
    )
    assert antwoord.status_code == 200
    assert "verlengt" in antwoord.context["adminform"].form.errors
    # The kinds that carry the rules are never deleted.
    assert client.get(_url("trainingssoort_delete", terugkomdag.pk)).status_code == 403


# --- reports ------------------------------------------------------------------------------------


@pytest.fixture
def bekende_stand():
    """Five aandachtsfunctionarissen with a known standing for the basic training (12 months):
    at the school one valid, one overdue, one never (but planned); at the police one never and
    one due soon."""
    basis = soort("basistraining", geldig_maanden=12)
    vandaag = timezone.localdate()
    school = OrganisatieFactory(naam="Grotiuscollege", domein=Domein.ONDERWIJS)
    politie = OrganisatieFactory(naam="Politie Haaglanden", domein=Domein.POLITIE)
    p = {
        "geldig": af_bij(school, voornaam="Anouk", achternaam="Visser"),
        "verlopen": af_bij(school, voornaam="Bram", achternaam="Zijlstra"),
        "gepland": af_bij(school, voornaam="Cas", achternaam="Aksoy"),
        "nooit": af_bij(politie, voornaam="Daan", achternaam="Meijer"),
        "binnenkort": af_bij(politie, voornaam="Eva", achternaam="Jansen"),
    }
    _voltooid(p["geldig"], basis, vandaag - relativedelta(months=2))
    _voltooid(p["verlopen"], basis, vandaag - relativedelta(months=13))
    _voltooid(p["binnenkort"], basis, vandaag - relativedelta(months=11))
    komend = editie(basis, titel="Basistraining voorjaar")
    services.persoon_inschrijven(komend, p["gepland"])
    return {"soort": basis, "personen": p, "school": school, "politie": politie, "komend": komend}


def test_wie_moet_nog_getraind_worden(login, regisseur, bekende_stand):
    p = bekende_stand["personen"]
    client = login(regisseur)
    antwoord = client.get(_url("editie_nog_te_trainen"))
    assert antwoord.status_code == 200
    namen = [r.persoon.pk for r in antwoord.context["rijen"]]
    assert sorted(namen) == sorted([p["verlopen"].pk, p["gepland"].pk, p["nooit"].pk])
    html = antwoord.content.decode()
    assert "Opfrissing te laat" in html and "Nog niet gevolgd" in html
    assert "Basistraining voorjaar" in html  # Cas is planned
    assert html.count("Basistraining voorjaar") == 1 and "Vroeger" not in html
    assert html.index("Grotiuscollege") < html.index("Politie Haaglanden")
    # Filters: one organisation; everyone incl. due soon; one domain.
    antwoord = client.get(
        _url("editie_nog_te_trainen"), {"organisatie": bekende_stand["politie"].pk}
    )
    assert [r.persoon.pk for r in antwoord.context["rijen"]] == [p["nooit"].pk]
    antwoord = client.get(_url("editie_nog_te_trainen"), {"stand": "binnenkort"})
    assert [r.persoon.pk for r in antwoord.context["rijen"]] == [p["binnenkort"].pk]
    antwoord = client.get(_url("editie_nog_te_trainen"), {"stand": "alle", "domein": "onderwijs"})
    assert len(antwoord.context["rijen"]) == 3
    # A nonsense filter falls back to the default, never a 500.
    antwoord = client.get(_url("editie_nog_te_trainen"), {"soort": "x", "stand": "?"})
    assert antwoord.status_code == 200 and len(antwoord.context["rijen"]) == 3


def test_wie_moet_nog_getraind_worden_als_csv(login, regisseur, bekende_stand):
    antwoord = login(regisseur).get(_url("editie_nog_te_trainen"), {"formaat": "csv"})
    assert antwoord["Content-Type"] == "text/csv; charset=utf-8"
    assert antwoord["Content-Disposition"].startswith('attachment; filename="nog-te-trainen-')
    assert antwoord["Content-Disposition"].endswith('.csv"')
    assert antwoord.streaming  # written as it is read, never whole in memory
    tekst = b"".join(antwoord.streaming_content).decode("utf-8")
    assert tekst.startswith("\ufeffOrganisatie;Domein;Naam;E-mail;Stand")
    regels = tekst.strip().splitlines()
    assert len(regels) == 4
    assert any("Bram Zijlstra" in r and "Opfrissing te laat" in r for r in regels)
    assert any("Cas Aksoy" in r and "Basistraining voorjaar" in r for r in regels)


def test_trainingsdekking(login, regisseur, bekende_stand):
    client = login(regisseur)
    antwoord = client.get(_url("editie_dekking"))
    per_org = {d.naam: d for d in antwoord.context["per_organisatie"]}
    school, politie = per_org["Grotiuscollege"], per_org["Politie Haaglanden"]
    assert (school.totaal, school.bij, school.verlopen, school.geen) == (3, 1, 1, 1)
    assert (politie.totaal, politie.bij, politie.verlopen, politie.geen) == (2, 1, 0, 1)
    totaal = antwoord.context["totaal"]
    assert (totaal.totaal, totaal.bij, totaal.percentage) == (5, 2, 40)
    html = antwoord.content.decode()
    assert "33% (1 van 3 getraind)" in html and "50% (1 van 2 getraind)" in html
    assert "In totaal zijn 2 van de 5 aandachtsfunctionarissen getraind" in html
    per_domein = {d.sleutel: d for d in antwoord.context["per_domein"]}
    assert per_domein["onderwijs"].percentage == 33 and per_domein["politie"].percentage == 50

    csv = client.get(_url("editie_dekking"), {"formaat": "csv"})
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="trainingsdekking-' in csv["Content-Disposition"]
    regels = csv.content.decode("utf-8").lstrip("\ufeff").strip().splitlines()
    assert regels[0].startswith("Training;Groep;Naam;Totaal;Getraind")
    assert any(r.endswith(";Grotiuscollege;3;1;1;1;33") for r in regels)
    assert regels[-1].endswith(";Totaal;Totaal;5;2;1;2;40")


def test_rapporten_zijn_bereikbaar_vanuit_de_lijst(login, regisseur):
    html = login(regisseur).get(_url("editie_changelist")).content.decode()
    assert _url("editie_nog_te_trainen") in html and _url("editie_dekking") in html


# --- bounded queries ----------------------------------------------------------------------------


def _afs_met_voltooiingen(aantal):
    basis = soort("basistraining")
    komend = editie(basis)
    vandaag = timezone.localdate()
    for i in range(aantal):
        org = OrganisatieFactory(domein=[Domein.ONDERWIJS, Domein.POLITIE, Domein.ZORG][i % 3])
        persoon = af_bij(org)
        if i % 2:
            _voltooid(persoon, basis, vandaag - relativedelta(months=6 + 5 * (i % 3)))
        elif i % 4 == 0:
            services.persoon_inschrijven(komend, persoon)
    return basis


@pytest.mark.parametrize("aantal", [3, 40])
@pytest.mark.parametrize("naam", ["editie_nog_te_trainen", "editie_dekking"])
def test_rapporten_begrensd_aantal_queries(
    login, regisseur, aantal, naam, django_assert_max_num_queries
):
    _afs_met_voltooiingen(aantal)
    client = login(regisseur)
    with django_assert_max_num_queries(24):
        antwoord = client.get(_url(naam), {"stand": "alle"})
    assert antwoord.status_code == 200
    with django_assert_max_num_queries(17):
        assert client.get(_url(naam), {"formaat": "csv"}).status_code == 200


def _editie_met_deelnemers(aantal):
    ed = editie(dagen=3, capaciteit=aantal)
    for _ in range(aantal):
        services.persoon_inschrijven(ed, af_bij())
    for _ in range(aantal // 2 + 1):
        services.persoon_inschrijven(ed, af_bij())  # the waiting list
    services.personen_uitnodigen(ed, [af_bij(), af_bij()])
    services.inschrijving_afmelden(ed.inschrijvingen.filter(status=S.WACHTLIJST).first())
    _begonnen(ed)
    return ed


@pytest.mark.parametrize("aantal", [2, 30])
def test_editiepagina_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    ed = _editie_met_deelnemers(aantal)
    client = login(regisseur)
    with django_assert_max_num_queries(27):
        antwoord = client.get(_url("editie_change", ed.pk))
    assert antwoord.status_code == 200
    assert len(antwoord.context["raster"]) == aantal


@pytest.mark.parametrize("aantal", [3, 30])
def test_editielijst_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    basis = soort("basistraining")
    for i in range(aantal):
        ed = editie(basis, over=10 + i, capaciteit=1)
        services.persoon_inschrijven(ed, af_bij())
        services.persoon_inschrijven(ed, af_bij())
    client = login(regisseur)
    with django_assert_max_num_queries(20):
        antwoord = client.get(_url("editie_changelist"))
    assert antwoord.status_code == 200
    assert "1 van 1" in antwoord.content.decode()


@pytest.mark.parametrize("aantal", [3, 30])
def test_groepsvoorstel_begrensd_aantal_queries(
    login, regisseur, aantal, django_assert_max_num_queries
):
    ed = editie(capaciteit=10)
    for i in range(aantal):
        af_bij(OrganisatieFactory(domein=[Domein.ONDERWIJS, Domein.GGZ][i % 2]))
    client = login(regisseur)
    with django_assert_max_num_queries(24):
        antwoord = client.get(_url("editie_groep", ed.pk))
    assert antwoord.status_code == 200


# --- access -------------------------------------------------------------------------------------


@pytest.fixture
def adressen():
    ed = editie(dagen=2, capaciteit=2)
    ins = services.persoon_inschrijven(ed, af_bij())
    basis = ed.soort
    get = [
        _url("editie_changelist"),
        _url("editie_add"),
        _url("editie_change", ed.pk),
        _url("editie_groep", ed.pk),
        _url("editie_annuleren", ed.pk),
        _url("editie_afmelden", ed.pk, ins.pk),
        _url("editie_nog_te_trainen"),
        _url("editie_nog_te_trainen") + "?formaat=csv",
        _url("editie_dekking"),
        _url("editie_dekking") + "?formaat=csv",
        _url("trainingssoort_changelist"),
        _url("trainingssoort_change", basis.pk),
        reverse("admin:app_list", args=["trainingen"]),
    ]
    post = [
        (_url("editie_groep", ed.pk), {"persoon": [af_bij().pk], "actie": "indelen"}),
        (_url("editie_annuleren", ed.pk), {"reden": "x"}),
        (_url("editie_afmelden", ed.pk, ins.pk), {"bevestigd": "1"}),
        (_url("editie_aanwezigheid", ed.pk), {"dagen": [d.pk for d in ed.dagen.all()]}),
        (_url("editie_change", ed.pk), _formulier(ed, locatie="Elders")),
    ]
    return {"editie": ed, "inschrijving": ins, "get": get, "post": post}


@pytest.mark.parametrize(
    "rol", ["anoniem", "professional", "partner", "beheerder", "regisseur_zonder_mfa"]
)
def test_andere_rollen_worden_geweigerd(client, login, rol, adressen, request):
    """Anonymous: to the login page; without a second factor: to setting one up; any other
    role: 403 (the beheerder sees no trainings app at all: 404)."""
    if rol != "anoniem":
        login(request.getfixturevalue(rol))
    naar = {"anoniem": reverse("admin:login"), "regisseur_zonder_mfa": reverse("mfa_activate_totp")}

    def geweigerd(antwoord, url):
        if rol in naar:
            return antwoord.status_code == 302 and antwoord["Location"].startswith(naar[rol])
        if rol == "beheerder" and url.endswith("/beheer/trainingen/"):
            return antwoord.status_code == 404
        return antwoord.status_code == 403

    for url in adressen["get"]:
        assert geweigerd(client.get(url), url), (rol, url)
    for url, data in adressen["post"]:
        assert geweigerd(client.post(url, data), url), (rol, url)
    # Nothing changed.
    ed, ins = adressen["editie"], adressen["inschrijving"]
    ed.refresh_from_db()
    ins.refresh_from_db()
    assert ed.status == EditieStatus.GEPLAND and ed.locatie != "Elders"
    assert ins.status == S.INGESCHREVEN
    assert ed.inschrijvingen.count() == 1


def test_de_regisseur_komt_overal_binnen(login, regisseur, adressen):
    client = login(regisseur)
    for url in adressen["get"]:
        assert client.get(url).status_code == 200, url


def test_de_lijst_van_edities_opent_op_wat_komt(login, regisseur):
    """Two years of history used to come first, each past edition still "Gepland"."""
    komend = editie(dagen=1, titel="Komende basistraining")
    voorbij = editie(dagen=1, titel="Basistraining van vorig jaar")
    _begonnen(voorbij)
    bezig = editie(dagen=2, titel="Basistraining die nu loopt")
    dagen = _begonnen(bezig)
    later = timezone.localdate() + timedelta(days=3)
    Trainingsdag.objects.filter(pk=dagen[1].pk).update(datum=later)
    services.data_bijwerken(bezig)
    client = login(regisseur)
    lijst = client.get(_url("editie_changelist"))
    assert {e.pk for e in lijst.context["cl"].result_list} == {komend.pk, bezig.pk}
    html = lijst.content.decode()
    assert '<td class="field-stand">Bezig</td>' in html
    assert '<td class="field-stand">Gepland</td>' in html
    voorbij_lijst = client.get(_url("editie_changelist"), {"wanneer": "voorbij"})
    assert [e.pk for e in voorbij_lijst.context["cl"].result_list] == [voorbij.pk]
    assert '<td class="field-stand">Voorbij</td>' in voorbij_lijst.content.decode()
    alle = client.get(_url("editie_changelist"), {"wanneer": "alle"})
    assert alle.context["cl"].result_count == 3


def test_groep_voor_een_volle_editie_biedt_uitnodigen_aan(login, regisseur):
    """Full: no "indelen" and no count to choose, but who needs it can still be invited (and
    lands on the waiting list when signing up)."""
    ed = editie(capaciteit=1)
    services.persoon_inschrijven(ed, af_bij())
    nodig = af_bij()
    client = login(regisseur)
    html = client.get(_url("editie_groep", ed.pk)).content.decode()
    assert "Deze editie is vol: indelen kan niet." in html
    assert 'value="indelen"' not in html and 'name="aantal"' not in html
    assert f'value="{nodig.pk}"' in html  # in the reserve, to invite
    client.post(_url("editie_groep", ed.pk), {"persoon": [nodig.pk], "actie": "uitnodigen"})
    uitnodiging = ed.inschrijvingen.get(persoon=nodig)
    assert uitnodiging.status == S.UITGENODIGD
    assert services.persoon_inschrijven(ed, nodig).status == S.WACHTLIJST
