"""The /beheer/ index is made of panels that each app provides.

An app declares functions ``panelen(request) -> list[Paneel]`` as its ``dashboard``
contribution on its AppConfig (``kern.bijdragen``), usually ``<app>.dashboard.panelen`` (its
figures) and ``<app>.grafieken.panelen`` (its charts). The site calls them all and shows every
panel it gets back, by ``Paneel.volgorde``. A panel renders its own template with its own
context, so an app decides what it shows and how many queries it needs.

**Kept for a minute, never stale after a write.** A provider may declare what its panels are
made of (``@bewaard(bron, ...)``): a few values that change with every write that could change
what it shows, each an aggregate that an index answers (the highest id, the latest
``gewijzigd_op``, the count or the sum of ``versie`` over a small set). The dashboard reads the
values of every provider in **one** query, and keeps each provider's rendered panels in the
cache for ``BEWAARTIJD`` seconds under a key made of:

- the provider and the viewer's roles (regisseur, beheerder): what a provider shows depends on
  the role and never on the person, so one role never sees another's panels;
- the database, the language, the time zone and today's date (what counts "today" turns at
  midnight);
- its values, and two that every write in ``/beheer/`` changes: the highest id of the admin's
  history (every add, change and delete page and the delete action) and of the change log
  (``auditlog``: every change of a signal, step, link, phase text, convenant, organisation,
  account or second factor).

So a write changes the key and the next load computes the panel afresh; what the values cannot
see shows within ``BEWAARTIJD``: the clock passing a signal's term or a meeting's start, a raw
``update()`` outside the services, two writes that commit out of the order of their ids. A
provider without a declaration is computed on every load.
A panel renders from its own context alone, without the request or context processors: that is
what makes its HTML the same for everyone with the same roles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache as eenmalig

from django.core.cache import cache
from django.db import connections, router
from django.db.models import F, Func, IntegerField, Model, QuerySet
from django.db.models.functions import Now
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_scopes import get_scope

# How long a provider's panels are kept at most (seconds): the bound for what the values do not
# see, such as a signal passing its phase's term.
BEWAARTIJD = 60


@dataclass
class Paneel:
    titel: str
    template: str
    context: dict = field(default_factory=dict)
    volgorde: int = 100
    breed: bool = False
    html: str | None = field(default=None, repr=False)  # rendered (or from the cache)

    def render(self, request=None) -> str:
        """The panel's HTML, from its template and context only (``request`` is not used: the
        same panel looks the same for everyone with the same roles)."""
        if self.html is None:
            self.html = render_to_string(self.template, {**self.context, "paneel": self})
        return self.html


# --- What a provider's panels are made of -------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Bron:
    """One value a provider's panels depend on: a queryset of one row and one column."""

    queryset: QuerySet

    def sql(self, alias: str) -> tuple[str, tuple]:
        return self.queryset.query.get_compiler(using=alias).as_sql()


def _qs(bron: type[Model] | QuerySet) -> QuerySet:
    qs = bron._base_manager.all() if isinstance(bron, type) else bron
    return qs.order_by()


# Plain SQL functions, not Django's aggregates: no GROUP BY, one value for the whole set.


def hoogste(bron: type[Model] | QuerySet, veld: str = "pk") -> Bron:
    """The highest ``veld`` of a model or queryset (for the key or an indexed column, which an
    index answers at once however large the table)."""
    return Bron(_qs(bron).annotate(waarde=Func(F(veld), function="MAX")).values("waarde"))


def aantal(bron: type[Model] | QuerySet) -> Bron:
    """The number of rows: for small tables and small sets only."""
    tellen = Func(template="COUNT(*)", output_field=IntegerField())
    return Bron(_qs(bron).annotate(waarde=tellen).values("waarde"))


def som(bron: type[Model] | QuerySet, veld: str) -> Bron:
    """The sum of ``veld`` (a version that grows with every change) over a small set."""
    optellen = Func(F(veld), function="SUM", output_field=IntegerField())
    return Bron(_qs(bron).annotate(waarde=optellen).values("waarde"))


def gewijzigd(model: type[Model]) -> tuple[Bron, Bron]:
    """New rows and changed rows of a model with ``gewijzigd_op`` (``auto_now``)."""
    return hoogste(model), hoogste(model, "gewijzigd_op")


def vanaf_gisteren():
    """Two days ago by the database's clock (``STATEMENT_TIMESTAMP()``, so the query stays the
    same from load to load): the start of a set of what is coming, wider than a panel's own
    "from today" in any time zone."""
    return Now() - timedelta(days=2)


@eenmalig
def _altijd() -> tuple[Bron, ...]:
    """Every write in /beheer/ and every change of an audited model moves one of these."""
    from auditlog.models import LogEntry as Wijziging
    from django.contrib.admin.models import LogEntry as Geschiedenis

    return hoogste(Geschiedenis), hoogste(Wijziging)


def bewaard(*bronnen: Bron, seconden: int = BEWAARTIJD) -> Callable:
    """Declare that a provider's panels may be kept while ``bronnen`` (and the writes in
    /beheer/) do not change, ``seconden`` at most. The provider itself is unchanged: called
    directly it still computes its panels."""

    def verklaren(leverancier: Callable) -> Callable:
        return bewaren(leverancier, *bronnen, seconden=seconden)

    return verklaren


