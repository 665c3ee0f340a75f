"""The domain events (kern.gebeurtenissen): docs/architecture.md, "Domain events", lists every
event of every app with when its subscribers run and who they are, and that is what is
subscribed at run time. A new event, subscriber or changed timing without its line fails here."""

import importlib
import re
import weakref
from pathlib import Path

from django.apps import apps
from django.conf import settings

from kern.gebeurtenissen import Gebeurtenis

DOC = Path(settings.BASE_DIR) / "docs" / "architecture.md"
MOMENT = {True: "after commit", False: "in the transaction"}


def _eigen_apps():
    """The project's own apps (a folder of the project), not the libraries."""
    return [c for c in apps.get_app_configs() if Path(c.path).parent == Path(settings.BASE_DIR)]


def _gedocumenteerd() -> dict[str, tuple[str, set[str]]]:
    """event -> (when its subscribers run, the subscribers), from the table in the docs."""
    sectie = DOC.read_text().split("\n## Domain events\n", 1)[1].split("\n## ", 1)[0]
    tabel = {}
    for regel in sectie.splitlines():
        if not regel.startswith("| `"):
            continue
        naam, _verzonden_door, moment, abonnees = (c.strip() for c in regel.strip("|").split("|"))
        tabel[naam.strip("`")] = (moment, set(re.findall(r"`([\w.]+)`", abonnees)))
    return tabel


def _gebeurtenissen() -> dict[str, Gebeurtenis]:
    """Every event declared in an ``events`` module of one of the project's own apps."""
    gevonden = {}
    for config in _eigen_apps():
        try:
            module = importlib.import_module(f"{config.name}.events")
        except ModuleNotFoundError as fout:
            if fout.name == f"{config.name}.events":
                continue
            raise
        for waarde in vars(module).values():
            if isinstance(waarde, Gebeurtenis):
                gevonden[waarde.naam] = waarde
    return gevonden


def test_de_gedocumenteerde_gebeurtenissen_zijn_wat_er_geabonneerd_is():
    tabel = _gedocumenteerd()
    gebeurtenissen = _gebeurtenissen()
    assert gebeurtenissen, "geen enkele gebeurtenis gevonden"
    assert set(tabel) == set(gebeurtenissen)
    for naam, gebeurtenis in gebeurtenissen.items():
        moment, abonnees = tabel[naam]
        assert moment == MOMENT[gebeurtenis.na_commit], naam
        assert abonnees == set(gebeurtenis.abonnees), naam
        assert gebeurtenis.abonnees, f"{naam} heeft geen abonnees"


def test_geen_app_luistert_naar_de_modellen_van_een_andere_app():
    """Reactions to another app's change go through its events, not through a receiver on its
    models (a model of Django's own auth app counts as another app's too)."""
    from django.db.models import signals
    from django.dispatch.dispatcher import _make_id

    eigen = {c.name for c in _eigen_apps()}
    modellen = {_make_id(m): m for m in apps.get_models(include_auto_created=True)}
    gevonden = []
    for signaal in (
        signals.pre_save,
        signals.post_save,
        signals.pre_delete,
        signals.post_delete,
        signals.m2m_changed,
    ):
        for sleutel, ontvanger, *_rest in signaal.receivers:
            model = modellen.get(sleutel[1])
            ontvanger = ontvanger() if isinstance(ontvanger, weakref.ReferenceType) else ontvanger
            if model is None or ontvanger is None:
                continue
            app = getattr(ontvanger, "__module__", "").split(".")[0]
            if app in eigen and model._meta.app_label != app:
                gevonden.append(
                    f"{ontvanger.__module__}.{ontvanger.__qualname__} ← {model.__name__}"
                )
    assert not gevonden
