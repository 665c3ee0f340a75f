"""Every cache key carries the active gemeente (``KEY_FUNCTION`` of the cache in settings).

A dashboard panel, a yearly figure, a chart's data or an import's preview cached while one
gemeente is active is never found while another is: the separation of regio.scope holds for
what is kept in Redis without each cache user having to remember it. Keys made outside any
gemeente (logging in, rate limits before the user is known) have a namespace of their own, as
do those of the region-wide work.
"""

from .scope import database_waarde


def sleutel_maken(key: str, key_prefix: str, version: int) -> str:
    return f"{key_prefix}:{version}:g{database_waarde() or '-'}:{key}"
