from django import forms

from .models import Meldingsinstellingen
from .services import velden_voor


class InstellingenForm(forms.ModelForm):
    """The fields the user's role has a say in (``services.velden_voor``)."""

    class Meta:
        model = Meldingsinstellingen
        fields = [
            "bij_hoog",
            "bij_normaal",
            "bij_laag",
            "dagelijks_overzicht",
            "overzicht_om",
            "voortgang_mailen",
        ]
        widgets = {
            "bij_hoog": forms.RadioSelect,
            "bij_normaal": forms.RadioSelect,
            "bij_laag": forms.RadioSelect,
        }

    def __init__(self, *args, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        toegestaan = set(velden_voor(gebruiker))
        for naam in list(self.fields):
            if naam not in toegestaan:
                del self.fields[naam]
