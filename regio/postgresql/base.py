"""PostgreSQL with the second wall: the active gemeente on every connection.

Django's PostgreSQL backend, plus: before a statement runs, the connection's setting
``netwerkregie.gemeente`` is made equal to the active gemeente (``regio.scope``): its id, ``alle``
for the region-wide work, or empty (nothing). The row-level security policies on every tenant
table (``regio.database``) compare each row's ``gemeente_id`` with it. The value is sent only when
it changes; a rollback (of the transaction or of a savepoint) may undo it, so after one it is
sent again.

Only a statement that can touch a tenant table needs the value: one whose text names a tenant
table, or that runs a prepared statement (whose text names none). Every other one (the session,
the user and their roles, a savepoint) runs with whatever value the connection holds, which is
harmless since it reads no tenant row; so a logged-in request in the same gemeente as the
connection's previous one sends nothing extra (it would otherwise switch to "none" for the
session read and back for the page).
"""

import functools

from django.db.backends.postgresql import base

from ..scope import database_waarde

INSTELLING = "netwerkregie.gemeente"


@functools.cache
def _tenanttabellen() -> tuple[str, ...]:
    from ..database import koppeltabellen, tenant_modellen

    return tuple(sorted({m._meta.db_table for m in tenant_modellen()} | set(koppeltabellen())))


def raakt_tenantdata(sql) -> bool:
    """Whether the statement may read or write a tenant table (when in doubt: yes)."""
    if not isinstance(sql, str):
        return True
    if sql.lstrip()[:7].upper() == "EXECUTE":
        return True
    return any(tabel in sql for tabel in _tenanttabellen())


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._regio_gemeente: str | None = None
        self.regio_wissels = 0  # how often the value was sent (for the tests)
        self.execute_wrappers.append(self._gemeente_zetten)

    def _gemeente_zetten(self, execute, sql, params, many, context):
        gewenst = database_waarde()
        if gewenst != self._regio_gemeente and raakt_tenantdata(sql):
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, %s, false)", (INSTELLING, gewenst))
            self._regio_gemeente = gewenst
            self.regio_wissels += 1
        return execute(sql, params, many, context)

    def get_new_connection(self, conn_params):
        self._regio_gemeente = None
        return super().get_new_connection(conn_params)

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._regio_gemeente = None

    def _savepoint_rollback(self, sid):
        # The ROLLBACK TO SAVEPOINT itself passes the wrapper with the value unchanged (an
        # aborted transaction takes nothing else); afterwards the value may be undone.
        try:
            return super()._savepoint_rollback(sid)
        finally:
            self._regio_gemeente = None
