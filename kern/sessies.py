"""The session engine (``SESSION_ENGINE = "kern.sessies"``): Django's database sessions, read
with one plain query that also tells when the session expires.

Sessions stay in PostgreSQL, the one store every web node shares, so a node holds no state of its
own and a Redis outage never logs anyone out. What changes is *when* a session is written: not on
every request (``SESSION_SAVE_EVERY_REQUEST`` is off) but when its data changes, and for activity
at most once per ``SESSION_VERVERSEN_SECONDEN``
(``accounts.middleware.SessieActiviteitMiddleware``). To know whether a session is due, the
middleware reads :attr:`SessionStore.verloopt_op`: the expiry the row had when it was loaded,
from the same query that reads the data, so the check costs nothing.

The read is the query Django's ``SessionStore`` makes (the live row with this key), as plain SQL:
it runs on every request with a session cookie, and through the ORM it cost four times as much
CPU to build as to run. Writing, deleting and clearing expired sessions are Django's own.

On PostgreSQL the read is a prepared statement (``accounts.rollen.voorbereid_uitvoeren``):
planning it each time cost PostgreSQL several times what running it does.
"""

from __future__ import annotations

import functools
from datetime import datetime

from django.contrib.sessions.backends import db
from django.db import connections, models, router
from django.utils import timezone

from .ruw import voorbereid_uitvoeren


class SessionStore(db.SessionStore):
    #: The ``expire_date`` of the row as loaded; None before loading, for a new session or when
    #: there was no live row.
    verloopt_op: datetime | None = None

    def _get_session_from_db(self):
        self.verloopt_op = None
        if not self.session_key:  # no cookie, or a key Django's validation refused
            self._session_key = None
            return None
        alias = router.db_for_read(self.model)
        verbinding = connections[alias]
        sql, omzetters = _lezen(alias, self.model)
        with verbinding.cursor() as cursor:
            nu = verbinding.ops.adapt_datetimefield_value(timezone.now())
            voorbereid_uitvoeren(verbinding, cursor, sql, [self.session_key, nu])
            rij = cursor.fetchone()
        if rij is None:
            self._session_key = None
            return None
        data, verloopt = rij
        expressie = _DATUMTIJD
        for omzetter in omzetters:
            verloopt = omzetter(verloopt, expressie, verbinding)
        self.verloopt_op = verloopt
        return self.model(session_key=self.session_key, session_data=data, expire_date=verloopt)

    async def _aget_session_from_db(self):
        sessie = await super()._aget_session_from_db()
        self.verloopt_op = sessie.expire_date if sessie is not None else None
        return sessie


_DATUMTIJD = models.Expression(output_field=models.DateTimeField())


@functools.cache
def _lezen(alias: str, model) -> tuple[str, list]:
    """The query for one session row, and the converters of its expiry, per database."""
    verbinding = connections[alias]
    q = verbinding.ops.quote_name
    veld = model._meta.get_field
    sql = (
        f"SELECT {q(veld('session_data').column)}, {q(veld('expire_date').column)} "  # noqa: S608
        f"FROM {q(model._meta.db_table)} "
        f"WHERE {q(veld('session_key').column)} = %s AND {q(veld('expire_date').column)} > %s"
    )
    omzetters = verbinding.ops.get_db_converters(_DATUMTIJD) + _DATUMTIJD.get_db_converters(
        verbinding
    )
    return sql, omzetters
