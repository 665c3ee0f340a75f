"""Demo trainings: a year of them. Two three-day basic trainings in mixed groups, awareness
trainings, the two terugkomdagen of the past year with attendance, a group trained two years
ago who skipped the terugkomdagen (their refresher is overdue), and what is coming: a basic
training that is nearly full, an awareness training and the next terugkomdag. Runs once."""

import random
from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from bijeenkomsten.services import lokaal
from netwerk.models import Aandachtsfunctionaris, Persoon

from . import services
from .models import Bron, Editie, Inschrijving, InschrijvingStatus, Rol, Trainingssoort

DAG = (time(9, 0), time(16, 30))
DAGDEEL = (time(13, 30), time(17, 0))


def demo_data_aanmaken(stdout) -> None:
    if Editie.objects.exists():
        stdout.write("Trainingen: er zijn al edities, demo overgeslagen.")
        return
    basis = Trainingssoort.objects.filter(rol=Rol.BASISTRAINING).first()
    terugkomdag = Trainingssoort.objects.filter(rol=Rol.TERUGKOMDAG).first()
    bewust = Trainingssoort.objects.filter(naam="Bewustwordingstraining").first()
    if not (basis and terugkomdag and bewust):
        stdout.write("Trainingen: de standaardsoorten ontbreken, demo overgeslagen.")
        return
    rnd = random.Random(707)  # noqa: S311 (demo data, not security)
    regisseur = get_user_model().objects.filter(email="regisseur@demo.netwerkregie.nl").first()
    vandaag = timezone.localdate()
    personen = list(
        Persoon.objects.filter(
            pk__in=Aandachtsfunctionaris.objects.filter(actief=True).values("persoon")
        )
        .exclude(email="")
        .exclude(email="professional@demo.netwerkregie.nl")
        .order_by("pk")
    )
    rnd.shuffle(personen)
    if len(personen) < 30:
        stdout.write("Trainingen: te weinig aandachtsfunctionarissen, demo overgeslagen.")
        return
    oud, groep1, groep2, rest = personen[:6], personen[6:18], personen[18:30], personen[30:]
    with transaction.atomic():
        # Two years ago: trained, never came back — their refresher is overdue now.
        _verleden(basis, vandaag - timedelta(days=730), 3, oud, regisseur, rnd, "Najaar")
        # The year's two basic trainings, three days each, in mixed groups.
        _verleden(basis, vandaag - timedelta(days=300), 3, groep1, regisseur, rnd, "Voorjaar")
        _verleden(basis, vandaag - timedelta(days=120), 3, groep2, regisseur, rnd, "Zomer")
        # The two terugkomdagen of the past year, for those trained before them.
        for dagen_geleden, genodigden in ((240, groep1), (45, groep1 + groep2)):
            datum = vandaag - timedelta(days=dagen_geleden)
            komers = [p for p in genodigden if rnd.random() < 0.75]
            _verleden(terugkomdag, datum, 1, komers, regisseur, rnd, "", dagdeel=True)
        # Awareness trainings for front-line staff.
        demo_professional = Persoon.objects.filter(
            email="professional@demo.netwerkregie.nl"
        ).first()
        for dagen_geleden in (200, 60):
            deelnemers = rnd.sample(rest, min(10, len(rest)))
            if dagen_geleden == 60 and demo_professional:
                deelnemers.append(demo_professional)  # "Mijn trainingen" has something to show
            _verleden(
                bewust,
                vandaag - timedelta(days=dagen_geleden),
                1,
                deelnemers,
                regisseur,
                rnd,
                "",
                dagdeel=True,
            )

        # Coming: a basic training nearly full (the demo professional can still sign up, the
        # next one lands on the waiting list), an awareness training, the next terugkomdag.
        komend = services.editie_plannen(
            soort=basis,
            titel="Basistraining najaar",
            locatie="Stadskantoor, zaal Hugo de Groot",
            trainer="Stichting Kennisplatform (extern)",
            capaciteit=12,
            max_per_organisatie=2,
            omschrijving="Dag 1: herkennen. Dag 2: duiden en bespreken. Dag 3: handelen en "
            "samenwerken, met oefencasussen.",
            dagen=[(vandaag + timedelta(days=35 + 7 * i), *DAG) for i in range(3)],
        )
        nieuw = [p for p in rest if p not in (oud + groep1 + groep2)]
        voorstel = services.groep_voorstellen(komend, aantal=11)
        services.personen_indelen(komend, [k.persoon for k in voorstel.gekozen] or nieuw[:11])
        services.editie_plannen(
            soort=bewust,
            locatie="Bibliotheek, zaal 1",
            trainer="Politie Eenheid Den Haag (wijkagent)",
            capaciteit=15,
            dagen=[(vandaag + timedelta(days=20), *DAGDEEL)],
        )
        services.terugkomdagen_plannen(vandaag)
    stdout.write(
        f"Trainingen: {Editie.objects.count()} edities, "
        f"{Inschrijving.objects.filter(voltooid_op__isnull=False).count()} keer voltooid."
    )


