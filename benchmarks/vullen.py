"""The benchmark's data generator: fills the database of DATABASE_URL for one size.

    python -m benchmarks.vullen --grootte 1x|2x|10x|scale     (run by benchmarks.runner)

- ``1x``: ``migrate`` and the demo data (``manage.py demo_data``, about 170 persons, 60 signals,
  36 meetings, 790 invitations, 150 aandachtsfunctionarissen).
- ``2x`` and ``10x``: a copy of 1x topped up to two or ten times its number of persons, signals
  (with their case-flow steps), meetings, invitations, aandachtsfunctionarissen and completed
  trainings. ``2x`` exists for the smoke test.
- ``scale``: a copy of 1x topped up to the issue's region: 10,000 persons, 100,000 signals with
  about 460,000 case-flow steps, 2,000 meetings, 50,000 invitations, 6,000
  aandachtsfunctionarissen and 3,600 completed trainings, and 37 gemeenten more.
- The region's trainings (``_regionale_trainingen``): at 1x 30 trainings beside the demo's,
  each offered to every gemeente; at scale these and the demo's awareness training offered to
  the 37 gemeenten too, each gemeente with its own copy and a few of its people enrolled.

Everything is made with the real models and ``bulk_create`` (no signals, no audit log, no
e-mail), deterministically (a fixed random seed), and ends with ``VACUUM ANALYZE`` so that the
planner knows the sizes, as it would in a database that grew to them.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as tijd

SCALE = {
    "personen": 10_000,
    "signalen": 100_000,
    "bijeenkomsten": 2_000,
    "uitnodigingen": 50_000,
    "aandachtsfunctionarissen": 6_000,
    "voltooid": 3_600,
}
VEELVOUD = {"2x": 2, "10x": 10}
GROOTTES = ("1x", "2x", "10x", "scale")
BATCH = 5_000


def _namen(tekst: str, scheiding: str) -> list[str]:
    return tekst.split(scheiding)


VOORNAMEN = _namen(
    "Anna Bram Chris Daan Emma Fatima Gijs Hanna Ilse Jan Karim Lotte Mohamed Noor Olga Pieter "
    "Quinten Rachid Sanne Thijs Umar Vera Wouter Yara Zeynep Ahmet Bas Cor Dewi Eline Fleur "
    "Hamza Inge Joost Kees Linda Mehmet Nadia Omar Priya Rik Samira Tom Youssef",
    " ",
)
ACHTERNAMEN = _namen(
    "de Vries|Jansen|van den Berg|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|"
    "Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|"
    "Yilmaz|Kaya|El Amrani|Bouzid|Öztürk|Demir|Ramdin|Kartosen|Nguyen|Ertürk|Şahin|Mahabier",
    "|",
)

# Case-flow paths (after "" -> ingediend); signal i takes PADEN[i % 10] and, when it is
# recent, stops partway. With "" -> ingediend that is about 4.6 steps per signal.
_KORT = ("in_behandeling", "weging", "afgesloten")
_MONITOREN = ("in_behandeling", "weging", "monitoren", "afgesloten")
PADEN = (
    _KORT,
    _MONITOREN,
    _KORT,
    ("in_behandeling", "weging", "casusoverleg", "doorverwezen", "afgesloten"),
    _KORT,
    _MONITOREN,
    ("in_behandeling", "aanvulling_gevraagd", "in_behandeling", "weging", "afgesloten"),
    _KORT,
    _MONITOREN,
    _KORT,
)


def tellingen() -> dict[str, int]:
    from bijeenkomsten.models import Bijeenkomst, Uitnodiging
    from netwerk.models import Aandachtsfunctionaris, Persoon
    from signalen.models import Signaal
    from trainingen.models import Inschrijving

    return {
        "personen": Persoon.objects.count(),
        "signalen": Signaal.objects.count(),
        "bijeenkomsten": Bijeenkomst.objects.count(),
        "uitnodigingen": Uitnodiging.objects.count(),
        "aandachtsfunctionarissen": Aandachtsfunctionaris.objects.count(),
        "voltooid": Inschrijving.objects.filter(voltooid_op__isnull=False).count(),
    }


def doel(grootte: str, nu: dict[str, int]) -> dict[str, int]:
    """The totals for ``grootte``, given the counts of 1x in ``nu``."""
    if grootte == "scale":
        return dict(SCALE)
    return {k: v * VEELVOUD[grootte] for k, v in nu.items()}


def _stap(naam: str, begin: float) -> float:
    print(f"  {naam}: {time.perf_counter() - begin:.1f} s", flush=True)
    return time.perf_counter()


# The region of the seeds (Oost-Brabant): 38 gemeenten. The benchmark's own gemeente (the first,
# the largest) keeps most of the data, as a city of 250,000 would; the other 37 get a share of
# the new signals (with their steps), a few thousand each of the larger ones, a few hundred the
# smaller, so the region's figures (/regio/) group over every gemeente.
REGIO_GEMEENTEN = 36  # with the demo's two: the 38 of the seeds' region
REGIO_AANDEEL = 0.10


def _regio_maken(rnd, signaal_ids: list[int], t: float) -> float:
    from regio.models import EERSTE_GEMEENTE, Gemeente
    from regio.scope import alle_gemeenten
    from signalen.models import Overgang, Signaal

    with alle_gemeenten():
        # Inhabitants as in the seeds' region: the benchmark's own a city of 250,000, four of
        # 50,000, the others 15,000-30,000 (the region's figures compare per 10,000).
        Gemeente.objects.filter(pk=EERSTE_GEMEENTE).update(inwoners=250_000)
        gemeenten = Gemeente.objects.bulk_create(
            Gemeente(
                naam=f"Bench-gemeente {i + 2:02}",
                doet_mee_aan_overeenkomsten=True,
                inwoners=50_000 if i < 4 else rnd.randint(15_000, 30_000),
            )
            for i in range(REGIO_GEMEENTEN)
        )
        gewichten = [5 if i < 4 else 1 for i in range(REGIO_GEMEENTEN)]  # a few of 50,000
        gekozen = rnd.sample(signaal_ids, int(len(signaal_ids) * REGIO_AANDEEL))
        per_gemeente: dict[int, list[int]] = {}
        for pk in gekozen:
            gemeente = rnd.choices(gemeenten, weights=gewichten)[0]
            per_gemeente.setdefault(gemeente.pk, []).append(pk)
        for gemeente_id, ids in per_gemeente.items():
            Signaal.objects.filter(pk__in=ids).update(gemeente_id=gemeente_id)
            Overgang.objects.filter(signaal_id__in=ids).update(gemeente_id=gemeente_id)
    return _stap(f"{REGIO_GEMEENTEN} gemeenten erbij, {len(gekozen)} signalen daarheen", t)


# The region's trainings (/regio/trainingen/, ``trainingen.regionaal``). The demo has two: the
# awareness training offered to every gemeente (``trainingen.demo.BEWUST``) and a terugkomdag
# offered to two. Beside them come REGIONALE_TRAININGEN more, each offered to every gemeente, so
# the list (25 a page) has two pages; they are made at 1x for the demo's gemeenten, so the
# list's first page holds the same trainings at every size. At scale the awareness training and
# these are offered to the 37 gemeenten that come with the region too: per gemeente its places
# (``RegionaalAanbod``), its own copy (an ``Editie`` of its own kind of training, one day) and
# a few of its own people enrolled or waiting. A gemeente without kinds of training or people
# (made by bulk_create, no events) gets the starting kinds and PERSONEN_PER_GEMEENTE persons.
REGIONALE_TRAININGEN = 30
REGIONALE_TITEL = "Regionale training (bench {:02})"
PERSONEN_PER_GEMEENTE = 10
PLAATSEN = (3, 8)  # places per gemeente; PLAATSEN[1] + 2 <= PERSONEN_PER_GEMEENTE


def _regionale_trainingen(rnd, t: float) -> float:
    from django.db.models import Count, Q
    from django.utils import timezone

    from netwerk.models import Persoon, zoektekst
    from regio.models import Gemeente
    from regio.scope import alle_gemeenten
    from trainingen import regionaal
    from trainingen.demo import BEWUST
    from trainingen.models import (
        Bron,
        Editie,
        EditieStatus,
        Inschrijving,
        InschrijvingStatus,
        RegionaalAanbod,
        RegionaleEditie,
        RegionaleTrainingsdag,
        Rol,
        Trainingsdag,
        Trainingssoort,
    )
    from trainingen.startsoorten import SOORTEN

    nu = timezone.now()
    vandaag = timezone.localdate()
    with alle_gemeenten():
        gemeenten = list(Gemeente.objects.gemeenten().order_by("pk").values_list("pk", flat=True))

        # The starting kinds of training, for a gemeente that has none.
        met_soorten = set(Trainingssoort.objects.values_list("gemeente_id", flat=True))
        zonder = [g for g in gemeenten if g not in met_soorten]
        basisgegevens = next(s for s in SOORTEN if s["rol"] == Rol.BASISTRAINING)
        basis = {
            s.gemeente_id: s.pk
            for s in Trainingssoort.objects.bulk_create(
                Trainingssoort(gemeente_id=g, **basisgegevens) for g in zonder
            )
        }
        Trainingssoort.objects.bulk_create(
            Trainingssoort(
                gemeente_id=g,
                verlengt_id=basis[g] if gegevens["rol"] == Rol.TERUGKOMDAG else None,
                **gegevens,
            )
            for g in zonder
            for gegevens in SOORTEN
            if gegevens is not basisgegevens
        )
        per_rol, per_naam = {}, {}
        soorten = Trainingssoort.objects.filter(gemeente_id__in=gemeenten).order_by("pk")
        for pk, g, naam, rol in soorten.values_list("pk", "gemeente_id", "naam", "rol"):
            per_naam.setdefault((g, naam), pk)
            if rol:
                per_rol.setdefault((g, rol), pk)

        def soort_id(sleutel: str, g: int) -> int:
            # As regionaal.soort_in_gemeente: the kind of the role, else the kind of the name.
            gegevens = next(s for s in SOORTEN if s["naam"] == regionaal.soortnaam(sleutel))
            if gegevens["rol"] and (g, gegevens["rol"]) in per_rol:
                return per_rol[(g, gegevens["rol"])]
            return per_naam[(g, gegevens["naam"])]

        # The trainings of the list (at 1x; a copy of 1x has them already), a day each: from
        # four months ahead back over about a year and a half, every tenth cancelled.
        if not RegionaleEditie.objects.filter(titel=REGIONALE_TITEL.format(1)).exists():
            sleutels = ("bewustwording", "informatie-delen")
            nieuw = []
            for i in range(REGIONALE_TRAININGEN):
                dag = vandaag + timedelta(days=120 - 19 * i)
                nieuw.append(
                    RegionaleEditie(
                        soort=sleutels[i % len(sleutels)],
                        titel=REGIONALE_TITEL.format(i + 1),
                        locatie=f"Regiokantoor, zaal {1 + i % 4}",
                        trainer="Team Radicalisering en Polarisatie van de regio",
                        omschrijving="Benchmark: een dagdeel voor de gemeenten van de regio.",
                        status=EditieStatus.GEANNULEERD if i % 10 == 9 else EditieStatus.GEPLAND,
                        eerste_dag=dag,
                        laatste_dag=dag,
                    )
                )
            nieuw = RegionaleEditie.objects.bulk_create(nieuw)
            RegionaleTrainingsdag.objects.bulk_create(
                RegionaleTrainingsdag(
                    regionale_editie=e,
                    volgnummer=1,
                    datum=e.eerste_dag,
                    begintijd=tijd(9, 30),
                    eindtijd=tijd(12, 30),
                )
                for e in nieuw
            )
        voor_iedereen = list(
            RegionaleEditie.objects.filter(
                Q(titel=BEWUST) | Q(titel__startswith=REGIONALE_TITEL.split("{")[0])
            )
            .prefetch_related("dagen")
            .order_by("pk")
        )

        # Offered to every gemeente that does not have it yet: places, copy, its day.
        al = set(
            RegionaalAanbod.objects.filter(regionale_editie__in=voor_iedereen).values_list(
                "regionale_editie_id", "gemeente_id"
            )
        )
        erbij = [(e, g) for e in voor_iedereen for g in gemeenten if (e.pk, g) not in al]
        plaatsen = [rnd.randint(*PLAATSEN) for _ in erbij]
        RegionaalAanbod.objects.bulk_create(
            RegionaalAanbod(regionale_editie=e, gemeente_id=g, plaatsen=n)
            for (e, g), n in zip(erbij, plaatsen, strict=True)
        )
        kopieen = Editie.objects.bulk_create(
            (
                Editie(
                    gemeente_id=g,
                    soort_id=soort_id(e.soort, g),
                    titel=e.titel,
                    locatie=e.locatie,
                    trainer=e.trainer,
                    omschrijving=e.omschrijving,
                    capaciteit=n,
                    status=e.status,
                    regionale_editie=e,
                    eerste_dag=e.eerste_dag,
                    laatste_dag=e.laatste_dag,
                )
                for (e, g), n in zip(erbij, plaatsen, strict=True)
            ),
            batch_size=BATCH,
        )
        Trainingsdag.objects.bulk_create(
            (
                Trainingsdag(
                    gemeente_id=kopie.gemeente_id,
                    editie=kopie,
                    volgnummer=dag.volgnummer,
                    datum=dag.datum,
                    begintijd=dag.begintijd,
                    eindtijd=dag.eindtijd,
                )
                for kopie, (e, _g) in zip(kopieen, erbij, strict=True)
                for dag in e.dagen.all()
            ),
            batch_size=BATCH,
        )

        # People of their own for the gemeenten that have (almost) none.
        aantallen = dict(
            Persoon.objects.filter(gemeente_id__in=gemeenten)
            .values_list("gemeente_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        nieuwe_personen = []
        for g in gemeenten:
            if aantallen.get(g, 0) >= PERSONEN_PER_GEMEENTE:
                continue
            for i in range(PERSONEN_PER_GEMEENTE):
                voornaam = VOORNAMEN[(g + i) % len(VOORNAMEN)]
                achternaam = ACHTERNAMEN[(g * 7 + i) % len(ACHTERNAMEN)]
                email = f"bench-g{g}-{i}@voorbeeld.nl"
                nieuwe_personen.append(
                    Persoon(
                        gemeente_id=g,
                        voornaam=voornaam,
                        achternaam=achternaam,
                        email=email,
                        zoeknaam=zoektekst(f"{voornaam} {achternaam}", email),
                    )
                )
        Persoon.objects.bulk_create(nieuwe_personen)

        # A few of the gemeente's own people in each copy in force that has nobody yet:
        # enrolled, and when that fills it, one or two on the waiting list.
        leeg = list(
            Editie.objects.filter(
                regionale_editie__in=voor_iedereen,
                gemeente_id__in=gemeenten,
                status=EditieStatus.GEPLAND,
            )
            .annotate(n=Count("inschrijvingen"))
            .filter(n=0)
            .order_by("pk")
            .values_list("pk", "gemeente_id", "capaciteit")
        )
        personen: dict[int, list[int]] = {}
        for g, pk in (
            Persoon.objects.filter(
                gemeente_id__in={g for _e, g, _c in leeg}, geanonimiseerd_op__isnull=True
            )
            .order_by("gemeente_id", "pk")
            .values_list("gemeente_id", "pk")
        ):
            if len(personen.setdefault(g, [])) < PERSONEN_PER_GEMEENTE:
                personen[g].append(pk)
        inschrijvingen = []
        for editie_id, g, capaciteit in leeg:
            ingeschreven = rnd.randint(max(1, capaciteit - 3), capaciteit)
            wachtend = rnd.randint(1, 2) if ingeschreven == capaciteit else 0
            gekozen = rnd.sample(personen[g], min(ingeschreven + wachtend, len(personen[g])))
            for j, persoon_id in enumerate(gekozen):
                moment = nu - timedelta(days=40 - j, hours=rnd.randint(0, 8))
                wacht = j >= ingeschreven
                inschrijvingen.append(
                    Inschrijving(
                        gemeente_id=g,
                        editie_id=editie_id,
                        persoon_id=persoon_id,
                        status=(
                            InschrijvingStatus.WACHTLIJST
                            if wacht
                            else InschrijvingStatus.INGESCHREVEN
                        ),
                        bron=Bron.REGISSEUR,
                        ingeschreven_op=None if wacht else moment,
                        wachtlijst_sinds=moment if wacht else None,
                        versie=1,
                    )
                )
        Inschrijving.objects.bulk_create(inschrijvingen, batch_size=BATCH)
    return _stap(
        f"regionale trainingen: {len(voor_iedereen)} aan alle {len(gemeenten)} gemeenten, "
        f"{len(kopieen)} kopieën erbij, {len(nieuwe_personen)} personen, "
        f"{len(inschrijvingen)} inschrijvingen",
        t,
    )


def bijvullen(grootte: str) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts import rollen
    from accounts.models import User
    from bijeenkomsten.models import Antwoord, Bijeenkomst, Uitnodiging
    from netwerk.models import (
        Aandachtsfunctionaris,
        Domein,
        Netwerk,
        Organisatie,
        Persoon,
        zoektekst,
    )
    from signalen import koppelen
    from signalen.casusverloop import Doorverwijzing
    from signalen.models import Betreft, Categorie, Overgang, Signaal, Urgentie
    from trainingen.models import (
        Editie,
        Inschrijving,
        InschrijvingStatus,
        Rol,
        Trainingsdag,
        Trainingssoort,
    )

    rnd = random.Random(20260101)  # noqa: S311 (benchmark data, not security)
    nu_tellingen = tellingen()
    totaal = doel(grootte, nu_tellingen)
    extra = {k: max(totaal[k] - nu_tellingen[k], 0) for k in totaal}
    print(f"  van {nu_tellingen}\n  naar {totaal}", flush=True)
    nu = timezone.now()
    vandaag = timezone.localdate()
    t = time.perf_counter()

    with transaction.atomic():
        # --- organisations and persons --------------------------------------------------------
        domeinen = list(Domein.values)
        n_org = max(extra["aandachtsfunctionarissen"] // 20, 1)
        organisaties = Organisatie.objects.bulk_create(
            Organisatie(naam=f"Bench-organisatie {i}", domein=domeinen[i % len(domeinen)])
            for i in range(n_org)
        )
        personen = []
        for i in range(extra["personen"]):
            voornaam = VOORNAMEN[i % len(VOORNAMEN)]
            achternaam = ACHTERNAMEN[(i // len(VOORNAMEN)) % len(ACHTERNAMEN)]
            email = f"bench{i}@voorbeeld.nl"
            personen.append(
                Persoon(
                    voornaam=voornaam,
                    achternaam=achternaam,
                    email=email,
                    telefoon=f"+316{10000000 + i}",
                    zoeknaam=zoektekst(f"{voornaam} {achternaam}", email),
                )
            )
        personen = Persoon.objects.bulk_create(personen, batch_size=BATCH)
        t = _stap(f"{len(personen)} personen", t)

        n_af = min(extra["aandachtsfunctionarissen"], len(personen))
        Aandachtsfunctionaris.objects.bulk_create(
            (
                Aandachtsfunctionaris(
                    persoon=personen[i],
                    organisatie=organisaties[i % len(organisaties)],
                    functie="Aandachtsfunctionaris",
                    sinds=vandaag - timedelta(days=30 + (i * 37) % 2000),
                )
                for i in range(n_af)
            ),
            batch_size=BATCH,
        )
        t = _stap(f"{n_af} aandachtsfunctionarissen", t)

        # --- signals and their case flow ------------------------------------------------------
        melders = list(User.objects.filter(groups__name=rollen.PROFESSIONAL)) or [None]
        melder_org = Organisatie.objects.filter(
            aandachtsfunctionarissen__persoon__account__in=[m for m in melders if m]
        ).first()
        categorieen = list(Categorie.values)
        urgenties = list(Urgentie.values)
        doorverwijzingen = list(Doorverwijzing.values)
        dagen_terug = 5 * 365
        signalen, paden = [], []
        for i in range(extra["signalen"]):
            ingediend = nu - timedelta(
                days=rnd.uniform(0, dagen_terug), minutes=rnd.randint(0, 600)
            )
            pad = PADEN[i % len(PADEN)]
            leeftijd = (nu - ingediend).days
            if leeftijd < 120:  # recent: somewhere along the way
                pad = pad[: rnd.randint(0, len(pad) - 1)]
            elif i % 17 == 0:  # a few old ones still open (overdue)
                pad = pad[:-1]
            stappen = [("", "ingediend", ingediend)]
            moment = ingediend
            for naar in pad:
                moment = moment + timedelta(days=rnd.uniform(0.5, min(20, leeftijd / 8 + 0.6)))
                moment = min(moment, nu - timedelta(minutes=1))
                stappen.append((stappen[-1][1], naar, moment))
            fase = stappen[-1][1]
            persoon = personen[rnd.randrange(len(personen))] if personen else None
            over_persoon = persoon is not None and i % 10 < 7
            naam = f"{persoon.voornaam} {persoon.achternaam}" if over_persoon else ""
            geboren = date(1990, 1, 1) + timedelta(days=(i * 13) % 7000) if over_persoon else None
            melder = melders[i % len(melders)]
            signalen.append(
                Signaal(
                    referentie=f"S-{ingediend.year}-{i + 1:06d}",
                    melder=melder,
                    melder_organisatie=melder_org if melder else None,
                    categorie=categorieen[i % len(categorieen)],
                    waarneming="Benchmark: een waarneming van enkele zinnen over wat er is "
                    "gezien of gehoord, zoals een melder die zou opschrijven.",
                    waargenomen_op=ingediend.date(),
                    betreft=Betreft.PERSOON if over_persoon else Betreft.GROEP,
                    persoon_naam=naam,
                    persoon_geboortedatum=geboren,
                    omschrijving_betrokkene="" if over_persoon else "Een groep jongeren",
                    urgentie=urgenties[i % len(urgenties)],
                    fase=fase,
                    fase_sinds=stappen[-1][2],
                    ingediend_op=ingediend,
                    afgesloten_op=stappen[-1][2] if fase == "afgesloten" else None,
                    doorverwezen_naar=(
                        doorverwijzingen[i % len(doorverwijzingen)] if "doorverwezen" in pad else ""
                    ),
                    persoon_sleutel=koppelen.persoon_sleutel(naam, geboren) if naam else "",
                )
            )
            paden.append(stappen)
        signalen = Signaal.objects.bulk_create(signalen, batch_size=BATCH)
        t = _stap(f"{len(signalen)} signalen", t)

        def overgangen():
            for signaal, stappen in zip(signalen, paden, strict=True):
                for van, naar, op in stappen:
                    yield Overgang(
                        signaal_id=signaal.pk,
                        van=van,
                        naar=naar,
                        op=op,
                        door=signaal.melder if van == "" else None,
                        notitie="" if van == "" else "Benchmark: notitie bij de stap.",
                        doorverwezen_naar=(
                            signaal.doorverwezen_naar if naar == "doorverwezen" else ""
                        ),
                    )

        n_overgangen = 0
        buffer = []
        for overgang in overgangen():
            buffer.append(overgang)
            if len(buffer) >= BATCH:
                Overgang.objects.bulk_create(buffer)
                n_overgangen += len(buffer)
                buffer = []
        Overgang.objects.bulk_create(buffer)
        n_overgangen += len(buffer)
        t = _stap(f"{n_overgangen} stappen in het casusverloop", t)

        # --- meetings and invitations ---------------------------------------------------------
        netwerken = list(Netwerk.objects.all()) or [None]
        bijeenkomsten = []
        for i in range(extra["bijeenkomsten"]):
            # Mostly in the past five years, one in ten in the coming four months.
            if i % 10 == 0:
                begin = nu + timedelta(days=1 + i % 120)
            else:
                begin = nu - timedelta(days=1 + (i * 7) % dagen_terug)
            begin = begin.replace(hour=13, minute=0, second=0, microsecond=0)
            bijeenkomsten.append(
                Bijeenkomst(
                    netwerk=netwerken[i % len(netwerken)],
                    titel=f"Netwerkoverleg {i}",
                    begin=begin,
                    einde=begin + timedelta(hours=2),
                    locatie="Stadhuis",
                    agenda="Opening, signalen, rondvraag.",
                )
            )
        bijeenkomsten = Bijeenkomst.objects.bulk_create(bijeenkomsten, batch_size=BATCH)
        t = _stap(f"{len(bijeenkomsten)} bijeenkomsten", t)

        uitnodigingen = []
        if bijeenkomsten and personen:
            per = -(-extra["uitnodigingen"] // len(bijeenkomsten))
            antwoorden = [*Antwoord.values, ""]
            for i in range(extra["uitnodigingen"]):
                b = bijeenkomsten[i // per]
                verleden = b.begin < nu
                uitnodigingen.append(
                    Uitnodiging(
                        bijeenkomst=b,
                        persoon=personen[(i * 7 + i // per) % len(personen)],
                        antwoord=antwoorden[i % len(antwoorden)],
                        beantwoord_op=b.begin - timedelta(days=3) if i % 4 != 3 else None,
                        verstuurd_op=b.begin - timedelta(days=14),
                        aanwezig=(i % 3 != 0) if verleden else None,
                    )
                )
            # Persons repeat within a meeting only when there are fewer persons than places.
            uitnodigingen = Uitnodiging.objects.bulk_create(
                uitnodigingen, batch_size=BATCH, ignore_conflicts=True
            )
        t = _stap(f"{len(uitnodigingen)} uitnodigingen", t)

        # --- completed trainings --------------------------------------------------------------
        basis = (
            Trainingssoort.objects.filter(rol=Rol.BASISTRAINING).first()
            or Trainingssoort.objects.first()
        )
        n_voltooid = min(extra["voltooid"], n_af)
        if basis is not None and n_voltooid:
            per_editie = 150
            edities = []
            for j in range(-(-n_voltooid // per_editie)):
                dag = vandaag - timedelta(days=60 + j * 45)
                edities.append(
                    Editie(
                        soort=basis,
                        titel=f"Basistraining (bench {j})",
                        locatie="Stadskantoor",
                        capaciteit=per_editie,
                        inschrijving_open=False,
                        eerste_dag=dag,
                        laatste_dag=dag,
                    )
                )
            edities = Editie.objects.bulk_create(edities)
            Trainingsdag.objects.bulk_create(
                Trainingsdag(
                    editie=e,
                    volgnummer=1,
                    datum=e.eerste_dag,
                    begintijd=tijd(9, 30),
                    eindtijd=tijd(16, 30),
                )
                for e in edities
            )
            Inschrijving.objects.bulk_create(
                (
                    Inschrijving(
                        editie=edities[i // per_editie],
                        persoon=personen[i * 5 % n_af] if n_af >= 5 else personen[i],
                        status=InschrijvingStatus.INGESCHREVEN,
                        ingeschreven_op=datetime.combine(
                            edities[i // per_editie].eerste_dag, tijd(9), tzinfo=nu.tzinfo
                        )
                        - timedelta(days=30),
                        voltooid_op=edities[i // per_editie].eerste_dag,
                    )
                    for i in range(n_voltooid)
                ),
                batch_size=BATCH,
                ignore_conflicts=True,
            )
        t = _stap(f"{n_voltooid} voltooide trainingen", t)

        if grootte == "scale":
            t = _regio_maken(rnd, [s.pk for s in signalen], t)
            t = _regionale_trainingen(rnd, t)

    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    _stap("VACUUM ANALYZE", t)
    print(f"  resultaat {tellingen()}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--grootte", choices=GROOTTES, required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    begin = time.perf_counter()
    if args.grootte == "1x":
        call_command("migrate", verbosity=0)
        # demo_data refuses with DEBUG off (known passwords); this database is a throwaway.
        with override_settings(DEBUG=True):
            call_command("demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
        from django.db import connection, transaction

        with transaction.atomic():
            _regionale_trainingen(random.Random(20260102), time.perf_counter())  # noqa: S311

        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    else:
        from regio.models import EERSTE_GEMEENTE
        from regio.scope import gemeente_actief

        # The benchmark's data is one gemeente's, the installation's first (docs/regio.md).
        with gemeente_actief(EERSTE_GEMEENTE):
            bijvullen(args.grootte)
    print(f"  {args.grootte} gevuld in {time.perf_counter() - begin:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
