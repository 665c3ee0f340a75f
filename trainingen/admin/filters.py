"""The filters of the trainings pages: the editions list opens on what is coming
(``WanneerFilter``), and the two reports share one filter form (``RapportFilter``).
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kern.beheer import WanneerFilter as BasisWanneerFilter
from netwerk.models import Domein, Organisatie

from .. import geldigheid
from ..models import Trainingssoort


class WanneerFilter(BasisWanneerFilter):
    """The editions list opens on what is coming (an edition without days counts as coming)."""

    def komend(self, queryset):
        vandaag = timezone.localdate()
        return queryset.filter(Q(laatste_dag__gte=vandaag) | Q(laatste_dag__isnull=True))

    def voorbij(self, queryset):
        return queryset.filter(laatste_dag__lt=timezone.localdate())


STAND_KEUZES = [
    ("nodig", _("Nog niet gevolgd of opfrissing te laat")),
    (geldigheid.Stand.GEEN, geldigheid.Stand.LABELS[geldigheid.Stand.GEEN]),
    (geldigheid.Stand.VERLOPEN, geldigheid.Stand.LABELS[geldigheid.Stand.VERLOPEN]),
    (geldigheid.Stand.BINNENKORT, geldigheid.Stand.LABELS[geldigheid.Stand.BINNENKORT]),
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
