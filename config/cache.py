"""The cache: Redis, with a reserve in PostgreSQL while Redis cannot be reached.

allauth keeps its login rate limits (each behind a lock in the cache) and the TOTP codes already
used in the cache. With Django's plain ``RedisCache`` a refused connection was a 500 for every
fresh login, and a frozen Redis hung every login until gunicorn killed the worker. Here:

- Every Redis command has a short socket timeout (``TIMEOUT_SECONDEN`` for connecting and for
  an answer): a Redis that hangs costs a request at most that.
- A connection error or a timeout switches this process to the *reserve* for
  ``STORING_SECONDEN``: Django's ``DatabaseCache`` in its own table (``regie_cache_reserve``,
  made by migration ``accounts.0003_cache_reserve``). All web processes share it, so rate limits
  keep holding across gunicorn workers and a used TOTP code stays used. One WARNING when the
  process switches, not one per request.
- After that time one request of the process asks Redis (``PING``, harmless should a frozen
  server execute it later). Only when Redis answers does the process go back: it first deletes
  the keys whose write timed out (a frozen server still executes the commands waiting in its
  sockets when it resumes; such a lock of allauth would refuse logins for its ten seconds), then
  copies what the reserve holds into Redis (counts of failed logins go on, a used TOTP code stays
  used) and empties the reserve. One INFO.
- ``STORING_SECONDEN`` (30) is longer than allauth's cache lock timeout (10 s): a lock taken in
  Redis just before it froze has expired when Redis is used again.
- Keys that start with one of ``ALLEEN_REDIS`` never go to the database: the spreadsheet being
  imported holds personal data and is kept in memory only (docs/production.md). During an
  outage such a key is not stored and reads as missing.

Each process notices an outage on its own (with three gunicorn workers: up to three warnings).
Outside an outage the reserve costs nothing: no query touches it.
"""

from __future__ import annotations

import base64
import logging
import math
import pickle
import threading
import time
from collections.abc import Callable, Iterable

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, connections, models, router, transaction
from django.utils.functional import cached_property
from django.utils.timezone import now as tz_now

logger = logging.getLogger(__name__)

RESERVE_TABEL = "regie_cache_reserve"
STORING_SECONDEN = 30
TIMEOUT_SECONDEN = 1.0
# The reserve keeps at most this many entries (Django culls a third above it); far above what
# an outage writes, so that nobody can push a rate limit out by filling the cache.
RESERVE_MAX = 100_000

