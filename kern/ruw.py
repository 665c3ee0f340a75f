"""Plain SQL for the hottest reads, used where the ORM's building of a one-row query cost more
CPU than running it (the session, the logged-in user with their roles, the RSVP page and
answer, the reporter's organisations, the wijken of the signal form).

- ``kolommen`` / ``omgezet``: a model's columns in a SELECT of one's own, and the values read
  turned into what Django would give (``Model.from_db``), with the converters Django applies.
- ``voorbereid_uitvoeren``: such a statement as a prepared statement on PostgreSQL.

Imports only Django: ``accounts.rollen`` (which the rest of ``kern`` may import) uses it too.
"""

from __future__ import annotations

import hashlib
import re

from django.db import DatabaseError


def kolommen(model, tabel: str, verbinding, begin: int = 0):
    """The SELECT list of ``model``'s concrete columns under the table alias ``tabel``, their
    attnames, and per column that needs them (position from ``begin``) the converters Django
    applies to its value (datetimes on SQLite, say)."""
    q = verbinding.ops.quote_name
    velden = model._meta.concrete_fields
    omzetters = []
    for i, veld in enumerate(velden, start=begin):
        expressie = veld.get_col(model._meta.db_table)
        lijst = verbinding.ops.get_db_converters(expressie) + expressie.get_db_converters(
            verbinding
        )
        if lijst:
            omzetters.append((i, expressie, lijst))
    select = ", ".join(f"{tabel}.{q(v.column)}" for v in velden)
    return select, [v.attname for v in velden], omzetters


def omgezet(rij, omzetters, verbinding) -> list:
    """The row's values with the converters of ``kolommen`` applied."""
    waarden = list(rij)
    for i, expressie, lijst in omzetters:
        for omzetter in lijst:
            waarden[i] = omzetter(waarden[i], expressie, verbinding)
    return waarden


# --- Prepared statements ------------------------------------------------------------------------
#
# The hottest single-row reads (the
# session read, the logged-in user with their roles above, the RSVP answer, the reporter's
# organisations) are plain SQL already; on PostgreSQL what remains is planning them, which
# costs several times what running them does. A prepared statement is planned once per
# connection (and re-planned by PostgreSQL itself when a table changes), as the dashboard's
# values are (kern.dashboard). Prepared statements outlive a rolled-back transaction; a
# connection that is replaced starts afresh. Not for a connection pooler in transaction mode
# (PgBouncer) nor after ``DISCARD ALL``: both lose them (a statement found missing outside a
# transaction is prepared again; inside one the error stands).

# Only a %s placeholder, nothing else with a percent sign: the SQL of these helpers.
_PLAATSHOUDER = re.compile(r"%s")
_ONTBREEKT = "26000"  # invalid_sql_statement_name: the prepared statement does not exist


def voorbereid_uitvoeren(verbinding, cursor, sql: str, parameters) -> None:
    """``cursor.execute(sql, parameters)``, as a prepared statement on PostgreSQL. ``sql`` is
    a fixed text with %s placeholders (its parameters vary, the text does not)."""
    if verbinding.vendor != "postgresql" or "%%" in sql:
        cursor.execute(sql, parameters)
        return
    ruw = verbinding.connection
    bekend = getattr(verbinding, "_regie_voorbereid", None)
    if bekend is None or bekend[0] is not ruw:  # a new connection: nothing prepared on it
        bekend = verbinding._regie_voorbereid = (ruw, {})
    uitvoeren = bekend[1].get(sql)
    if uitvoeren is None:
        uitvoeren = bekend[1][sql] = _voorbereiden(cursor, sql)
    try:
        cursor.execute(uitvoeren, parameters)
    except DatabaseError as fout:
        code = getattr(fout.__cause__, "pgcode", None)
        if code != _ONTBREEKT or verbinding.in_atomic_block:
            raise
        bekend[1].pop(sql, None)  # lost (DISCARD ALL): prepare again, once
        uitvoeren = bekend[1][sql] = _voorbereiden(cursor, sql)
        cursor.execute(uitvoeren, parameters)


def _voorbereiden(cursor, sql: str) -> str:
    """PREPARE ``sql`` on this connection; returns the EXECUTE with its %s placeholders."""
    naam = "regie_" + hashlib.sha256(sql.encode()).hexdigest()[:20]
    nummers = iter(range(1, sql.count("%s") + 1))
    cursor.execute(f"PREPARE {naam} AS {_PLAATSHOUDER.sub(lambda _m: f'${next(nummers)}', sql)}")
    aantal = sql.count("%s")
    return f"EXECUTE {naam}({', '.join(['%s'] * aantal)})" if aantal else f"EXECUTE {naam}"
