"""Which signals a user may see (``signalen.selectors.signalen_voor``): one answer per role, the
one the reporter's pages, the partner pages and the signal list in /beheer/ ask."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.urls import reverse

from accounts import rollen
from netwerk.convenanten import partner_koppelen
from signalen import delen, services
from signalen.selectors import signalen_voor
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
def politie(db):
    gemeente()
    return OrganisatieFactory(naam="Politie basisteam Delft", domein="politie")


@pytest.fixture
def convenant(politie):
    return ConvenantFactory(partijen=[politie], geldig_tot=date.today() + timedelta(days=30))


@pytest.fixture
def signalen(melder, politie, convenant):
    """The reporter's own signal, one of theirs that is anonymised, one of a colleague shared
    with the police, and one of a colleague that is shared with nobody."""
    eigen = SignaalFactory(melder=melder, categorie="radicalisering")
    oud = SignaalFactory(melder=melder, fase="afgesloten")
    services.signaal_anonimiseren(oud)
    gedeeld = SignaalFactory(categorie="radicalisering")
    delen.signaal_delen(signaal=gedeeld, organisatie=politie, door=UserFactory(regisseur=True))
    niet_gedeeld = SignaalFactory(categorie="radicalisering")
    return {"eigen": eigen, "oud": oud, "gedeeld": gedeeld, "niet_gedeeld": niet_gedeeld}


def _refs(qs) -> set[str]:
    return set(qs.values_list("referentie", flat=True))


def test_de_regisseur_ziet_elk_signaal(signalen):
    regisseur = UserFactory(regisseur=True)
    alles = {s.referentie for s in signalen.values()}
    assert _refs(signalen_voor(regisseur)) == alles  # anonymised ones too (/beheer/ shows them)
    assert _refs(signalen_voor(regisseur, rol=rollen.NETWERKREGISSEUR)) == alles


def test_de_melder_ziet_alleen_de_eigen_niet_geanonimiseerde(melder, signalen):
    assert _refs(signalen_voor(melder)) == {signalen["eigen"].referentie}
    assert _refs(signalen_voor(melder, rol=rollen.PROFESSIONAL)) == {signalen["eigen"].referentie}
    # Asked as a role they do not have, they get nothing.
    assert not signalen_voor(melder, rol=rollen.NETWERKREGISSEUR).exists()


def test_de_partner_ziet_wat_gedeeld_is_zolang_het_convenant_het_dekt(politie, signalen):
    agent = partner_bij(politie)
    # A model-wide permission never widens the list.
    agent.user_permissions.add(Permission.objects.get(codename="view_signaal"))
    assert _refs(signalen_voor(agent)) == {signalen["gedeeld"].referentie}
    assert _refs(signalen_voor(agent, rol=rollen.PARTNER)) == {signalen["gedeeld"].referentie}
    # The day after the convenant ends, nothing: the check is live, no task has to run first.
    na_het_einde = date.today() + timedelta(days=31)
    assert not signalen_voor(agent, op=na_het_einde).exists()


def test_de_beheerder_en_wie_geen_rol_heeft_zien_niets(signalen):
    inactieve_regisseur = UserFactory(regisseur=True, is_active=False)
    for user in (
        UserFactory(beheerder=True),
        UserFactory(),
        AnonymousUser(),
        inactieve_regisseur,
    ):
        assert not signalen_voor(user).exists()


def test_met_twee_rollen_ziet_elke_pagina_alleen_het_deel_van_haar_rol(login, politie, signalen):
    # A professional who is also a partner account of the police, with a signal of their own.
    beide = UserFactory(partner=True, met_mfa=True)
    beide.groups.add(Group.objects.get(name=rollen.PROFESSIONAL))
    partner_koppelen(user=beide, organisatie=politie)
    eigen = SignaalFactory(melder=beide, categorie="radicalisering").referentie
    gedeeld = signalen["gedeeld"].referentie
    assert _refs(signalen_voor(beide)) == {eigen, gedeeld}
    assert _refs(signalen_voor(beide, rol=rollen.PROFESSIONAL)) == {eigen}
    assert _refs(signalen_voor(beide, rol=rollen.PARTNER)) == {gedeeld}

    client = login(beide)
    mijn = client.get(reverse("signalen:mijn")).content.decode()
    assert eigen in mijn and gedeeld not in mijn
    gedeeld_pagina = client.get(reverse("signalen:gedeeld")).content.decode()
    assert gedeeld in gedeeld_pagina and eigen not in gedeeld_pagina
    # A page of one role does not open a signal of the other.
    assert client.get(reverse("signalen:detail", args=[gedeeld])).status_code == 404
    assert client.get(reverse("signalen:gedeeld_detail", args=[eigen])).status_code == 404


def test_een_onbekende_rol_is_een_fout(melder):
    with pytest.raises(ValueError):
        signalen_voor(melder, rol="Beheerder")
