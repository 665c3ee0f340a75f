"""Benchmark of trainings at the size of a large region: who still needs training and coverage
for N aandachtsfunctionarissen, the mixed-group proposal, and many people signing up for the same
edition at once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/netwerkregie \\
    .venv/bin/python benchmarks/trainingen.py [--aantal 3000] [--tegelijk 40]

Like ``outbox.py`` it never touches the data in DATABASE_URL: it creates a database of its own
(``netwerkregie_benchmark``) on that server, migrates it and drops it afterwards.

Steps: make ``--aantal`` aandachtsfunctionarissen over ``--aantal``/20 organisations in every
domain, 60 % of them with a completed basic training spread over three years; time
``geldigheid.overzicht`` + ``dekking`` + ``als_csv`` (what the two report pages do) and
``groep_voorstellen`` for a group of 16, counting their SQL queries; then ``--rondes`` times let
``--tegelijk`` threads (each its own connection) sign up for an edition of 16 places at the same
moment, and check that exactly 16 got a place. Exits non-zero when a place too many was given.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from benchmarks.outbox import database_maken, database_opruimen  # noqa: E402


def vullen(aantal: int) -> None:
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from netwerk.models import Aandachtsfunctionaris, Domein, Organisatie, Persoon
    from trainingen import services
    from trainingen.models import Inschrijving, InschrijvingStatus, Rol, Trainingssoort

    basis = Trainingssoort.objects.get(rol=Rol.BASISTRAINING)
    vandaag = timezone.localdate()
    domeinen = Domein.values
    with transaction.atomic():
        organisaties = Organisatie.objects.bulk_create(
            Organisatie(naam=f"Organisatie {i}", domein=domeinen[i % len(domeinen)])
            for i in range(max(aantal // 20, 1))
        )
        personen = Persoon.objects.bulk_create(
            Persoon(voornaam=f"Voornaam{i}", achternaam=f"Achternaam{i}", email=f"af{i}@b.nl")
            for i in range(aantal)
        )
        Aandachtsfunctionaris.objects.bulk_create(
            Aandachtsfunctionaris(persoon=p, organisatie=organisaties[i % len(organisaties)])
            for i, p in enumerate(personen)
        )
        edities = [
            services.editie_plannen(
                soort=basis,
                locatie="Zaal",
                capaciteit=aantal,
                dagen=[(vandaag + timedelta(days=10), *_dag())],
            )
            for _ in range(6)
        ]
        Inschrijving.objects.bulk_create(
            Inschrijving(
                editie=edities[i % 6],
                persoon=p,
                status=InschrijvingStatus.INGESCHREVEN,
                voltooid_op=vandaag - timedelta(days=(i * 7) % 1100),
            )
            for i, p in enumerate(personen)
            if i % 5 < 3
        )


def _dag():
    from datetime import time as t

    return t(9, 0), t(16, 30)


def gemeten(naam, functie):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        begin = time.perf_counter()
        uitkomst = functie()
        duur = time.perf_counter() - begin
    print(f"{naam:<48} {duur * 1000:8.0f} ms  {len(queries):4d} queries")
    return uitkomst


def tegelijk_inschrijven(tegelijk: int, rondes: int) -> int:
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from netwerk.models import Persoon
    from trainingen import services
    from trainingen.models import Rol, Trainingssoort

    basis = Trainingssoort.objects.get(rol=Rol.BASISTRAINING)
    personen = list(Persoon.objects.order_by("pk")[: tegelijk * rondes])
    te_veel = 0
    for ronde in range(rondes):
        editie = services.editie_plannen(
            soort=basis,
            locatie="Zaal",
            capaciteit=16,
            dagen=[(timezone.localdate() + timedelta(days=30), *_dag())],
        )
        groep = personen[ronde * tegelijk : (ronde + 1) * tegelijk]
        start = threading.Barrier(len(groep))
        fouten = []

        def run(persoon, editie=editie, start=start, fouten=fouten):
            try:
                start.wait()
                services.persoon_inschrijven(editie, persoon)
            except Exception as e:  # noqa: BLE001
                fouten.append(e)
            finally:
                connection.close()

        begin = time.perf_counter()
        threads = [threading.Thread(target=run, args=(p,)) for p in groep]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        duur = time.perf_counter() - begin
        bezet = services.bezet(editie)
        wachtend = editie.inschrijvingen.filter(status="wachtlijst").count()
        te_veel += max(bezet - editie.capaciteit, 0)
        print(
            f"ronde {ronde + 1}: {len(groep)} tegelijk in {duur * 1000:.0f} ms → "
            f"{bezet} plaatsen, {wachtend} wachtlijst, {len(fouten)} fouten"
        )
    return te_veel


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aantal", type=int, default=3000)
    parser.add_argument("--tegelijk", type=int, default=40)
    parser.add_argument("--rondes", type=int, default=5)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        print("DATABASE_URL moet naar PostgreSQL wijzen.", file=sys.stderr)
        return 2
    os.environ["DATABASE_URL"] = database_maken(database_url)
    try:
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        os.environ["DEBUG"] = "false"
        os.environ.setdefault("SECRET_KEY", "benchmark-" + secrets.token_urlsafe(40))
        os.environ.setdefault("SIGNALEN_KOPPELSLEUTEL", "benchmark-" + secrets.token_urlsafe(40))
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        import django

        django.setup()
        from unittest import mock

        from django.core.management import call_command

        from berichten import services as berichten

        # Messages are only queued in the outbox; nothing is handed to a broker.
        mock.patch.object(berichten, "_in_wachtrij_zetten", lambda pk: None).start()
        call_command("migrate", verbosity=0)
        begin = time.perf_counter()
        vullen(args.aantal)
        print(
            f"{args.aantal} aandachtsfunctionarissen gemaakt in {time.perf_counter() - begin:.1f} s"
        )

        from trainingen import geldigheid, services
        from trainingen.models import Editie

        rijen = gemeten("overzicht (wie moet nog getraind worden)", geldigheid.overzicht)
        gemeten("dekking per organisatie en domein", lambda: geldigheid.dekking(rijen))
        gemeten("CSV-export", lambda: geldigheid.als_csv(rijen))
        editie = Editie.objects.first()
        editie.capaciteit = editie.inschrijvingen.count() + 16
        editie.save()
        voorstel = gemeten(
            "groepsvoorstel voor 16 plaatsen", lambda: services.groep_voorstellen(editie)
        )
        print(f"  voorstel: {len(voorstel.gekozen)} gekozen, {len(voorstel.reserve)} reserve")
        te_veel = tegelijk_inschrijven(args.tegelijk, args.rondes)
        print("te veel plaatsen gegeven:", te_veel)
        return 1 if te_veel else 0
    finally:
        from django.db import connections

        connections.close_all()
        database_opruimen(database_url)


if __name__ == "__main__":
    sys.exit(main())
