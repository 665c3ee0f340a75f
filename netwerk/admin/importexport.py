"""Import and export in /beheer/, in Dutch, with our formats, forms and templates.

The rules of the spreadsheets themselves (columns, matching, the preview's changes, names that
change) are in ``netwerk.resources``; this wires them into django-import-export's admin. A file
of many rows is checked and imported in the background (``netwerk.resources.achtergrond``):
the upload then leads to the job's page, ``import/<taak>/``, which shows the progress (polled
by ``static/netwerk/import-voortgang.js`` from ``import/<taak>/status/``), then the same preview
and confirmation as a small file gets at once.
``EenSoortExport`` is an export that always holds one kind of the network (formal or informal,
``netwerk.services.export_soort``).
"""

from __future__ import annotations

import tablib
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
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
    TijdelijkeOpslag,
    XLSXExport,
    achtergrond,
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
        naam = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "import/voorbeeld/",
                self.admin_site.admin_view(self.voorbeeld_view),
                name=f"{naam}_import_voorbeeld",
            ),
            path(
                "import/<str:taak>/",
                self.admin_site.admin_view(self.taak_view),
                name=f"{naam}_import_taak",
            ),
            path(
                "import/<str:taak>/status/",
                self.admin_site.admin_view(self.taak_status_view),
                name=f"{naam}_import_taak_status",
            ),
            *super().get_urls(),
        ]

    def _url(self, soort: str, *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{soort}", args=args)

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
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            taak = self._op_de_achtergrond(request)
            if taak:
                return redirect(self._url("import_taak", taak))
        antwoord = super().import_action(request, **kwargs)
        context = getattr(antwoord, "context_data", None) or {}
        bestand = getattr(context.get("form"), "cleaned_data", {}).get("import_file")
        naam = getattr(bestand, "tmp_storage_name", None)
        if naam and "confirm_form" not in context:
            # Nothing to confirm: the uploaded personal data does not wait in the cache.
            self.get_tmp_storage_class()(name=naam).remove()
        return antwoord

    # Large files: in the background (netwerk.resources.achtergrond)

    def _op_de_achtergrond(self, request) -> str | None:
        """A valid upload of at least ``ACHTERGROND_VANAF`` rows is stored and handed to a
        worker: the job's id. Anything else (a small file, an invalid form, a file that cannot
        be read) the page handles as before, within the request."""
        formulier = self.create_import_form(request)
        if not formulier.is_valid():
            return None
        bestand = formulier.cleaned_data["import_file"]
        formaat = self.get_import_formats()[int(formulier.cleaned_data["format"])]()
        try:
            aantal = len(formaat.create_dataset(b"".join(bestand.chunks())))
        except Exception:  # the page tells what is wrong with the file, on the form
            return None
        if aantal < achtergrond.ACHTERGROND_VANAF:
            return None
        opslag = self.write_to_tmp_storage(bestand, formaat)
        return achtergrond.import_starten(
            gebruiker=request.user,
            model=self.opts.label_lower,
            resource=self.choose_import_resource_class(formulier, request),
            bestand=opslag.name,
            bestandsnaam=bestand.name,
            formaat=formulier.cleaned_data["format"],
            resource_keuze=formulier.cleaned_data.get("resource") or "",
            totaal=aantal,
        )

    def _taak_lezen(self, request, taak: str) -> dict | None:
        """The job, for the user who started it only (anybody else: None, a 404)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        return achtergrond.taak_lezen(taak, gebruiker=request.user, model=self.opts.label_lower)

    def taak_view(self, request, taak):
        """A background import: its progress, its failure, its preview, or where it ended."""
        staat = self._taak_lezen(request, taak)
        if staat is None:
            return self._taak_pagina(request, None, None, status=404)
        if request.method == "POST":  # "Opnieuw proberen" after a failure
            achtergrond.opnieuw_proberen(taak, staat)
            return redirect(self._url("import_taak", taak))
        if staat["status"] != achtergrond.KLAAR:
            return self._taak_pagina(request, taak, staat)
        if staat["fase"] == achtergrond.OPSLAAN:
            return self._taak_afronden(request, taak, staat)
        voorbeeld = achtergrond.voorbeeld_lezen(taak)
        if voorbeeld is None:
            return self._taak_pagina(request, None, None, status=404)
        import_form = self.create_import_form(request)
        context = {
            **self.get_import_context_data(),
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "opts": self.opts,
            "form": import_form,
            "media": self.media + import_form.media,
            "result": voorbeeld,
        }
        if not (voorbeeld.has_errors() or voorbeeld.has_validation_errors()):
            context["confirm_form"] = self.get_confirm_form_class(request)(
                initial=achtergrond.bevestigingsgegevens(taak, staat)
            )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def taak_status_view(self, request, taak):
        """How far the job is, for the page's script: JSON."""
        staat = self._taak_lezen(request, taak)
        if staat is None:
            return JsonResponse({"klaar": True}, status=404)
        return JsonResponse(
            {
                "fase": staat["fase"],
                "status": staat["status"],
                "gedaan": staat["gedaan"],
                "totaal": staat["totaal"],
                "klaar": staat["status"] in (achtergrond.KLAAR, achtergrond.MISLUKT),
                "tekst": self._voortgang_tekst(staat),
            }
        )

    @staticmethod
    def _voortgang_tekst(staat) -> str:
        if staat["status"] == achtergrond.WACHTEND:
            return _("Wacht op een vrije verwerker …")
        if staat["fase"] == achtergrond.OPSLAAN:
            tekst = _("%(gedaan)d van %(totaal)d rijen opgeslagen.")
        else:
            tekst = _("%(gedaan)d van %(totaal)d rijen gecontroleerd.")
        return tekst % {"gedaan": staat["gedaan"], "totaal": staat["totaal"]}

    def _taak_pagina(self, request, taak, staat, status=200):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "opts": self.opts,
            "taak": taak,
            "staat": staat,
        }
        if staat is not None:
            context["tekst"] = self._voortgang_tekst(staat)
            context["bewaard"] = achtergrond.bestand_bewaard(staat)
            context["status_url"] = self._url("import_taak_status", taak)
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/netwerk/import_taak.html", context, status=status)

    def _taak_afronden(self, request, taak, staat):
        """The confirmed import ended: the same message as a small file's confirmation."""
        uitkomst = staat["uitkomst"]
        achtergrond.taak_vergeten(taak, staat)
        if uitkomst["soort"] == "geweigerd":
            messages.error(request, uitkomst["melding"])
            return redirect(self._url("import"))
        if uitkomst["totalen"]:
            self._opgeslagen(request, uitkomst["totalen"])
        else:
            messages.info(request, _("Dit bestand is al verwerkt; het is niet nog eens ingelezen."))
        return redirect(self._url("changelist"))

    def _op_de_achtergrond_opslaan(self, request, bevestiging):
        """The confirmation of a background preview: the import runs there too."""
        taak = bevestiging.cleaned_data["taak"]
        staat = self._taak_lezen(request, taak)
        if (
            staat is None
            or staat["bestand"] != bevestiging.cleaned_data["import_file_name"]
            or not achtergrond.import_bevestigen(
                taak, staat, namen_gecontroleerd=bevestiging.cleaned_data["namen_gecontroleerd"]
            )
        ):
            messages.error(request, _("Lees het bestand opnieuw in."))
            return redirect(self._url("import"))
        return redirect(self._url("import_taak", taak))

    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        try:
            bevestiging = self.create_confirm_form(request)
            if request.method != "POST" or not bevestiging.is_valid():
                raise IndexError("geen geldige bevestiging")
            if bevestiging.cleaned_data.get("taak"):
                return self._op_de_achtergrond_opslaan(request, bevestiging)
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
            messages.error(request, achtergrond.import_weigering(result))
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        self._opgeslagen(request, result.totals)

    @staticmethod
    def _opgeslagen(request, totalen) -> None:
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
