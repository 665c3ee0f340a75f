"""Import and export of the regisseur's spreadsheets, built on django-import-export.

What a regisseur can rely on (docs/netwerk.md tells it in Dutch terms):

- One upload field takes CSV (comma, semicolon or tab; UTF-8 or Windows-1252) and Excel (.xlsx);
  the kind is recognised from the content. Column headers are matched loosely ("E-mail",
  "e-mailadres" and "email" are the same column) and columns the import does not know are
  ignored.
- Every import is first a dry run: the preview shows per row what will happen (nieuw,
  bijgewerkt, ongewijzigd) or, per row, what is wrong, in Dutch. While any row is wrong nothing
  can be saved, and the confirmed import runs in one transaction that rolls back on any error.
- Rows are matched to what exists case-insensitively (persons on e-mail address, organisations on
  name, locations on organisation and name), so importing the same file twice changes nothing.
  An import adds and updates; it never removes a role, a location or a membership.
- Per updated row the preview lists only what changes, old and new value, under Dutch labels
  (``VeiligeDiff`` keeps django-import-export's own before/after values). A row that changes
  the name of what exists (a person matched on an e-mail address that now carries another
  name) is marked, summed up above the table, and a confirmed import with such a row runs only
  when the regisseur ticked that they checked the names (``import_data(namen_gecontroleerd=
  True)``); without it the whole import is rolled back.
- Exports escape cells that a spreadsheet would run as a formula, and never mix the formal and
  the informal network: each export has one kind (see ``netwerk.services.export_soort``).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

import tablib
from diff_match_patch import diff_match_patch
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy
from import_export import resources, widgets
from import_export.fields import Field
from import_export.formats import base_formats
from import_export.resources import Diff
from import_export.results import Error, Result, RowResult
from import_export.tmp_storages import CacheStorage
from phonenumber_field.phonenumber import PhoneNumber

from config.rapport import FORMULE_TEKENS

from .models import (
    Aandachtsfunctionaris,
    AandachtsfunctionarisLocatie,
    Domein,
    Lidmaatschap,
    Locatie,
    Netwerk,
    NetwerkSoort,
    Organisatie,
    Persoon,
    Wijk,
)

MAX_RIJEN = 5000
MAX_UITGEPAKT_MB = 50  # an .xlsx is a zip: refuse one that unpacks to more than this
SCHEIDING = ";"  # between several values in one cell: "Locatie A; Locatie B"


# --- Files -----------------------------------------------------------------------------------


class TijdelijkeOpslag(CacheStorage):
    """The uploaded file between preview and confirmation lives in the cache for an hour at
    most (not in /tmp, where personal data would outlive an abandoned import)."""

    CACHE_LIFETIME = 3600
    CACHE_PREFIX = "netwerk-import-"


class BestandFout(ValueError):
    """The upload cannot be read; the message is Dutch and meant for the user."""


def _tekst_decoderen(data: bytes) -> str:
    for codering in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(codering)
        except UnicodeDecodeError:
            continue
    raise BestandFout(
        _("Het bestand is geen leesbare tekst. Kies een CSV-bestand of een Excel-bestand (.xlsx).")
    )


class Spreadsheet(base_formats.Format):
    """One import format for CSV and .xlsx: Excel files are zip archives ("PK")."""

    def __init__(self, encoding=None):
        self.encoding = encoding  # the encoding is detected; the admin passes one anyway

    def get_title(self):
        return _("CSV of Excel (.xlsx)")

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def can_import(self):
        return True

    def can_export(self):
        return False

    def create_dataset(self, in_stream):
        if in_stream is None:
            raise BestandFout(
                _(
                    "Het bestand is niet meer beschikbaar (na een uur vervalt het). "
                    "Lees het opnieuw in."
                )
            )
        if isinstance(in_stream, str):
            in_stream = in_stream.encode()
        if in_stream[:2] == b"PK":
            dataset = self._xlsx(in_stream)
        else:
            dataset = self._csv(_tekst_decoderen(in_stream))
        return _lege_rijen_weg(dataset)

    @staticmethod
    def _xlsx(data: bytes) -> tablib.Dataset:
        """The first sheet, read row by row; stops after one row more than may be imported."""
        import openpyxl

        onleesbaar = BestandFout(
            _("Het Excel-bestand kan niet worden gelezen. Sla het opnieuw op als .xlsx of als CSV.")
        )
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archief:
                uitgepakt = sum(deel.file_size for deel in archief.infolist())
        except zipfile.BadZipFile as fout:
            raise onleesbaar from fout
        if uitgepakt > MAX_UITGEPAKT_MB * 1024 * 1024:
            raise BestandFout(
                _("Het Excel-bestand is te groot om in te lezen. Splits het in kleinere bestanden.")
            )
        try:
            boek = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as fout:  # openpyxl raises many kinds for a damaged file
            raise onleesbaar from fout
        try:
            rijen = boek.active.iter_rows(values_only=True)
            dataset = tablib.Dataset()
            kop = next(rijen, None)
            if kop is None:
                return dataset
            dataset.headers = list(kop)
            gevuld = 0
            for rij in rijen:
                if not any(tekst(c) for c in rij):
                    continue
                gevuld += 1
                if gevuld > MAX_RIJEN + 1:
                    break
                dataset.append((list(rij) + [None] * len(kop))[: len(kop)])
            return dataset
        finally:
            boek.close()

    @staticmethod
    def _csv(tekst: str) -> tablib.Dataset:
        eerste_regel = tekst.split("\n", 1)[0]
        scheidingsteken = max(";,\t", key=eerste_regel.count)
        rijen = list(csv.reader(io.StringIO(tekst), delimiter=scheidingsteken))
        dataset = tablib.Dataset()
        if not rijen:
            return dataset
        breedte = max(len(r) for r in rijen)
        dataset.headers = rijen[0] + [""] * (breedte - len(rijen[0]))
        for rij in rijen[1:]:
            dataset.append(rij + [""] * (breedte - len(rij)))
        return dataset


def _lege_rijen_weg(dataset: tablib.Dataset) -> tablib.Dataset:
    schoon = tablib.Dataset(headers=dataset.headers)
    for rij in dataset:
        if any(tekst(c) for c in rij):
            schoon.append(rij)
    return schoon


def _cel_veilig(waarde):
    """A cell that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(waarde, str) and waarde.startswith(FORMULE_TEKENS):
        return "'" + waarde
    return waarde


