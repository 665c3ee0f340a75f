"""Signals in /beheer/: the regisseur's triage, the case flow, links and the audit trail.

Signals are the regisseur's alone (the beheerder does not see them). Nobody adds a signal here
(they come from the reporting form) or deletes one (the retention task anonymises them). What
the reporter wrote is read-only; the regisseur acts through the move form, the link buttons and
the texts per phase. Every view of a signal's page is logged (Inzage).
"""

import contextlib
from datetime import timedelta

from auditlog.models import LogEntry as AuditlogEntry
from django.contrib import admin, messages
from django.contrib.admin.sites import NotRegistered
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import rollen
from kern.beheer import AlleenLezen, RegieModelAdmin, RegieTabularInline
from kern.fouten import Weigering
from netwerk.models import Organisatie

from . import delen, services, wijzigingslog
from .casusverloop import VOLGORDE, Fase
from .forms import VerplaatsForm
from .koppelen import zoekterm_sleutel
from .models import (
    Deling,
    DelingIntrekking,
    Fasebeschrijving,
    Inzage,
    Koppeling,
    KoppelingStatus,
    Overgang,
    RegionaleOvereenkomst,
    Signaal,
    Zoekopdracht,
)
from .selectors import signaalmodules, signalen_voor

# The change log is shown per signal, to the regisseur; not as one list for the beheerder.
with contextlib.suppress(NotRegistered):
    admin.site.unregister(AuditlogEntry)


def _beschrijvingen(request) -> dict:
    if not hasattr(request, "_signalen_beschrijvingen"):
        request._signalen_beschrijvingen = services.fasebeschrijvingen()
    return request._signalen_beschrijvingen


class TeLaatFilter(admin.SimpleListFilter):
    title = _("termijn")
    parameter_name = "termijn"

    def lookups(self, request, model_admin):
        return [("te_laat", _("Over de verwachte duur")), ("op_tijd", _("Binnen de termijn"))]

    def queryset(self, request, queryset):
        if self.value() == "te_laat":
            return queryset.filter(te_laat=True)
        if self.value() == "op_tijd":
            return queryset.filter(te_laat=False)
        return queryset


class IngediendFilter(admin.SimpleListFilter):
    """New signals: the dashboard's "nieuw deze week" links here."""

    title = _("ingediend")
    parameter_name = "ingediend"

    DAGEN = {"week": 7, "maand": 30}

    def lookups(self, request, model_admin):
        return [("week", _("De afgelopen 7 dagen")), ("maand", _("De afgelopen 30 dagen"))]

    def queryset(self, request, queryset):
        dagen = self.DAGEN.get(self.value())
        if dagen:
            return queryset.filter(ingediend_op__gte=timezone.now() - timedelta(days=dagen))
        return queryset


