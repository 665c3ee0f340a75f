"""The site's form markup (kern.templatetags.formulieren): what a user of a screen reader, a
keyboard or a plain browser gets from ``{% veld %}`` and ``{% formulier %}``."""

import re
from datetime import date

import pytest
from django import forms
from django.template import Context, Template
from django.utils.translation import gettext_lazy as _lazy

KEUZES = [("ja", "Ja, ik kom"), ("nee", "Nee <b>niet</b>")]


class Voorbeeld(forms.Form):
    antwoord = forms.ChoiceField(label="Komt u?", choices=KEUZES, widget=forms.RadioSelect)
    wijk = forms.ChoiceField(
        label="Wijk", choices=[("", "—"), ("1", "Tanthof"), ("2", "Voorhof")], required=False
    )
    tekst = forms.CharField(label="Tekst", help_text="Hoogstens <500> tekens", max_length=5)
    akkoord = forms.BooleanField(label="Ik ben het eens")
    geheim = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("Er ging iets mis met het geheel.")


def _render(form, sjabloon="{% load formulieren %}{% formulier form %}") -> str:
    return Template(sjabloon).render(Context({"form": form}))


def test_een_leeg_formulier_heeft_labels_keuzes_en_uitleg():
    html = _render(Voorbeeld())
    assert '<legend class="form-label fs-6 requiredField">Komt u?' in html
    assert 'id="id_antwoord_0"' in html and '<label for="id_antwoord_0"' in html
    assert 'class="form-check-input"' in html
    assert "Nee &lt;b&gt;niet&lt;/b&gt;" in html  # a label is text, never markup
    assert re.search(r'<select name="wijk"[^>]*class="form-select"', html)
    assert '<option value="2">Voorhof</option>' in html
    assert 'id="id_tekst_helptext" class="form-text">Hoogstens &lt;500&gt; tekens' in html
    assert 'aria-describedby="id_tekst_helptext"' in html
    assert '<input type="hidden" name="geheim"' in html
    assert "is-invalid" not in html and "alert" not in html


def test_fouten_staan_bij_hun_veld_en_zijn_gekoppeld():
    form = Voorbeeld(data={"antwoord": "x", "wijk": "2", "tekst": "te lang", "geheim": "g"})
    html = _render(form)
    assert "Er ging iets mis met het geheel." in html  # the form's own error, at the top
    # The radio group: each choice invalid, the fieldset points at the error.
    assert 'aria-describedby="id_antwoord_error"' in html
    assert html.count('class="form-check-input is-invalid"') == 3  # two choices and the box
    assert '<div id="id_antwoord_error" class="invalid-feedback d-block">' in html
    # A text field: invalid, described by its help text and its error, the value kept.
    tekst = re.search(r"<input[^>]*name=\"tekst\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in tekst and "is-invalid" in tekst
    assert 'aria-describedby="id_tekst_helptext id_tekst_error"' in tekst
    assert 'value="te lang"' in tekst
    # The chosen option stays chosen.
    assert '<option value="2" selected>Voorhof</option>' in html
    assert 'Ik ben het eens<span class="asteriskField">*</span>' in html


def test_een_los_veld():
    html = _render(Voorbeeld(), "{% load formulieren %}{% veld form.wijk %}")
    assert html.startswith('<div id="div_id_wijk" class="mb-3"><label for="id_wijk"')
    assert "asteriskField" not in html  # not required


def test_snelle_keuzelijst_schrijft_hetzelfde_als_django():
    """The one-pass select of many options: the same options, the choice kept, names escaped."""
    from kern.widgets import SnelleKeuzelijst

    keuzes = [("", "Alle organisaties"), (1, "Politie"), (2, "School <De Brug> & Co")]
    snel = SnelleKeuzelijst(choices=keuzes).render("organisatie", 2, {"id": "id_organisatie"})
    gewoon = forms.Select(choices=keuzes).render("organisatie", 2, {"id": "id_organisatie"})
    opties = re.compile(r"<option[^>]*>[^<]*</option>")
    assert opties.findall(snel) == [o.replace("\n", "") for o in opties.findall(gewoon)]
    assert '<option value="2" selected>School &lt;De Brug&gt; &amp; Co</option>' in snel
    assert re.match(
        r'<select (id="id_organisatie" name="organisatie"|name="organisatie" id="id_organisatie")>',
        snel,
    )


# --- The widgets written in Python: the same HTML as Django's own templates --------------------


def _gelijk_aan_django(widget, naam, waarde, attrs=None):
    """The HTML ``{% veld %}`` writes for a widget, beside what Django's templates write."""
    from django.forms.renderers import get_default_renderer

    from kern.templatetags.formulieren import snel_te_schrijven, widget_html

    renderer = get_default_renderer()
    assert snel_te_schrijven(widget, renderer)
    snel = widget_html(widget, naam, waarde, dict(attrs or {}), renderer)
    django = widget.render(naam, waarde, dict(attrs or {}), renderer)
    return snel, django


@pytest.mark.parametrize(
    ("widget", "waarde"),
    [
        (
            forms.TextInput(attrs={"maxlength": 250, "placeholder": 'a "quote" & <b>'}),
            "x <y> & 'z'",
        ),
        (forms.TextInput(), None),
        (forms.NumberInput(attrs={"min": 0, "max": 120}), 42),
        (forms.EmailInput(), "iemand@voorbeeld.nl"),
        (forms.PasswordInput(render_value=False), "geheim"),
        (forms.HiddenInput(), "verborgen & <tekst>"),
        (forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}), date(2024, 2, 29)),
        (forms.CheckboxInput(), True),
        (forms.CheckboxInput(), False),
        (forms.Textarea(attrs={"rows": 3, "maxlength": 5000}), "regel 1\n<script>x</script> & y"),
        (forms.Textarea(), ""),
        (forms.URLInput(), "https://voorbeeld.nl/?a=1&b=2"),
    ],
)
def test_invoer_zoals_django_haar_schrijft(widget, waarde):
    attrs = {"id": "id_x", "class": "form-control", "required": True, "disabled": False}
    attrs["aria-describedby"] = "id_x_helptext"
    snel, django = _gelijk_aan_django(widget, "x", waarde, attrs)
    assert snel == django


