"""Large imports in the background: the preview (and then the confirmed import) of a file
with many rows runs as a Celery task, and the page shows how far it is.

A 2,000-row file took about half a minute before the preview appeared, with nothing on the
screen meanwhile, and its confirmation ran into gunicorn's 30-second limit. A file of at
least ``ACHTERGROND_VANAF`` rows therefore goes to a worker (``netwerk.tasks.import_uitvoeren``);
a smaller one is still checked within the request, which answers in well under a second with
one page less and needs no worker.

The job lives in the cache under keys that start with ``netwerk-import-``, like the uploaded
file itself: only ever in Redis, never in the database's reserve table (config/cache.py),
because the preview holds personal data; and for as long as the file, an hour. Every web node
reads it there:

- the state (``_staat``): who started it, for which list and with which resource, the stored
  file, the phase (``controle``: the preview; ``opslaan``: the confirmed import), the status,
  rows done and the total, and a Dutch message when it failed;
- the preview (``netwerk.resources.voorbeeld.Voorbeeld``), once the check is done.

Only the user who started a job can read it (``taak_lezen``); anybody else is told it does
not exist.

The task is stateless (it gets the job's id and an attempt number and reads the rest) and
safe to run twice (``acks_late``: a worker that dies mid-way leaves the message to another):

- the check is a dry run, rolled back; run again, it does the same again;
- the confirmed import claims the file's one-time key (``kern.eenmalig``) in its transaction,
  as the confirmation in the request does, so it imports once; a second run finds the key
  claimed and reports what the first one saved;
- the state is written for one attempt: a task of an older attempt (the regisseur started
  again meanwhile) writes nothing and imports nothing.

A job that fails (an exception, a worker that stops without a word, a queue that cannot be
reached) keeps its file: the page says what went wrong, in Dutch, and offers to try again or
to choose another file. Nothing is saved unless the whole import is.
"""

from __future__ import annotations

import logging
import re
import secrets
import time

from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from import_export.results import RowResult
from import_export.signals import post_import

from accounts import rollen
from kern import eenmalig
from regio.scope import huidige_gemeente_id

from .basis import ImportFout, RegieResource
from .bestanden import IMPORT_FORMATEN, BestandFout, TijdelijkeOpslag
from .voorbeeld import Voorbeeld, voorbeeld_maken

logger = logging.getLogger(__name__)

# From this many rows on, the preview is made in the background.
ACHTERGROND_VANAF = 100

CONTROLE = "controle"
OPSLAAN = "opslaan"

WACHTEND = "wachtend"
BEZIG = "bezig"
KLAAR = "klaar"
MISLUKT = "mislukt"

_TAAK = re.compile(r"[\w-]{16,64}", re.ASCII)  # what secrets.token_urlsafe makes
_STAAT = "netwerk-import-taak-"
_VOORBEELD = "netwerk-import-voorbeeld-"
BEWAREN = TijdelijkeOpslag.CACHE_LIFETIME
# A running job writes its progress at least this often (seconds) ...
VOORTGANG_ELKE = 0.5
# ... so one that wrote nothing for this long has stopped (its worker died).
STIL_NA = 120
# A job nobody picked up for this long is reported as not started (no worker running).
WACHTEN_HOOGSTENS = 600


# --- The state -------------------------------------------------------------------------------


def _lezen(taak: str) -> dict | None:
    return cache.get(_STAAT + taak)


def _schrijven(taak: str, staat: dict) -> None:
    staat["bijgewerkt"] = time.time()
    cache.set(_STAAT + taak, staat, BEWAREN)


def _bijwerken(taak: str, poging: str, **velden) -> bool:
    """Write ``velden`` into the state, only while ``poging`` is the job's current attempt."""
    staat = _lezen(taak)
    if staat is None or staat["poging"] != poging:
        return False
    staat.update(velden)
    _schrijven(taak, staat)
    return True