def _dataset_veilig(dataset: tablib.Dataset) -> tablib.Dataset:
    veilig = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for rij in dataset:
        veilig.append([_cel_veilig(c) for c in rij])
    return veilig


class CSVExport(base_formats.CSV):
    """CSV for a Dutch Excel: semicolons, a byte-order mark, formulas escaped."""

    label = gettext_lazy("CSV (met puntkomma's, opent goed in Excel)")

    def export_data(self, dataset, **kwargs):
        uit = io.StringIO()
        schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
        schrijver.writerow(dataset.headers)
        for rij in _dataset_veilig(dataset):
            schrijver.writerow(["" if c is None else c for c in rij])
        return "\ufeff" + uit.getvalue()


class XLSXExport(base_formats.XLSX):
    label = gettext_lazy("Excel (.xlsx)")

    def export_data(self, dataset, **kwargs):
        return super().export_data(_dataset_veilig(dataset), **kwargs)


IMPORT_FORMATEN = [Spreadsheet]
EXPORT_FORMATEN = [XLSXExport, CSVExport]


# --- Cells -----------------------------------------------------------------------------------


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


def _sleutel(kop) -> str:
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


def _als_tekst(waarde) -> str:
    return "" if waarde is None else str(waarde)


@dataclass(frozen=True)
class Wijziging:
    """One column of an existing row that the import changes."""

    veld: str  # the Dutch label
    oud: str
    nieuw: str
    naam: bool  # part of the name: the preview marks it


class Diffcellen(list):
    """The preview cells of one row (HTML, as django-import-export shows them), plus what
    changes in an existing row and its name before and after."""

    wijzigingen: list[Wijziging]
    naam_oud: str = ""
    naam_nieuw: str = ""


class VeiligeDiff(Diff):
    """The preview's before/after cells without inline styles (the CSP forbids them), and the
    changes of an existing row, read from the same before/after values."""

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.koppen = [str(f.column_name) for f in resource.get_import_fields()]
        self.naam_kolommen = tuple(getattr(resource, "naam_kolommen", ()))

    def _naam(self, waarden) -> str:
        per_kop = dict(zip(self.koppen, waarden, strict=False))
        return " ".join(d for k in self.naam_kolommen if (d := _als_tekst(per_kop.get(k))))

    def wijzigingen(self) -> list[Wijziging]:
        if self.new or not self.right:
            return []
        return [
            Wijziging(
                veld=str(KOLOM_LABELS.get(kop, kop)),
                oud=_als_tekst(links),
                nieuw=_als_tekst(rechts),
                naam=kop in self.naam_kolommen,
            )
            for kop, links, rechts in zip(self.koppen, self.left, self.right, strict=False)
            if _als_tekst(links) != _als_tekst(rechts)
        ]

    def as_html(self):
        dmp = diff_match_patch()
        uitkomst = Diffcellen()
        for links, rechts in zip(self.left, self.right, strict=False):
            if links != rechts and self.new:
                links = ""
            stukken = dmp.diff_main(str(links or ""), str(rechts or ""))
            dmp.diff_cleanupSemantic(stukken)
            html = []
            for soort, stuk in stukken:
                tag = {1: "ins", -1: "del"}.get(soort)
                html.append(f"<{tag}>{escape(stuk)}</{tag}>" if tag else escape(stuk))
            uitkomst.append(mark_safe("".join(html)))  # noqa: S308 (every piece escaped)
        uitkomst.wijzigingen = self.wijzigingen()
        if any(w.naam for w in uitkomst.wijzigingen):
            uitkomst.naam_oud = self._naam(self.left)
            uitkomst.naam_nieuw = self._naam(self.right)
        return uitkomst


