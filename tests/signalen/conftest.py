import pytest

from tests.factories import AandachtsfunctionarisFactory, PersoonFactory, UserFactory


@pytest.fixture
def melder(db):
    """A professional who is aandachtsfunctionaris at one organisation."""
    user = UserFactory(professional=True, email="melder@school.nl")
    AandachtsfunctionarisFactory(
        persoon=PersoonFactory(account=user, email=user.email), organisatie__naam="Het College"
    )
    return user


@pytest.fixture
def andere_melder(db):
    return UserFactory(professional=True, email="collega@jongerenwerk.nl")


GELDIG = {
    "categorie": "radicalisering",
    "waarneming": "Leerling deelt filmpjes van een haatprediker in de klasgroep.",
    "waargenomen_op": "2026-11-20",
    "waargenomen_waar": "Op school",
    "betreft": "persoon",
    "persoon_naam": "Daan Vermeer",
    "persoon_geboortedatum": "2008-03-14",
    "persoon_leeftijd": "",
    "omschrijving_betrokkene": "",
    "wijk": "",
    "bekend_bij_zorg": "onbekend",
    "context_school": "Havo 4",
    "context_gezin": "",
    "zorg_melder": "Hij trekt zich terug uit de klas.",
    "urgentie": "normaal",
}


@pytest.fixture
def geldig():
    return dict(GELDIG)
