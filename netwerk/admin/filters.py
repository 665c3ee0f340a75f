"""The list filters of the registry in /beheer/ (organisations, locations, persons)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from netwerk import selectors, services
from netwerk.models import (
    Aandachtsfunctionaris,
    AandachtsfunctionarisLocatie,
    Betrokkenheid,
    Domein,
    Gemeenschap,
    Lidmaatschap,
    Netwerk,
    Organisatie,
    Sector,
    Sleutelpersoon,
    Wijk,
    domeinen_in_sector,
)


class _KeuzenFilter(admin.SimpleListFilter):
    """A filter over fixed choices (``keuzen``, a TextChoices); ``filteren(queryset, waarde)``
    narrows the list for a valid choice, anything else leaves it whole."""

    keuzen = None

    def lookups(self, request, model_admin):
        return self.keuzen.choices

    def queryset(self, request, queryset):
        if self.value() in self.keuzen.values:
            return self.filteren(queryset, self.value())
        return queryset

    def filteren(self, queryset, waarde):
        raise NotImplementedError


class _RijFilter(admin.SimpleListFilter):
    """A filter over the rows of a small table (organisations, wijken …), by primary key;
    ``filteren(queryset, pk)`` narrows the list, a value that is not a number leaves it whole."""

    model = None

    def lookups(self, request, model_admin):
        return [(str(pk), naam) for pk, naam in self.model.objects.values_list("pk", "naam")]

    def queryset(self, request, queryset):
        waarde = self.value()
        if waarde and waarde.isdecimal():
            return self.filteren(queryset, int(waarde))
        return queryset

    def filteren(self, queryset, pk):
        raise NotImplementedError


class SectorFilter(_KeuzenFilter):
    title = _("sector")
    parameter_name = "sector"
    keuzen = Sector

    def filteren(self, queryset, waarde):
        veld = "domein__in" if queryset.model is Organisatie else "organisatie__domein__in"
        return queryset.filter(**{veld: domeinen_in_sector(waarde)})


# --- Persons ---------------------------------------------------------------------------------


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


class DomeinFilter(_KeuzenFilter):
    title = _("domein")
    parameter_name = "domein"
    keuzen = Domein

    def filteren(self, queryset, waarde):
        return queryset.filter(
            Exists(
                Aandachtsfunctionaris.objects.filter(
                    persoon=OuterRef("pk"), organisatie__domein=waarde
                )
            )
        )


class BetrokkenheidFilter(_KeuzenFilter):
    title = _("betrokkenheid")
    parameter_name = "betrokkenheid"
    keuzen = Betrokkenheid

    def filteren(self, queryset, waarde):
        return queryset.filter(sleutelpersoon__betrokkenheid=waarde)


class OrganisatieFilter(_RijFilter):
    title = _("organisatie")
    parameter_name = "organisatie"
    model = Organisatie

    def filteren(self, queryset, pk):
        return queryset.filter(
            Exists(Aandachtsfunctionaris.objects.filter(persoon=OuterRef("pk"), organisatie=pk))
        )


class WijkFilter(_RijFilter):
    title = _("wijk")
    parameter_name = "wijk"
    model = Wijk

    def filteren(self, queryset, pk):
        via_locatie = AandachtsfunctionarisLocatie.objects.filter(
            aandachtsfunctionaris__persoon=OuterRef("pk"), locatie__wijk=pk
        )
        via_sleutel = Sleutelpersoon.wijken.through.objects.filter(
            sleutelpersoon__persoon=OuterRef("pk"), wijk=pk
        )
        return queryset.filter(Q(Exists(via_locatie)) | Q(Exists(via_sleutel)))


class GemeenschapFilter(_RijFilter):
    title = _("gemeenschap")
    parameter_name = "gemeenschap"
    model = Gemeenschap

    def filteren(self, queryset, pk):
        return queryset.filter(
            Exists(
                Sleutelpersoon.gemeenschappen.through.objects.filter(
                    sleutelpersoon__persoon=OuterRef("pk"), gemeenschap=pk
                )
            )
        )


class NetwerkFilter(_RijFilter):
    title = _("netwerk")
    parameter_name = "netwerk"
    model = Netwerk

    def filteren(self, queryset, pk):
        return queryset.filter(
            Exists(Lidmaatschap.objects.filter(persoon=OuterRef("pk"), netwerk=pk, actief=True))
        )


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
