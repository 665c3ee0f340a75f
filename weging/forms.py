"""The forms of the weging's pages. Thin: every rule is checked again by the services, which
refuse with a Dutch reason (``Weigering``)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from signalen.casusverloop import Doorverwijzing

from .models import Antwoord, Uitkomst, Weging

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# How many years back the report's picker goes.
JAREN_TERUG = 10


class WegingForm(forms.Form):
    """The concept of a weging: per indicator the answer and a short explanation (fields
    ``antwoord_<indicator>`` and ``toelichting_<indicator>``), the partner organisations that
    take part, the outcome and its reasoning."""

    deelnemers = forms.ModelMultipleChoiceField(
        label=_("Deelnemende partnerorganisaties"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Alleen organisaties waarmee het signaal nu gedeeld is onder een convenant dat van "
            "kracht is. Een partner van een deelnemende organisatie kan de weging bevestigen."
        ),
        error_messages={
            "invalid_choice": _(
                "Deze organisatie kan niet deelnemen: alleen een organisatie waarmee het signaal "
                "nu gedeeld is onder een geldig convenant."
            ),
        },
    )
    uitkomst = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=Uitkomst.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    onderbouwing = forms.CharField(
        label=_("Onderbouwing van de uitkomst"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Waarom deze uitkomst, in een paar zinnen. Nooit zichtbaar voor de melder."),
    )
    doorverwezen_naar = forms.ChoiceField(
        label=_("Doorverwijzen naar (bij zorg buiten radicalisering)"),
        choices=[("", "—"), *Doorverwijzing.choices],
        required=False,
    )
    herzien_op = forms.DateField(
        label=_("Herzien op (bij monitoren)"),
        required=False,
        widget=DATUM,
        help_text=_("Op die dag krijgen de regisseurs een herinnering om opnieuw te kijken."),
    )

    def __init__(self, *args, weging: Weging, beoordelingen, deelnemers_mogelijk, **kwargs):
        initial = {
            "deelnemers": list(weging.deelnames.values_list("organisatie_id", flat=True)),
            "uitkomst": weging.uitkomst,
            "onderbouwing": weging.onderbouwing,
            "doorverwezen_naar": weging.doorverwezen_naar,
            "herzien_op": weging.herzien_op,
        }
        for b in beoordelingen:
            initial[f"antwoord_{b.indicator_id}"] = b.antwoord
            initial[f"toelichting_{b.indicator_id}"] = b.toelichting
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["deelnemers"].queryset = deelnemers_mogelijk
        self.indicatoren = []
        for b in beoordelingen:
            self.fields[f"antwoord_{b.indicator_id}"] = forms.ChoiceField(
                label=b.indicator_tekst,
                choices=Antwoord.choices,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "antwoord"}),
                help_text=b.indicator.uitleg,
            )
            self.fields[f"toelichting_{b.indicator_id}"] = forms.CharField(
                label=_("Toelichting"),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.indicatoren.append(b)

    def groepen(self):
        """For the template: per group of the kader, per indicator its two fields."""
        uit: list[tuple[str, list]] = []
        for b in self.indicatoren:
            naam = b.indicator.groep.naam
            if not uit or uit[-1][0] != naam:
                uit.append((naam, []))
            uit[-1][1].append(
                (self[f"antwoord_{b.indicator_id}"], self[f"toelichting_{b.indicator_id}"])
            )
        return uit

    def antwoorden(self) -> dict[int, tuple[str, str]]:
        return {
            b.indicator_id: (
                self.cleaned_data.get(f"antwoord_{b.indicator_id}") or "",
                self.cleaned_data.get(f"toelichting_{b.indicator_id}") or "",
            )
            for b in self.indicatoren
        }


class TerugsturenForm(forms.Form):
    reden = forms.CharField(
        label=_("Waarom stuurt u de weging terug?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf waarom u de weging terugstuurt.")},
    )


class JaarKeuze(forms.Form):
    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int)

    def __init__(self, data, *, vandaag: date):
        super().__init__(data)
        self.vandaag = vandaag
        jaren = range(vandaag.year, vandaag.year - JAREN_TERUG, -1)
        self.fields["jaar"].choices = [(j, str(j)) for j in jaren]
        self.fields["jaar"].initial = vandaag.year

    def gekozen(self) -> int:
        """The chosen year; a missing or wrong one is this year."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["jaar"]
        return self.vandaag.year


class OvernemenForm(forms.Form):
    kader = forms.IntegerField(widget=forms.HiddenInput)
