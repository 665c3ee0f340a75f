"""The building blocks of every page in /beheer/ (the site itself is ``config.admin``).

- ``RegieModelAdmin`` / ``RegisseurAdmin``: a model the regisseur manages (with the beheerder,
  or alone: routine work with personal data); Django's own model permissions are not used.
  ``RegieTabularInline`` / ``RegieStackedInline``: exactly the access of their page.
- ``AlleenLezen``: a list or inline that shows and never changes.
- ``Invulhulp``: date and autocomplete fields that say how to fill them (``kern.widgets``).
- ``EenmaligToevoegen``: an add or change page saves once per form (``kern.eenmalig``).
- ``actie_per_stuk``: the loop of an admin action that calls a service per object.

Like the rest of ``kern`` this imports no app of the project but ``accounts.rollen`` (the role
questions, which import nothing of the project but ``kern.ruw``).
"""

from collections.abc import Callable, Iterable

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import rollen

from . import eenmalig
from .fouten import Weigering
from .widgets import (
    RegieAutocompleteSelect,
    RegieAutocompleteSelectMultiple,
    leesbare_waarden,
)


class EenmaligToevoegen:
    """An admin add or change page saves once per form, however often the form is sent.

    Every rendering of the form carries a one-time token (``kern.eenmalig``; the hidden field
    is put in by templates/admin/change_form.html). The token is claimed in the admin's own
    transaction around the save: a second POST of the same form (a double click, a resent
    request) waits for the first, then lands on the object the first one saved, with a
    message, instead of adding it (or a new inline row such as a contact moment) again. An
    invalid form gives its token back, so correcting and sending again works. A POST without
    a token of this session (a page with a template of its own) is handled as before.
    """

    def _eenmalig_doel(self, object_id=None) -> str:
        wat = f"wijzigen.{object_id}" if object_id is not None else "toevoegen"
        return f"beheer.{self.opts.app_label}.{self.opts.model_name}.{wat}"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        doel = self._eenmalig_doel(None if add or obj is None else obj.pk)
        context["eenmalig_token"] = eenmalig.token_uitgeven(request, doel)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _changeform_view(self, request, object_id, form_url, extra_context):
        if request.method != "POST" or "_saveasnew" in request.POST:
            return super()._changeform_view(request, object_id, form_url, extra_context)
        try:
            claim = eenmalig.claimen(request, self._eenmalig_doel(object_id))
        except eenmalig.OnbekendToken:
            return super()._changeform_view(request, object_id, form_url, extra_context)
        except eenmalig.AlVerstuurd as eerder:
            messages.info(
                request,
                _("Dit formulier was al verstuurd; dit is wat toen is opgeslagen."),
            )
            if eerder.resultaat:
                naam = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
                return redirect(reverse(naam, args=[eerder.resultaat]))
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        request._eenmalig_opgeslagen = None
        antwoord = super()._changeform_view(request, object_id, form_url, extra_context)
        opgeslagen = request._eenmalig_opgeslagen
        if opgeslagen is None:
            claim.intrekken()  # nothing was saved (the form was invalid): the token stays usable
        else:
            claim.vastleggen(opgeslagen.pk)
        return antwoord

    def log_addition(self, request, obj, message):
        request._eenmalig_opgeslagen = obj
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        request._eenmalig_opgeslagen = obj
        return super().log_change(request, obj, message)


def actie_per_stuk(
    modeladmin,
    request,
    objecten: Iterable,
    actie: Callable,
    *,
    gelukt: Callable[[int], str],
    naam: Callable = str,
) -> int:
    """The loop of an admin action that calls a service for each selected object.

    ``actie(obj)`` is called per object; a refusal of one (``Weigering``, a model rule's
    ``ValidationError``, or the ``PermissionDenied`` of an account service) becomes an error
    message that names the object (``naam(obj)``: for a person being anonymised, not their
    name), and the others go on. Then one success message, ``gelukt(n)`` (an ngettext with the
    count), unless every object was refused (the errors said why). Returns how many succeeded.
    """
    aantal = geweigerd = 0
    for obj in objecten:
        try:
            actie(obj)
        except (Weigering, ValidationError, PermissionDenied) as fout:
            geweigerd += 1
            tekst = "; ".join(getattr(fout, "messages", [str(fout)]))
            modeladmin.message_user(request, f"{naam(obj)}: {tekst}", level=messages.ERROR)
        else:
            aantal += 1
    if aantal or not geweigerd:
        modeladmin.message_user(request, gelukt(aantal), level=messages.SUCCESS)
    return aantal


