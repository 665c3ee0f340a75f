"""The site's forms in Bootstrap 5 markup: ``{% formulier form %}`` for a whole form and
``{% veld form.naam %}`` for one field.

Written out in Python, not with a template per field (issue 16: the template engine was most of
the time of the RSVP page and the signal form). The markup is what the templates wrote before:
Django decides ``required``, ``aria-invalid`` and ``aria-describedby`` (help text and errors,
``BoundField.build_widget_attrs``) and the widget's own context (``Widget.get_context``); this
adds the Bootstrap classes, the label or legend with its required marker, the help text and the
errors (each next to its field, with the ids the field points at).

The common widgets (Django's ``<input>`` types, ``<textarea>``, ``<select>``) are written in one
pass exactly as Django's widget templates would write them (``tests/config/test_formulieren.py``
compares the two for every such widget); any other widget, or a widget with its own
``render``, a template of its own or another form renderer, is rendered by Django as before.
"""

from html import escape as _html_escape

from django import template
from django.forms import (
    CheckboxInput,
    CheckboxSelectMultiple,
    RadioSelect,
    Select,
    SelectMultiple,
    Widget,
)
from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeData, mark_safe

register = template.Library()

_WIDGETS = "django/forms/widgets/"
# Django's widget templates that consist of nothing but ``{% include "…/input.html" %}``.
INVOER_SJABLONEN = frozenset(
    f"{_WIDGETS}{soort}.html"
    for soort in (
        *("checkbox", "color", "date", "datetime", "email", "file", "hidden", "number"),
        *("password", "search", "tel", "text", "time", "url"),
    )
)
TEXTAREA_SJABLOON = f"{_WIDGETS}textarea.html"
SELECT_SJABLOON = f"{_WIDGETS}select.html"
SNELLE_SJABLONEN = INVOER_SJABLONEN | {TEXTAREA_SJABLOON, SELECT_SJABLOON}

# What ``{{ value }}`` does in a widget template (localisation, escaping), for option labels.
_WIDGETCONTEXT = Context(autoescape=True)


def _klasse(widget, ongeldig: bool) -> str:
    if isinstance(widget, RadioSelect | CheckboxSelectMultiple | CheckboxInput):
        basis = "form-check-input"
    elif isinstance(widget, Select | SelectMultiple):
        basis = "form-select"
    else:
        basis = "form-control"
    eigen = widget.attrs.get("class", "")
    return " ".join(k for k in (eigen, basis, "is-invalid" if ongeldig else "") if k)


def _e(waarde) -> str:
    """``conditional_escape`` without its lazy-string wrapper (a few µs a call, hundreds of
    calls a form): markup stays markup, anything else is escaped as Django escapes it."""
    if hasattr(waarde, "__html__"):
        return waarde.__html__()
    return _html_escape(str(waarde))


def _als_tekst(waarde) -> str:
    """``{{ value|stringformat:'s' }}`` in a widget template: its text, escaped unless safe."""
    if isinstance(waarde, SafeData):
        return waarde
    return _html_escape(str(waarde))


def _in_context(waarde) -> str:
    """``{{ value }}`` in a widget template (localised, escaped)."""
    if type(waarde) is str or isinstance(waarde, Promise):
        return _html_escape(str(waarde))
    return render_value_in_context(waarde, _WIDGETCONTEXT)


