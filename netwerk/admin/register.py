"""The registry's places and organisations in /beheer/: wijken, communities, organisations
(with their partner accounts and the coverage page) and locations."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.urls import path
from django.utils.translation import gettext_lazy as _

from kern.beheer import RegieTabularInline, RegisseurAdmin
from netwerk import selectors, services
from netwerk.forms import OrganisatieForm
from netwerk.models import Aandachtsfunctionaris, Gemeenschap, Locatie, Organisatie, Wijk
from netwerk.resources import LocatieResource, OrganisatieResource

from . import views
from .filters import SectorFilter
from .importexport import RegieImportExport

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
        "partner_uit_regio",
    ]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        # Which organisation is the gemeente decides what may be shared: set once, then fixed.
        if Organisatie.objects.filter(is_gemeente=True).exists():
            return [*super().get_readonly_fields(request, obj), "is_gemeente"]
        return super().get_readonly_fields(request, obj)

    def save_model(self, request, obj, form, change):
        # The one write path of an organisation: the apps built on netwerk hear of it.
        services.organisatie_opslaan(organisatie=obj, partneraccounts=form.alle_partneraccounts())

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
        return views.dekking(self, request)


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