class KoppelingFilter(admin.SimpleListFilter):
    title = _("kruisverbanden")
    parameter_name = "koppeling"

    def lookups(self, request, model_admin):
        return [
            ("mogelijk", _("Mogelijke koppeling te beoordelen")),
            ("gekoppeld", _("Gekoppeld aan een ander signaal")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "mogelijk":
            return queryset.filter(mogelijke_koppelingen__gt=0)
        if self.value() == "gekoppeld":
            return queryset.filter(
                Q(
                    pk__in=Koppeling.objects.filter(status=KoppelingStatus.GEKOPPELD).values(
                        "signaal_a"
                    )
                )
                | Q(
                    pk__in=Koppeling.objects.filter(status=KoppelingStatus.GEKOPPELD).values(
                        "signaal_b"
                    )
                )
            )
        return queryset


class OvergangInline(AlleenLezen, RegieTabularInline):
    model = Overgang
    extra = 0
    can_delete = False
    fields = ["op", "van", "naar", "doorverwezen_naar", "door", "notitie", "voor_melder"]
    readonly_fields = fields
    verbose_name = _("stap")
    verbose_name_plural = _("verloop (met alle notities; de melder ziet alleen wat zichtbaar is)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("door")


@admin.register(Signaal)
class SignaalAdmin(AlleenLezen, RegieModelAdmin):  # as filed; the regisseur acts through the flow
    alleen_regisseur = True
    list_display = [
        "referentie",
        "categorie",
        "fase_met_termijn",
        "urgentie",
        "melder_organisatie",
        "ingediend_op",
        "koppelingen_kolom",
    ]
    list_filter = [
        "fase",
        TeLaatFilter,
        IngediendFilter,
        KoppelingFilter,
        "categorie",
        "urgentie",
        ("geanonimiseerd_op", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["melder_organisatie"]
    search_fields = ["referentie", "persoon_naam"]
    search_help_text = _("Zoek op referentie (S-2026-0042) of op de naam van de persoon.")
    # Both are found through trigram indexes (migration 0004) on PostgreSQL; the count of every
    # signal beside the hits would be one more pass over all of them.
    show_full_result_count = False
    date_hierarchy = "ingediend_op"
    list_per_page = 50
    inlines = [OvergangInline]
    fieldsets = [
        (
            _("Melding"),
            {
                "fields": [
                    "referentie",
                    "melder",
                    "melder_organisatie",
                    "ingediend_op",
                    "categorie",
                    "urgentie",
                    "waarneming",
                    ("waargenomen_op", "waargenomen_waar"),
                    "zorg_melder",
                ]
            },
        ),
        (
            _("Over wie of wat"),
            {
                "fields": [
                    "betreft",
                    ("persoon_naam", "persoon_geboortedatum", "persoon_leeftijd"),
                    "omschrijving_betrokkene",
                    "wijk",
                    "bekend_bij_zorg",
                    "context_school",
                    "context_gezin",
                ]
            },
        ),
        (
            _("Casusverloop"),
            {
                "fields": [
                    "fase",
                    "fase_sinds",
                    "doorverwezen_naar",
                    "afgesloten_op",
                    "geanonimiseerd_op",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        mogelijk = (
            Koppeling.objects.filter(
                Q(signaal_a=OuterRef("pk")) | Q(signaal_b=OuterRef("pk")),
                status=KoppelingStatus.MOGELIJK,
            )
            .order_by()
            .values("status")
            .annotate(n=Count("pk"))
            .values("n")
        )
        # Which signals: the selector every page asks (for the regisseur, all of them).
        zichtbaar = signalen_voor(request.user, rol=rollen.NETWERKREGISSEUR)
        return (super().get_queryset(request) & zichtbaar).annotate(
            mogelijke_koppelingen=Coalesce(Subquery(mogelijk[:1]), Value(0)),
            te_laat=Case(
                When(services.te_laat_filter(_beschrijvingen(request)), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )

    def changelist_view(self, request, extra_context=None):
        antwoord = super().changelist_view(request, extra_context)
        term = request.GET.get("q", "").strip()
        cl = getattr(antwoord, "context_data", {}).get("cl") if term else None
        if cl is not None:
            # "Is this person in the system?" is itself a look at signals: log it.
            services.zoekopdracht_vastleggen(request, term, cl.result_count)
        return antwoord

    def get_readonly_fields(self, request, obj=None):
        return [veld for _kop, opties in self.fieldsets for veld in _platten(opties["fields"])]

    @admin.display(description=_("fase"), ordering="fase")
    def fase_met_termijn(self, obj):
        if getattr(obj, "te_laat", False):
            return format_html(
                '{} <strong class="te-laat">{}</strong>',
                obj.get_fase_display(),
                gettext("te lang"),
            )
        return obj.get_fase_display()

    @admin.display(description=_("kruisverbanden"), ordering="mogelijke_koppelingen")
    def koppelingen_kolom(self, obj):
        n = getattr(obj, "mogelijke_koppelingen", 0)
        if not n:
            return ""
        return format_html('<strong class="mogelijke-koppeling">{}</strong>', _mogelijk_tekst(n))

    # --- the signal's page: log the view, offer the move and the links ------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self._mag(request):
            raise PermissionDenied
        signaal = self.get_object(request, object_id)
        if signaal is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if request.method == "GET":
            services.inzage_vastleggen(request, signaal, Inzage.Waar.BEHEER)
        extra_context = {**(extra_context or {}), **self._signaal_context(request, signaal)}
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        # Refused before the lookup: the queryset holds no signal for anyone else, and
        # Django's history page would answer "does not exist" instead of 403.
        if not self._mag(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def _signaal_context(self, request, signaal, verplaats_form=None):
        beschrijvingen = _beschrijvingen(request)
        return {
            "verplaats_form": verplaats_form or VerplaatsForm(fase=signaal.fase),
            "te_laat": services.is_te_laat(signaal, beschrijvingen),
            "uiterlijk": services.verwacht_uiterlijk(signaal, beschrijvingen),
            "koppelingen": [
                (k, k.signaal_b if k.signaal_a_id == signaal.pk else k.signaal_a)
                for k in services.koppelingen_van(signaal)
            ],
            "aantal_inzagen": signaal.inzagen.count(),
            "delingen": signaal.delingen.select_related(
                "organisatie", "convenant", "gedeeld_door", "ingetrokken_door"
            ),
            "deelbaar": delen.organisaties_voor_delen(signaal),
            "signaalmodules": signaalmodules(request, signaal, voor="regisseur"),
        }

    def get_urls(self):
        def url(route, view, naam):
            return path(route, self.admin_site.admin_view(view), name=f"signalen_signaal_{naam}")

        return [
            url("<int:pk>/verplaatsen/", self.verplaatsen_view, "verplaatsen"),
            url("<int:pk>/koppelen/", self.koppelen_view, "koppelen"),
            url(
                "<int:pk>/koppeling/<int:koppeling>/<str:actie>/", self.koppeling_view, "koppeling"
            ),
            url("<int:pk>/inzage/", self.inzage_view, "inzage"),
            url("<int:pk>/delen/", self.delen_view, "delen"),
            url("<int:pk>/deling/<int:deling>/intrekken/", self.intrekken_view, "intrekken"),
            *super().get_urls(),
        ]

    def _signaal(self, request, pk) -> Signaal:
        if not self._mag(request):
            raise PermissionDenied
        return get_object_or_404(signalen_voor(request.user, rol=rollen.NETWERKREGISSEUR), pk=pk)

    def _terug(self, signaal):
        return redirect(reverse("admin:signalen_signaal_change", args=[signaal.pk]))

    def verplaatsen_view(self, request, pk):
        signaal = self._signaal(request, pk)
        if request.method != "POST":
            return self._terug(signaal)
        gezien = request.POST.get("van", "")
        form = VerplaatsForm(request.POST, fase=gezien if gezien in Fase.values else signaal.fase)
        if form.is_valid():
            try:
                services.signaal_verplaatsen(
                    signaal_id=signaal.pk,
                    door=request.user,
                    **form.cleaned_data,
                )
            except Weigering as fout:
                messages.error(request, fout.reden)
            else:
                signaal.refresh_from_db()
                messages.success(
                    request,
                    gettext("%(ref)s staat nu in de fase ‘%(fase)s’.")
                    % {"ref": signaal.referentie, "fase": signaal.get_fase_display()},
                )
            return self._terug(signaal)
        for veld, fouten in form.errors.items():
            for fout in fouten:
                label = form.fields[veld].label if veld in form.fields else ""
                messages.error(request, f"{label}: {fout}" if label else fout)
        return self._terug(signaal)

    def koppelen_view(self, request, pk):
        signaal = self._signaal(request, pk)
        if request.method != "POST":
            return self._terug(signaal)
        referentie = request.POST.get("referentie", "").strip().upper()
        # NUL cannot be in a reference (and PostgreSQL refuses it in a query).
        ander = (
            None if "\x00" in referentie else Signaal.objects.filter(referentie=referentie).first()
        )
        if ander is None:
            messages.error(request, gettext("Er is geen signaal met referentie ‘%s’.") % referentie)
        else:
            self._koppel(request, signaal, ander)  # the service refuses itself and anonymised
        return self._terug(signaal)

    def _koppel(self, request, signaal, ander):
        try:
            services.signalen_koppelen(signaal=signaal, ander=ander, door=request.user)
        except ValueError as fout:
            messages.error(request, str(fout))
        else:
            messages.success(request, gettext("Gekoppeld aan %(ref)s.") % {"ref": ander.referentie})

    def koppeling_view(self, request, pk, koppeling, actie):
        signaal = self._signaal(request, pk)
        if request.method != "POST" or actie not in ("koppelen", "ontkoppelen"):
            raise Http404
        k = get_object_or_404(
            Koppeling.objects.filter(Q(signaal_a=signaal) | Q(signaal_b=signaal)), pk=koppeling
        )
        ander = k.signaal_b if k.signaal_a_id == signaal.pk else k.signaal_a
        if actie == "koppelen":
            self._koppel(request, signaal, ander)
        else:
            services.signalen_ontkoppelen(koppeling=k, door=request.user)
            messages.success(
                request,
                gettext("Ontkoppeld van %(ref)s; deze koppeling wordt niet opnieuw voorgesteld.")
                % {"ref": ander.referentie},
            )
        return self._terug(signaal)

    def delen_view(self, request, pk):
        signaal = self._signaal(request, pk)
        if request.method != "POST":
            return self._terug(signaal)
        keuze = request.POST.get("organisatie", "")
        organisatie = Organisatie.objects.filter(pk=keuze).first() if keuze.isdecimal() else None
        if organisatie is None:
            messages.error(request, gettext("Kies een organisatie om mee te delen."))
            return self._terug(signaal)
        try:
            deling = delen.signaal_delen(
                signaal=signaal, organisatie=organisatie, door=request.user
            )
        except Weigering as fout:
            messages.error(request, fout.reden)
        else:
            messages.success(
                request,
                gettext("%(ref)s is gedeeld met %(org)s onder ‘%(conv)s’.")
                % {"ref": signaal.referentie, "org": organisatie, "conv": deling.convenant},
            )
        return self._terug(signaal)

    def intrekken_view(self, request, pk, deling):
        signaal = self._signaal(request, pk)
        if request.method != "POST":
            return self._terug(signaal)
        d = get_object_or_404(Deling, pk=deling, signaal=signaal)
        if delen.deling_intrekken(deling=d, reden=DelingIntrekking.HANDMATIG, door=request.user):
            messages.success(
                request,
                gettext("De deling met %(org)s is ingetrokken; zij zien het signaal niet meer.")
                % {"org": d.organisatie},
            )
        return self._terug(signaal)

    def inzage_view(self, request, pk):
        """Who looked at this signal and who changed what (the audit trail of one signal)."""
        signaal = self._signaal(request, pk)
        services.inzage_vastleggen(request, signaal, Inzage.Waar.BEHEER)  # shows old values
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Inzage en wijzigingen van %(ref)s") % {"ref": signaal.referentie},
            "opts": self.opts,
            "original": signaal,
            "inzagen": signaal.inzagen.select_related("door").order_by("-op")[:500],
            "wijzigingen": wijzigingslog.wijzigingen_van(signaal),
        }
        return TemplateResponse(request, "admin/signalen/inzage.html", context)


def _platten(velden):
    for veld in velden:
        if isinstance(veld, list | tuple):
            yield from veld
        else:
            yield veld


def _mogelijk_tekst(n: int) -> str:
    from django.utils.translation import ngettext

    return ngettext("%(n)d mogelijke koppeling", "%(n)d mogelijke koppelingen", n) % {"n": n}


@admin.register(Fasebeschrijving)
class FasebeschrijvingAdmin(RegieModelAdmin):
    """The texts per phase. The phases themselves and their order are fixed (casusverloop)."""

    alleen_regisseur = True
    list_display = ["fase", "verwachte_duur_dagen", "uitleg"]
    list_display_links = ["fase"]
    fields = ["fase", "uitleg", "verwachting", "verwachte_duur_dagen"]
    readonly_fields = ["fase"]

    def get_queryset(self, request):
        volgorde = Case(
            *[When(fase=f, then=Value(i)) for i, f in enumerate(VOLGORDE)], default=Value(99)
        )
        return super().get_queryset(request).order_by(volgorde)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Zoekopdracht)
class ZoekopdrachtAdmin(AlleenLezen, RegieModelAdmin):
    """Who searched the signals. The terms are kept only as a keyed hash: enter a name to see
    whether, when and by whom it was searched for."""

    alleen_regisseur = True
    list_display = ["op", "door", "ip_adres", "aantal"]
    list_select_related = ["door"]
    search_fields = ["zoekterm_sleutel"]
    search_help_text = _("Vul een naam of zoekterm in: u ziet wie daarop heeft gezocht.")
    date_hierarchy = "op"

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(zoekterm_sleutel=zoekterm_sleutel(search_term)), False


@admin.register(RegionaleOvereenkomst)
class RegionaleOvereenkomstAdmin(AlleenLezen, RegieModelAdmin):
    """The "hit, no content" notices of the region (signalen.overeenkomsten): which of this
    gemeente's signals seemed to match an open signal in which other gemeente, when, and who
    was told. Nothing of the other gemeente's signal is here."""

    alleen_regisseur = True
    list_display = ["op", "signaal", "andere_gemeente", "gemeld_aan"]
    list_select_related = ["signaal", "andere_gemeente"]
    date_hierarchy = "op"

    def has_delete_permission(self, request, obj=None):
        return False
