"""The rules for signals, shared by the site, /beheer/, the tasks, the demo data and the tests.

- ``signaal_indienen``: a professional files a signal; it gets a reference (S-2026-0042).
- ``signaal_verplaatsen``: the regisseur moves a signal through the case flow. The move names the
  phase the regisseur saw (``van``); the row is locked, so of two regisseurs moving the same
  signal at once exactly one wins and the other is told the signal has moved on.
- ``aanvulling_geven``: the reporter answers a question; the signal returns to in_behandeling.
  These three change a signal's phase, each through ``_stap_zetten``: the one function that
  checks the case flow and writes the phase and the step in the history.
- ``signalen_koppelen`` / ``signalen_ontkoppelen``: links between signals.
- ``inzage_vastleggen``: who looked at a signal.
- ``signaal_anonimiseren`` / ``verlopen_signalen_anonimiseren``: the retention rule.
"""

from __future__ import annotations

import functools
import logging
from datetime import date, datetime, timedelta

from auditlog.models import LogEntry as AuditlogEntry
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from berichten.services import bericht_opstellen
from kern.clientadres import clientadres
from kern.fouten import Weigering
from kern.ruw import kolommen, omgezet, voorbereid_uitvoeren
from netwerk.models import Organisatie

from . import casusverloop, events
from .casusverloop import Fase
from .delen import signaal_delingen_intrekken
from .koppelen import persoon_sleutel, zoekterm_sleutel
from .models import (
    Betreft,
    Fasebeschrijving,
    Inzage,
    Koppeling,
    KoppelingStatus,
    Overgang,
    Referentieteller,
    Signaal,
    Zoekopdracht,
)
from .overeenkomsten import regionale_overeenkomsten_melden

logger = logging.getLogger(__name__)

# Fields a reporter fills in; the rest is set by the rules below.
INVOERVELDEN = (
    "categorie",
    "waarneming",
    "waargenomen_op",
    "waargenomen_waar",
    "betreft",
    "persoon_naam",
    "persoon_geboortedatum",
    "persoon_leeftijd",
    "omschrijving_betrokkene",
    "wijk",
    "bekend_bij_zorg",
    "context_school",
    "context_gezin",
    "zorg_melder",
    "urgentie",
    "melder_organisatie",
)

# Emptied by anonymisation: free text and everything that could identify the person.
IDENTIFICERENDE_VELDEN = {
    "waarneming": "",
    "waargenomen_waar": "",
    "persoon_naam": "",
    "persoon_geboortedatum": None,
    "persoon_leeftijd": None,
    "omschrijving_betrokkene": "",
    "wijk": None,
    "context_school": "",
    "context_gezin": "",
    "zorg_melder": "",
    "persoon_sleutel": "",
    "melder": None,
}


# --- Reading ------------------------------------------------------------------------------------


def organisaties_van_melder(user) -> list[Organisatie]:
    """The organisations a reporter is aandachtsfunctionaris for (active roles only), by name.

    Plain SQL: it runs on every opening of the signal form, and through the ORM it cost more
    CPU to build (a join over three models, DISTINCT) than to run; a prepared statement
    (``accounts.rollen.voorbereid_uitvoeren``), planned once per connection. The same rows as
    ``Organisatie.objects.filter(aandachtsfunctionarissen__persoon__account=user,
    aandachtsfunctionarissen__actief=True).distinct().order_by("naam")``."""
    if getattr(user, "pk", None) is None:
        return []
    alias, sql, velden, omzetters = _organisaties_van_melder_sql()
    verbinding = connections[alias]
    with verbinding.cursor() as cursor:
        voorbereid_uitvoeren(verbinding, cursor, sql, [user.pk])
        rijen = cursor.fetchall()
    organisaties = []
    for rij in rijen:
        organisaties.append(Organisatie.from_db(alias, velden, omgezet(rij, omzetters, verbinding)))
    return organisaties