def test_keuzelijst_zoals_django_hem_schrijft():
    """Options, groups, the choice kept, labels escaped; Django's template puts an empty line
    between options, which says nothing."""
    keuzes = [
        ("", "— kies —"),
        ("Groep <A>", [("1", "Een & twee"), ("2", "Drie")]),
        (3, _lazy("Ja")),
    ]
    snel, django = _gelijk_aan_django(forms.Select(choices=keuzes), "k", "2", {"id": "id_k"})
    assert snel == re.sub(r"\n\s*\n", "\n", django)
    assert '<option value="2" selected>Drie</option>' in snel
    assert '<optgroup label="Groep &lt;A&gt;">' in snel
    meer = forms.SelectMultiple(choices=[("a", "A"), ("b", "B")])
    snel, django = _gelijk_aan_django(meer, "m", ["a", "b"], {"id": "id_m"})
    assert snel == re.sub(r"\n\s*\n", "\n", django)


def test_een_widget_met_eigen_opmaak_schrijft_zichzelf():
    from django.forms.renderers import get_default_renderer

    from kern.templatetags.formulieren import snel_te_schrijven
    from kern.widgets import SnelleKeuzelijst

    renderer = get_default_renderer()
    assert not snel_te_schrijven(SnelleKeuzelijst(choices=[]), renderer)
    assert not snel_te_schrijven(forms.ClearableFileInput(), renderer)
    assert not snel_te_schrijven(forms.RadioSelect(choices=[]), renderer)


def test_eigen_opmaak_via_veld_blijft_werken():
    from kern.widgets import SnelleKeuzelijst

    class Filter(forms.Form):
        organisatie = forms.ChoiceField(
            choices=[("", "Alle"), ("1", "School <De Brug>")], widget=SnelleKeuzelijst
        )

    html = _render(
        Filter(data={"organisatie": "1"}), "{% load formulieren %}{% veld form.organisatie %}"
    )
    assert '<option value="1" selected>School &lt;De Brug&gt;</option>' in html
    assert 'class="form-select"' in html


# --- The signal form and the RSVP form: each error next to its own field -----------------------


def _blok(html: str, veldnaam: str) -> str:
    """The markup of one field: from its wrapper up to the next field's."""
    begin = html.index(f'<div id="div_id_{veldnaam}"')
    volgende = html.find('<div id="div_id_', begin + 1)
    return html[begin : volgende if volgende != -1 else len(html)]


@pytest.mark.django_db
def test_signaalformulier_met_fouten_toont_elke_fout_bij_zijn_veld():
    from netwerk.models import Organisatie
    from signalen.forms import SignaalForm

    organisaties = [Organisatie.objects.create(naam=f"Org {i}") for i in range(2)]
    form = SignaalForm(
        data={"betreft": "groep", "waarneming": "kort", "waargenomen_op": "2999-01-01"},
        organisaties=organisaties,
    )
    assert not form.is_valid()
    html = _render(form)
    verwacht = {
        "waarneming": "Beschrijf in ten minste een paar woorden wat u zag of hoorde.",
        "waargenomen_op": "Deze datum ligt in de toekomst.",
        "omschrijving_betrokkene": "Beschrijf kort om welke groep of plek het gaat.",
        "melder_organisatie": "Dit veld is verplicht.",
    }
    for veldnaam, fout in verwacht.items():
        blok = _blok(html, veldnaam)
        assert f'<div id="id_{veldnaam}_error" class="invalid-feedback d-block">' in blok
        assert fout in blok
        assert 'aria-invalid="true"' in blok and "id_" + veldnaam + "_error" in blok
    # A field without an error says nothing of one, and keeps its help text link.
    waar = _blok(html, "waargenomen_waar")
    assert "invalid" not in waar and 'aria-describedby="id_waargenomen_waar_helptext"' in waar
    # The radio group: the fieldset points at its error and help, every choice is marked.
    urgentie = _blok(html, "urgentie")
    assert '<fieldset aria-describedby="id_urgentie_error">' in urgentie
    assert urgentie.count('class="form-check-input is-invalid"') == 3
    # Required markers on the label of a required field only.
    assert '<span class="asteriskField">*</span>' in _blok(html, "waarneming")
    assert "asteriskField" not in _blok(html, "persoon_naam")


def test_rsvp_formulier_met_fout():
    from bijeenkomsten.views import AntwoordForm

    form = AntwoordForm(data={"antwoord": "", "opmerking": "x" * 501})
    html = _render(form)
    antwoord = _blok(html, "antwoord")
    assert "Kies ja, nee of misschien." in antwoord
    assert '<fieldset aria-describedby="id_antwoord_error">' in antwoord
    opmerking = _blok(html, "opmerking")
    assert 'id="id_opmerking_error"' in opmerking and 'aria-invalid="true"' in opmerking
    assert "x" * 501 + "</textarea>" in opmerking  # the text is kept