def bewaren(leverancier: Callable, *bronnen: Bron, seconden: int = BEWAARTIJD) -> Callable:
    """``bewaard`` for a provider declared elsewhere in the same app (a chart of the same data)."""
    leverancier.dashboard_bronnen = tuple(bronnen)
    leverancier.dashboard_seconden = seconden
    return leverancier


# --- Reading the values and the cache -----------------------------------------------------------

# Per database and set of providers: the one SQL statement and where each provider's values are.
_vragen: dict[tuple, tuple[str, tuple, dict]] = {}


def _vraag(alias: str, leveranciers: list[Callable]) -> tuple[str, tuple, dict]:
    # The scope is part of the key: a source's queryset compiles the active gemeente into its
    # parameters (regio.scope), so each gemeente has its own statement.
    sleutel = (alias, repr(sorted(get_scope().items())), *(id(f) for f in leveranciers))
    if sleutel not in _vragen:
        delen: dict[tuple[str, tuple], int] = {}
        plaatsen = {}
        for leverancier in leveranciers:
            plek = []
            for bron in (*_altijd(), *leverancier.dashboard_bronnen):
                plek.append(delen.setdefault(bron.sql(alias), len(delen)))
            plaatsen[leverancier] = plek
        sql = "SELECT " + ", ".join(f"({tekst})" for tekst, _p in delen)
        parameters = tuple(p for _t, ps in delen for p in ps)
        _vragen[sleutel] = (sql, parameters, plaatsen)
    return _vragen[sleutel]


def _lezen(alias: str, sql: str, parameters: tuple) -> tuple:
    """Run the one query of values. On PostgreSQL as a prepared statement of the connection: it
    is the same every time (the clock is ``STATEMENT_TIMESTAMP()`` in it), so the server plans
    its fifty small subqueries once per connection instead of at every load. A prepared
    statement outlives a rolled-back transaction; a new connection prepares it again."""
    verbinding = connections[alias]
    with verbinding.cursor() as cursor:
        if verbinding.vendor != "postgresql":
            cursor.execute(sql, parameters)
            return cursor.fetchone()
        naam = "kern_dashboard_" + hashlib.blake2b(sql.encode(), digest_size=8).hexdigest()
        ruw, voorbereid = getattr(verbinding, "_kern_dashboard", (None, set()))
        if ruw is not verbinding.connection:
            ruw, voorbereid = verbinding.connection, set()
            verbinding._kern_dashboard = (ruw, voorbereid)
        if naam not in voorbereid:
            tekst = cursor.cursor.mogrify(sql, parameters).decode()
            cursor.execute(f"PREPARE {naam} AS {tekst}")
            voorbereid.add(naam)
        cursor.execute(f"EXECUTE {naam}")
        return cursor.fetchone()


def _rollen(request) -> str:
    from accounts import rollen

    user = request.user
    return f"r{int(rollen.is_regisseur(user))}b{int(rollen.is_beheerder(user))}"


def _sleutels(request, leveranciers: list[Callable]) -> dict[Callable, str]:
    """Each declared provider's cache key for this request: one query for all their values."""
    bewaarbaar = [f for f in leveranciers if hasattr(f, "dashboard_bronnen")]
    if not bewaarbaar:
        return {}
    alias = router.db_for_read(bewaarbaar[0].dashboard_bronnen[0].queryset.model)
    sql, parameters, plaatsen = _vraag(alias, bewaarbaar)
    waarden = _lezen(alias, sql, parameters)
    omstandigheden = (
        f"{connections[alias].settings_dict['NAME']}:{_rollen(request)}:{translation.get_language()}:"
        f"{timezone.get_current_timezone_name()}:{timezone.localdate().isoformat()}"
    )
    sleutels = {}
    for leverancier in bewaarbaar:
        eigen = repr([waarden[i] for i in plaatsen[leverancier]]).encode()
        vingerafdruk = hashlib.blake2b(eigen, digest_size=12).hexdigest()
        naam = f"{leverancier.__module__}.{leverancier.__qualname__}"
        sleutels[leverancier] = f"dashboard:1:{naam}:{omstandigheden}:{vingerafdruk}"
    return sleutels


def _bewaarbaar(paneel: Paneel) -> dict:
    return {
        "titel": str(paneel.titel),
        "template": paneel.template,
        "volgorde": paneel.volgorde,
        "breed": paneel.breed,
        "html": paneel.render(),
    }


def verzamel_panelen(request) -> list[Paneel]:
    from kern import bijdragen

    leveranciers = bijdragen.functies("dashboard")
    sleutels = _sleutels(request, leveranciers)
    bewaard_ = cache.get_many(list(sleutels.values())) if sleutels else {}
    panelen: list[Paneel] = []
    nieuw: dict[int, dict[str, list[dict]]] = {}
    for leverancier in leveranciers:
        sleutel = sleutels.get(leverancier)
        if sleutel in bewaard_:
            panelen.extend(Paneel(**p) for p in bewaard_[sleutel])
            continue
        eigen = leverancier(request)
        if sleutel is not None:
            per_tijd = nieuw.setdefault(leverancier.dashboard_seconden, {})
            per_tijd[sleutel] = [_bewaarbaar(p) for p in eigen]
        panelen.extend(eigen)
    for seconden, items in nieuw.items():
        cache.set_many(items, seconden)
    return sorted(panelen, key=lambda p: p.volgorde)
