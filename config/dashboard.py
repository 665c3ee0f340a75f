"""The /beheer/ index is made of panels that each app provides in its own ``dashboard.py``.

An app's module defines ``panelen(request) -> list[Paneel]``. The site calls the apps listed in
``settings.DASHBOARD_APPS`` in order and shows every panel it gets back. A panel renders its own
template with its own context, so an app decides what it shows and how many queries it needs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


@dataclass
class Paneel:
    titel: str
    template: str
    context: dict = field(default_factory=dict)
    volgorde: int = 100
    breed: bool = False

    def render(self, request) -> str:
        return render_to_string(self.template, {**self.context, "paneel": self}, request=request)


def panel_modules():
    """Each app's ``dashboard`` (its figures) and ``grafieken`` (its charts), if it has them."""
    for app in settings.DASHBOARD_APPS:
        for deel in ("dashboard", "grafieken"):
            naam = f"{app}.{deel}"
            if find_spec(naam) is not None:
                yield import_module(naam)


def verzamel_panelen(request) -> list[Paneel]:
    panelen: list[Paneel] = []
    for module in panel_modules():
        leverancier = getattr(module, "panelen", None)
        if leverancier is None:
            continue
        panelen.extend(leverancier(request))
    return sorted(panelen, key=lambda p: p.volgorde)
