"""The preview of a background import as plain data (``Voorbeeld``), kept in the cache until
the regisseur looks at it.

A worker makes the preview; a web node shows it. The import's own result holds model
instances, exceptions and tracebacks, which do not belong in the cache; ``voorbeeld_maken``
keeps only what the page shows: the totals, the rows with their Dutch messages, the preview
cells (already escaped HTML, ``VeiligeDiff``) and what changes. ``Voorbeeld`` answers the
same questions as the import's result (``has_errors()``, ``valid_rows()``, ``invalid_rows`` …),
so ``admin/netwerk/import.html`` shows both the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.encoding import force_str
from django.utils.safestring import mark_safe

from .verschil import Wijziging


@dataclass
class Fout:
    """An error of the whole file, or of one row that could not be processed."""

    error: str
    number: int | None = None  # the row's index in the file (0: the first row after the header)


@dataclass
class OngeldigeRij:
    number: int
    field_specific_errors: dict[str, list[str]]
    non_field_specific_errors: list[str]
    values: tuple


@dataclass
class GeldigeRij:
    rij: int | None
    import_type: str
    diff: list[str]
    wijzigingen: list[Wijziging]
    naam_oud: str = ""
    naam_nieuw: str = ""

    @property
    def naam_wijzigt(self) -> bool:
        return any(w.naam for w in self.wijzigingen)


@dataclass
class Voorbeeld:
    totals: dict[str, int]
    diff_headers: list[str]
    base_errors: list[Fout] = field(default_factory=list)
    fouten_per_rij: list[tuple[int, list[Fout]]] = field(default_factory=list)
    invalid_rows: list[OngeldigeRij] = field(default_factory=list)
    geldige_rijen: list[GeldigeRij] = field(default_factory=list)
    naamswijziging_melding: str = ""
    naamswijziging_uitleg: str = ""

    def has_errors(self) -> bool:
        return bool(self.base_errors or self.fouten_per_rij)

    def has_validation_errors(self) -> bool:
        return bool(self.invalid_rows)

    def valid_rows(self) -> list[GeldigeRij]:
        return self.geldige_rijen

    def row_errors(self) -> list[tuple[int, list[Fout]]]:
        return self.fouten_per_rij

    @property
    def naamswijzigingen(self) -> list[GeldigeRij]:
        return [r for r in self.geldige_rijen if r.naam_wijzigt]

    def __getstate__(self):
        # The preview cells are escaped HTML; they are stored as plain text.
        staat = dict(self.__dict__)
        staat["geldige_rijen"] = [
            GeldigeRij(**{**r.__dict__, "diff": [str(c) for c in r.diff]})
            for r in self.geldige_rijen
        ]
        return staat

    def __setstate__(self, staat):
        self.__dict__.update(staat)
        for rij in self.geldige_rijen:
            rij.diff = [mark_safe(c) for c in rij.diff]  # noqa: S308 (escaped by VeiligeDiff)


def _teksten(berichten) -> list[str]:
    return [force_str(b) for b in berichten]


def voorbeeld_maken(result) -> Voorbeeld:
    """The preview of a dry run's result (``RegieResultaat``), as plain data."""
    geldig = []
    if not (result.has_errors() or result.has_validation_errors()):
        geldig = [
            GeldigeRij(
                rij=r.rij,
                import_type=r.import_type,
                diff=list(r.diff or []),
                wijzigingen=list(r.wijzigingen),
                naam_oud=r.naam_oud,
                naam_nieuw=r.naam_nieuw,
            )
            for r in result.valid_rows()
        ]
    return Voorbeeld(
        totals=dict(result.totals),
        diff_headers=[force_str(k) for k in result.diff_headers],
        base_errors=[Fout(error=force_str(f.error)) for f in result.base_errors],
        fouten_per_rij=[
            (nummer, [Fout(error=force_str(f.error), number=f.number) for f in fouten])
            for nummer, fouten in result.row_errors()
        ],
        invalid_rows=[
            OngeldigeRij(
                number=r.number,
                field_specific_errors={
                    force_str(k): _teksten(v) for k, v in r.field_specific_errors.items()
                },
                non_field_specific_errors=_teksten(r.non_field_specific_errors),
                values=tuple(r.values),
            )
            for r in result.invalid_rows
        ],
        geldige_rijen=geldig,
        naamswijziging_melding=force_str(getattr(result, "naamswijziging_melding", "")),
        naamswijziging_uitleg=force_str(getattr(result, "naamswijziging_uitleg", "")),
    )