@functools.cache
def _organisaties_van_melder_sql():
    """The database alias, the SQL (names from the models' meta data, no input), the
    organisation's field names (attnames) and per column the converters Django applies."""
    from netwerk.models import Aandachtsfunctionaris, Persoon

    alias = router.db_for_read(Organisatie)
    verbinding = connections[alias]
    q = verbinding.ops.quote_name
    meta, af, persoon = Organisatie._meta, Aandachtsfunctionaris._meta, Persoon._meta
    kolom = lambda m, naam: q(m.get_field(naam).column)  # noqa: E731
    select, velden_namen, omzetters = kolommen(Organisatie, "o", verbinding)
    sql = (
        f"SELECT {select} "  # noqa: S608
        f"FROM {q(meta.db_table)} o WHERE o.{q(meta.pk.column)} IN ("
        f"SELECT a.{kolom(af, 'organisatie')} FROM {q(af.db_table)} a "
        f"JOIN {q(persoon.db_table)} p ON p.{q(persoon.pk.column)} = a.{kolom(af, 'persoon')} "
        f"WHERE p.{kolom(persoon, 'account')} = %s AND a.{kolom(af, 'actief')}) "
        f"ORDER BY o.{kolom(meta, 'naam')} ASC"
    )
    return alias, sql, velden_namen, omzetters


def fasebeschrijvingen() -> dict[str, Fasebeschrijving]:
    """The texts per phase, in one query."""
    return {b.fase: b for b in Fasebeschrijving.objects.all()}


def verwacht_uiterlijk(signaal: Signaal, beschrijvingen: dict) -> datetime | None:
    """When the current phase is expected to be over, or None if it has no term."""
    beschrijving = beschrijvingen.get(signaal.fase)
    if signaal.is_afgesloten or beschrijving is None or beschrijving.verwachte_duur_dagen is None:
        return None
    return signaal.fase_sinds + timedelta(days=beschrijving.verwachte_duur_dagen)


def verwacht_rond(signaal: Signaal, beschrijvingen: dict) -> date | None:
    """The day the reporter is told to expect the next step: the expected end of the phase,
    moved to the Monday when it falls in a weekend (nobody reads a signal on a Sunday). None
    when the phase has no term, or when that day has passed (``is_te_laat``: the page then
    says the phase takes longer than usual instead of showing a date in the past)."""
    uiterlijk = verwacht_uiterlijk(signaal, beschrijvingen)
    if uiterlijk is None or uiterlijk < timezone.now():
        return None
    dag = timezone.localdate(uiterlijk)
    return dag + timedelta(days=(7 - dag.weekday()) % 7) if dag.weekday() >= 5 else dag


def is_te_laat(signaal: Signaal, beschrijvingen: dict, nu: datetime | None = None) -> bool:
    uiterlijk = verwacht_uiterlijk(signaal, beschrijvingen)
    return uiterlijk is not None and uiterlijk < (nu or timezone.now())


def te_laat_filter(beschrijvingen: dict, nu: datetime | None = None) -> Q:
    """A filter for signals whose phase lasts longer than expected (for lists and counts)."""
    nu = nu or timezone.now()
    voorwaarde = Q(pk__in=[])
    for fase, beschrijving in beschrijvingen.items():
        if fase == Fase.AFGESLOTEN or beschrijving.verwachte_duur_dagen is None:
            continue
        grens = nu - timedelta(days=beschrijving.verwachte_duur_dagen)
        voorwaarde |= Q(fase=fase, fase_sinds__lt=grens)
    return voorwaarde


def signalen_van_melder(user):
    """A reporter's own signals: the professional's part of ``selectors.signalen_voor``,
    which the site's pages ask."""
    return Signaal.objects.filter(melder=user, geanonimiseerd_op__isnull=True)


def historie_voor_melder(signaal: Signaal) -> list[dict]:
    """The steps a reporter may read: every phase change, but only the notes meant for them.
    Assessment notes are left out here, not in a template."""
    return [
        {
            "op": o.op,
            "van": o.get_van_display(),
            "naar": o.get_naar_display(),
            "notitie": o.notitie if o.voor_melder else "",
            "door_melder": o.door_id is not None and o.door_id == signaal.melder_id,
            "is_antwoord": o.is_antwoord_melder,
            "doorverwezen_naar": o.get_doorverwezen_naar_display(),
        }
        for o in signaal.overgangen.order_by("op", "pk")
    ]


# --- Filing -------------------------------------------------------------------------------------


