from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from . import rollen, services


class AccountAanmakenForm(forms.ModelForm):
    """Admin form: create an account with one role; the password is set by its owner."""

    rol = forms.ChoiceField(label=_("Rol"))

    class Meta:
        model = get_user_model()
        fields = ["email", "first_name", "last_name"]

    def __init__(self, *args, door=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.door = door
        self.fields["rol"].choices = [
            (r, rollen.ROL_LABELS[r]) for r in services.rollen_die_mag_toekennen(door)
        ]
        self.fields["email"].help_text = _(
            "Naar dit adres gaat een e-mail met een link om een wachtwoord in te stellen."
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().alle_accounts.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Er bestaat al een account met dit e-mailadres."))
        return email


class AccountWijzigenForm(forms.ModelForm):
    rol = forms.ChoiceField(label=_("Rol"), required=False)

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name"]

    def __init__(self, *args, door=None, **kwargs):
        super().__init__(*args, **kwargs)
        toegestaan = services.rollen_die_mag_toekennen(door)
        huidige = sorted(rollen.rollen_van(self.instance))
        self.initial["rol"] = huidige[0] if huidige else ""
        keuzes = [("", _("(geen rol)"))] + [(r, rollen.ROL_LABELS[r]) for r in toegestaan]
        if huidige and huidige[0] not in toegestaan:
            self.fields["rol"].disabled = True
            keuzes.append((huidige[0], rollen.ROL_LABELS[huidige[0]]))
        self.fields["rol"].choices = keuzes


class EmailWijzigenForm(forms.Form):
    """The beheerder (or the regisseur, for a professional or partner) gives an account another
    login address; ``accounts.services.email_wijzigen`` does the work."""

    email = forms.EmailField(
        label=_("Nieuw e-mailadres"),
        max_length=254,
        help_text=_(
            "Het oude adres krijgt hierover bericht en de gebruiker wordt overal uitgelogd."
        ),
    )
    gecontroleerd = forms.BooleanField(
        label=_("Ik heb bij de gebruiker zelf nagegaan dat dit nieuwe adres van hem of haar is."),
        error_messages={"required": _("Vink aan dat u het nieuwe adres hebt nagegaan.")},
    )
