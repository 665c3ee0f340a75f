"""The registry in /beheer/: the regisseur's lists, filters, inlines, actions, import and export.

The rules themselves live in ``netwerk.services`` (writes), ``netwerk.selectors`` (reads) and
``netwerk.resources`` (spreadsheets); this module only wires them into Django's admin.

Two rules shape it beyond plain CRUD:
- The registry is the regisseur's alone (``RegisseurAdmin``): the beheerder does configuration,
  no routine work, and so never sees the persons, nor the key persons "op de achtergrond" who
  must never be listed to anyone but the regisseur.
- Formal and informal networks never mix: the member list always shows one kind, and every
  export holds one kind (``netwerk.services.export_soort``).
"""

from __future__ import annotations

import tablib
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin

from berichten.selectors import adressen_geweigerd
from config.admin import RegieStackedInline, RegieTabularInline, RegisseurAdmin
from kern import eenmalig

from . import convenanten, selectors, services
from .forms import (
    AccountGevenForm,
    ContactmomentenForm,
    ConvenantForm,
    NetwerkToevoegenForm,
    OrganisatieForm,
    RegieBevestigForm,
    RegieExportForm,
    RegieImportForm,
)
from .models import (
    Aandachtsfunctionaris,
    AandachtsfunctionarisLocatie,
    Betrokkenheid,
    Contactmoment,
    Convenant,
    Convenantpartij,
    ConvenantStatus,
    Domein,
    Gemeenschap,
    Lidmaatschap,
    Locatie,
    Netwerk,
    NetwerkSoort,
    Organisatie,
    Persoon,
    Sector,
    Sleutelpersoon,
    Werkgroep,
    Werkgroeplid,
    Wijk,
    domeinen_in_sector,
)
from .resources import (
    EXPORT_FORMATEN,
    IMPORT_FORMATEN,
    PERSONEN_EXPORT,
    AandachtsfunctionarisResource,
    BestandFout,
    ImportFout,
    LidmaatschapExportResource,
    LocatieResource,
    OrganisatieResource,
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


def _actie_pagina(modeladmin, request, queryset, *, titel, uitleg, form=None, knop, template=None):
    """The intermediate page of an action: what will happen to whom, and a button."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": titel,
        "uitleg": uitleg,
        "objecten": queryset,
        "form": form,
        "knop": knop,
        "action": request.POST.get("action"),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "opts": modeladmin.opts,
    }
    return TemplateResponse(request, template or "admin/netwerk/actie.html", context)


# --- Wijken and gemeenschappen ---------------------------------------------------------------


@admin.register(Wijk)
class WijkAdmin(RegisseurAdmin):
    list_display = ["naam", "aantal_locaties"]
    search_fields = ["naam"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_locaties=Count("locaties"))

    @admin.display(description=_("locaties"), ordering="n_locaties")
    def aantal_locaties(self, obj):
        return obj.n_locaties


@admin.register(Gemeenschap)
class GemeenschapAdmin(RegisseurAdmin):
    list_display = ["naam", "omschrijving"]
    search_fields = ["naam", "omschrijving"]


# --- Organisaties and locaties ---------------------------------------------------------------


class SectorFilter(admin.SimpleListFilter):
    title = _("sector")
    parameter_name = "sector"

    def lookups(self, request, model_admin):
        return Sector.choices

    def queryset(self, request, queryset):
        if self.value() in Sector.values:
            veld = "domein__in" if queryset.model is Organisatie else "organisatie__domein__in"
            return queryset.filter(**{veld: domeinen_in_sector(self.value())})
        return queryset


class LocatieInline(RegieTabularInline):
    model = Locatie
    fields = ["naam", "adres", "wijk", "actief"]
    extra = 0
    show_change_link = True


@admin.register(Organisatie)
class OrganisatieAdmin(RegieImportExport, RegisseurAdmin):
    list_display = ["naam", "domein", "sector", "aantal_locaties", "aantal_af", "actief"]
    list_filter = ["domein", SectorFilter, "actief"]
    search_fields = ["naam"]
    inlines = [LocatieInline]
    resource_classes = [OrganisatieResource]
    change_list_template = "admin/netwerk/organisatie/change_list.html"
    list_per_page = 50
    form = OrganisatieForm
    fields = [
        "naam",
        "domein",
        "email",
        "telefoon",
        "website",
        "opmerkingen",
        "actief",
        "is_gemeente",
        "partneraccounts",
    ]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        # Which organisation is the gemeente decides what may be shared: set once, then fixed.
        if Organisatie.objects.filter(is_gemeente=True).exists():
            return [*super().get_readonly_fields(request, obj), "is_gemeente"]
        return super().get_readonly_fields(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        convenanten.partners_instellen(
            organisatie=form.instance, users=list(form.cleaned_data.get("partneraccounts", []))
        )

    def get_queryset(self, request):
        locaties = Locatie.objects.filter(organisatie=OuterRef("pk"), actief=True)
        af = Aandachtsfunctionaris.objects.filter(
            organisatie=OuterRef("pk"), actief=True, persoon__geanonimiseerd_op__isnull=True
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_locaties=Subquery(
                    locaties.values("organisatie").annotate(n=Count("pk")).values("n")
                ),
                n_af=Subquery(af.values("organisatie").annotate(n=Count("pk")).values("n")),
            )
        )

    @admin.display(description=_("sector"))
    def sector(self, obj):
        return obj.get_sector_display()

    @admin.display(description=_("locaties"), ordering="n_locaties")
    def aantal_locaties(self, obj):
        return obj.n_locaties or 0

    @admin.display(description=_("actieve aandachtsfunctionarissen"), ordering="n_af")
    def aantal_af(self, obj):
        return obj.n_af or 0

    def get_urls(self):
        return [
            path(
                "dekking/",
                self.admin_site.admin_view(self.dekking_view),
                name="netwerk_organisatie_dekking",
            ),
            *super().get_urls(),
        ]

    def dekking_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        domein = request.GET.get("domein", "")
        if domein not in Domein.values:
            domein = ""
        alleen_gaten = request.GET.get("gaten") == "1"
        # ?zonder=1: only the locations without an aandachtsfunctionaris, one row each: the
        # list behind the dashboard's "Locaties zonder aandachtsfunctionaris" (same count).
        alleen_zonder = request.GET.get("zonder") == "1"
        dekking = selectors.dekking_per_organisatie(
            domein=domein, alleen_gaten=alleen_gaten or alleen_zonder
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Dekking per locatie"),
            "opts": self.opts,
            "dekking": dekking,
            "zonder_af": [(d.organisatie, loc) for d in dekking for loc in d.zonder]
            if alleen_zonder
            else None,
            "per_domein": selectors.actieve_af_per_domein(),
            "domeinen": Domein.choices,
            "gekozen_domein": domein,
            "alleen_gaten": alleen_gaten,
            "alleen_zonder": alleen_zonder,
        }
        return TemplateResponse(request, "admin/netwerk/dekking.html", context)


@admin.register(Locatie)
class LocatieAdmin(RegieImportExport, RegisseurAdmin):
    list_display = ["naam", "organisatie", "wijk", "gedekt", "actief"]
    list_filter = ["actief", "wijk", "organisatie__domein", SectorFilter]
    search_fields = ["naam", "organisatie__naam", "adres"]
    autocomplete_fields = ["organisatie"]
    list_select_related = ["organisatie", "wijk"]
    resource_classes = [LocatieResource]
    list_per_page = 50

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organisatie", "wijk")
            .annotate(heeft_af=selectors.locatie_heeft_af())
        )

    @admin.display(description=_("aandachtsfunctionaris"), boolean=True, ordering="heeft_af")
    def gedekt(self, obj):
        return obj.heeft_af


# --- Personen and their roles ----------------------------------------------------------------


class RolFilter(admin.SimpleListFilter):
    title = _("rol")
    parameter_name = "rol"

    def lookups(self, request, model_admin):
        return [
            ("af", _("Aandachtsfunctionaris")),
            ("sleutelpersoon", _("Sleutelpersoon")),
            ("geen", _("Zonder rol")),
        ]

    def queryset(self, request, queryset):
        if self.value() in services.EXPORT_SOORTEN:
            return services.personen_van_soort(queryset, self.value())
        return queryset


class DomeinFilter(admin.SimpleListFilter):
    title = _("domein")
    parameter_name = "domein"

    def lookups(self, request, model_admin):
        return Domein.choices

    def queryset(self, request, queryset):
        if self.value() in Domein.values:
            return queryset.filter(
                Exists(
                    Aandachtsfunctionaris.objects.filter(
                        persoon=OuterRef("pk"), organisatie__domein=self.value()
                    )
                )
            )
        return queryset


class _KeuzeFilter(admin.SimpleListFilter):
    """A filter over a small table (organisations, wijken …) by primary key."""

    model = None

    def lookups(self, request, model_admin):
        return [(str(pk), naam) for pk, naam in self.model.objects.values_list("pk", "naam")]

    def gekozen(self):
        waarde = self.value()
        return int(waarde) if waarde and waarde.isdecimal() else None


class OrganisatieFilter(_KeuzeFilter):
    title = _("organisatie")
    parameter_name = "organisatie"
    model = Organisatie

    def queryset(self, request, queryset):
        if (pk := self.gekozen()) is not None:
            return queryset.filter(
                Exists(Aandachtsfunctionaris.objects.filter(persoon=OuterRef("pk"), organisatie=pk))
            )
        return queryset


class WijkFilter(_KeuzeFilter):
    title = _("wijk")
    parameter_name = "wijk"
    model = Wijk

    def queryset(self, request, queryset):
        if (pk := self.gekozen()) is not None:
            via_locatie = AandachtsfunctionarisLocatie.objects.filter(
                aandachtsfunctionaris__persoon=OuterRef("pk"), locatie__wijk=pk
            )
            via_sleutel = Sleutelpersoon.wijken.through.objects.filter(
                sleutelpersoon__persoon=OuterRef("pk"), wijk=pk
            )
            return queryset.filter(Q(Exists(via_locatie)) | Q(Exists(via_sleutel)))
        return queryset


class GemeenschapFilter(_KeuzeFilter):
    title = _("gemeenschap")
    parameter_name = "gemeenschap"
    model = Gemeenschap

    def queryset(self, request, queryset):
        if (pk := self.gekozen()) is not None:
            return queryset.filter(
                Exists(
                    Sleutelpersoon.gemeenschappen.through.objects.filter(
                        sleutelpersoon__persoon=OuterRef("pk"), gemeenschap=pk
                    )
                )
            )
        return queryset


class NetwerkFilter(_KeuzeFilter):
    title = _("netwerk")
    parameter_name = "netwerk"
    model = Netwerk

    def queryset(self, request, queryset):
        if (pk := self.gekozen()) is not None:
            return queryset.filter(
                Exists(Lidmaatschap.objects.filter(persoon=OuterRef("pk"), netwerk=pk, actief=True))
            )
        return queryset


class BetrokkenheidFilter(admin.SimpleListFilter):
    title = _("betrokkenheid")
    parameter_name = "betrokkenheid"

    def lookups(self, request, model_admin):
        return Betrokkenheid.choices

    def queryset(self, request, queryset):
        if self.value() in Betrokkenheid.values:
            return queryset.filter(sleutelpersoon__betrokkenheid=self.value())
        return queryset


class ActiefFilter(admin.SimpleListFilter):
    title = _("actief in het netwerk")
    parameter_name = "actief"

    def lookups(self, request, model_admin):
        return [("ja", _("Ja")), ("nee", _("Nee"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(selectors.in_netwerk())
        if self.value() == "nee":
            return queryset.exclude(selectors.in_netwerk())
        return queryset


class GeanonimiseerdFilter(admin.SimpleListFilter):
    """Anonymised persons are left out of the list unless asked for."""

    title = _("geanonimiseerd")
    parameter_name = "geanonimiseerd"

    def lookups(self, request, model_admin):
        return [("nee", _("Nee")), ("ja", _("Ja")), ("alle", _("Alle personen"))]

    def value(self):
        return super().value() or "nee"

    def choices(self, changelist):
        for waarde, titel in self.lookup_choices:
            yield {
                "selected": self.value() == waarde,
                "query_string": changelist.get_query_string({self.parameter_name: waarde}),
                "display": titel,
            }

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(geanonimiseerd_op__isnull=False)
        if self.value() == "nee":
            return queryset.filter(geanonimiseerd_op__isnull=True)
        return queryset


class AandachtsfunctionarisInline(RegieTabularInline):
    model = Aandachtsfunctionaris
    fields = ["organisatie", "functie", "sinds", "actief", "tot", "locatielijst"]
    readonly_fields = ["locatielijst"]
    autocomplete_fields = ["organisatie"]
    extra = 0
    show_change_link = True
    verbose_name = _("rol als aandachtsfunctionaris")
    verbose_name_plural = _("rollen als aandachtsfunctionaris")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("persoon", "organisatie")
            .prefetch_related("locaties")
        )

    @admin.display(description=_("locaties"))
    def locatielijst(self, obj):
        if obj.pk is None:
            return _("Sla eerst op; daarna kiest u de locaties via 'Wijzigen'.")
        return ", ".join(loc.naam for loc in obj.locaties.all()) or "—"


class SleutelpersoonInline(RegieStackedInline):
    model = Sleutelpersoon
    fk_name = "persoon"
    max_num = 1
    extra = 0
    fields = [
        ("betrokkenheid", "actief", "op_de_achtergrond"),
        "formele_rol",
        "achterban",
        "geintroduceerd_door",
        "gemeenschappen",
        "wijken",
        "sinds",
    ]
    autocomplete_fields = ["geintroduceerd_door"]
    filter_horizontal = ["gemeenschappen", "wijken"]
    verbose_name = verbose_name_plural = _("rol als sleutelpersoon")


class LidmaatschapInline(RegieTabularInline):
    model = Lidmaatschap
    fields = ["netwerk", "sinds", "tot", "actief"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("persoon", "netwerk")


class WerkgroeplidInline(RegieTabularInline):
    model = Werkgroeplid
    fk_name = "persoon"
    fields = ["werkgroep", "rol"]
    extra = 0
    verbose_name_plural = _("werkgroepen")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("persoon", "werkgroep")


class ContactmomentInline(RegieTabularInline):
    model = Contactmoment
    fields = ["datum", "soort", "notitie", "door"]
    readonly_fields = ["door"]
    extra = 1
    ordering = ["-datum"]

    def get_queryset(self, request):
        # Each row's title (str) names the person: fetch it once, not per row.
        return super().get_queryset(request).select_related("persoon", "door")


@admin.register(Persoon)
class PersoonAdmin(EenSoortExport, RegisseurAdmin):
    list_display = [
        "volledige_naam",
        "email",
        "telefoon_kort",
        "rollen",
        "laatste_contact_kort",
        "heeft_account",
    ]
    list_filter = [
        RolFilter,
        ActiefFilter,
        DomeinFilter,
        WijkFilter,
        NetwerkFilter,
        BetrokkenheidFilter,
        GemeenschapFilter,
        GeanonimiseerdFilter,
        OrganisatieFilter,
    ]
    search_fields = ["voornaam", "tussenvoegsel", "achternaam", "email", "zoeknaam"]
    search_help_text = _("Zoek op naam of e-mailadres.")
    fields = [
        ("voornaam", "tussenvoegsel", "achternaam"),
        ("email", "telefoon"),
        "opmerkingen",
        "account",
        ("aangemaakt_op", "gewijzigd_op", "geanonimiseerd_op"),
    ]
    readonly_fields = ["account", "aangemaakt_op", "gewijzigd_op", "geanonimiseerd_op"]
    inlines = [
        AandachtsfunctionarisInline,
        SleutelpersoonInline,
        LidmaatschapInline,
        WerkgroeplidInline,
        ContactmomentInline,
    ]
    actions = ["contactmoment_vastleggen", "netwerk_toevoegen", "account_geven", "anonimiseren"]
    resource_classes = [AandachtsfunctionarisResource]
    list_per_page = 50

    def get_queryset(self, request):
        laatste = Contactmoment.objects.filter(persoon=OuterRef("pk")).order_by("-datum")
        qs = (
            super()
            .get_queryset(request)
            .select_related("sleutelpersoon")
            .prefetch_related(
                Prefetch(
                    "aandachtsfunctionarisrollen",
                    queryset=Aandachtsfunctionaris.objects.filter(actief=True).select_related(
                        "organisatie"
                    ),
                    to_attr="actieve_af",
                )
            )
            .annotate(laatste_contact=Subquery(laatste.values("datum")[:1]))
        )
        return qs

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.geanonimiseerd_op:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Persons are anonymised, not deleted: history keeps pointing at them, and a deletion
        # would leave the name in the admin history.
        return False

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The mail server refused this person's address for good: the regisseur corrects it.
        if obj is not None and obj.email:
            for weigering in adressen_geweigerd(adressen=[obj.email]).values():
                messages.warning(request, weigering.melding())
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Contactmoment:
            return super().save_formset(request, form, formset, change)
        for obj in formset.save(commit=False):
            if obj.door_id is None:
                obj.door = request.user
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        return None

    # Columns

    @admin.display(description=_("naam"), ordering="achternaam")
    def volledige_naam(self, obj):
        return obj.volledige_naam

    @admin.display(description=_("telefoon"))
    def telefoon_kort(self, obj):
        return obj.telefoon.as_national if obj.telefoon else ""

    @admin.display(description=_("rollen"))
    def rollen(self, obj):
        delen = [f"{af.organisatie.naam}" for af in obj.actieve_af]
        try:
            sleutel = obj.sleutelpersoon
        except Sleutelpersoon.DoesNotExist:
            sleutel = None
        if sleutel is not None:
            delen.append(
                str(_("sleutelpersoon (op de achtergrond)"))
                if sleutel.op_de_achtergrond
                else str(_("sleutelpersoon"))
            )
        return "; ".join(delen) or "—"

    @admin.display(description=_("laatste contact"), ordering="laatste_contact")
    def laatste_contact_kort(self, obj):
        return obj.laatste_contact

    @admin.display(description=_("account"), boolean=True)
    def heeft_account(self, obj):
        return obj.account_id is not None

    # Export: one kind at a time

    def export_soort_van(self, request):
        return services.export_soort(request.GET.get("rol"))

    def get_export_resource_classes(self, request):
        return [PERSONEN_EXPORT[self.export_soort_van(request)]]

    def get_export_queryset(self, request):
        qs = super().get_export_queryset(request)
        return services.personen_van_soort(qs, self.export_soort_van(request)).filter(
            geanonimiseerd_op__isnull=True
        )

    def export_bestandsnaam(self, request):
        return {
            "af": "aandachtsfunctionarissen",
            "sleutelpersoon": "sleutelpersonen",
            "geen": "personen-zonder-rol",
        }[self.export_soort_van(request)]

    # Extra page: who has gone quiet

    def get_urls(self):
        def voor_een(actie):
            def view(request, pk):
                return self.actie_voor_een(request, pk, actie)

            return self.admin_site.admin_view(view)

        return [
            path("stil/", self.admin_site.admin_view(self.stil_view), name="netwerk_persoon_stil"),
            path(
                "<int:pk>/account-geven/",
                voor_een("account_geven"),
                name="netwerk_persoon_account_geven",
            ),
            path(
                "<int:pk>/anonimiseren/",
                voor_een("anonimiseren"),
                name="netwerk_persoon_anonimiseren",
            ),
            *super().get_urls(),
        ]

    def actie_voor_een(self, request, pk, actie):
        """An action of the list, started from one person's page."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        personen = self.get_queryset(request).filter(pk=pk, geanonimiseerd_op__isnull=True)
        if not personen.exists():
            raise Http404
        antwoord = getattr(self, actie)(request, personen)
        return antwoord or redirect("admin:netwerk_persoon_change", pk)

    def stil_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            maanden = min(max(int(request.GET["maanden"]), 1), 120)
        except (KeyError, ValueError):
            maanden = settings.NETWERK_STIL_NA_MAANDEN
        stil = selectors.stille_personen(maanden=maanden).prefetch_related(
            Prefetch(
                "aandachtsfunctionarisrollen",
                queryset=Aandachtsfunctionaris.objects.filter(actief=True).select_related(
                    "organisatie"
                ),
                to_attr="actieve_af",
            )
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Stil geworden: geen contact"),
            "opts": self.opts,
            "maanden": maanden,
            "grens": selectors.stil_sinds_grens(maanden),
            "pagina": Paginator(stil, 50).get_page(request.GET.get("pagina")),
        }
        return TemplateResponse(request, "admin/netwerk/stil.html", context)

    # Actions

    @admin.action(description=_("Contactmoment vastleggen"))
    def contactmoment_vastleggen(self, request, queryset):
        form = ContactmomentenForm(request.POST if "datum" in request.POST else None)
        aantal = None
        if form.is_valid():
            try:
                aantal = services.contactmomenten_vastleggen(
                    personen=queryset, door=request.user, **form.cleaned_data
                )
            except ValidationError as fout:
                # The model's rules (a date not in the future …) show at the form's fields.
                form.add_error(None, fout)
        if aantal is not None:
            self.message_user(
                request,
                ngettext(
                    "Contactmoment vastgelegd bij %(n)d persoon.",
                    "Contactmoment vastgelegd bij %(n)d personen.",
                    aantal,
                )
                % {"n": aantal},
            )
            return None
        return _actie_pagina(
            self,
            request,
            queryset,
            titel=_("Contactmoment vastleggen"),
            uitleg=_("Leg hetzelfde contactmoment vast bij deze personen:"),
            form=form,
            knop=_("Vastleggen"),
        )

    @admin.action(description=_("Toevoegen aan een netwerk"))
    def netwerk_toevoegen(self, request, queryset):
        form = NetwerkToevoegenForm(request.POST if "netwerk" in request.POST else None)
        if form.is_valid():
            aantal = services.lidmaatschappen_toevoegen(personen=queryset, **form.cleaned_data)
            self.message_user(
                request,
                ngettext(
                    "%(n)d persoon toegevoegd aan %(netwerk)s.",
                    "%(n)d personen toegevoegd aan %(netwerk)s.",
                    aantal,
                )
                % {"n": aantal, "netwerk": form.cleaned_data["netwerk"].naam},
            )
            return None
        return _actie_pagina(
            self,
            request,
            queryset,
            titel=_("Toevoegen aan een netwerk"),
            uitleg=_(
                "Deze personen worden lid van het gekozen netwerk. Een formeel en een informeel "
                "netwerk worden nooit gemengd: kies het netwerk dat bij hun rol past."
            ),
            form=form,
            knop=_("Toevoegen"),
        )

    @admin.action(description=_("Account geven (met e-mail om een wachtwoord in te stellen)"))
    def account_geven(self, request, queryset):
        form = AccountGevenForm(request.POST if "rol" in request.POST else None)
        if form.is_valid():
            gelukt = 0
            for persoon in queryset:
                try:
                    services.persoon_account_geven(
                        persoon=persoon, rol=form.cleaned_data["rol"], door=request.user
                    )
                    gelukt += 1
                except (ValidationError, PermissionDenied) as fout:
                    tekst = "; ".join(getattr(fout, "messages", [str(fout)]))
                    self.message_user(request, f"{persoon}: {tekst}", messages.ERROR)
            if gelukt:
                self.message_user(
                    request,
                    ngettext(
                        "%(n)d account aangemaakt; de uitnodiging is verstuurd.",
                        "%(n)d accounts aangemaakt; de uitnodigingen zijn verstuurd.",
                        gelukt,
                    )
                    % {"n": gelukt},
                )
            return None
        return _actie_pagina(
            self,
            request,
            queryset,
            titel=_("Account geven"),
            uitleg=_(
                "Deze personen krijgen een account met de gekozen rol en een e-mail om zelf een "
                "wachtwoord in te stellen:"
            ),
            form=form,
            knop=_("Account aanmaken"),
            template="admin/netwerk/account_geven.html",
        )

    @admin.action(description=_("Anonimiseren (verwijderen op verzoek)"))
    def anonimiseren(self, request, queryset):
        if request.POST.get("bevestigd") != "ja":
            return _actie_pagina(
                self,
                request,
                queryset,
                titel=_("Anonimiseren"),
                uitleg=None,
                knop=_("Ja, anonimiseren"),
                template="admin/netwerk/anonimiseren.html",
            )
        gelukt = 0
        for persoon in queryset:
            try:
                services.persoon_anonimiseren(persoon=persoon, door=request.user)
                gelukt += 1
            except PermissionDenied as fout:
                self.message_user(request, f"#{persoon.pk}: {fout}", messages.ERROR)
        if gelukt:
            self.message_user(
                request,
                ngettext("%(n)d persoon geanonimiseerd.", "%(n)d personen geanonimiseerd.", gelukt)
                % {"n": gelukt},
            )
        return None


class AandachtsfunctionarisLocatieInline(RegieTabularInline):
    model = AandachtsfunctionarisLocatie
    extra = 1
    verbose_name_plural = _("locaties")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "locatie":
            af_id = request.resolver_match.kwargs.get("object_id")
            organisatie = (
                Aandachtsfunctionaris.objects.filter(pk=af_id).values("organisatie")
                if af_id and af_id.isdecimal()
                else Organisatie.objects.none().values("pk")
            )
            kwargs["queryset"] = Locatie.objects.filter(organisatie__in=organisatie).select_related(
                "organisatie"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Aandachtsfunctionaris)
class AandachtsfunctionarisAdmin(RegisseurAdmin):
    list_display = ["naam", "organisatie", "functie", "locatielijst", "sinds", "actief"]
    list_filter = ["actief", "organisatie__domein", SectorFilter, "locaties__wijk"]
    search_fields = [
        "persoon__voornaam",
        "persoon__achternaam",
        "persoon__email",
        "organisatie__naam",
        "functie",
    ]
    autocomplete_fields = ["persoon", "organisatie"]
    fields = ["persoon", "organisatie", "functie", "sinds", "actief", "tot"]
    inlines = [AandachtsfunctionarisLocatieInline]
    list_per_page = 50

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(persoon__geanonimiseerd_op__isnull=True)
            .select_related("persoon", "organisatie")
            .prefetch_related("locaties")
        )

    @admin.display(description=_("naam"), ordering="persoon__achternaam")
    def naam(self, obj):
        return obj.persoon.volledige_naam

    @admin.display(description=_("locaties"))
    def locatielijst(self, obj):
        return ", ".join(loc.naam for loc in obj.locaties.all()) or "—"