REDIS_FOUTEN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class _Storing:
    """Per process and Redis address: whether the reserve is in use, and until when."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.proberen_na: float | None = None  # time.monotonic(); None: Redis in use
        self.onzeker: set[str] = set()  # keys whose write to Redis timed out

    @property
    def in_storing(self) -> bool:
        return self.proberen_na is not None


_storingen: dict[str, _Storing] = {}
_storingen_lock = threading.Lock()


def _storing_voor(locatie: str) -> _Storing:
    with _storingen_lock:
        return _storingen.setdefault(locatie, _Storing())


class RedisMetReserve(RedisCache):
    """Django's RedisCache that falls back to a PostgreSQL reserve (see the module docstring).

    OPTIONS of its own: ``STORING_SECONDEN``, ``RESERVE_TABEL``, ``ALLEEN_REDIS`` (key
    prefixes); ``socket_timeout`` and ``socket_connect_timeout`` default to
    ``TIMEOUT_SECONDEN``. The other OPTIONS go to redis-py, as with RedisCache.
    """

    def __init__(self, server, params):
        opties = dict(params.get("OPTIONS") or {})
        self.storing_seconden = float(opties.pop("STORING_SECONDEN", STORING_SECONDEN))
        self.reserve_tabel = opties.pop("RESERVE_TABEL", RESERVE_TABEL)
        self.alleen_redis = tuple(opties.pop("ALLEEN_REDIS", ()))
        opties.setdefault("socket_connect_timeout", TIMEOUT_SECONDEN)
        opties.setdefault("socket_timeout", TIMEOUT_SECONDEN)
        super().__init__(server, {**params, "OPTIONS": opties})
        locatie = server if isinstance(server, str) else ",".join(server)
        self._storing = _storing_voor(f"{locatie}|{self.reserve_tabel}")

    @cached_property
    def _reserve(self) -> DatabaseCache:
        # The same key prefix, version and key function: a key has the same full name in both,
        # so the reserve's entries can be copied into Redis as they are.
        return DatabaseCache(
            self.reserve_tabel,
            {
                "TIMEOUT": self.default_timeout,
                "KEY_PREFIX": self.key_prefix,
                "VERSION": self.version,
                "KEY_FUNCTION": self.key_func,
                "OPTIONS": {"MAX_ENTRIES": RESERVE_MAX},
            },
        )

    @property
    def in_storing(self) -> bool:
        """True while this process serves the cache from the reserve."""
        return self._storing.in_storing

    # --- Switching ------------------------------------------------------------------------------

    def _doe(self, op_redis: Callable, op_reserve: Callable, schrijft: Iterable[str] = ()):
        if self._redis_bruikbaar():
            try:
                return op_redis()
            except REDIS_FOUTEN as fout:
                self._uitval(fout, schrijft)
        return op_reserve()

    def _uitval(self, fout: Exception, schrijft: Iterable[str]) -> None:
        storing = self._storing
        with storing.lock:
            storing.onzeker.update(schrijft)
            if not storing.in_storing:
                logger.warning(
                    "Redis (cache) onbereikbaar (%s): de cache gebruikt de reserve in "
                    "PostgreSQL; over %.0f s wordt Redis opnieuw geprobeerd",
                    type(fout).__name__,
                    self.storing_seconden,
                )
            storing.proberen_na = time.monotonic() + self.storing_seconden

    def _redis_bruikbaar(self) -> bool:
        storing = self._storing
        if not storing.in_storing:
            return True
        if time.monotonic() < storing.proberen_na:
            return False
        # Time to ask Redis again: one request of the process asks, the others keep to the
        # reserve meanwhile.
        if not storing.lock.acquire(blocking=False):
            return False
        try:
            if not storing.in_storing:
                return True
            if time.monotonic() < storing.proberen_na:
                return False
            return self._terug_naar_redis(storing)
        finally:
            storing.lock.release()

    def _terug_naar_redis(self, storing: _Storing) -> bool:
        """Called with the lock held. True when Redis answers again and is used again."""
        client = self._cache.get_client(None, write=True)
        try:
            client.ping()
            if storing.onzeker:
                client.delete(*storing.onzeker)
            try:
                overgezet = self._reserve_overzetten(client)
            except DatabaseError as fout:
                overgezet = 0
                logger.warning(
                    "de reserve van de cache is niet overgezet naar Redis (%s)",
                    type(fout).__name__,
                )
        except REDIS_FOUTEN as fout:
            storing.proberen_na = time.monotonic() + self.storing_seconden
            logger.debug("Redis (cache) nog onbereikbaar (%s)", type(fout).__name__)
            return False
        storing.onzeker.clear()
        storing.proberen_na = None
        logger.info(
            "Redis (cache) is weer bereikbaar: de cache gebruikt Redis weer "
            "(%d sleutel(s) uit de reserve overgezet)",
            overgezet,
        )
        return True

    def _reserve_overzetten(self, client) -> int:
        """Copy the reserve's live entries into Redis (they are newer than what Redis held
        before the outage), then take exactly those rows out of the reserve."""
        reserve = self._reserve
        alias = router.db_for_write(reserve.cache_model_class)
        verbinding = connections[alias]
        q = verbinding.ops.quote_name
        tabel, sleutel, waarde, verloopt = (
            q(reserve._table),
            q("cache_key"),
            q("value"),
            q("expires"),
        )
        expressie = models.Expression(output_field=models.DateTimeField())
        omzetters = verbinding.ops.get_db_converters(expressie) + expressie.get_db_converters(
            verbinding
        )
        # A savepoint when a request's transaction is open: a failure here must not break it.
        with transaction.atomic(using=alias):
            with verbinding.cursor() as cursor:
                # Quoted names of our own table, no input: as Django's DatabaseCache does.
                cursor.execute(f"SELECT {sleutel}, {waarde}, {verloopt} FROM {tabel}")  # noqa: S608
                rijen = cursor.fetchall()
            if not rijen:
                return 0
            nu = tz_now()
            pijp = client.pipeline(transaction=False)
            overgezet = 0
            for naam, opgeslagen, tot in rijen:
                for omzetter in omzetters:
                    tot = omzetter(tot, expressie, verbinding)
                rest = (tot - nu).total_seconds()
                if rest <= 0:
                    continue  # expired: only deleted
                # Written by Django's DatabaseCache, which reads it back the same way.
                inhoud = pickle.loads(  # noqa: S301
                    base64.b64decode(verbinding.ops.process_clob(opgeslagen).encode())
                )
                data = self._cache._serializer.dumps(inhoud)
                if tot.year == 9999:  # stored without expiry (datetime.max)
                    pijp.set(naam, data)
                else:
                    pijp.set(naam, data, ex=max(1, math.ceil(rest)))
                overgezet += 1
            pijp.execute()
            with verbinding.cursor() as cursor:
                # Exactly the rows read: an entry another process rewrote meanwhile stays.
                cursor.executemany(
                    f"DELETE FROM {tabel} WHERE {sleutel} = %s AND {verloopt} = %s",  # noqa: S608
                    [(naam, tot) for naam, _opgeslagen, tot in rijen],
                )
        return overgezet

    # --- Keys that stay out of the database -----------------------------------------------------

    def _alleen_redis(self, key) -> bool:
        return bool(self.alleen_redis) and str(key).startswith(self.alleen_redis)

    def _naar_reserve(self, keys) -> list:
        return [k for k in keys if not self._alleen_redis(k)]

    def _volledig(self, keys, version) -> list[str]:
        return [self.make_and_validate_key(k, version=version) for k in keys]

    # --- Every operation of Django's cache API --------------------------------------------------
    # get_or_set, decr, incr_version, decr_version, __contains__ and the async variants of
    # BaseCache are built on these.

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._doe(
            lambda: RedisCache.add(self, key, value, timeout, version),
            lambda: (
                False
                if self._alleen_redis(key)
                else self._reserve.add(key, value, timeout, version)
            ),
            self._volledig([key], version),
        )

    def get(self, key, default=None, version=None):
        return self._doe(
            lambda: RedisCache.get(self, key, default, version),
            lambda: (
                default if self._alleen_redis(key) else self._reserve.get(key, default, version)
            ),
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._doe(
            lambda: RedisCache.set(self, key, value, timeout, version),
            lambda: (
                None if self._alleen_redis(key) else self._reserve.set(key, value, timeout, version)
            ),
            self._volledig([key], version),
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._doe(
            lambda: RedisCache.touch(self, key, timeout, version),
            lambda: (
                False if self._alleen_redis(key) else self._reserve.touch(key, timeout, version)
            ),
            self._volledig([key], version),
        )

    def delete(self, key, version=None):
        return self._doe(
            lambda: RedisCache.delete(self, key, version),
            lambda: False if self._alleen_redis(key) else self._reserve.delete(key, version),
            self._volledig([key], version),
        )

    def get_many(self, keys, version=None):
        keys = list(keys)
        return self._doe(
            lambda: RedisCache.get_many(self, keys, version),
            lambda: self._reserve.get_many(self._naar_reserve(keys), version),
        )

    def has_key(self, key, version=None):
        return self._doe(
            lambda: RedisCache.has_key(self, key, version),
            lambda: False if self._alleen_redis(key) else self._reserve.has_key(key, version),
        )

    def incr(self, key, delta=1, version=None):
        def in_reserve():
            if self._alleen_redis(key):
                raise ValueError(f"Key '{key}' not found.")
            return self._reserve.incr(key, delta, version)

        return self._doe(
            lambda: RedisCache.incr(self, key, delta, version),
            in_reserve,
            self._volledig([key], version),
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        data = dict(data)

        def in_reserve():
            naar_reserve = {k: v for k, v in data.items() if not self._alleen_redis(k)}
            mislukt = self._reserve.set_many(naar_reserve, timeout, version) or []
            return [*mislukt, *(k for k in data if k not in naar_reserve)]

        return self._doe(
            lambda: RedisCache.set_many(self, data, timeout, version),
            in_reserve,
            self._volledig(data, version),
        )

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._doe(
            lambda: RedisCache.delete_many(self, keys, version),
            lambda: self._reserve.delete_many(self._naar_reserve(keys), version),
            self._volledig(keys, version),
        )

    def clear(self):
        """Empties Redis; during an outage the reserve (which is empty otherwise)."""
        return self._doe(lambda: RedisCache.clear(self), self._reserve.clear)
