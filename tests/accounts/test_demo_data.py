from io import StringIO

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts import rollen
from accounts.management.commands.demo_data import DEMO_ACCOUNTS
from tests.hulp import ingelogd

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_demo_data_weigert_zonder_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_data")
    assert not User.objects.exists()


def test_demo_data_is_herhaalbaar_en_de_logins_werken(settings, client):
    settings.DEBUG = True
    call_command("demo_data")
    na_eerste_keer = User.objects.count()
    call_command("demo_data")
    assert User.objects.count() == na_eerste_keer
    assert User.objects.filter(email__in=[a[0] for a in DEMO_ACCOUNTS]).count() == len(
        DEMO_ACCOUNTS
    )
    email, _v, _a, rol, wachtwoord = next(a for a in DEMO_ACCOUNTS if a[3] == rollen.PROFESSIONAL)
    gebruiker = User.objects.get(email=email)
    assert rollen.rollen_van(gebruiker) == {rol}
    antwoord = client.post(reverse("account_login"), {"login": email, "password": wachtwoord})
    assert antwoord.status_code == 302
    beheerder = User.objects.get(email=DEMO_ACCOUNTS[0][0])
    assert beheerder.is_superuser and beheerder.groups.count() == 0


def test_demo_data_bouwt_een_delfts_netwerk(settings):
    from netwerk import models as nw
    from netwerk import selectors

    settings.DEBUG = True
    call_command("demo_data", stdout=StringIO())
    tellingen = {
        m: m.objects.count()
        for m in (nw.Organisatie, nw.Locatie, nw.Persoon, nw.Aandachtsfunctionaris,
                  nw.Sleutelpersoon, nw.Lidmaatschap, nw.Werkgroeplid, nw.Contactmoment)
    }  # fmt: skip
    assert 35 <= tellingen[nw.Organisatie] <= 45
    assert {o.domein for o in nw.Organisatie.objects.all()} == set(nw.Domein.values)
    assert 130 <= tellingen[nw.Aandachtsfunctionaris] <= 180
    assert tellingen[nw.Sleutelpersoon] == 15
    sleutel = nw.Sleutelpersoon.objects
    assert sleutel.filter(betrokkenheid__in=["kern", "actief"]).count() == 8
    assert set(sleutel.exclude(formele_rol="").values_list("formele_rol", flat=True)) == {
        "jongerenwerker",
        "wijkagent",
    }
    assert sleutel.filter(op_de_achtergrond=True).count() == 1
    assert nw.Werkgroep.objects.filter(naam__icontains="onrust").exists()
    assert selectors.stille_personen().exists()
    assert any(d.zonder for d in selectors.dekking_per_organisatie())
    # The demo professional finds colleagues in the directory and is one of them.
    assert selectors.smoelenboek(zoek="Professional").exists()
    assert not selectors.smoelenboek().filter(persoon__sleutelpersoon__isnull=False).exists()

    call_command("demo_data", stdout=StringIO())
    assert tellingen == {m: m.objects.count() for m in tellingen}


def test_demo_data_heeft_signalen_in_alle_fasen(settings):
    from signalen import services
    from signalen.casusverloop import Fase
    from signalen.models import Koppeling, Signaal

    settings.DEBUG = True
    call_command("demo_data", stdout=StringIO())
    call_command("demo_data", stdout=StringIO())  # a second run adds no signals
    assert 55 <= Signaal.objects.count() <= 65
    assert set(Signaal.objects.values_list("fase", flat=True)) == set(Fase.values)
    eerste = Signaal.objects.order_by("ingediend_op").first().ingediend_op
    assert (Signaal.objects.latest("ingediend_op").ingediend_op - eerste).days > 600
    assert Signaal.objects.filter(services.te_laat_filter(services.fasebeschrijvingen())).exists()
    paren = Koppeling.objects.filter(status="mogelijk").select_related("signaal_a", "signaal_b")
    assert paren.count() == 2
    for paar in paren:
        assert paar.signaal_a.melder != paar.signaal_b.melder
    assert Signaal.objects.values("melder").distinct().count() >= 3


def test_demo_data_heeft_bijeenkomsten_met_aanwezigheid(settings):
    from bijeenkomsten.models import Bijeenkomst, Reeks, Uitnodiging

    settings.DEBUG = True
    call_command("demo_data", stdout=StringIO())
    assert Reeks.objects.count() >= 2
    assert Bijeenkomst.objects.filter(begin__lt=timezone.now()).exists()
    assert Bijeenkomst.objects.filter(begin__gt=timezone.now()).exists()
    assert Uitnodiging.objects.filter(aanwezig=True).exists()
    assert (
        Uitnodiging.objects.exclude(antwoord="")
        .filter(bijeenkomst__begin__gt=timezone.now())
        .exists()
    )


