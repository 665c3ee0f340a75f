"""Persons and their roles in /beheer/: the person list (filters, export of one kind, the
actions: contact moment, network, account, anonymise; the "gone quiet" page), the
aandachtsfunctionaris and sleutelpersoon lists.

Key persons "op de achtergrond" must never be listed to anyone but the regisseur: the whole
registry is ``RegisseurAdmin``. Anonymised persons cannot be edited and never be deleted.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from berichten.selectors import adressen_geweigerd
from kern.beheer import RegieStackedInline, RegieTabularInline, RegisseurAdmin, actie_per_stuk
from netwerk import services
from netwerk.forms import (
    ACHTERGROND_WEGLATEN,
    AccountGevenForm,
    ContactmomentenForm,
    NetwerkToevoegenForm,
)
from netwerk.models import (
    Aandachtsfunctionaris,
    AandachtsfunctionarisLocatie,
    Contactmoment,
    Lidmaatschap,
    Locatie,
    Organisatie,
    Persoon,
    Sleutelpersoon,
    Werkgroeplid,
)
from netwerk.resources import PERSONEN_EXPORT, AandachtsfunctionarisResource

from . import views
from .filters import (
    ActiefFilter,
    BetrokkenheidFilter,
    DomeinFilter,
    GeanonimiseerdFilter,
    GemeenschapFilter,
    NetwerkFilter,
    OrganisatieFilter,
    RolFilter,
    SectorFilter,
    WijkFilter,
)
from .importexport import EenSoortExport


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
        return views.met_actieve_rollen(
            super().get_queryset(request).select_related("sleutelpersoon")
        ).annotate(laatste_contact=Subquery(laatste.values("datum")[:1]))

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
        soort = self.export_soort_van(request)
        qs = services.personen_van_soort(qs, soort).filter(geanonimiseerd_op__isnull=True)
        if soort == "sleutelpersoon" and request.POST.get(ACHTERGROND_WEGLATEN):
            qs = qs.exclude(sleutelpersoon__op_de_achtergrond=True)
        return qs

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
        return views.stil(self, request)

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
        return views.actie_pagina(
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
        return views.actie_pagina(
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
            actie_per_stuk(
                self,
                request,
                queryset,
                lambda persoon: services.persoon_account_geven(
                    persoon=persoon, rol=form.cleaned_data["rol"], door=request.user
                ),
                gelukt=lambda n: (
                    ngettext(
                        "%(n)d account aangemaakt; de uitnodiging is verstuurd.",
                        "%(n)d accounts aangemaakt; de uitnodigingen zijn verstuurd.",
                        n,
                    )
                    % {"n": n}
                ),
            )
            return None
        return views.actie_pagina(
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
            return views.actie_pagina(
                self,
                request,
                queryset,
                titel=_("Anonimiseren"),
                uitleg=None,
                knop=_("Ja, anonimiseren"),
                template="admin/netwerk/anonimiseren.html",
            )
        actie_per_stuk(
            self,
            request,
            queryset,
            lambda persoon: services.persoon_anonimiseren(persoon=persoon, door=request.user),
            gelukt=lambda n: (
                ngettext("%(n)d persoon geanonimiseerd.", "%(n)d personen geanonimiseerd.", n)
                % {"n": n}
            ),
            naam=lambda persoon: f"#{persoon.pk}",
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
