"""Admin building blocks of the shared core (Django's admin only, no app of the project)."""

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import eenmalig
from .fouten import Weigering


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
