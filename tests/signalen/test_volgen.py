"""Following one's own signals: my signals, the detail page, answering a question, and never
reaching anyone else's signal."""

import pytest
from django.urls import reverse

from berichten.models import Bericht
from berichten.services import openstaande_berichten_versturen
from signalen import services
from signalen.models import Inzage
from tests.factories import SignaalFactory, UserFactory

pytestmark = pytest.mark.django_db
MIJN = reverse("signalen:mijn")


def _url(naam, signaal):
    return reverse(f"signalen:{naam}", args=[signaal.referentie])


def test_mijn_signalen_toont_fase_uitleg_en_volgende_stap(login, melder):
    SignaalFactory(melder=melder, fase="weging")
    html = login(melder).get(MIJN).content.decode()
    assert "Weging" in html
    assert "De netwerkregisseur weegt het signaal" in html  # what the phase means
    assert "Casusoverleg of Doorverwezen of Monitoren of Afgesloten" in html  # what comes next
    assert "naar verwachting rond" in html  # by when


def test_melder_ziet_alleen_eigen_signalen(login, melder, andere_melder):
    eigen = SignaalFactory(melder=melder)
    ander = SignaalFactory(melder=andere_melder)
    client = login(melder)
    html = client.get(MIJN).content.decode()
    assert eigen.referentie in html
    assert ander.referentie not in html
    for naam in ("detail", "bevestiging"):
        assert client.get(_url(naam, ander)).status_code == 404
    assert client.post(_url("aanvullen", ander), {"antwoord": "x"}).status_code == 404
    # A reference that does not exist looks the same as someone else's.
    assert client.get(reverse("signalen:detail", args=["S-2026-9999"])).status_code == 404
    assert not Inzage.objects.filter(signaal=ander).exists()


def test_wegingsnotitie_nooit_bij_de_melder(login, melder):
    regisseur = UserFactory(regisseur=True)
    signaal = SignaalFactory(melder=melder, fase="in_behandeling", door=regisseur)
    services.signaal_verplaatsen(
        signaal_id=signaal.pk,
        van="in_behandeling",
        naar="weging",
        door=regisseur,
        notitie="GEHEIM: politie kent hem van eerdere incidenten",
        voor_melder=False,
    )
    services.signaal_verplaatsen(
        signaal_id=signaal.pk,
        van="weging",
        naar="monitoren",
        door=regisseur,
        notitie="We volgen het een halfjaar.",
        voor_melder=True,
        bevestigde_weging=True,
    )
    client = login(melder)
    for pagina in (client.get(MIJN), client.get(_url("detail", signaal))):
        html = pagina.content.decode()
        assert "GEHEIM" not in html
        assert "We volgen het een halfjaar." in html
        assert "Monitoren" in html


