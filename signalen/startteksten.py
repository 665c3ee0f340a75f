"""The texts per phase every gemeente starts with (migration 0002 for the first, the event
``regio.gemeente_aangemaakt`` for each one added later); the regisseur adapts them in /beheer/."""

TEKSTEN = {
    "ingediend": (
        "Uw signaal is binnen bij de netwerkregisseur van de gemeente. Alleen de "
        "netwerkregisseur kan het lezen.",
        "Binnen twee werkdagen bekijkt de netwerkregisseur uw signaal. U hoeft nu niets te doen.",
        2,
    ),
    "in_behandeling": (
        "De netwerkregisseur zoekt uit wat er al bekend is en bij wie. Soms is daarvoor meer "
        "informatie van u nodig.",
        "Heeft de netwerkregisseur een vraag, dan krijgt u een e-mail. De vraag leest en "
        "beantwoordt u hier op de site.",
        7,
    ),
    "aanvulling_gevraagd": (
        "De netwerkregisseur heeft een vraag aan u. Het signaal wacht op uw antwoord.",
        "Beantwoord de vraag op de pagina van uw signaal. Weet u het antwoord niet, schrijf dat "
        "dan ook: dan gaat het signaal verder.",
        5,
    ),
    "weging": (
        "De netwerkregisseur weegt het signaal, zo nodig samen met de politie, het "
        "Veiligheidshuis of een deskundige: is er reden tot zorg, en zo ja, welke?",
        "Daarna volgt een casusoverleg, wordt de situatie een tijd gevolgd, of wordt het signaal "
        "afgesloten omdat er geen zorgen zijn. U ziet hier welke van de drie.",
        14,
    ),
    "casusoverleg": (
        "Het signaal wordt besproken in een casusoverleg met partners met wie de gemeente een "
        "convenant heeft. Alleen wat nodig is, wordt gedeeld.",
        "Misschien wordt u gevraagd aan te schuiven of iets toe te lichten. Na het overleg ziet "
        "u hier of het signaal is doorverwezen.",
        21,
    ),
    "doorverwezen": (
        "Het signaal is doorverwezen naar de organisatie die het best kan helpen: zorg, GGZ, "
        "het wijkteam, het jongerenwerk of de politie en het Veiligheidshuis.",
        "Die organisatie neemt het over en neemt zo nodig zelf contact met u op. De "
        "netwerkregisseur sluit het signaal af als de overdracht rond is.",
        30,
    ),
    "monitoren": (
        "Er is nu geen reden om in te grijpen, maar de situatie wordt een tijd gevolgd.",
        "Ziet of hoort u iets nieuws, meld het dan als nieuw signaal. De netwerkregisseur legt "
        "het verband met dit signaal.",
        90,
    ),
    "afgesloten": (
        "Het signaal is afgesloten. Dank u voor het melden: ook een signaal waaruit geen zorg "
        "bleek, helpt het netwerk.",
        "U hoeft niets meer te doen. Een afgesloten signaal wordt na de bewaartermijn "
        "geanonimiseerd.",
        None,
    ),
}


def fasebeschrijvingen_aanmaken(Fasebeschrijving) -> None:  # noqa: N803  (a model, maybe historical)
    """The starting texts for the active gemeente, where a phase has none yet."""
    for fase, (uitleg, verwachting, dagen) in TEKSTEN.items():
        Fasebeschrijving.objects.get_or_create(
            fase=fase,
            defaults={"uitleg": uitleg, "verwachting": verwachting, "verwachte_duur_dagen": dagen},
        )
