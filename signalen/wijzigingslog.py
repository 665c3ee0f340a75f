"""The change log of one signal as a regisseur, a supervisor or a judge reads it.

django-auditlog keeps every change of a signal and of its case-flow steps as raw field values
("door: None → 2", "fase_sinds: 2026-10-18 13:00:00" in UTC). ``wijzigingen_van`` turns them
into rows of who, when (local time), what, and per field its Dutch name with the old and the new
value as the page shows it elsewhere: the label of a choice, the name of a person or an
organisation, a local date and time, ja/nee. Keys and hashes (``id``, ``persoon_sleutel``) and
the signal a step belongs to are left out: they say nothing to a reader. The names of persons are
fetched once per kind for the whole page, so the number of queries does not grow with the log.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import Overgang, Signaal

# Fields that mean nothing to a reader of the log.
WEGLATEN = {"id", "signaal", "persoon_sleutel"}
LEEG = "—"


@dataclass
class Regel:
    veld: str
    oud: str
    nieuw: str


@dataclass
class Wijziging:
    wanneer: datetime
    wie: str
    vanaf: str
    wat: str
    nieuw: bool  # a new row (a step added, the signal filed): only the new values count
    regels: list[Regel] = field(default_factory=list)


def _leeg(waarde) -> bool:
    return waarde in (None, "", "None")


def _tekst(model, naam: str, waarde, namen: dict) -> str:
    """One stored value as the rest of the product shows it."""
    if _leeg(waarde):
        return LEEG
    try:
        veld = model._meta.get_field(naam)
    except FieldDoesNotExist:  # a field that no longer exists: its value as it was stored
        return str(waarde)
    if veld.choices:
        return str(dict(veld.flatchoices).get(waarde, waarde))
    if isinstance(veld, models.ForeignKey):
        return namen.get((veld.related_model, str(waarde)), "#" + str(waarde))
    if isinstance(veld, models.BooleanField):
        return _("ja") if str(waarde) == "True" else _("nee")
    if isinstance(veld, models.DateTimeField):
        moment = parse_datetime(str(waarde))
        if moment is None:
            return str(waarde)
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=UTC)  # auditlog writes UTC without its offset
        return formats.date_format(timezone.localtime(moment), "j F Y H:i")
    if isinstance(veld, models.DateField):
        dag = parse_date(str(waarde)[:10])
        return formats.date_format(dag, "j F Y") if dag else str(waarde)
    return str(waarde)


def _eigen_veld(model, naam: str) -> bool:
    """A field of the row itself (auditlog also notes related rows, such as the steps or
    shares of a signal, which have their own lines or pages)."""
    try:
        return getattr(model._meta.get_field(naam), "concrete", False)
    except FieldDoesNotExist:
        return True  # a field that no longer exists: shown by its stored name


def _namen(regels) -> dict:
    """The names behind every key the log mentions, one query per kind of object."""
    gezocht = defaultdict(set)
    for model, changes in regels:
        for naam, (oud, nieuw) in changes.items():
            try:
                veld = model._meta.get_field(naam)
            except FieldDoesNotExist:
                continue  # a field that no longer exists names nothing
            if isinstance(veld, models.ForeignKey) and naam not in WEGLATEN:
                for waarde in (oud, nieuw):
                    if not _leeg(waarde):
                        gezocht[veld.related_model].add(str(waarde))
    namen = {}
    for model, sleutels in gezocht.items():
        for obj in model._default_manager.filter(pk__in=sleutels):
            naam = obj.get_full_name() if hasattr(obj, "get_full_name") else ""
            namen[(model, str(obj.pk))] = naam or str(obj)
    return namen


def _wat(entry: LogEntry, model) -> str:
    soort = capfirst(model._meta.verbose_name)
    if entry.action == LogEntry.Action.CREATE:
        return _("%(soort)s: aangemaakt") % {"soort": soort}
    if entry.action == LogEntry.Action.DELETE:
        return _("%(soort)s: verwijderd") % {"soort": soort}
    return _("%(soort)s: gewijzigd") % {"soort": soort}


def wijzigingen_van(signaal: Signaal, limiet: int = 500) -> list[Wijziging]:
    """The changes of the signal and of its case-flow steps, newest first."""
    stappen = [str(pk) for pk in signaal.overgangen.values_list("pk", flat=True)]
    soorten = ContentType.objects.get_for_models(Signaal, Overgang)
    entries = list(
        LogEntry.objects.filter(
            Q(content_type=soorten[Signaal], object_pk=str(signaal.pk))
            | Q(content_type=soorten[Overgang], object_pk__in=stappen)
        )
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:limiet]
    )
    modellen = {soorten[Signaal].pk: Signaal, soorten[Overgang].pk: Overgang}
    namen = _namen((modellen[e.content_type_id], e.changes_dict) for e in entries)
    uitkomst = []
    for entry in entries:
        model = modellen[entry.content_type_id]
        nieuw = entry.action == LogEntry.Action.CREATE
        regels = []
        for naam, (oud, waarde) in entry.changes_dict.items():
            if naam in WEGLATEN or (nieuw and _leeg(waarde)) or not _eigen_veld(model, naam):
                continue
            try:
                label = capfirst(model._meta.get_field(naam).verbose_name)
            except FieldDoesNotExist:
                label = naam
            regels.append(
                Regel(
                    veld=str(label),
                    oud=_tekst(model, naam, oud, namen),
                    nieuw=_tekst(model, naam, waarde, namen),
                )
            )
        wie = entry.actor.get_full_name() or entry.actor.email if entry.actor else _("het systeem")
        uitkomst.append(
            Wijziging(
                wanneer=timezone.localtime(entry.timestamp),
                wie=wie,
                vanaf=entry.remote_addr or LEEG,
                wat=_wat(entry, model),
                nieuw=nieuw,
                regels=regels,
            )
        )
    return uitkomst
