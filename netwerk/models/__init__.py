"""The registry of the network (DESIGN.md, "Ubiquitous language").

Rules that protect the data live here or in the database (constraints), each with a Dutch
message; ``netwerk.services`` holds the operations (anonymise, give an account, import rules).
Formal and informal networks are never mixed: see ``netwerk.selectors``.

One module per group of models; every model (and what migrations name, such as
``convenant_pad`` and ``pdf_controleren``) is importable from ``netwerk.models``:

- ``register``: domains and sectors, wijken, communities, organisations, locations
- ``personen``: persons, aandachtsfunctionarissen and their locations, sleutelpersonen
- ``netwerken``: networks and memberships, werkgroepen, contact moments
- ``convenanten``: convenants, their parties, categories and earlier documents
"""

from .convenanten import (
    MAX_DOCUMENT_MB,
    Convenant,
    ConvenantCategorie,
    ConvenantDocument,
    Convenantpartij,
    ConvenantQuerySet,
    ConvenantStatus,
    convenant_pad,
    pdf_controleren,
)
from .netwerken import (
    Contactmoment,
    ContactSoort,
    Lidmaatschap,
    Netwerk,
    NetwerkSoort,
    Thema,
    Werkgroep,
    Werkgroeplid,
)
from .personen import (
    Aandachtsfunctionaris,
    AandachtsfunctionarisLocatie,
    AandachtsfunctionarisQuerySet,
    Betrokkenheid,
    Persoon,
    Sleutelpersoon,
)
from .register import (
    SECTOR_VAN_DOMEIN,
    Domein,
    Gemeenschap,
    Locatie,
    Organisatie,
    Sector,
    SignaalCategorie,
    Tijdstempels,
    Wijk,
    domeinen_in_sector,
    zoektekst,
)

__all__ = [
    "MAX_DOCUMENT_MB",
    "SECTOR_VAN_DOMEIN",
    "Aandachtsfunctionaris",
    "AandachtsfunctionarisLocatie",
    "AandachtsfunctionarisQuerySet",
    "Betrokkenheid",
    "Contactmoment",
    "ContactSoort",
    "Convenant",
    "ConvenantCategorie",
    "ConvenantDocument",
    "Convenantpartij",
    "ConvenantQuerySet",
    "ConvenantStatus",
    "Domein",
    "Gemeenschap",
    "Lidmaatschap",
    "Locatie",
    "Netwerk",
    "NetwerkSoort",
    "Organisatie",
    "Persoon",
    "Sector",
    "SignaalCategorie",
    "Sleutelpersoon",
    "Thema",
    "Tijdstempels",
    "Werkgroep",
    "Werkgroeplid",
    "Wijk",
    "convenant_pad",
    "domeinen_in_sector",
    "pdf_controleren",
    "zoektekst",
]