class RegieRij(RowResult):
    """One row of the preview, with its number in the file and what it changes."""

    def __init__(self):
        super().__init__()
        self.rij = None  # the row's number in the spreadsheet (the header is row 1)

    @property
    def wijzigingen(self) -> list[Wijziging]:
        """Only for an existing row that is updated: the columns that change."""
        if not self.is_update():
            return []
        return getattr(self.diff, "wijzigingen", [])

    @property
    def naam_wijzigt(self) -> bool:
        return any(w.naam for w in self.wijzigingen)

    @property
    def naam_oud(self) -> str:
        return getattr(self.diff, "naam_oud", "")

    @property
    def naam_nieuw(self) -> str:
        return getattr(self.diff, "naam_nieuw", "")


class RegieResultaat(Result):
    """The outcome of an import, with the rows that change a name (filled by
    ``RegieResource.import_data``) and the Dutch warning about them."""

    def __init__(self):
        super().__init__()
        self.naamswijzigingen: list[RegieRij] = []
        self.naamswijziging_melding = ""
        self.naamswijziging_uitleg = ""


# --- The base of every import ----------------------------------------------------------------


@dataclass
class Kolom:
    naam: str
    aliassen: tuple[str, ...] = ()
    verplicht: bool = False
    uitleg: str = ""  # shown on the import page
    voorbeeld: str = ""  # the example file's value

    def sleutels(self) -> set[str]:
        return {_sleutel(self.naam), *(_sleutel(a) for a in self.aliassen)}


@dataclass
class Rijfouten:
    fouten: dict[str, list[str]] = field(default_factory=dict)

    def voeg_toe(self, kolom: str, bericht: str) -> None:
        self.fouten.setdefault(kolom, []).append(bericht)

    def __bool__(self):
        return bool(self.fouten)


class ImportFout(Exception):
    """A problem with the whole file (a missing column, too many rows); the message is Dutch
    and meant for the user."""


class NamenNietGecontroleerd(ImportFout):
    """A confirmed import would change a name, and the regisseur did not tick that they
    checked the names."""


