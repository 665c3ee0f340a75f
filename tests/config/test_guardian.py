"""Guardian's object-permission backend is installed and behaves as DESIGN.md relies on."""

import pytest
from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_objectrecht_via_een_groep_geldt_alleen_voor_dat_object():
    partnergroep = Group.objects.create(name="Organisatie: GGZ Delft")
    medewerker = UserFactory(partner=True)
    buitenstaander = UserFactory(partner=True)
    medewerker.groups.add(partnergroep)
    zichtbaar, verborgen = UserFactory(), UserFactory()

    assign_perm("accounts.view_user", partnergroep, zichtbaar)

    medewerker = type(medewerker).objects.get(pk=medewerker.pk)  # fresh permission cache
    assert medewerker.has_perm("accounts.view_user", zichtbaar)
    assert not medewerker.has_perm("accounts.view_user", verborgen)
    assert not buitenstaander.has_perm("accounts.view_user", zichtbaar)
    # No model-wide permission came with it.
    assert not medewerker.has_perm("accounts.view_user")

    lijst = get_objects_for_user(medewerker, "accounts.view_user", accept_global_perms=False)
    assert list(lijst) == [zichtbaar]

    remove_perm("accounts.view_user", partnergroep, zichtbaar)
    medewerker = type(medewerker).objects.get(pk=medewerker.pk)
    assert not medewerker.has_perm("accounts.view_user", zichtbaar)


def test_modelrecht_lekt_niet_door_als_accept_global_perms_uit_staat():
    """The pitfall of DESIGN.md: a model-level permission must not show every object."""
    from django.contrib.auth.models import Permission

    gebruiker = UserFactory()
    gebruiker.user_permissions.add(Permission.objects.get(codename="view_user"))
    UserFactory.create_batch(3)
    gebruiker = type(gebruiker).objects.get(pk=gebruiker.pk)
    assert (
        get_objects_for_user(gebruiker, "accounts.view_user", accept_global_perms=False).count()
        == 0
    )
    assert get_objects_for_user(gebruiker, "accounts.view_user").count() == 4
