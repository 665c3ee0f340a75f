"""Let a regiocoördinator run the region's programme council (docs/regio.md).

    python manage.py programmaraad_inrichten coordinator@regio.nl --regio "Regio Oost-Brabant"

The account (made with ``regiocoordinator_aanmaken``) moves into the region's own layer, made
the first time with this name, and runs the regisseurs' own network there
(bijeenkomsten.programmaraad).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from bijeenkomsten import programmaraad
from regio.scope import alle_gemeenten


class Command(BaseCommand):
    help = "Laat een regiocoördinator de programmaraad van de regio leiden."

    def add_arguments(self, parser):
        parser.add_argument("email", help="Het account van de regiocoördinator.")
        parser.add_argument("--regio", required=True, help="De naam van de regio.")

    def handle(self, *args, email, regio, **options):
        with alle_gemeenten():
            user = get_user_model().alle_accounts.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(
                f"Er is geen account {email}; maak het eerst met regiocoordinator_aanmaken."
            )
        try:
            laag = programmaraad.coordinator_in_regio_laag(user, naam=regio)
        except ValidationError as fout:
            raise CommandError(" ".join(fout.messages)) from fout
        uitkomst = programmaraad.regisseurs_bijwerken()
        self.stdout.write(
            self.style.SUCCESS(
                f"{user.email} leidt de programmaraad van {laag.naam} "
                f"({uitkomst.toegevoegd} regisseur(s) toegevoegd)."
            )
        )
