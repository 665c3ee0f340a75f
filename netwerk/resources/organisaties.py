"""Organisations and their locations: import and export."""

from __future__ import annotations

from django.db.models import Value
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from import_export.fields import Field

from netwerk.models import (
    Domein,
    Locatie,
    Organisatie,
    Wijk,
)

from .basis import RegieResource
from .kolommen import Berekend, Kolom, TelefoonWidget, kopsleutel, tekst


def domein_uit_tekst(waarde: str) -> str | None:
    sleutel = kopsleutel(waarde)
    for domein in Domein:
        if sleutel in {kopsleutel(domein.value), kopsleutel(domein.label)}:
            return domein.value
    return None


class OrganisatieResource(RegieResource):
    kolommen = (
        Kolom(
            "naam",
            ("organisatie", "organisatienaam"),
            verplicht=True,
            uitleg=gettext_lazy("Bestaat de naam al, dan wordt die organisatie bijgewerkt."),
            voorbeeld="Vermeer Lyceum",
        ),
        Kolom(
            "domein",
            ("sector", "soort"),
            verplicht=True,
            uitleg=gettext_lazy("Bijvoorbeeld Onderwijs, Jongerenwerk, GGZ, Politie."),
            voorbeeld="Onderwijs",
        ),
        Kolom(
            "email",
            ("e-mail", "e-mailadres", "mail", "emailadres"),
            uitleg=gettext_lazy("Algemeen e-mailadres."),
            voorbeeld="info@vermeer.example",
        ),
        Kolom("telefoon", ("telefoonnummer", "tel", "telefoonnr"), voorbeeld="015 212 3456"),
        Kolom("website", ("site", "url"), voorbeeld="https://vermeer.example"),
    )
    naam_kolommen = ("naam",)
    naamswijziging_tekst = ngettext_lazy(
        "Let op: bij %(n)d rij wijzigt de naam van een bestaande organisatie.",
        "Let op: bij %(n)d rijen wijzigt de naam van een bestaande organisatie.",
        "n",
    )
    naamswijziging_uitleg = gettext_lazy(
        "Een organisatie wordt herkend aan haar naam, ongeacht hoofdletters: alleen de "
        "schrijfwijze van de naam verandert."
    )
    naam = Field(attribute="naam", column_name="naam")
    domein = Field(attribute="get_domein_display", column_name="domein", readonly=True)
    email = Field(attribute="email", column_name="email")
    telefoon = Field(attribute="telefoon", column_name="telefoon", widget=TelefoonWidget())
    website = Field(attribute="website", column_name="website")
    locaties = Berekend("locaties", lambda o: [loc.naam for loc in o.locaties.all() if loc.actief])

    class Meta(RegieResource.Meta):
        model = Organisatie
        name = gettext_lazy("Organisaties")
        fields = ("naam", "domein", "email", "telefoon", "website", "locaties")
        import_order = ("naam", "domein", "email", "telefoon", "website")
        export_order = fields

    def get_queryset(self):
        return Organisatie.objects.prefetch_related("locaties")

    def rijkopsleutel(self, row):
        return (tekst(row.get("naam")).lower(),)

    def zoek_bestaand(self, row):
        naam = tekst(row.get("naam"))
        if not naam:
            return None
        # As the unique constraint compares names (lower case), so its index answers.
        return (
            Organisatie.objects.alias(naam_klein=Lower("naam"))
            .filter(naam_klein=Lower(Value(naam)))
            .first()
        )

    def invullen(self, instance, row, fouten):
        self.zet(instance, row, "naam")
        domein = tekst(row.get("domein"))
        if domein:
            gevonden = domein_uit_tekst(domein)
            if gevonden:
                instance.domein = gevonden
            else:
                fouten.voeg_toe(
                    "domein",
                    _("Onbekend domein '%(domein)s'. Kies uit: %(keuzes)s.")
                    % {"domein": domein, "keuzes": ", ".join(str(d.label) for d in Domein)},
                )
        self.zet(instance, row, "email", klein=True)
        self.zet(instance, row, "telefoon")
        self.zet(instance, row, "website")


