"""The benchmark's databases on the PostgreSQL server of DATABASE_URL (never that database).

Per size ``g`` there are two: the template ``<voorvoegsel>_<g>_sjabloon``, generated once and
kept as a cache, and the working copy ``<voorvoegsel>_<g>``, cloned from it for every run
(``CREATE DATABASE ... TEMPLATE``, a file copy: seconds even at scale) and dropped afterwards,
so what a run writes (sessions, answers) never reaches the next run. A template carries a
fingerprint of the migrations, the demo data and the generator in its comment; when that no
longer matches, it is generated again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from benchmarks.outbox import _server_verbinding

BASE_DIR = Path(__file__).resolve().parent.parent
VOORVOEGSEL = "netwerkregie_bench"


def url_voor(url: str, naam: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + naam))


def vingerafdruk(grootte: str) -> str:
    """What the generated data depends on: the migrations, the demo data and the generator."""
    h = hashlib.sha256(grootte.encode())
    bestanden = sorted(BASE_DIR.glob("*/migrations/*.py"))
    bestanden += sorted(BASE_DIR.glob("*/demo.py"))
    bestanden += [
        BASE_DIR / "accounts/management/commands/demo_data.py",
        BASE_DIR / "benchmarks/vullen.py",
    ]
    for pad in bestanden:
        h.update(str(pad.relative_to(BASE_DIR)).encode())
        h.update(pad.read_bytes())
    return "netwerkregie-bench " + h.hexdigest()[:24]


def _uitvoeren(url: str, sql_tekst: str, *params):
    verbinding = _server_verbinding(url)
    try:
        with verbinding.cursor() as cur:
            cur.execute(sql_tekst, params or None)
            return cur.fetchall() if cur.description else None
    finally:
        verbinding.close()


def commentaar(url: str, naam: str) -> str | None:
    """The comment of database ``naam``; None when it does not exist."""
    rijen = _uitvoeren(
        url,
        "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database "
        "WHERE datname = %s",
        naam,
    )
    return rijen[0][0] if rijen else None


def aanmaken(url: str, naam: str, *, sjabloon: str | None = None, opmerking: str = "") -> None:
    from psycopg2 import sql

    verwijderen(url, naam)
    opdracht = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam))
    if sjabloon:
        opdracht += sql.SQL(" TEMPLATE {}").format(sql.Identifier(sjabloon))
    verbinding = _server_verbinding(url)
    try:
        with verbinding.cursor() as cur:
            cur.execute(opdracht)
            if opmerking:
                markeren(url, naam, opmerking, cur=cur)
    finally:
        verbinding.close()


def markeren(url: str, naam: str, opmerking: str, *, cur=None) -> None:
    from psycopg2 import sql

    opdracht = sql.SQL("COMMENT ON DATABASE {} IS {}").format(
        sql.Identifier(naam), sql.Literal(opmerking)
    )
    if cur is not None:
        cur.execute(opdracht)
        return
    verbinding = _server_verbinding(url)
    try:
        with verbinding.cursor() as eigen:
            eigen.execute(opdracht)
    finally:
        verbinding.close()


def verwijderen(url: str, naam: str) -> None:
    """Drop ``naam`` (only ever a benchmark database), ending its leftover connections."""
    from psycopg2 import sql

    assert naam.startswith(VOORVOEGSEL) or "_bench" in naam, naam
    verbinding = _server_verbinding(url)
    try:
        with verbinding.cursor() as cur:
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (naam,),
            )
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(naam)))
    finally:
        verbinding.close()


def lijst(url: str, voorvoegsel: str) -> list[str]:
    rijen = _uitvoeren(
        url,
        "SELECT datname FROM pg_database WHERE datname LIKE %s ORDER BY datname",
        voorvoegsel.replace("_", r"\_") + r"\_%",
    )
    return [r[0] for r in rijen]