class RegieResource(resources.ModelResource):
    """Dutch, case-insensitive, all-or-nothing import of one kind of row.

    A subclass lists its ``kolommen`` and implements ``zoek_bestaand(row)`` (the existing
    object this row is about, or None), ``rij_sleutel(row)`` (what makes two rows the same
    row, for the duplicate check) and ``invullen(instance, row, fouten)`` (set the object's
    values, remember related changes in ``instance._regie_wijzigingen``, add Dutch errors).
    ``wijzigingen_opslaan(instance)`` writes those related changes after the object is saved.
    """

    kolommen: tuple[Kolom, ...] = ()
    dubbel_kolom = ""  # where a row that appears twice is reported; default the first column
    # The columns that make up the name. An existing row whose name changes is marked in the
    # preview and is saved only when the regisseur ticked that they checked the names.
    naam_kolommen: tuple[str, ...] = ()
    naamswijziging_tekst = ngettext_lazy(
        "Let op: bij %(n)d rij wijzigt de naam van iets wat al bestaat.",
        "Let op: bij %(n)d rijen wijzigt de naam van iets wat al bestaat.",
        "n",
    )
    naamswijziging_uitleg = ""

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._gezien: dict[tuple, int] = {}

    # Files and columns

    def kolommen_controleren(self, dataset: tablib.Dataset) -> str | None:
        """Rename the headers to our column names; a Dutch message if the file won't do."""
        if not dataset.headers:
            return _("Het bestand is leeg of heeft geen kopregel.")
        if len(dataset) > MAX_RIJEN:
            return _(
                "Het bestand heeft meer dan %(max)d rijen. Splits het in kleinere bestanden."
            ) % {"max": MAX_RIJEN}
        per_sleutel = {s: k.naam for k in self.kolommen for s in k.sleutels()}
        nieuwe_koppen = []
        for kop in dataset.headers:
            naam = per_sleutel.get(_sleutel(kop), tekst(kop))
            if naam in nieuwe_koppen and naam in per_sleutel.values():
                return _("De kolom '%(kolom)s' staat twee keer in het bestand.") % {"kolom": naam}
            nieuwe_koppen.append(naam)
        dataset.headers = nieuwe_koppen
        ontbrekend = [k.naam for k in self.kolommen if k.verplicht and k.naam not in nieuwe_koppen]
        if ontbrekend:
            return _(
                "Deze verplichte kolommen ontbreken: %(kolommen)s. Gebruik een kopregel met "
                "de kolommen %(alle)s."
            ) % {
                "kolommen": ", ".join(ontbrekend),
                "alle": ", ".join(k.naam for k in self.kolommen),
            }
        return None

    @classmethod
    def get_result_class(cls):
        return RegieResultaat

    @classmethod
    def get_row_result_class(cls):
        return RegieRij

    def import_data(self, dataset, dry_run=False, *, namen_gecontroleerd=False, **kwargs):
        """Import (or with ``dry_run`` preview) the rows. An import that changes the name of
        something that exists runs only with ``namen_gecontroleerd=True``: otherwise it is
        rolled back and the result holds a ``NamenNietGecontroleerd`` error."""
        fout = self.kolommen_controleren(dataset)
        if fout:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.append_base_error(Error(ImportFout(fout)))
            return result
        self._gezien = {}
        # Nothing is saved while any row is wrong, whoever calls this.
        kwargs["rollback_on_validation_errors"] = True
        with transaction.atomic(using=self.get_db_connection_name()):
            result = super().import_data(dataset, dry_run=dry_run, **kwargs)
            result.naamswijzigingen = [r for r in result.valid_rows() if r.naam_wijzigt]
            aantal = len(result.naamswijzigingen)
            if not aantal:
                return result
            result.naamswijziging_melding = self.naamswijziging_tekst % {"n": aantal}
            result.naamswijziging_uitleg = self.naamswijziging_uitleg
            opgeslagen = not (dry_run or result.has_errors() or result.has_validation_errors())
            if opgeslagen and not namen_gecontroleerd:
                transaction.set_rollback(True, using=self.get_db_connection_name())
                result.append_base_error(
                    Error(
                        NamenNietGecontroleerd(
                            ngettext(
                                "Er is niets opgeslagen: bij %(n)d rij wijzigt een naam en "
                                "u hebt niet aangevinkt dat u de naamswijzigingen hebt "
                                "gecontroleerd. Lees het bestand opnieuw in en controleer "
                                "de namen.",
                                "Er is niets opgeslagen: bij %(n)d rijen wijzigt een naam en "
                                "u hebt niet aangevinkt dat u de naamswijzigingen hebt "
                                "gecontroleerd. Lees het bestand opnieuw in en controleer "
                                "de namen.",
                                aantal,
                            )
                            % {"n": aantal}
                        )
                    )
                )
        return result

    def _check_import_id_fields(self, headers):
        """Our own column check (kolommen_controleren) speaks Dutch; rows are matched
        by ``zoek_bestaand``."""

    def get_diff_class(self):
        return VeiligeDiff

    # Rows

    def get_instance(self, instance_loader, row):
        return self.zoek_bestaand(row)

    def import_instance(self, instance, row, **kwargs):
        fouten = Rijfouten()
        instance._regie_wijzigingen = []
        sleutel = self.rij_sleutel(row)
        if sleutel and all(sleutel):
            eerder = self._gezien.get(sleutel)
            if eerder is not None:
                fouten.voeg_toe(
                    self.dubbel_kolom or self.kolommen[0].naam,
                    _("Deze rij staat al eerder in het bestand (rij %(rij)d).") % {"rij": eerder},
                )
            else:
                self._gezien[sleutel] = kwargs.get("row_number", 0) + 1
        for kolom in self.kolommen:
            if kolom.verplicht and not tekst(row.get(kolom.naam)):
                fouten.voeg_toe(kolom.naam, _("Dit veld is verplicht en is leeg."))
        self.invullen(instance, row, fouten)
        if fouten:
            raise ValidationError(fouten.fouten)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or original.pk is None:
            return False
        if instance._regie_wijzigingen:
            return False
        return all(
            getattr(instance, f.attname) == getattr(original, f.attname)
            for f in instance._meta.concrete_fields
            if f.editable and not f.auto_created
        )

    def after_save_instance(self, instance, row, **kwargs):
        for wijziging in getattr(instance, "_regie_wijzigingen", []):
            wijziging()

    def after_import_row(self, row, row_result, **kwargs):
        row_result.rij = kwargs.get("row_number", 0) + 1

    def after_export(self, queryset, dataset, **kwargs):
        dataset.title = str(self.get_display_name())[:31]  # the sheet's name in Excel

    # Helpers for subclasses

    @staticmethod
    def zet(instance, row, kolom: str, attribuut: str | None = None, *, klein: bool = False):
        """Copy a column to the object, only when the file has that column."""
        if kolom in row:
            waarde = tekst(row[kolom])
            setattr(instance, attribuut or kolom, waarde.lower() if klein else waarde)


# --- Organisaties ----------------------------------------------------------------------------


def domein_uit_tekst(waarde: str) -> str | None:
    sleutel = _sleutel(waarde)
    for domein in Domein:
        if sleutel in {_sleutel(domein.value), _sleutel(domein.label)}:
            return domein.value
    return None


