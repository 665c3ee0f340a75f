"""The outbox in /beheer/: read-only, for the regisseur and the beheerder.

The beheerder runs the technical side (mail that does not go out); a message holds an address, a
subject and a short text, never the content of a signal. Nobody adds, edits or deletes a
message here; the one action puts failed messages back in the outbox
(``berichten.services.opnieuw_proberen``).
"""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import rollen
from config.admin import RegieModelAdmin

from . import services
from .models import Bericht


class BerichtenLijst(ChangeList):
    """The list shows no bodies: leave them in the database."""

    def get_queryset(self, request, exclude_parameters=None):
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .defer("tekst", "html", "bijlagen", "laatste_fout")
        )


@admin.register(Bericht)
class BerichtAdmin(RegieModelAdmin):
    list_display = (
        "aan",
        "onderwerp",
        "soort",
        "status",
        "pogingen",
        "versturen_na",
        "verstuurd_op",
    )
    list_filter = ("status", "soort")
    search_fields = ("aan", "onderwerp")
    date_hierarchy = "aangemaakt_op"
    ordering = ("-aangemaakt_op", "-pk")
    list_per_page = 50
    # The outbox only grows: no COUNT(*) over the whole table on every page.
    show_full_result_count = False
    actions = ["opnieuw_proberen"]
    fields = (
        "aan",
        "onderwerp",
        "soort",
        "sleutel",
        "status",
        "pogingen",
        "laatste_fout",
        "aangemaakt_op",
        "versturen_na",
        "verstuurd_op",
        "tekst",
        "bijlagen_overzicht",
    )
    readonly_fields = fields

    # The body holds personal links (an RSVP link answers for that person) and names; the
    # subject, kind and key say what it is about ("Wachtlijst: …"): the regisseur's to read.
    # The beheerder, who runs the technical side, sees the address, the app that sent it, the
    # status and the error.
    INHOUD = ("onderwerp", "soort", "sleutel", "tekst", "bijlagen_overzicht")

    def get_fields(self, request, obj=None):
        if rollen.is_regisseur(request.user):
            return self.fields
        return ("app", *(f for f in self.fields if f not in self.INHOUD))

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "app")

    def get_list_display(self, request):
        if rollen.is_regisseur(request.user):
            return self.list_display
        return ("aan", "app", *(f for f in self.list_display[3:]))

    def get_list_filter(self, request):
        return self.list_filter if rollen.is_regisseur(request.user) else ("status",)

    def get_search_fields(self, request):
        return self.search_fields if rollen.is_regisseur(request.user) else ("aan",)

    @admin.display(description=_("verstuurd door"))
    def app(self, obj):
        return (obj.soort or "").split(".")[0] or "—"

    def get_changelist(self, request, **kwargs):
        return BerichtenLijst

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_opnieuw_permission(self, request):
        return self._mag(request)

    @admin.display(description=_("bijlagen"))
    def bijlagen_overzicht(self, obj):
        namen = [f"{b['bestandsnaam']} ({b['mimetype']})" for b in obj.bijlagen]
        return ", ".join(namen) or "—"

    @admin.action(description=_("Opnieuw proberen"), permissions=["opnieuw"])
    def opnieuw_proberen(self, request, queryset):
        aantal = services.opnieuw_proberen(queryset)
        if aantal:
            self.message_user(
                request,
                ngettext(
                    "%(aantal)d mislukt bericht wordt opnieuw verstuurd.",
                    "%(aantal)d mislukte berichten worden opnieuw verstuurd.",
                    aantal,
                )
                % {"aantal": aantal},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, _("Geen van de gekozen berichten was mislukt."), messages.WARNING
            )