def _nieuwe_referentie(jaar: int) -> str:
    """The next reference of the year. The counter row stays locked until the filing commits."""
    for _poging in range(3):
        bijgewerkt = Referentieteller.objects.filter(jaar=jaar).update(laatste=F("laatste") + 1)
        if not bijgewerkt:
            try:
                with transaction.atomic():
                    Referentieteller.objects.create(jaar=jaar, laatste=1)
            except IntegrityError:
                continue  # someone else created the year's counter: update it instead
        nummer = Referentieteller.objects.get(jaar=jaar).laatste
        return f"S-{jaar}-{nummer:04d}"
    raise RuntimeError("Geen referentie kunnen uitgeven")  # pragma: no cover


@transaction.atomic
def signaal_indienen(*, melder, gegevens: dict, op: datetime | None = None) -> Signaal:
    """File a signal for ``melder`` with the fields of ``INVOERVELDEN`` in ``gegevens``.
    ``op`` (default now) only differs for the demo data."""
    organisaties = organisaties_van_melder(melder)
    organisatie = gegevens.get("melder_organisatie")
    if organisatie is None or organisatie not in organisaties:
        organisatie = organisaties[0] if organisaties else None
    nu = op or timezone.now()
    velden = {k: v for k, v in gegevens.items() if k in INVOERVELDEN}
    velden["melder_organisatie"] = organisatie
    signaal = Signaal(
        **velden,
        melder=melder,
        referentie=_nieuwe_referentie(timezone.localdate(nu).year),
        ingediend_op=nu,
    )
    if signaal.betreft != Betreft.PERSOON:
        signaal.persoon_naam = ""
        signaal.persoon_geboortedatum = None
        signaal.persoon_leeftijd = None
    signaal.persoon_sleutel = persoon_sleutel(signaal.persoon_naam, signaal.persoon_geboortedatum)
    _stap_zetten(signaal, naar=casusverloop.BEGIN, door=melder, op=nu, voor_melder=True)
    mogelijke_koppelingen_vastleggen(signaal)
    regionale_overeenkomsten_melden(signaal)
    events.signaal_ingediend.sturen(signaal_id=signaal.pk)
    return signaal


# --- The case flow ------------------------------------------------------------------------------


@transaction.atomic
def signaal_verplaatsen(
    *,
    signaal_id: int,
    van: str,
    naar: str,
    door,
    notitie: str = "",
    voor_melder: bool = False,
    doorverwezen_naar: str = "",
    herzien_op: date | None = None,
    op: datetime | None = None,
    bevestigde_weging: bool = False,
) -> Signaal:
    """Move a signal from ``van`` (the phase the regisseur saw) to ``naar``. ``herzien_op``:
    with a move to monitoren, when to look again (``selectors.te_herzien``).

    A move out of the weging (``casusverloop.VIER_OGEN``) is the outcome of a confirmed weging
    only: ``bevestigde_weging`` is said by ``weging.services.weging_bevestigen`` (and by the
    demo's history and the tests of the machine itself); without it the move is refused.

    Raises ``Weigering`` with a Dutch reason when the machine does not allow the
    move, when the signal has meanwhile moved on, or when the move misses what it needs.
    """
    signaal = Signaal.objects.select_for_update().get(pk=signaal_id)
    if signaal.geanonimiseerd_op:
        raise Weigering(_("Dit signaal is geanonimiseerd en kan niet meer verder."))
    if signaal.fase != van:
        raise Weigering(
            _(
                "Het signaal is intussen verplaatst naar ‘%(fase)s’, waarschijnlijk door een "
                "collega. Bekijk de nieuwe stand en kies opnieuw."
            )
            % {"fase": signaal.get_fase_display()}
        )
    if van in casusverloop.VIER_OGEN and not bevestigde_weging:
        raise Weigering(casusverloop.reden_vier_ogen())
    _stap_zetten(
        signaal,
        naar=naar,
        door=door,
        op=op or timezone.now(),
        notitie=notitie,
        voor_melder=voor_melder,
        doorverwezen_naar=doorverwezen_naar,
        herzien_op=herzien_op,
    )
    return signaal