@admin.register(Sleutelpersoon)
class SleutelpersoonAdmin(RegisseurAdmin):
    list_display = [
        "naam",
        "betrokkenheid",
        "formele_rol",
        "gemeenschappenlijst",
        "wijkenlijst",
        "op_de_achtergrond",
        "actief",
    ]
    list_filter = ["betrokkenheid", "actief", "op_de_achtergrond", "gemeenschappen", "wijken"]
    search_fields = ["persoon__voornaam", "persoon__achternaam", "achterban", "formele_rol"]
    autocomplete_fields = ["persoon", "geintroduceerd_door"]
    filter_horizontal = ["gemeenschappen", "wijken"]
    list_per_page = 50

    def get_queryset(self, request):
        qs = (
            super()
            .get_queryset(request)
            .filter(persoon__geanonimiseerd_op__isnull=True)
            .select_related("persoon")
            .prefetch_related("gemeenschappen", "wijken")
        )
        return qs

    @admin.display(description=_("naam"), ordering="persoon__achternaam")
    def naam(self, obj):
        return obj.persoon.volledige_naam

    @admin.display(description=_("gemeenschappen"))
    def gemeenschappenlijst(self, obj):
        return ", ".join(g.naam for g in obj.gemeenschappen.all()) or "—"

    @admin.display(description=_("wijken"))
    def wijkenlijst(self, obj):
        return ", ".join(w.naam for w in obj.wijken.all()) or "—"


