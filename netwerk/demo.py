"""A Delft-like network for trying Netwerkregie (``manage.py demo_data``).

About 40 organisations over every domain with their locations, about 150
aandachtsfunctionarissen in a formal network, a strategic network of 15 sleutelpersonen (8 very
active; a jongerenwerker and a wijkagent with a formal role; one "op de achtergrond"), a werkgroep
on unrest after an incident, wijken, communities and contact moments. Every name of a person or
an organisation is invented. Idempotent: everything is found again by a natural key, so running
it twice changes nothing; the random choices come from a fixed seed.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import (
    Aandachtsfunctionaris,
    AandachtsfunctionarisLocatie,
    Betrokkenheid,
    Contactmoment,
    ContactSoort,
    Convenant,
    ConvenantStatus,
    Domein,
    Gemeenschap,
    Lidmaatschap,
    Locatie,
    Netwerk,
    NetwerkSoort,
    Organisatie,
    Persoon,
    Sleutelpersoon,
    Thema,
    Werkgroep,
    Werkgroeplid,
    Wijk,
)

WIJKEN = [
    "Binnenstad", "Hof van Delft", "Vrijenban", "Voordijkshoorn", "Tanthof-Oost",
    "Tanthof-West", "Buitenhof", "Voorhof", "Wippolder", "Ruiven", "Schieweg", "Den Hoorn",
]  # fmt: skip

GEMEENSCHAPPEN = [
    ("Turkse gemeenschap", "Bezoekers van twee moskeeën en de Turkse vrouwenvereniging"),
    ("Marokkaanse gemeenschap", ""),
    ("Somalische gemeenschap", ""),
    ("Eritrese gemeenschap", "Vooral jonge statushouders en hun gezinnen"),
    ("Syrische gemeenschap", ""),
    ("Moskeebezoekers Voorhof", "Vrijdaggebed en de weekendschool"),
    ("Studenten", "Internationale studenten en studentenverenigingen"),
]

# (name, domain, locations)
ORGANISATIES = [
    ("Vermeer Lyceum", Domein.ONDERWIJS, ["Gebouw Noord", "Gebouw Zuid"]),
    ("Hugo de Groot College", Domein.ONDERWIJS, ["Hoofdgebouw", "Dependance Voorhof"]),
    ("Christelijk College Delfland", Domein.ONDERWIJS, ["Locatie Buitenhof", "Locatie Tanthof"]),
    ("Techniekcollege Schieoevers", Domein.ONDERWIJS, ["Campus Schieweg", "Praktijkhal"]),
    ("ROC Haaglanden-Delft", Domein.ONDERWIJS, ["Zorg en welzijn", "Techniek", "Entree"]),
    ("Basisschool De Regenboog", Domein.ONDERWIJS, ["Hoofdlocatie"]),
    ("Basisschool Het Prinsenhof", Domein.ONDERWIJS, ["Hoofdlocatie", "Kleuterbouw"]),
    ("Basisschool De Wilgen", Domein.ONDERWIJS, ["Hoofdlocatie"]),
    ("Hogeschool Delfland", Domein.ONDERWIJS, ["Campus Zuid"]),
    ("Jongerenwerk Delfland", Domein.JONGERENWERK, ["Jongerencentrum De Hoorn",
                                                    "Jongerencentrum Buitenhof",
                                                    "Ambulant team"]),
    ("Stichting Jong Delft", Domein.JONGERENWERK, ["Tienerhuis Tanthof"]),
    ("Welzijn Delft", Domein.WELZIJN, ["Buurthuis Voorhof", "Buurthuis Wippolder",
                                       "Buurthuis Hof van Delft"]),
    ("Maatschappelijke Dienstverlening Delft", Domein.WELZIJN, ["Loket Centrum"]),
    ("Wijkteam Delft", Domein.JEUGDHULP, ["Team Noord", "Team Zuid", "Team West"]),
    ("Jeugdhulp Haaglanden", Domein.JEUGDHULP, ["Ambulante hulp", "Gezinshuis"]),
    ("Centrum voor Jeugd en Gezin Delft", Domein.JEUGDHULP, ["CJG Centrum", "CJG Buitenhof"]),
    ("GGZ Delfland", Domein.GGZ, ["Polikliniek", "FACT-team"]),
    ("Psychiatrisch Centrum Schieweg", Domein.GGZ, ["Kliniek"]),
    ("Huisartsenpraktijk Voorhof", Domein.ZORG, ["Praktijk"]),
    ("GGD Haaglanden", Domein.ZORG, ["Jeugdgezondheidszorg Delft"]),
    ("Sportservice Delft", Domein.SPORT, ["Sporthal Buitenhof", "Buurtsportcoaches"]),
    ("Voetbalvereniging DVC Tanthof", Domein.SPORT, ["Sportpark Tanthof"]),
    ("Gemeente Delft", Domein.GEMEENTE, ["Stadskantoor", "Wijkcentrum Zuid"]),
    ("Werkplein Delft", Domein.GEMEENTE, ["Werkplein"]),
    ("Bibliotheek Delft", Domein.GEMEENTE, ["Centrale bibliotheek", "Filiaal Voorhof"]),
    ("Politie basisteam Delft", Domein.POLITIE, ["Bureau Centrum", "Wijkagenten Zuid"]),
    ("Reclassering West", Domein.JUSTITIE, ["Unit Delft"]),
    ("Veiligheidshuis Haaglanden", Domein.JUSTITIE, ["Veiligheidshuis"]),
    ("Raad voor de Kinderbescherming", Domein.JUSTITIE, ["Regio Haaglanden"]),
    ("Stadswacht Delft", Domein.HANDHAVING, ["Toezicht centrum", "Toezicht wijken"]),
    ("Woonstichting Delfland", Domein.WONINGCORPORATIE, ["Wijkkantoor Buitenhof",
                                                        "Wijkkantoor Voorhof"]),
    ("Wooncorporatie Vidomes Delft", Domein.WONINGCORPORATIE, ["Klantcentrum"]),
    ("Moskee Al Nour", Domein.RELIGIEUS, ["Moskee en weekendschool"]),
    ("Turks-Islamitisch Cultureel Centrum", Domein.RELIGIEUS, ["Centrum Voorhof"]),
    ("Protestantse Gemeente Delft", Domein.RELIGIEUS, ["Oude Kerk"]),
    ("Stichting Somalische Delftenaren", Domein.MIGRANTEN, ["Ontmoetingsruimte"]),
    ("VluchtelingenWerk Delft", Domein.MIGRANTEN, ["Spreekuur Centrum"]),
    ("Eritrese Vereniging Haaglanden", Domein.MIGRANTEN, ["Verenigingslokaal"]),
    ("Vrouwennetwerk Delft", Domein.VROUWENNETWERK, ["Vrouwencentrum"]),
    ("Stichting Buurtbemiddeling Delft", Domein.OVERIG, ["Kantoor"]),
]  # fmt: skip

VOORNAMEN = [
    "Anna", "Bram", "Chaima", "Daan", "Esra", "Fleur", "Gijs", "Hanna", "Ibrahim", "Julia",
    "Kevin", "Lotte", "Mohamed", "Nina", "Omar", "Priya", "Quinten", "Rania", "Sanne", "Thijs",
    "Umut", "Vera", "Willem", "Yara", "Zeynep", "Ahmed", "Bas", "Dilan", "Eline", "Fatma",
    "Hamza", "Iris", "Jesse", "Kim", "Lina", "Mees", "Naima", "Olga", "Pim", "Roos", "Selin",
    "Tom", "Ufuk", "Wendy", "Yusuf", "Zoë", "Amal", "Bilal", "Carmen", "Dewi",
]  # fmt: skip
ACHTERNAMEN = [
    ("", "Aksoy"), ("de", "Boer"), ("", "Chatri"), ("van", "Dam"), ("", "El Idrissi"),
    ("", "Franken"), ("", "Gökmen"), ("van der", "Heijden"), ("", "Ismaili"), ("", "Jansen"),
    ("", "Kaya"), ("", "Lambrechts"), ("", "Mahdi"), ("", "Nijhuis"), ("", "Osman"),
    ("", "Prins"), ("", "Quist"), ("", "Rahimi"), ("", "Schouten"), ("", "Tahiri"),
    ("van", "Uden"), ("", "Verbeek"), ("de", "Wit"), ("", "Yilmaz"), ("", "Zandbergen"),
    ("", "Amrani"), ("", "Bulut"), ("van den", "Dool"), ("", "Ertürk"), ("", "Hassan"),
]  # fmt: skip
FUNCTIES = {
    Domein.ONDERWIJS: ["Zorgcoördinator", "Mentor", "Teamleider", "Docent burgerschap",
                       "Intern begeleider"],
    Domein.JONGERENWERK: ["Jongerenwerker", "Straathoekwerker", "Coördinator jongerenwerk"],
    Domein.WELZIJN: ["Opbouwwerker", "Maatschappelijk werker", "Buurtconsulent"],
    Domein.JEUGDHULP: ["Jeugdconsulent", "Gezinscoach", "Ambulant hulpverlener"],
    Domein.GGZ: ["Psychiater", "Sociaal psychiatrisch verpleegkundige", "Behandelaar"],
    Domein.ZORG: ["Huisarts", "Jeugdverpleegkundige"],
    Domein.SPORT: ["Buurtsportcoach", "Jeugdcoördinator"],
    Domein.GEMEENTE: ["Beleidsadviseur veiligheid", "Klantmanager", "Wijkregisseur"],
    Domein.POLITIE: ["Wijkagent", "Jeugdagent"],
    Domein.JUSTITIE: ["Reclasseringswerker", "Procesregisseur", "Raadsonderzoeker"],
    Domein.HANDHAVING: ["Handhaver", "Teamleider toezicht"],
    Domein.WONINGCORPORATIE: ["Wijkbeheerder", "Woonconsulent"],
    Domein.RELIGIEUS: ["Bestuurslid", "Jongerencoördinator"],
    Domein.MIGRANTEN: ["Coördinator", "Vrijwilliger"],
    Domein.VROUWENNETWERK: ["Coördinator"],
    Domein.OVERIG: ["Bemiddelaar"],
}  # fmt: skip

# Where the domain's functions would be wrong for the organisation.
FUNCTIES_PER_ORGANISATIE = {
    "Raad voor de Kinderbescherming": ["Raadsonderzoeker", "Teamleider"],
    "Reclassering West": ["Reclasseringswerker"],
    "Veiligheidshuis Haaglanden": ["Procesregisseur", "Casusregisseur"],
    "GGD Haaglanden": ["Jeugdverpleegkundige", "Jeugdarts"],
    "Huisartsenpraktijk Voorhof": ["Huisarts", "Praktijkondersteuner GGZ"],
    "Bibliotheek Delft": ["Coördinator educatie", "Bibliothecaris"],
    "Werkplein Delft": ["Klantmanager", "Jobcoach"],
    "Hogeschool Delfland": ["Studentendecaan", "Docent"],
    "Basisschool De Regenboog": ["Intern begeleider", "Leerkracht"],
    "Basisschool Het Prinsenhof": ["Intern begeleider", "Leerkracht"],
    "Basisschool De Wilgen": ["Intern begeleider", "Leerkracht"],
}

# A location whose name says where it is lies in that wijk.
WIJK_IN_NAAM = {
    "tanthof": "Tanthof-Oost",
    "buitenhof": "Buitenhof",
    "voorhof": "Voorhof",
    "wippolder": "Wippolder",
    "hof van delft": "Hof van Delft",
    "hoorn": "Den Hoorn",
    "schieweg": "Schieweg",
    "centrum": "Binnenstad",
    "centrale": "Binnenstad",
    "stadskantoor": "Binnenstad",
    "oude kerk": "Binnenstad",
    "zuid": "Voorhof",
    "noord": "Vrijenban",
}


def _wijk_van(locatienaam: str, willekeurig: str) -> str:
    naam = locatienaam.lower()
    return next((w for sleutel, w in WIJK_IN_NAAM.items() if sleutel in naam), willekeurig)


# (voornaam, tussenvoegsel, achternaam, betrokkenheid, formele rol, op de achtergrond,
#  gemeenschappen, wijken, achterban)
SLEUTELPERSONEN = [
    ("Hatice", "", "Demir", Betrokkenheid.KERN, "", False, ["Turkse gemeenschap"],
     ["Voorhof"], "Turkse moeders en de vrouwenvereniging"),
    ("Abdi", "", "Warsame", Betrokkenheid.KERN, "", False, ["Somalische gemeenschap"],
     ["Buitenhof"], "Somalische gezinnen in Buitenhof"),
    ("Yonas", "", "Tesfay", Betrokkenheid.KERN, "", False, ["Eritrese gemeenschap"],
     ["Tanthof-Oost"], "Jonge Eritrese statushouders"),
    ("Khalid", "", "Bennani", Betrokkenheid.KERN, "jongerenwerker", False,
     ["Marokkaanse gemeenschap"], ["Buitenhof", "Voorhof"], "Jongeren van het pleintje"),
    ("Marco", "van", "Leeuwen", Betrokkenheid.KERN, "wijkagent", False, [],
     ["Voorhof", "Buitenhof"], "Wijkagent Delft-Zuid"),
    ("Rasha", "", "Haddad", Betrokkenheid.ACTIEF, "", False, ["Syrische gemeenschap"],
     ["Wippolder"], "Syrische nieuwkomers"),
    ("Imam", "", "Farouk", Betrokkenheid.ACTIEF, "", True, ["Moskeebezoekers Voorhof"],
     ["Voorhof"], "Bezoekers van het vrijdaggebed"),
    ("Leyla", "", "Öztürk", Betrokkenheid.ACTIEF, "", False, ["Turkse gemeenschap",
     "Studenten"], ["Binnenstad"], "Turkse studenten"),
    ("Samira", "", "Ouali", Betrokkenheid.MINDER_ACTIEF, "", False,
     ["Marokkaanse gemeenschap"], ["Tanthof-West"], "Moeders van de basisschool"),
    ("Peter", "", "Verhoef", Betrokkenheid.MINDER_ACTIEF, "", False, [], ["Hof van Delft"],
     "Bewonerscommissie Hof van Delft"),
    ("Amina", "", "Jama", Betrokkenheid.MINDER_ACTIEF, "", False, ["Somalische gemeenschap"],
     ["Buitenhof"], "Somalische vrouwen"),
    ("Tesfay", "", "Gebre", Betrokkenheid.WERKGROEPEN, "", False, ["Eritrese gemeenschap"],
     ["Tanthof-Oost"], "Eritrese kerkgemeenschap"),
    ("Mustafa", "", "Arslan", Betrokkenheid.WERKGROEPEN, "", False, ["Turkse gemeenschap"],
     ["Voorhof"], "Sportclub Anadolu"),
    ("Nadia", "", "Rahmani", Betrokkenheid.WERKGROEPEN, "", False, ["Studenten"],
     ["Wippolder"], "Internationale studenten"),
    ("Joost", "", "Mulder", Betrokkenheid.MINDER_ACTIEF, "", False, [], ["Vrijenban"],
     "Ondernemers Vrijenban"),
]  # fmt: skip


def demo_data_aanmaken(stdout) -> None:
    rnd = random.Random(20261123)  # noqa: S311 (demo data, not security)
    vandaag = timezone.localdate()
    regisseur = get_user_model().objects.filter(email="regisseur@demo.netwerkregie.nl").first()
    with transaction.atomic():
        wijken = {naam: Wijk.objects.get_or_create(naam=naam)[0] for naam in WIJKEN}
        gemeenschappen = {
            naam: Gemeenschap.objects.get_or_create(naam=naam, defaults={"omschrijving": oms})[0]
            for naam, oms in GEMEENSCHAPPEN
        }
        formeel, nieuw_formeel = Netwerk.objects.get_or_create(
            naam="Netwerk aandachtsfunctionarissen Delft",
            defaults={
                "thema": Thema.RADICALISERING,
                "soort": NetwerkSoort.FORMEEL,
                "omschrijving": "Professionals die in hun organisatie het aanspreekpunt zijn "
                "voor radicalisering en polarisatie.",
            },
        )
        informeel, nieuw_informeel = Netwerk.objects.get_or_create(
            naam="Strategisch netwerk sleutelpersonen (SNRP)",
            defaults={
                "thema": Thema.POLARISATIE,
                "soort": NetwerkSoort.INFORMEEL,
                "omschrijving": "Sleutelpersonen uit de gemeenschappen; komt minstens elke zes "
                "weken bijeen en extra bij incidenten.",
            },
        )
        ondermijning, nieuw_ondermijning = Netwerk.objects.get_or_create(
            naam="Ondermijning Buitenhof",
            defaults={"thema": Thema.ONDERMIJNING, "soort": NetwerkSoort.FORMEEL},
        )
        # The demo's registry has a history: its rows were registered years ago, so the yearly
        # report of last year (its default) shows the network, not zero.
        for netwerk, nieuw in (
            (formeel, nieuw_formeel),
            (informeel, nieuw_informeel),
            (ondermijning, nieuw_ondermijning),
        ):
            if nieuw:
                _geregistreerd(netwerk, date(2019, 1, 1))

        locaties = []
        organisaties = []
        for naam, domein, locatienamen in ORGANISATIES:
            org, nieuw = Organisatie.objects.get_or_create(naam=naam, defaults={"domein": domein})
            if nieuw:
                _geregistreerd(org, date(2019, 1, 1))
            organisaties.append(org)
            for locatienaam in locatienamen:
                loc, nieuw = Locatie.objects.get_or_create(
                    organisatie=org,
                    naam=locatienaam,
                    defaults={"wijk": wijken[_wijk_van(locatienaam, rnd.choice(WIJKEN))]},
                )
                if nieuw:
                    _geregistreerd(loc, date(2019, 1, 1))
                locaties.append(loc)

        # About 150 aandachtsfunctionarissen; most locations covered, some deliberately not.
        per_org = {org.pk: [loc for loc in locaties if loc.organisatie_id == org.pk]
                   for org in organisaties}  # fmt: skip
        nummer = 0
        for org in organisaties:
            aantal = rnd.randint(2, 6) if org.domein != Domein.OVERIG else 1
            for _ in range(aantal):
                nummer += 1
                voornaam = VOORNAMEN[nummer % len(VOORNAMEN)]
                tv, achternaam = ACHTERNAMEN[(nummer * 7) % len(ACHTERNAMEN)]
                email = _adres(f"{voornaam}.{achternaam}.{nummer}", f"demo-{org.pk}.example")
                # Every random choice is drawn whether or not the row exists already, so a
                # second run makes the same choices and finds every row again.
                functie = rnd.choice(
                    FUNCTIES_PER_ORGANISATIE.get(org.naam) or FUNCTIES[Domein(org.domein)]
                )
                sinds = date(2019, 1, 1) + timedelta(days=rnd.randint(0, 2400))
                actief = rnd.random() > 0.05
                locatie = rnd.choice(per_org[org.pk]) if per_org[org.pk] else None
                met_locatie = rnd.random() > 0.2
                in_netwerk = rnd.random() > 0.1
                dagen_stil = rnd.choice([10, 40, 90, 150, 400, 700])
                soort_contact = rnd.choice(ContactSoort.values)
                persoon, nieuw = Persoon.objects.get_or_create(
                    email=email,
                    defaults={
                        "voornaam": voornaam,
                        "tussenvoegsel": tv,
                        "achternaam": achternaam,
                        "telefoon": f"06{20000000 + nummer * 7919 % 9999999:08d}",
                    },
                )
                if nieuw:  # in the registry since they became aandachtsfunctionaris
                    Persoon.objects.filter(pk=persoon.pk).update(
                        aangemaakt_op=timezone.make_aware(datetime.combine(sinds, time(9)))
                    )
                af, nieuw = Aandachtsfunctionaris.objects.get_or_create(
                    persoon=persoon,
                    organisatie=org,
                    defaults={"functie": functie, "sinds": sinds, "actief": actief},
                )
                if nieuw:
                    _geregistreerd(af, sinds)
                if locatie is not None and met_locatie:
                    AandachtsfunctionarisLocatie.objects.get_or_create(
                        aandachtsfunctionaris=af, locatie=locatie
                    )
                if in_netwerk:
                    Lidmaatschap.objects.get_or_create(
                        netwerk=formeel, persoon=persoon, defaults={"sinds": sinds}
                    )
                if not Contactmoment.objects.filter(persoon=persoon).exists():
                    # Some have gone quiet: their last contact is more than a year ago.
                    Contactmoment.objects.create(
                        persoon=persoon,
                        datum=vandaag - timedelta(days=dagen_stil),
                        soort=soort_contact,
                        door=regisseur,
                    )

        demo_professional_koppelen(formeel, organisaties[9], per_org)

        sleutelpersonen = []
        for i, (vn, tv, an, betrokken, rol, achtergrond, gem, wk, achterban) in enumerate(
            SLEUTELPERSONEN
        ):
            persoon, nieuw = Persoon.objects.get_or_create(
                email=_adres(f"{vn}.{an}", "sleutel.example"),
                defaults={"voornaam": vn, "tussenvoegsel": tv, "achternaam": an},
            )
            if nieuw:
                Persoon.objects.filter(pk=persoon.pk).update(
                    aangemaakt_op=timezone.make_aware(datetime(2020, 3, 1, 9))
                )
            sp, nieuw = Sleutelpersoon.objects.get_or_create(
                persoon=persoon,
                defaults={
                    "betrokkenheid": betrokken,
                    "formele_rol": rol,
                    "op_de_achtergrond": achtergrond,
                    "achterban": achterban,
                    "sinds": date(2020, 3, 1) + timedelta(days=90 * i),
                    "geintroduceerd_door": sleutelpersonen[0].persoon if i > 2 else None,
                },
            )
            if nieuw:
                _geregistreerd(sp, sp.sinds)
                sp.gemeenschappen.set([gemeenschappen[g] for g in gem])
                sp.wijken.set([wijken[w] for w in wk])
            sleutelpersonen.append(sp)
            Lidmaatschap.objects.get_or_create(
                netwerk=informeel, persoon=persoon, defaults={"sinds": sp.sinds}
            )
            if not Contactmoment.objects.filter(persoon=persoon).exists():
                Contactmoment.objects.create(
                    persoon=persoon,
                    datum=vandaag - timedelta(days=[7, 20, 45, 200, 420][i % 5]),
                    soort=ContactSoort.GESPREK,
                    door=regisseur,
                )

        werkgroep, nieuw = Werkgroep.objects.get_or_create(
            naam="Werkgroep onrust Buitenhof",
            defaults={
                "aanleiding": "Onrust in de wijk na een incident bij het winkelcentrum; "
                "sleutelpersonen, jongerenwerk en de wijkagent stemmen af met ouders en "
                "jongeren.",
                "netwerk": informeel,
                "start": vandaag - timedelta(days=30),
            },
        )
        if nieuw:
            for sp in sleutelpersonen[:5]:
                Werkgroeplid.objects.create(werkgroep=werkgroep, persoon=sp.persoon)
            buiten, _ = Persoon.objects.get_or_create(
                email="voorzitter.winkeliers@buitenhof.example",
                defaults={"voornaam": "Erik", "achternaam": "Smit"},
            )
            Werkgroeplid.objects.create(
                werkgroep=werkgroep, persoon=buiten, rol="Voorzitter winkeliersvereniging"
            )
        demo_convenanten(vandaag)
    stdout.write(
        f"Demo-netwerk: {Organisatie.objects.count()} organisaties, "
        f"{Aandachtsfunctionaris.objects.count()} aandachtsfunctionarissen, "
        f"{Sleutelpersoon.objects.count()} sleutelpersonen."
    )


def _geregistreerd(obj, op: date) -> None:
    """Put a demo row's registration date in the past (``aangemaakt_op`` is set on create)."""
    type(obj).objects.filter(pk=obj.pk).update(
        aangemaakt_op=timezone.make_aware(datetime.combine(op, time(9)))
    )