def _stap_zetten(
    signaal: Signaal,
    *,
    naar: str,
    door,
    op: datetime,
    notitie: str = "",
    voor_melder: bool = False,
    doorverwezen_naar: str = "",
    is_antwoord_melder: bool = False,
    herzien_op: date | None = None,
) -> Overgang:
    """The one place where a signal changes phase: filing, moving and the reporter's answer
    all come here. Checks the move against the case flow (``casusverloop.OVERGANGEN``) and
    what the new phase needs, then writes the phase, when it began (and the referral or the
    closing date where the phase has one) and the step in the history: a new ``Overgang``
    row, never an overwrite. A new (unsaved) signal takes its first step, to ``BEGIN``.

    The caller holds the lock on an existing signal's row (``select_for_update``) and has
    checked the phase it expects. Raises ``Weigering`` with a Dutch reason.
    """
    nieuw = signaal.pk is None
    van = "" if nieuw else signaal.fase
    if nieuw and naar != casusverloop.BEGIN:
        raise ValueError(f"Een nieuw signaal begint in {casusverloop.BEGIN}, niet in {naar}")
    if not nieuw and not casusverloop.mag_naar(van, naar):
        raise Weigering(casusverloop.reden_geweigerd(van, naar))
    notitie = (notitie or "").strip()
    if naar == Fase.AANVULLING_GEVRAAGD:
        if not notitie:
            raise Weigering(
                _("Schrijf de vraag aan de melder in de notitie; die leest de melder op de site.")
            )
        voor_melder = True  # the question is the note: the reporter must be able to read it
    if naar == Fase.DOORVERWEZEN:
        if not doorverwezen_naar:
            raise Weigering(_("Kies waarnaar het signaal is doorverwezen."))
    else:
        doorverwezen_naar = ""

    if naar == Fase.MONITOREN and herzien_op is not None and herzien_op <= timezone.localdate(op):
        raise Weigering(_("De datum om te herzien ligt in de toekomst."))
    signaal.fase = naar
    signaal.fase_sinds = op
    # A review date belongs to monitoring: set with the move there, gone with the move away.
    signaal.herzien_op = herzien_op if naar == Fase.MONITOREN else None
    velden = ["fase", "fase_sinds", "herzien_op"]
    if naar == Fase.DOORVERWEZEN:
        signaal.doorverwezen_naar = doorverwezen_naar
        velden.append("doorverwezen_naar")
    if naar == Fase.AFGESLOTEN:
        signaal.afgesloten_op = op
        velden.append("afgesloten_op")
    if nieuw:
        signaal.save()
    else:
        signaal.save(update_fields=velden)
    overgang = Overgang.objects.create(
        signaal=signaal,
        van=van,
        naar=naar,
        door=door,
        op=op,
        notitie=notitie,
        voor_melder=bool(voor_melder),
        is_antwoord_melder=is_antwoord_melder,
        doorverwezen_naar=doorverwezen_naar,
    )
    if naar == Fase.AANVULLING_GEVRAAGD:
        _vraag_melden(signaal)
    if not nieuw:
        events.signaal_verplaatst.sturen(signaal_id=signaal.pk, overgang_id=overgang.pk)
    return overgang


def _vraag_melden(signaal: Signaal) -> None:
    """E-mail the reporter that there is a question. No content of the signal, no names."""
    melder = signaal.melder
    if melder is None or not melder.is_active or not melder.email:
        return
    # Not even the reference: the outbox (readable by the beheerder) would otherwise tie the
    # reporter to a signal. "Mijn signalen" shows which signal has the question.
    context = {"link": settings.SITE_URL + reverse("signalen:mijn") + "?fase=aanvulling_gevraagd"}
    bericht_opstellen(
        aan=melder.email,
        onderwerp=_("Er is een vraag over een signaal dat u doorgaf"),
        sjabloon="signalen/mail/aanvulling_gevraagd",
        context=context,
        html=False,
        soort="signalen.aanvulling_gevraagd",
    )


def openstaande_vraag(signaal: Signaal) -> Overgang | None:
    """The question the reporter is asked to answer, if the signal waits for one."""
    if signaal.fase != Fase.AANVULLING_GEVRAAGD:
        return None
    return signaal.overgangen.filter(naar=Fase.AANVULLING_GEVRAAGD).order_by("-op", "-pk").first()


