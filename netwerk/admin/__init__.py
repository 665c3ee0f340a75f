"""The registry in /beheer/: the regisseur's lists, filters, inlines, actions, import and export.

The rules themselves live in ``netwerk.services`` and ``netwerk.convenanten`` (writes),
``netwerk.selectors`` (reads) and ``netwerk.resources`` (spreadsheets); this package only wires
them into Django's admin, one module per group of models:

- ``register``: wijken, communities, organisations (and the coverage page), locations
- ``personen``: persons and their actions, aandachtsfunctionarissen, sleutelpersonen
- ``netwerken``: networks and their members, werkgroepen, contact moments
- ``convenanten``: the convenant register and the signed documents

with what they share in ``filters`` (list filters), ``views`` (extra pages, the intermediate
page of an action) and ``importexport`` (import and export in Dutch).

Two rules shape it beyond plain CRUD:
- The registry is the regisseur's alone (``RegisseurAdmin``): the beheerder does configuration,
  no routine work, and so never sees the persons, nor the key persons "op de achtergrond" who
  must never be listed to anyone but the regisseur.
- Formal and informal networks never mix: the member list always shows one kind, and every
  export holds one kind (``netwerk.services.export_soort``).
"""

from . import convenanten, netwerken, personen, register  # noqa: F401  (they register)
from .importexport import EenSoortExport, RegieImportExport

__all__ = ["EenSoortExport", "RegieImportExport"]
