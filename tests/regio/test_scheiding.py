"""Tenancy (issue 18): no gemeente ever sees another's data, through either wall."""

import contextlib
import contextvars

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from bijeenkomsten.models import Uitnodiging
from netwerk.models import Persoon
from regio.database import tenant_modellen
from regio.models import EERSTE_GEMEENTE, Gemeente
from regio.scope import ScopeError, alle_gemeenten, gemeente_actief, per_gemeente
from signalen.models import Signaal
from tests.factories import (
    BijeenkomstFactory,
    PersoonFactory,
    SignaalFactory,
    UserFactory,
)


@pytest.fixture
def andere(db):
    """A second gemeente with a regisseur, a person, a signal and a meeting invitation."""
    gemeente = Gemeente.objects.create(naam="Pijnacker-Nootdorp")
    with gemeente_actief(gemeente.pk):
        regisseur = UserFactory(regisseur=True, met_mfa=True, email="regie@pijnacker.example")
        persoon = PersoonFactory(voornaam="Geheime", achternaam="Buurman")
        signaal = SignaalFactory(persoon_naam="Geheime Buurman")
        bijeenkomst = BijeenkomstFactory()
        uitnodiging = Uitnodiging.objects.create(bijeenkomst=bijeenkomst, persoon=persoon)
    return {
        "gemeente": gemeente,
        "regisseur": regisseur,
        "persoon": persoon,
        "signaal": signaal,
        "uitnodiging": uitnodiging,
    }


def buiten_elke_gemeente(functie):
    """Run as code that activated no gemeente (a task or command that forgot to)."""
    return contextvars.Context().run(functie)


@pytest.mark.django_db
def test_een_vraag_zonder_gemeente_geeft_een_fout_in_plaats_van_alles(andere):
    for model in (Signaal, Persoon):
        with pytest.raises(ScopeError):
            buiten_elke_gemeente(lambda m=model: list(m.objects.all()))
        with pytest.raises(ScopeError):
            buiten_elke_gemeente(lambda m=model: m.objects.count())


@pytest.mark.django_db
def test_elke_gemeente_ziet_alleen_haar_eigen_rijen(andere):
    SignaalFactory(persoon_naam="Eigen Inwoner")
    assert not Signaal.objects.filter(pk=andere["signaal"].pk).exists()
    assert not Persoon.objects.filter(pk=andere["persoon"].pk).exists()
    with gemeente_actief(andere["gemeente"].pk):
        assert list(Signaal.objects.values_list("pk", flat=True)) == [andere["signaal"].pk]
    # A queryset built in one gemeente and run in another reads the scope when it runs.
    alle_signalen = Signaal.objects.all()
    with gemeente_actief(andere["gemeente"].pk):
        assert [s.pk for s in alle_signalen] == [andere["signaal"].pk]


@pytest.mark.django_db
def test_nieuwe_rijen_horen_bij_de_actieve_gemeente(andere):
    eigen = SignaalFactory()
    assert eigen.gemeente_id == EERSTE_GEMEENTE
    assert andere["signaal"].gemeente_id == andere["gemeente"].pk
    # Two gemeenten may each have their own S-2026-0001: the reference counts per gemeente.
    assert eigen.referentie.endswith("-0001")
    assert andere["signaal"].referentie == eigen.referentie


@pytest.mark.django_db
def test_een_regisseur_krijgt_404_voor_elk_object_van_een_andere_gemeente(andere, regisseur, login):
    client = login(regisseur)
    for url in (
        f"/beheer/signalen/signaal/{andere['signaal'].pk}/change/",
        f"/beheer/signalen/signaal/{andere['signaal'].pk}/history/",
        f"/beheer/netwerk/persoon/{andere['persoon'].pk}/change/",
        f"/beheer/netwerk/persoon/{andere['persoon'].pk}/history/",
        f"/beheer/bijeenkomsten/bijeenkomst/{andere['uitnodiging'].bijeenkomst_id}/change/",
    ):
        assert client.get(url).status_code == 404, url
    lijst = client.get("/beheer/netwerk/persoon/?q=Buurman")
    assert lijst.status_code == 200
    assert f"/persoon/{andere['persoon'].pk}/change/" not in lijst.content.decode()
    assert "Geheime" not in lijst.content.decode()  # the term was "Buurman"
    zoeken = client.get("/beheer/signalen/signaal/?q=Geheime+Buurman")
    assert zoeken.status_code == 200
    assert f"/signaal/{andere['signaal'].pk}/change/" not in zoeken.content.decode()


