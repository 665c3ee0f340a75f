"""The demo wegingskader every gemeente starts with (migration 0002 for the gemeenten that
exist, the event ``regio.gemeente_aangemaakt`` for each one added later, ``na_migratie`` after
a flush). The regisseur adapts it in /beheer/ to the local practice, or takes over a kader
another gemeente shares.

An example, not a validated instrument: its groups follow the usual split of indicators of
radicalisation into ideology, behaviour, personal circumstances and protective factors."""

NAAM = "Wegingskader (voorbeeld)"
OMSCHRIJVING = (
    "Een voorbeeld om mee te beginnen. Beoordeel per indicator of die aanwezig is, niet "
    "aanwezig, of (nog) onbekend, met een korte toelichting. Geen enkele indicator is op zichzelf "
    "doorslaggevend: het gaat om het totaalbeeld, samen met de beschermende factoren."
)

GROEPEN = [
    (
        "Ideologie en uitingen",
        [
            (
                "Toont sympathie voor geweld of een extremistische groep",
                "Uitspraken, berichten of symbolen die geweld goedkeuren of verheerlijken.",
            ),
            (
                "Wij-zij-denken en ontmenselijking",
                "Spreekt over groepen als vijand, minderwaardig of als bedreiging.",
            ),
            (
                "Verspreidt extremistisch materiaal",
                "Deelt of zoekt propaganda, manifesten of filmpjes, online of offline.",
            ),
            (
                "Snelle verandering in opvattingen",
                "Opvallend snel en drastisch andere ideeën, kleding of taalgebruik.",
            ),
        ],
    ),
    (
        "Gedrag en contacten",
        [
            (
                "Contact met extremistische personen of groepen",
                "Bekende contacten, online netwerken of bezoek aan bijeenkomsten.",
            ),
            (
                "Afzondering van familie en vrienden",
                "Breekt met de oude omgeving of verbergt nieuwe contacten.",
            ),
            (
                "Interesse in wapens of reizen naar conflictgebieden",
                "Zoekt informatie, bereidt voor of spreekt erover.",
            ),
            (
                "Dreigingen of geweld",
                "Bedreigt anderen of gebruikt geweld, ook als dat niet ideologisch lijkt.",
            ),
        ],
    ),
    (
        "Persoonlijke omstandigheden",
        [
            (
                "Gevoel van onrecht of krenking",
                "Persoonlijk of namens een groep; vaak een voedingsbodem.",
            ),
            (
                "Psychische problemen of verslaving",
                "Bekend bij zorg of GGZ, of signalen daarvan.",
            ),
            (
                "Ingrijpende gebeurtenis of crisis",
                "Verlies, schooluitval, werkloosheid, huiselijk geweld, detentie.",
            ),
            (
                "Zoeken naar identiteit, zingeving of erbij horen",
                "Kwetsbaar voor een groep die dat belooft.",
            ),
        ],
    ),
    (
        "Beschermende factoren",
        [
            (
                "Steunend gezin of netwerk",
                "Iemand bij wie de persoon terecht kan en die invloed heeft.",
            ),
            (
                "School, werk of dagbesteding",
                "Een plek met structuur en contacten buiten de groep.",
            ),
            (
                "In contact met hulpverlening",
                "Er is al een hulpverlener of mentor die de persoon vertrouwt.",
            ),
            (
                "Staat open voor het gesprek",
                "Wil praten over zijn of haar ideeën en twijfels.",
            ),
        ],
    ),
]


def kader_aanmaken(Wegingskader, Indicatorgroep, Indicator, *, gemeente_id: int) -> bool:  # noqa: N803  (models, maybe historical)
    """The demo kader for ``gemeente_id``, in use, when the gemeente has no kader yet. Returns
    whether it made one. The gemeente is named, so this works in a migration (no scope) and
    in the event's scope alike."""
    if Wegingskader.objects.filter(gemeente_id=gemeente_id).exists():
        return False
    kader = Wegingskader.objects.create(
        gemeente_id=gemeente_id, naam=NAAM, omschrijving=OMSCHRIJVING, actief=True
    )
    for g, (groepnaam, indicatoren) in enumerate(GROEPEN, start=1):
        groep = Indicatorgroep.objects.create(
            gemeente_id=gemeente_id, kader=kader, naam=groepnaam, volgorde=g
        )
        Indicator.objects.bulk_create(
            Indicator(gemeente_id=gemeente_id, groep=groep, tekst=tekst, uitleg=uitleg, volgorde=i)
            for i, (tekst, uitleg) in enumerate(indicatoren, start=1)
        )
    return True


def na_migratie(sender, using="default", **kwargs):
    """The demo kader comes from migration 0002 (and the event for a new gemeente); this puts
    it back after a flush (a test database, ``manage.py flush``) for each gemeente left without
    any kader. Never for the region's own layer."""
    from django.db import connections

    from regio.models import Gemeente
    from regio.scope import alle_gemeenten, gemeente_actief

    from .models import Indicator, Indicatorgroep, Wegingskader

    if Wegingskader._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the weging
    with alle_gemeenten():
        zonder = list(
            Gemeente.objects.using(using)
            .filter(is_regio=False)
            .exclude(pk__in=Wegingskader.objects.using(using).values("gemeente"))
            .values_list("pk", flat=True)
        )
    for gemeente_id in zonder:
        with gemeente_actief(gemeente_id):
            kader_aanmaken(Wegingskader, Indicatorgroep, Indicator, gemeente_id=gemeente_id)
