"""Create the regiocoördinator of a region (docs/regio.md).

    python manage.py regiocoordinator_aanmaken coordinator@regio.nl --voornaam Rik
    python manage.py regiocoordinator_aanmaken coordinator@regio.nl --programmaraad "Regio X"

Without ``--programmaraad`` the account belongs to no gemeente: it sees the region's aggregate
figures, never a gemeente's people or signals. With it, the account (new, or an existing
coördinator's) belongs to the region's own layer and runs the programme council there, the
regisseurs' own network (regio.programmaraad). A new account gets an e-mail with a link to set
a password (printed too) and sets up an authenticator app at the first login.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import services
from regio import programmaraad as programmaraad_module
from regio.scope import alle_gemeenten


class Command(BaseCommand):
    help = "Maakt een regiocoördinator aan die via een e-mail zelf een wachtwoord instelt."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--voornaam", default="")
        parser.add_argument("--achternaam", default="")
        parser.add_argument(
            "--programmaraad",
            metavar="NAAM",
            default="",
            help="De coördinator leidt de programmaraad van de regio met deze naam "
            "(ook voor een bestaande coördinator).",
        )

    def handle(self, *args, email, voornaam, achternaam, programmaraad: str, **options):
        with alle_gemeenten():
            bestaand = get_user_model().alle_accounts.filter(email__iexact=email.strip()).first()
        try:
            if bestaand is not None and programmaraad:
                user = bestaand
            else:
                user = services.regiocoordinator_aanmaken(
                    email=email, voornaam=voornaam, achternaam=achternaam
                )
                self.stdout.write(self.style.SUCCESS(f"Regiocoördinator {user.email} aangemaakt."))
                self.stdout.write(
                    "De link om een wachtwoord in te stellen, voor als de e-mail niet aankomt:"
                )
                self.stdout.write(services.wachtwoord_link(user))
            if programmaraad:
                laag = programmaraad_module.coordinator_in_regio_laag(user, naam=programmaraad)
                self.stdout.write(
                    self.style.SUCCESS(f"{user.email} leidt de programmaraad van {laag.naam}.")
                )
        except ValidationError as fout:
            raise CommandError(" ".join(fout.messages)) from fout
