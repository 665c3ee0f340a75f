"""The convenant register in /beheer/: every convenant with its parties, categories and
validity, those ending within 60 days first; the signed documents, current and earlier.

A save of the change page is one call of ``netwerk.convenanten.convenant_opslaan`` (fields,
parties, categories, document history and the events, in one transaction). Columns that other
apps know about (signalen: the active shares) come from ``convenanten.registerkolommen()``:
netwerk does not import or query those apps.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kern.beheer import RegieTabularInline, RegisseurAdmin, actie_per_stuk
from netwerk import convenanten
from netwerk.forms import ConvenantForm
from netwerk.models import Convenant, Convenantpartij, ConvenantStatus

from . import views


class ConvenantpartijInline(RegieTabularInline):
    model = Convenantpartij
    extra = 1
    fields = ["organisatie", "toegevoegd_op"]
    readonly_fields = ["toegevoegd_op"]
    autocomplete_fields = ["organisatie"]
    verbose_name_plural = _("partijen (de gemeente is er altijd een)")


def _partijen_volgens(formset) -> list:
    """The parties the page asks for: the convenant's parties, less the rows removed or
    changed on the page, plus the rows added or changed (rows the page did not send stay)."""
    convenant = formset.instance
    partijen = {o.pk: o for o in convenant.partijen.all()} if convenant.pk else {}
    verwijderd = formset.deleted_forms
    for form in formset.initial_forms:
        if form in verwijderd or form.has_changed():
            partijen.pop(form.initial.get("organisatie"), None)
    for form in formset.forms:
        organisatie = form.cleaned_data.get("organisatie") if form.has_changed() else None
        if organisatie is not None and form not in verwijderd:
            partijen[organisatie.pk] = organisatie
    return list(partijen.values())


def _registerkolom(kolom):
    """A column of the list for a column another app added to the register."""

    def waarde(obj):
        return getattr(obj, kolom.naam)

    waarde.__name__ = kolom.naam
    return admin.display(description=kolom.titel, ordering=kolom.naam)(waarde)


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

    def get_list_display(self, request):
        kolommen = convenanten.registerkolommen()
        return [*super().get_list_display(request), *(_registerkolom(k) for k in kolommen)]

    def get_queryset(self, request):
        bijdragen = {k.naam: k.waarde() for k in convenanten.registerkolommen()}
        return convenanten.convenantenregister().annotate(**bijdragen)

    @admin.display(description=_("eindigt binnen 60 dagen"), boolean=True)
    def binnenkort_kolom(self, obj):
        return obj.eindigt_binnenkort

    @admin.display(description=_("partijen"))
    def partijen_kolom(self, obj):
        return ", ".join(p.naam for p in obj.partijen.all())

    @admin.display(description=_("categorieën"))
    def categorieen_kolom(self, obj):
        return ", ".join(c.get_categorie_display() for c in obj.categorieen.all())

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["eerdere_documenten"] = list(convenanten.eerdere_documenten(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        """Saved in save_related, with the parties, by one call of the service."""

    def save_related(self, request, form, formsets, change):
        partijrijen = next(iter(formsets), None)
        uitkomst = convenanten.convenant_opslaan(
            convenant=form.instance,
            velden={v: form.cleaned_data[v] for v in convenanten.VELDEN if v in form.cleaned_data},
            partijen=None if partijrijen is None else _partijen_volgens(partijrijen),
            categorieen=form.cleaned_data.get("categorieen_keuze") or [],
            document=form.cleaned_data.get("document"),
            door=request.user,
        )
        if partijrijen is None:
            return
        # The admin's history names the parties that came and went, as the inline's own save
        # would have recorded them.
        partijrijen.new_objects = uitkomst.partijen_erbij
        partijrijen.changed_objects = []
        partijrijen.deleted_objects = uitkomst.partijen_eraf

    @admin.action(description=_("Geselecteerde convenanten vandaag beëindigen"))
    def beeindigen(self, request, queryset):
        """Asks first, with what ends: per convenant its partner organisations and what the
        apps built on netwerk count under it (signalen: the active shares), then ends them."""
        lopend = queryset.exclude(status=ConvenantStatus.BEEINDIGD)
        if request.POST.get("bevestigd") != "ja":
            return self._beeindigen_vragen(request, lopend)
        actie_per_stuk(
            self,
            request,
            lopend,
            lambda convenant: convenanten.convenant_beeindigen(convenant=convenant),
            gelukt=lambda n: (
                ngettext(
                    "%(n)d convenant beëindigd; wat eronder gedeeld was, is niet meer zichtbaar.",
                    "%(n)d convenanten beëindigd; wat eronder gedeeld was, is niet meer zichtbaar.",
                    n,
                )
                % {"n": n}
            ),
        )

    def _beeindigen_vragen(self, request, lopend):
        kolommen = convenanten.registerkolommen()
        rijen = list(lopend.prefetch_related("partijen"))
        if not rijen:
            self.message_user(
                request,
                _("De gekozen convenanten zijn al beëindigd; er is niets gewijzigd."),
                messages.WARNING,
            )
            return None
        for rij in rijen:
            rij.partners = [o for o in rij.partijen.all() if not o.is_gemeente]
            rij.bijdragen = [(k.titel, getattr(rij, k.naam)) for k in kolommen]
        partners = {o.pk: o for rij in rijen for o in rij.partners}
        return views.actie_pagina(
            self,
            request,
            rijen,
            titel=_("Convenanten vandaag beëindigen"),
            uitleg=None,
            knop=_("Ja, vandaag beëindigen"),
            template="admin/netwerk/convenant/beeindigen.html",
            extra={
                "partners": sorted(partners.values(), key=lambda o: o.naam),
                "totalen": [
                    (k.titel, sum(getattr(rij, k.naam) or 0 for rij in rijen)) for k in kolommen
                ],
            },
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
        return views.pdf(convenant.document, f"convenant-{convenant.pk}.pdf")

    def eerder_document_view(self, request, pk, versie):
        """An earlier signed document of this convenant (never of another one): the same rules
        as the current one."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        eerder = convenanten.eerdere_documenten(pk).filter(pk=versie).first()
        if eerder is None:
            raise Http404
        tot = timezone.localtime(eerder.tot)
        return views.pdf(eerder.document, f"convenant-{pk}-vervangen-{tot:%Y%m%d-%H%M}.pdf")
