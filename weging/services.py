"""The rules of the weging, shared by its pages, the signal's page, the periodic task and the
tests. One write service per change; each refuses with ``Weigering`` (the reason in Dutch) and
then changes nothing.

- ``weging_starten``: a new version for a signal in phase weging (a monitored signal is first
  moved back to weging: "weigh again"), with a line per active indicator of the kader in use,
  the answers of the previous version filled in; a weging that is still open is continued.
- ``weging_opslaan``: the regisseur fills in the concept: the answers, the partner
  organisations that take part (only those with an active share of the signal under a
  convenant in force: ``deelnemers_mogelijk``), the outcome and its reasoning.
- ``weging_indienen``: complete, it goes "ter bevestiging" and no longer changes.
- ``weging_bevestigen`` / ``weging_terugsturen``: the second assessor (four eyes: another
  regisseur, or a partner of an organisation that took part and has the signal shared; never
  the one who submitted it). Only confirmation makes the outcome take effect, through
  ``signalen.services.signaal_verplaatsen``, from the phase the weging started in.
- ``weging_intrekken``: an open weging that is no longer needed (the signal moved on).
- ``herzieningen_herinneren`` (daily): the regisseurs hear of each monitored signal whose review
  date came, once per review date, with a link and no content.
- ``signaal_wordt_geanonimiseerd``: the texts of a signal's wegingen go with it.

A weging is never deleted: every version stays, with who did what and when.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rollen
from berichten.models import Bericht
from berichten.services import bericht_opstellen, berichten_intrekken
from kern.fouten import Weigering
from netwerk.models import Organisatie
from signalen.casusverloop import Doorverwijzing, Fase
from signalen.delen import geldige_delingen
from signalen.models import Overgang, Signaal
from signalen.selectors import te_herzien
from signalen.services import signaal_verplaatsen

from . import selectors
from .models import (
    NAAR_FASE,
    OPEN,
    Antwoord,
    Beoordeling,
    Deelname,
    Indicator,
    Status,
    Uitkomst,
    Weging,
    Wegingskader,
)

# The phases a weging can start from: weging, and monitoren (weighed again at the review).
STARTFASEN = (Fase.WEGING, Fase.MONITOREN)


def actief_kader() -> Wegingskader | None:
    return Wegingskader.objects.filter(actief=True).first()


def deelnemers_mogelijk(signaal: Signaal) -> QuerySet[Organisatie]:
    """The partner organisations that can take part in weighing ``signaal``: those with an
    active share of it under a convenant in force today (``signalen.delen``)."""
    return Organisatie.objects.filter(
        pk__in=geldige_delingen().filter(signaal=signaal).values("organisatie")
    ).order_by("naam")


def _regisseur(door) -> None:
    if not rollen.is_regisseur(door):
        raise Weigering(_("Alleen de netwerkregisseur weegt een signaal."))


def _vergrendeld(weging: Weging) -> tuple[Signaal, Weging]:
    """The signal first, then the weging: the order every path that moves a signal locks in."""
    signaal = Signaal.objects.select_for_update().get(pk=weging.signaal_id)
    return signaal, Weging.objects.select_for_update().get(pk=weging.pk)


def _verplaatst(signaal: Signaal, weging: Weging) -> str:
    return _(
        "Het signaal is intussen verplaatst naar ‘%(fase)s’. Deze weging is gemaakt in de fase "
        "‘%(start)s’ en kan niet meer bevestigd worden; trek haar in en weeg zo nodig opnieuw."
    ) % {"fase": signaal.get_fase_display(), "start": Fase(weging.fase_bij_start).label}


# --- Starting and filling in --------------------------------------------------------------------


@transaction.atomic
def weging_starten(*, signaal: Signaal, door) -> Weging:
    """A new version of the weging of ``signaal``, or the open one to continue."""
    _regisseur(door)
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
    if signaal.geanonimiseerd_op:
        raise Weigering(_("Een geanonimiseerd signaal wordt niet meer gewogen."))
    lopend = Weging.objects.filter(signaal=signaal, status__in=OPEN).first()
    if lopend is not None:
        return lopend
    if signaal.fase not in STARTFASEN:
        raise Weigering(
            _(
                "Alleen een signaal in de fase ‘Weging’ (of ‘Monitoren’, om opnieuw te wegen) "
                "wordt gewogen. %(ref)s staat in de fase ‘%(fase)s’."
            )
            % {"ref": signaal.referentie, "fase": signaal.get_fase_display()}
        )
    kader = actief_kader()
    if kader is None:
        raise Weigering(
            _("Er is geen wegingskader in gebruik. Kies er een in Beheer, onder Wegingskaders.")
        )
    indicatoren = list(
        Indicator.objects.filter(groep__kader=kader, actief=True).order_by(
            "groep__volgorde", "groep", "volgorde", "pk"
        )
    )
    if not indicatoren:
        raise Weigering(
            _("Het wegingskader ‘%(kader)s’ heeft geen actieve indicatoren.") % {"kader": kader}
        )
    if signaal.fase == Fase.MONITOREN:
        # The review: the signal is weighed again (monitoren -> weging), then decided anew.
        signaal = signaal_verplaatsen(
            signaal_id=signaal.pk,
            van=Fase.MONITOREN,
            naar=Fase.WEGING,
            door=door,
            notitie=_("Herziening: het signaal wordt opnieuw gewogen."),
        )
    eerdere = Weging.objects.filter(signaal=signaal)
    versie = (eerdere.aggregate(n=Max("versie"))["n"] or 0) + 1
    vorige = (
        eerdere.filter(status__in=(Status.BEVESTIGD, Status.TERUGGESTUURD))
        .order_by("-versie")
        .first()
    )
    weging = Weging.objects.create(
        signaal=signaal,
        versie=versie,
        kader=kader,
        fase_bij_start=signaal.fase,
        in_fase_sinds=signaal.fase_sinds,
        gestart_door=door,
    )
    eerder = {b.indicator_id: b for b in vorige.beoordelingen.all()} if vorige else {}
    Beoordeling.objects.bulk_create(
        Beoordeling(
            weging=weging,
            indicator=indicator,
            indicator_tekst=indicator.tekst,
            antwoord=getattr(eerder.get(indicator.pk), "antwoord", ""),
            toelichting=getattr(eerder.get(indicator.pk), "toelichting", ""),
        )
        for indicator in indicatoren
    )
    if vorige is not None and vorige.status == Status.TERUGGESTUURD:
        # Sent back: the next version starts from it, to be corrected.
        weging.uitkomst = vorige.uitkomst
        weging.onderbouwing = vorige.onderbouwing
        weging.doorverwezen_naar = vorige.doorverwezen_naar
        if vorige.herzien_op and vorige.herzien_op > timezone.localdate():
            weging.herzien_op = vorige.herzien_op
        weging.save(update_fields=["uitkomst", "onderbouwing", "doorverwezen_naar", "herzien_op"])
        mogelijk = set(deelnemers_mogelijk(signaal).values_list("pk", flat=True))
        Deelname.objects.bulk_create(
            Deelname(weging=weging, organisatie_id=d.organisatie_id)
            for d in vorige.deelnames.all()
            if d.organisatie_id in mogelijk
        )
    return weging


@transaction.atomic
def weging_opslaan(
    *,
    weging: Weging,
    door,
    antwoorden: dict[int, tuple[str, str]],
    deelnemers: Iterable[Organisatie],
    uitkomst: str = "",
    onderbouwing: str = "",
    doorverwezen_naar: str = "",
    herzien_op: date | None = None,
) -> Weging:
    """Save the concept: ``antwoorden`` maps an indicator's id to (answer, explanation);
    ``deelnemers`` are the partner organisations that take part. Incomplete is fine here;
    ``weging_indienen`` asks for the whole."""
    _regisseur(door)
    signaal, weging = _vergrendeld(weging)
    if weging.status != Status.CONCEPT:
        raise Weigering(
            _("Deze weging is %(status)s en verandert niet meer. Start zo nodig een nieuwe versie.")
            % {"status": weging.get_status_display().lower()}
        )
    if signaal.geanonimiseerd_op:
        raise Weigering(_("Een geanonimiseerd signaal wordt niet meer gewogen."))
    beoordelingen = {b.indicator_id: b for b in weging.beoordelingen.all()}
    for indicator_id, (antwoord, toelichting) in antwoorden.items():
        beoordeling = beoordelingen.get(indicator_id)
        if beoordeling is None or antwoord not in ("", *Antwoord.values):
            raise Weigering(_("Een antwoord hoort niet bij deze weging; laad de pagina opnieuw."))
        beoordeling.antwoord = antwoord
        beoordeling.toelichting = (toelichting or "").strip()
    Beoordeling.objects.bulk_update(list(beoordelingen.values()), ["antwoord", "toelichting"])

    mogelijk = set(deelnemers_mogelijk(signaal).values_list("pk", flat=True))
    gekozen = list(deelnemers)
    for organisatie in gekozen:
        if organisatie.pk not in mogelijk:
            raise Weigering(
                _(
                    "%(org)s kan niet deelnemen aan deze weging: alleen een partnerorganisatie "
                    "waarmee het signaal nu gedeeld is onder een convenant dat van kracht is."
                )
                % {"org": organisatie}
            )
    weging.deelnames.exclude(organisatie__in=[o.pk for o in gekozen]).delete()
    al = set(weging.deelnames.values_list("organisatie_id", flat=True))
    Deelname.objects.bulk_create(
        Deelname(weging=weging, organisatie=o) for o in gekozen if o.pk not in al
    )

    if uitkomst not in ("", *Uitkomst.values):
        raise Weigering(_("Kies een van de uitkomsten."))
    if doorverwezen_naar not in ("", *Doorverwijzing.values):
        raise Weigering(_("Kies waarnaar het signaal wordt doorverwezen."))
    weging.uitkomst = uitkomst
    weging.onderbouwing = (onderbouwing or "").strip()
    weging.doorverwezen_naar = (
        doorverwezen_naar if uitkomst == Uitkomst.ZORG_BUITEN_RADICALISERING else ""
    )
    weging.herzien_op = herzien_op if uitkomst == Uitkomst.MONITOREN else None
    weging.save(
        update_fields=[
            "uitkomst",
            "onderbouwing",
            "doorverwezen_naar",
            "herzien_op",
            "gewijzigd_op",
        ]
    )
    return weging


def _wat_ontbreekt(signaal: Signaal, weging: Weging) -> list[str]:
    """What keeps a concept from being submitted, in the order of the page."""
    ontbreekt = []
    beoordelingen = list(weging.beoordelingen.order_by("pk"))
    open_ = [b.indicator_tekst for b in beoordelingen if not b.antwoord]
    if open_:
        ontbreekt.append(_("beantwoord elke indicator (nog open: %(n)s)") % {"n": ", ".join(open_)})
    zonder = [
        b.indicator_tekst
        for b in beoordelingen
        if b.antwoord == Antwoord.AANWEZIG and not b.toelichting
    ]
    if zonder:
        ontbreekt.append(
            _("licht elke aanwezige indicator kort toe (nog zonder: %(n)s)")
            % {"n": ", ".join(zonder)}
        )
    if not weging.uitkomst:
        ontbreekt.append(_("kies de uitkomst"))
    if not weging.onderbouwing:
        ontbreekt.append(_("onderbouw de uitkomst"))
    if weging.uitkomst == Uitkomst.ZORG_BUITEN_RADICALISERING and not weging.doorverwezen_naar:
        ontbreekt.append(_("kies waarnaar het signaal wordt doorverwezen"))
    if weging.uitkomst == Uitkomst.MONITOREN and (
        weging.herzien_op is None or weging.herzien_op <= timezone.localdate()
    ):
        ontbreekt.append(_("kies een datum in de toekomst om het signaal te herzien"))
    return ontbreekt


@transaction.atomic
def weging_indienen(*, weging: Weging, door) -> Weging:
    """The concept is complete: it goes ter bevestiging, to a second assessor, and no longer
    changes."""
    _regisseur(door)
    signaal, weging = _vergrendeld(weging)
    if weging.status != Status.CONCEPT:
        raise Weigering(
            _("Deze weging is al %(status)s.") % {"status": weging.get_status_display().lower()}
        )
    if signaal.fase != weging.fase_bij_start:
        raise Weigering(_verplaatst(signaal, weging))
    if ontbreekt := _wat_ontbreekt(signaal, weging):
        raise Weigering(
            _("De weging is nog niet compleet: %(wat)s.") % {"wat": "; ".join(ontbreekt)}
        )
    mogelijk = set(deelnemers_mogelijk(signaal).values_list("pk", flat=True))
    for deelname in weging.deelnames.select_related("organisatie"):
        if deelname.organisatie_id not in mogelijk:
            raise Weigering(
                _(
                    "Het signaal is niet meer gedeeld met %(org)s onder een geldig convenant; "
                    "haal de organisatie weg bij de deelnemers."
                )
                % {"org": deelname.organisatie}
            )
    weging.status = Status.TER_BEVESTIGING
    weging.ingediend_op = timezone.now()
    weging.ingediend_door = door
    weging.save(update_fields=["status", "ingediend_op", "ingediend_door", "gewijzigd_op"])
    return weging


# --- The second assessor ------------------------------------------------------------------------


def bezwaar_tweede_beoordelaar(user, weging: Weging) -> str:
    """Why ``user`` may not confirm or send back ``weging`` ("" when they may): the four-eyes
    rule."""
    if weging.status != Status.TER_BEVESTIGING:
        return _("Deze weging staat niet ter bevestiging; zij is %(status)s.") % {
            "status": weging.get_status_display().lower()
        }
    if user.pk is not None and user.pk == weging.ingediend_door_id:
        return _(
            "U heeft deze weging zelf ingediend. Volgens het vier-ogenprincipe bevestigt een "
            "tweede beoordelaar haar: een andere regisseur, of een partner van een organisatie "
            "die aan de weging deelnam."
        )
    if rollen.is_regisseur(user):
        return ""
    if selectors.organisaties_die_meewogen(user, weging).exists():
        return ""
    return _(
        "Alleen een andere regisseur van de gemeente, of een partner van een organisatie die "
        "aan deze weging deelnam en met wie het signaal nu gedeeld is, bevestigt deze weging."
    )


def uitkomst_notitie(weging: Weging) -> str:
    """The note of the step a confirmed weging makes (never for the reporter)."""
    return _("Uitkomst van weging versie %(versie)s, bevestigd door een tweede beoordelaar.") % {
        "versie": weging.versie
    }


@transaction.atomic
def weging_bevestigen(*, weging: Weging, door) -> Weging:
    """The second assessor confirms: now the outcome takes effect. The signal moves from the
    phase the weging started in, in the name of the regisseur who submitted it."""
    signaal, weging = _vergrendeld(weging)
    if bezwaar := bezwaar_tweede_beoordelaar(door, weging):
        raise Weigering(bezwaar)
    if signaal.geanonimiseerd_op:
        raise Weigering(_("Dit signaal is geanonimiseerd en kan niet meer verder."))
    if signaal.fase != weging.fase_bij_start:
        raise Weigering(_verplaatst(signaal, weging))
    if weging.uitkomst == Uitkomst.MONITOREN and weging.herzien_op <= timezone.localdate():
        raise Weigering(
            _(
                "De datum om te herzien (%(datum)s) is inmiddels voorbij. Stuur de weging terug, "
                "zodat de regisseur een nieuwe datum kiest."
            )
            % {"datum": weging.herzien_op.strftime("%d-%m-%Y")}
        )
    nu = timezone.now()
    signaal_verplaatsen(
        signaal_id=signaal.pk,
        van=weging.fase_bij_start,
        naar=NAAR_FASE[weging.uitkomst],
        door=weging.ingediend_door,
        notitie=uitkomst_notitie(weging),
        voor_melder=False,
        doorverwezen_naar=weging.doorverwezen_naar,
        herzien_op=weging.herzien_op,
        op=nu,
        bevestigde_weging=True,  # confirmed just now, by a second assessor
    )
    weging.status = Status.BEVESTIGD
    weging.beoordeeld_op = nu
    weging.beoordeeld_door = door
    weging.overgang = Overgang.objects.filter(signaal=signaal).order_by("-op", "-pk").first()
    weging.save(
        update_fields=["status", "beoordeeld_op", "beoordeeld_door", "overgang", "gewijzigd_op"]
    )
    return weging


@transaction.atomic
def weging_terugsturen(*, weging: Weging, door, reden: str) -> Weging:
    """The second assessor does not agree: back to the regisseur, with the reason. The signal
    stays where it is; the regisseur starts a next version from this one."""
    _signaal, weging = _vergrendeld(weging)
    if bezwaar := bezwaar_tweede_beoordelaar(door, weging):
        raise Weigering(bezwaar)
    reden = (reden or "").strip()
    if not reden:
        raise Weigering(_("Schrijf waarom u de weging terugstuurt."))
    weging.status = Status.TERUGGESTUURD
    weging.beoordeeld_op = timezone.now()
    weging.beoordeeld_door = door
    weging.reden_terugsturen = reden
    weging.save(
        update_fields=[
            "status",
            "beoordeeld_op",
            "beoordeeld_door",
            "reden_terugsturen",
            "gewijzigd_op",
        ]
    )
    return weging


@transaction.atomic
def weging_intrekken(*, weging: Weging, door) -> Weging:
    """An open weging that is no longer needed (the signal moved on) is withdrawn; it stays
    as a version."""
    _regisseur(door)
    _signaal, weging = _vergrendeld(weging)
    if weging.status not in OPEN:
        raise Weigering(
            _("Deze weging is %(status)s en kan niet meer worden ingetrokken.")
            % {"status": weging.get_status_display().lower()}
        )
    weging.status = Status.INGETROKKEN
    weging.ingetrokken_op = timezone.now()
    weging.save(update_fields=["status", "ingetrokken_op", "gewijzigd_op"])
    return weging


# --- Review reminders ---------------------------------------------------------------------------


def _sleutel_signaal(signaal_id: int) -> str:
    return f"weging:signaal:{signaal_id}:"


def regisseurs() -> QuerySet:
    """The gemeente's active regisseurs with an address."""
    return rollen.regisseurs()


