"""Demo signals: about sixty over two years, in every phase, some overdue, two matching pairs.

Made through the same services as real signals (filing, moving, answering), with dates in the
past. Runs once: when signals exist, it leaves them alone.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts import rollen
from kern.fouten import Weigering
from netwerk.models import Aandachtsfunctionaris, Wijk

from . import casusverloop, services
from .casusverloop import Doorverwijzing, Fase
from .models import Betreft, Categorie, JaNeeOnbekend, Signaal, Urgentie

AANTAL = 60

WAARNEMINGEN = {
    Categorie.RADICALISERING: [
        "Een leerling deelt in de klasgroep filmpjes van een extremistische prediker en zegt "
        "dat klasgenoten die niet geloven ‘het verdienen’.",
        "Jongere is de laatste maanden sterk veranderd: breekt met oude vrienden, spreekt over "
        "‘de strijd’ en vraagt hoe je een paspoort aanvraagt zonder toestemming van ouders.",
        "Tijdens het jongerenwerk vertelt een jongen dat hij online wordt ‘begeleid’ door "
        "iemand die hem opdrachten geeft.",
    ],
    Categorie.POLARISATIE: [
        "Na het nieuws over het conflict in het Midden-Oosten lopen de spanningen tussen twee "
        "groepen leerlingen op; er wordt gescholden en geduwd in de aula.",
        "In de buurtapp worden bewoners met een migratieachtergrond weggezet als ‘indringers’; "
        "een paar bewoners roepen op om ‘zelf op te treden’.",
        "Ouders van verschillende achtergronden weigeren nog met elkaar te praten op het "
        "schoolplein sinds een incident bij de sportclub.",
    ],
    Categorie.EXTREMISME: [
        "Op een muur bij het winkelcentrum zijn hakenkruizen en een verwijzing naar een "
        "extreemrechtse groep gespoten.",
        "Een jongeman verspreidt in een Telegramgroep teksten tegen de overheid en oproepen om "
        "‘de elite’ aan te pakken; hij noemt namen van raadsleden.",
    ],
    Categorie.SPANNINGEN: [
        "Na de komst van de nieuwe opvanglocatie is er op straat een groep jongeren die "
        "bewoners van de locatie uitscheldt en volgt.",
        "Rond de moskee zijn meerdere keren stickers met haatteksten geplakt; bezoekers voelen "
        "zich niet meer veilig.",
    ],
    Categorie.ONDERMIJNING: [
        "Een groep jongeren wordt benaderd om pakketjes rond te brengen; een van hen zegt dat "
        "het ‘voor de zaak’ is en dat er geld in zit.",
    ],
    Categorie.ANDERS: [
        "Een collega maakt zich zorgen over uitspraken van een vrijwilliger over "
        "complotten rond vaccins en de overheid; hij zoekt anderen op om mee te doen.",
    ],
}

ZORGEN = [
    "Ik weet niet of dit ernstig is, maar het voelt niet goed. Graag meedenken.",
    "Ik maak me zorgen dat dit escaleert als niemand iets doet.",
    "Ik wil graag weten of anderen dit ook zien.",
    "",
]

# Persons in the demo signals (invented). Each is unique, except two deliberate matches: the
# later signal names the same person (written differently) as an earlier one from another
# reporter, so the regisseur sees two possible links.
VOORNAMEN = ["Daan", "Yusuf", "Lotte", "Milan", "Sem", "Rayan", "Noor", "Bilal", "Emma",
             "Sven", "Ilias", "Fleur", "Jayden", "Sara", "Mohamed"]  # fmt: skip
ACHTERNAMEN = ["Vermeer", "El Idrissi", "de Graaf", "Kovač", "Bakker", "Haddou", "Visser",
               "Yilmaz", "van Dijk", "Bos", "Amrani", "Smit", "Mulder", "Öztürk",
               "Jansen"]  # fmt: skip
OVEREENKOMSTEN = {3: 0, 10: 6}  # the k-th person signal names the same person as the j-th


def _persoon(k: int) -> tuple[str, date | None]:
    if k in OVEREENKOMSTEN:
        naam, geboren = _persoon(OVEREENKOMSTEN[k])
        voornaam, achternaam = naam.split(" ", 1)
        return f"{achternaam.upper()}, {voornaam.lower()}", geboren
    naam = f"{VOORNAMEN[k % 15]} {ACHTERNAMEN[(k * 7 + k // 15) % 15]}"
    geboren = None if k % 5 == 4 else date(2000 + k % 10, 1 + k % 12, 1 + k % 28)
    return naam, geboren


NOTITIES = {
    Fase.IN_BEHANDELING: "Opgepakt; ik vraag bij school en wijkteam na wat bekend is.",
    Fase.AANVULLING_GEVRAAGD: "Kunt u aangeven sinds wanneer u deze verandering ziet, en of "
    "de ouders op de hoogte zijn?",
    Fase.WEGING: "Besproken met de politie en de adviseur van het Veiligheidshuis.",
    Fase.CASUSOVERLEG: "Geagendeerd voor het casusoverleg radicalisering.",
    Fase.DOORVERWEZEN: "Overgedragen; de organisatie neemt contact op met de betrokkenen.",
    Fase.MONITOREN: "Geen acute zorg; we volgen het een halfjaar.",
    Fase.AFGESLOTEN: "Afgesloten. Dank voor het melden.",
}

REDEN_INTERN = "Wegingsnotitie (intern): eerdere meldingen bij politie bekend."


def _melders():
    """The demo professional plus a few aandachtsfunctionarissen who get a demo account."""
    User = get_user_model()
    groep = Group.objects.get(name=rollen.PROFESSIONAL)
    melders = []
    demo = User.objects.filter(email="professional@demo.netwerkregie.nl").first()
    if demo is not None:
        melders.append(demo)
    kandidaten = (
        Aandachtsfunctionaris.objects.filter(actief=True, persoon__account__isnull=True)
        .exclude(persoon__email="")
        .select_related("persoon")
        .order_by("pk")[:5]
    )
    for af in kandidaten:
        persoon = af.persoon
        user = User.objects.create_user(
            email=persoon.email, first_name=persoon.voornaam, last_name=persoon.achternaam
        )
        user.groups.add(groep)
        persoon.account = user
        persoon.save(update_fields=["account", "gewijzigd_op"])
        melders.append(user)
    return melders


def _op(dag: date, rnd: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time(rnd.randint(8, 17), rnd.randint(0, 59))))


def demo_data_aanmaken(stdout) -> None:
    if Signaal.objects.exists():
        stdout.write("Signalen: er zijn al signalen, demo-signalen overgeslagen.")
        return
    rnd = random.Random(4242)  # noqa: S311 (demo data, not security)
    regisseur = get_user_model().objects.filter(email="regisseur@demo.netwerkregie.nl").first()
    vandaag = timezone.localdate()
    beschrijvingen = services.fasebeschrijvingen()
    with transaction.atomic():
        melders = _melders()
        if not melders:
            stdout.write("Signalen: geen melders, demo-signalen overgeslagen.")
            return
        wijken = list(Wijk.objects.all())
        categorieen = list(WAARNEMINGEN)
        persoon_nummer = 0
        for i in range(AANTAL):
            recent = i - (AANTAL - len(RECENT))
            if recent >= 0:
                ingediend = vandaag - timedelta(days=3 + 5 * recent)
            else:  # the older ones, spread over two years
                ingediend = vandaag - timedelta(days=730 - int(i * 650 / AANTAL))
            categorie = categorieen[i % len(categorieen)]
            betreft = [Betreft.PERSOON, Betreft.PERSOON, Betreft.GROEP, Betreft.PLEK][i % 4]
            gegevens = {
                "categorie": categorie,
                "waarneming": rnd.choice(WAARNEMINGEN[categorie]),
                "waargenomen_op": ingediend - timedelta(days=rnd.randint(0, 10)),
                "waargenomen_waar": rnd.choice(["Op school", "In de wijk", "Online", ""]),
                "betreft": betreft,
                "wijk": rnd.choice(wijken) if wijken and rnd.random() < 0.8 else None,
                "bekend_bij_zorg": rnd.choice(JaNeeOnbekend.values),
                "zorg_melder": rnd.choice(ZORGEN),
                "urgentie": rnd.choice(Urgentie.values),
            }
            if betreft == Betreft.PERSOON:
                naam, geboren = _persoon(persoon_nummer)
                persoon_nummer += 1
                gegevens.update(persoon_naam=naam, persoon_geboortedatum=geboren)
                if geboren is None:
                    gegevens["persoon_leeftijd"] = rnd.randint(14, 25)
            else:
                gegevens["omschrijving_betrokkene"] = (
                    "Groep jongeren rond het winkelcentrum"
                    if betreft == Betreft.GROEP
                    else "Het pleintje achter de sporthal"
                )
            melder = melders[i % len(melders)]  # matches come from different reporters
            signaal = services.signaal_indienen(
                melder=melder, gegevens=gegevens, op=_op(ingediend, rnd)
            )
            if recent >= 0:
                _langs_pad(signaal, RECENT[recent], ingediend, vandaag, regisseur, melder, rnd)
            else:
                _door_het_verloop(
                    signaal, ingediend, vandaag, regisseur, melder, beschrijvingen, rnd
                )
        gedeeld = _delen_met_politie(regisseur)
    stdout.write(f"Signalen: {AANTAL} demo-signalen aangemaakt, {gedeeld} gedeeld met de politie.")


def _delen_met_politie(regisseur) -> int:
    """Signals discussed in the casusoverleg are shared with the police under the convenant."""
    from netwerk.models import Organisatie

    from .delen import signaal_delen

    politie = Organisatie.objects.filter(naam="Politie basisteam Delft").first()
    if politie is None or regisseur is None:
        return 0
    aantal = 0
    for signaal in Signaal.objects.filter(
        fase__in=[Fase.CASUSOVERLEG, Fase.DOORVERWEZEN, Fase.MONITOREN]
    ):
        try:
            signaal_delen(signaal=signaal, organisatie=politie, door=regisseur)
            aantal += 1
        except Weigering:
            continue  # not every category is covered: that is the point of a convenant
    return aantal


# The most recent signals, newest first, end in these phases, so that every phase is shown.
_PADEN = {
    Fase.INGEDIEND: [],
    Fase.IN_BEHANDELING: [Fase.IN_BEHANDELING],
    Fase.AANVULLING_GEVRAAGD: [Fase.IN_BEHANDELING, Fase.AANVULLING_GEVRAAGD],
    Fase.WEGING: [Fase.IN_BEHANDELING, Fase.WEGING],
    Fase.CASUSOVERLEG: [Fase.IN_BEHANDELING, Fase.WEGING, Fase.CASUSOVERLEG],
    Fase.DOORVERWEZEN: [Fase.IN_BEHANDELING, Fase.WEGING, Fase.CASUSOVERLEG, Fase.DOORVERWEZEN],
    Fase.MONITOREN: [Fase.IN_BEHANDELING, Fase.WEGING, Fase.MONITOREN],
}
RECENT = [_PADEN[f] for f in list(_PADEN) * 2] + [_PADEN[Fase.AANVULLING_GEVRAAGD]] * 2


def _verplaatsen(signaal, fase, naar, regisseur, dag, rnd):
    """One step of the regisseur on ``dag``, with the demo's notes (the assessment note stays
    internal). The referral is drawn before the time, so a seed gives the same data."""
    doorverwezen_naar = rnd.choice(Doorverwijzing.values) if naar == Fase.DOORVERWEZEN else ""
    services.signaal_verplaatsen(
        signaal_id=signaal.pk,
        van=fase,
        naar=naar,
        door=regisseur,
        notitie=REDEN_INTERN if naar == Fase.WEGING else NOTITIES[naar],
        voor_melder=naar != Fase.WEGING,
        doorverwezen_naar=doorverwezen_naar,
        op=_op(dag, rnd),
        # The demo's history is older than the structured weging (weging.demo adds some).
        bevestigde_weging=True,
    )


def _langs_pad(signaal, pad, dag, vandaag, regisseur, melder, rnd):
    """Take the signal along ``pad``, the steps spread between filing and today."""
    fase = Fase.INGEDIEND
    tussen = max(1, (vandaag - dag).days // (len(pad) + 1))
    for naar in pad:
        dag = dag + timedelta(days=rnd.randint(1, tussen))
        _verplaatsen(signaal, fase, naar, regisseur, min(dag, vandaag), rnd)
        fase = naar


def _door_het_verloop(signaal, dag, vandaag, regisseur, melder, beschrijvingen, rnd):
    """Walk the signal through the case flow, one step after the other, until today."""
    fase = Fase.INGEDIEND
    stappen = 0
    while casusverloop.OVERGANGEN[fase] and stappen < 12:
        beschrijving = beschrijvingen.get(fase)
        termijn = (beschrijving.verwachte_duur_dagen or 7) if beschrijving else 7
        # Mostly within the expected duration, sometimes well over it.
        dag = dag + timedelta(days=rnd.randint(1, termijn) if rnd.random() < 0.85 else termijn * 3)
        if dag >= vandaag:
            return  # this step has not happened yet: the signal waits (some of them overdue)
        if fase == Fase.AANVULLING_GEVRAAGD:
            services.aanvulling_geven(
                signaal_id=signaal.pk,
                melder=melder,
                antwoord="Sinds een maand of twee. De ouders weten ervan en maken zich ook zorgen.",
            )
            _verplaats_tijdstip(signaal, _op(dag, rnd))
            fase = Fase.IN_BEHANDELING
            stappen += 1
            continue
        naar = _kies(fase, rnd, stappen)
        _verplaatsen(signaal, fase, naar, regisseur, dag, rnd)
        fase = naar
        stappen += 1


def _kies(fase, rnd, stappen):
    mogelijk = casusverloop.volgende_fasen(fase)
    if fase == Fase.IN_BEHANDELING and stappen > 2:
        return Fase.WEGING  # ask at most once
    if fase == Fase.IN_BEHANDELING:
        return Fase.AANVULLING_GEVRAAGD if rnd.random() < 0.3 else Fase.WEGING
    return rnd.choice(mogelijk)


def _verplaats_tijdstip(signaal, op):
    """The reporter's answer is given 'now' by the service; put it on the demo's date."""
    laatste = signaal.overgangen.order_by("-pk").first()
    laatste.op = op
    laatste.save(update_fields=["op"])
    Signaal.objects.filter(pk=signaal.pk).update(fase_sinds=op)


def signalen_voor_een_gemeente(aantal: int, *, melder, regisseur, seed: int) -> int:
    """For the demo of a whole region (``demo_data --regio``): ``aantal`` signals of the active
    gemeente over two years, through the same services and the case flow as the demo's own."""
    rnd = random.Random(seed)  # noqa: S311 (demo data, not security)
    vandaag = timezone.localdate()
    beschrijvingen = services.fasebeschrijvingen()
    categorieen = list(WAARNEMINGEN)
    for i in range(aantal):
        ingediend = vandaag - timedelta(days=rnd.randint(3, 730))
        categorie = categorieen[i % len(categorieen)]
        naam, geboren = _persoon(rnd.randint(0, 500))
        signaal = services.signaal_indienen(
            melder=melder,
            gegevens={
                "categorie": categorie,
                "waarneming": rnd.choice(WAARNEMINGEN[categorie]),
                "waargenomen_op": ingediend - timedelta(days=rnd.randint(0, 10)),
                "waargenomen_waar": rnd.choice(["Op school", "In de wijk", "Online", ""]),
                "betreft": Betreft.PERSOON,
                "persoon_naam": naam,
                "persoon_geboortedatum": geboren,
                "persoon_leeftijd": None if geboren else rnd.randint(14, 25),
                "bekend_bij_zorg": rnd.choice(JaNeeOnbekend.values),
                "zorg_melder": rnd.choice(ZORGEN),
                "urgentie": rnd.choice(Urgentie.values),
            },
            op=_op(ingediend, rnd),
        )
        _door_het_verloop(signaal, ingediend, vandaag, regisseur, melder, beschrijvingen, rnd)
    return aantal
