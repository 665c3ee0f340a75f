"""Cells and columns: clean text from a cell, several values in one cell, the widgets and
computed columns, the column definitions with their aliases and Dutch labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy
from import_export import widgets
from import_export.fields import Field
from phonenumber_field.phonenumber import PhoneNumber

from kern.rapport import FORMULE_TEKENS

SCHEIDING = ";"  # between several values in one cell: "Locatie A; Locatie B"


def tekst(waarde) -> str:
    """A cell as clean text: empty for None, no ".0" on whole numbers from Excel, no escape
    apostrophe that our own export put before a formula character."""
    if waarde is None:
        return ""
    if isinstance(waarde, float) and waarde.is_integer():
        waarde = int(waarde)
    s = str(waarde).strip()
    if s[:1] == "'" and s[1:2] in FORMULE_TEKENS:
        s = s[1:]
    return s


def lijst(waarde) -> list[str]:
    return [d.strip() for d in tekst(waarde).split(SCHEIDING) if d.strip()]


def kopsleutel(kop) -> str:
    return re.sub(r"[^a-z]", "", tekst(kop).lower())


class TelefoonWidget(widgets.CharWidget):
    def render(self, value, obj=None, **kwargs):
        if isinstance(value, PhoneNumber) and value.is_valid():
            return value.as_national
        return "" if value is None else str(value)


class LijstWidget(widgets.CharWidget):
    def render(self, value, obj=None, **kwargs):
        return f"{SCHEIDING} ".join(value or [])


class Berekend(Field):
    """A column computed from the object (roles, locations …): exported and shown in the
    preview, written by the resource's own import rules."""

    def __init__(self, column_name: str, waarde, lijst: bool = True):
        super().__init__(
            column_name=column_name,
            readonly=True,
            widget=LijstWidget() if lijst else widgets.CharWidget(),
        )
        self.waarde = waarde

    def get_value(self, instance):
        if instance is None or instance.pk is None:
            return [] if isinstance(self.widget, LijstWidget) else ""
        return self.waarde(instance)


# Dutch labels of the columns, for the list of changes in the preview.
KOLOM_LABELS = {
    "voornaam": gettext_lazy("Voornaam"),
    "tussenvoegsel": gettext_lazy("Tussenvoegsel"),
    "achternaam": gettext_lazy("Achternaam"),
    "email": gettext_lazy("E-mailadres"),
    "telefoon": gettext_lazy("Telefoon"),
    "organisatie": gettext_lazy("Organisatie"),
    "functie": gettext_lazy("Functie"),
    "locaties": gettext_lazy("Locaties"),
    "netwerk": gettext_lazy("Netwerk"),
    "naam": gettext_lazy("Naam"),
    "domein": gettext_lazy("Domein"),
    "website": gettext_lazy("Website"),
    "adres": gettext_lazy("Adres"),
    "wijk": gettext_lazy("Wijk"),
}


@dataclass
class Kolom:
    naam: str
    aliassen: tuple[str, ...] = ()
    verplicht: bool = False
    uitleg: str = ""  # shown on the import page
    voorbeeld: str = ""  # the example file's value

    def sleutels(self) -> set[str]:
        return {kopsleutel(self.naam), *(kopsleutel(a) for a in self.aliassen)}


@dataclass
class Rijfouten:
    fouten: dict[str, list[str]] = field(default_factory=dict)

    def voeg_toe(self, kolom: str, bericht: str) -> None:
        self.fouten.setdefault(kolom, []).append(bericht)

    def __bool__(self):
        return bool(self.fouten)
