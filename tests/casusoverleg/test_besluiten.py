"""The decision per signal becomes a step in the case flow, through signalen's one way of
moving a signal: doorverwezen records to whom, monitoren gets its review date, afsluiten
closes, opnieuw agenderen leaves it for a next meeting. The step's note ("Besluit casusoverleg
<date>") is never for the reporter."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from casusoverleg import services
from casusoverleg.models import Agendapunt, Besluit
from kern.fouten import Weigering
from signalen import selectors
from signalen import services as signalen
from signalen.models import Overgang

pytestmark = pytest.mark.django_db


def _punt(w, signaal=None) -> Agendapunt:
    return Agendapunt.objects.get(signaal=signaal or w.voor_politie)


def _notitie(overleg) -> str:
    datum = date_format(timezone.localdate(overleg.bijeenkomst.begin), "j F Y")
    return f"Besluit casusoverleg {datum}"


def test_doorverwijzen_legt_vast_waarnaar_via_de_site(w, overleg, login):
    client = login(w.regisseur)
    punt = _punt(w)
    antwoord = client.post(
        reverse("casusoverleg:besluit", args=[punt.pk]),
        {"besluit": "doorverwijzen", "doorverwezen_naar": "veiligheidshuis", "herzien_op": ""},
    )
    assert antwoord.status_code == 302
    signaal = w.voor_politie
    signaal.refresh_from_db()
    assert signaal.fase == "doorverwezen" and signaal.doorverwezen_naar == "veiligheidshuis"
    stap = signaal.overgangen.latest("op", "pk")
    assert (stap.van, stap.naar, stap.doorverwezen_naar) == (
        "casusoverleg",
        "doorverwezen",
        "veiligheidshuis",
    )
    assert stap.notitie == _notitie(overleg) and not stap.voor_melder
    assert stap.door == w.regisseur
    punt.refresh_from_db()
    assert punt.besluit == Besluit.DOORVERWIJZEN and punt.overgang == stap
    # Final: a second decision is refused.
    with pytest.raises(Weigering, match="al besloten"):
        services.besluit_vastleggen(agendapunt=punt, besluit="afsluiten", door=w.regisseur)


def test_doorverwijzen_zonder_waarheen_wordt_geweigerd(w, overleg, login):
    antwoord = login(w.regisseur).post(
        reverse("casusoverleg:besluit", args=[_punt(w).pk]), {"besluit": "doorverwijzen"}
    )
    assert antwoord.status_code == 409
    assert "Kies waarnaar het signaal wordt doorverwezen." in antwoord.content.decode()
    w.voor_politie.refresh_from_db()
    assert w.voor_politie.fase == "casusoverleg"


def test_monitoren_krijgt_de_datum_om_te_herzien(w, overleg):
    over_een_maand = timezone.localdate() + timedelta(days=30)
    with pytest.raises(Weigering, match="opnieuw wordt bekeken"):
        services.besluit_vastleggen(agendapunt=_punt(w), besluit="monitoren", door=w.regisseur)
    services.besluit_vastleggen(
        agendapunt=_punt(w), besluit="monitoren", herzien_op=over_een_maand, door=w.regisseur
    )
    signaal = w.voor_politie
    signaal.refresh_from_db()
    assert signaal.fase == "monitoren" and signaal.herzien_op == over_een_maand
    # It comes back for review on that day (the regisseur's list of signals to look at again).
    assert signaal not in selectors.te_herzien(op=over_een_maand - timedelta(days=1))
    assert signaal in selectors.te_herzien(op=over_een_maand)
    assert _punt(w).herzien_op == over_een_maand


def test_afsluiten_sluit_het_signaal(w, overleg):
    services.besluit_vastleggen(agendapunt=_punt(w), besluit="afsluiten", door=w.regisseur)
    w.voor_politie.refresh_from_db()
    assert w.voor_politie.fase == "afgesloten" and w.voor_politie.afgesloten_op


def test_opnieuw_agenderen_laat_het_signaal_staan_voor_een_volgend_overleg(w, overleg):
    volgende = timezone.localdate() + timedelta(days=42)
    voor = Overgang.objects.count()
    services.besluit_vastleggen(
        agendapunt=_punt(w), besluit="opnieuw_agenderen", herzien_op=volgende, door=w.regisseur
    )
    w.voor_politie.refresh_from_db()
    assert w.voor_politie.fase == "casusoverleg" and Overgang.objects.count() == voor
    punt = _punt(w)
    assert punt.besluit == Besluit.OPNIEUW_AGENDEREN and punt.overgang is None
    # Not final: the meeting may still decide otherwise.
    services.besluit_vastleggen(agendapunt=punt, besluit="afsluiten", door=w.regisseur)
    w.voor_politie.refresh_from_db()
    assert w.voor_politie.fase == "afgesloten"


def test_een_signaal_dat_intussen_verder_ging_krijgt_geen_besluit(w, overleg):
    signalen.signaal_verplaatsen(
        signaal_id=w.voor_politie.pk, van="casusoverleg", naar="afgesloten", door=w.regisseur
    )
    for besluit in ("monitoren", "opnieuw_agenderen"):
        with pytest.raises(Weigering, match="intussen verplaatst"):
            services.besluit_vastleggen(
                agendapunt=_punt(w),
                besluit=besluit,
                herzien_op=timezone.localdate() + timedelta(days=9),
                door=w.regisseur,
            )
    assert not _punt(w).besluit


def test_de_melder_leest_de_fase_maar_nooit_het_besluit(w, overleg, login):
    services.notulen_opslaan(
        agendapunt=_punt(w), notulen="Politie kent betrokkene uit de wijk.", door=w.regisseur
    )
    services.besluit_vastleggen(
        agendapunt=_punt(w),
        besluit="monitoren",
        herzien_op=timezone.localdate() + timedelta(days=30),
        door=w.regisseur,
    )
    historie = signalen.historie_voor_melder(w.voor_politie)
    assert historie[-1]["naar"] == "Monitoren" and historie[-1]["notitie"] == ""
    pagina = login(w.melder).get(reverse("signalen:detail", args=[w.voor_politie.referentie]))
    tekst = pagina.content.decode()
    assert pagina.status_code == 200 and "Monitoren" in tekst
    for geheim in ("Besluit casusoverleg", "Politie kent betrokkene", "Casusoverleg i20"):
        assert geheim not in tekst