def _in_de_wachtrij(taak: str, staat: dict, fase: str) -> None:
    """A new attempt of ``fase``: written, then handed to a worker."""
    from netwerk import tasks  # the tasks module imports this one

    poging = secrets.token_hex(8)
    staat.update(fase=fase, poging=poging, status=WACHTEND, gedaan=0, fout="", gestart=time.time())
    _schrijven(taak, staat)
    # Straight to the queue, not on commit: the job is in the cache, not in the database, so
    # there is nothing to wait for (and the admin's views run outside a transaction).
    try:
        tasks.import_uitvoeren.delay(taak, poging, huidige_gemeente_id())
    except Exception:  # the broker cannot be reached; the file waits, the user tries again
        logger.warning("Import %s kon niet in de wachtrij", taak, exc_info=True)
        _bijwerken(
            taak,
            poging,
            status=MISLUKT,
            fout=_(
                "De verwerking kon niet worden gestart. Er is niets opgeslagen. Probeer het "
                "over enkele minuten opnieuw."
            ),
        )


def import_starten(
    *,
    gebruiker,
    model: str,
    resource: type[RegieResource],
    bestand: str,
    bestandsnaam: str,
    formaat: str,
    resource_keuze: str,
    totaal: int,
) -> str:
    """Start the check of a stored upload (``bestand``, the name in ``TijdelijkeOpslag``) in
    the background; the id of the job."""
    taak = secrets.token_urlsafe(18)
    staat = {
        "eigenaar": gebruiker.pk,
        "model": model,
        "resource": f"{resource.__module__}.{resource.__qualname__}",
        "bestand": bestand,
        "bestandsnaam": bestandsnaam,
        "formaat": formaat,
        "resource_keuze": resource_keuze,
        "taal": translation.get_language(),
        "totaal": totaal,
        "namen_gecontroleerd": False,
        "uitkomst": None,
    }
    _in_de_wachtrij(taak, staat, CONTROLE)
    return taak


def taak_lezen(taak: str, *, gebruiker, model: str) -> dict | None:
    """The job's state for the user who started it, for the list it was started from; None
    for anybody else, or when it expired. A job that stopped without a word reads as failed."""
    staat = _lezen(taak) if _TAAK.fullmatch(taak) else None
    if staat is None or staat["eigenaar"] != gebruiker.pk or staat["model"] != model:
        return None
    stil = time.time() - staat["bijgewerkt"]
    if staat["status"] == BEZIG and stil > STIL_NA:
        staat.update(
            status=MISLUKT,
            fout=_("De verwerking is onderbroken. Er is niets opgeslagen. Probeer het opnieuw."),
        )
    elif staat["status"] == WACHTEND and stil > WACHTEN_HOOGSTENS:
        staat.update(
            status=MISLUKT,
            fout=_(
                "De verwerking is niet begonnen. Er is niets opgeslagen. Probeer het opnieuw; "
                "lukt het dan weer niet, neem dan contact op met de beheerder."
            ),
        )
    return staat


def voorbeeld_lezen(taak: str) -> Voorbeeld | None:
    return cache.get(_VOORBEELD + taak)


def bevestigingsgegevens(taak: str, staat: dict) -> dict:
    """The hidden fields of the confirmation under the preview."""
    return {
        "import_file_name": staat["bestand"],
        "original_file_name": staat["bestandsnaam"],
        "format": staat["formaat"],
        "resource": staat["resource_keuze"],
        "taak": taak,
    }


def import_bevestigen(taak: str, staat: dict, *, namen_gecontroleerd: bool) -> bool:
    """The regisseur confirmed the preview: the import itself, in the background. False when
    there is no finished preview to confirm; confirmed twice (a double click), the second
    does nothing."""
    if staat["fase"] == OPSLAAN:
        return True
    if staat["status"] != KLAAR:
        return False
    staat["namen_gecontroleerd"] = bool(namen_gecontroleerd)
    _in_de_wachtrij(taak, staat, OPSLAAN)
    return True


