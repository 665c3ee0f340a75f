"""Editions in /beheer/: the list, the add and change page with the days (each day is a meeting
without a network), and the wiring of the edition's own pages (``views``) and the reports
(``rapporten``). A save of the page is one call of ``services.editie_toevoegen`` or
``services.editie_wijzigen``: the edition, its days, the renumbering and every message.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kern.beheer import RegieTabularInline, RegisseurAdmin

from .. import services
from ..models import Editie, InschrijvingStatus, Trainingsdag, Trainingssoort
from . import rapporten, views
from .filters import WanneerFilter
from .soorten import minstens_een


def _dagen_open(editie) -> bool:
    """May the page change the edition's days? Not of a cancelled edition (kept as it was) nor
    of a regional training's copy (the region's: trainingen.regionaal)."""
    return editie is None or editie.pk is None or not (editie.is_geannuleerd or editie.is_regionaal)


class DagenFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or not _dagen_open(self.instance):
            return  # read-only days are not judged as if they were typed
        blijft = [
            f
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("datum")
        ]
        for f in self.forms:
            dag = f.instance
            aangeraakt = f.has_changed() or f.cleaned_data.get("DELETE")
            if dag.pk and aangeraakt and services.is_begonnen(dag):
                raise ValidationError(
                    _(
                        "Dag %(n)d is al begonnen of voorbij: die kan niet meer worden "
                        "gewijzigd of verwijderd."
                    )
                    % {"n": dag.volgnummer}
                )
        if not blijft and self.initial_form_count():
            raise ValidationError(
                _(
                    "Een editie houdt minstens één dag. Gaat de training niet door? Annuleer "
                    "dan de editie."
                )
            )

        def tijden(f):
            return (
                f.cleaned_data["datum"],
                f.cleaned_data["begintijd"],
                f.cleaned_data["eindtijd"],
            )

        verplaatst = [
            tijden(f)
            for f in blijft
            if not f.instance.pk or {"datum", "begintijd", "eindtijd"} & set(f.changed_data)
        ]
        fouten = services.dagen_controleren(verplaatst, [tijden(f) for f in blijft])
        if fouten:
            raise ValidationError(fouten)


class TrainingsdagInline(RegieTabularInline):
    """The days; each is a meeting (services.dag_opslaan), numbered in date order."""

    model = Trainingsdag
    formset = DagenFormSet
    fields = ["volgnummer", "datum", "begintijd", "eindtijd"]
    readonly_fields = ["volgnummer"]
    verbose_name_plural = _("dagen (elke dag is een bijeenkomst met uitnodiging in de agenda)")

    def get_extra(self, request, obj=None, **kwargs):
        return 3 if obj is None else 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("editie__soort", "bijeenkomst")

    def _open(self, obj):
        return _dagen_open(obj)

    def has_add_permission(self, request, obj=None):
        return self._open(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._open(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._open(obj) and super().has_delete_permission(request, obj)


@admin.register(Editie)
class EditieAdmin(RegisseurAdmin):
    list_display = [
        "naam_kolom",
        "soort",
        "regionaal",
        "eerste_dag",
        "locatie",
        "trainer",
        "plaatsen",
        "wachtlijst",
        "stand",
    ]
    list_display_links = ["naam_kolom"]
    list_filter = ["soort", "status", WanneerFilter]
    list_select_related = ["soort"]
    search_fields = ["titel", "soort__naam", "locatie", "trainer"]
    ordering = ["eerste_dag", "pk"]
    inlines = [TrainingsdagInline]
    readonly_fields = ["status", "eerste_dag", "laatste_dag", "plan_maand"]
    fieldsets = [
        (None, {"fields": ["soort", "titel", "locatie", "trainer", "omschrijving"]}),
        (
            _("Plaatsen en inschrijving"),
            {"fields": [("capaciteit", "max_per_organisatie"), "inschrijving_open"]},
        ),
        (_("Status"), {"fields": ["status", ("eerste_dag", "laatste_dag"), "plan_maand"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_bezet=Count(
                    "inschrijvingen",
                    filter=Q(inschrijvingen__status=InschrijvingStatus.INGESCHREVEN),
                ),
                n_wachtlijst=Count(
                    "inschrijvingen",
                    filter=Q(inschrijvingen__status=InschrijvingStatus.WACHTLIJST),
                ),
            )
        )

    @admin.display(description=_("status"), ordering="status")
    def stand(self, obj):
        """Gepland, bezig, voorbij or geannuleerd: "gepland" alone said nothing of the past."""
        if obj.is_geannuleerd:
            return obj.get_status_display()
        vandaag = timezone.localdate()
        if obj.laatste_dag and obj.laatste_dag < vandaag:
            return gettext("Voorbij")
        if obj.eerste_dag and obj.eerste_dag <= vandaag:
            return gettext("Bezig")
        return obj.get_status_display()

    @admin.display(description=_("regionaal"), boolean=True, ordering="regionale_editie")
    def regionaal(self, obj):
        return obj.is_regionaal

    @admin.display(description=_("editie"), ordering="titel")
    def naam_kolom(self, obj):
        return obj.naam

    @admin.display(description=_("plaatsen bezet"), ordering="n_bezet")
    def plaatsen(self, obj):
        return gettext("%(bezet)d van %(capaciteit)d") % {
            "bezet": obj.n_bezet,
            "capaciteit": obj.capaciteit,
        }

    @admin.display(description=_("wachtlijst"), ordering="n_wachtlijst")
    def wachtlijst(self, obj):
        return obj.n_wachtlijst

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets[:2]  # status and dates follow from saving
        return self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_regionaal:
            # What the region decides stays the region's (services.editie_wijzigen refuses it).
            return [*self.readonly_fields, *services.REGIONAAL_BESLIST]
        if obj is not None and obj.inschrijvingen.exists():
            # Who is trained for what follows from the kind: fixed once people are enrolled.
            return [*self.readonly_fields, "soort"]
        return self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None and "soort" in form.base_fields:
            form.base_fields["soort"].queryset = Trainingssoort.objects.filter(actief=True)
        for naam, melding in (
            ("capaciteit", _("Er moet minstens één plaats zijn.")),
            ("max_per_organisatie", _("Hoogstens per organisatie is minstens 1.")),
        ):
            if naam in form.base_fields:
                minstens_een(form.base_fields[naam], melding)
        return form

    def has_change_permission(self, request, obj=None):
        # A cancelled edition is kept as it was.
        if obj is not None and obj.is_geannuleerd:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # An edition is cancelled (everyone is told), never deleted.
        return False

    # --- saving: one call of the service -------------------------------------------------------

    def save_model(self, request, obj, form, change):
        """Saved in save_related, with the days, by one call of the service."""

    def save_formset(self, request, form, formset, change):
        """The days are saved in save_related, with the edition."""

    def save_related(self, request, form, formsets, change):
        dagrijen = next((f for f in formsets if f.model is Trainingsdag), None)
        if dagrijen is not None and not _dagen_open(form.instance):
            # Read-only: nothing of them is saved, and the history names none.
            dagrijen.new_objects, dagrijen.changed_objects, dagrijen.deleted_objects = [], [], []
            dagen = None
        else:
            dagen = _dagen_volgens(dagrijen) if dagrijen is not None else None
        if change:
            # The form has put its values on the edition; the service locks, compares and saves.
            velden = {
                v: form.cleaned_data[v] for v in services.EDITIEVELDEN if v in form.cleaned_data
            }
            uitkomst = services.editie_wijzigen(
                editie=form.instance, velden=velden, dagen=dagen, door=request.user
            )
        else:
            uitkomst = services.editie_toevoegen(
                editie=form.instance, dagen=dagen, door=request.user
            )
        for niveau, tekst in uitkomst.meldingen:
            getattr(messages, niveau)(request, tekst)
        if dagrijen is not None:
            # The admin's history names the days that came, with their numbers in date order.
            dagrijen.new_objects = uitkomst.dagen_erbij

    # --- the change page's modules --------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        editie = self.get_object(request, object_id)
        if editie is not None:
            extra_context = {**(extra_context or {}), **views.editie_modules(editie)}
        return super().change_view(request, object_id, form_url, extra_context)

    # --- extra pages: an edition's own (views.py) and the two reports (rapporten.py) ------------

    def get_urls(self):
        def url(route, view, naam):
            return path(route, self.admin_site.admin_view(view), name=f"trainingen_editie_{naam}")

        return [
            url("nog-te-trainen/", self.nog_te_trainen_view, "nog_te_trainen"),
            url("dekking/", self.dekking_view, "dekking"),
            url("<int:pk>/groep/", self.groep_view, "groep"),
            url("<int:pk>/aanwezigheid/", self.aanwezigheid_view, "aanwezigheid"),
            url("<int:pk>/afmelden/<int:inschrijving>/", self.afmelden_view, "afmelden"),
            url("<int:pk>/annuleren/", self.annuleren_view, "annuleren"),
            *super().get_urls(),
        ]

    def aanwezigheid_view(self, request, pk):
        return views.aanwezigheid(self, request, pk)

    def afmelden_view(self, request, pk, inschrijving):
        return views.afmelden(self, request, pk, inschrijving)

    def annuleren_view(self, request, pk):
        return views.annuleren(self, request, pk)

    def groep_view(self, request, pk):
        return views.groep(self, request, pk)

    def nog_te_trainen_view(self, request):
        return rapporten.nog_te_trainen(self, request)

    def dekking_view(self, request):
        return rapporten.dekking(self, request)


def _dagen_volgens(formset) -> services.Dagen:
    """What the day rows of the page ask for: new days, days whose time changes, days that go
    (the formset's own objects, not saved; ``formset.save(commit=False)`` also gives the
    admin's history what changed)."""
    formset.save(commit=False)

    def tijden(dag):
        return (dag.datum, dag.begintijd, dag.eindtijd)

    return services.Dagen(
        nieuw=[tijden(dag) for dag in formset.new_objects],
        gewijzigd={dag.pk: tijden(dag) for dag, _velden in formset.changed_objects},
        weg=[dag.pk for dag in formset.deleted_objects],
    )
