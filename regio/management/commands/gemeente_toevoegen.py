"""Add a gemeente to the installation, which thereby serves a region (docs/regio.md).

python manage.py gemeente_toevoegen "Pijnacker-Nootdorp"
python manage.py beheerder_aanmaken beheer@pijnacker-nootdorp.nl --gemeente "Pijnacker-Nootdorp"
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from regio.models import Gemeente
from regio.services import gemeente_toevoegen


class Command(BaseCommand):
    help = "Voegt een gemeente toe; met --lijst: toont de gemeenten van deze installatie."

    def add_arguments(self, parser):
        parser.add_argument("naam", nargs="?")
        parser.add_argument("--lijst", action="store_true")

    def handle(self, *args, naam, lijst, **options):
        if lijst or not naam:
            for gemeente in Gemeente.objects.order_by("pk"):
                self.stdout.write(f"{gemeente.pk:>4}  {gemeente.naam}")
            return
        try:
            gemeente = gemeente_toevoegen(naam)
        except ValidationError as fout:
            raise CommandError(" ".join(fout.messages)) from fout
        self.stdout.write(
            self.style.SUCCESS(f"Gemeente {gemeente.naam} toegevoegd ({gemeente.pk}).")
        )
        self.stdout.write(
            "Maak er een beheerder voor aan met: manage.py beheerder_aanmaken <e-mail> "
            f'--gemeente "{gemeente.naam}"'
        )
