"""The forms of the regiocoördinator's training pages (config.regio_trainingen): the training,
its days and the places per gemeente. The rules are ``trainingen.regionaal``'s and
``services.dagen_controleren``; these only read and check what was typed."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from regio.models import Gemeente

from . import regionaal, services
from .models import RegionaleEditie

EENREGELIG = ("titel", "locatie", "trainer")


class RegionaleEditieForm(forms.ModelForm):
    soort = forms.ChoiceField(
        label=_("Soort training"),
        choices=[("", "---------"), *regionaal.SOORT_KEUZES],
        help_text=_(
            "Elke gemeente krijgt een editie van haar eigen soort met deze naam: een "
            "basistraining of terugkomdag telt mee voor wie getraind is in die gemeente."
        ),
    )

    class Meta:
        model = RegionaleEditie
        fields = ["soort", "titel", "locatie", "trainer", "omschrijving"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The kind is fixed once offered: each gemeente's enrolments count for it.
            del self.fields["soort"]

    def clean(self):
        gegevens = super().clean()
        for veld in EENREGELIG:
            if any(c in (gegevens.get(veld) or "") for c in "\r\n\t"):
                self.add_error(veld, _("Eén regel tekst, zonder regeleinden."))
        return gegevens


class DagForm(forms.Form):
    dag = forms.IntegerField(required=False, widget=forms.HiddenInput)
    datum = forms.DateField(
        label=_("Datum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    begintijd = forms.TimeField(
        label=_("Begintijd"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    eindtijd = forms.TimeField(
        label=_("Eindtijd"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    verwijderen = forms.BooleanField(label=_("Deze dag verwijderen"), required=False)

    def clean(self):
        gegevens = super().clean()
        ingevuld = [gegevens.get(v) for v in ("datum", "begintijd", "eindtijd")]
        if any(ingevuld) and not all(ingevuld):
            raise ValidationError(_("Vul datum, begintijd en eindtijd in."))
        if all(ingevuld) and gegevens["eindtijd"] <= gegevens["begintijd"]:
            self.add_error("eindtijd", _("De eindtijd ligt niet na de begintijd."))
        return gegevens


class BaseDagenFormSet(forms.BaseFormSet):
    """The days: rows left empty are ignored; a day that has begun is shown, not changed."""

    def __init__(self, *args, bestaand=(), **kwargs):
        self.bestaand = {dag.pk: dag for dag in bestaand}
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        # Every row is read, whatever the management form says of initial rows: an unchanged
        # row of an existing day must not be skipped as an empty extra one.
        return super()._construct_form(i, **{**kwargs, "empty_permitted": False})

    def clean(self):
        if any(self.errors):
            return
        nieuw, gewijzigd, weg, blijft, verplaatst = [], {}, [], [], []
        for form in self.forms:
            g = form.cleaned_data
            pk = g.get("dag")
            if pk and pk not in self.bestaand:
                raise ValidationError(
                    _("Een dag van deze training is intussen verwijderd. Laad de pagina opnieuw.")
                )
            dag = self.bestaand.get(pk)
            if dag is not None and regionaal.dag_is_begonnen(dag):
                blijft.append((dag.datum, dag.begintijd, dag.eindtijd))
                continue  # history: its fields are disabled and not read
            tijden = (g.get("datum"), g.get("begintijd"), g.get("eindtijd"))
            if dag is not None and (g.get("verwijderen") or not all(tijden)):
                weg.append(dag.pk)
                continue
            if not all(tijden) or g.get("verwijderen"):
                continue
            blijft.append(tijden)
            if dag is None:
                nieuw.append(tijden)
                verplaatst.append(tijden)
            elif tijden != (dag.datum, dag.begintijd, dag.eindtijd):
                gewijzigd[dag.pk] = tijden
                verplaatst.append(tijden)
        if not blijft:
            raise ValidationError(_("Geef minstens één dag op: datum, begintijd en eindtijd."))
        fouten = services.dagen_controleren(verplaatst, blijft)
        if fouten:
            raise ValidationError(fouten)
        self.dagen = regionaal.RegionaleDagen(nieuw=nieuw, gewijzigd=gewijzigd, weg=weg)


DagenFormSet = forms.formset_factory(DagForm, formset=BaseDagenFormSet, extra=0)


def dagen_formset(data=None, editie: RegionaleEditie | None = None, extra: int = 1):
    """The days' rows: each existing day (a day that has begun read-only) and ``extra`` empty
    rows."""
    bestaand = list(editie.dagen.order_by("volgnummer")) if editie else []
    initial = [
        {"dag": d.pk, "datum": d.datum, "begintijd": d.begintijd, "eindtijd": d.eindtijd}
        for d in bestaand
    ] + [{} for _ in range(extra)]
    formset = DagenFormSet(data, initial=initial, prefix="dagen", bestaand=bestaand)
    for form, dag in zip(formset.forms, bestaand, strict=False):
        if regionaal.dag_is_begonnen(dag):
            for veld in form.fields.values():
                veld.disabled = True
            form.begonnen = True
    return formset


class AanbodForm(forms.Form):
    """The places per gemeente: a number offers the training to that gemeente, empty (or 0)
    does not. ``alle`` fills every gemeente left empty."""

    alle = forms.IntegerField(
        label=_("Plaatsen voor elke gemeente die hieronder leeg is"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_(
            "Handig om alle gemeenten hetzelfde aantal te geven; vul anders per gemeente in."
        ),
    )
    bevestigen = forms.BooleanField(
        label=_(
            "Ja, haal deze gemeenten uit het aanbod: hun editie wordt geannuleerd en wie zich "
            "had ingeschreven of op de wachtlijst stond krijgt bericht."
        ),
        required=False,
    )

    def __init__(self, *args, gemeenten, huidig: dict[int, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.gemeenten = list(gemeenten)
        self.huidig = huidig or {}
        for gemeente in self.gemeenten:
            self.fields[f"g{gemeente.pk}"] = forms.IntegerField(
                label=gemeente.naam,
                required=False,
                min_value=0,
                max_value=500,
                initial=self.huidig.get(gemeente.pk),
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
            )
        if not self.huidig:
            del self.fields["bevestigen"]
        # Offered before to a gemeente that is no longer in the list (made inactive since):
        # no row of the form, and kept as it is; it is not taken out unasked.
        rijen = {g.pk for g in self.gemeenten}
        self.vast = {pk: n for pk, n in self.huidig.items() if pk not in rijen}
        self.vaste_namen = (
            list(Gemeente.objects.filter(pk__in=self.vast).values_list("naam", flat=True))
            if self.vast
            else []
        )

    def rijen(self):
        return [(gemeente, self[f"g{gemeente.pk}"]) for gemeente in self.gemeenten]

    def clean(self):
        gegevens = super().clean()
        if self.errors:
            return gegevens
        alle = gegevens.get("alle")
        aanbod = {}
        for gemeente in self.gemeenten:
            getypt = gegevens.get(f"g{gemeente.pk}")
            # Empty takes "alle"; a 0 typed means: not this gemeente.
            plaatsen = alle if getypt is None else getypt
            if plaatsen:
                aanbod[gemeente.pk] = plaatsen
        if not aanbod:
            raise ValidationError(
                _("Bied de training aan minstens één gemeente aan: geef plaatsen op.")
            )
        eruit = [g.naam for g in self.gemeenten if g.pk in self.huidig and g.pk not in aanbod]
        if eruit and not gegevens.get("bevestigen"):
            self.add_error(
                "bevestigen",
                _("U haalt %(gemeenten)s uit het aanbod. Vink dit aan om dat te bevestigen.")
                % {"gemeenten": ", ".join(eruit)},
            )
        self.aanbod = {**aanbod, **self.vast} if aanbod else aanbod
        return gegevens