def test_vraag_beantwoorden_zet_signaal_terug_in_behandeling(
    login, melder, django_capture_on_commit_callbacks, mailoutbox
):
    regisseur = UserFactory(regisseur=True)
    signaal = SignaalFactory(melder=melder, fase="in_behandeling", door=regisseur)
    with django_capture_on_commit_callbacks(execute=False):
        services.signaal_verplaatsen(
            signaal_id=signaal.pk,
            van="in_behandeling",
            naar="aanvulling_gevraagd",
            door=regisseur,
            notitie="Sinds wanneer ziet u dit?",
        )
    # The e-mail: through the outbox, without content of the signal or names.
    assert openstaande_berichten_versturen() == 1
    (mail,) = mailoutbox
    assert mail.to == [melder.email]
    assert "http://testserver/signalen/mijn/?fase=aanvulling_gevraagd" in mail.body
    # Not even the reference: the outbox, which the beheerder reads, would tie it to the reporter.
    for geheim in (signaal.referentie, signaal.persoon_naam, signaal.waarneming, "Sinds wanneer"):
        assert geheim not in mail.body and geheim not in mail.subject
    # Beside it only the news of the earlier step to in_behandeling (meldingen), still in its
    # two minutes; the question itself is no second "news" mail.
    assert sorted(Bericht.objects.values_list("soort", "status")) == [
        ("meldingen.voortgang", "wachtend"),
        ("signalen.aanvulling_gevraagd", "verstuurd"),
    ]

    client = login(melder)
    assert "Er is een vraag aan u" in client.get(MIJN).content.decode()
    detail = client.get(_url("detail", signaal)).content.decode()
    assert "Sinds wanneer ziet u dit?" in detail
    leeg = client.post(_url("aanvullen", signaal), {"antwoord": ""})
    assert leeg.status_code == 400
    assert "Schrijf uw antwoord op de vraag." in leeg.content.decode()
    antwoord = client.post(_url("aanvullen", signaal), {"antwoord": "Sinds de zomer."})
    assert antwoord.status_code == 302
    signaal.refresh_from_db()
    assert signaal.fase == "in_behandeling"
    stap = signaal.overgangen.latest("pk")
    assert (stap.door, stap.notitie, stap.is_antwoord_melder) == (melder, "Sinds de zomer.", True)
    html = client.get(_url("detail", signaal)).content.decode()
    assert "Sinds de zomer." in html and "Uw antwoord" in html
    # A second answer is refused: no question is open any more.
    nog_eens = client.post(_url("aanvullen", signaal), {"antwoord": "Nog iets"})
    assert nog_eens.status_code == 409
    assert "Er staat geen vraag meer open" in nog_eens.content.decode()


def test_detail_wordt_gelogd(login, melder):
    signaal = SignaalFactory(melder=melder)
    login(melder).get(_url("detail", signaal), REMOTE_ADDR="10.1.2.3")
    inzage = Inzage.objects.get(signaal=signaal)
    assert (inzage.door, inzage.waar, inzage.ip_adres) == (melder, "site", "10.1.2.3")


def test_html_wordt_overal_als_tekst_getoond(login, melder, regisseur):
    kwaad = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    signaal = SignaalFactory(
        melder=melder,
        waarneming=kwaad,
        persoon_naam=kwaad,
        zorg_melder=kwaad,
        context_school=kwaad,
        omschrijving_betrokkene=kwaad,
        waargenomen_waar=kwaad,
        fase="in_behandeling",
        door=regisseur,
    )
    services.signaal_verplaatsen(
        signaal_id=signaal.pk,
        van="in_behandeling",
        naar="aanvulling_gevraagd",
        door=regisseur,
        notitie=kwaad,
    )
    services.aanvulling_geven(signaal_id=signaal.pk, melder=melder, antwoord=kwaad)
    paginas = [
        login(melder).get(_url("detail", signaal)),
        login(melder).get(MIJN),
        login(regisseur).get(reverse("admin:signalen_signaal_change", args=[signaal.pk])),
        login(regisseur).get(reverse("admin:signalen_signaal_changelist") + "?q=script"),
        login(regisseur).get(reverse("admin:signalen_signaal_inzage", args=[signaal.pk])),
    ]
    for pagina in paginas:
        html = pagina.content.decode()
        assert pagina.status_code == 200
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in paginas[0].content.decode()


@pytest.mark.parametrize("rol", ["regisseur", "partner", "beheerder"])
def test_andere_rollen_hebben_geen_mijn_signalen(login, rol):
    user = UserFactory(**{rol: True}, met_mfa=True)
    signaal = SignaalFactory()
    client = login(user)
    assert client.get(MIJN).status_code == 403
    assert client.get(_url("detail", signaal)).status_code == 403
    assert client.post(_url("aanvullen", signaal), {"antwoord": "x"}).status_code == 403


def test_casusverloop_voor_iedere_rol_behalve_anoniem(login, client):
    for rol in ("professional", "partner", "regisseur"):
        html = login(UserFactory(**{rol: True}, met_mfa=True)).get(reverse("signalen:casusverloop"))
        assert html.status_code == 200
        tekst = html.content.decode()
        for fase in ("Ingediend", "Aanvulling gevraagd", "Casusoverleg", "Afgesloten"):
            assert fase in tekst
    client.logout()
    assert client.get(reverse("signalen:casusverloop")).status_code == 302
    zonder_rol = UserFactory()
    assert login(zonder_rol).get(reverse("signalen:casusverloop")).status_code == 403


