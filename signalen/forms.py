import functools

from django import forms
from django.db import connections, router
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kern.ruw import voorbereid_uitvoeren
from netwerk.models import Organisatie, Wijk
from regio.scope import gemeente_of_none

from .casusverloop import VIER_OGEN, Doorverwijzing, Fase, volgende_fasen
from .models import URGENTIE_UITLEG, Betreft, Signaal
from .services import INVOERVELDEN

MAX_TEKST = 5000


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def wijk_keuzes() -> list[tuple[int, str]]:
    """The active gemeente's wijken as (id, naam), by name: the choices of the form's wijk
    field, the same rows and order as ``Wijk.objects.order_by("naam")``.

    Plain SQL, one round trip: it runs on every opening of the signal form, and the ORM's
    choice iterator read them through a server-side cursor (DECLARE, FETCH, CLOSE) after
    compiling the query. Outside one gemeente's scope it asks the ORM, which knows what to do
    there (raise, or read region-wide)."""
    gemeente = gemeente_of_none()
    if gemeente is None:
        return list(Wijk.objects.order_by("naam").values_list("pk", "naam"))
    alias, sql = _wijk_sql()
    verbinding = connections[alias]
    with verbinding.cursor() as cursor:
        voorbereid_uitvoeren(verbinding, cursor, sql, [gemeente])
        return [tuple(rij) for rij in cursor.fetchall()]


@functools.cache
def _wijk_sql() -> tuple[str, str]:
    """The database alias and the SQL (names from the model's meta data, no input)."""
    alias = router.db_for_read(Wijk)
    q = connections[alias].ops.quote_name
    meta = Wijk._meta
    kolom = lambda naam: q(meta.get_field(naam).column)  # noqa: E731
    sql = (
        f"SELECT {kolom('id')}, {kolom('naam')} FROM {q(meta.db_table)} "  # noqa: S608
        f"WHERE {kolom('gemeente')} = %s ORDER BY {kolom('naam')} ASC"
    )
    return alias, sql


class SignaalForm(forms.ModelForm):
    """The reporting form. Everything about the person is optional; what was seen is not."""

    class Meta:
        model = Signaal
        fields = list(INVOERVELDEN)  # one list, shared with signaal_indienen
        labels = {
            "categorie": _("Soort zorg"),
            "waarneming": _("Wat heeft u gezien of gehoord?"),
            "waargenomen_op": _("Wanneer was dat?"),
            "waargenomen_waar": _("Waar was dat?"),
            "betreft": _("Over wie of wat gaat het?"),
            "persoon_naam": _("Naam van de persoon"),
            "persoon_geboortedatum": _("Geboortedatum"),
            "persoon_leeftijd": _("Of: geschatte leeftijd"),
            "omschrijving_betrokkene": _("Omschrijving van de groep of plek"),
            "wijk": _("Wijk"),
            "bekend_bij_zorg": _("Is de persoon of groep bekend bij zorg of GGZ?"),
            "context_school": _("School of werk"),
            "context_gezin": _("Gezin en omgeving"),
            "zorg_melder": _("Wat is uw zorg?"),
            "urgentie": _("Hoe dringend is het?"),
            "melder_organisatie": _("Namens welke organisatie meldt u?"),
        }
        help_texts = {
            "waarneming": _(
                "Beschrijf zo feitelijk mogelijk wat u zag of hoorde: woorden, gedrag, "
                "veranderingen. Uw eigen inschatting kunt u hieronder kwijt."
            ),
            "waargenomen_waar": _("Bijvoorbeeld: op school, in de wijk, online."),
            "persoon_naam": _("Alleen als u die weet. Alle gegevens over de persoon zijn vrij."),
            "persoon_leeftijd": _("Als u de geboortedatum niet weet."),
            "context_school": _("Wat weet u over school, opleiding of werk?"),
            "context_gezin": _("Wat weet u over het gezin, vrienden of de omgeving?"),
            "zorg_melder": _("Waarom maakt u zich zorgen? Wat zou er volgens u moeten gebeuren?"),
        }
        widgets = {
            "waarneming": forms.Textarea(attrs={"rows": 6}),
            "waargenomen_op": DatumInput(),
            "persoon_geboortedatum": DatumInput(),
            "betreft": forms.RadioSelect,
            "omschrijving_betrokkene": forms.Textarea(attrs={"rows": 3}),
            "context_school": forms.Textarea(attrs={"rows": 2}),
            "context_gezin": forms.Textarea(attrs={"rows": 2}),
            "zorg_melder": forms.Textarea(attrs={"rows": 4}),
            "urgentie": forms.RadioSelect,
        }

    def __init__(
        self,
        *args,
        organisaties: list[Organisatie],
        wijken: list[tuple[int, str]] | None = None,
        **kwargs,
    ):
        """``organisaties``: the reporter's (``services.organisaties_van_melder``); ``wijken``:
        the wijk choices as ``wijk_keuzes()`` gives them, read here when not given."""
        super().__init__(*args, **kwargs)
        for naam in ("waarneming", "omschrijving_betrokkene", "context_school", "context_gezin"):
            self.fields[naam].max_length = MAX_TEKST
            self.fields[naam].widget.attrs["maxlength"] = MAX_TEKST
        self.fields["zorg_melder"].max_length = MAX_TEKST
        self.fields["betreft"].choices = Betreft.choices
        self.fields["urgentie"].choices = list(URGENTIE_UITLEG.items())
        wijk = self.fields["wijk"]
        wijk.queryset = Wijk.objects.only("pk", "naam")  # checks a posted wijk
        wijk.empty_label = _("Weet ik niet / niet van toepassing")
        # What the field offers, as its choice iterator would list it, read in one plain query
        # (when not given: when the field is rendered, not for a form that is only checked).
        if wijken is None:
            wijk.choices = lambda: [("", wijk.empty_label), *wijk_keuzes()]
        else:
            wijk.choices = [("", wijk.empty_label), *wijken]
        self.fields["persoon_leeftijd"].widget.attrs.update({"min": 0, "max": 120})
        self.fields["categorie"].choices = [("", _("Kies een soort zorg"))] + list(
            self.fields["categorie"].choices
        )[1:]
        # The organisation comes from the reporter's role: no choice when there is one.
        organisatie = self.fields["melder_organisatie"]
        organisatie.queryset = Organisatie.objects.filter(pk__in=[o.pk for o in organisaties])
        organisatie.empty_label = None
        # Offered as the queryset would list them (by name, as they come), without reading
        # them again; the queryset checks a posted choice.
        organisatie.choices = [(o.pk, str(o)) for o in organisaties]
        if len(organisaties) <= 1:
            organisatie.widget = forms.HiddenInput()
            organisatie.required = False
            if organisaties:
                self.initial.setdefault("melder_organisatie", organisaties[0].pk)
        else:
            organisatie.required = True
        self.organisaties = organisaties

    @staticmethod
    def vaste_sleutel(*, organisaties: list[Organisatie], wijken: list[tuple[int, str]]) -> tuple:
        """Everything the fields of an *unbound* form are made of besides the form class and
        the language (which ``{% bewaard %}`` adds): the gemeente, the reporter's
        organisations and the wijken. Their HTML, kept under this key (signalen/nieuw.html), is
        the same for every reporter with the same organisations in the same gemeente; a new
        or renamed wijk or organisation is a new key."""
        return (
            "signalen.SignaalForm",
            gemeente_of_none(),
            tuple((o.pk, str(o)) for o in organisaties),
            tuple(wijken),
        )

    def clean_waarneming(self):
        tekst = self.cleaned_data["waarneming"].strip()
        if len(tekst) < 10:
            raise forms.ValidationError(
                _("Beschrijf in ten minste een paar woorden wat u zag of hoorde.")
            )
        return tekst

    def _niet_in_toekomst(self, veld):
        datum = self.cleaned_data.get(veld)
        if datum and datum > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return datum

    def clean_waargenomen_op(self):
        return self._niet_in_toekomst("waargenomen_op")

    def clean_persoon_geboortedatum(self):
        datum = self._niet_in_toekomst("persoon_geboortedatum")
        if datum and datum.year < timezone.localdate().year - 120:
            raise forms.ValidationError(_("Controleer het geboortejaar."))
        return datum

    def clean_persoon_leeftijd(self):
        leeftijd = self.cleaned_data.get("persoon_leeftijd")
        if leeftijd is not None and leeftijd > 120:
            raise forms.ValidationError(_("Vul een leeftijd tussen 0 en 120 in."))
        return leeftijd

    def clean(self):
        data = super().clean()
        betreft = data.get("betreft")
        if betreft in (Betreft.GROEP, Betreft.PLEK) and not data.get("omschrijving_betrokkene"):
            self.add_error(
                "omschrijving_betrokkene",
                _("Beschrijf kort om welke groep of plek het gaat."),
            )
        return data