class OrganisatieResource(RegieResource):
    kolommen = (
        Kolom(
            "naam",
            ("organisatie", "organisatienaam"),
            verplicht=True,
            uitleg=gettext_lazy("Bestaat de naam al, dan wordt die organisatie bijgewerkt."),
            voorbeeld="Vermeer Lyceum",
        ),
        Kolom(
            "domein",
            ("sector", "soort"),
            verplicht=True,
            uitleg=gettext_lazy("Bijvoorbeeld Onderwijs, Jongerenwerk, GGZ, Politie."),
            voorbeeld="Onderwijs",
        ),
        Kolom(
            "email",
            ("e-mail", "e-mailadres", "mail", "emailadres"),
            uitleg=gettext_lazy("Algemeen e-mailadres."),
            voorbeeld="info@vermeer.example",
        ),
        Kolom("telefoon", ("telefoonnummer", "tel", "telefoonnr"), voorbeeld="015 212 3456"),
        Kolom("website", ("site", "url"), voorbeeld="https://vermeer.example"),
    )
    naam_kolommen = ("naam",)
    naamswijziging_tekst = ngettext_lazy(
        "Let op: bij %(n)d rij wijzigt de naam van een bestaande organisatie.",
        "Let op: bij %(n)d rijen wijzigt de naam van een bestaande organisatie.",
        "n",
    )
    naamswijziging_uitleg = gettext_lazy(
        "Een organisatie wordt herkend aan haar naam, ongeacht hoofdletters: alleen de "
        "schrijfwijze van de naam verandert."
    )
    naam = Field(attribute="naam", column_name="naam")
    domein = Field(attribute="get_domein_display", column_name="domein", readonly=True)
    email = Field(attribute="email", column_name="email")
    telefoon = Field(attribute="telefoon", column_name="telefoon", widget=TelefoonWidget())
    website = Field(attribute="website", column_name="website")
    locaties = Berekend("locaties", lambda o: [loc.naam for loc in o.locaties.all() if loc.actief])

    class Meta(RegieResource.Meta):
        model = Organisatie
        name = gettext_lazy("Organisaties")
        fields = ("naam", "domein", "email", "telefoon", "website", "locaties")
        import_order = ("naam", "domein", "email", "telefoon", "website")
        export_order = fields

    def get_queryset(self):
        return Organisatie.objects.prefetch_related("locaties")

    def rij_sleutel(self, row):
        return (tekst(row.get("naam")).lower(),)

    def zoek_bestaand(self, row):
        naam = tekst(row.get("naam"))
        return Organisatie.objects.filter(naam__iexact=naam).first() if naam else None

    def invullen(self, instance, row, fouten):
        self.zet(instance, row, "naam")
        domein = tekst(row.get("domein"))
        if domein:
            gevonden = domein_uit_tekst(domein)
            if gevonden:
                instance.domein = gevonden
            else:
                fouten.voeg_toe(
                    "domein",
                    _("Onbekend domein '%(domein)s'. Kies uit: %(keuzes)s.")
                    % {"domein": domein, "keuzes": ", ".join(str(d.label) for d in Domein)},
                )
        self.zet(instance, row, "email", klein=True)
        self.zet(instance, row, "telefoon")
        self.zet(instance, row, "website")


# --- Locaties --------------------------------------------------------------------------------


class LocatieResource(RegieResource):
    kolommen = (
        Kolom(
            "organisatie",
            ("organisatienaam",),
            verplicht=True,
            uitleg=gettext_lazy("De naam van een organisatie die al bestaat."),
            voorbeeld="Vermeer Lyceum",
        ),
        Kolom(
            "naam",
            ("locatie", "locatienaam", "vestiging"),
            verplicht=True,
            uitleg=gettext_lazy("De naam van de locatie binnen de organisatie."),
            voorbeeld="Gebouw Noord",
        ),
        Kolom("adres", ("straat", "bezoekadres"), voorbeeld="Noordweg 1, Delft"),
        Kolom(
            "wijk",
            ("buurt",),
            uitleg=gettext_lazy("Een nieuwe wijk wordt aangemaakt."),
            voorbeeld="Tanthof-Oost",
        ),
    )
    dubbel_kolom = "naam"
    naam_kolommen = ("naam",)
    naamswijziging_tekst = ngettext_lazy(
        "Let op: bij %(n)d rij wijzigt de naam van een bestaande locatie.",
        "Let op: bij %(n)d rijen wijzigt de naam van een bestaande locatie.",
        "n",
    )
    naamswijziging_uitleg = gettext_lazy(
        "Een locatie wordt herkend aan haar organisatie en naam, ongeacht hoofdletters: alleen "
        "de schrijfwijze van de naam verandert."
    )
    organisatie = Field(attribute="organisatie__naam", column_name="organisatie", readonly=True)
    naam = Field(attribute="naam", column_name="naam")
    adres = Field(attribute="adres", column_name="adres")
    wijk = Field(attribute="wijk__naam", column_name="wijk", readonly=True)

    class Meta(RegieResource.Meta):
        model = Locatie
        name = gettext_lazy("Locaties")
        fields = ("organisatie", "naam", "adres", "wijk")
        import_order = fields
        export_order = fields

    def get_queryset(self):
        return Locatie.objects.select_related("organisatie", "wijk")

    def before_import(self, dataset, **kwargs):
        self._organisaties = {o.naam.lower(): o for o in Organisatie.objects.all()}
        self._wijken = {w.naam.lower(): w for w in Wijk.objects.all()}

    def rij_sleutel(self, row):
        return (tekst(row.get("organisatie")).lower(), tekst(row.get("naam")).lower())

    def zoek_bestaand(self, row):
        organisatie = self._organisaties.get(tekst(row.get("organisatie")).lower())
        naam = tekst(row.get("naam"))
        if organisatie is None or not naam:
            return None
        return Locatie.objects.filter(organisatie=organisatie, naam__iexact=naam).first()

    def invullen(self, instance, row, fouten):
        naam_org = tekst(row.get("organisatie"))
        organisatie = self._organisaties.get(naam_org.lower())
        if naam_org and organisatie is None:
            fouten.voeg_toe("organisatie", onbekende_organisatie(naam_org))
        elif organisatie is not None:
            instance.organisatie = organisatie
        self.zet(instance, row, "naam")
        self.zet(instance, row, "adres")
        if "wijk" in row:
            naam_wijk = tekst(row["wijk"])
            if not naam_wijk:
                instance.wijk = None
            else:
                wijk = self._wijken.get(naam_wijk.lower())
                if wijk is None:
                    # A new wijk is created with the row (and rolled back with a dry run).
                    wijk = Wijk.objects.create(naam=naam_wijk)
                    self._wijken[naam_wijk.lower()] = wijk
                instance.wijk = wijk


