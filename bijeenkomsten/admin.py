"""Meetings in /beheer/ (the regisseur's work): series, meetings with their answers counted and
listed, guests, attendance in one quick list, cancellation with notice to every invitee, and
per person their attendance history (the invitation list filtered on a person)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from kern.beheer import MomentFilter, RegieTabularInline, RegisseurAdmin
from kern.fouten import Weigering
from kern.paginering import bladzijde

from . import selectors, services
from .models import Actiepunt, Antwoord, Bijeenkomst, BijeenkomstStatus, Reeks, Uitnodiging


class WanneerFilter(MomentFilter):
    """The meetings list opens on what is coming or under way."""


ONGELDIGE_REDEN = _("De reden bevat een ongeldig teken. Pas de reden aan; er is niets geannuleerd.")


@admin.register(Reeks)
class ReeksAdmin(RegisseurAdmin):
    list_display = [
        "naam",
        "netwerk",
        "interval_weken",
        "weekdag",
        "starttijd",
        "eindtijd",
        "actief",
    ]
    list_filter = ["actief", "netwerk"]
    search_fields = ["naam", "netwerk__naam"]
    autocomplete_fields = ["netwerk"]
    actions = ["bijplannen"]
    readonly_fields = ["weekdag"]  # follows from the first date
    fields = [
        "naam",
        "netwerk",
        ("interval_weken", "weekdag"),
        ("starttijd", "eindtijd"),
        "locatie",
        ("eerste_datum", "einddatum"),
        "agenda",
        "actief",
    ]

    def save_model(self, request, obj, form, change):
        services.reeks_opslaan(obj)
        self._waarschuwen(request, [obj])

    @admin.action(description=_("Komende bijeenkomsten nu inplannen"))
    def bijplannen(self, request, queryset):
        reeksen = list(queryset.select_related("netwerk"))
        aantal = sum(services.reeks_bijplannen(r) for r in reeksen)
        self.message_user(
            request,
            ngettext("%(n)d bijeenkomst ingepland.", "%(n)d bijeenkomsten ingepland.", aantal)
            % {"n": aantal},
        )
        self._waarschuwen(request, reeksen)

    def _waarschuwen(self, request, reeksen):
        for reeks in reeksen:
            if waarschuwing := services.waarom_niemand_uitgenodigd(reeks):
                self.message_user(request, waarschuwing, messages.WARNING)


class ActiepuntInline(RegieTabularInline):
    model = Actiepunt
    extra = 1
    fields = ["omschrijving", "eigenaar", "uiterlijk", "afgerond"]
    autocomplete_fields = ["eigenaar"]


class AntwoordenInline(RegieTabularInline):
    """The RSVP list: who was invited and what they answered (read-only)."""

    model = Uitnodiging
    extra = 0
    can_delete = False
    fields = [
        "persoon",
        "is_gast",
        "antwoord",
        "opmerking",
        "beantwoord_op",
        "verstuurd_op",
        "aanwezig",
    ]
    readonly_fields = fields
    verbose_name_plural = _("uitnodigingen en antwoorden")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("persoon", "bijeenkomst")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class GastForm(forms.ModelForm):
    class Meta:
        model = Uitnodiging
        fields = ["persoon"]

    def clean(self):
        data = super().clean()
        persoon = data.get("persoon")
        bijeenkomst = getattr(self.instance, "bijeenkomst", None)
        if persoon is not None and bijeenkomst is not None:
            reden = services.gast_toegestaan(bijeenkomst, persoon)
            if reden:
                raise forms.ValidationError(reden)
        return data


class GastInline(RegieTabularInline):
    """Adding guests only (existing invitations are in the list above)."""

    model = Uitnodiging
    form = GastForm
    extra = 1
    fields = ["persoon"]
    autocomplete_fields = ["persoon"]
    verbose_name = _("gast")
    verbose_name_plural = _("gasten uitnodigen (mensen buiten dit netwerk)")

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Bijeenkomst)
class BijeenkomstAdmin(RegisseurAdmin):
    list_display = [
        "titel",
        "netwerk",
        "begin",
        "stand",
        "is_extra",
        "n_ja",
        "n_misschien",
        "n_nee",
        "n_open",
    ]
    list_filter = [WanneerFilter, "status", "is_extra", "netwerk"]
    search_fields = ["titel", "locatie"]
    date_hierarchy = "begin"
    list_select_related = ["netwerk"]
    autocomplete_fields = ["netwerk"]
    inlines = [AntwoordenInline, GastInline, ActiepuntInline]
    readonly_fields = ["reeks", "status"]  # the version (volgnummer) is for the calendars
    fieldsets = [
        (None, {"fields": ["titel", "netwerk", "is_extra", ("begin", "einde"), "locatie"]}),
        (_("Agenda en verslag"), {"fields": ["agenda", "verslag"]}),
        (_("Reeks en status"), {"fields": ["reeks", "status"]}),
    ]

    def get_queryset(self, request):
        # Training days (no network) are managed on their edition's page (trainingen).
        return (
            super()
            .get_queryset(request)
            .filter(netwerk__isnull=False)
            .annotate(
                ja=Count("uitnodigingen", filter=Q(uitnodigingen__antwoord=Antwoord.JA)),
                nee=Count("uitnodigingen", filter=Q(uitnodigingen__antwoord=Antwoord.NEE)),
                misschien=Count(
                    "uitnodigingen", filter=Q(uitnodigingen__antwoord=Antwoord.MISSCHIEN)
                ),
                open_=Count("uitnodigingen", filter=Q(uitnodigingen__antwoord="")),
            )
        )

    def get_ordering(self, request):
        # What is coming: the next meeting first; the past: the latest first.
        komend = request.GET.get(WanneerFilter.parameter_name, "komend") not in ("voorbij", "alle")
        return ["begin"] if komend else ["-begin"]

    @admin.display(description=_("stand"), ordering="status")
    def stand(self, obj):
        """A planned meeting that took place says so (the status stays what the regisseur
        set: planned or cancelled)."""
        if obj.status == BijeenkomstStatus.GEPLAND:
            nu = timezone.now()
            if obj.einde < nu:
                return gettext("Geweest")
            if obj.begin <= nu:
                return gettext("Bezig")
        return obj.get_status_display()

    @admin.display(description=_("ja"), ordering="ja")
    def n_ja(self, obj):
        return obj.ja

    @admin.display(description=_("misschien"), ordering="misschien")
    def n_misschien(self, obj):
        return obj.misschien

    @admin.display(description=_("nee"), ordering="nee")
    def n_nee(self, obj):
        return obj.nee

    @admin.display(description=_("geen antwoord"), ordering="open_")
    def n_open(self, obj):
        return obj.open_

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return [*self.readonly_fields, "is_extra", "netwerk"]
        return self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "netwerk" in form.base_fields:
            form.base_fields["netwerk"].required = True  # only training days have none
        return form

    def save_model(self, request, obj, form, change):
        if change:
            # The form has put its values on ``obj``; the service locks, compares and saves.
            wijziging = services.bijeenkomst_wijzigen(
                bijeenkomst=obj,
                velden={veld: getattr(obj, veld) for veld in _modelvelden(form)},
                door=request.user,
            )
            if wijziging.melding:
                messages.info(request, wijziging.melding)
        else:
            super().save_model(request, obj, form, change)
            aantal = services.bijeenkomst_aangemaakt(obj)
            if obj.is_extra:
                messages.success(
                    request,
                    ngettext(
                        "Extra bijeenkomst: %(n)d uitnodiging meteen verstuurd.",
                        "Extra bijeenkomst: %(n)d uitnodigingen meteen verstuurd.",
                        aantal,
                    )
                    % {"n": aantal},
                )

    def save_formset(self, request, form, formset, change):
        if formset.model is Uitnodiging:
            # Guests go through the service (checks, and their invitation is sent if the others
            # already had theirs); the read-only answer list saves nothing.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            for gast_form in formset.forms:
                persoon = gast_form.cleaned_data.get("persoon") if gast_form.is_valid() else None
                if persoon is not None:
                    try:
                        services.gast_uitnodigen(form.instance, persoon)
                    except Weigering as fout:
                        messages.error(request, fout.reden)
            return
        super().save_formset(request, form, formset, change)

    # --- extra pages ----------------------------------------------------------------------------

    def get_urls(self):
        def url(route, view, naam):
            return path(
                route, self.admin_site.admin_view(view), name=f"bijeenkomsten_bijeenkomst_{naam}"
            )

        return [
            url("<int:pk>/aanwezigheid/", self.aanwezigheid_view, "aanwezigheid"),
            url("<int:pk>/annuleren/", self.annuleren_view, "annuleren"),
            url("<int:pk>/uitnodigen/", self.uitnodigen_view, "uitnodigen"),
            url("nooit-gekomen/", self.nooit_gekomen_view, "nooit_gekomen"),
            *super().get_urls(),
        ]

    def nooit_gekomen_view(self, request):
        """Bijeenkomsten → Uitgenodigd, nooit gereageerd: beside "Stil geworden"."""
        if not self._mag(request):
            raise PermissionDenied
        pagina, query = bladzijde(request, selectors.nooit_gekomen(), 50)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Uitgenodigd, maar nooit gereageerd of gekomen"),
            "opts": self.opts,
            "pagina": pagina,
            "query": query,
            "minstens": selectors.MINSTENS_OP_RIJ,
            "stil": reverse("admin:netwerk_persoon_stil"),
        }
        return TemplateResponse(request, "admin/bijeenkomsten/nooit_gekomen.html", context)

    def _bijeenkomst(self, request, pk):
        if not self._mag(request):
            raise PermissionDenied
        # As the list and the change page: a network's meetings only. A training day is its
        # edition's (trainingen), a case meeting the casusoverleg's; their own pages change them.
        return get_object_or_404(Bijeenkomst, pk=pk, netwerk__isnull=False)

    def _terug(self, bijeenkomst):
        return redirect(reverse("admin:bijeenkomsten_bijeenkomst_change", args=[bijeenkomst.pk]))

    def aanwezigheid_view(self, request, pk):
        """After the meeting: tick who was there, in one list."""
        bijeenkomst = self._bijeenkomst(request, pk)
        if request.method == "POST":
            aanwezig = {int(x) for x in request.POST.getlist("aanwezig") if x.isdecimal()}
            try:
                services.aanwezigheid_vastleggen(
                    bijeenkomst=bijeenkomst, aanwezig=aanwezig, door=request.user
                )
            except Weigering as fout:
                messages.error(request, fout.reden)
            else:
                messages.success(request, gettext("De aanwezigheid is opgeslagen."))
            return self._terug(bijeenkomst)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Aanwezigheid: %(b)s") % {"b": bijeenkomst},
            "opts": self.opts,
            "original": bijeenkomst,
            "uitnodigingen": bijeenkomst.uitnodigingen.select_related("persoon").order_by(
                "persoon__achternaam", "persoon__voornaam"
            ),
            "nog_niet_begonnen": bijeenkomst.begin > timezone.now(),
        }
        return TemplateResponse(request, "admin/bijeenkomsten/aanwezigheid.html", context)

    def annuleren_view(self, request, pk):
        bijeenkomst = self._bijeenkomst(request, pk)
        reden = request.POST.get("reden", "").strip()[:300]
        if request.method == "POST" and "\x00" in reden:  # PostgreSQL refuses NUL in text
            messages.error(request, ONGELDIGE_REDEN)
        elif request.method == "POST":
            aantal = services.bijeenkomst_annuleren(bijeenkomst, reden=reden)
            messages.success(
                request,
                ngettext(
                    "Geannuleerd; %(n)d genodigde krijgt bericht.",
                    "Geannuleerd; %(n)d genodigden krijgen bericht.",
                    aantal,
                )
                % {"n": aantal},
            )
            return self._terug(bijeenkomst)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Bijeenkomst annuleren"),
            "opts": self.opts,
            "original": bijeenkomst,
            "aantal": bijeenkomst.uitnodigingen.exclude(verstuurd_op=None).count(),
        }
        return TemplateResponse(request, "admin/bijeenkomsten/annuleren.html", context)

    def uitnodigen_view(self, request, pk):
        bijeenkomst = self._bijeenkomst(request, pk)
        if request.method == "POST":
            aantal = services.uitnodigingen_versturen(bijeenkomst)
            if aantal:
                messages.success(
                    request,
                    ngettext(
                        "%(n)d uitnodiging verstuurd.", "%(n)d uitnodigingen verstuurd.", aantal
                    )
                    % {"n": aantal},
                )
            else:
                messages.info(
                    request,
                    gettext(
                        "Er is niemand meer uit te nodigen: alle leden hebben hun uitnodiging "
                        "al, of de bijeenkomst is begonnen of geannuleerd."
                    ),
                )
        return self._terug(bijeenkomst)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        bijeenkomst = self.get_object(request, object_id)
        if bijeenkomst is not None:
            telling = services.antwoorden_geteld(bijeenkomst)
            extra_context = {
                **(extra_context or {}),
                "telling": {**telling, "open": telling[""]},
            }
        return super().change_view(request, object_id, form_url, extra_context)


def _modelvelden(form) -> list[str]:
    """The meeting's own fields this admin form edits (not the read-only ones)."""
    eigen = {veld.name for veld in Bijeenkomst._meta.concrete_fields if veld.editable}
    return [naam for naam in form.fields if naam in eigen]


@admin.register(Uitnodiging)
class UitnodigingAdmin(RegisseurAdmin):
    """Every invitation; filtered on a person it is their attendance history."""

    list_display = ["persoon", "bijeenkomst", "antwoord", "aanwezig", "is_gast"]
    list_filter = ["antwoord", "aanwezig", "is_gast", "bijeenkomst__netwerk"]
    search_fields = ["persoon__zoeknaam", "bijeenkomst__titel"]
    list_select_related = ["persoon", "bijeenkomst"]
    date_hierarchy = "bijeenkomst__begin"
    ordering = ["-bijeenkomst__begin"]
    fields = ["persoon", "bijeenkomst", "antwoord", "opmerking", "beantwoord_op", "aanwezig"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