class Invulhulp:
    """Date and time fields say how to write them: "17 mei 2027" is not understood, and
    Django's "Voer een geldige datum in" does not say what is.

    Autocomplete fields get the site's own widgets (``kern.widgets``): a value that is no key
    at all ("abc") gives the form back with "Selecteer een geldige keuze", not a 500."""

    VOORBEELD = {
        models.DateField: (
            gettext_lazy("dd-mm-jjjj"),
            gettext_lazy("Vul een datum in als dd-mm-jjjj, bijvoorbeeld 17-05-2027."),
        ),
        models.TimeField: (
            gettext_lazy("uu:mm"),
            gettext_lazy("Vul een tijd in als uu:mm, bijvoorbeeld 09:30."),
        ),
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        veld = super().formfield_for_dbfield(db_field, request, **kwargs)
        voorbeeld = self.VOORBEELD.get(type(db_field))
        if veld is not None and voorbeeld is not None:
            veld.widget.attrs.setdefault("placeholder", voorbeeld[0])
            veld.error_messages["invalid"] = voorbeeld[1]
        return veld

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = RegieAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = RegieAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class RegieModelAdmin(EenmaligToevoegen, Invulhulp, admin.ModelAdmin):
    """A model the regisseur manages in full. Subclasses narrow what they must. An add form
    sent twice adds one object (``kern.beheer.EenmaligToevoegen``).

    ``alleen_regisseur``: routine work with personal data (the registry, signals …) is the
    regisseur's alone; the beheerder (configuration, no routine work) does not see it.
    """

    alleen_regisseur = False

    def _mag(self, request):
        if self.alleen_regisseur:
            return rollen.is_regisseur(request.user)
        return rollen.is_beheerder(request.user) or rollen.is_regisseur(request.user)

    def has_module_permission(self, request):
        return self._mag(request)

    def has_view_permission(self, request, obj=None):
        return self._mag(request)

    def has_add_permission(self, request):
        return self._mag(request)

    def has_change_permission(self, request, obj=None):
        return self._mag(request)

    def has_delete_permission(self, request, obj=None):
        return self._mag(request)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        """An object that is not there, or not in the user's gemeente (regio.scope), is not
        found: 404, the same answer for both, instead of Django's redirect with a message that
        repeats the key."""
        raise Http404(_("Dit item bestaat niet (meer)."))

    def get_changelist_instance(self, request):
        """Django reads the date hierarchy (``?begin__year=``) from the query string and catches
        only part of what can go wrong: a year of 9999 or of twenty digits is a ValueError or
        OverflowError. Such a list answers as one with any other filter that does not fit (back
        to the whole list), not with a server error."""
        try:
            return super().get_changelist_instance(request)
        except (OverflowError, ValueError) as fout:
            hierarchie = f"{self.date_hierarchy}__" if self.date_hierarchy else None
            if hierarchie and any(sleutel.startswith(hierarchie) for sleutel in request.GET):
                raise IncorrectLookupParameters(fout) from fout
            raise

    def response_action(self, request, queryset):
        """An action on a selection that holds something other than a key of this list ("abc",
        a number beyond any key) does nothing and says so; Django's own would filter with it
        and answer with a server error."""
        gekozen = request.POST.getlist(ACTION_CHECKBOX_NAME)
        if len(leesbare_waarden(self.opts.pk, gekozen)) != len(gekozen):
            self.message_user(
                request,
                _("De selectie klopt niet. Kies de items opnieuw; er is niets gewijzigd."),
                messages.WARNING,
            )
            return None
        return super().response_action(request, queryset)


class AlleenLezen:
    """For a list or inline that shows and never changes (a log, the outbox, a signal as it was
    filed): nobody adds, changes or deletes through Django's forms; what changes it is a service
    behind an action or an extra page. Put it first among the bases."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RegisseurAdmin(RegieModelAdmin):
    """Routine work with personal data: the regisseur's alone."""

    alleen_regisseur = True


class RegieInlineMixin(Invulhulp):
    """Inlines on a RegieModelAdmin page: exactly the access of that page (Django's own model
    permissions are not used for the regisseur)."""

    def _mag(self, request):
        return self.admin_site.get_model_admin(self.parent_model)._mag(request)

    def has_view_permission(self, request, obj=None):
        return self._mag(request)

    def has_add_permission(self, request, obj=None):
        return self._mag(request)

    def has_change_permission(self, request, obj=None):
        return self._mag(request)

    def has_delete_permission(self, request, obj=None):
        return self._mag(request)


class RegieTabularInline(RegieInlineMixin, admin.TabularInline):
    pass


class RegieStackedInline(RegieInlineMixin, admin.StackedInline):
    pass


class WanneerFilter(admin.SimpleListFilter):
    """A list of things with a date opens on what is coming or under way (the regisseur's
    work), with "Voorbij" and "Alle" as the other choices. A subclass says what counts as
    coming (``komend``) and as past (``voorbij``)."""

    title = gettext_lazy("wanneer")
    parameter_name = "wanneer"

    def lookups(self, request, model_admin):
        return [
            ("komend", gettext_lazy("Komend of bezig")),
            ("voorbij", gettext_lazy("Voorbij")),
            ("alle", gettext_lazy("Alle")),
        ]

    def value(self):
        waarde = super().value()
        return waarde if waarde in ("komend", "voorbij", "alle") else "komend"

    def choices(self, changelist):
        for waarde, titel in self.lookup_choices:  # no "Alle" of the admin's own: ours is there
            yield {
                "selected": self.value() == waarde,
                "query_string": changelist.get_query_string({self.parameter_name: waarde}),
                "display": titel,
            }

    def queryset(self, request, queryset):
        if self.value() == "komend":
            return self.komend(queryset)
        if self.value() == "voorbij":
            return self.voorbij(queryset)
        return queryset

    def komend(self, queryset):
        raise NotImplementedError

    def voorbij(self, queryset):
        raise NotImplementedError


class MomentFilter(WanneerFilter):
    """``WanneerFilter`` for things with an end moment (``einde_veld``, a DateTimeField)."""

    einde_veld = "einde"

    def komend(self, queryset):
        return queryset.filter(**{f"{self.einde_veld}__gte": timezone.now()})

    def voorbij(self, queryset):
        return queryset.filter(**{f"{self.einde_veld}__lt": timezone.now()})
