"""The professional's forms for trainings: searching the offer, and the sign-up / cancel buttons
(on the edition page and on the personal link's page)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Trainingssoort


class AanbodFilterForm(forms.Form):
    zoek = forms.CharField(label=_("Zoek op training of plaats"), required=False, max_length=100)
    soort = forms.ModelChoiceField(
        label=_("Soort training"),
        queryset=Trainingssoort.objects.none(),
        required=False,
        empty_label=_("Alle soorten"),
    )

    def __init__(self, *args, soorten=None, **kwargs):
        super().__init__(*args, **kwargs)
        if soorten is not None:
            self.fields["soort"].queryset = soorten


class Actie:
    INSCHRIJVEN = "inschrijven"
    AFMELDEN = "afmelden"


class ActieForm(forms.Form):
    """One button's POST. Cancelling frees the place for someone else, so it asks to be sure:
    without the tick nothing happens."""

    actie = forms.ChoiceField(
        choices=[(Actie.INSCHRIJVEN, _("Inschrijven")), (Actie.AFMELDEN, _("Afmelden"))],
        widget=forms.HiddenInput,
    )
    bevestigd = forms.BooleanField(label=_("Ja, ik meld mij af"), required=False)

    def clean(self):
        gegevens = super().clean()
        if gegevens.get("actie") == Actie.AFMELDEN and not gegevens.get("bevestigd"):
            self.add_error(
                "bevestigd",
                _("Vink ‘Ja, ik meld mij af’ aan als u zich echt wilt afmelden."),
            )
        return gegevens