def onbekende_organisatie(naam: str) -> str:
    return _(
        "Onbekende organisatie '%(naam)s'. Controleer de schrijfwijze of importeer eerst de "
        "organisaties."
    ) % {"naam": naam}


# --- Personen --------------------------------------------------------------------------------

PERSOON_KOLOMMEN = (
    Kolom("voornaam", ("roepnaam",), verplicht=True, voorbeeld="Noor"),
    Kolom("tussenvoegsel", ("tussenvoegsels", "tv"), voorbeeld="van der"),
    Kolom("achternaam", ("familienaam", "naam"), voorbeeld="Berg"),
    Kolom(
        "email",
        ("e-mail", "e-mailadres", "mail", "emailadres"),
        verplicht=True,
        uitleg=gettext_lazy(
            "Hieraan wordt de persoon herkend: bestaat het adres al, dan wordt die persoon "
            "bijgewerkt (hoofdletters maken niet uit)."
        ),
        voorbeeld="noor.vanderberg@vermeer.example",
    ),
    Kolom("telefoon", ("telefoonnummer", "tel", "mobiel", "telefoonnr"), voorbeeld="06 12345678"),
)


class PersoonBasisResource(RegieResource):
    """Persons matched on e-mail address (case-insensitive); without roles."""

    kolommen = PERSOON_KOLOMMEN
    dubbel_kolom = "email"
    naam_kolommen = ("voornaam", "tussenvoegsel", "achternaam")
    naamswijziging_tekst = ngettext_lazy(
        "Let op: bij %(n)d rij wijzigt de naam van een bestaande persoon.",
        "Let op: bij %(n)d rijen wijzigt de naam van een bestaande persoon.",
        "n",
    )
    naamswijziging_uitleg = gettext_lazy(
        "Een bestaande persoon wordt herkend aan het e-mailadres (hoofdletters maken niet uit). "
        "Hoort de nieuwe naam bij iemand anders, pas dan het e-mailadres in het bestand aan en "
        "lees het opnieuw in."
    )
    voornaam = Field(attribute="voornaam", column_name="voornaam")
    tussenvoegsel = Field(attribute="tussenvoegsel", column_name="tussenvoegsel")
    achternaam = Field(attribute="achternaam", column_name="achternaam")
    email = Field(attribute="email", column_name="email")
    telefoon = Field(attribute="telefoon", column_name="telefoon", widget=TelefoonWidget())

    class Meta(RegieResource.Meta):
        model = Persoon
        name = gettext_lazy("Personen zonder rol")
        fields = ("voornaam", "tussenvoegsel", "achternaam", "email", "telefoon")
        import_order = fields
        export_order = fields

    def get_queryset(self):
        return Persoon.objects.filter(geanonimiseerd_op__isnull=True)

    def rij_sleutel(self, row):
        return (tekst(row.get("email")).lower(),)

    def zoek_bestaand(self, row):
        email = tekst(row.get("email"))
        return Persoon.objects.filter(email__iexact=email).first() if email else None

    def invullen(self, instance, row, fouten):
        if instance.geanonimiseerd_op:
            fouten.voeg_toe("email", _("Deze persoon is geanonimiseerd en wordt niet bijgewerkt."))
            return
        for kolom in ("voornaam", "tussenvoegsel", "achternaam", "telefoon"):
            self.zet(instance, row, kolom)
        self.zet(instance, row, "email", klein=True)


def _netwerken_van_soort(persoon, soort: str) -> list[str]:
    """The networks of one kind a person is an active member of: an export of one kind never
    names the other kind's networks."""
    return [
        lid.netwerk.naam
        for lid in persoon.lidmaatschappen.all()
        if lid.actief and lid.netwerk.soort == soort
    ]


def _actieve_af_rollen(persoon) -> list[Aandachtsfunctionaris]:
    return [af for af in persoon.aandachtsfunctionarisrollen.all() if af.actief]