# --- Locaties --------------------------------------------------------------------------------


class LocatieResource(RegieResource):
    kolommen = (
        Kolom(
            "organisatie",
            ("organisatienaam",),
            verplicht=True,
            uitleg=gettext_lazy("De naam van een organisatie die al bestaat."),
            voorbeeld="Vermeer Lyceum",
        ),
        Kolom(
            "naam",
            ("locatie", "locatienaam", "vestiging"),
            verplicht=True,
            uitleg=gettext_lazy("De naam van de locatie binnen de organisatie."),
            voorbeeld="Gebouw Noord",
        ),
        Kolom("adres", ("straat", "bezoekadres"), voorbeeld="Noordweg 1, Delft"),
        Kolom(
            "wijk",
            ("buurt",),
            uitleg=gettext_lazy("Een nieuwe wijk wordt aangemaakt."),
            voorbeeld="Tanthof-Oost",
        ),
    )
    dubbel_kolom = "naam"
    naam_kolommen = ("naam",)
    naamswijziging_tekst = ngettext_lazy(
        "Let op: bij %(n)d rij wijzigt de naam van een bestaande locatie.",
        "Let op: bij %(n)d rijen wijzigt de naam van een bestaande locatie.",
        "n",
    )
    naamswijziging_uitleg = gettext_lazy(
        "Een locatie wordt herkend aan haar organisatie en naam, ongeacht hoofdletters: alleen "
        "de schrijfwijze van de naam verandert."
    )
    organisatie = Field(attribute="organisatie__naam", column_name="organisatie", readonly=True)
    naam = Field(attribute="naam", column_name="naam")
    adres = Field(attribute="adres", column_name="adres")
    wijk = Field(attribute="wijk__naam", column_name="wijk", readonly=True)

    class Meta(RegieResource.Meta):
        model = Locatie
        name = gettext_lazy("Locaties")
        fields = ("organisatie", "naam", "adres", "wijk")
        import_order = fields
        export_order = fields

    def get_queryset(self):
        return Locatie.objects.select_related("organisatie", "wijk")

    def before_import(self, dataset, **kwargs):
        self._organisaties = {o.naam.lower(): o for o in Organisatie.objects.all()}
        self._wijken = {w.naam.lower(): w for w in Wijk.objects.all()}

    def rijkopsleutel(self, row):
        return (tekst(row.get("organisatie")).lower(), tekst(row.get("naam")).lower())

    def zoek_bestaand(self, row):
        organisatie = self._organisaties.get(tekst(row.get("organisatie")).lower())
        naam = tekst(row.get("naam"))
        if organisatie is None or not naam:
            return None
        return (
            Locatie.objects.alias(naam_klein=Lower("naam"))
            .filter(organisatie=organisatie, naam_klein=Lower(Value(naam)))
            .first()
        )

    def invullen(self, instance, row, fouten):
        naam_org = tekst(row.get("organisatie"))
        organisatie = self._organisaties.get(naam_org.lower())
        if naam_org and organisatie is None:
            fouten.voeg_toe("organisatie", onbekende_organisatie(naam_org))
        elif organisatie is not None:
            instance.organisatie = organisatie
        self.zet(instance, row, "naam")
        self.zet(instance, row, "adres")
        if "wijk" in row:
            naam_wijk = tekst(row["wijk"])
            if not naam_wijk:
                instance.wijk = None
            else:
                wijk = self._wijken.get(naam_wijk.lower())
                if wijk is None:
                    # A new wijk is created with the row (and rolled back with a dry run).
                    wijk = Wijk.objects.create(naam=naam_wijk)
                    self._wijken[naam_wijk.lower()] = wijk
                instance.wijk = wijk


def onbekende_organisatie(naam: str) -> str:
    return _(
        "Onbekende organisatie '%(naam)s'. Controleer de schrijfwijze of importeer eerst de "
        "organisaties."
    ) % {"naam": naam}