def opnieuw_proberen(taak: str, staat: dict) -> None:
    """Start a failed job again, in the phase it failed in (its file must still be there)."""
    if staat["status"] == MISLUKT:
        _in_de_wachtrij(taak, staat, staat["fase"])


def bestand_bewaard(staat: dict) -> bool:
    """Whether the job's uploaded file is still in the cache (to try again with)."""
    return cache.has_key(TijdelijkeOpslag.CACHE_PREFIX + staat["bestand"])


def taak_vergeten(taak: str, staat: dict | None = None) -> None:
    """The job is finished with: its state, preview and file leave the cache."""
    if staat is not None:
        TijdelijkeOpslag(name=staat["bestand"]).remove()
    cache.delete_many([_STAAT + taak, _VOORBEELD + taak])


def import_weigering(result) -> str:
    """Why a confirmed import saved nothing, in Dutch."""
    meldingen = [str(f.error) for f in result.base_errors if isinstance(f.error, ImportFout)]
    return " ".join(meldingen) or _(
        "Er is niets opgeslagen: het bestand klopt niet meer. Lees het opnieuw in."
    )


# --- The task ----------------------------------------------------------------------------------


class _Vervangen(Exception):
    """The regisseur started the job again meanwhile: this attempt stops (and rolls back)."""


class _Voortgang:
    """Writes rows done / total at most every ``VOORTGANG_ELKE`` seconds, and the last row."""

    def __init__(self, taak: str, poging: str):
        self.taak, self.poging, self.laatst = taak, poging, 0.0

    def __call__(self, gedaan: int, totaal: int) -> None:
        nu = time.monotonic()
        if gedaan < totaal and nu - self.laatst < VOORTGANG_ELKE:
            return
        self.laatst = nu
        if not _bijwerken(self.taak, self.poging, gedaan=gedaan, totaal=totaal):
            raise _Vervangen


def taak_uitvoeren(taak: str, poging: str) -> None:
    """The body of ``netwerk.tasks.import_uitvoeren``: the check or the import of one job."""
    staat = _lezen(taak)
    if staat is None or staat["poging"] != poging or staat["status"] in (KLAAR, MISLUKT):
        return  # expired, superseded by a newer attempt, or done
    with translation.override(staat["taal"]):
        if not _bijwerken(taak, poging, status=BEZIG):
            return
        try:
            if staat["fase"] == CONTROLE:
                _controleren(taak, poging, staat)
            else:
                _opslaan(taak, poging, staat)
        except _Vervangen:
            return
        except SoftTimeLimitExceeded:
            logger.warning("Import %s (%s) duurde te lang", taak, staat["fase"])
            _bijwerken(
                taak,
                poging,
                status=MISLUKT,
                fout=_(
                    "De verwerking duurde te lang en is gestopt. Er is niets opgeslagen. "
                    "Splits het bestand in kleinere bestanden."
                ),
            )
        except BestandFout as fout:
            _bijwerken(taak, poging, status=MISLUKT, fout=str(fout))
        except Exception:
            logger.exception("Import %s (%s) is mislukt", taak, staat["fase"])
            _bijwerken(
                taak,
                poging,
                status=MISLUKT,
                fout=_("Er ging iets mis bij de verwerking. Er is niets opgeslagen."),
            )


def _resource_en_rijen(staat: dict):
    klasse = import_string(staat["resource"])
    if not (isinstance(klasse, type) and issubclass(klasse, RegieResource)):
        raise TypeError(staat["resource"])
    formaat = IMPORT_FORMATEN[int(staat["formaat"])]()
    data = TijdelijkeOpslag(name=staat["bestand"], read_mode=formaat.get_read_mode()).read()
    return klasse(), formaat.create_dataset(data)


