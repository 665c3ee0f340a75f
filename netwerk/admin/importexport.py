"""Import and export in /beheer/, in Dutch, with our formats, forms and templates.

The rules of the spreadsheets themselves (columns, matching, the preview's changes, names that
change) are in ``netwerk.resources``; this wires them into django-import-export's admin.
``EenSoortExport`` is an export that always holds one kind of the network (formal or informal,
``netwerk.services.export_soort``).
"""

from __future__ import annotations

import tablib
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from kern import eenmalig
from netwerk.forms import RegieBevestigForm, RegieExportForm, RegieImportForm
from netwerk.resources import (
    EXPORT_FORMATEN,
    IMPORT_FORMATEN,
    BestandFout,
    ImportFout,
    TijdelijkeOpslag,
    XLSXExport,
)


class RegieImportExport(ImportExportMixin):
    """Import and export in Dutch, with our formats, forms and templates."""

    import_formats = IMPORT_FORMATEN
    export_formats = EXPORT_FORMATEN
    import_form_class = RegieImportForm
    confirm_form_class = RegieBevestigForm
    export_form_class = RegieExportForm
    import_template_name = "admin/netwerk/import.html"
    export_template_name = "admin/netwerk/export.html"
    tmp_storage_class = TijdelijkeOpslag

    def has_import_permission(self, request):
        return self._mag(request)

    def has_export_permission(self, request):
        return self._mag(request)

    def get_import_context_data(self, **kwargs):
        resource = self.get_import_resource_classes(None)[0]
        return {
            **super().get_import_context_data(**kwargs),
            "kolommen": resource.kolommen,
            "voorbeeld_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_import_voorbeeld"
            ),
        }

    def get_urls(self):
        return [
            path(
                "import/voorbeeld/",
                self.admin_site.admin_view(self.voorbeeld_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_import_voorbeeld",
            ),
            *super().get_urls(),
        ]

    def voorbeeld_view(self, request):
        """An example spreadsheet: the columns this import knows, with one example row."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0]
        dataset = tablib.Dataset(
            [k.voorbeeld for k in resource.kolommen],
            headers=[k.naam for k in resource.kolommen],
            title=str(_("Voorbeeld")),
        )
        antwoord = HttpResponse(
            XLSXExport().export_data(dataset), content_type=XLSXExport.CONTENT_TYPE
        )
        naam = f"voorbeeld-{str(resource.get_display_name()).lower().replace(' ', '-')}.xlsx"
        antwoord["Content-Disposition"] = f'attachment; filename="{naam}"'
        return antwoord

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, BestandFout):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file",
                _("Het bestand kan niet worden gelezen. Kies een CSV- of Excel-bestand (.xlsx)."),
            )

    def import_action(self, request, **kwargs):
        antwoord = super().import_action(request, **kwargs)
        context = getattr(antwoord, "context_data", None) or {}
        bestand = getattr(context.get("form"), "cleaned_data", {}).get("import_file")
        naam = getattr(bestand, "tmp_storage_name", None)
        if naam and "confirm_form" not in context:
            # Nothing to confirm: the uploaded personal data does not wait in the cache.
            self.get_tmp_storage_class()(name=naam).remove()
        return antwoord

    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        try:
            bevestiging = self.create_confirm_form(request)
            if request.method != "POST" or not bevestiging.is_valid():
                raise IndexError("geen geldige bevestiging")
            # Confirmed twice (a double click on a long import): the second waits for the
            # first and imports nothing; the uploaded file's stored name is the one-time key.
            with transaction.atomic():
                eenmalig.sleutel_claimen(
                    doel=f"import.{self.opts.label_lower}",
                    sleutel=bevestiging.cleaned_data["import_file_name"],
                    gebruiker=request.user,
                )
                return super().process_import(request, **kwargs)
        except eenmalig.AlVerstuurd:
            messages.info(request, _("Dit bestand is al verwerkt; het is niet nog eens ingelezen."))
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        except (ValueError, IndexError) as fout:  # BestandFout is a ValueError
            tekst = (
                str(fout) if isinstance(fout, BestandFout) else _("Lees het bestand opnieuw in.")
            )
            messages.error(request, tekst)
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")

    def get_import_data_kwargs(self, **kwargs):
        formulier = kwargs.get("form")
        kwargs = super().get_import_data_kwargs(**kwargs)
        if isinstance(formulier, RegieBevestigForm):
            kwargs["namen_gecontroleerd"] = formulier.cleaned_data.get("namen_gecontroleerd")
        return kwargs

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The confirmed import was refused and rolled back (names not checked, or the
            # registry changed since the preview): nothing was saved, nothing is logged.
            meldingen = [
                str(f.error) for f in result.base_errors if isinstance(f.error, ImportFout)
            ]
            messages.error(
                request,
                " ".join(meldingen)
                or _("Er is niets opgeslagen: het bestand klopt niet meer. Lees het opnieuw in."),
            )
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totalen = result.totals
        messages.success(
            request,
            _("Import opgeslagen: %(nieuw)d nieuw, %(bij)d bijgewerkt, %(zelfde)d ongewijzigd.")
            % {"nieuw": totalen["new"], "bij": totalen["update"], "zelfde": totalen["skip"]},
        )

    def get_export_filename(self, request, queryset, file_format):
        datum = timezone.localdate().isoformat()
        return f"{self.export_bestandsnaam(request)}-{datum}.{file_format.get_extension()}"

    def export_bestandsnaam(self, request) -> str:
        return str(self.model._meta.verbose_name_plural).replace(" ", "-")

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            messages.error(request, _("Deze filters kloppen niet. Kies de filters opnieuw."))
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")


class EenSoortExport(RegieImportExport):
    """An export that always holds one kind of the network; ``export_soort_van(request)``
    says which (or raises ValidationError with the Dutch reason)."""

    def export_soort_van(self, request) -> str:
        raise NotImplementedError

    def export_action(self, request):
        if not self.has_export_permission(request):
            raise PermissionDenied
        try:
            self.export_soort_van(request)
        except ValidationError as fout:
            messages.error(request, fout.messages[0])
            lijst = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            return HttpResponseRedirect(f"{lijst}?{request.GET.urlencode()}")
        return super().export_action(request)
