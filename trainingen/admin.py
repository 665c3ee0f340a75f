"""Trainings in /beheer/ (the regisseur's work).

- Kinds of training: what they are for, how long they stay valid, which kind renews which.
- Editions: planned with their days (each day is a meeting without a network, kept in step by
  ``services``), the participants and waiting list with cancelling, the attendance grid (a
  training is completed when every day was attended), a proposed mixed group to place or invite,
  and cancelling the whole edition.
- Two reports: who still needs training (per organisation) and the coverage per organisation and
  per domain, both with a CSV export.

Every rule lives in ``trainingen.services`` and ``trainingen.bevoegdheid``; this module only wires
them into the admin. The pages read a fixed number of queries, whatever the number of people.
"""

from __future__ import annotations

from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MinValueValidator
from django.db.models import Count, Max, Prefetch, Q
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from bijeenkomsten.models import Antwoord, Uitnodiging
from config.admin import RegieTabularInline, RegisseurAdmin
from config.rapport import csv_antwoord
from netwerk.models import Aandachtsfunctionaris, Domein, Organisatie, Persoon

from . import bevoegdheid, services
from .models import (
    Editie,
    EditieStatus,
    InschrijvingStatus,
    Trainingsdag,
    Trainingssoort,
)

ONGELDIGE_REDEN = _("De reden bevat een ongeldig teken. Pas de reden aan; er is niets geannuleerd.")

# --- Kinds of training --------------------------------------------------------------------------


def minstens_een(veld: forms.IntegerField, melding) -> None:
    """A number field whose least value is 1 (a positive integer field allows 0), with one
    clear message instead of the generic one."""
    veld.min_value = 1
    veld.widget.attrs["min"] = 1
    veld.validators = [v for v in veld.validators if not isinstance(v, MinValueValidator)]
    veld.validators.append(MinValueValidator(1, melding))


class TrainingssoortForm(forms.ModelForm):
    domeinen = forms.MultipleChoiceField(
        label=_("Bedoeld voor de domeinen"),
        choices=Domein.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Niets aangevinkt: voor iedereen. Een groepsvoorstel kiest alleen hieruit."),
    )

    class Meta:
        model = Trainingssoort
        fields = [
            "naam", "omschrijving", "doelgroep", "domeinen", "geldig_maanden", "verlengt", "rol",
            "actief",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "verlengt" in self.fields:
            # A kind never renews itself.
            self.fields["verlengt"].queryset = Trainingssoort.objects.exclude(pk=self.instance.pk)
        if "geldig_maanden" in self.fields:
            minstens_een(self.fields["geldig_maanden"], _("Minstens 1 maand; leeg: blijft geldig."))


@admin.register(Trainingssoort)
class TrainingssoortAdmin(RegisseurAdmin):
    form = TrainingssoortForm
    list_display = ["naam", "rol", "geldig_maanden", "verlengt", "actief", "komende_edities"]
    list_filter = ["actief", "rol"]
    list_select_related = ["verlengt"]
    search_fields = ["naam", "omschrijving", "doelgroep"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_komend=Count(
                    "edities",
                    filter=Q(
                        edities__status=EditieStatus.GEPLAND,
                        edities__eerste_dag__gte=timezone.localdate(),
                    ),
                )
            )
        )

    @admin.display(description=_("komende edities"), ordering="n_komend")
    def komende_edities(self, obj):
        return obj.n_komend

    def has_delete_permission(self, request, obj=None):
        # The basic training and the terugkomdag carry the rules: never deleted.
        if obj is not None and obj.rol:
            return False
        return super().has_delete_permission(request, obj)


# --- Editions -----------------------------------------------------------------------------------


class DagenFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
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
        return obj is None or not obj.is_geannuleerd

    def has_add_permission(self, request, obj=None):
        return self._open(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._open(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._open(obj) and super().has_delete_permission(request, obj)


class WanneerFilter(admin.SimpleListFilter):
    """The list opens on what is coming (the regisseur's work), not on two years of history."""

    title = _("wanneer")
    parameter_name = "wanneer"

    def lookups(self, request, model_admin):
        return [
            ("komend", _("Komend of bezig")),
            ("voorbij", _("Voorbij")),
            ("alle", _("Alle")),
        ]

    def value(self):
        return super().value() or "komend"

    def choices(self, changelist):
        for waarde, titel in self.lookup_choices:  # no "Alle" of the admin's own: ours is there
            yield {
                "selected": self.value() == waarde,
                "query_string": changelist.get_query_string({self.parameter_name: waarde}),
                "display": titel,
            }

    def queryset(self, request, queryset):
        vandaag = timezone.localdate()
        if self.value() == "komend":
            return queryset.filter(Q(laatste_dag__gte=vandaag) | Q(laatste_dag__isnull=True))
        if self.value() == "voorbij":
            return queryset.filter(laatste_dag__lt=vandaag)
        return queryset


# What the days' meetings copy from the edition: a change goes to every day.
WEZENLIJK = ("soort_id", "titel", "locatie", "omschrijving")

STAND_KEUZES = [
    ("nodig", _("Nog niet gevolgd of opfrissing te laat")),
    (bevoegdheid.Stand.GEEN, bevoegdheid.Stand.LABELS[bevoegdheid.Stand.GEEN]),
    (bevoegdheid.Stand.VERLOPEN, bevoegdheid.Stand.LABELS[bevoegdheid.Stand.VERLOPEN]),
    (bevoegdheid.Stand.BINNENKORT, bevoegdheid.Stand.LABELS[bevoegdheid.Stand.BINNENKORT]),
    ("bij", _("Bij (geldig, ook als de opfrissing binnenkort is)")),
    ("alle", _("Iedereen, ook wie bij is")),
]


class RapportFilter(forms.Form):
    """The filters of the two reports; every choice is optional."""

    soort = forms.ModelChoiceField(
        label=_("Training"),
        queryset=Trainingssoort.objects.all(),
        required=False,
        empty_label=None,
    )
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisatie.objects.filter(actief=True).order_by("naam"),
        required=False,
        empty_label=_("Alle organisaties"),
    )
    domein = forms.ChoiceField(
        label=_("Domein"),
        choices=[("", _("Alle domeinen")), *Domein.choices],
        required=False,
    )
    stand = forms.ChoiceField(label=_("Stand"), choices=STAND_KEUZES, required=False)

    def __init__(self, data, *, standaard_soort, velden):
        super().__init__(data)
        for naam in set(self.fields) - set(velden):
            del self.fields[naam]
        self.standaard_soort = standaard_soort
        if standaard_soort is not None:
            self.fields["soort"].initial = standaard_soort.pk

    def waarden(self) -> dict:
        """The chosen filters; a wrong value falls back to its default."""
        gekozen = self.cleaned_data if self.is_valid() else {}
        return {
            "soort": gekozen.get("soort") or self.standaard_soort,
            "organisatie": gekozen.get("organisatie"),
            "domein": gekozen.get("domein") or "",
            "stand": gekozen.get("stand") or "nodig",
        }


@admin.register(Editie)
class EditieAdmin(RegisseurAdmin):
    list_display = [
        "naam_kolom",
        "soort",
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

    # --- saving: the days through the services --------------------------------------------------

    def save_model(self, request, obj, form, change):
        form.regie_oud = (
            Editie.objects.filter(pk=obj.pk).values(*WEZENLIJK, "capaciteit").first()
            if change
            else None
        )
        form.regie_dagen_bijgewerkt = False
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Trainingsdag:
            return super().save_formset(request, form, formset, change)
        editie = form.instance
        formset.save(commit=False)
        nieuw = list(formset.new_objects)
        gewijzigd = [dag for dag, _velden in formset.changed_objects]
        verwijderd = list(formset.deleted_objects)
        # A new day gets a free number here; dagen_hernummeren puts them in date order.
        hoogste = editie.dagen.aggregate(m=Max("volgnummer"))["m"] or 0
        for i, dag in enumerate(nieuw, start=1):
            dag.editie = editie
            dag.volgnummer = hoogste + i
            dag.save()
        for dag in gewijzigd:
            dag.save()
        if verwijderd:
            # Cancels their meetings, renumbers once, updates the others.
            services.dagen_verwijderen(editie, verwijderd)
        elif nieuw or gewijzigd:
            # Numbers in date order, then every day's meeting through dag_opslaan: only the
            # meetings that really changed tell their participants.
            services.dagen_hernummeren(editie)
        form.regie_dagen_bijgewerkt = bool(nieuw or gewijzigd or verwijderd)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        editie = form.instance
        oud = getattr(form, "regie_oud", None)
        gewijzigd = oud and any(oud[veld] != getattr(editie, veld) for veld in WEZENLIJK)
        if gewijzigd and not form.regie_dagen_bijgewerkt:
            services.editie_gewijzigd(editie)
        editie.refresh_from_db(fields=["eerste_dag", "laatste_dag"])
        if not change and editie.eerste_dag is None:
            messages.warning(
                request,
                gettext(
                    "Deze editie heeft nog geen dagen. Inschrijven en uitnodigen kan pas als de "
                    "data bekend zijn: voeg de dagen toe."
                ),
            )
        if oud and editie.capaciteit > oud["capaciteit"]:
            doorgeschoven = services.capaciteit_gewijzigd(editie)
            if doorgeschoven:
                messages.success(
                    request,
                    ngettext(
                        "%(n)d persoon van de wachtlijst heeft een plaats gekregen en krijgt "
                        "bericht: %(namen)s.",
                        "%(n)d personen van de wachtlijst hebben een plaats gekregen en krijgen "
                        "bericht: %(namen)s.",
                        len(doorgeschoven),
                    )
                    % {
                        "n": len(doorgeschoven),
                        "namen": ", ".join(str(i.persoon) for i in doorgeschoven),
                    },
                )
        elif oud and editie.capaciteit < oud["capaciteit"]:
            bezet = services.bezet(editie)
            if bezet > editie.capaciteit:
                messages.warning(
                    request,
                    gettext(
                        "Er zijn %(bezet)d deelnemers en nu %(capaciteit)d plaatsen. Niemand "
                        "verliest zijn plaats; vraag zo nodig iemand zich af te melden."
                    )
                    % {"bezet": bezet, "capaciteit": editie.capaciteit},
                )

    # --- the change page's modules --------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        editie = self.get_object(request, object_id)
        if editie is not None:
            extra_context = {**(extra_context or {}), **self._modules(editie)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _modules(self, editie: Editie) -> dict:
        """Participants by status and the attendance grid, in a fixed number of queries."""
        rollen = Prefetch(
            "persoon__aandachtsfunctionarisrollen",
            queryset=Aandachtsfunctionaris.objects.filter(actief=True).select_related(
                "organisatie"
            ),
            to_attr="actieve_rollen",
        )
        inschrijvingen = list(
            editie.inschrijvingen.select_related("persoon")
            .prefetch_related(rollen)
            .order_by("persoon__achternaam", "persoon__voornaam", "pk")
        )
        per_status = {s: [] for s in InschrijvingStatus.values}
        for inschrijving in inschrijvingen:
            inschrijving.organisaties = [r.organisatie for r in inschrijving.persoon.actieve_rollen]
            per_status[inschrijving.status].append(inschrijving)
        # The waiting list in the order it is served (as services.wachtlijstpositie counts).
        wachtlijst = sorted(
            per_status[InschrijvingStatus.WACHTLIJST], key=lambda i: (i.wachtlijst_sinds, i.pk)
        )
        for positie, inschrijving in enumerate(wachtlijst, start=1):
            inschrijving.positie = positie

        nu = timezone.now()
        dagen = list(editie.dagen.select_related("bijeenkomst").order_by("volgnummer"))
        for dag in dagen:
            dag.begonnen = dag.bijeenkomst_id is not None and dag.bijeenkomst.begin <= nu
        deelnemers = per_status[InschrijvingStatus.INGESCHREVEN]
        uitnodigingen = {
            (persoon_id, bijeenkomst_id): (antwoord, aanwezig)
            for persoon_id, bijeenkomst_id, antwoord, aanwezig in Uitnodiging.objects.filter(
                bijeenkomst_id__in=[d.bijeenkomst_id for d in dagen if d.bijeenkomst_id],
                persoon_id__in=[i.persoon_id for i in deelnemers],
            ).values_list("persoon_id", "bijeenkomst_id", "antwoord", "aanwezig")
        }
        antwoorden = dict(Antwoord.choices)
        raster = []
        for inschrijving in deelnemers:
            cellen = []
            for dag in dagen:
                antwoord, aanwezig = uitnodigingen.get(
                    (inschrijving.persoon_id, dag.bijeenkomst_id), ("", False)
                )
                cellen.append(
                    {
                        "dag": dag,
                        "aanwezig": bool(aanwezig),
                        "antwoord": antwoorden.get(antwoord, ""),
                        "nee": antwoord == Antwoord.NEE,
                    }
                )
            raster.append({"inschrijving": inschrijving, "cellen": cellen})
        return {
            "ingeschreven": deelnemers,
            "wachtlijst": wachtlijst,
            "uitgenodigd": per_status[InschrijvingStatus.UITGENODIGD],
            "afgemeld": per_status[InschrijvingStatus.AFGEMELD],
            "dagen": dagen,
            "begonnen_dagen": [d for d in dagen if d.begonnen],
            "raster": raster,
            "vrij": max(editie.capaciteit - len(deelnemers), 0),
            "gesloten": services.waarom_gesloten(editie),
        }

    # --- extra pages ----------------------------------------------------------------------------

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

    def _editie(self, request, pk) -> Editie:
        if not self._mag(request):
            raise PermissionDenied
        return get_object_or_404(Editie.objects.select_related("soort"), pk=pk)

    def _terug(self, editie, anker=""):
        return redirect(reverse("admin:trainingen_editie_change", args=[editie.pk]) + anker)

    def _context(self, request, editie, titel, **extra):
        return {
            **self.admin_site.each_context(request),
            "title": titel,
            "opts": self.opts,
            "original": editie,
            **extra,
        }

    def aanwezigheid_view(self, request, pk):
        """One POST for the grid: per day that has begun, who was there."""
        editie = self._editie(request, pk)
        if request.method != "POST":
            return self._terug(editie, "#aanwezigheid")
        # Only the days that were in the grid, and have begun: a day that began since the
        # page was opened is not emptied by accident.
        in_raster = {int(x) for x in request.POST.getlist("dagen") if x.isdecimal()}
        nu = timezone.now()
        dagen = [
            d
            for d in editie.dagen.select_related("bijeenkomst", "editie")
            if d.pk in in_raster and d.bijeenkomst_id and d.bijeenkomst.begin <= nu
        ]
        if not dagen:
            messages.info(request, gettext("Er is nog geen dag begonnen; er is niets opgeslagen."))
            return self._terug(editie, "#aanwezigheid")
        try:
            for dag in dagen:
                aanwezig = {
                    int(x) for x in request.POST.getlist(f"aanwezig-{dag.pk}") if x.isdecimal()
                }
                services.aanwezigheid_vastleggen(dag, aanwezig, door=request.user)
        except services.NietToegestaan as fout:
            messages.error(request, fout.reden)
        else:
            voltooid = editie.inschrijvingen.filter(voltooid_op__isnull=False).count()
            messages.success(
                request,
                ngettext(
                    "De aanwezigheid is opgeslagen. %(n)d deelnemer heeft de training voltooid.",
                    "De aanwezigheid is opgeslagen. %(n)d deelnemers hebben de training voltooid.",
                    voltooid,
                )
                % {"n": voltooid},
            )
        return self._terug(editie, "#aanwezigheid")

    def afmelden_view(self, request, pk, inschrijving):
        """Cancel one person's place or waiting place, after a confirmation."""
        editie = self._editie(request, pk)
        inschrijving = get_object_or_404(
            editie.inschrijvingen.select_related("persoon"), pk=inschrijving
        )
        if request.method == "POST" and request.POST.get("bevestigd") == "1":
            had_plaats = inschrijving.status == InschrijvingStatus.INGESCHREVEN
            try:
                services.afmelden(inschrijving)
            except services.NietToegestaan as fout:
                messages.error(request, fout.reden)
            else:
                melding = gettext("%(naam)s is afgemeld en krijgt bericht.") % {
                    "naam": inschrijving.persoon
                }
                if had_plaats:
                    melding += " " + gettext(
                        "De plaats gaat naar de eerste op de wachtlijst, als die er is."
                    )
                messages.success(request, melding)
            return self._terug(editie, "#deelnemers")
        context = self._context(
            request,
            editie,
            gettext("%(naam)s afmelden") % {"naam": inschrijving.persoon},
            inschrijving=inschrijving,
        )
        return TemplateResponse(request, "admin/trainingen/afmelden.html", context)

    def annuleren_view(self, request, pk):
        editie = self._editie(request, pk)
        bezwaar = None if editie.is_geannuleerd else services.waarom_niet_annuleren(editie)
        if bezwaar:
            messages.error(request, bezwaar)
            return self._terug(editie)
        reden = request.POST.get("reden", "").strip()[:300]
        if request.method == "POST" and "\x00" in reden:  # PostgreSQL refuses NUL in text
            messages.error(request, ONGELDIGE_REDEN)
        elif request.method == "POST" and not editie.is_geannuleerd:
            try:
                aantal = services.editie_annuleren(editie, reden=reden)
            except services.NietToegestaan as fout:
                messages.error(request, str(fout))
                return self._terug(editie)
            messages.success(
                request,
                ngettext(
                    "De editie is geannuleerd; %(n)d deelnemer of genodigde krijgt bericht.",
                    "De editie is geannuleerd; %(n)d deelnemers en genodigden krijgen bericht.",
                    aantal,
                )
                % {"n": aantal},
            )
            return self._terug(editie)
        if editie.is_geannuleerd:
            messages.info(request, gettext("Deze editie is al geannuleerd."))
            return self._terug(editie)
        telling = Counter(
            editie.inschrijvingen.exclude(status=InschrijvingStatus.AFGEMELD).values_list(
                "status", flat=True
            )
        )
        context = self._context(
            request,
            editie,
            gettext("Editie annuleren"),
            ingeschreven=telling[InschrijvingStatus.INGESCHREVEN],
            wachtlijst=telling[InschrijvingStatus.WACHTLIJST],
            uitgenodigd=telling[InschrijvingStatus.UITGENODIGD],
        )
        return TemplateResponse(request, "admin/trainingen/annuleren.html", context)

    def groep_view(self, request, pk):
        """A proposed mixed group for the free places; the regisseur ticks whom to place (or
        invite to sign up). A refusal keeps their choice on the page."""
        editie = self._editie(request, pk)
        aantal = request.GET.get("aantal", "")
        aantal = int(aantal) if aantal.isdecimal() else None
        gekozen_ids = None
        if request.method == "POST":
            gekozen_ids = {int(x) for x in request.POST.getlist("persoon") if x.isdecimal()}
            actie = request.POST.get("actie")
            # Only candidates can be chosen (active aandachtsfunctionarissen who need it).
            toegestaan = {k.persoon.pk for k in services.kandidaten(editie)}
            personen = list(
                Persoon.objects.filter(pk__in=gekozen_ids & toegestaan).order_by(
                    "achternaam", "voornaam"
                )
            )
            if not personen and gekozen_ids:
                # A second submit (Back button, another tab): they were placed or invited already.
                messages.error(
                    request,
                    gettext(
                        "De gekozen personen staan al bij deze editie of komen er niet meer voor "
                        "in aanmerking; er is niets veranderd. Zie de deelnemers hieronder."
                    ),
                )
                return self._terug(editie, "#deelnemers")
            if not personen:
                messages.error(request, gettext("Kies minstens één persoon."))
            elif actie == "uitnodigen":
                uitgenodigd = services.uitnodigen(editie, personen)
                if uitgenodigd:
                    messages.success(
                        request,
                        ngettext(
                            "%(n)d persoon is uitgenodigd om zich in te schrijven.",
                            "%(n)d personen zijn uitgenodigd om zich in te schrijven.",
                            uitgenodigd,
                        )
                        % {"n": uitgenodigd},
                    )
                    overgeslagen = len(personen) - uitgenodigd
                    if overgeslagen:
                        messages.warning(
                            request,
                            ngettext(
                                "%(n)d persoon is niet uitgenodigd: die staat al bij deze editie "
                                "of heeft geen e-mailadres.",
                                "%(n)d personen zijn niet uitgenodigd: zij staan al bij deze "
                                "editie of hebben geen e-mailadres.",
                                overgeslagen,
                            )
                            % {"n": overgeslagen},
                        )
                    return self._terug(editie, "#deelnemers")
                messages.error(
                    request,
                    services.waarom_gesloten(editie)
                    or gettext("Niemand uitgenodigd: zij staan al bij deze editie."),
                )
            elif actie == "indelen":
                try:
                    geplaatst = services.indelen(editie, personen)
                except services.NietToegestaan as fout:
                    messages.error(request, fout.reden)
                else:
                    messages.success(
                        request,
                        ngettext(
                            "%(n)d persoon is ingedeeld en krijgt bericht.",
                            "%(n)d personen zijn ingedeeld en krijgen bericht.",
                            len(geplaatst),
                        )
                        % {"n": len(geplaatst)},
                    )
                    return self._terug(editie, "#deelnemers")
            else:
                messages.error(request, gettext("Kies indelen of uitnodigen."))
        voorstel = services.groep_voorstellen(editie, aantal)
        if gekozen_ids is None:
            gekozen_ids = {k.persoon.pk for k in voorstel.gekozen}
        kandidaten = [
            {"kandidaat": k, "voorgesteld": True, "gekozen": k.persoon.pk in gekozen_ids}
            for k in voorstel.gekozen
        ] + [
            {"kandidaat": k, "voorgesteld": False, "gekozen": k.persoon.pk in gekozen_ids}
            for k in voorstel.reserve
        ]
        context = self._context(
            request,
            editie,
            gettext("Groep voorstellen: %(editie)s") % {"editie": editie},
            voorstel=voorstel,
            voorgesteld=kandidaten[: len(voorstel.gekozen)],
            reserve=kandidaten[len(voorstel.gekozen) :],
            aantal=aantal,
            gesloten=services.waarom_gesloten(editie),
        )
        return TemplateResponse(request, "admin/trainingen/groep.html", context)

    # --- reports --------------------------------------------------------------------------------

    def _rapportfilter(self, request, velden):
        if not self._mag(request):
            raise PermissionDenied
        standaard = bevoegdheid.basistraining() or Trainingssoort.objects.first()
        return RapportFilter(request.GET or None, standaard_soort=standaard, velden=velden)

    def nog_te_trainen_view(self, request):
        """Who still needs training, per organisation, with what is planned for them."""
        filter_ = self._rapportfilter(request, ["soort", "organisatie", "domein", "stand"])
        w = filter_.waarden()
        rijen = []
        if w["soort"] is not None:
            rijen = bevoegdheid.overzicht(
                w["soort"], organisatie=w["organisatie"], domein=w["domein"]
            )
        if w["stand"] == "nodig":
            rijen = bevoegdheid.nog_nodig(rijen)
        elif w["stand"] == "bij":
            rijen = [r for r in rijen if r.bevoegdheid.is_bij]
        elif w["stand"] != "alle":
            rijen = [r for r in rijen if r.bevoegdheid.stand == w["stand"]]
        if request.GET.get("formaat") == "csv":
            naam = slugify(w["soort"].naam if w["soort"] else "training")[:60]
            return csv_antwoord(
                bevoegdheid.als_csv(rijen),
                f"nog-te-trainen-{naam}-{timezone.localdate():%Y-%m-%d}.csv",
            )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Wie moet nog getraind worden"),
            "opts": self.opts,
            "filter": filter_,
            "soort": w["soort"],
            "rijen": rijen,
            "aantal_personen": len({r.persoon.pk for r in rijen}),
            "csv_query": _met_formaat(request),
        }
        return TemplateResponse(request, "admin/trainingen/nog_te_trainen.html", context)

    def dekking_view(self, request):
        """Coverage per organisation and per domain: how many are trained, overdue, never."""
        filter_ = self._rapportfilter(request, ["soort", "domein"])
        w = filter_.waarden()
        rijen = (
            bevoegdheid.overzicht(w["soort"], domein=w["domein"]) if w["soort"] is not None else []
        )
        per_org, per_domein, totaal = bevoegdheid.dekking(rijen)
        if request.GET.get("formaat") == "csv":
            naam = slugify(w["soort"].naam if w["soort"] else "training")[:60]
            return csv_antwoord(
                bevoegdheid.dekking_als_csv(w["soort"], per_org, per_domein, totaal),
                f"trainingsdekking-{naam}-{timezone.localdate():%Y-%m-%d}.csv",
            )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Trainingsdekking"),
            "opts": self.opts,
            "filter": filter_,
            "soort": w["soort"],
            "per_organisatie": per_org,
            "per_domein": per_domein,
            "totaal": totaal,
            "csv_query": _met_formaat(request),
        }
        return TemplateResponse(request, "admin/trainingen/dekking.html", context)


def _met_formaat(request) -> str:
    query = request.GET.copy()
    query["formaat"] = "csv"
    return query.urlencode()
