"""Messages whose text is made when they are sent (``berichten.opmaak``): the row keeps its
placeholder text, the mail server gets the text its opmaker makes at that moment, a withdrawn
one never goes out, and ``bericht_nu_versturen`` sends at once without a worker."""

from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone

from berichten import opmaak
from berichten.models import Bericht
from berichten.services import (
    bericht_klaarzetten,
    bericht_message_id,
    bericht_nu_versturen,
    bericht_versturen,
    openstaande_berichten_versturen,
)

pytestmark = pytest.mark.django_db

SOORT = "proef.laat"
PLAATSHOUDER = "[link volgt]"


@pytest.fixture
def opmaker(monkeypatch):
    """An opmaker for SOORT that puts a new secret in each text it makes, and can be told to
    withdraw (``weigeren``) or to break (``kapot``)."""
    teller = count(1)
    staat = {"weigeren": "", "kapot": False, "gemaakt": []}

    def maken(bericht):
        if staat["kapot"]:
            raise RuntimeError("sjabloon stuk")
        if staat["weigeren"]:
            raise opmaak.NietVersturen(staat["weigeren"])
        geheim = f"GEHEIM-{bericht.gegevens['nummer']}-{next(teller)}"
        staat["gemaakt"].append(geheim)
        return opmaak.Inhoud(
            tekst=bericht.tekst.replace(PLAATSHOUDER, geheim),
            html=f"<p>{geheim}</p>",
        )

    monkeypatch.setitem(opmaak._opmakers, SOORT, maken)
    return staat


def _laat(**kwargs):
    return bericht_klaarzetten(
        aan="jan@voorbeeld.nl",
        onderwerp="Uw link",
        tekst=f"Volg deze link: {PLAATSHOUDER}",
        soort=SOORT,
        gegevens={"nummer": 7},
        **kwargs,
    )


def _inhoud(ontvangen):
    return ontvangen.get_body(("plain",)).get_content()


def test_de_mailserver_krijgt_de_tekst_van_het_moment_de_rij_houdt_hem_niet(opmaker, smtp_server):
    bericht = _laat()
    assert bericht_versturen(bericht.pk) is True
    (ontvangen,) = smtp_server.postbus.berichten
    (geheim,) = opmaker["gemaakt"]
    assert f"Volg deze link: {geheim}" in _inhoud(ontvangen)
    assert geheim in ontvangen.get_body(("html",)).get_content()
    assert str(ontvangen["Message-ID"]) == bericht_message_id(bericht)
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.VERSTUURD
    rij = str(Bericht.objects.filter(pk=bericht.pk).values().get())
    assert "GEHEIM" not in rij and PLAATSHOUDER in rij


def test_de_ronde_maakt_de_tekst_ook_en_een_tweede_poging_maakt_een_nieuwe(opmaker, smtp_server):
    smtp_server.stop()
    bericht = _laat()
    gewoon = bericht_klaarzetten(aan="piet@voorbeeld.nl", onderwerp="Gewoon", tekst="Hallo.")
    assert openstaande_berichten_versturen() == 0  # the mail server is down
    bericht.refresh_from_db()
    assert (bericht.status, bericht.pogingen) == (Bericht.Status.WACHTEND, 1)
    smtp_server.start()
    Bericht.objects.update(versturen_na=timezone.now())
    assert openstaande_berichten_versturen() == 2
    per_id = {str(m["Message-ID"]): _inhoud(m) for m in smtp_server.postbus.berichten}
    eerste, tweede = opmaker["gemaakt"]
    assert eerste != tweede  # each attempt makes its own
    assert tweede in per_id[bericht_message_id(bericht)]
    assert per_id[bericht_message_id(gewoon)].strip() == "Hallo."


def test_een_ingetrokken_bericht_gaat_nooit_uit_en_zegt_waarom(opmaker, smtp_server):
    opmaker["weigeren"] = "Niet verstuurd: het account is niet meer actief."
    bericht = _laat()
    assert bericht_versturen(bericht.pk) is False
    later = _laat(versturen_na=timezone.now() - timedelta(minutes=1))
    assert openstaande_berichten_versturen() == 0
    for rij in (bericht, later):
        rij.refresh_from_db()
        assert rij.status == Bericht.Status.INGETROKKEN
        assert rij.laatste_fout == "Niet verstuurd: het account is niet meer actief."
        assert rij.pogingen == 0
    assert smtp_server.postbus.berichten == []
    opmaker["weigeren"] = ""
    assert openstaande_berichten_versturen() == 0  # final


def test_een_kapotte_opmaker_telt_als_mislukte_poging(opmaker, smtp_server):
    opmaker["kapot"] = True
    bericht = _laat()
    assert bericht_versturen(bericht.pk) is False
    bericht.refresh_from_db()
    assert (bericht.status, bericht.pogingen) == (Bericht.Status.WACHTEND, 1)
    assert "sjabloon stuk" in bericht.laatste_fout
    assert smtp_server.postbus.berichten == []


def test_nu_versturen_verstuurt_meteen_zonder_worker(opmaker, smtp_server):
    bericht = bericht_nu_versturen(
        aan="jan@voorbeeld.nl",
        onderwerp="Uw link",
        tekst=f"Volg deze link: {PLAATSHOUDER}",
        soort=SOORT,
        gegevens={"nummer": 3},
    )
    assert bericht.status == Bericht.Status.VERSTUURD
    (ontvangen,) = smtp_server.postbus.berichten
    assert "GEHEIM-3-1" in _inhoud(ontvangen)


def test_nu_versturen_bij_een_storing_laat_het_bericht_aan_de_ronde(opmaker, smtp_server):
    smtp_server.stop()
    bericht = bericht_nu_versturen(
        aan="jan@voorbeeld.nl",
        onderwerp="Uw link",
        tekst=PLAATSHOUDER,
        soort=SOORT,
        gegevens={"nummer": 4},
    )
    assert (bericht.status, bericht.pogingen) == (Bericht.Status.WACHTEND, 1)
    assert "SMTP" in bericht.laatste_fout or "Connection" in bericht.laatste_fout
    smtp_server.start()
    Bericht.objects.update(versturen_na=timezone.now())
    assert openstaande_berichten_versturen() == 1
    assert len(smtp_server.postbus.berichten) == 1


@pytest.mark.parametrize(
    "soort, gegevens",
    [
        ("bijeenkomsten.uitnodiging", {"nummer": 1}),  # no opmaker: nothing would read them
        (SOORT, {"nummer": 1.5}),
        (SOORT, {"nummer": True}),
        (SOORT, {"nummer": {"genest": 1}}),
        (SOORT, {"tekst": "x" * 101}),
        (SOORT, {f"n{i}": i for i in range(11)}),
        (SOORT, [("nummer", 1)]),
    ],
)
def test_gegevens_zijn_een_paar_ids_voor_een_opmaker(opmaker, soort, gegevens):
    with pytest.raises(ValueError, match="Gegevens"):
        bericht_klaarzetten(
            aan="jan@voorbeeld.nl", onderwerp="x", tekst="x", soort=soort, gegevens=gegevens
        )
    assert not Bericht.objects.exists()


def test_een_tweede_opmaker_voor_dezelfde_soort_wordt_geweigerd(opmaker):
    with pytest.raises(ValueError, match="al een opmaker"):
        opmaak.opmaker_registreren(SOORT, lambda bericht: opmaak.Inhoud(tekst=""))
    opmaak.opmaker_registreren(SOORT, opmaak._opmakers[SOORT])  # the same again: harmless