@pytest.mark.django_db
def test_de_regisseur_van_de_andere_gemeente_ziet_wel_de_eigen_gegevens(andere, login):
    client = login(andere["regisseur"])
    assert client.get(f"/beheer/netwerk/persoon/{andere['persoon'].pk}/change/").status_code == 200
    lijst = client.get("/beheer/netwerk/persoon/?q=Buurman").content.decode()
    assert "Geheime" in lijst


@pytest.mark.django_db
def test_een_rsvp_link_werkt_in_de_gemeente_van_de_uitnodiging(andere, client):
    antwoord = client.get(f"/uitnodiging/{andere['uitnodiging'].token}/")
    assert antwoord.status_code == 200
    assert andere["uitnodiging"].bijeenkomst.titel in antwoord.content.decode()
    onbekend = client.get("/uitnodiging/bestaat-niet-0123456789/")
    assert onbekend.status_code in (404, 410)


@pytest.mark.django_db
def test_een_taak_per_gemeente_werkt_in_elke_gemeente_apart(andere):
    tellingen = per_gemeente(lambda: Signaal.objects.count())
    assert tellingen == {EERSTE_GEMEENTE: 0, andere["gemeente"].pk: 1}


@pytest.mark.django_db
def test_accounts_van_een_andere_gemeente_zijn_er_niet_maar_het_adres_is_wel_bezet(
    andere, regisseur
):
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from accounts import services

    User = get_user_model()
    assert not User.objects.filter(pk=andere["regisseur"].pk).exists()
    with pytest.raises(ValidationError):
        services.account_aanmaken(
            email="regie@pijnacker.example",
            voornaam="X",
            achternaam="Y",
            rol="Professional",
            door=regisseur,
        )


# --- the second wall: PostgreSQL's row-level security ------------------------------------------

APP_ROL = "netwerkregie_app_test"


@pytest.mark.django_db
def test_de_database_houdt_een_andere_gemeente_buiten_ook_zonder_de_scope(andere):
    eigen = SignaalFactory(persoon_naam="Eigen Inwoner")
    with _als_app():
        # The application's scoping switched off on purpose: the database still filters.
        with scopes_disabled():
            assert set(Signaal.objects.values_list("pk", flat=True)) == {eigen.pk}
            assert not Persoon.objects.filter(pk=andere["persoon"].pk).exists()
            # Nor can it change the other gemeente's rows.
            bijgewerkt = Signaal.objects.filter(pk=andere["signaal"].pk).update(
                waarneming="overschreven"
            )
            assert bijgewerkt == 0
        with gemeente_actief(andere["gemeente"].pk), scopes_disabled():
            assert set(Signaal.objects.values_list("pk", flat=True)) == {andere["signaal"].pk}
        # No gemeente at all: nothing, even in raw SQL.
        assert buiten_elke_gemeente(_aantal_rauw) == 0
        # Region-wide (the outbox, the region's figures): both.
        with alle_gemeenten():
            assert Signaal.objects.count() == 2
    with gemeente_actief(andere["gemeente"].pk):
        assert Signaal.objects.get().waarneming != "overschreven"


@contextlib.contextmanager
def _als_app():
    if connection.vendor != "postgresql":
        pytest.skip("row-level security is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [APP_ROL])
        if not cursor.fetchone():
            cursor.execute(f"CREATE ROLE {APP_ROL} NOLOGIN NOSUPERUSER NOBYPASSRLS")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {APP_ROL}")
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROL}"
        )
        cursor.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {APP_ROL}")
        cursor.execute(f"SET ROLE {APP_ROL}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def _aantal_rauw():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM signalen_signaal")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_elke_tenanttabel_heeft_de_tweede_muur():
    if connection.vendor != "postgresql":
        pytest.skip("row-level security is PostgreSQL's")
    tabellen = {m._meta.db_table for m in tenant_modellen()}
    assert {"signalen_signaal", "netwerk_persoon", "signalen_inzage", "trainingen_editie"} <= (
        tabellen
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_policies p ON p.tablename = c.relname "
            "WHERE c.relrowsecurity AND p.policyname = 'gemeente_afgebakend'"
        )
        beveiligd = {rij[0] for rij in cursor.fetchall()}
    assert tabellen <= beveiligd, tabellen - beveiligd


