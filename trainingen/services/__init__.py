"""The rules for trainings, shared by the site, /beheer/, the beat tasks, the demo and the tests.

One module per seam; this package re-exports their public functions, so callers write
``services.persoon_inschrijven(...)`` whichever module holds it:

- ``planning``: the days of an edition, each a meeting without a network (``dag_opslaan``),
  removing days, cancelling an edition.
- ``edities``: adding and changing an edition in one call (``editie_toevoegen``,
  ``editie_wijzigen``, ``editie_plannen``).
- ``inschrijving``: signing up, the waiting list, cancelling, inviting and placing; every one
  locks the edition's row.
- ``status``: the enrolment status, one table of allowed steps and one function that takes them.
- ``groepen``: the proposed mixed group.
- ``aanwezigheid``: attendance per day and completion.
- ``terugkomdagen``: the terugkomdagen planned twice a year and their invitations.
- ``mail``: the messages about an enrolment.

Every e-mail is a row in the outbox written in the same transaction, with a unique key.
"""

from .aanwezigheid import aanwezigheid_vastleggen, voltooiing_bijwerken
from .edities import (
    EDITIE_WEZENLIJK,
    EDITIEVELDEN,
    REGIONAAL_BESLIST,
    Dagen,
    EditieWijziging,
    editie_plannen,
    editie_toevoegen,
    editie_wijzigen,
    regionaal_beslist_melding,
)
from .groepen import Kandidaat, Voorstel, groep_voorstellen, kandidaten
from .inschrijving import (
    ACTIEF,
    bezet,
    capaciteit_gewijzigd,
    inschrijving_afmelden,
    is_uitgenodigd,
    met_wachtlijstplaats,
    personen_indelen,
    personen_uitnodigen,
    persoon_inschrijven,
    persoon_vertrokken,
    waarom_gesloten,
    waarom_niet_inschrijven,
    wachtlijst_doorschuiven,
    wachtlijstpositie,
)
from .mail import inschrijflink
from .planning import (
    dag_opslaan,
    dag_verwijderen,
    dagen_controleren,
    dagen_hernummeren,
    dagen_verwijderen,
    data_bijwerken,
    editie_annuleren,
    editie_gewijzigd,
    is_begonnen,
    is_editie_begonnen,
    waarom_niet_annuleren,
)
from .status import NIEUW, OVERGANGEN
from .terugkomdagen import (
    getrainden,
    terugkomdag_datum,
    terugkomdagen_plannen,
    terugkomdagen_uitnodigen,
)

__all__ = [
    "ACTIEF",
    "EDITIEVELDEN",
    "EDITIE_WEZENLIJK",
    "NIEUW",
    "OVERGANGEN",
    "REGIONAAL_BESLIST",
    "Dagen",
    "EditieWijziging",
    "Kandidaat",
    "Voorstel",
    "aanwezigheid_vastleggen",
    "inschrijving_afmelden",
    "bezet",
    "capaciteit_gewijzigd",
    "dag_opslaan",
    "dag_verwijderen",
    "dagen_controleren",
    "dagen_hernummeren",
    "dagen_verwijderen",
    "data_bijwerken",
    "editie_annuleren",
    "editie_gewijzigd",
    "editie_plannen",
    "editie_toevoegen",
    "editie_wijzigen",
    "getrainden",
    "groep_voorstellen",
    "personen_indelen",
    "inschrijflink",
    "persoon_inschrijven",
    "is_begonnen",
    "is_editie_begonnen",
    "is_uitgenodigd",
    "kandidaten",
    "met_wachtlijstplaats",
    "persoon_vertrokken",
    "terugkomdag_datum",
    "terugkomdagen_plannen",
    "terugkomdagen_uitnodigen",
    "personen_uitnodigen",
    "regionaal_beslist_melding",
    "voltooiing_bijwerken",
    "waarom_gesloten",
    "waarom_niet_annuleren",
    "waarom_niet_inschrijven",
    "wachtlijst_doorschuiven",
    "wachtlijstpositie",
]
