"""Widgets of the /beheer/ site.

Django's autocomplete widgets look up the submitted value to show it again when a form comes
back with errors, and filter with it as it came: "abc" for a numeric key is a ValueError, and the
page a 500 instead of the form with "Selecteer een geldige keuze". These widgets leave out what
the target field cannot hold; the form field itself still refuses the value, with its message.
``kern.beheer.Invulhulp`` installs them for every autocomplete field of the site.
"""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class LeesbareKeuzes:
    """Show again only the submitted values the target field can parse (the rest is invalid
    anyway, and says so in the form's errors)."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, self._leesbaar(value), attr)

    def _doelveld(self):
        opts = self.field.remote_field.model._meta
        naam = getattr(self.field.remote_field, "field_name", None) or opts.pk.name
        return opts.get_field(naam)

    def _leesbaar(self, waarden):
        return leesbare_waarden(self._doelveld(), waarden)


def leesbare_waarden(veld, waarden) -> list:
    """The submitted values a model field can hold (a key: a number in its range); a query
    with any other raises instead of finding nothing."""
    leesbaar = []
    for waarde in waarden:
        if waarde is None or "\x00" in str(waarde):
            continue
        try:
            veld.run_validators(veld.to_python(waarde))
        except (ValidationError, TypeError, ValueError):
            continue
        leesbaar.append(waarde)
    return leesbaar


class RegieAutocompleteSelect(LeesbareKeuzes, AutocompleteSelect):
    pass


class RegieAutocompleteSelectMultiple(LeesbareKeuzes, AutocompleteSelectMultiple):
    pass
