"""The /beheer/ index is made of panels that each app provides.

An app declares functions ``panelen(request) -> list[Paneel]`` as its ``dashboard``
contribution on its AppConfig (``kern.bijdragen``), usually ``<app>.dashboard.panelen`` (its
figures) and ``<app>.grafieken.panelen`` (its charts). The site calls them all and shows every
panel it gets back, by ``Paneel.volgorde``. A panel renders its own template with its own
context, so an app decides what it shows and how many queries it needs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

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


def verzamel_panelen(request) -> list[Paneel]:
    from kern import bijdragen

    panelen: list[Paneel] = []
    for leverancier in bijdragen.functies("dashboard"):
        panelen.extend(leverancier(request))
    return sorted(panelen, key=lambda p: p.volgorde)
