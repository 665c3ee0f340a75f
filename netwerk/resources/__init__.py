"""Import and export of the regisseur's spreadsheets, built on django-import-export.

What a regisseur can rely on (docs/netwerk.md tells it in Dutch terms):

- One upload field takes CSV (comma, semicolon or tab; UTF-8 or Windows-1252) and Excel (.xlsx);
  the kind is recognised from the content. Column headers are matched loosely ("E-mail",
  "e-mailadres" and "email" are the same column) and columns the import does not know are
  ignored.
- Every import is first a dry run: the preview shows per row what will happen (nieuw,
  bijgewerkt, ongewijzigd) or, per row, what is wrong, in Dutch. While any row is wrong nothing
  can be saved, and the confirmed import runs in one transaction that rolls back on any error.
- Rows are matched to what exists case-insensitively (persons on e-mail address, organisations on
  name, locations on organisation and name), so importing the same file twice changes nothing.
  An import adds and updates; it never removes a role, a location or a membership.
- Per updated row the preview lists only what changes, old and new value, under Dutch labels
  (``VeiligeDiff`` keeps django-import-export's own before/after values). A row that changes
  the name of what exists (a person matched on an e-mail address that now carries another
  name) is marked, summed up above the table, and a confirmed import with such a row runs only
  when the regisseur ticked that they checked the names (``import_data(namen_gecontroleerd=
  True)``); without it the whole import is rolled back.
- Exports escape cells that a spreadsheet would run as a formula, and never mix the formal and
  the informal network: each export has one kind (see ``netwerk.services.export_soort``).

One module per seam: ``bestanden`` (upload and export formats), ``kolommen`` (cells, columns,
widgets), ``verschil`` (the preview's before/after and what changes), ``basis`` (``RegieResource``,
the base of every import), ``organisaties`` (organisations and locations), ``personen``
(persons and aandachtsfunctionarissen), ``exports`` (key persons, network members). Everything
is importable from ``netwerk.resources``. A large file is checked and imported in the
background: ``achtergrond`` (the job, for ``netwerk.tasks``) and ``voorbeeld`` (its preview as
plain data), used as modules.
"""

from .basis import ImportFout, NamenNietGecontroleerd, RegieResource
from .bestanden import (
    EXPORT_FORMATEN,
    IMPORT_FORMATEN,
    MAX_RIJEN,
    MAX_UITGEPAKT_MB,
    BestandFout,
    CSVExport,
    Spreadsheet,
    TijdelijkeOpslag,
    XLSXExport,
)
from .exports import PERSONEN_EXPORT, LidmaatschapExportResource, SleutelpersoonExportResource
from .kolommen import (
    KOLOM_LABELS,
    SCHEIDING,
    Berekend,
    Kolom,
    LijstWidget,
    Rijfouten,
    TelefoonWidget,
    lijst,
    tekst,
)
from .organisaties import (
    LocatieResource,
    OrganisatieResource,
    domein_uit_tekst,
    onbekende_organisatie,
)
from .personen import PERSOON_KOLOMMEN, AandachtsfunctionarisResource, PersoonBasisResource
from .verschil import Diffcellen, RegieResultaat, RegieRij, VeiligeDiff, Wijziging

__all__ = [
    "EXPORT_FORMATEN",
    "IMPORT_FORMATEN",
    "KOLOM_LABELS",
    "MAX_RIJEN",
    "MAX_UITGEPAKT_MB",
    "PERSONEN_EXPORT",
    "PERSOON_KOLOMMEN",
    "SCHEIDING",
    "AandachtsfunctionarisResource",
    "Berekend",
    "BestandFout",
    "CSVExport",
    "Diffcellen",
    "ImportFout",
    "Kolom",
    "LidmaatschapExportResource",
    "LijstWidget",
    "LocatieResource",
    "NamenNietGecontroleerd",
    "OrganisatieResource",
    "PersoonBasisResource",
    "RegieResource",
    "RegieResultaat",
    "RegieRij",
    "Rijfouten",
    "SleutelpersoonExportResource",
    "Spreadsheet",
    "TelefoonWidget",
    "TijdelijkeOpslag",
    "VeiligeDiff",
    "Wijziging",
    "XLSXExport",
    "domein_uit_tekst",
    "lijst",
    "onbekende_organisatie",
    "tekst",
]
