"""The site's forms in Bootstrap 5 markup: ``{% formulier form %}`` for a whole form and
``{% veld form.naam %}`` for one field.

One small template per field (``formulieren/veld.html``) around Django's own widget rendering:
Django adds ``required``, ``aria-invalid`` and ``aria-describedby`` (help text and errors); this
adds the Bootstrap classes. It replaces crispy-forms' filters, whose layered templates per field
were most of the time of a page with a form (issue 16: the RSVP page and the signal form).
"""

from django import template
from django.forms import (
    CheckboxInput,
    CheckboxSelectMultiple,
    RadioSelect,
    Select,
    SelectMultiple,
)
from django.forms.utils import flatatt
from django.utils.html import format_html

register = template.Library()


def _klasse(widget, ongeldig: bool) -> str:
    if isinstance(widget, RadioSelect | CheckboxSelectMultiple | CheckboxInput):
        basis = "form-check-input"
    elif isinstance(widget, Select | SelectMultiple):
        basis = "form-select"
    else:
        basis = "form-control"
    eigen = widget.attrs.get("class", "")
    return " ".join(k for k in (eigen, basis, "is-invalid" if ongeldig else "") if k)


# Django's own select template includes a template per option; this one writes it out.
DJANGO_SELECT = "django/forms/widgets/select.html"
SNELLE_SELECT = "formulieren/widgets/select.html"


@register.inclusion_tag("formulieren/veld.html")
def veld(veld):
    """One field: its label (or legend), the widget, help text and errors."""
    widget = veld.field.widget
    if getattr(widget, "template_name", None) == DJANGO_SELECT:
        widget.template_name = SNELLE_SELECT  # this form's own copy of the widget
    ongeldig = bool(veld.errors)
    klasse = _klasse(widget, ongeldig)
    context = {"veld": veld, "ongeldig": ongeldig, "verborgen": widget.is_hidden}
    if widget.is_hidden:
        context["invoer"] = veld.as_widget()
    elif isinstance(widget, RadioSelect | CheckboxSelectMultiple):
        keuzes = [
            {
                "invoer": _keuze(keuze.data, klasse),
                "id": keuze.id_for_label,
                "label": keuze.choice_label,
            }
            for keuze in veld.subwidgets
        ]
        context.update(soort="keuzes", keuzes=keuzes)
    elif isinstance(widget, CheckboxInput):
        context.update(soort="vinkje", invoer=veld.as_widget(attrs={"class": klasse}))
    else:
        context.update(soort="gewoon", invoer=veld.as_widget(attrs={"class": klasse}))
    return context


def _keuze(keuze: dict, klasse: str) -> str:
    """One radio button or box of a choice, as Django's input.html would write it (its
    ``checked``, ``required`` and aria attributes are in ``attrs``), without a template."""
    attrs = {**keuze["attrs"], "class": klasse}
    if keuze["value"] is None:
        return format_html(
            '<input type="{}" name="{}"{}>', keuze["type"], keuze["name"], flatatt(attrs)
        )
    return format_html(
        '<input type="{}" name="{}" value="{}"{}>',
        keuze["type"],
        keuze["name"],
        str(keuze["value"]),
        flatatt(attrs),
    )


@register.inclusion_tag("formulieren/formulier.html")
def formulier(form):
    """A whole form: the errors that belong to no field, the hidden fields, then every field."""
    return {"form": form}
