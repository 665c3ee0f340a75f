"""The base of every import (``RegieResource``): Dutch, case-insensitive, all or nothing."""

from __future__ import annotations

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy
from import_export import resources
from import_export.results import Error

from .bestanden import MAX_RIJEN
from .kolommen import Kolom, Rijfouten, kopsleutel, tekst
from .verschil import RegieResultaat, RegieRij, VeiligeDiff


class ImportFout(Exception):
    """A problem with the whole file (a missing column, too many rows); the message is Dutch
    and meant for the user."""


class NamenNietGecontroleerd(ImportFout):
    """A confirmed import would change a name, and the regisseur did not tick that they
    checked the names."""


class RegieResource(resources.ModelResource):
    """Dutch, case-insensitive, all-or-nothing import of one kind of row.

    A subclass lists its ``kolommen`` and implements ``zoek_bestaand(row)`` (the existing
    object this row is about, or None), ``rijkopsleutel(row)`` (what makes two rows the same
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
        self._voortgang = None
        self._totaal = 0

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
            naam = per_sleutel.get(kopsleutel(kop), tekst(kop))
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

    def import_data(
        self, dataset, dry_run=False, *, namen_gecontroleerd=False, voortgang=None, **kwargs
    ):
        """Import (or with ``dry_run`` preview) the rows. An import that changes the name of
        something that exists runs only with ``namen_gecontroleerd=True``: otherwise it is
        rolled back and the result holds a ``NamenNietGecontroleerd`` error.

        ``voortgang(gedaan, totaal)``, when given, is called after every row (valid or not),
        so a background import can show how far it is."""
        self._voortgang = voortgang
        self._totaal = len(dataset)
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

    def import_row(self, row, instance_loader, **kwargs):
        rij = super().import_row(row, instance_loader, **kwargs)
        if self._voortgang is not None:
            self._voortgang(kwargs.get("row_number", 0), self._totaal)
        return rij

    def verschil_voorbereiden(self, instance) -> None:
        """Called just before the preview reads a row's values, before and after the row is
        applied (``VeiligeDiff``). A resource whose computed columns follow relations loads
        them here at once, instead of a few queries per column."""

    def import_instance(self, instance, row, **kwargs):
        fouten = Rijfouten()
        instance._regie_wijzigingen = []
        sleutel = self.rijkopsleutel(row)
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
