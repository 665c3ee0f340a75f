"""The regisseur's forms for the case meeting. Thin: every rule is checked again by the services,
which refuse with a Dutch reason (``Weigering``)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bijeenkomsten.services import lokaal
from signalen.casusverloop import Doorverwijzing
from signalen.models import Signaal

from . import services
from .models import Besluit, Casusoverleg

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIJD = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class AccountKeuze(forms.ModelMultipleChoiceField):
    """Partner accounts as checkboxes: name, address and their organisations."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, **kwargs):
        self.organisaties: dict[int, list[str]] = {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        naam = obj.get_full_name() or obj.email
        orgs = ", ".join(self.organisaties.get(obj.pk, []))
        return f"{naam} ({orgs})" if orgs else naam


def _accountkeuze(uitgesloten=()) -> AccountKeuze:
    veld = AccountKeuze(
        label=_("Partners uitnodigen"),
        queryset=services.kandidaten().exclude(pk__in=list(uitgesloten)),
        required=False,
        help_text=_(
            "Partneraccounts van organisaties van de gemeente. Zij krijgen de uitnodiging per "
            "e-mail en zien op de pagina van het overleg alleen de punten die met hun "
            "organisatie gedeeld zijn."
        ),
    )
    for user_id, naam in services.partnerorganisaties().values_list("groep__user", "naam"):
        if user_id is not None:
            veld.organisaties.setdefault(user_id, []).append(naam)
    return veld


class TijdenForm(forms.Form):
    titel = forms.CharField(label=_("Titel"), max_length=200, initial=_("Casusoverleg"))
    datum = forms.DateField(label=_("Datum"), widget=DATUM)
    begintijd = forms.TimeField(label=_("Begintijd"), widget=TIJD)
    eindtijd = forms.TimeField(label=_("Eindtijd"), widget=TIJD)
    locatie = forms.CharField(label=_("Plaats"), max_length=250)

    def clean(self):
        gegevens = super().clean()
        datum, begin, eind = (gegevens.get(k) for k in ("datum", "begintijd", "eindtijd"))
        if datum and begin and eind:
            if eind <= begin:
                self.add_error("eindtijd", _("De eindtijd ligt niet na de begintijd."))
            else:
                gegevens["begin"] = lokaal(datum, begin)
                gegevens["einde"] = lokaal(datum, eind)
        return gegevens

    @classmethod
    def van(cls, casusoverleg: Casusoverleg, *args, **kwargs):
        b = casusoverleg.bijeenkomst
        begin, einde = timezone.localtime(b.begin), timezone.localtime(b.einde)
        initial = {
            "titel": b.titel,
            "datum": begin.date(),
            "begintijd": begin.time(),
            "eindtijd": einde.time(),
            "locatie": b.locatie,
        }
        return cls(*args, initial=initial, **kwargs)


class PlanForm(TijdenForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deelnemers"] = _accountkeuze()


class UitnodigForm(forms.Form):
    def __init__(self, *args, casusoverleg: Casusoverleg, **kwargs):
        super().__init__(*args, **kwargs)
        al = casusoverleg.deelnemers.values_list("account_id", flat=True)
        self.fields["deelnemers"] = _accountkeuze(uitgesloten=al)
        self.fields["deelnemers"].required = True


class AnnuleerForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden (staat in het bericht aan de genodigden)"),
        required=False,
        max_length=300,
    )
    bevestigd = forms.BooleanField(
        label=_("Ja, dit overleg gaat niet door"),
        error_messages={"required": _("Vink aan dat het overleg echt niet doorgaat.")},
    )


class AgenderenForm(forms.Form):
    """A signal onto a coming meeting. Any signal may be chosen here: the service refuses one
    that is not in phase casusoverleg, with the reason."""

    casusoverleg = forms.ModelChoiceField(
        label=_("Overleg"), queryset=Casusoverleg.objects.none(), empty_label=None
    )
    signaal = forms.ModelChoiceField(
        label=_("Signaal"),
        queryset=Signaal.objects.filter(geanonimiseerd_op=None),
        to_field_name="referentie",
    )
    terug = forms.ChoiceField(
        choices=[("overleg", "overleg"), ("signaal", "signaal")],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["casusoverleg"].queryset = services.komende_overleggen()
        self.fields["casusoverleg"].label_from_instance = lambda o: str(o.bijeenkomst)


class BesluitForm(forms.Form):
    besluit = forms.ChoiceField(
        label=_("Besluit"),
        choices=Besluit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een besluit.")},
    )
    doorverwezen_naar = forms.ChoiceField(
        label=_("Doorverwezen naar (bij doorverwijzen)"),
        choices=[("", "—"), *Doorverwijzing.choices],
        required=False,
    )
    herzien_op = forms.DateField(
        label=_("Volgende bespreking of herziening"),
        help_text=_("Verplicht bij monitoren: dan komt het signaal terug bij de regisseur."),
        required=False,
        widget=DATUM,
    )


class NotulenForm(forms.Form):
    notulen = forms.CharField(
        label=_("Notulen bij dit signaal"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Alleen te lezen voor de regisseur en de partners met wie dit signaal gedeeld is; "
            "nooit voor de melder."
        ),
    )


class ActieForm(forms.Form):
    omschrijving = forms.CharField(label=_("Actie"), max_length=500)
    eigenaar = forms.ChoiceField(label=_("Wie (organisatie)"))
    uiterlijk = forms.DateField(label=_("Uiterlijk"), widget=DATUM)

    def __init__(self, *args, eigenaren, **kwargs):
        super().__init__(*args, **kwargs)
        self.eigenaren = {str(o.pk): o for o in eigenaren}
        self.fields["eigenaar"].choices = [(str(o.pk), o.naam) for o in eigenaren]

    def clean_eigenaar(self):
        return self.eigenaren[self.cleaned_data["eigenaar"]]