def _adres(naam: str, domein: str) -> str:
    ascii_naam = unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode()
    return f"{ascii_naam.replace(' ', '').lower()}@{domein}"


def demo_professional_koppelen(formeel, organisatie, per_org) -> None:
    """The demo professional is an aandachtsfunctionaris too, so the directory shows them."""
    account = get_user_model().objects.filter(email="professional@demo.netwerkregie.nl").first()
    if account is None:
        return
    persoon, _ = Persoon.objects.get_or_create(
        email=account.email,
        defaults={"voornaam": account.first_name, "achternaam": account.last_name},
    )
    if persoon.account_id is None:
        persoon.account = account
        persoon.save(update_fields=["account", "gewijzigd_op"])
    af, nieuw = Aandachtsfunctionaris.objects.get_or_create(
        persoon=persoon,
        organisatie=organisatie,
        defaults={"functie": "Jongerenwerker", "sinds": date(2023, 9, 1)},
    )
    if nieuw:
        _geregistreerd(af, date(2023, 9, 1))
    if nieuw and per_org[organisatie.pk]:
        AandachtsfunctionarisLocatie.objects.create(
            aandachtsfunctionaris=af, locatie=per_org[organisatie.pk][0]
        )
    Lidmaatschap.objects.get_or_create(netwerk=formeel, persoon=persoon)


