import pytest
from django.contrib.auth.models import Group

from accounts import rollen
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_de_drie_rollen_bestaan_na_de_migraties():
    namen = set(Group.objects.values_list("name", flat=True))
    assert {"Netwerkregisseur", "Professional", "Partner"} <= namen


def test_rollen_en_mfa_plicht_per_rol():
    regisseur = UserFactory(regisseur=True)
    partner = UserFactory(partner=True)
    professional = UserFactory(professional=True)
    beheerder = UserFactory(beheerder=True)
    assert rollen.is_regisseur(regisseur) and not rollen.is_regisseur(professional)
    assert rollen.mfa_verplicht(regisseur)
    assert rollen.mfa_verplicht(partner)
    assert rollen.mfa_verplicht(beheerder)
    assert not rollen.mfa_verplicht(professional)


def test_alleen_regisseur_en_beheerder_mogen_het_beheer_in():
    assert rollen.mag_beheer_in(UserFactory(regisseur=True))
    assert rollen.mag_beheer_in(UserFactory(beheerder=True))
    assert not rollen.mag_beheer_in(UserFactory(professional=True))
    assert not rollen.mag_beheer_in(UserFactory(partner=True))
    # Staff flag alone is not enough.
    assert not rollen.mag_beheer_in(UserFactory(is_staff=True))
    assert not rollen.mag_beheer_in(UserFactory(regisseur=True, is_active=False))


def test_rolcontrole_vraagt_de_database_een_keer_per_verzoek(django_assert_num_queries):
    user = UserFactory(regisseur=True)
    user = type(user).objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        for _ in range(5):
            rollen.is_regisseur(user)
            rollen.mfa_verplicht(user)
