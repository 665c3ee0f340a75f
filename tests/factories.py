"""Test data for every test, in one place. Traits give a user a role and a second factor."""

import factory
import pyotp
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts import rollen

WACHTWOORD = "een-lang-test-wachtwoord"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@voorbeeld.nl")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password(WACHTWOORD)
    is_active = True
    # Not model fields: taken out in _create and applied after the user exists.
    rol = None
    totp_secret = None

    class Params:
        regisseur = factory.Trait(rol=rollen.NETWERKREGISSEUR, is_staff=True)
        professional = factory.Trait(rol=rollen.PROFESSIONAL)
        partner = factory.Trait(rol=rollen.PARTNER)
        beheerder = factory.Trait(is_staff=True, is_superuser=True)
        met_mfa = factory.Trait(totp_secret=factory.LazyFunction(pyotp.random_base32))

    @factory.post_generation
    def rol_en_mfa(obj, create, extracted, **kwargs):
        if not create:
            return
        EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)
        factory_params = obj._factory_params
        if factory_params["rol"]:
            obj.groups.add(Group.objects.get(name=factory_params["rol"]))
        if factory_params["totp_secret"]:
            TOTP.activate(obj, factory_params["totp_secret"])
            obj.totp_secret = factory_params["totp_secret"]

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        rol = kwargs.pop("rol", None)
        totp_secret = kwargs.pop("totp_secret", None)
        obj = super()._create(model_class, *args, **kwargs)
        obj._factory_params = {"rol": rol, "totp_secret": totp_secret}
        return obj