def demo_pdf(titel: str) -> bytes:
    """A small, valid PDF with one line of text: the 'signed' document of a demo convenant."""
    tekst = titel.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    inhoud = b"BT /F1 14 Tf 60 760 Td (" + tekst + b" - demo, niet ondertekend) Tj ET"
    objecten = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(inhoud)).encode() + b" >>\nstream\n" + inhoud + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    uit = bytearray(b"%PDF-1.4\n")
    posities = []
    for i, obj in enumerate(objecten, start=1):
        posities.append(len(uit))
        uit += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(uit)
    uit += f"xref\n0 {len(objecten) + 1}\n0000000000 65535 f \n".encode()
    for positie in posities:
        uit += f"{positie:010d} 00000 n \n".encode()
    uit += (
        f"trailer\n<< /Size {len(objecten) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(uit)


DEMO_CONVENANTEN = [
    # (naam, partijen, categorieën, melder delen, van (dagen geleden), tot (dagen vanaf nu), status)
    (
        "Convenant Zorg- en Veiligheidshuis Haaglanden: radicalisering",
        ["Politie basisteam Delft", "Veiligheidshuis Haaglanden", "GGZ Delfland",
         "Reclassering West", "Wijkteam Delft"],
        ["radicalisering", "extremisme", "polarisatie"],
        False, 700, 45, ConvenantStatus.VAN_KRACHT,
    ),
    (
        "Convenant veilige school Delft",
        ["Hugo de Groot College", "Christelijk College Delfland", "Politie basisteam Delft",
         "Jongerenwerk Delfland"],
        ["polarisatie", "spanningen"],
        True, 400, 600, ConvenantStatus.VAN_KRACHT,
    ),
    (
        "Convenant aanpak ondermijning Haaglanden",
        ["Politie basisteam Delft", "Woonstichting Delfland", "Stadswacht Delft"],
        ["ondermijning"],
        False, 30, 700, ConvenantStatus.CONCEPT,
    ),
    (
        "Convenant jeugd en veiligheid 2021-2024",
        ["Politie basisteam Delft", "Jeugdhulp Haaglanden"],
        ["radicalisering"],
        False, 1800, -330, ConvenantStatus.BEEINDIGD,
    ),
]  # fmt: skip


def demo_convenanten(vandaag) -> None:
    """The gemeente, four convenants in every state, and the demo partner at the police."""
    from django.core.files.base import ContentFile

    from .convenanten import convenant_opslaan, partner_koppelen
    from .services import organisatie_opslaan

    gemeente_delft = Organisatie.objects.filter(naam="Gemeente Delft").first()
    if gemeente_delft is None:
        return
    if not Organisatie.objects.filter(is_gemeente=True).exists():
        gemeente_delft.is_gemeente = True
        organisatie_opslaan(organisatie=gemeente_delft)
    for naam, partijen, categorieen, melder, van, tot, status in DEMO_CONVENANTEN:
        if Convenant.objects.filter(naam=naam).exists():
            continue
        convenant = Convenant(
            naam=naam,
            doel="Gegevens delen voor de aanpak van radicalisering, polarisatie en "
            "maatschappelijke spanningen in Delft, alleen voor zover nodig.",
            melder_identiteit_delen=melder,
            geldig_van=vandaag - timedelta(days=van),
            geldig_tot=vandaag + timedelta(days=tot),
            status=status,
        )
        if status != ConvenantStatus.CONCEPT:
            convenant.document.save("convenant.pdf", ContentFile(demo_pdf(naam)), save=False)
        convenant_opslaan(
            convenant=convenant,
            partijen=[gemeente_delft, *Organisatie.objects.filter(naam__in=partijen)],
            categorieen=categorieen,
        )
    partner = get_user_model().objects.filter(email="partner@demo.netwerkregie.nl").first()
    politie = Organisatie.objects.filter(naam="Politie basisteam Delft").first()
    if partner is not None and politie is not None:
        partner_koppelen(user=partner, organisatie=politie)