def _controleren(taak: str, poging: str, staat: dict) -> None:
    gebruiker = get_user_model().objects.get(pk=staat["eigenaar"])
    resource, dataset = _resource_en_rijen(staat)
    _bijwerken(taak, poging, totaal=len(dataset))
    result = resource.import_data(
        dataset,
        dry_run=True,
        raise_errors=False,
        file_name=staat["bestandsnaam"],
        user=gebruiker,
        voortgang=_Voortgang(taak, poging),
    )
    cache.set(_VOORBEELD + taak, voorbeeld_maken(result), BEWAREN)
    if result.has_errors() or result.has_validation_errors():
        # Nothing to confirm: the uploaded personal data does not wait in the cache.
        TijdelijkeOpslag(name=staat["bestand"]).remove()
    _bijwerken(taak, poging, status=KLAAR, gedaan=len(dataset))


_LOGBOEK = {
    RowResult.IMPORT_TYPE_NEW: ADDITION,
    RowResult.IMPORT_TYPE_UPDATE: CHANGE,
    RowResult.IMPORT_TYPE_DELETE: DELETION,
}


def _opslaan(taak: str, poging: str, staat: dict) -> None:
    gebruiker = get_user_model().objects.get(pk=staat["eigenaar"])
    if not rollen.mag_beheer_in(gebruiker):
        _bijwerken(taak, poging, status=MISLUKT, fout=_("U mag deze import niet (meer) opslaan."))
        return
    resource, dataset = _resource_en_rijen(staat)
    try:
        with transaction.atomic():
            claim = eenmalig.sleutel_claimen(
                doel=f"import.{staat['model']}", sleutel=staat["bestand"], gebruiker=gebruiker
            )
            result = resource.import_data(
                dataset,
                dry_run=False,
                raise_errors=False,
                file_name=staat["bestandsnaam"],
                user=gebruiker,
                namen_gecontroleerd=staat["namen_gecontroleerd"],
                retain_instance_in_row_result=True,
                voortgang=_Voortgang(taak, poging),
            )
            if result.has_errors() or result.has_validation_errors():
                # Refused and rolled back: nothing saved; the file was used (as in the page).
                uitkomst = {"soort": "geweigerd", "melding": import_weigering(result)}
            else:
                _logboek(gebruiker, result)
                totalen = {k: result.totals[k] for k in ("new", "update", "skip")}
                claim.vastleggen(",".join(str(totalen[k]) for k in ("new", "update", "skip")))
                uitkomst = {"soort": "opgeslagen", "totalen": totalen}
    except eenmalig.AlVerstuurd as al:
        # An earlier run of this job (or the page) imported this file already.
        getallen = al.resultaat.split(",")
        totalen = (
            dict(zip(("new", "update", "skip"), map(int, getallen), strict=True))
            if len(getallen) == 3 and all(g.isdigit() for g in getallen)
            else None
        )
        uitkomst = {"soort": "al_verwerkt", "totalen": totalen}
    if uitkomst["soort"] == "opgeslagen":
        post_import.send(sender=None, model=type(resource)._meta.model)
    TijdelijkeOpslag(name=staat["bestand"]).remove()
    cache.delete(_VOORBEELD + taak)
    _bijwerken(taak, poging, status=KLAAR, gedaan=len(dataset), uitkomst=uitkomst)


def _logboek(gebruiker, result) -> None:
    """The admin's history, as the confirmation in the page writes it (django-import-export)."""
    per_soort: dict[str, list] = {}
    for rij in result:
        per_soort.setdefault(rij.import_type, []).append(rij.instance)
    for soort, objecten in per_soort.items():
        if soort in _LOGBOEK and objecten:
            LogEntry.objects.log_actions(
                gebruiker.pk,
                objecten,
                _LOGBOEK[soort],
                # The words django-import-export writes (its gettext finds no translation).
                change_message=f"{soort} through import_export",
                single_object=len(objecten) == 1,
            )
