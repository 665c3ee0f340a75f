"""The outbox in /beheer/: read-only, for the regisseur and the beheerder.

The beheerder runs the technical side (mail that does not go out); a message holds an address, a
subject and a short text, never the content of a signal. Only the regisseur reads to whom a
message went (``berichten.afscherming``): the beheerder sees the mail domain, never the
address. Nobody adds, edits or deletes a message here; the one action puts failed messages back
in the outbox (``berichten.services.berichten_opnieuw_proberen``).
"""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import rollen
from kern.beheer import AlleenLezen, RegieModelAdmin

from . import afscherming, services
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
class BerichtAdmin(AlleenLezen, RegieModelAdmin):
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
    # The beheerder, who runs the technical side, sees the mail domain, the app that sent it, the
    # status and the error (addresses in it reduced to their domain), never to whom it went.
    INHOUD = ("onderwerp", "soort", "sleutel", "tekst", "bijlagen_overzicht")
    ALLEEN_REGISSEUR = {"aan": "ontvanger", "laatste_fout": "fout"}

    def _technisch(self, velden):
        """The fields as the technical side may see them."""
        return tuple(self.ALLEEN_REGISSEUR.get(f, f) for f in velden if f not in self.INHOUD)

    def get_fields(self, request, obj=None):
        if afscherming.mag_ontvangers_zien(request.user):
            return self.fields
        return ("app", *self._technisch(self.fields))

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "app", "ontvanger", "fout")

    def get_list_display(self, request):
        if afscherming.mag_ontvangers_zien(request.user):
            return self.list_display
        return ("ontvanger", "app", *self._technisch(self.list_display[1:]))

    def get_list_display_links(self, request, list_display):
        return list_display[:1]

    def get_list_filter(self, request):
        return self.list_filter if rollen.is_regisseur(request.user) else ("status",)

    def get_search_fields(self, request):
        # Searching by address would tell the beheerder whether someone got mail.
        return self.search_fields if afscherming.mag_ontvangers_zien(request.user) else ()

    @admin.display(description=_("verstuurd door"))
    def app(self, obj):
        return (obj.soort or "").split(".")[0] or "—"

    @admin.display(description=_("aan"))
    def ontvanger(self, obj):
        return afscherming.adres_afschermen(obj.aan)

    @admin.display(description=_("laatste fout"))
    def fout(self, obj):
        return afscherming.tekst_afschermen(obj.laatste_fout) or "—"

    def get_changelist(self, request, **kwargs):
        return BerichtenLijst

    def has_opnieuw_permission(self, request):
        return self._mag(request)

    @admin.display(description=_("bijlagen"))
    def bijlagen_overzicht(self, obj):
        namen = [f"{b['bestandsnaam']} ({b['mimetype']})" for b in obj.bijlagen]
        return ", ".join(namen) or "—"

    @admin.action(description=_("Opnieuw proberen"), permissions=["opnieuw"])
    def opnieuw_proberen(self, request, queryset):
        aantal = services.berichten_opnieuw_proberen(queryset)
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