def _kenmerken(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``: False leaves an attribute out, True writes its name
    alone, any other value (None too) its text."""
    delen = []
    for naam, waarde in attrs.items():
        if waarde is False:
            continue
        if waarde is True:
            delen.append(f" {_e(naam)}")
        else:
            delen.append(f' {_e(naam)}="{_als_tekst(waarde)}"')
    return "".join(delen)


def _input(w: dict) -> str:
    """``django/forms/widgets/input.html``."""
    waarde = "" if w["value"] is None else f' value="{_als_tekst(w["value"])}"'
    return f'<input type="{_e(w["type"])}" name="{_e(w["name"])}"{waarde}{_kenmerken(w["attrs"])}>'


def _textarea(w: dict) -> str:
    """``django/forms/widgets/textarea.html`` (its newline after the opening tag included)."""
    inhoud = _in_context(w["value"]) if w["value"] else ""
    return f'<textarea name="{_e(w["name"])}"{_kenmerken(w["attrs"])}>\n{inhoud}</textarea>'


def _select(w: dict) -> str:
    """``django/forms/widgets/select.html`` with its option template written out: one line per
    option, no template include per option (a list of wijken or organisations)."""
    delen = [f'<select name="{_e(w["name"])}"{_kenmerken(w["attrs"])}>']
    for groep, opties, _index in w["optgroups"]:
        if groep:
            delen.append(f'\n  <optgroup label="{_in_context(groep)}">')
        for optie in opties:
            delen.append(
                f'\n  <option value="{_als_tekst(optie["value"])}"{_kenmerken(optie["attrs"])}>'
                f"{_in_context(optie['label'])}</option>"
            )
        if groep:
            delen.append("\n  </optgroup>")
    delen.append("\n</select>")
    return "".join(delen)


_SCHRIJVERS = {TEXTAREA_SJABLOON: _textarea, SELECT_SJABLOON: _select}


def snel_te_schrijven(widget, renderer) -> bool:
    """Whether the widget renders with one of Django's own templates (above) in the standard
    way: no ``render`` or ``_render`` of its own, Django's template renderer."""
    soort = type(widget)
    return (
        widget.template_name in SNELLE_SJABLONEN
        and soort.render is Widget.render
        and soort._render is Widget._render
        and type(renderer) is DjangoTemplates
    )


def widget_html(widget, naam: str, waarde, attrs: dict, renderer) -> str:
    """The widget's HTML, as ``widget.render(naam, waarde, attrs, renderer)`` would give it."""
    if not snel_te_schrijven(widget, renderer):
        return widget.render(name=naam, value=waarde, attrs=attrs, renderer=renderer)
    context = widget.get_context(naam, waarde, attrs)["widget"]
    schrijver = _SCHRIJVERS.get(widget.template_name, _input)
    return mark_safe(schrijver(context))  # noqa: S308 (every value escaped above)


def invoer(veld, attrs=None) -> str:
    """``BoundField.as_widget(attrs=attrs)``, through ``widget_html``."""
    widget = veld.field.widget
    if veld.field.localize:
        widget.is_localized = True
    attrs = veld.build_widget_attrs(attrs or {}, widget)
    if veld.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", veld.auto_id)
    return widget_html(widget, veld.html_name, veld.value(), attrs, veld.form.renderer)


def _verborgen(veld) -> str:
    """A hidden field, as ``{{ veld }}`` writes it."""
    if veld.field.show_hidden_initial:
        return str(veld)
    return invoer(veld)


def _uitleg_en_fouten(auto_id: str, fouten, uitleg) -> str:
    """The errors (each next to its field) and the help text, with the ids the field points at;
    then the newline the template wrote."""
    html = ""
    if fouten:
        regels = "".join(f"<p><strong>{_e(f)}</strong></p>" for f in fouten)
        html = f'<div id="{auto_id}_error" class="invalid-feedback d-block">{regels}</div>'
    if uitleg:
        html += f'<div id="{auto_id}_helptext" class="form-text">{_e(uitleg)}</div>'
    return html + "\n"


def _flatatt(attrs: dict) -> str:
    """``django.forms.utils.flatatt`` without its ``format_html`` per attribute: the attributes
    with a value first, then those that are simply on (True), each group sorted; False and None
    left out."""
    met_waarde = sorted(
        (k, v) for k, v in attrs.items() if not isinstance(v, bool) and v is not None
    )
    aan = sorted(k for k, v in attrs.items() if v is True)
    return "".join(f' {_e(k)}="{_e(v)}"' for k, v in met_waarde) + "".join(f" {_e(k)}" for k in aan)


def _keuze(keuze: dict, klasse: str) -> str:
    """One radio button or box of a choice, as Django's input.html would write it (its
    ``checked``, ``required`` and aria attributes are in ``attrs``), without a template."""
    attrs = _flatatt({**keuze["attrs"], "class": klasse})
    if keuze["value"] is None:
        return f'<input type="{_e(keuze["type"])}" name="{_e(keuze["name"])}"{attrs}>'
    return (
        f'<input type="{_e(keuze["type"])}" name="{_e(keuze["name"])}" '
        f'value="{_e(str(keuze["value"]))}"{attrs}>'
    )


def veld_html(veld) -> str:
    """One field: its label (or legend), the widget, help text and errors."""
    widget = veld.field.widget
    if widget.is_hidden:
        return mark_safe(invoer(veld) + "\n")  # noqa: S308 (escaped by invoer)
    fouten = veld.errors
    klasse = _klasse(widget, bool(fouten))
    auto_id = _e(veld.auto_id)
    uitleg = veld.help_text
    label = _e(veld.label) if veld.label else ""
    if veld.field.required:
        label += '<span class="asteriskField">*</span>'
        verplicht = " requiredField"
    else:
        verplicht = ""
    onder = _uitleg_en_fouten(auto_id, fouten, uitleg)

    if isinstance(widget, RadioSelect | CheckboxSelectMultiple):
        beschreven = ""
        if fouten or uitleg:
            ids = " ".join(
                i for i in (uitleg and f"{auto_id}_helptext", fouten and f"{auto_id}_error") if i
            )
            beschreven = f' aria-describedby="{ids}"'
        keuzes = "".join(
            f'<div class="form-check">{_keuze(k.data, klasse)} '
            f'<label for="{_e(k.id_for_label)}" class="form-check-label">'
            f"{_e(k.choice_label)}</label></div>"
            for k in veld.subwidgets
        )
        html = (
            f'<div id="div_{auto_id}" class="mb-3"><fieldset{beschreven}>\n'
            f'<legend class="form-label fs-6{verplicht}">{label}</legend>\n'
            f"<div>{keuzes}</div>\n{onder}</fieldset></div>\n"
        )
    elif isinstance(widget, CheckboxInput):
        html = (
            f'<div id="div_{auto_id}" class="mb-3"><div class="form-check">'
            f"{invoer(veld, {'class': klasse})} "
            f'<label for="{_e(veld.id_for_label)}" class="form-check-label{verplicht}">'
            f"{label}</label>\n{onder}</div></div>\n"
        )
    else:
        if veld.label:
            label = (
                f'<label for="{_e(veld.id_for_label)}" class="form-label{verplicht}">'
                f"{label}</label>"
            )
        html = (
            f'<div id="div_{auto_id}" class="mb-3">{label}\n'
            f"{invoer(veld, {'class': klasse})}\n{onder}</div>\n"
        )
    return mark_safe(html)  # noqa: S308 (every value escaped above)


@register.simple_tag
def veld(veld):
    """One field: its label (or legend), the widget, help text and errors."""
    return veld_html(veld)


@register.simple_tag
def formulier(form):
    """A whole form: the errors that belong to no field, the hidden fields, then every field."""
    delen = []
    if fouten := form.non_field_errors():
        delen.append(
            format_html(
                '<div class="alert alert-danger" role="alert">{}</div>',
                format_html_join("", '<p class="mb-0">{}</p>', ((f,) for f in fouten)),
            )
        )
    delen.extend(_verborgen(v) for v in form.hidden_fields())
    delen.extend(veld_html(v) for v in form.visible_fields())
    return mark_safe("".join(delen) + "\n")  # noqa: S308 (each part escaped above)