class AandachtsfunctionarisResource(PersoonBasisResource):
    """Persons as aandachtsfunctionaris: with organisation(s), function, locations and the
    formal networks they are a member of. Several organisations: "A; B", with the functions
    in the same order."""

    kolommen = PERSOON_KOLOMMEN + (
        Kolom(
            "organisatie",
            ("organisaties", "instelling", "werkgever"),
            uitleg=gettext_lazy(
                "Maakt de persoon aandachtsfunctionaris bij deze organisatie (die moet al "
                "bestaan). Meer organisaties: scheid ze met een puntkomma."
            ),
            voorbeeld="Vermeer Lyceum",
        ),
        Kolom(
            "functie",
            ("functies", "rol"),
            uitleg=gettext_lazy("Bij meer organisaties: de functies in dezelfde volgorde."),
            voorbeeld="Zorgcoördinator",
        ),
        Kolom(
            "locaties",
            ("locatie", "vestiging", "vestigingen"),
            uitleg=gettext_lazy(
                "Locaties van die organisatie, gescheiden door een puntkomma: "
                "Gebouw Noord; Gebouw Zuid."
            ),
            voorbeeld="Gebouw Noord; Gebouw Zuid",
        ),
        Kolom(
            "netwerk",
            ("netwerken",),
            uitleg=gettext_lazy("Een formeel netwerk waarvan de persoon lid wordt."),
            voorbeeld="Netwerk aandachtsfunctionarissen Delft",
        ),
    )
    organisatie = Berekend(
        "organisatie", lambda p: [af.organisatie.naam for af in _actieve_af_rollen(p)]
    )
    functie = Berekend("functie", lambda p: [af.functie for af in _actieve_af_rollen(p)])
    locaties = Berekend(
        "locaties",
        lambda p: [loc.naam for af in _actieve_af_rollen(p) for loc in af.locaties.all()],
    )
    netwerk = Berekend("netwerk", lambda p: _netwerken_van_soort(p, NetwerkSoort.FORMEEL))

    class Meta(PersoonBasisResource.Meta):
        name = gettext_lazy("Aandachtsfunctionarissen")
        fields = PersoonBasisResource.Meta.fields + (
            "organisatie",
            "functie",
            "locaties",
            "netwerk",
        )
        import_order = fields
        export_order = fields

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "aandachtsfunctionarisrollen__organisatie",
                "aandachtsfunctionarisrollen__locaties",
                "lidmaatschappen__netwerk",
            )
        )

    def before_import(self, dataset, **kwargs):
        self._organisaties = {o.naam.lower(): o for o in Organisatie.objects.all()}
        self._locaties = {
            (loc.organisatie_id, loc.naam.lower()): loc for loc in Locatie.objects.all()
        }
        self._netwerken = {n.naam.lower(): n for n in Netwerk.objects.all()}

    def invullen(self, instance, row, fouten):
        super().invullen(instance, row, fouten)
        if fouten:
            return
        organisaties = []
        for naam in lijst(row.get("organisatie")):
            organisatie = self._organisaties.get(naam.lower())
            if organisatie is None:
                fouten.voeg_toe("organisatie", onbekende_organisatie(naam))
            else:
                organisaties.append(organisatie)
        # Functions keep their empty places ("Mentor; " is two functions, the second empty).
        functies = [d.strip() for d in tekst(row.get("functie")).split(SCHEIDING)]
        if not any(functies):
            functies = None
        elif len(functies) > 1 and len(functies) != len(organisaties):
            fouten.voeg_toe(
                "functie",
                _("Geef één functie, of per organisatie een functie in dezelfde volgorde."),
            )
        locaties = []
        for naam in lijst(row.get("locaties")):
            gevonden = [
                self._locaties.get((o.pk, naam.lower()))
                for o in organisaties
                if (o.pk, naam.lower()) in self._locaties
            ]
            if not gevonden:
                fouten.voeg_toe(
                    "locaties",
                    _("Onbekende locatie '%(locatie)s' bij %(organisaties)s.")
                    % {
                        "locatie": naam,
                        "organisaties": ", ".join(o.naam for o in organisaties)
                        or _("(geen organisatie in deze rij)"),
                    },
                )
            locaties.extend(gevonden)
        netwerken = []
        for naam in lijst(row.get("netwerk")):
            netwerk = self._netwerken.get(naam.lower())
            if netwerk is None:
                fouten.voeg_toe("netwerk", _("Onbekend netwerk '%(naam)s'.") % {"naam": naam})
            elif netwerk.soort != NetwerkSoort.FORMEEL:
                fouten.voeg_toe(
                    "netwerk",
                    _(
                        "'%(naam)s' is een informeel netwerk. Aandachtsfunctionarissen horen bij "
                        "het formele netwerk; sleutelpersonen voegt u toe in het beheer."
                    )
                    % {"naam": naam},
                )
            else:
                netwerken.append(netwerk)
        if fouten:
            return
        self._rollen_plannen(instance, organisaties, functies, locaties, netwerken)

    def _rollen_plannen(self, persoon, organisaties, functies, locaties, netwerken):
        """Compare with the database; remember only what must change."""
        bestaande = {}
        leden = {}
        gekoppeld = set()
        if persoon.pk:
            bestaande = {af.organisatie_id: af for af in persoon.aandachtsfunctionarisrollen.all()}
            leden = {lid.netwerk_id: lid for lid in persoon.lidmaatschappen.all()}
            gekoppeld = set(
                AandachtsfunctionarisLocatie.objects.filter(
                    aandachtsfunctionaris__persoon=persoon
                ).values_list("aandachtsfunctionaris__organisatie_id", "locatie_id")
            )
        wijzigingen = persoon._regie_wijzigingen
        for i, organisatie in enumerate(organisaties):
            functie = None
            if functies:
                functie = functies[i] if len(functies) > 1 else functies[0]
            af = bestaande.get(organisatie.pk)
            if af is None or not af.actief or (functie is not None and af.functie != functie):
                wijzigingen.append(_AfOpslaan(persoon, organisatie, functie))
        for locatie in locaties:
            if (locatie.organisatie_id, locatie.pk) not in gekoppeld:
                wijzigingen.append(_LocatieKoppelen(persoon, locatie))
        for netwerk in netwerken:
            lid = leden.get(netwerk.pk)
            if lid is None or not lid.actief:
                wijzigingen.append(_LidWorden(persoon, netwerk))


