"""Create the first beheerder (superuser) of a new installation.

    python manage.py beheerder_aanmaken beheer@gemeente.nl --voornaam Bram --achternaam Beheer

The beheerder gets an e-mail with a link to set a password; the link is printed too, for when
the mail server is not set up yet. At the first login the beheerder sets up an authenticator
app. Unlike Django's ``createsuperuser`` the address is confirmed at once, so allauth's login
works straight away.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import services
from regio.models import EERSTE_GEMEENTE, Gemeente
from regio.scope import gemeente_actief


class Command(BaseCommand):
    help = "Maakt een beheerder aan die via een e-mail zelf een wachtwoord instelt."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--voornaam", default="")
        parser.add_argument("--achternaam", default="")
        parser.add_argument(
            "--gemeente",
            default=None,
            help="Naam van de gemeente (in een regio); zonder: de eerste gemeente.",
        )

    def handle(self, *args, email, voornaam, achternaam, gemeente, **options):
        gevonden = (
            Gemeente.objects.filter(naam__iexact=gemeente).first()
            if gemeente
            else Gemeente.objects.filter(pk=EERSTE_GEMEENTE).first()
        )
        if gevonden is None:
            raise CommandError(f"Er is geen gemeente {gemeente or EERSTE_GEMEENTE}.")
        try:
            with gemeente_actief(gevonden.pk):
                user = services.beheerder_aanmaken(
                    email=email, voornaam=voornaam, achternaam=achternaam
                )
        except ValidationError as fout:
            raise CommandError(" ".join(fout.messages)) from fout
        self.stdout.write(self.style.SUCCESS(f"Beheerder {user.email} aangemaakt."))
        self.stdout.write(
            "Er is een e-mail verstuurd om een wachtwoord in te stellen. De link, voor als de "
            "e-mail niet aankomt:"
        )
        self.stdout.write(services.wachtwoord_link(user))
