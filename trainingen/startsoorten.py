"""The kinds of training every gemeente starts with (seed 000 and 004; migration 0002 for the
first gemeente, the event ``regio.gemeente_aangemaakt`` for each one added later)."""

SOORTEN = [
    {
        "naam": "Basistraining radicalisering en polarisatie (driedaags)",
        "omschrijving": (
            "Drie dagen in een gemengde groep, zodat professionals dezelfde taal spreken en "
            "elkaars posities kennen: signalen herkennen, duiden en bespreken, en weten wat "
            "ieders rol is."
        ),
        "doelgroep": "Aandachtsfunctionarissen van alle aangesloten organisaties",
        "geldig_maanden": 12,
        "rol": "basistraining",
    },
    {
        "naam": "Terugkomdag(deel)",
        "omschrijving": (
            "Twee keer per jaar een dagdeel om kennis op te frissen, casuïstiek te bespreken en "
            "elkaar weer te zien. Houdt de basistraining geldig."
        ),
        "doelgroep": "Wie de basistraining heeft gevolgd",
        "geldig_maanden": None,
        "rol": "terugkomdag",
    },
    {
        "naam": "Bewustwordingstraining",
        "omschrijving": (
            "Een dagdeel over het herkennen van polarisatie en radicalisering in het dagelijks "
            "werk, en wat u dan doet."
        ),
        "doelgroep": (
            "Baliemedewerkers, wijkagenten, jeugdhulpverleners en leraren (eerstelijns "
            "professionals)"
        ),
        "domeinen": ["onderwijs", "jeugdhulp", "politie", "gemeente", "welzijn", "jongerenwerk"],
        "geldig_maanden": 36,
        "rol": "",
    },
    {
        "naam": "Werkatelier informatie delen",
        "omschrijving": ("Wat mag u delen, met wie, en onder welk convenant? Met oefencasussen."),
        "doelgroep": "Aandachtsfunctionarissen en hun leidinggevenden",
        "geldig_maanden": None,
        "rol": "",
    },
]


def soorten_aanmaken(Trainingssoort) -> None:  # noqa: N803  (a model, maybe historical)
    """The starting kinds for the active gemeente, where one of that name is missing."""
    for gegevens in SOORTEN:
        Trainingssoort.objects.get_or_create(naam=gegevens["naam"], defaults=gegevens)
    basis = Trainingssoort.objects.get(rol="basistraining")
    Trainingssoort.objects.filter(rol="terugkomdag").update(verlengt=basis)