@dataclass
class _AfOpslaan:
    persoon: Persoon
    organisatie: Organisatie
    functie: str | None

    def __call__(self):
        af, _nieuw = Aandachtsfunctionaris.objects.get_or_create(
            persoon=self.persoon,
            organisatie=self.organisatie,
            defaults={"sinds": timezone.localdate()},
        )
        af.actief = True
        if self.functie is not None:
            af.functie = self.functie
        af.save()


@dataclass
class _LocatieKoppelen:
    persoon: Persoon
    locatie: Locatie

    def __call__(self):
        af = Aandachtsfunctionaris.objects.get(
            persoon=self.persoon, organisatie_id=self.locatie.organisatie_id
        )
        AandachtsfunctionarisLocatie.objects.get_or_create(
            aandachtsfunctionaris=af, locatie=self.locatie
        )


@dataclass
class _LidWorden:
    persoon: Persoon
    netwerk: Netwerk

    def __call__(self):
        lid, _nieuw = Lidmaatschap.objects.get_or_create(persoon=self.persoon, netwerk=self.netwerk)
        if not lid.actief:
            lid.actief = True
            lid.tot = None
            lid.save()


# --- Exports only ----------------------------------------------------------------------------


class SleutelpersoonExportResource(PersoonBasisResource):
    """The informal network: only ever exported on its own."""

    gemeenschappen = Berekend(
        "gemeenschappen", lambda p: [g.naam for g in p.sleutelpersoon.gemeenschappen.all()]
    )
    wijken = Berekend("wijken", lambda p: [w.naam for w in p.sleutelpersoon.wijken.all()])
    achterban = Field(attribute="sleutelpersoon__achterban", column_name="achterban")
    betrokkenheid = Field(
        attribute="sleutelpersoon__get_betrokkenheid_display", column_name="betrokkenheid"
    )
    formele_rol = Field(attribute="sleutelpersoon__formele_rol", column_name="formele rol")
    op_de_achtergrond = Berekend(
        "op de achtergrond",
        lambda p: _("ja") if p.sleutelpersoon.op_de_achtergrond else _("nee"),
        lijst=False,
    )
    netwerk = Berekend("netwerk", lambda p: _netwerken_van_soort(p, NetwerkSoort.INFORMEEL))

    class Meta(PersoonBasisResource.Meta):
        name = gettext_lazy("Sleutelpersonen")
        fields = PersoonBasisResource.Meta.fields + (
            "gemeenschappen",
            "wijken",
            "achterban",
            "betrokkenheid",
            "formele_rol",
            "op_de_achtergrond",
            "netwerk",
        )
        export_order = fields

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(sleutelpersoon__isnull=False)
            .select_related("sleutelpersoon")
            .prefetch_related(
                "sleutelpersoon__gemeenschappen",
                "sleutelpersoon__wijken",
                "lidmaatschappen__netwerk",
            )
        )


class LidmaatschapExportResource(resources.ModelResource):
    after_export = RegieResource.after_export

    netwerk = Field(attribute="netwerk__naam", column_name="netwerk")
    voornaam = Field(attribute="persoon__voornaam", column_name="voornaam")
    tussenvoegsel = Field(attribute="persoon__tussenvoegsel", column_name="tussenvoegsel")
    achternaam = Field(attribute="persoon__achternaam", column_name="achternaam")
    email = Field(attribute="persoon__email", column_name="email")
    telefoon = Field(attribute="persoon__telefoon", column_name="telefoon", widget=TelefoonWidget())
    sinds = Field(attribute="sinds", column_name="sinds", widget=widgets.DateWidget("%d-%m-%Y"))
    tot = Field(attribute="tot", column_name="tot", widget=widgets.DateWidget("%d-%m-%Y"))
    actief = Berekend("actief", lambda lid: _("ja") if lid.actief else _("nee"), lijst=False)

    class Meta:
        model = Lidmaatschap
        name = gettext_lazy("Leden")
        fields = (
            "netwerk",
            "voornaam",
            "tussenvoegsel",
            "achternaam",
            "email",
            "telefoon",
            "sinds",
            "tot",
            "actief",
        )
        export_order = fields


# Which persons each export kind holds is decided in netwerk.services.export_soort; this maps
# a kind to its columns.
PERSONEN_EXPORT = {
    "af": AandachtsfunctionarisResource,
    "sleutelpersoon": SleutelpersoonExportResource,
    "geen": PersoonBasisResource,
}
