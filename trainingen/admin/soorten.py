"""Kinds of training in /beheer/: what they are for, for which domains, how long they stay
valid and which kind renews which. The basic training and the terugkomdag carry the rules and
are never deleted.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.validators import MinValueValidator
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kern.beheer import RegisseurAdmin
from netwerk.models import Domein

from ..models import EditieStatus, Trainingssoort


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
