"""Admin building blocks of the shared core (Django's admin only, no app of the project)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import eenmalig


class EenmaligToevoegen:
    """An admin add page adds one object per form, however often the form is sent.

    Every rendering of the add form carries a one-time token (``kern.eenmalig``; the hidden
    field is put in by templates/admin/change_form.html). The token is claimed in the admin's
    own transaction around the save: a second POST of the same form (a double click, a resent
    request) waits for the first, then lands on the object the first one added, with a
    message, instead of adding it again. An invalid form gives its token back, so correcting
    and sending again works. A POST without a token of this session (an add page with a
    template of its own) is handled as before.
    """

    def _eenmalig_doel(self) -> str:
        return f"beheer.{self.opts.app_label}.{self.opts.model_name}.toevoegen"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if add:
            context["eenmalig_token"] = eenmalig.token_uitgeven(request, self._eenmalig_doel())
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _changeform_view(self, request, object_id, form_url, extra_context):
        if object_id is not None or request.method != "POST":
            return super()._changeform_view(request, object_id, form_url, extra_context)
        try:
            claim = eenmalig.claimen(request, self._eenmalig_doel())
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
        request._eenmalig_toegevoegd = None
        antwoord = super()._changeform_view(request, object_id, form_url, extra_context)
        toegevoegd = request._eenmalig_toegevoegd
        if toegevoegd is None:
            claim.intrekken()  # nothing was added (the form was invalid): the token stays usable
        else:
            claim.vastleggen(toegevoegd.pk)
        return antwoord

    def log_addition(self, request, obj, message):
        request._eenmalig_toegevoegd = obj
        return super().log_addition(request, obj, message)
