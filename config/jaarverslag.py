"""/beheer/jaarverslag/: the yearly report for the council and the national co-ordinator.

Aggregates only, no personal data: counts, durations, percentages, with labels of categories,
phases, domains, kinds of training and names of networks; never a person or an organisation
other than the municipality itself, which the report names as its author.
Small counts are hidden (``kern.rapport``). A printable page (its print stylesheet drops the
admin around it) and the same figures as CSV (``?formaat=csv``).

The figures come from each app's ``jaarcijfers(jaar, *, tot) -> list[Sectie]``, declared as its
``jaarcijfers`` contribution (``kern.bijdragen``, with its place in the report): the rules for
what counts stay in the app that knows them. ``tot`` is 31 December, or today in the current
year. The regisseur's alone: the beheerder (configuration, no routine work) gets a 403.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import rollen
from kern.rapport import Sectie, als_csv, csv_antwoord

# How many years back the picker goes.
JAREN_TERUG = 10


def standaardjaar(vandaag: date) -> int:
    """The last full year."""
    return vandaag.year - 1


def peildatum(jaar: int, vandaag: date) -> date:
    """The end of the period: 31 December, or today in the current year."""
    return min(date(jaar, 12, 31), vandaag)


def gemeentenaam() -> str:
    """The name of the organisation that is the municipality itself ("" before there is one)."""
    from netwerk.convenanten import gemeente

    organisatie = gemeente()
    return organisatie.naam if organisatie else ""


def jaarcijfers(jaar: int, *, tot: date) -> list[Sectie]:
    from kern import bijdragen

    secties: list[Sectie] = []
    for onderdeel in bijdragen.functies("jaarcijfers"):
        secties += onderdeel(jaar, tot=tot)
    return secties


class JaarKeuze(forms.Form):
    jaar = forms.TypedChoiceField(label=gettext_lazy("Jaar"), coerce=int)

    def __init__(self, data, *, vandaag: date):
        super().__init__(data)
        self.vandaag = vandaag
        jaren = range(vandaag.year, vandaag.year - JAREN_TERUG, -1)
        self.fields["jaar"].choices = [(j, str(j)) for j in jaren]
        self.fields["jaar"].initial = standaardjaar(vandaag)

    def gekozen(self) -> int:
        """The chosen year; a missing or wrong one falls back to the last full year."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["jaar"]
        return standaardjaar(self.vandaag)


def jaarverslag_view(request, site):
    if not rollen.is_regisseur(request.user):
        raise PermissionDenied
    vandaag = timezone.localdate()
    keuze = JaarKeuze(request.GET if "jaar" in request.GET else None, vandaag=vandaag)
    jaar = keuze.gekozen()
    tot = peildatum(jaar, vandaag)
    secties = jaarcijfers(jaar, tot=tot)
    gemeente = gemeentenaam()
    if request.GET.get("formaat") == "csv":
        return csv_antwoord(
            als_csv(jaar, tot, secties, gemeente=gemeente), f"jaarverslag-{jaar}.csv"
        )
    if keuze.is_bound and not keuze.is_valid():
        keuze = JaarKeuze(None, vandaag=vandaag)  # show the year that is shown, not an error
    context = {
        **site.each_context(request),
        "title": (
            _("Jaarverslag %(jaar)s, %(gemeente)s") % {"jaar": jaar, "gemeente": gemeente}
            if gemeente
            else _("Jaarverslag %(jaar)s") % {"jaar": jaar}
        ),
        "gemeente": gemeente,
        "keuze": keuze,
        "jaar": jaar,
        "tot": tot,
        "lopend_jaar": jaar == vandaag.year,
        "vandaag": vandaag,
        "secties": secties,
        "csv_query": f"jaar={jaar}&formaat=csv",
    }
    return TemplateResponse(request, "admin/jaarverslag.html", context)


def urlpatterns(site):
    """Included by ``RegieAdminSite.get_urls``: ``admin:jaarverslag``."""

    def jaarverslag(request):
        return jaarverslag_view(request, site)

    return [path("jaarverslag/", site.admin_view(jaarverslag), name="jaarverslag")]
