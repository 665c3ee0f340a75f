"""A partner organisation that works for several gemeenten (issue 18): its account sees each
gemeente's shares only under that gemeente's own convenant, always with the gemeente named, and
never one gemeente's share because of another's convenant."""

import pytest
from django.urls import reverse

from berichten.models import Bericht
from kern.fouten import Weigering
from meldingen import services as meldingen
from netwerk.convenanten import partner_koppelen
from regio.models import EERSTE_GEMEENTE, Gemeente
from regio.scope import gemeente_actief
from signalen import delen
from signalen.models import Deling
from tests.factories import (
    ConvenantFactory,
    OrganisatieFactory,
    SignaalFactory,
    UserFactory,
    gemeente,
    partner_bij,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def regio(db):
    Gemeente.objects.filter(pk=EERSTE_GEMEENTE).update(naam="Delft")
    gemeente()
    politie_delft = OrganisatieFactory(naam="Politie Haaglanden", domein="politie")
    ConvenantFactory(naam="Convenant Delft", partijen=[politie_delft])
    regisseur_delft = UserFactory(regisseur=True, met_mfa=True)
    agent = partner_bij(politie_delft, email="agent@politie.nl", first_name="Anton")
    signaal_delft = SignaalFactory(categorie="radicalisering", persoon_naam="Daan Vermeer")
    delen.signaal_delen(signaal=signaal_delft, organisatie=politie_delft, door=regisseur_delft)

    rijswijk = Gemeente.objects.create(naam="Rijswijk")
    rijswijk_rijen = {}
    with gemeente_actief(rijswijk.pk):
        rijswijk_rijen["gemeente"] = OrganisatieFactory(
            naam="Gemeente Rijswijk", domein="gemeente", is_gemeente=True
        )
        rijswijk_rijen["politie"] = OrganisatieFactory(naam="Politie Haaglanden", domein="politie")
        rijswijk_rijen["regisseur"] = UserFactory(regisseur=True, met_mfa=True)
        # The same reference as Delft's first signal: every gemeente counts on its own.
        rijswijk_rijen["signaal"] = SignaalFactory(
            categorie="radicalisering", persoon_naam="Sanne de Wit"
        )
        rijswijk_rijen["ander"] = SignaalFactory(
            categorie="radicalisering", persoon_naam="Bas Bakker"
        )
    return {
        "agent": agent,
        "delft_signaal": signaal_delft,
        "rijswijk": rijswijk,
        **rijswijk_rijen,
    }


def _rijswijk_deelt(regio):
    """Rijswijk adds the region's police account to its own police organisation and shares
    under its own convenant."""
    with gemeente_actief(regio["rijswijk"].pk):
        ConvenantFactory(naam="Convenant Rijswijk", partijen=[regio["politie"]])
        partner_koppelen(user=regio["agent"], organisatie=regio["politie"])
        return delen.signaal_delen(
            signaal=regio["signaal"], organisatie=regio["politie"], door=regio["regisseur"]
        )


def test_zonder_convenant_van_de_andere_gemeente_wordt_er_niets_gedeeld(regio, login):
    """Delft's convenant with the police does not cover Rijswijk's signals."""
    with gemeente_actief(regio["rijswijk"].pk):
        partner_koppelen(user=regio["agent"], organisatie=regio["politie"])
        with pytest.raises(Weigering):
            delen.signaal_delen(
                signaal=regio["signaal"], organisatie=regio["politie"], door=regio["regisseur"]
            )
    client = login(regio["agent"])
    client.get(reverse("signalen:gedeeld") + f"?gemeente={regio['rijswijk'].pk}")
    assert "Sanne" not in client.get(_detail(regio["signaal"])).content.decode()
    pagina = client.get(reverse("signalen:gedeeld")).content.decode()
    assert regio["signaal"].referentie not in pagina
    assert "van gemeente Rijswijk" in pagina


def _detail(signaal):
    return reverse("signalen:gedeeld_detail", args=[signaal.referentie])


def test_elke_gemeente_apart_en_altijd_met_de_naam_erbij(regio, login):
    _rijswijk_deelt(regio)
    assert regio["signaal"].referentie == regio["delft_signaal"].referentie
    client = login(regio["agent"])

    # Delft first (the account's own gemeente): Delft's signal, named as Delft's.
    detail = client.get(_detail(regio["delft_signaal"])).content.decode()
    assert "Daan Vermeer" in detail and "Sanne de Wit" not in detail
    assert "gemeente Delft" in detail
    lijst = client.get(reverse("signalen:gedeeld")).content.decode()
    assert "van gemeente Delft" in lijst and "Gemeente</a>" not in lijst
    assert "Gemeente: <strong>Delft</strong>" in lijst

    # Switching to Rijswijk: the same reference is now Rijswijk's signal, named as such.
    antwoord = client.post(reverse("regio_gemeente_kiezen"), {"gemeente": regio["rijswijk"].pk})
    assert antwoord.status_code == 302
    detail = client.get(_detail(regio["signaal"])).content.decode()
    assert "Sanne de Wit" in detail and "Daan Vermeer" not in detail
    assert "gemeente Rijswijk" in detail
    lijst = client.get(reverse("signalen:gedeeld")).content.decode()
    # Rijswijk's other signal was not shared: not there.
    assert lijst.count("/signalen/gedeeld/S-") == 1
    assert "Bas Bakker" not in lijst

    # A link from an e-mail names the gemeente and opens it whatever was chosen before.
    detail = client.get(
        _detail(regio["delft_signaal"]) + f"?gemeente={EERSTE_GEMEENTE}"
    ).content.decode()
    assert "Daan Vermeer" in detail


def test_een_gemeente_zonder_organisatie_van_het_account_kan_niet_gekozen_worden(regio, login):
    with gemeente_actief(regio["rijswijk"].pk):
        ConvenantFactory(naam="Convenant Rijswijk", partijen=[regio["politie"]])
        delen.signaal_delen(
            signaal=regio["signaal"], organisatie=regio["politie"], door=regio["regisseur"]
        )
    client = login(regio["agent"])
    # Not (yet) a partner account of Rijswijk's police: no switch, no parameter helps.
    assert (
        client.post(
            reverse("regio_gemeente_kiezen"), {"gemeente": regio["rijswijk"].pk}
        ).status_code
        == 403
    )
    detail = client.get(
        _detail(regio["signaal"]) + f"?gemeente={regio['rijswijk'].pk}"
    ).content.decode()
    assert "Sanne de Wit" not in detail
    assert "Gemeente: <strong>" not in client.get(reverse("signalen:gedeeld")).content.decode()


def test_de_regisseur_voegt_een_partner_van_een_andere_gemeente_toe(regio, login):
    with gemeente_actief(regio["rijswijk"].pk):
        ConvenantFactory(naam="Convenant Rijswijk", partijen=[regio["politie"]])
    client = login(regio["regisseur"])
    url = f"/beheer/netwerk/organisatie/{regio['politie'].pk}/change/"
    formulier = client.get(url).content.decode()
    assert "agent@politie.nl" not in formulier  # not Rijswijk's account (yet)
    gegevens = {
        "naam": "Politie Haaglanden",
        "domein": "politie",
        "actief": "on",
        "partner_uit_regio": "onbekend@politie.nl",
        "locaties-TOTAL_FORMS": "0",
        "locaties-INITIAL_FORMS": "0",
        "locaties-MIN_NUM_FORMS": "0",
        "locaties-MAX_NUM_FORMS": "1000",
    }
    fout = client.post(url, gegevens).content.decode()
    assert "geen actief partneraccount met dit e-mailadres" in fout
    gegevens["partner_uit_regio"] = "AGENT@politie.nl"
    assert client.post(url, gegevens).status_code == 302
    formulier = client.get(url).content.decode()
    assert "van gemeente Delft" in formulier  # the account is listed, with its gemeente
    # Saving again without touching it keeps the account (it is in the list, ticked).
    gegevens["partner_uit_regio"] = ""
    gegevens["partneraccounts"] = [str(regio["agent"].pk)]
    assert client.post(url, gegevens).status_code == 302
    with gemeente_actief(regio["rijswijk"].pk):
        delen.signaal_delen(
            signaal=regio["signaal"], organisatie=regio["politie"], door=regio["regisseur"]
        )
        deling = Deling.objects.get(signaal=regio["signaal"])
        # The police account of Delft is told, with a link that opens Rijswijk's shares.
        assert meldingen.deling_melden(deling.pk) == 1
        bericht = Bericht.objects.get(soort="meldingen.gedeeld")
    assert bericht.aan == "agent@politie.nl"
    assert f"?gemeente={regio['rijswijk'].pk}" in bericht.tekst
    agent = login(regio["agent"])
    lijst = agent.get(f"/signalen/gedeeld/?gemeente={regio['rijswijk'].pk}").content.decode()
    assert regio["signaal"].referentie in lijst and "van gemeente Rijswijk" in lijst
