"""Who may read to whom a message went.

An outbox row names its recipient, and some recipients are known to the regisseur alone: a key
person "op de achtergrond" is never listed to anyone else (DESIGN.md), and the beheerder runs the
technical side without routine access to personal data. So only the regisseur reads recipients;
everyone else sees that mail flows and fails, with the address reduced to its domain, in the
list, the detail page and inside the mail server's error text.
"""

from __future__ import annotations

import re

from accounts import rollen

AFGESCHERMD = "•••"
# Anything that looks like an address inside an SMTP error ("{'jan@x.nl': (550, ...)}").
_ADRES = re.compile(r"[^\s<>\"'(),;:{}\[\]]+@([A-Za-z0-9.-]+)")


def mag_ontvangers_zien(user) -> bool:
    return rollen.is_regisseur(user)


def adres_afschermen(adres: str) -> str:
    """``jan@voorbeeld.nl`` → ``•••@voorbeeld.nl``: the mail domain says where mail fails, not
    to whom it went."""
    _lokaal, apenstaart, domein = (adres or "").rpartition("@")
    return f"{AFGESCHERMD}@{domein}" if apenstaart and domein else AFGESCHERMD


def tekst_afschermen(tekst: str) -> str:
    """Every address in a text (an SMTP server's answer) reduced to its domain."""
    return _ADRES.sub(lambda m: f"{AFGESCHERMD}@{m.group(1)}", tekst or "")
