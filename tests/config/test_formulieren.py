"""The site's form markup (kern.templatetags.formulieren): what a user of a screen reader, a
keyboard or a plain browser gets from ``{% veld %}`` and ``{% formulier %}``."""

import re

from django import forms
from django.template import Context, Template

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
