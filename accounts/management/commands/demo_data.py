"""Demo data for trying Netwerkregie locally: one account per role with a known password.

Idempotent: running it again resets the demo accounts to the same state. Refuses to run with
DEBUG off, so it can never plant known passwords in production. Later issues extend it with a
whole (Delft-like) network.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import rollen
from kern import bijdragen

DEMO_ACCOUNTS = [
    # (e-mail, voornaam, achternaam, rol or None for the beheerder, wachtwoord)
    ("beheerder@demo.netwerkregie.nl", "Bram", "Beheer", None, "demo-beheerder-2026"),
    (
        "regisseur@demo.netwerkregie.nl",
        "Claire",
        "Regisseur",
        rollen.NETWERKREGISSEUR,
        "demo-regisseur-2026",
    ),
    (
        "professional@demo.netwerkregie.nl",
        "Pieter",
        "Professional",
        rollen.PROFESSIONAL,
        "demo-professional-2026",
    ),
    ("partner@demo.netwerkregie.nl", "Pauline", "Partner", rollen.PARTNER, "demo-partner-2026"),
]


class Command(BaseCommand):
    help = "Maakt demo-accounts aan (alleen met DEBUG aan)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_data draait alleen met DEBUG=true: nooit in productie.")
        User = get_user_model()
        with transaction.atomic():
            for email, voornaam, achternaam, rol, wachtwoord in DEMO_ACCOUNTS:
                user, _ = User.objects.get_or_create(email=email)
                user.first_name, user.last_name = voornaam, achternaam
                user.is_active = True
                user.is_superuser = rol is None
                user.is_staff = rol in (None, rollen.NETWERKREGISSEUR)
                user.set_password(wachtwoord)
                user.save()
                user.groups.set(Group.objects.filter(name=rol) if rol else [])
                EmailAddress.objects.update_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
            # Each app's ``demo`` contribution (kern.bijdragen), in its order: accounts does
            # not depend on the apps it seeds.
            for demo_data_aanmaken in bijdragen.functies("demo"):
                demo_data_aanmaken(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo-accounts staan klaar:"))
        for email, _v, _a, rol, wachtwoord in DEMO_ACCOUNTS:
            self.stdout.write(f"  {rol or 'Beheerder':<17} {email:<38} {wachtwoord}")
        self.stdout.write(
            "Regisseur, partner en beheerder stellen bij de eerste keer inloggen een "
            "authenticator-app in (tweestapsverificatie)."
        )
