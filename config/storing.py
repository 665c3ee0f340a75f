"""Is the database unreachable, rather than the code wrong?

During a PostgreSQL outage every request that touches the database fails the same way. Such a
request is answered 503 (try again later, config.views) and logged as one line, not as a
traceback (config.logboek): the tracebacks are kept for real server errors, which would drown
otherwise. A deadlock or a statement timeout is an OperationalError too, but on a live
connection: that stays a real error.
"""

from django.db import InterfaceError, OperationalError, connections


def database_onbereikbaar(exc: BaseException | None) -> bool:
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return False
    verbindingen = connections.all(initialized_only=True)
    # Connecting failed (no connection object), or the server went away under an open one
    # (psycopg marks it closed).
    return not verbindingen or any(
        v.connection is None or getattr(v.connection, "closed", 0) for v in verbindingen
    )