# --- Netwerken, lidmaatschappen and werkgroepen ----------------------------------------------


@admin.register(Netwerk)
class NetwerkAdmin(RegisseurAdmin):
    list_display = ["naam", "thema", "soort", "aantal_leden", "actief"]
    list_filter = ["soort", "thema", "actief"]
    search_fields = ["naam"]
    fields = ["naam", "thema", "soort", "omschrijving", "actief", "leden"]
    readonly_fields = ["leden"]

    def get_readonly_fields(self, request, obj=None):
        # A network's kind is fixed once it exists: its members, meetings and mailings must
        # never end up on the other side.
        return [*self.readonly_fields, "soort"] if obj else self.readonly_fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(n_leden=Count("lidmaatschappen", filter=Q(lidmaatschappen__actief=True)))
        )

    @admin.display(description=_("actieve leden"), ordering="n_leden")
    def aantal_leden(self, obj):
        return obj.n_leden

    @admin.display(description=_("leden"))
    def leden(self, obj):
        if obj.pk is None:
            return _("Na het opslaan voegt u leden toe vanuit de lijst met personen.")
        url = reverse("admin:netwerk_lidmaatschap_changelist")
        return format_html(
            '<a href="{}?netwerk__soort__exact={}&amp;netwerk__id__exact={}">{}</a>',
            url,
            obj.soort,
            obj.pk,
            _("Bekijk de %(n)d actieve leden") % {"n": obj.n_leden},
        )


