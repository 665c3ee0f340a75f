"""PostgreSQL with the second wall: the active gemeente on every connection.

Django's PostgreSQL backend, plus: before a statement runs, the connection's setting
``netwerkregie.gemeente`` is made equal to the active gemeente (``regio.scope``): its id, ``alle``
for the region-wide work, or empty (nothing). The row-level security policies on every tenant
table (``regio.database``) compare each row's ``gemeente_id`` with it. The value is sent only when
it changes; a rollback (of the transaction or of a savepoint) may undo it, so after one it is
sent again.
"""

from django.db.backends.postgresql import base

from ..scope import database_waarde

INSTELLING = "netwerkregie.gemeente"


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._regio_gemeente: str | None = None
        self.execute_wrappers.append(self._gemeente_zetten)

    def _gemeente_zetten(self, execute, sql, params, many, context):
        gewenst = database_waarde()
        if gewenst != self._regio_gemeente:
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, %s, false)", (INSTELLING, gewenst))
            self._regio_gemeente = gewenst
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
