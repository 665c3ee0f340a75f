"""Persons: the import and export of persons without a role and of aandachtsfunctionarissen
(with organisation, function, locations and formal networks)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Value, prefetch_related_objects
from django.db.models.functions import Lower
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
        if not email:
            return None
        # Compared as the unique constraint compares addresses (lower case), so its index
        # answers at once; ``email__iexact`` (upper case) read the whole table for every row,
        # the rows this import had added so far included.
        return (
            Persoon.objects.exclude(email="")
            .alias(email_klein=Lower("email"))
            .filter(email_klein=Lower(Value(email)))
            .first()
        )

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
        lid.netwerk.naam for lid in _leden(persoon) if lid.actief and lid.netwerk.soort == soort
    ]


@dataclass
class _NieuwePersoon:
    """What a person new in this import has once its row is saved: exactly what the row made,
    since nothing else can point at a person that did not exist before. The preview reads its
    "after" values from here, without asking the database again."""

    rollen: list[Aandachtsfunctionaris] = field(default_factory=list)
    locaties: dict[int, list[Locatie]] = field(default_factory=dict)  # per role (pk)
    leden: list[Lidmaatschap] = field(default_factory=list)


def _nieuw(persoon) -> _NieuwePersoon | None:
    return getattr(persoon, "_regie_nieuw", None)


def _leden(persoon) -> list[Lidmaatschap]:
    nieuw = _nieuw(persoon)
    if nieuw is None:
        return list(persoon.lidmaatschappen.all())
    return sorted(nieuw.leden, key=lambda lid: lid.netwerk.naam)  # as the model orders them


def _locaties(persoon, af: Aandachtsfunctionaris) -> list[Locatie]:
    nieuw = _nieuw(persoon)
    if nieuw is None:
        return list(af.locaties.all())
    return sorted(nieuw.locaties.get(af.pk, []), key=lambda loc: loc.naam)  # one organisation


# What the computed columns read of a person, in three queries (``verschil_voorbereiden``).
_ROLLEN_LEZEN = (
    Prefetch(
        "aandachtsfunctionarisrollen",
        queryset=Aandachtsfunctionaris.objects.select_related("organisatie").prefetch_related(
            "locaties"
        ),
    ),
    Prefetch("lidmaatschappen", queryset=Lidmaatschap.objects.select_related("netwerk")),
)


def _actieve_af_rollen(persoon) -> list[Aandachtsfunctionaris]:
    nieuw = _nieuw(persoon)
    rollen = persoon.aandachtsfunctionarisrollen.all() if nieuw is None else nieuw.rollen
    return [af for af in rollen if af.actief]


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
        lambda p: [loc.naam for af in _actieve_af_rollen(p) for loc in _locaties(p, af)],
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

    def verschil_voorbereiden(self, instance):
        if instance is None or instance.pk is None or _nieuw(instance) is not None:
            return
        # Read afresh each time: the "after" values must show what the row itself changed.
        instance._prefetched_objects_cache = {}
        prefetch_related_objects([instance], *_ROLLEN_LEZEN)

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
        """Compare with the database; remember only what must change. A person new in this
        import has no roles or memberships yet, so these are made without looking first."""
        nieuw = persoon.pk is None
        if nieuw:
            persoon._regie_nieuw = _NieuwePersoon()
        bestaande = {}
        leden = {}
        gekoppeld = set()
        if not nieuw:
            bestaande = {af.organisatie_id: af for af in persoon.aandachtsfunctionarisrollen.all()}
            leden = {lid.netwerk_id: lid for lid in persoon.lidmaatschappen.all()}
            gekoppeld = set(
                AandachtsfunctionarisLocatie.objects.filter(
                    aandachtsfunctionaris__persoon=persoon
                ).values_list("aandachtsfunctionaris__organisatie_id", "locatie_id")
            )
        # An organisation named twice in a row is one role; the function named last counts.
        per_organisatie = {}
        for i, organisatie in enumerate(organisaties):
            functie = None
            if functies:
                functie = functies[i] if len(functies) > 1 else functies[0]
            per_organisatie[organisatie.pk] = (organisatie, functie)
        wijzigingen = persoon._regie_wijzigingen
        for organisatie, functie in per_organisatie.values():
            af = bestaande.get(organisatie.pk)
            if af is None or not af.actief or (functie is not None and af.functie != functie):
                wijzigingen.append(_AfOpslaan(persoon, organisatie, functie, af, nieuw))
        for locatie in locaties:
            if (locatie.organisatie_id, locatie.pk) not in gekoppeld:
                gekoppeld.add((locatie.organisatie_id, locatie.pk))
                af = bestaande.get(locatie.organisatie_id)
                wijzigingen.append(_LocatieKoppelen(persoon, locatie, af))
        for netwerk in dict.fromkeys(netwerken):
            lid = leden.get(netwerk.pk)
            if lid is None or not lid.actief:
                wijzigingen.append(_LidWorden(persoon, netwerk, lid, nieuw))


def _gemaakte_rollen(persoon) -> dict[int, tuple[Aandachtsfunctionaris, bool]]:
    """The roles this row saved, per organisation: (role, made by this row)."""
    if not hasattr(persoon, "_regie_rollen"):
        persoon._regie_rollen = {}
    return persoon._regie_rollen


@dataclass
class _AfOpslaan:
    persoon: Persoon
    organisatie: Organisatie
    functie: str | None
    bestaand: Aandachtsfunctionaris | None  # the role as read when the row was planned
    persoon_nieuw: bool

    def __call__(self):
        af = self.bestaand
        gemaakt = af is None and self.persoon_nieuw
        if gemaakt:
            af = Aandachtsfunctionaris.objects.create(
                persoon=self.persoon,
                organisatie=self.organisatie,
                sinds=timezone.localdate(),
                functie=self.functie or "",
            )
        else:
            if af is None:
                af, gemaakt = Aandachtsfunctionaris.objects.get_or_create(
                    persoon=self.persoon,
                    organisatie=self.organisatie,
                    defaults={"sinds": timezone.localdate()},
                )
            af.actief = True
            if self.functie is not None:
                af.functie = self.functie
            af.save()
        _gemaakte_rollen(self.persoon)[self.organisatie.pk] = (af, gemaakt)
        if _nieuw(self.persoon) is not None:
            _nieuw(self.persoon).rollen.append(af)


@dataclass
class _LocatieKoppelen:
    persoon: Persoon
    locatie: Locatie
    af: Aandachtsfunctionaris | None  # the role as read when the row was planned, if any

    def __call__(self):
        af, gemaakt = _gemaakte_rollen(self.persoon).get(
            self.locatie.organisatie_id, (self.af, False)
        )
        if af is None:
            af = Aandachtsfunctionaris.objects.get(
                persoon=self.persoon, organisatie_id=self.locatie.organisatie_id
            )
        if gemaakt:
            # The role was made by this row: it has no locations yet.
            AandachtsfunctionarisLocatie.objects.create(
                aandachtsfunctionaris=af, locatie=self.locatie
            )
        else:
            AandachtsfunctionarisLocatie.objects.get_or_create(
                aandachtsfunctionaris=af, locatie=self.locatie
            )
        if _nieuw(self.persoon) is not None:
            _nieuw(self.persoon).locaties.setdefault(af.pk, []).append(self.locatie)


@dataclass
class _LidWorden:
    persoon: Persoon
    netwerk: Netwerk
    bestaand: Lidmaatschap | None  # the membership as read when the row was planned
    persoon_nieuw: bool

    def __call__(self):
        if self.bestaand is None and self.persoon_nieuw:
            lid = Lidmaatschap.objects.create(persoon=self.persoon, netwerk=self.netwerk)
            _nieuw(self.persoon).leden.append(lid)
            return
        lid = self.bestaand
        if lid is None:
            lid, _gemaakt = Lidmaatschap.objects.get_or_create(
                persoon=self.persoon, netwerk=self.netwerk
            )
        if not lid.actief:
            lid.actief = True
            lid.tot = None
            lid.save()