def test_casusverloop_toont_de_tekst_van_de_regisseur(login, professional):
    from signalen.models import Fasebeschrijving

    Fasebeschrijving.objects.filter(fase="weging").update(
        uitleg="In Delft weegt het Zorg- en Veiligheidshuis mee.", verwachte_duur_dagen=10
    )
    html = login(professional).get(reverse("signalen:casusverloop")).content.decode()
    assert "In Delft weegt het Zorg- en Veiligheidshuis mee." in html
    assert "ongeveer 10 dagen" in html


def test_filters_op_mijn_signalen(login, melder):
    open_ = SignaalFactory(melder=melder, fase="weging")
    dicht = SignaalFactory(melder=melder, fase="afgesloten")
    client = login(melder)
    html = client.get(MIJN, {"open": "dicht"}).content.decode()
    assert dicht.referentie in html and open_.referentie not in html
    html = client.get(MIJN, {"fase": "weging"}).content.decode()
    assert open_.referentie in html and dicht.referentie not in html
    html = client.get(MIJN, {"zoek": dicht.referentie.lower()}).content.decode()
    assert dicht.referentie in html and open_.referentie not in html


@pytest.mark.parametrize("aantal", [2, 30])
def test_mijn_signalen_begrensd_aantal_queries(
    login, melder, aantal, django_assert_max_num_queries
):
    regisseur = UserFactory(regisseur=True)
    for i in range(aantal):
        SignaalFactory(melder=melder, fase=["monitoren", "ingediend"][i % 2], door=regisseur)
    client = login(melder)
    # Session, user, user session (2), roles; count, texts per phase, signals, notes; the
    # session save and savepoints: the same at any number of signals.
    with django_assert_max_num_queries(16):
        antwoord = client.get(MIJN)
    assert antwoord.status_code == 200
    assert antwoord.content.decode().count('class="card mb-3 signaal"') == min(aantal, 20)


def test_een_fase_die_te_lang_duurt_toont_geen_datum_in_het_verleden(login, melder):
    """Overdue, honestly: no "naar verwachting rond" a past date, but that it takes longer than
    usual, that the regisseur is on it, and whom to contact."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import gemeente

    delft = gemeente()
    delft.telefoon = "14 015"
    delft.save()
    signaal = SignaalFactory(melder=melder, fase="weging")
    signaal.fase_sinds = timezone.now() - timedelta(days=400)
    signaal.save(update_fields=["fase_sinds"])
    client = login(melder)
    for html in (
        client.get(MIJN).content.decode(),
        client.get(_url("detail", signaal)).content.decode(),
    ):
        assert "naar verwachting rond" not in html
        assert "Deze fase duurt langer dan gebruikelijk." in html
        assert "De netwerkregisseur is ermee bezig" in html
    assert 'href="tel:14015"' in client.get(_url("detail", signaal)).content.decode()


def test_een_verwachte_dag_in_het_weekend_wordt_maandag(melder):
    """Nobody reads a signal on a Sunday: a term that ends in the weekend is shown as Monday."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from signalen.models import Fasebeschrijving

    beschrijvingen = {b.fase: b for b in Fasebeschrijving.objects.all()}
    duur = beschrijvingen["ingediend"].verwachte_duur_dagen or 2
    beschrijvingen["ingediend"].verwachte_duur_dagen = duur
    signaal = SignaalFactory(melder=melder)
    vrijdag = datetime(2030, 1, 4, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))  # a Friday
    signaal.fase_sinds = vrijdag - timedelta(days=duur) + timedelta(days=1)  # ends Saturday
    dag = services.verwacht_rond(signaal, beschrijvingen)
    assert dag.weekday() == 0 and dag == datetime(2030, 1, 7).date()
