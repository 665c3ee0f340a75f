"""What each app contributes to the whole, declared on its ``AppConfig``, collected here.

An app adds dashboard panels, a part of the yearly report, demo data, pages of its own in
/beheer/ and periodic tasks by declaring them on its AppConfig, not by being added to lists
elsewhere:

    class SignalenConfig(AppConfig):
        name = "signalen"
        bijdragen = {
            "dashboard": ["signalen.dashboard.panelen", "signalen.grafieken.panelen"],
            "jaarcijfers": [("signalen.jaarcijfers.jaarcijfers", 10)],
            "demo": [("signalen.demo.demo_data_aanmaken", 20)],
            "beheerpaginas": [],
            "taken": {"delingen-herzien": {"task": "signalen.tasks.delingen_herzien",
                                           "schedule": crontab(minute=5, hour=0)}},
        }

Each list holds dotted paths to functions, optionally with an order (default 100; ties keep
the order of INSTALLED_APPS). What each kind of function receives:

- ``dashboard``: ``panelen(request) -> list[Paneel]`` (the /beheer/ index, kern.dashboard)
- ``jaarcijfers``: ``jaarcijfers(jaar, *, tot) -> list[Sectie]`` (the yearly report)
- ``regiocijfers``: ``regiocijfers(jaar, *, tot) -> list[Regiokolom]`` (the region's figures,
  ``config.regio``: counts per gemeente, computed region-wide in one query each)
- ``regiotrends``: ``regiotrends(vandaag) -> list[Regioreeks]`` (the region's trend on the same
  page: counts per gemeente and month over the last 24 months, one query each)
- ``demo``: ``demo_data_aanmaken(stdout)`` (``manage.py demo_data``)
- ``beheerpaginas``: ``urlpatterns(site) -> list`` (the regisseur's own pages in /beheer/)
- ``taken``: Celery beat entries by name (config/celery.py builds the schedule from them)
- ``demoregio``: ``demo_regio(stdout, *, coordinator, grote_regio)`` (``manage.py demo_data``,
  after the demo's gemeenten exist, in no gemeente's scope; ``grote_regio``: ``--regio``, a
  region of 38 gemeenten)
- ``signaalmodules``: ``module(request, signaal, *, voor) -> str`` (HTML, "" for nothing): a
  part of a signal's page, for the regisseur (``voor="regisseur"``, its page in /beheer/) or for
  a partner it is shared with (``voor="partner"``, ``/signalen/gedeeld/<ref>/``); the app checks
  what the user may see, the page has already checked the signal (the weging, the casusoverleg)

The registry fails loudly: an unknown kind, a path that does not import, a function that does
not exist or a task name used twice is an error of the system check (``manage.py check``, the
test run, every start), naming the app.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager

from django.apps import apps
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

SOORTEN = (
    "dashboard",
    "jaarcijfers",
    "regiocijfers",
    "regiotrends",
    "demo",
    "beheerpaginas",
    "taken",
    "signaalmodules",
    "demoregio",
)
STANDAARD_VOLGORDE = 100

# Tests replace one kind for a while (``vervangen``): the mechanism, with panels of their own.
_vervangen: dict[str, list[Callable]] = {}


def _verklaringen():
    for volgnummer, config in enumerate(apps.get_app_configs()):
        bijdragen = getattr(config, "bijdragen", None) or {}
        onbekend = set(bijdragen) - set(SOORTEN)
        if onbekend:
            raise ImproperlyConfigured(
                f"{config.name}: onbekende soort bijdrage {sorted(onbekend)}; kies uit {SOORTEN}"
            )
        yield volgnummer, config, bijdragen


def functies(soort: str) -> list[Callable]:
    """The contributed functions of one kind, in order."""
    if soort not in SOORTEN or soort == "taken":
        raise ValueError(soort)
    if soort in _vervangen:
        return list(_vervangen[soort])
    gevonden = []
    for volgnummer, config, bijdragen in _verklaringen():
        for item in bijdragen.get(soort, ()):
            pad, volgorde = (item, STANDAARD_VOLGORDE) if isinstance(item, str) else item
            try:
                functie = import_string(pad)
            except ImportError as fout:
                raise ImproperlyConfigured(
                    f"{config.name}: bijdrage '{soort}' {pad} bestaat niet ({fout})"
                ) from fout
            gevonden.append((volgorde, volgnummer, functie))
    return [functie for _v, _n, functie in sorted(gevonden, key=lambda g: g[:2])]


def periodieke_taken() -> dict[str, dict]:
    """Every app's periodic tasks, as Celery beat's schedule."""
    rooster: dict[str, dict] = {}
    for _volgnummer, config, bijdragen in _verklaringen():
        for naam, regel in bijdragen.get("taken", {}).items():
            if naam in rooster:
                raise ImproperlyConfigured(f"{config.name}: taak '{naam}' bestaat al")
            if not isinstance(regel, dict) or not {"task", "schedule"} <= set(regel):
                raise ImproperlyConfigured(f"{config.name}: taak '{naam}' mist task of schedule")
            rooster[naam] = regel
    return rooster


@contextmanager
def vervangen(soort: str, lijst: list[Callable]):
    """For tests: the functions of one kind are these, for the duration."""
    vorige = _vervangen.get(soort)
    _vervangen[soort] = list(lijst)
    try:
        yield
    finally:
        if vorige is None:
            _vervangen.pop(soort, None)
        else:
            _vervangen[soort] = vorige


@checks.register()
def bijdragen_controleren(app_configs=None, **kwargs):
    """Every declared contribution exists (kern.E001)."""
    fouten = []
    try:
        for soort in SOORTEN:
            if soort == "taken":
                periodieke_taken()
            else:
                functies(soort)
    except ImproperlyConfigured as fout:
        fouten.append(checks.Error(str(fout), id="kern.E001"))
    return fouten
