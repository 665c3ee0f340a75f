"""Create the regiocoördinator of a region (docs/regio.md).

    python manage.py regiocoordinator_aanmaken coordinator@regio.nl --voornaam Rik

The account belongs to no gemeente: it sees the region's aggregate figures, never a gemeente's
people or signals. It gets an e-mail with a link to set a password (printed too) and sets up
an authenticator app at the first login.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import services


class Command(BaseCommand):
    help = "Maakt een regiocoördinator aan die via een e-mail zelf een wachtwoord instelt."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--voornaam", default="")
        parser.add_argument("--achternaam", default="")

    def handle(self, *args, email, voornaam, achternaam, **options):
        try:
            user = services.regiocoordinator_aanmaken(
                email=email, voornaam=voornaam, achternaam=achternaam
            )
        except ValidationError as fout:
            raise CommandError(" ".join(fout.messages)) from fout
        self.stdout.write(self.style.SUCCESS(f"Regiocoördinator {user.email} aangemaakt."))
        self.stdout.write(
            "De link om een wachtwoord in te stellen, voor als de e-mail niet aankomt:"
        )
        self.stdout.write(services.wachtwoord_link(user))