def herzieningen_herinneren(vandaag: date | None = None) -> int:
    """Daily: each monitored signal whose review date came (``signalen.selectors.te_herzien``)
    is told to every regisseur once per review date, through the outbox (a key per signal,
    date and regisseur), with no content: not even the reference, only a link to the signal's
    page. Returns how many messages were queued."""
    vandaag = vandaag or timezone.localdate()
    ontvangers = list(regisseurs())
    berichten = {
        f"{_sleutel_signaal(signaal_id)}herzien:{herzien_op.isoformat()}:{regisseur.pk}": (
            signaal_id,
            regisseur,
        )
        for signaal_id, herzien_op in te_herzien(vandaag).values_list("pk", "herzien_op")
        for regisseur in ontvangers
    }
    # Keys already in the outbox are not rendered again (the key would refuse them anyway).
    al = set(Bericht.objects.filter(sleutel__in=list(berichten)).values_list("sleutel", flat=True))
    aantal = 0
    for sleutel, (signaal_id, regisseur) in berichten.items():
        if sleutel in al:
            continue
        bericht_opstellen(
            aan=regisseur.email,
            onderwerp=_("Een gevolgd signaal is toe aan herziening"),
            sjabloon="weging/mail/herziening",
            context={
                "link": settings.SITE_URL
                + reverse("admin:signalen_signaal_change", args=[signaal_id])
            },
            html=False,
            soort="weging.herziening",
            sleutel=sleutel,
        )
        aantal += 1
    return aantal


# --- Retention ----------------------------------------------------------------------------------


def signaal_wordt_geanonimiseerd(signaal_id: int) -> None:
    """The texts of the signal's wegingen go; an open one is withdrawn; a reminder still
    waiting is not sent. The answers and outcomes stay, without text."""
    wegingen = Weging.objects.filter(signaal_id=signaal_id)
    Beoordeling.objects.filter(weging__in=wegingen).update(toelichting="")
    wegingen.filter(status__in=OPEN).update(
        status=Status.INGETROKKEN, ingetrokken_op=timezone.now()
    )
    wegingen.update(onderbouwing="", reden_terugsturen="")
    berichten_intrekken(sleutel_begint_met=_sleutel_signaal(signaal_id))
