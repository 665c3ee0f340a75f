"""Persons: the import and export of persons without a role and of aandachtsfunctionarissen
(with organisation, function, locations and formal networks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from import_export.fields import Field

from netwerk.models import (
    Aandachtsfunctionaris,
    AandachtsfunctionarisLocatie,
    Lidmaatschap,
    Locatie,
    Netwerk,
    NetwerkSoort,
    Organisatie,
    Persoon,
)

from .basis import RegieResource
from .kolommen import SCHEIDING, Berekend, Kolom, TelefoonWidget, lijst, tekst
from .organisaties import onbekende_organisatie

PERSOON_KOLOMMEN = (
    Kolom("voornaam", ("roepnaam",), verplicht=True, voorbeeld="Noor"),
    Kolom("tussenvoegsel", ("tussenvoegsels", "tv"), voorbeeld="van der"),
    Kolom("achternaam", ("familienaam", "naam"), voorbeeld="Berg"),
    Kolom(
        "email",
        ("e-mail", "e-mailadres", "mail", "emailadres"),
        verplicht=True,
        uitleg=gettext_lazy(
            "Hieraan wordt de persoon herkend: bestaat het adres al, dan wordt die persoon "
            "bijgewerkt (hoofdletters maken niet uit)."
        ),
        voorbeeld="noor.vanderberg@vermeer.example",
    ),
    Kolom("telefoon", ("telefoonnummer", "tel", "mobiel", "telefoonnr"), voorbeeld="06 12345678"),
)


class PersoonBasisResource(RegieResource):
    """Persons matched on e-mail address (case-insensitive); without roles."""

    kolommen = PERSOON_KOLOMMEN
    dubbel_kolom = "email"
    naam_kolommen = ("voornaam", "tussenvoegsel", "achternaam")
    naamswijziging_tekst = ngettext_lazy(
        "Let op: bij %(n)d rij wijzigt de naam van een bestaande persoon.",
        "Let op: bij %(n)d rijen wijzigt de naam van een bestaande persoon.",
        "n",
    )
    naamswijziging_uitleg = gettext_lazy(
        "Een bestaande persoon wordt herkend aan het e-mailadres (hoofdletters maken niet uit). "
        "Hoort de nieuwe naam bij iemand anders, pas dan het e-mailadres in het bestand aan en "
        "lees het opnieuw in."
    )
    voornaam = Field(attribute="voornaam", column_name="voornaam")
    tussenvoegsel = Field(attribute="tussenvoegsel", column_name="tussenvoegsel")
    achternaam = Field(attribute="achternaam", column_name="achternaam")
    email = Field(attribute="email", column_name="email")
    telefoon = Field(attribute="telefoon", column_name="telefoon", widget=TelefoonWidget())

    class Meta(RegieResource.Meta):
        model = Persoon
        name = gettext_lazy("Personen zonder rol")
        fields = ("voornaam", "tussenvoegsel", "achternaam", "email", "telefoon")
        import_order = fields
        export_order = fields

    def get_queryset(self):
        return Persoon.objects.filter(geanonimiseerd_op__isnull=True)

    def rijkopsleutel(self, row):
        return (tekst(row.get("email")).lower(),)

    def zoek_bestaand(self, row):
        email = tekst(row.get("email"))
        return Persoon.objects.filter(email__iexact=email).first() if email else None

    def invullen(self, instance, row, fouten):
        if instance.geanonimiseerd_op:
            fouten.voeg_toe("email", _("Deze persoon is geanonimiseerd en wordt niet bijgewerkt."))
            return
        for kolom in ("voornaam", "tussenvoegsel", "achternaam", "telefoon"):
            self.zet(instance, row, kolom)
        self.zet(instance, row, "email", klein=True)


def netwerken_van_soort(persoon, soort: str) -> list[str]:
    """The networks of one kind a person is an active member of: an export of one kind never
    names the other kind's networks."""
    return [
        lid.netwerk.naam
        for lid in persoon.lidmaatschappen.all()
        if lid.actief and lid.netwerk.soort == soort
    ]