SOORT_PARAM = "netwerk__soort__exact"


@admin.register(Lidmaatschap)
class LidmaatschapAdmin(EenSoortExport, RegisseurAdmin):
    """Members of networks, always of one kind (formal or informal) at a time."""

    list_display = ["naam", "netwerk", "sinds", "tot", "actief"]
    list_filter = ["netwerk__soort", "netwerk", "actief"]
    search_fields = ["persoon__voornaam", "persoon__achternaam", "persoon__email"]
    autocomplete_fields = ["persoon"]
    resource_classes = [LidmaatschapExportResource]
    actions = ["beeindigen"]
    list_per_page = 100

    def has_import_permission(self, request):
        return False

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("persoon", "netwerk")
        qs = qs.filter(persoon__geanonimiseerd_op__isnull=True)
        return qs

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if request.GET.get(SOORT_PARAM) not in NetwerkSoort.values:
            query = request.GET.copy()
            query[SOORT_PARAM] = NetwerkSoort.FORMEEL
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        return super().changelist_view(request, extra_context)

    def export_soort_van(self, request):
        soort = request.GET.get(SOORT_PARAM)
        if soort not in NetwerkSoort.values:
            raise ValidationError(
                _("Leden van formele en informele netwerken worden nooit samen geëxporteerd.")
            )
        return soort

    def get_export_queryset(self, request):
        soort = self.export_soort_van(request)
        return super().get_export_queryset(request).filter(netwerk__soort=soort)

    def export_bestandsnaam(self, request):
        return f"leden-{self.export_soort_van(request)}-netwerk"

    @admin.display(description=_("naam"), ordering="persoon__achternaam")
    def naam(self, obj):
        return obj.persoon.volledige_naam

    @admin.action(description=_("Lidmaatschap beëindigen (per vandaag)"))
    def beeindigen(self, request, queryset):
        aantal = services.lidmaatschappen_beeindigen(lidmaatschappen=queryset)
        self.message_user(
            request,
            ngettext("%(n)d lidmaatschap beëindigd.", "%(n)d lidmaatschappen beëindigd.", aantal)
            % {"n": aantal},
        )


