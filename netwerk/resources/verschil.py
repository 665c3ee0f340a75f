"""The preview: per row the before/after cells (escaped, no inline styles) and what changes
in an existing row, names that change marked."""

from __future__ import annotations

from dataclasses import dataclass

from diff_match_patch import diff_match_patch
from django.utils.html import escape
from django.utils.safestring import mark_safe
from import_export.resources import Diff
from import_export.results import Result, RowResult

from .kolommen import KOLOM_LABELS


def _als_tekst(waarde) -> str:
    return "" if waarde is None else str(waarde)


@dataclass(frozen=True)
class Wijziging:
    """One column of an existing row that the import changes."""

    veld: str  # the Dutch label
    oud: str
    nieuw: str
    naam: bool  # part of the name: the preview marks it


class Diffcellen(list):
    """The preview cells of one row (HTML, as django-import-export shows them), plus what
    changes in an existing row and its name before and after."""

    wijzigingen: list[Wijziging]
    naam_oud: str = ""
    naam_nieuw: str = ""


class VeiligeDiff(Diff):
    """The preview's before/after cells without inline styles (the CSP forbids them), and the
    changes of an existing row, read from the same before/after values."""

    def __init__(self, resource, instance, new):
        resource.verschil_voorbereiden(instance)
        super().__init__(resource, instance, new)
        self.koppen = [str(f.column_name) for f in resource.get_import_fields()]
        self.naam_kolommen = tuple(getattr(resource, "naam_kolommen", ()))

    def compare_with(self, resource, instance):
        resource.verschil_voorbereiden(instance)
        super().compare_with(resource, instance)

    def _naam(self, waarden) -> str:
        per_kop = dict(zip(self.koppen, waarden, strict=False))
        return " ".join(d for k in self.naam_kolommen if (d := _als_tekst(per_kop.get(k))))

    def wijzigingen(self) -> list[Wijziging]:
        if self.new or not self.right:
            return []
        return [
            Wijziging(
                veld=str(KOLOM_LABELS.get(kop, kop)),
                oud=_als_tekst(links),
                nieuw=_als_tekst(rechts),
                naam=kop in self.naam_kolommen,
            )
            for kop, links, rechts in zip(self.koppen, self.left, self.right, strict=False)
            if _als_tekst(links) != _als_tekst(rechts)
        ]

    def as_html(self):
        dmp = diff_match_patch()
        uitkomst = Diffcellen()
        for links, rechts in zip(self.left, self.right, strict=False):
            if links != rechts and self.new:
                links = ""
            stukken = dmp.diff_main(str(links or ""), str(rechts or ""))
            dmp.diff_cleanupSemantic(stukken)
            html = []
            for soort, stuk in stukken:
                tag = {1: "ins", -1: "del"}.get(soort)
                html.append(f"<{tag}>{escape(stuk)}</{tag}>" if tag else escape(stuk))
            uitkomst.append(mark_safe("".join(html)))  # noqa: S308 (every piece escaped)
        uitkomst.wijzigingen = self.wijzigingen()
        if any(w.naam for w in uitkomst.wijzigingen):
            uitkomst.naam_oud = self._naam(self.left)
            uitkomst.naam_nieuw = self._naam(self.right)
        return uitkomst


class RegieRij(RowResult):
    """One row of the preview, with its number in the file and what it changes."""

    def __init__(self):
        super().__init__()
        self.rij = None  # the row's number in the spreadsheet (the header is row 1)

    @property
    def wijzigingen(self) -> list[Wijziging]:
        """Only for an existing row that is updated: the columns that change."""
        if not self.is_update():
            return []
        return getattr(self.diff, "wijzigingen", [])

    @property
    def naam_wijzigt(self) -> bool:
        return any(w.naam for w in self.wijzigingen)

    @property
    def naam_oud(self) -> str:
        return getattr(self.diff, "naam_oud", "")

    @property
    def naam_nieuw(self) -> str:
        return getattr(self.diff, "naam_nieuw", "")


class RegieResultaat(Result):
    """The outcome of an import, with the rows that change a name (filled by
    ``RegieResource.import_data``) and the Dutch warning about them."""

    def __init__(self):
        super().__init__()
        self.naamswijzigingen: list[RegieRij] = []
        self.naamswijziging_melding = ""
        self.naamswijziging_uitleg = ""