def _verleden(soort, eerste, aantal_dagen, deelnemers, regisseur, rnd, seizoen, dagdeel=False):
    """A past edition: its days, the participants enrolled, attendance per day (most came to
    every day; now and then someone missed one), and so completions."""
    tijden = DAGDEEL if dagdeel else DAG
    editie = services.editie_plannen(
        soort=soort,
        titel=f"{soort.naam} {seizoen}".strip() if seizoen else "",
        locatie="Stadskantoor, zaal Hugo de Groot",
        trainer="Stichting Kennisplatform (extern)" if aantal_dagen > 1 else "Netwerkregisseur",
        capaciteit=max(len(deelnemers), 1) + 2,
        dagen=[(eerste + timedelta(days=7 * i), *tijden) for i in range(aantal_dagen)],
        inschrijving_open=False,
    )
    # Placed a month before the first day, as the regisseur would have done then.
    geplaatst = lokaal(eerste - timedelta(days=30), time(10))
    for persoon in deelnemers:
        Inschrijving.objects.create(
            editie=editie,
            persoon=persoon,
            status=InschrijvingStatus.INGESCHREVEN,
            bron=Bron.REGISSEUR,
            ingeschreven_op=geplaatst,
            versie=1,
        )
    for dag in editie.dagen.all():
        aanwezig = {p.pk for p in deelnemers if rnd.random() < 0.93}
        services.aanwezigheid_vastleggen(dag, aanwezig, door=regisseur)
    return editie


# --- The region's trainings (``demoregio``, manage.py demo_data) ---------------------------------

# One place per this many inhabitants, at least 2 and at most 12 per gemeente.
INWONERS_PER_PLAATS = 20_000


def demo_regio(stdout, *, coordinator, grote_regio: bool = False) -> None:
    """``demoregio``: an awareness training the region offers to every gemeente, with places by
    size and some enrolled in each (in Delft one more than its places: a waiting list), and a
    terugkomdag offered to Delft and Pijnacker-Nootdorp only. Run again (``--regio``), the
    awareness training is offered to the gemeenten that came since."""
    from . import regionaal
    from .models import RegionaleEditie

    gemeenten = list(regionaal.gemeenten_te_kiezen().values_list("pk", "naam", "inwoners"))
    plaatsen = {
        pk: max(2, min(12, (inwoners or 40_000) // INWONERS_PER_PLAATS))
        for pk, _naam, inwoners in gemeenten
    }
    vandaag = timezone.localdate()
    bewust = RegionaleEditie.objects.filter(titel=BEWUST).first()
    if bewust is None:
        nieuw = {pk for pk, _n, _i in gemeenten}
        bewust = regionaal.regionale_editie_aanbieden(
            editie=RegionaleEditie(
                soort="bewustwording",
                titel=BEWUST,
                locatie="Provinciehuis, Zuid-Hollandplein 1, Den Haag",
                trainer="Team Radicalisering en Polarisatie van de regio",
                omschrijving="Een dagdeel voor eerstelijns professionals van alle gemeenten samen.",
            ),
            dagen=[(vandaag + timedelta(days=33), *DAGDEEL)],
            aanbod=plaatsen,
            door=coordinator,
        ).editie
        eigen = [pk for pk, naam, _i in gemeenten if naam in ("Delft", "Pijnacker-Nootdorp")]
        regionaal.regionale_editie_aanbieden(
            editie=RegionaleEditie(
                soort="terugkomdag",
                titel="Regionale terugkomdag: online polarisatie",
                locatie="Stadhuis Delft, Stationsplein 1",
                trainer="Anna de Wit",
            ),
            dagen=[(vandaag + timedelta(days=61), *DAGDEEL)],
            aanbod=dict.fromkeys(eigen, 8),
            door=coordinator,
        )
    else:
        al = dict(bewust.aanbod.values_list("gemeente_id", "plaatsen"))
        nieuw = set(plaatsen) - set(al)
        if nieuw and not bewust.is_geannuleerd:
            regionaal.regionale_editie_wijzigen(
                editie=bewust, velden={}, aanbod={**plaatsen, **al}, door=coordinator
            )
        else:
            nieuw = set()
    for pk, naam, _inwoners in gemeenten:
        if pk in nieuw:
            _regionaal_inschrijven(
                bewust, pk, plaatsen[pk] + 1 if naam == "Delft" else plaatsen[pk] // 2
            )
    stdout.write(
        f"Regionale trainingen: aangeboden aan {len(nieuw)} gemeente(n) erbij; de "
        "regiocoördinator ziet ze op /regio/trainingen/."
    )


BEWUST = "Regionale bewustwordingstraining"


def _regionaal_inschrijven(regionale_editie, gemeente_id: int, aantal: int) -> None:
    """The first ``aantal`` aandachtsfunctionarissen of the gemeente, enrolled by its regisseur
    in its copy of the regional training."""
    from regio.scope import gemeente_actief

    with gemeente_actief(gemeente_id):
        kopie = Editie.objects.get(regionale_editie=regionale_editie, status="gepland")
        personen = (
            Persoon.objects.filter(
                pk__in=Aandachtsfunctionaris.objects.filter(actief=True).values("persoon")
            )
            .exclude(email="")
            .order_by("pk")
        )
        for persoon in personen[:aantal]:
            services.persoon_inschrijven(kopie, persoon, bron=Bron.REGISSEUR)