class AanvullingForm(forms.Form):
    antwoord = forms.CharField(
        label=_("Uw antwoord"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_TEKST}),
        max_length=MAX_TEKST,
        error_messages={"required": _("Schrijf uw antwoord op de vraag.")},
    )


class MijnSignalenFilterForm(forms.Form):
    zoek = forms.CharField(label=_("Zoek op referentie"), required=False, max_length=30)
    fase = forms.ChoiceField(
        label=_("Fase"), required=False, choices=[("", _("Alle fasen"))] + Fase.choices
    )
    open = forms.ChoiceField(
        label=_("Toon"),
        required=False,
        choices=[("", _("Alle signalen")), ("open", _("Lopend")), ("dicht", _("Afgesloten"))],
    )


class VerplaatsForm(forms.Form):
    """The regisseur's move in /beheer/. ``van`` is the phase the regisseur saw."""

    van = forms.ChoiceField(choices=Fase.choices, widget=forms.HiddenInput)
    naar = forms.ChoiceField(label=_("Naar fase"))
    doorverwezen_naar = forms.ChoiceField(
        label=_("Doorverwezen naar"),
        required=False,
        choices=[("", "—")] + Doorverwijzing.choices,
        help_text=_("Alleen bij ‘Doorverwezen’."),
    )
    notitie = forms.CharField(
        label=_("Notitie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_TEKST,
        help_text=_("Bij ‘Aanvulling gevraagd’ is dit de vraag aan de melder."),
    )
    herzien_op = forms.DateField(
        label=_("Herzien op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Alleen bij ‘Monitoren’: wanneer u het signaal opnieuw bekijkt."),
    )
    voor_melder = forms.BooleanField(
        label=_("De melder mag deze notitie lezen"),
        required=False,
        help_text=_("Laat uit voor een wegingsnotitie: die ziet alleen de netwerkregisseur."),
    )

    def __init__(self, *args, fase: str, **kwargs):
        super().__init__(*args, **kwargs)
        # ``fase`` is the phase the regisseur saw (the posted ``van`` on a POST), so the
        # choices match the page they filled in; the service checks against the real phase.
        self.initial.setdefault("van", fase)
        # Out of the weging only through a confirmed weging (the weging app, four eyes): the
        # move form offers nothing there.
        volgende = [] if fase in VIER_OGEN else volgende_fasen(fase)
        self.fields["naar"].choices = [(f, Fase(f).label) for f in volgende]