@transaction.atomic
def aanvulling_geven(*, signaal_id: int, melder, antwoord: str) -> Signaal:
    """The reporter answers the question; the signal goes back to in_behandeling."""
    signaal = (
        Signaal.objects.select_for_update()
        .filter(pk=signaal_id, melder=melder, geanonimiseerd_op__isnull=True)
        .first()
    )
    if signaal is None:
        raise Weigering(_("Dit signaal is niet meer beschikbaar."))
    antwoord = (antwoord or "").strip()
    if signaal.fase != Fase.AANVULLING_GEVRAAGD:
        raise Weigering(
            _("Er staat geen vraag meer open bij dit signaal; uw antwoord is niet opgeslagen.")
        )
    if not antwoord:
        raise Weigering(_("Schrijf uw antwoord op de vraag."))
    _stap_zetten(
        signaal,
        naar=Fase.IN_BEHANDELING,
        door=melder,
        op=timezone.now(),
        notitie=antwoord,
        voor_melder=True,
        is_antwoord_melder=True,
    )
    return signaal


# --- Links --------------------------------------------------------------------------------------


def _paar(een: Signaal, ander: Signaal) -> tuple[Signaal, Signaal]:
    return (een, ander) if een.pk < ander.pk else (ander, een)


def mogelijke_koppelingen_vastleggen(signaal: Signaal) -> int:
    """Propose a link to every other signal with the same person key. Returns how many new."""
    if not signaal.persoon_sleutel:
        return 0
    nieuw = 0
    # Locked, so a signal being anonymised at this moment cannot get a fresh link afterwards.
    anderen = (
        Signaal.objects.select_for_update()
        .filter(persoon_sleutel=signaal.persoon_sleutel, geanonimiseerd_op__isnull=True)
        .exclude(pk=signaal.pk)
    )
    for ander in anderen:
        a, b = _paar(signaal, ander)
        _, aangemaakt = Koppeling.objects.get_or_create(
            signaal_a=a, signaal_b=b, defaults={"status": KoppelingStatus.MOGELIJK}
        )
        nieuw += aangemaakt
    return nieuw


@transaction.atomic
def signalen_koppelen(*, signaal: Signaal, ander: Signaal, door) -> Koppeling:
    """Link two signals (confirm a proposal, or link by hand)."""
    if signaal.pk == ander.pk:
        raise ValueError(_("Een signaal kan niet aan zichzelf gekoppeld worden."))
    vergrendeld = Signaal.objects.select_for_update().filter(pk__in=[signaal.pk, ander.pk])
    if any(s.geanonimiseerd_op for s in vergrendeld):
        raise ValueError(_("Een geanonimiseerd signaal kan niet gekoppeld worden."))
    a, b = _paar(signaal, ander)
    koppeling, aangemaakt = Koppeling.objects.select_for_update().get_or_create(
        signaal_a=a,
        signaal_b=b,
        defaults={"status": KoppelingStatus.GEKOPPELD, "handmatig": True, "door": door},
    )
    if not aangemaakt:
        koppeling.status = KoppelingStatus.GEKOPPELD
        koppeling.door = door
        koppeling.save(update_fields=["status", "door", "gewijzigd_op"])
    return koppeling


@transaction.atomic
def signalen_ontkoppelen(*, koppeling: Koppeling, door) -> Koppeling:
    """No link after all; stays recorded so the same pair is not proposed again."""
    koppeling.status = KoppelingStatus.ONTKOPPELD
    koppeling.door = door
    koppeling.save(update_fields=["status", "door", "gewijzigd_op"])
    return koppeling


def koppelingen_van(signaal: Signaal):
    """The links of a signal that are not rejected, with the other signal loaded."""
    return (
        Koppeling.objects.filter(Q(signaal_a=signaal) | Q(signaal_b=signaal))
        .exclude(status=KoppelingStatus.ONTKOPPELD)
        .select_related("signaal_a", "signaal_b")
        .order_by("status", "-gewijzigd_op")
    )


# --- Audit --------------------------------------------------------------------------------------


def inzage_vastleggen(request, signaal: Signaal, waar: str) -> Inzage:
    return inzagen_vastleggen(request, [signaal], waar)[0]


