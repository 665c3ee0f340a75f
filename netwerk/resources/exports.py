"""Exports only: key persons (the informal network, only ever on its own) and the members of
networks of one kind."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.fields import Field

from netwerk.models import (
    Lidmaatschap,
    NetwerkSoort,
)

from .basis import RegieResource
from .kolommen import Berekend, TelefoonWidget
from .personen import AandachtsfunctionarisResource, PersoonBasisResource, netwerken_van_soort


class SleutelpersoonExportResource(PersoonBasisResource):
    """The informal network: only ever exported on its own. The export form offers to leave
    out those "op de achtergrond" (ticked by default: ``netwerk.forms.RegieExportForm``)."""

    achtergrond_keuze = True

    gemeenschappen = Berekend(
        "gemeenschappen", lambda p: [g.naam for g in p.sleutelpersoon.gemeenschappen.all()]
    )
    wijken = Berekend("wijken", lambda p: [w.naam for w in p.sleutelpersoon.wijken.all()])
    achterban = Field(attribute="sleutelpersoon__achterban", column_name="achterban")
    betrokkenheid = Field(
        attribute="sleutelpersoon__get_betrokkenheid_display", column_name="betrokkenheid"
    )
    formele_rol = Field(attribute="sleutelpersoon__formele_rol", column_name="formele rol")
    op_de_achtergrond = Berekend(
        "op de achtergrond",
        lambda p: _("ja") if p.sleutelpersoon.op_de_achtergrond else _("nee"),
        lijst=False,
    )
    netwerk = Berekend("netwerk", lambda p: netwerken_van_soort(p, NetwerkSoort.INFORMEEL))

    class Meta(PersoonBasisResource.Meta):
        name = gettext_lazy("Sleutelpersonen")
        fields = PersoonBasisResource.Meta.fields + (
            "gemeenschappen",
            "wijken",
            "achterban",
            "betrokkenheid",
            "formele_rol",
            "op_de_achtergrond",
            "netwerk",
        )
        export_order = fields

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(sleutelpersoon__isnull=False)
            .select_related("sleutelpersoon")
            .prefetch_related(
                "sleutelpersoon__gemeenschappen",
                "sleutelpersoon__wijken",
                "lidmaatschappen__netwerk",
            )
        )


class LidmaatschapExportResource(resources.ModelResource):
    after_export = RegieResource.after_export

    netwerk = Field(attribute="netwerk__naam", column_name="netwerk")
    voornaam = Field(attribute="persoon__voornaam", column_name="voornaam")
    tussenvoegsel = Field(attribute="persoon__tussenvoegsel", column_name="tussenvoegsel")
    achternaam = Field(attribute="persoon__achternaam", column_name="achternaam")
    email = Field(attribute="persoon__email", column_name="email")
    telefoon = Field(attribute="persoon__telefoon", column_name="telefoon", widget=TelefoonWidget())
    sinds = Field(attribute="sinds", column_name="sinds", widget=widgets.DateWidget("%d-%m-%Y"))
    tot = Field(attribute="tot", column_name="tot", widget=widgets.DateWidget("%d-%m-%Y"))
    actief = Berekend("actief", lambda lid: _("ja") if lid.actief else _("nee"), lijst=False)

    class Meta:
        model = Lidmaatschap
        name = gettext_lazy("Leden")
        fields = (
            "netwerk",
            "voornaam",
            "tussenvoegsel",
            "achternaam",
            "email",
            "telefoon",
            "sinds",
            "tot",
            "actief",
        )
        export_order = fields


# Which persons each export kind holds is decided in netwerk.services.export_soort; this maps
# a kind to its columns.
PERSONEN_EXPORT = {
    "af": AandachtsfunctionarisResource,
    "sleutelpersoon": SleutelpersoonExportResource,
    "geen": PersoonBasisResource,
}