@pytest.mark.django_db
def test_een_nieuwe_gemeente_begint_met_de_teksten_en_soorten_en_verder_leeg():
    from django.core.management import call_command

    from signalen.models import Fasebeschrijving
    from trainingen.models import Trainingssoort

    eigen_teksten = Fasebeschrijving.objects.count()
    call_command("gemeente_toevoegen", "Midden-Delfland", stdout=open("/dev/null", "w"))  # noqa: SIM115
    nieuw = Gemeente.objects.get(naam="Midden-Delfland")
    with gemeente_actief(nieuw.pk):
        assert Fasebeschrijving.objects.count() == eigen_teksten > 5
        assert Trainingssoort.objects.filter(rol="basistraining").exists()
        assert Trainingssoort.objects.get(rol="terugkomdag").verlengt.rol == "basistraining"
        assert not Signaal.objects.exists() and not Persoon.objects.exists()
    # A filed signal there starts at S-<year>-0001 with the new gemeente's texts.
    with gemeente_actief(nieuw.pk):
        signaal = SignaalFactory()
    assert signaal.referentie.endswith("-0001") and signaal.gemeente_id == nieuw.pk
    with pytest.raises(Exception, match="al een gemeente"):
        call_command("gemeente_toevoegen", "midden-delfland")


@pytest.mark.django_db
def test_de_demo_heeft_twee_gemeenten_naast_elkaar(settings, client):
    from django.core.management import call_command

    from accounts.management.commands.demo_data import TWEEDE_ACCOUNTS, TWEEDE_GEMEENTE

    settings.DEBUG = True
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    tweede = Gemeente.objects.get(naam=TWEEDE_GEMEENTE)
    assert Gemeente.objects.get(pk=EERSTE_GEMEENTE).naam == "Delft"
    assert Persoon.objects.count() > 50 and Signaal.objects.count() > 10
    with gemeente_actief(tweede.pk):
        assert Persoon.objects.count() == 0 and Signaal.objects.count() == 0
    # The second gemeente's professional logs in with the demo password and sees no Delft signal.
    email, _v, _a, _rol, wachtwoord = TWEEDE_ACCOUNTS[2]
    antwoord = client.post("/account/login/", {"login": email, "password": wachtwoord})
    assert antwoord.status_code == 302
    mijn = client.get("/signalen/mijn/")
    assert mijn.status_code == 200
    with gemeente_actief(EERSTE_GEMEENTE):
        eerste_referentie = Signaal.objects.order_by("pk").first().referentie
    assert eerste_referentie not in mijn.content.decode()
    assert client.get("/netwerk/smoelenboek/").status_code == 200
    # Running it again changes nothing in the number of gemeenten.
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # Two gemeenten, and the region's own layer of the programme council (not a gemeente).
    assert Gemeente.objects.gemeenten().count() == 2
    assert Gemeente.objects.filter(is_regio=True).count() == 1
    assert Gemeente.objects.count() == 3


@pytest.mark.django_db
def test_een_tweede_verzoek_in_dezelfde_gemeente_stuurt_de_gemeente_niet_opnieuw(regisseur, login):
    """The session and user reads touch no tenant table: they leave the connection's gemeente
    as it is, so a page of the same gemeente needs no switch back and forth."""
    if connection.vendor != "postgresql":
        pytest.skip("the second wall is PostgreSQL's")
    client = login(regisseur)
    client.get("/beheer/netwerk/persoon/")
    voor = connection.regio_wissels
    assert client.get("/beheer/netwerk/persoon/").status_code == 200
    assert connection.regio_wissels == voor


@pytest.mark.django_db
def test_na_een_vraag_zonder_tenantdata_krijgt_de_volgende_toch_de_juiste_gemeente(andere):
    """The value left from one gemeente never serves a query on a tenant table in another."""
    eigen = SignaalFactory(persoon_naam="Eigen Inwoner")
    tweede = SignaalFactory(persoon_naam="Nog Een")
    with _als_app():
        with scopes_disabled():
            assert set(Signaal.objects.values_list("pk", flat=True)) == {eigen.pk, tweede.pk}
        with gemeente_actief(andere["gemeente"].pk):
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")  # no tenant table: the value may stay
            with scopes_disabled():
                assert set(Signaal.objects.values_list("pk", flat=True)) == {andere["signaal"].pk}
        # A prepared statement names no table: it gets the value too.
        from kern.ruw import voorbereid_uitvoeren

        with gemeente_actief(andere["gemeente"].pk), connection.cursor() as cursor:
            voorbereid_uitvoeren(connection, cursor, "SELECT count(*) FROM signalen_signaal", [])
            assert cursor.fetchone()[0] == 1
        with connection.cursor() as cursor:  # gemeente 1 (the test's) again
            voorbereid_uitvoeren(connection, cursor, "SELECT count(*) FROM signalen_signaal", [])
            assert cursor.fetchone()[0] == 2
        assert buiten_elke_gemeente(_aantal_rauw) == 0
