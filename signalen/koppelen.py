"""Links between signals about the same person (kruisverbanden), without storing who it is.

Each signal that names a person with a date of birth stores an HMAC-SHA256 of the normalised
name and the date of birth, keyed with ``settings.SIGNALEN_KOPPELSLEUTEL`` (from the environment,
never in the database). Two signals with the same key are a *possible* link for the regisseur to
confirm or reject. Without the secret the stored values cannot be tested against a guessed name.

Normalising: capitals, accents, punctuation and the order of the name parts do not matter, so
"Jansen, Piet" and "piet JANSEN" match. A name without a date of birth gives no key: a first
and last name alone match too many people to be worth proposing.
"""

import hashlib
import hmac
import re
import unicodedata
from datetime import date

from django.conf import settings


def naam_normaliseren(naam: str) -> str:
    zonder_accenten = "".join(
        c for c in unicodedata.normalize("NFKD", naam or "") if not unicodedata.combining(c)
    )
    delen = re.findall(r"[a-z0-9]+", zonder_accenten.casefold())
    return " ".join(sorted(delen))


def _hmac(tekst: str) -> str:
    sleutel = settings.SIGNALEN_KOPPELSLEUTEL.encode()
    return hmac.new(sleutel, tekst.encode(), hashlib.sha256).hexdigest()


def persoon_sleutel(naam: str, geboortedatum: date | None) -> str:
    genormaliseerd = naam_normaliseren(naam)
    if not genormaliseerd or geboortedatum is None:
        return ""
    return _hmac(f"{genormaliseerd}|{geboortedatum.isoformat()}")


def zoekterm_sleutel(term: str) -> str:
    """The keyed hash of a search term, normalised like a name (the search log keeps this)."""
    return _hmac(f"zoek|{naam_normaliseren(term)}")
