"""The demo of a whole region (``manage.py demo_data --regio``, issue 18): besides Delft and
Pijnacker-Nootdorp, 36 gemeenten of the size of Oost-Brabant's in the seeds (one of 250,000
inhabitants, three of 50,000, the others 15,000 to 30,000), each in its own scope with its
regisseur, a professional, an organisation with aandachtsfunctionarissen in a network, and
signals through the case flow, in proportion to its size. Runs once per gemeente (a gemeente
that exists is left alone). A contribution of kind ``demoregio`` (kern.bijdragen); config may
use every app.
"""

from __future__ import annotations

import random

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from accounts import rollen
from netwerk.models import Aandachtsfunctionaris, Domein, Netwerk, Organisatie, Persoon
from netwerk.services import lidmaatschappen_toevoegen
from regio.models import Gemeente
from regio.scope import alle_gemeenten, gemeente_actief
from regio.services import gemeente_toevoegen
from signalen.demo import signalen_voor_een_gemeente

GROOT = [("'s-Hertogenbosch", 250_000), ("Oss", 50_000), ("Meierijstad", 50_000),
         ("Land van Cuijk", 50_000)]  # fmt: skip
KLEIN = [
    "Maashorst", "Bernheze", "Boxtel", "Heusden", "Vught", "Sint-Michielsgestel", "Boekel",
    "Gemert-Bakel", "Laarbeek", "Oisterwijk", "Asten", "Deurne", "Someren", "Geldrop-Mierlo",
    "Nuenen", "Son en Breugel", "Best", "Oirschot", "Waalre", "Heeze-Leende", "Valkenswaard",
    "Bergeijk", "Bladel", "Eersel", "Reusel-De Mierden", "Hilvarenbeek", "Goirle", "Dongen",
    "Loon op Zand", "Cranendonck", "Haaren", "Mill en Sint Hubert",
]  # fmt: skip
# The demo's own two, for the comparison per 10,000 inhabitants.
EIGEN_INWONERS = {"Delft": 105_000, "Pijnacker-Nootdorp": 56_000}
WACHTWOORD = "demo-regisseur-2026"
# One aandachtsfunctionaris per 2,500 inhabitants, one signal per 5,000.
PER_AF, PER_SIGNAAL = 2_500, 5_000


def gemeenten() -> list[tuple[str, int]]:
    rnd = random.Random(38)  # noqa: S311 (demo data)
    return GROOT + [(naam, rnd.randint(15_000, 30_000)) for naam in KLEIN]


def demo_regio(stdout, *, coordinator, grote_regio: bool = False) -> None:
    with alle_gemeenten():
        for naam, inwoners in EIGEN_INWONERS.items():
            Gemeente.objects.filter(naam=naam, inwoners__isnull=True).update(inwoners=inwoners)
    if not grote_regio:
        return
    nieuw = 0
    for nummer, (naam, inwoners) in enumerate(gemeenten()):
        with alle_gemeenten():
            if Gemeente.objects.filter(naam=naam).exists():
                continue
        with transaction.atomic():
            gemeente = gemeente_toevoegen(naam)
            with alle_gemeenten():
                Gemeente.objects.filter(pk=gemeente.pk).update(
                    inwoners=inwoners, doet_mee_aan_overeenkomsten=True
                )
            with gemeente_actief(gemeente.pk):
                _vullen(naam, inwoners, seed=nummer)
        nieuw += 1
    with alle_gemeenten():
        totaal = Gemeente.objects.gemeenten().count()
    stdout.write(
        f"Regio: {nieuw} gemeenten erbij, {totaal} in totaal; hun regisseurs loggen in als "
        f"regisseur@<gemeente>.demo.netwerkregie.nl met {WACHTWOORD}."
    )


def _account(email: str, voornaam: str, rol: str, *, staf: bool = False):
    User = get_user_model()
    user = User.objects.create_user(
        email=email, password=WACHTWOORD, first_name=voornaam, last_name=rol, is_staff=staf
    )
    user.groups.add(Group.objects.get(name=rol))
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _vullen(naam: str, inwoners: int, *, seed: int) -> None:
    """One gemeente's demo, in its scope."""
    slug = slugify(naam)
    regisseur = _account(
        f"regisseur@{slug}.demo.netwerkregie.nl", "Regisseur", rollen.NETWERKREGISSEUR, staf=True
    )
    melder = _account(f"professional@{slug}.demo.netwerkregie.nl", "Mentor", rollen.PROFESSIONAL)
    Organisatie.objects.create(naam=f"Gemeente {naam}", domein=Domein.GEMEENTE, is_gemeente=True)
    school = Organisatie.objects.create(naam=f"Scholengemeenschap {naam}", domein=Domein.ONDERWIJS)
    netwerk = Netwerk.objects.create(
        naam="Netwerk aandachtsfunctionarissen", thema="radicalisering", soort="formeel"
    )
    personen = []
    for i in range(max(3, inwoners // PER_AF)):
        persoon = Persoon.objects.create(
            voornaam=f"Aandachtsfunctionaris {i + 1}",
            achternaam=naam,
            email=f"af{i + 1}@{slug}.demo.netwerkregie.nl",
        )
        Aandachtsfunctionaris.objects.create(persoon=persoon, organisatie=school, functie="Mentor")
        personen.append(persoon)
    lidmaatschappen_toevoegen(personen=personen, netwerk=netwerk)
    signalen_voor_een_gemeente(
        max(2, inwoners // PER_SIGNAAL), melder=melder, regisseur=regisseur, seed=seed
    )
