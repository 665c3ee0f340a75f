"""The wegingskader in /beheer/: the regisseur's alone (``kern.beheer.RegisseurAdmin``).

A kader's page holds its groups (name and order); a group's page its indicators (text,
explanation, order, active). One kader is in use at a time: "In gebruik nemen" (an action,
``weging.kaders.kader_activeren``), never a checkbox. "Gedeeld in de regio" lets the other
gemeenten see and copy it (``/weging/kaders/``, linked from the list). What a weging used is
never deleted: a used indicator is switched off, a used kader put out of use (the database
protects them too).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kern.beheer import RegieTabularInline, RegisseurAdmin
from kern.fouten import Weigering

from . import kaders
from .models import Beoordeling, Indicator, Indicatorgroep, Wegingskader

GEBRUIKT = _(
    "‘%(naam)s’ is al gebruikt in een weging en blijft bewaard; zet de indicator(en) op niet "
    "actief in plaats van te verwijderen."
)


class _NietVerwijderenWatGebruiktIs(forms.ModelForm):
    """Deleting a row that a weging used (an indicator, or a group holding one) is refused
    with the reason, before the admin's own check of protected objects (which would name the
    answers that protect it)."""

    def gebruikt(self) -> bool:
        raise NotImplementedError

    def clean(self):
        gegevens = super().clean()
        if gegevens.get("DELETE") and self.instance.pk and self.gebruikt():
            gegevens["DELETE"] = False
            raise ValidationError(GEBRUIKT % {"naam": self.instance})
        return gegevens


class IndicatorForm(_NietVerwijderenWatGebruiktIs):
    def gebruikt(self) -> bool:
        return kaders.indicator_gebruikt(self.instance.pk)


class GroepForm(_NietVerwijderenWatGebruiktIs):
    def gebruikt(self) -> bool:
        return Beoordeling.objects.filter(indicator__groep=self.instance).exists()


class IndicatorgroepInline(RegieTabularInline):
    model = Indicatorgroep
    form = GroepForm
    extra = 1
    fields = ["naam", "volgorde", "indicatoren_link"]
    readonly_fields = ["indicatoren_link"]
    verbose_name = _("groep indicatoren")
    verbose_name_plural = _("groepen indicatoren (de indicatoren zelf bewerkt u per groep)")

    @admin.display(description=_("indicatoren"))
    def indicatoren_link(self, obj):
        if not obj.pk:
            return gettext("eerst opslaan")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:weging_indicatorgroep_change", args=[obj.pk]),
            gettext("Indicatoren bewerken"),
        )


@admin.register(Wegingskader)
class WegingskaderAdmin(RegisseurAdmin):
    list_display = [
        "naam",
        "actief",
        "gedeeld_in_regio",
        "aantal_indicatoren",
        "aantal_wegingen",
        "overgenomen_van",
    ]
    list_filter = ["actief", "gedeeld_in_regio"]
    fields = ["naam", "omschrijving", "gedeeld_in_regio", "actief", "overgenomen_van", "overzicht"]
    readonly_fields = ["actief", "overgenomen_van", "overzicht"]
    inlines = [IndicatorgroepInline]
    actions = ["in_gebruik_nemen"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_indicatoren=Count(
                    "groepen__indicatoren",
                    filter=Q(groepen__indicatoren__actief=True),
                    distinct=True,
                ),
                n_wegingen=Count("wegingen", distinct=True),
            )
        )

    @admin.display(description=_("actieve indicatoren"), ordering="n_indicatoren")
    def aantal_indicatoren(self, obj):
        return getattr(obj, "n_indicatoren", None)

    @admin.display(description=_("wegingen"), ordering="n_wegingen")
    def aantal_wegingen(self, obj):
        return getattr(obj, "n_wegingen", None)

    @admin.display(description=_("overzicht"))
    def overzicht(self, obj):
        if not obj.pk:
            return "—"
        groepen = obj.groepen.prefetch_related("indicatoren")
        return format_html_join(
            "",
            "<p><strong>{}</strong></p><ol>{}</ol>",
            (
                (
                    g.naam,
                    format_html_join(
                        "",
                        "<li>{}{}</li>",
                        (
                            (i.tekst, "" if i.actief else gettext(" (niet actief)"))
                            for i in g.indicatoren.all()
                        ),
                    ),
                )
                for g in groepen
            ),
        )

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.actief or kaders.kader_gebruikt(obj)):
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("In gebruik nemen voor nieuwe wegingen"))
    def in_gebruik_nemen(self, request, queryset):
        gekozen = list(queryset[:2])
        if len(gekozen) != 1:
            self.message_user(
                request, gettext("Kies één kader om in gebruik te nemen."), messages.WARNING
            )
            return
        try:
            kader = kaders.kader_activeren(kader=gekozen[0])
        except Weigering as fout:
            self.message_user(request, fout.reden, messages.ERROR)
            return
        self.message_user(
            request,
            gettext("‘%(kader)s’ is nu het wegingskader voor nieuwe wegingen.") % {"kader": kader},
            messages.SUCCESS,
        )


class IndicatorInline(RegieTabularInline):
    model = Indicator
    form = IndicatorForm
    extra = 2
    fields = ["tekst", "uitleg", "volgorde", "actief"]


@admin.register(Indicatorgroep)
class IndicatorgroepAdmin(RegisseurAdmin):
    list_display = ["naam", "kader", "volgorde"]
    list_filter = ["kader"]
    list_select_related = ["kader"]
    fields = ["kader", "naam", "volgorde"]
    inlines = [IndicatorInline]

    def get_readonly_fields(self, request, obj=None):
        return ["kader"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        if obj is not None and Beoordeling.objects.filter(indicator__groep=obj).exists():
            return False
        return super().has_delete_permission(request, obj)
