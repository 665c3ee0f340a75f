"""Demo wegingen (``manage.py demo_data``, after the signals): one weging submitted with the
police taking part, waiting for the police's partner (partner@demo) to confirm it (the four
eyes), and one concept the regisseur is still filling in. Runs once."""

from django.contrib.auth import get_user_model

from kern.fouten import Weigering
from netwerk.models import Organisatie
from signalen.casusverloop import Fase
from signalen.delen import signaal_delen
from signalen.models import Signaal

from . import services
from .models import Antwoord, Uitkomst, Weging

REGISSEUR = "regisseur@demo.netwerkregie.nl"
POLITIE = "Politie basisteam Delft"
TOELICHTINGEN = [
    "Deelt in de klasgroep filmpjes van een extremistische prediker en verdedigt ze fel.",
    "Heeft zich het afgelopen halfjaar losgemaakt van vrienden en sportclub.",
]


def demo_data_aanmaken(stdout) -> None:
    if Weging.objects.exists():
        stdout.write("Wegingen: er zijn er al, demo overgeslagen.")
        return
    regisseur = get_user_model().objects.filter(email=REGISSEUR).first()
    politie = Organisatie.objects.filter(naam=POLITIE).first()
    signalen = list(
        Signaal.objects.filter(fase=Fase.WEGING, geanonimiseerd_op__isnull=True).order_by("pk")
    )
    if regisseur is None or services.actief_kader() is None or not signalen:
        stdout.write("Wegingen: geen regisseur, wegingskader of signaal in weging, overgeslagen.")
        return
    # The weighed signal is one the convenant lets the gemeente share with the police.
    deelnemers = []
    for signaal in signalen if politie is not None else []:
        try:
            signaal_delen(signaal=signaal, organisatie=politie, door=regisseur)
        except Weigering:
            continue  # its category is not covered by the convenant with the police
        deelnemers = [politie]
        signalen.remove(signaal)
        signalen.insert(0, signaal)
        break
    ingediend = services.weging_starten(signaal=signalen[0], door=regisseur)
    _invullen(ingediend, regisseur, deelnemers, compleet=True)
    services.weging_indienen(weging=ingediend, door=regisseur)
    aantal = 1
    if len(signalen) > 1:  # the next one: the regisseur is still filling it in
        concept = services.weging_starten(signaal=signalen[1], door=regisseur)
        _invullen(concept, regisseur, [], compleet=False)
        aantal += 1
    stdout.write(
        f"Wegingen: {aantal}, waarvan één ter bevestiging"
        + (" door de politie (partner@demo)." if deelnemers else " door een tweede regisseur.")
    )


def _invullen(weging, regisseur, deelnemers, *, compleet: bool) -> None:
    """The first indicators present with an explanation, the rest not present (a concept: only
    the first half answered, no outcome yet)."""
    beoordelingen = list(weging.beoordelingen.order_by("pk"))
    if not compleet:
        beoordelingen = beoordelingen[: len(beoordelingen) // 2]
    antwoorden = {}
    for i, b in enumerate(beoordelingen):
        if i < len(TOELICHTINGEN):
            antwoorden[b.indicator_id] = (Antwoord.AANWEZIG, TOELICHTINGEN[i])
        else:
            antwoorden[b.indicator_id] = (Antwoord.NIET_AANWEZIG, "")
    services.weging_opslaan(
        weging=weging,
        door=regisseur,
        antwoorden=antwoorden,
        deelnemers=deelnemers,
        uitkomst=Uitkomst.CASUSOVERLEG if compleet else "",
        onderbouwing=(
            "Twee zorgwekkende signalen die elkaar versterken; samen met de politie bespreken "
            "in het casusoverleg."
            if compleet
            else ""
        ),
    )
