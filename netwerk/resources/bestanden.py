"""Files: the upload (CSV or .xlsx, recognised from the content), where it waits for the
confirmation, and the export formats (formulas escaped, CSV for a Dutch Excel)."""

from __future__ import annotations

import csv
import io
import zipfile

import tablib
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.formats import base_formats
from import_export.tmp_storages import CacheStorage

from kern.rapport import FORMULE_TEKENS

from .kolommen import tekst

MAX_RIJEN = 5000
MAX_UITGEPAKT_MB = 50  # an .xlsx is a zip: refuse one that unpacks to more than this


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
