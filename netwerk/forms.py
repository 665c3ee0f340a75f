from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm

from accounts import rollen
from regio.scope import huidige_gemeente_id

from . import selectors, toegang
from .models import (
    ContactSoort,
    Convenant,
    ConvenantStatus,
    Domein,
    Netwerk,
    Organisatie,
    SignaalCategorie,
    Wijk,
)

MAX_IMPORT_MB = 5


class SmoelenboekZoekForm(forms.Form):
    zoek = forms.CharField(
        label=_("Zoek op naam, organisatie of functie"), required=False, max_length=100
    )
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisatie.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )
    domein = forms.ChoiceField(
        label=_("Domein"), required=False, choices=[("", _("Alle"))] + Domein.choices
    )
    wijk = forms.ModelChoiceField(
        label=_("Wijk"), queryset=Wijk.objects.none(), required=False, empty_label=_("Alle")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only organisations somebody in the directory works for: an organisation whose only
        # aandachtsfunctionaris is a key person must not show up here either.
        self.fields["organisatie"].queryset = Organisatie.objects.filter(
            pk__in=selectors.smoelenboek().values("organisatie")
        ).only("pk", "naam")
        self.fields["wijk"].queryset = Wijk.objects.only("pk", "naam")


# --- /beheer/: intermediate forms of admin actions --------------------------------------------


class AccountGevenForm(forms.Form):
    rol = forms.ChoiceField(
        label=_("Rol"),
        choices=[
            (rollen.PROFESSIONAL, rollen.ROL_LABELS[rollen.PROFESSIONAL]),
            (rollen.PARTNER, rollen.ROL_LABELS[rollen.PARTNER]),
        ],
    )


class NetwerkToevoegenForm(forms.Form):
    netwerk = forms.ModelChoiceField(
        label=_("Netwerk"), queryset=Netwerk.objects.filter(actief=True)
    )
    sinds = forms.DateField(
        label=_("Lid sinds"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )


class ContactmomentenForm(forms.Form):
    datum = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    soort = forms.ChoiceField(label=_("Soort"), choices=ContactSoort.choices)
    notitie = forms.CharField(label=_("Korte notitie"), required=False, max_length=500)


# --- /beheer/: import and export in Dutch ----------------------------------------------------


class RegieImportForm(ImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["import_file"].label = _("Bestand")
        self.fields["import_file"].help_text = _(
            "Een CSV-bestand (komma of puntkomma) of een Excel-bestand (.xlsx), met in de "
            "eerste rij de kolomnamen. Hoogstens %(mb)d MB."
        ) % {"mb": MAX_IMPORT_MB}
        self.fields["import_file"].widget.attrs["accept"] = ".csv,.xlsx,.txt"
        self.fields["format"].label = _("Soort bestand")
        self.fields["resource"].label = _("Soort gegevens")

    def clean_import_file(self):
        bestand = self.cleaned_data["import_file"]
        if bestand.size > MAX_IMPORT_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("Het bestand is groter dan %(mb)d MB. Splits het in kleinere bestanden.")
                % {"mb": MAX_IMPORT_MB}
            )
        return bestand


class RegieBevestigForm(ConfirmImportForm):
    """The confirm step under the preview. The tick is shown, and asked for by the import
    itself (``RegieResource.import_data``), only when the import changes a name."""

    namen_gecontroleerd = forms.BooleanField(
        label=_("Ik heb de naamswijzigingen gecontroleerd"),
        required=False,
        # Shown only when a name changes, and then the browser asks for it too.
        widget=forms.CheckboxInput(attrs={"required": True}),
    )
    # A large import's job (netwerk.resources.achtergrond): the import then runs there too.
    taak = forms.CharField(widget=forms.HiddenInput(), required=False, max_length=64)


ACHTERGROND_WEGLATEN = "achtergrond_weglaten"


class RegieExportForm(ExportForm):
    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].label = _("Soort bestand")
        self.fields["format"].choices = [
            (str(i), getattr(f, "label", None) or f().get_title()) for i, f in enumerate(formats)
        ]
        self.fields["format"].initial = "0"
        self.fields["resource"].label = _("Soort gegevens")
        if any(getattr(r, "achtergrond_keuze", False) for r in resources):
            # Key persons "op de achtergrond" are known to the regisseur alone: a file that
            # leaves the office leaves them out unless she chooses otherwise.
            self.fields[ACHTERGROND_WEGLATEN] = forms.BooleanField(
                label=_("Sleutelpersonen ‘op de achtergrond’ weglaten"),
                help_text=_(
                    "Aangevinkt: wie op de achtergrond wil blijven, staat niet in het bestand. "
                    "Vink alleen uit als het bestand bij u blijft."
                ),
                required=False,
                initial=True,
            )


def _https_standaard(db_field, **kwargs):
    """Web addresses typed without a scheme are https (Django 6's default, already now)."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class PartneraccountsVeld(forms.ModelMultipleChoiceField):
    """Each account with the organisations it already belongs to, so a second one shows."""

    def label_from_instance(self, user):
        naam = user.get_full_name() or user.email
        if user.gemeente_id != huidige_gemeente_id() and user.gemeente is not None:
            naam = _("%(naam)s (van gemeente %(gemeente)s)") % {
                "naam": naam,
                "gemeente": user.gemeente.naam,
            }
        elders = [g.organisatie.naam for g in user.groups.all() if hasattr(g, "organisatie")]
        if elders:
            return _("%(naam)s <%(email)s> — nu bij: %(orgs)s") % {
                "naam": naam,
                "email": user.email,
                "orgs": ", ".join(elders),
            }
        return f"{naam} <{user.email}>"


class OrganisatieForm(forms.ModelForm):
    """The organisation, with the partner accounts that belong to it (its group)."""

    partneraccounts = PartneraccountsVeld(
        label=_("Partneraccounts van deze organisatie"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Accounts met de rol Partner die bij deze organisatie horen. Zij zien de signalen die "
            "onder een convenant met deze organisatie zijn gedeeld. Haalt u iemand weg, dan "
            "verliest die direct de toegang."
        ),
    )

    partner_uit_regio = forms.EmailField(
        label=_("Partneraccount uit een andere gemeente toevoegen"),
        required=False,
        help_text=_(
            "Werkt deze organisatie ook voor andere gemeenten van de regio (de politie, een "
            "Veiligheidshuis), dan kunt u een partneraccount van die gemeente hier toevoegen met "
            "het e-mailadres. Het ziet dan ook wat deze gemeente onder haar eigen convenant met "
            "deze organisatie deelt, met de naam van deze gemeente erbij."
        ),
    )

    class Meta:
        model = Organisatie
        formfield_callback = _https_standaard
        fields = [
            "naam", "domein", "email", "telefoon", "website", "opmerkingen", "actief",
            "is_gemeente",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "partneraccounts"
        ].queryset = toegang.partneraccounts_te_kiezen().prefetch_related(
            Prefetch("groups", queryset=Group.objects.select_related("organisatie"))
        )
        if self.instance.pk and self.instance.groep_id:
            self.initial["partneraccounts"] = list(
                self.instance.groep.user_set.values_list("pk", flat=True)
            )

    def clean_partner_uit_regio(self):
        email = self.cleaned_data.get("partner_uit_regio")
        if not email:
            return None
        account = toegang.partneraccount_in_regio(email)
        if account is None:
            raise forms.ValidationError(
                _("Er is in de regio geen actief partneraccount met dit e-mailadres.")
            )
        return account

    def alle_partneraccounts(self) -> list:
        """The accounts ticked, and the one added from another gemeente."""
        accounts = list(self.cleaned_data.get("partneraccounts", []))
        extra = self.cleaned_data.get("partner_uit_regio")
        if extra is not None and extra.pk not in {a.pk for a in accounts}:
            accounts.append(extra)
        return accounts


class ConvenantForm(forms.ModelForm):
    categorieen_keuze = forms.MultipleChoiceField(
        label=_("Categorieën van signalen"),
        choices=SignaalCategorie.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Alleen signalen van deze categorieën mogen onder dit convenant gedeeld worden."
        ),
    )

    class Meta:
        model = Convenant
        fields = [
            "naam", "doel", "status", "geldig_van", "geldig_tot", "melder_identiteit_delen",
            "document",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["categorieen_keuze"] = list(
                self.instance.categorieen.values_list("categorie", flat=True)
            )

    def clean(self):
        data = super().clean()
        if data.get("status") == ConvenantStatus.VAN_KRACHT and not data.get("categorieen_keuze"):
            self.add_error(
                "categorieen_keuze",
                _("Kies minstens één categorie: zonder categorie mag er niets gedeeld worden."),
            )
        return data