def test_demo_data_heeft_een_geschiedenis(settings):
    """The yearly report opens on last year: the demo's registry must already exist then, and a
    past training's participants were placed before it, not today."""
    from config.jaarverslag import jaarcijfers
    from netwerk import models as nw
    from trainingen.models import Inschrijving

    settings.DEBUG = True
    call_command("demo_data", stdout=StringIO())
    begin_jaar = timezone.localtime().replace(month=1, day=1, hour=0, minute=0)
    for model in (nw.Organisatie, nw.Locatie, nw.Netwerk, nw.Aandachtsfunctionaris):
        assert not model.objects.filter(aangemaakt_op__gte=begin_jaar).exists(), model
    vorig_jaar = timezone.localdate().year - 1
    (netwerk,) = [
        s
        for s in jaarcijfers(vorig_jaar, tot=timezone.localdate().replace(vorig_jaar, 12, 31))
        if s.titel == "Het netwerk"
    ]
    totaal = next(r for r in netwerk.tabellen[0].rijen if r.kop == "Totaal")
    assert int(totaal.waarden[0]) >= 35  # organisations at the end of last year
    voltooid = Inschrijving.objects.exclude(voltooid_op=None).select_related("editie")
    assert voltooid.exists()
    assert all(i.ingeschreven_op.date() < i.editie.eerste_dag for i in voltooid)


def test_demo_data_heeft_een_regio_met_coordinator_en_programmaraad(settings):
    """Two gemeenten side by side, and the regional layer with its coördinator: the region's
    figures and the programme council of the demo regisseurs, meeting every six weeks."""
    from accounts.management.commands.demo_data import REGIO_ACCOUNT
    from bijeenkomsten.models import Bijeenkomst
    from bijeenkomsten.programmaraad import programmaraad, regio_laag
    from netwerk.models import Lidmaatschap
    from regio.models import Gemeente
    from regio.scope import alle_gemeenten, gemeente_actief

    settings.DEBUG = True
    for _ in range(2):  # a second run changes nothing
        uit = StringIO()
        call_command("demo_data", stdout=uit)
    assert "coordinator@regio.demo.netwerkregie.nl" in uit.getvalue()
    laag = regio_laag()
    with alle_gemeenten():
        assert set(Gemeente.objects.gemeenten().values_list("naam", flat=True)) == {
            "Delft",
            "Pijnacker-Nootdorp",
        }
        coordinator = User.alle_accounts.get(email=REGIO_ACCOUNT[0])
    assert coordinator.gemeente_id == laag.pk
    assert rollen.rollen_van(coordinator) == {rollen.REGIOCOORDINATOR, rollen.NETWERKREGISSEUR}
    with gemeente_actief(laag.pk):
        leden = set(
            Lidmaatschap.objects.filter(netwerk=programmaraad(), actief=True).values_list(
                "persoon__email", flat=True
            )
        )
        assert leden == {
            "regisseur@demo.netwerkregie.nl",
            "regisseur@pijnacker.demo.netwerkregie.nl",
        }
        assert Bijeenkomst.objects.filter(netwerk=programmaraad()).exists()


def test_demo_data_heeft_wegingen_een_casusoverleg_en_regionale_trainingen(settings):
    """What issue 20 and the region's trainings add to the demo, ready to be tried: a weging
    waiting for the police's partner to confirm, a concept, a case meeting next week with the
    partner invited and an action of the police the partner can mark done, and a regional
    training in both demo gemeenten with a waiting list in Delft."""
    from casusoverleg.models import Actie, Casusoverleg
    from regio.models import Gemeente
    from regio.scope import gemeente_actief
    from trainingen.models import Editie, RegionaleEditie
    from weging.models import Status, Weging

    settings.DEBUG = True
    call_command("demo_data", stdout=StringIO())
    call_command("demo_data", stdout=StringIO())  # a second run adds nothing
    partner = User.objects.get(email="partner@demo.netwerkregie.nl")
    ter_bevestiging = Weging.objects.get(status=Status.TER_BEVESTIGING)
    assert [d.organisatie.naam for d in ter_bevestiging.deelnames.all()] == [
        "Politie basisteam Delft"
    ]
    assert Weging.objects.filter(status=Status.CONCEPT).count() == 1
    overleg = Casusoverleg.objects.get()
    assert overleg.bijeenkomst.begin > timezone.now()
    assert overleg.deelnemers.filter(account=partner).exists()
    actie = Actie.objects.get()
    assert actie.eigenaar.naam == "Politie basisteam Delft" and not actie.afgerond
    TOTP.activate(partner, pyotp.random_base32())  # a partner's second factor is required
    antwoord = ingelogd(partner).post(reverse("casusoverleg:actie_afronden", args=[actie.pk]))
    assert antwoord.status_code == 302
    actie.refresh_from_db()
    assert actie.afgerond

    assert RegionaleEditie.objects.count() == 2
    bewust = RegionaleEditie.objects.get(soort="bewustwording")
    assert bewust.aanbod.count() == 2  # Delft and Pijnacker-Nootdorp
    delft = Editie.objects.get(regionale_editie=bewust)
    assert delft.inschrijvingen.filter(status="wachtlijst").count() == 1
    with gemeente_actief(Gemeente.objects.get(naam="Pijnacker-Nootdorp").pk):
        assert Editie.objects.filter(regionale_editie__isnull=False).count() == 2