def _actieve_af_rollen(persoon) -> list[Aandachtsfunctionaris]:
    return [af for af in persoon.aandachtsfunctionarisrollen.all() if af.actief]


class AandachtsfunctionarisResource(PersoonBasisResource):
    """Persons as aandachtsfunctionaris: with organisation(s), function, locations and the
    formal networks they are a member of. Several organisations: "A; B", with the functions
    in the same order."""

    kolommen = PERSOON_KOLOMMEN + (
        Kolom(
            "organisatie",
            ("organisaties", "instelling", "werkgever"),
            uitleg=gettext_lazy(
                "Maakt de persoon aandachtsfunctionaris bij deze organisatie (die moet al "
                "bestaan). Meer organisaties: scheid ze met een puntkomma."
            ),
            voorbeeld="Vermeer Lyceum",
        ),
        Kolom(
            "functie",
            ("functies", "rol"),
            uitleg=gettext_lazy("Bij meer organisaties: de functies in dezelfde volgorde."),
            voorbeeld="Zorgcoördinator",
        ),
        Kolom(
            "locaties",
            ("locatie", "vestiging", "vestigingen"),
            uitleg=gettext_lazy(
                "Locaties van die organisatie, gescheiden door een puntkomma: "
                "Gebouw Noord; Gebouw Zuid."
            ),
            voorbeeld="Gebouw Noord; Gebouw Zuid",
        ),
        Kolom(
            "netwerk",
            ("netwerken",),
            uitleg=gettext_lazy("Een formeel netwerk waarvan de persoon lid wordt."),
            voorbeeld="Netwerk aandachtsfunctionarissen Delft",
        ),
    )
    organisatie = Berekend(
        "organisatie", lambda p: [af.organisatie.naam for af in _actieve_af_rollen(p)]
    )
    functie = Berekend("functie", lambda p: [af.functie for af in _actieve_af_rollen(p)])
    locaties = Berekend(
        "locaties",
        lambda p: [loc.naam for af in _actieve_af_rollen(p) for loc in af.locaties.all()],
    )
    netwerk = Berekend("netwerk", lambda p: netwerken_van_soort(p, NetwerkSoort.FORMEEL))

    class Meta(PersoonBasisResource.Meta):
        name = gettext_lazy("Aandachtsfunctionarissen")
        fields = PersoonBasisResource.Meta.fields + (
            "organisatie",
            "functie",
            "locaties",
            "netwerk",
        )
        import_order = fields
        export_order = fields

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "aandachtsfunctionarisrollen__organisatie",
                "aandachtsfunctionarisrollen__locaties",
                "lidmaatschappen__netwerk",
            )
        )

    def before_import(self, dataset, **kwargs):
        self._organisaties = {o.naam.lower(): o for o in Organisatie.objects.all()}
        self._locaties = {
            (loc.organisatie_id, loc.naam.lower()): loc for loc in Locatie.objects.all()
        }
        self._netwerken = {n.naam.lower(): n for n in Netwerk.objects.all()}

    def invullen(self, instance, row, fouten):
        super().invullen(instance, row, fouten)
        if fouten:
            return
        organisaties = []
        for naam in lijst(row.get("organisatie")):
            organisatie = self._organisaties.get(naam.lower())
            if organisatie is None:
                fouten.voeg_toe("organisatie", onbekende_organisatie(naam))
            else:
                organisaties.append(organisatie)
        # Functions keep their empty places ("Mentor; " is two functions, the second empty).
        functies = [d.strip() for d in tekst(row.get("functie")).split(SCHEIDING)]
        if not any(functies):
            functies = None
        elif len(functies) > 1 and len(functies) != len(organisaties):
            fouten.voeg_toe(
                "functie",
                _("Geef één functie, of per organisatie een functie in dezelfde volgorde."),
            )
        locaties = []
        for naam in lijst(row.get("locaties")):
            gevonden = [
                self._locaties.get((o.pk, naam.lower()))
                for o in organisaties
                if (o.pk, naam.lower()) in self._locaties
            ]
            if not gevonden:
                fouten.voeg_toe(
                    "locaties",
                    _("Onbekende locatie '%(locatie)s' bij %(organisaties)s.")
                    % {
                        "locatie": naam,
                        "organisaties": ", ".join(o.naam for o in organisaties)
                        or _("(geen organisatie in deze rij)"),
                    },
                )
            locaties.extend(gevonden)
        netwerken = []
        for naam in lijst(row.get("netwerk")):
            netwerk = self._netwerken.get(naam.lower())
            if netwerk is None:
                fouten.voeg_toe("netwerk", _("Onbekend netwerk '%(naam)s'.") % {"naam": naam})
            elif netwerk.soort != NetwerkSoort.FORMEEL:
                fouten.voeg_toe(
                    "netwerk",
                    _(
                        "'%(naam)s' is een informeel netwerk. Aandachtsfunctionarissen horen bij "
                        "het formele netwerk; sleutelpersonen voegt u toe in het beheer."
                    )
                    % {"naam": naam},
                )
            else:
                netwerken.append(netwerk)
        if fouten:
            return
        self._rollen_plannen(instance, organisaties, functies, locaties, netwerken)

    def _rollen_plannen(self, persoon, organisaties, functies, locaties, netwerken):
        """Compare with the database; remember only what must change."""
        bestaande = {}
        leden = {}
        gekoppeld = set()
        if persoon.pk:
            bestaande = {af.organisatie_id: af for af in persoon.aandachtsfunctionarisrollen.all()}
            leden = {lid.netwerk_id: lid for lid in persoon.lidmaatschappen.all()}
            gekoppeld = set(
                AandachtsfunctionarisLocatie.objects.filter(
                    aandachtsfunctionaris__persoon=persoon
                ).values_list("aandachtsfunctionaris__organisatie_id", "locatie_id")
            )
        wijzigingen = persoon._regie_wijzigingen
        for i, organisatie in enumerate(organisaties):
            functie = None
            if functies:
                functie = functies[i] if len(functies) > 1 else functies[0]
            af = bestaande.get(organisatie.pk)
            if af is None or not af.actief or (functie is not None and af.functie != functie):
                wijzigingen.append(_AfOpslaan(persoon, organisatie, functie))
        for locatie in locaties:
            if (locatie.organisatie_id, locatie.pk) not in gekoppeld:
                wijzigingen.append(_LocatieKoppelen(persoon, locatie))
        for netwerk in netwerken:
            lid = leden.get(netwerk.pk)
            if lid is None or not lid.actief:
                wijzigingen.append(_LidWorden(persoon, netwerk))


@dataclass
class _AfOpslaan:
    persoon: Persoon
    organisatie: Organisatie
    functie: str | None

    def __call__(self):
        af, _nieuw = Aandachtsfunctionaris.objects.get_or_create(
            persoon=self.persoon,
            organisatie=self.organisatie,
            defaults={"sinds": timezone.localdate()},
        )
        af.actief = True
        if self.functie is not None:
            af.functie = self.functie
        af.save()


@dataclass
class _LocatieKoppelen:
    persoon: Persoon
    locatie: Locatie

    def __call__(self):
        af = Aandachtsfunctionaris.objects.get(
            persoon=self.persoon, organisatie_id=self.locatie.organisatie_id
        )
        AandachtsfunctionarisLocatie.objects.get_or_create(
            aandachtsfunctionaris=af, locatie=self.locatie
        )


@dataclass
class _LidWorden:
    persoon: Persoon
    netwerk: Netwerk

    def __call__(self):
        lid, _nieuw = Lidmaatschap.objects.get_or_create(persoon=self.persoon, netwerk=self.netwerk)
        if not lid.actief:
            lid.actief = True
            lid.tot = None
            lid.save()
