"""The first wall: every query for tenant data runs in the scope of one gemeente.

Tenant models use ``BeperktManager``: every query through it carries the condition
``gemeente_id = <active gemeente>`` (``GemeenteVoorwaarde``), and outside ``gemeente_actief``
it raises ``ScopeError`` instead of returning every gemeente's rows. The scope itself is
django-scopes' (pretix's library): ``scope``, ``scopes_disabled``, ``get_scope``. It is activated

- per request from the user's gemeente (``regio.middleware.GemeenteMiddleware``), or by the
  view from the object a link points to (RSVP and enrolment links: ``gemeente_van``);
- per Celery task and per command explicitly (``per_gemeente``, ``gemeente_actief``);
- region-wide only where the region's own work needs it (``alle_gemeenten``): the outbox,
  figures of the whole region, matching across gemeenten. Each such use is named in
  docs/regio.md.

The same activation sets the gemeente on the database connection (``regio.database``), where
PostgreSQL's row-level security is the second wall.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.db import connection, models
from django.db.models import BooleanField, Expression, F
from django.http import Http404
from django_scopes import get_scope, scope, scopes_disabled
from django_scopes.exceptions import ScopeError

__all__ = [
    "ALLE",
    "BeperktManager",
    "ScopeError",
    "alle_gemeenten",
    "gemeente_actief",
    "huidige_gemeente_id",
    "per_gemeente",
]

T = TypeVar("T")

# What the database connection is told (regio.database): a gemeente's id, ALLE for the
# region-wide work, or "" (nothing of any gemeente).
ALLE = "alle"
_database: ContextVar[str] = ContextVar("regio_gemeente_database", default="")


def database_waarde() -> str:
    return _database.get()


@contextmanager
def gemeente_actief(gemeente_id: int) -> Iterator[None]:
    """Everything inside reads and writes the data of this one gemeente."""
    gemeente_id = int(gemeente_id)
    token = _database.set(str(gemeente_id))
    try:
        with scope(gemeente=gemeente_id):
            yield
    finally:
        _database.reset(token)


@contextmanager
def geen_gemeente() -> Iterator[None]:
    """No gemeente at all, whatever was active around it: a request of an anonymous visitor or
    of an account of no gemeente starts here (regio.middleware); a query for tenant data
    raises."""
    from django_scopes.state import state

    scope_token = state.set({})
    database_token = _database.set("")
    try:
        yield
    finally:
        _database.reset(database_token)
        state.reset(scope_token)


@contextmanager
def alle_gemeenten() -> Iterator[None]:
    """Region-wide: both walls open. Only for the uses listed in docs/regio.md."""
    token = _database.set(ALLE)
    try:
        with scopes_disabled():
            yield
    finally:
        _database.reset(token)


def huidige_gemeente_id() -> int:
    """The active gemeente's id; a new tenant row gets it. Raises outside one gemeente's scope
    (a row made region-wide must name its gemeente)."""
    actief = get_scope()
    gemeente = actief.get("gemeente") if actief.get("_enabled", True) else None
    if not isinstance(gemeente, int):
        raise ScopeError("Er is geen gemeente actief: zeg bij welke gemeente dit hoort.")
    return gemeente


def gemeente_of_none() -> int | None:
    try:
        return huidige_gemeente_id()
    except ScopeError:
        return None


def gemeente_ids() -> list[int]:
    from .models import Gemeente

    with alle_gemeenten():
        return list(
            Gemeente.objects.filter(actief=True).order_by("pk").values_list("pk", flat=True)
        )


def per_gemeente(functie: Callable[[], T]) -> dict[int, T]:
    """Run ``functie`` once in the scope of every active gemeente (Celery beat jobs), each in
    its own scope; a failure in one gemeente does not stop the others but is raised at the
    end."""
    uitkomsten: dict[int, T] = {}
    fout: BaseException | None = None
    for gemeente_id in gemeente_ids():
        with gemeente_actief(gemeente_id):
            try:
                uitkomsten[gemeente_id] = functie()
            except Exception as exc:  # noqa: BLE001  (raised after the other gemeenten)
                fout = fout or exc
    if fout is not None:
        raise fout
    return uitkomsten


class GemeenteVoorwaarde(Expression):
    """``gemeente_id = <the active gemeente>``, decided when the SQL is made, not when the
    queryset is built: a queryset made at import time (a form field's choices) or kept for
    later (a prefetch) reads the scope that is active when it runs. Outside a scope it raises
    ``ScopeError``; with scopes disabled (``alle_gemeenten``) it is no condition at all."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, kolom, *, verplicht: bool = True):
        super().__init__()
        self.kolom = kolom
        self.verplicht = verplicht

    def get_source_expressions(self):
        return [self.kolom]

    def set_source_expressions(self, exprs):
        (self.kolom,) = exprs

    def as_sql(self, compiler, connection):
        actief = get_scope()
        if not actief.get("_enabled", True):
            return "1 = 1", []
        gemeente = actief.get("gemeente")
        if gemeente is None and not self.verplicht:
            return "1 = 1", []
        if gemeente is None:
            raise ScopeError("Er is geen gemeente actief voor deze vraag aan de database.")
        kolom_sql, params = compiler.compile(self.kolom)
        if isinstance(gemeente, (list, tuple)):
            if not gemeente:
                return "1 = 0", []
            plekken = ", ".join(["%s"] * len(gemeente))
            return f"{kolom_sql} IN ({plekken})", [*params, *gemeente]
        return f"{kolom_sql} = %s", [*params, gemeente]


def BeperktManager(manager_class: type[models.Manager] = models.Manager):  # noqa: N802
    """The default manager of a tenant model: only the active gemeente's rows."""

    class Beperkt(manager_class):
        beperkt_tot_gemeente = True  # regio.database: this model's table gets the second wall

        def get_queryset(self):
            return super().get_queryset().filter(GemeenteVoorwaarde(F("gemeente")))

    return Beperkt()


def in_gemeente_van_link(
    model, veld: str = "token", kwarg: str = "token", *, lezen=None, als: str | None = None
):
    """For a page an anonymous visitor opens through a personal link (RSVP, enrolment): find
    the gemeente of the link's object region-wide, by its token only, and run the view in that
    gemeente. An unknown token runs the view in an empty scope (it finds nothing and says the
    link is not valid; in an installation of one gemeente, in that gemeente, whose contact the
    page names); nothing else of any gemeente is reachable. A visitor logged in with an
    account of another gemeente gets 404, as for every object of another gemeente.

    ``lezen``: a function of the token that reads the link's object (with whatever the page
    needs of it) and returns it, or None. It then runs region-wide *instead of* the lookup of
    the gemeente, which is the object's ``gemeente_id``, and the view gets what it returned
    (None for an unknown token) as the keyword argument ``als``: one query where there were
    two, and no switch of the connection's gemeente (``regio.postgresql``) between them."""

    if (lezen is None) != (als is None):
        raise TypeError("in_gemeente_van_link: give both lezen and als, or neither.")
    tabel = connection.ops.quote_name(model._meta.db_table)
    kolom = connection.ops.quote_name(model._meta.get_field(veld).column)
    sql = f"SELECT gemeente_id FROM {tabel} WHERE {kolom} = %s"  # noqa: S608 (names, not input)

    def gemeente_zoeken(waarde) -> tuple[int | None, object]:
        if lezen is not None:
            with alle_gemeenten():
                gevonden = lezen(waarde)
            return (None if gevonden is None else gevonden.gemeente_id), gevonden
        with alle_gemeenten(), connection.cursor() as cursor:
            # Plain SQL: this runs before every answer to a link, and the ORM's compiling
            # of the same one-row lookup cost more than the lookup itself.
            cursor.execute(sql, [str(waarde)])
            rij = cursor.fetchone()
        return (rij[0] if rij else None), None

    def decorator(view):
        @functools.wraps(view)
        def in_gemeente(request, *args, **kwargs):
            gemeente_id, gevonden = gemeente_zoeken(kwargs.get(kwarg))
            if als is not None:
                kwargs[als] = gevonden
            if gemeente_id is None:
                # Nothing found. With one gemeente its page may still name whom to call; in a
                # region nothing tells which gemeente the visitor belongs to.
                enige = gemeente_ids()
                with gemeente_actief(enige[0]) if len(enige) == 1 else _niets():
                    return view(request, *args, **kwargs)
            eigen = getattr(getattr(request, "user", None), "gemeente_id", None)
            if eigen and eigen != gemeente_id:
                # Logged in as an account of another gemeente: this link is not for that
                # account, and its gemeente's records get no foreign account's id.
                raise Http404
            with gemeente_actief(gemeente_id):
                return view(request, *args, **kwargs)

        return in_gemeente

    return decorator


@contextmanager
def _niets() -> Iterator[None]:
    token = _database.set("")
    try:
        with scope(gemeente=[]):
            yield
    finally:
        _database.reset(token)
