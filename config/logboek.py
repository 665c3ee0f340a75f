"""What the application log says about requests.

Personal links are keys: whoever holds ``/uitnodiging/<token>/`` answers for that person, and
whoever holds ``/trainingen/inschrijving/<token>/`` can give up their place. They never go into
a log: every record the console handler writes (Django's request log "Bad Request: /…", the
CSRF log "Forbidden (CSRF cookie not set.): /…", anything else naming a path) and gunicorn's
access log show them masked.

One line per refused or failed request (``Verzoeken``): a 403 or 404 is an answer, not a
fault, and a database outage fails every request alike; a traceback is written only for a real
server error, so that those are seen."""

from __future__ import annotations

import contextlib
import logging
import re

TOKENPADEN = re.compile(r"(/(?:uitnodiging|trainingen/inschrijving)/)[^/?#\s]+")


def maskeren(tekst: str) -> str:
    return TOKENPADEN.sub(r"\1…", tekst)


class TokensMaskeren(logging.Filter):
    """A handler filter: the message and its arguments (the request path) with the tokens
    masked. On the handler, not on a logger, so that records of every logger pass it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = maskeren(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(maskeren(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: maskeren(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True


class Verzoeken(logging.Filter):
    """One line per refused or failed request, a traceback only for a real server error.

    Django logs a 403 with the PermissionDenied traceback, and a request whose view and whose
    session save both fail during a database outage twice. Here: the first record about a
    request is kept, later ones about the same request are dropped; 4xx records and database
    outages lose their traceback (the line keeps the status, the path and the error's type).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None and hasattr(record, "status_code"):
            if getattr(request, "_regie_gelogd", False):
                return False
            with contextlib.suppress(AttributeError):  # a request that takes no attributes
                request._regie_gelogd = True
        if not record.exc_info:
            return True
        from .storing import database_onbereikbaar

        fout = record.exc_info[1]
        status = getattr(record, "status_code", None)
        if database_onbereikbaar(fout):
            record.msg = f"{record.msg} (database onbereikbaar: {type(fout).__name__})"
        elif status is None or status >= 500:
            return True
        else:
            record.msg = f"{record.msg} ({type(fout).__name__})"
        record.exc_info = None
        record.exc_text = None
        return True


try:  # only in the production image
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover
    _GunicornLogger = None

if _GunicornLogger is not None:

    class GunicornLogger(_GunicornLogger):
        """gunicorn's access log with the tokens in paths masked (gunicorn.conf.py)."""

        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            for sleutel in ("U", "r", "{raw_uri}e"):
                if isinstance(atoms.get(sleutel), str):
                    atoms[sleutel] = maskeren(atoms[sleutel])
            return atoms
