"""Networks and their members, werkgroepen and contact moments in /beheer/.

Formal and informal networks never mix: a network's kind is fixed once it exists, and the
member list always shows (and exports) one kind.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kern.beheer import RegieTabularInline, RegisseurAdmin
from netwerk import services
from netwerk.models import (
    Contactmoment,
    Lidmaatschap,
    Netwerk,
    NetwerkSoort,
    Werkgroep,
    Werkgroeplid,
)
from netwerk.resources import LidmaatschapExportResource

from .importexport import EenSoortExport


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