def inzagen_vastleggen(request, signalen, waar: str) -> list[Inzage]:
    """A view of each of ``signalen`` on one page (a case meeting's agenda, a list of wegingen
    that differ), in one statement whatever their number."""
    adres, pagina = clientadres(request), request.path[:200]  # never the query string
    return Inzage.objects.bulk_create(
        Inzage(signaal=s, door=request.user, ip_adres=adres, waar=waar, pagina=pagina)
        for s in {s.pk: s for s in signalen}.values()
    )


def zoekopdracht_vastleggen(request, term: str, aantal: int) -> Zoekopdracht:
    return Zoekopdracht.objects.create(
        door=request.user,
        ip_adres=clientadres(request),
        zoekterm_sleutel=zoekterm_sleutel(term),
        aantal=aantal,
    )


# --- Retention ----------------------------------------------------------------------------------


def bewaargrens(nu: datetime | None = None) -> datetime:
    return (nu or timezone.now()) - relativedelta(years=settings.SIGNALEN_BEWAARTERMIJN_JAREN)


@transaction.atomic
def signaal_anonimiseren(signaal: Signaal) -> bool:
    """Remove the free text and whatever identifies the person; keep category, dates and the
    phase history (without notes) for statistics. Also scrubs the change log. Idempotent."""
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
    if signaal.geanonimiseerd_op:
        return False
    melder_id = signaal.melder_id
    events.signaal_wordt_geanonimiseerd.sturen(signaal_id=signaal.pk)
    for veld, leeg in IDENTIFICERENDE_VELDEN.items():
        setattr(signaal, veld, leeg)
    signaal.geanonimiseerd_op = timezone.now()
    overgangen = list(signaal.overgangen.values_list("pk", flat=True))
    koppelingen = list(
        Koppeling.objects.filter(Q(signaal_a=signaal) | Q(signaal_b=signaal)).values_list(
            "pk", flat=True
        )
    )
    # Queryset updates and deletes: these bypass auditlog, which would copy the text again.
    Signaal.objects.filter(pk=signaal.pk).update(
        **{veld: getattr(signaal, veld) for veld in IDENTIFICERENDE_VELDEN},
        geanonimiseerd_op=signaal.geanonimiseerd_op,
    )
    Overgang.objects.filter(pk__in=overgangen).update(notitie="")
    if melder_id is not None:
        # Who reported it, and their own answers and views, no longer point to their account.
        Overgang.objects.filter(pk__in=overgangen, door_id=melder_id).update(door=None)
        Inzage.objects.filter(signaal=signaal, door_id=melder_id).update(door=None)
    Koppeling.objects.filter(pk__in=koppelingen).delete()
    signaal_delingen_intrekken(signaal)  # who received it stays on record; access ends
    _wijzigingslog_schonen(Signaal, [signaal.pk], _("signaal geanonimiseerd"), melder_id)
    _wijzigingslog_schonen(Overgang, overgangen, _("verloop geanonimiseerd"), melder_id)
    _wijzigingslog_schonen(Koppeling, koppelingen, _("koppeling verwijderd"), melder_id)
    return True


def _wijzigingslog_schonen(model, pks: list[int], vervanging: str, melder_id) -> None:
    """The change log holds old values (the text itself): keep when and, except for the
    reporter, who; drop what."""
    if not pks:
        return
    regels = AuditlogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_pk__in=[str(pk) for pk in pks],
    )
    if melder_id is not None:
        regels.filter(actor_id=melder_id).update(actor=None, actor_email=None, remote_addr=None)
    regels.update(
        changes={},
        changes_text="",
        object_repr=vervanging,
        serialized_data=None,
        additional_data=None,
    )


def verlopen_signalen_anonimiseren(nu: datetime | None = None) -> int:
    """Anonymise every closed signal past the retention period. Safe to run again."""
    aantal = 0
    te_doen = Signaal.objects.filter(
        fase=Fase.AFGESLOTEN, afgesloten_op__lt=bewaargrens(nu), geanonimiseerd_op__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(te_doen.iterator()):
        aantal += signaal_anonimiseren(Signaal(pk=pk))
    if aantal:
        logger.info("%d signalen geanonimiseerd na de bewaartermijn", aantal)
    return aantal
