"""Personal links are keys: whoever holds ``/uitnodiging/<token>/`` answers for that person, and
whoever holds ``/trainingen/inschrijving/<token>/`` can give up their place. They never go into
a log: Django's request log ("Bad Request: /…") and gunicorn's access log show them masked."""

from __future__ import annotations

import logging
import re

TOKENPADEN = re.compile(r"(/(?:uitnodiging|trainingen/inschrijving)/)[^/?#\s]+")


def maskeren(tekst: str) -> str:
    return TOKENPADEN.sub(r"\1…", tekst)


class TokensMaskeren(logging.Filter):
    """A logger filter: the message's arguments (the request path) with the tokens masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = maskeren(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(maskeren(a) if isinstance(a, str) else a for a in record.args)
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
