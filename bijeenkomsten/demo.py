"""Demo meetings: a six-weekly series for the formal network (Tuesday evening) and for the key
persons (Saturday afternoon: busy by day), past meetings with answers, attendance and minutes,
and the next ones with some answers in. Runs once."""

import random
from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from netwerk.models import Netwerk, NetwerkSoort

from . import services
from .models import Actiepunt, Antwoord, Bijeenkomst, Reeks, Uitnodiging

AGENDA = (
    "1. Opening en kennismaking met nieuwe leden\n"
    "2. Wat speelt er in de wijken?\n"
    "3. Casus ter bespreking (geanonimiseerd)\n"
    "4. Terugkoppeling eerdere signalen\n"
    "5. Rondvraag"
)


def demo_data_aanmaken(stdout) -> None:
    if Reeks.objects.exists():
        stdout.write("Bijeenkomsten: er zijn al reeksen, demo overgeslagen.")
        return
    rnd = random.Random(606)  # noqa: S311 (demo data, not security)
    regisseur = get_user_model().objects.filter(email="regisseur@demo.netwerkregie.nl").first()
    vandaag = timezone.localdate()
    with transaction.atomic():
        for netwerk in Netwerk.objects.filter(actief=True):
            formeel = netwerk.soort == NetwerkSoort.FORMEEL
            weekdag = 1 if formeel else 5  # Tuesday evening / Saturday afternoon
            eerste = vandaag - timedelta(weeks=18)
            eerste += timedelta(days=(weekdag - eerste.weekday()) % 7)
            reeks = Reeks.objects.create(
                netwerk=netwerk,
                naam=f"Netwerkbijeenkomst {netwerk.naam}",
                interval_weken=6,
                starttijd=time(19, 30) if formeel else time(14, 0),
                eindtijd=time(21, 30) if formeel else time(16, 0),
                locatie="Stadskantoor, zaal Hugo de Groot" if formeel else "Buurthuis Voorhof",
                eerste_datum=eerste,
                agenda=AGENDA,
            )
            _verleden(reeks, eerste, vandaag, regisseur, rnd)
            services.reeks_bijplannen(reeks)
            for bijeenkomst in reeks.bijeenkomsten.filter(begin__gte=timezone.now())[:1]:
                services.uitnodigingen_aanmaken(bijeenkomst)
                Uitnodiging.objects.filter(bijeenkomst=bijeenkomst).update(
                    verstuurd_op=timezone.now()
                )
                for u in bijeenkomst.uitnodigingen.all():
                    if rnd.random() < 0.6:
                        services.antwoord_geven(uitnodiging=u, antwoord=rnd.choice(Antwoord.values))
    stdout.write(
        f"Bijeenkomsten: {Reeks.objects.count()} reeksen, "
        f"{Bijeenkomst.objects.count()} bijeenkomsten."
    )


def _verleden(reeks, eerste, vandaag, regisseur, rnd):
    """The series' past meetings: answers, attendance (contact moments) and minutes."""
    for datum in services.reeks_datums(reeks, vandaag - timedelta(days=1)):
        bijeenkomst = Bijeenkomst.objects.create(
            netwerk=reeks.netwerk,
            reeks=reeks,
            reeks_datum=datum,
            titel=reeks.naam,
            begin=services.lokaal(datum, reeks.starttijd),
            einde=services.lokaal(datum, reeks.eindtijd),
            locatie=reeks.locatie,
            agenda=reeks.agenda,
            verslag="Goed bezocht. Zorgen over online polarisatie onder jongeren; de "
            "netwerkregisseur verzamelt signalen en koppelt terug.",
        )
        services.uitnodigingen_aanmaken(bijeenkomst)
        aanwezig = set()
        for u in bijeenkomst.uitnodigingen.all():
            antwoord = rnd.choice([Antwoord.JA, Antwoord.JA, Antwoord.NEE, Antwoord.MISSCHIEN, ""])
            Uitnodiging.objects.filter(pk=u.pk).update(
                antwoord=antwoord, verstuurd_op=bijeenkomst.begin - timedelta(days=14)
            )
            if antwoord == Antwoord.JA and rnd.random() < 0.85:
                aanwezig.add(u.pk)
        services.aanwezigheid_vastleggen(bijeenkomst=bijeenkomst, aanwezig=aanwezig, door=regisseur)
        Actiepunt.objects.create(
            bijeenkomst=bijeenkomst,
            omschrijving="Terugkoppelen aan de scholen over de voorlichting",
            uiterlijk=datum + timedelta(weeks=3),
            afgerond=True,
        )