class WerkgroeplidInlineVoorWerkgroep(RegieTabularInline):
    model = Werkgroeplid
    fields = ["persoon", "rol"]
    autocomplete_fields = ["persoon"]
    extra = 1
    verbose_name_plural = _("leden (ook van buiten het netwerk)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("persoon", "werkgroep")


@admin.register(Werkgroep)
class WerkgroepAdmin(RegisseurAdmin):
    list_display = ["naam", "netwerk", "start", "einde", "aantal_leden"]
    list_filter = ["netwerk"]
    search_fields = ["naam", "aanleiding"]
    date_hierarchy = "start"
    inlines = [WerkgroeplidInlineVoorWerkgroep]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("netwerk").annotate(n_leden=Count("leden"))
        )

    @admin.display(description=_("leden"), ordering="n_leden")
    def aantal_leden(self, obj):
        return obj.n_leden


@admin.register(Contactmoment)
class ContactmomentAdmin(RegisseurAdmin):
    list_display = ["datum", "naam", "soort", "notitie", "door"]
    list_filter = ["soort"]
    search_fields = ["persoon__voornaam", "persoon__achternaam", "notitie"]
    date_hierarchy = "datum"
    autocomplete_fields = ["persoon"]
    fields = ["persoon", "datum", "soort", "notitie"]
    list_per_page = 100

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("persoon", "door")
        return qs

    def save_model(self, request, obj, form, change):
        if obj.door_id is None:
            obj.door = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("persoon"), ordering="persoon__achternaam")
    def naam(self, obj):
        return obj.persoon.volledige_naam


# --- Convenanten ----------------------------------------------------------------------------------


class ConvenantpartijInline(RegieTabularInline):
    model = Convenantpartij
    extra = 1
    fields = ["organisatie", "toegevoegd_op"]
    readonly_fields = ["toegevoegd_op"]
    autocomplete_fields = ["organisatie"]
    verbose_name_plural = _("partijen (de gemeente is er altijd een)")


@admin.register(Convenant)
class ConvenantAdmin(RegisseurAdmin):
    """The convenant register: every convenant with its parties, categories and validity;
    those ending within 60 days first."""

    form = ConvenantForm
    inlines = [ConvenantpartijInline]
    list_display = [
        "naam",
        "status",
        "geldig_van",
        "geldig_tot",
        "binnenkort_kolom",
        "partijen_kolom",
        "categorieen_kolom",
        "melder_identiteit_delen",
        "actieve_delingen",
    ]
    list_filter = ["status", "melder_identiteit_delen"]
    search_fields = ["naam", "partijen__naam"]
    list_per_page = 100
    fieldsets = [
        (None, {"fields": ["naam", "doel", "status", ("geldig_van", "geldig_tot")]}),
        (
            _("Wat mag gedeeld worden"),
            {"fields": ["categorieen_keuze", "melder_identiteit_delen"]},
        ),
        (_("Ondertekend document"), {"fields": ["document"]}),
    ]
    actions = ["beeindigen"]

    def get_queryset(self, request):
        return convenanten.convenantenregister().annotate(
            n_delingen=Count("delingen", filter=Q(delingen__ingetrokken_op__isnull=True))
        )

    @admin.display(description=_("eindigt binnen 60 dagen"), boolean=True)
    def binnenkort_kolom(self, obj):
        return obj.eindigt_binnenkort

    @admin.display(description=_("partijen"))
    def partijen_kolom(self, obj):
        return ", ".join(p.naam for p in obj.partijen.all())

    @admin.display(description=_("categorieën"))
    def categorieen_kolom(self, obj):
        return ", ".join(c.get_categorie_display() for c in obj.categorieen.all())

    @admin.display(description=_("actieve delingen"), ordering="n_delingen")
    def actieve_delingen(self, obj):
        return obj.n_delingen

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            # Locked until the save commits: two replacements at once each keep their old file.
            oud = (
                Convenant.objects.select_for_update()
                .filter(pk=obj.pk)
                .values_list("document", flat=True)
                .first()
            )
            super().save_model(request, obj, form, change)
            # A replaced (or removed) signed document is kept as an earlier version, in the same
            # transaction as the save; nothing is deleted from the file store.
            convenanten.document_vervangen(convenant=obj, oud_pad=oud, door=request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["eerdere_documenten"] = list(convenanten.eerdere_documenten(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.categorieen_opslaan()

    @admin.action(description=_("Geselecteerde convenanten vandaag beëindigen"))
    def beeindigen(self, request, queryset):
        aantal = 0
        for convenant in queryset.exclude(status=ConvenantStatus.BEEINDIGD):
            convenanten.convenant_beeindigen(convenant=convenant)
            aantal += 1
        self.message_user(
            request,
            ngettext(
                "%(n)d convenant beëindigd; wat eronder gedeeld was, is niet meer zichtbaar.",
                "%(n)d convenanten beëindigd; wat eronder gedeeld was, is niet meer zichtbaar.",
                aantal,
            )
            % {"n": aantal},
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/document/",
                self.admin_site.admin_view(self.document_view),
                name="netwerk_convenant_document",
            ),
            path(
                "<int:pk>/document/<int:versie>/",
                self.admin_site.admin_view(self.eerder_document_view),
                name="netwerk_convenant_eerder_document",
            ),
            *super().get_urls(),
        ]

    def document_view(self, request, pk):
        """The signed document, only for the regisseur, never as a public media file."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        convenant = Convenant.objects.filter(pk=pk).first()
        if convenant is None or not convenant.document:
            raise Http404
        return self._pdf(convenant.document, f"convenant-{convenant.pk}.pdf")

    def eerder_document_view(self, request, pk, versie):
        """An earlier signed document of this convenant (never of another one): the same rules
        as the current one."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        eerder = convenanten.eerdere_documenten(pk).filter(pk=versie).first()
        if eerder is None:
            raise Http404
        tot = timezone.localtime(eerder.tot)
        return self._pdf(eerder.document, f"convenant-{pk}-vervangen-{tot:%Y%m%d-%H%M}.pdf")

    @staticmethod
    def _pdf(document, bestandsnaam):
        antwoord = FileResponse(
            document.open("rb"),
            as_attachment=True,
            filename=bestandsnaam,
            content_type="application/pdf",
        )
        antwoord["Cache-Control"] = "no-store"
        return antwoord
