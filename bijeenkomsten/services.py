"""The rules for meetings, shared by /beheer/, the RSVP page, the beat tasks, the demo and the
tests.

- Planning: ``reeks_bijplannen`` keeps the next occurrences of a series created ahead; an
  occurrence keeps its place in the series (``reeks_datum``) when it is moved or skipped, so the
  series never recreates it.
- Inviting: the network's active members (a meeting belongs to one network, so formal and
  informal are never mixed) plus guests; each invitation is e-mailed through the outbox with an
  .ics and a personal link, 14 days ahead by default, at once for an extra meeting.
- Changing or cancelling a meeting tells everyone who was invited (a higher SEQUENCE, or a
  cancellation).
- Reminders: 2 days ahead, to those who said yes or maybe or did not answer.
- Answers are given on the personal link until the meeting starts; attendance afterwards, and
  attending counts as a contact moment ("keeping the network warm").

Every e-mail is a row in the outbox written in the same transaction, with a key (``sleutel``)
that the database keeps unique: a retried task or a second worker cannot queue it twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from berichten.services import bericht_opstellen
from kern.fouten import Weigering
from netwerk.models import (
    Contactmoment,
    ContactSoort,
    Lidmaatschap,
    Netwerk,
    NetwerkSoort,
    Persoon,
    Sleutelpersoon,
)

from . import agenda

# The answers, offered here with the rest of the service API (bijeenkomsten.antwoorden).
from .antwoorden import (  # noqa: F401
    antwoord_geven,
    antwoord_op_link,
    uitnodiging_bij_token,
    waarom_geen_antwoord,
)
from .models import Antwoord, Bijeenkomst, BijeenkomstStatus, Reeks, Uitnodiging

logger = logging.getLogger(__name__)


# --- Time ---------------------------------------------------------------------------------------


def lokaal(datum: date, tijd: time) -> datetime:
    """A wall-clock time in the municipality's time zone (DST handled by zoneinfo)."""
    return timezone.make_aware(datetime.combine(datum, tijd), timezone.get_default_timezone())


# --- Planning -----------------------------------------------------------------------------------


def reeks_datums(reeks: Reeks, tot: date) -> list[date]:
    """The dates of the series from its first date up to ``tot`` (and its end date)."""
    datums = []
    datum = reeks.eerste_datum
    stap = timedelta(weeks=reeks.interval_weken)
    grens = min(tot, reeks.einddatum) if reeks.einddatum else tot
    while datum <= grens:
        datums.append(datum)
        datum += stap
    return datums


@transaction.atomic
def reeks_opslaan(reeks: Reeks) -> int:
    """The one write path of a series (its admin page calls it once): save it and plan its
    coming meetings in the same transaction. Returns how many meetings were planned."""
    reeks.save()
    return reeks_bijplannen(reeks)


@transaction.atomic
def reeks_bijplannen(reeks: Reeks, vandaag: date | None = None) -> int:
    """Create the occurrences of the coming ``BIJEENKOMSTEN_PLANNEN_DAGEN`` days that do not
    exist yet. Moved or skipped occurrences exist (by their series date) and stay as they are.
    Safe to run twice or on two workers (a unique constraint on series and date)."""
    if not reeks.actief:
        return 0
    vandaag = vandaag or timezone.localdate()
    tot = vandaag + timedelta(days=settings.BIJEENKOMSTEN_PLANNEN_DAGEN)
    nieuw = 0
    for datum in reeks_datums(reeks, tot):
        if datum < vandaag:
            continue
        _bijeenkomst, aangemaakt = Bijeenkomst.objects.get_or_create(
            reeks=reeks,
            reeks_datum=datum,
            defaults={
                "netwerk": reeks.netwerk,
                "titel": reeks.naam,
                "begin": lokaal(datum, reeks.starttijd),
                "einde": lokaal(datum, reeks.eindtijd),
                "locatie": reeks.locatie,
                "agenda": reeks.agenda,
            },
        )
        nieuw += aangemaakt
    return nieuw


def alle_reeksen_bijplannen() -> int:
    return sum(reeks_bijplannen(r) for r in Reeks.objects.filter(actief=True))


# --- Who is invited -----------------------------------------------------------------------------


def waarom_niemand_uitgenodigd(reeks: Reeks, vandaag: date | None = None) -> str | None:
    """Why the meetings of an active series reach nobody (its network has no member with an
    address today), as a warning for the regisseur; None when someone is invited."""
    if not reeks.actief or leden(reeks.netwerk, vandaag or timezone.localdate()).exists():
        return None
    return _(
        "Het netwerk ‘%(netwerk)s’ heeft geen leden met een e-mailadres: de bijeenkomsten van "
        "‘%(reeks)s’ worden gepland, maar niemand krijgt een uitnodiging. Voeg leden toe of "
        "zet de reeks stop."
    ) % {"netwerk": reeks.netwerk.naam, "reeks": reeks.naam}


def leden(netwerk: Netwerk, op: date) -> QuerySet[Persoon]:
    """The network's members on ``op`` who can be reached (not anonymised, with an address)."""
    lidmaatschappen = Lidmaatschap.objects.filter(netwerk=netwerk, actief=True).filter(
        Q(sinds__isnull=True) | Q(sinds__lte=op), Q(tot__isnull=True) | Q(tot__gte=op)
    )
    return (
        Persoon.objects.filter(pk__in=lidmaatschappen.values("persoon"))
        .filter(geanonimiseerd_op__isnull=True)
        .exclude(email="")
    )


def gast_toegestaan(bijeenkomst: Bijeenkomst, persoon: Persoon) -> str | None:
    """Why this person cannot be a guest, or None. Formal and informal are never mixed: a member
    of a network of the other kind is not invited as a guest."""
    if persoon.geanonimiseerd_op:
        return _("Deze persoon is geanonimiseerd.")
    if not persoon.email:
        return _("Deze persoon heeft geen e-mailadres.")
    if bijeenkomst.netwerk is None:
        return _("Deelnemers aan een training komen via hun inschrijving.")
    andere_soort = Lidmaatschap.objects.filter(persoon=persoon, actief=True).exclude(
        netwerk__soort=bijeenkomst.netwerk.soort
    )
    sleutelpersoon_in_formeel = (
        bijeenkomst.netwerk.soort == NetwerkSoort.FORMEEL
        and Sleutelpersoon.objects.filter(persoon=persoon).exists()
    )
    if andere_soort.exists() or sleutelpersoon_in_formeel:
        return _(
            "%(persoon)s hoort bij een netwerk van de andere soort; formele en informele "
            "netwerken worden nooit gemengd."
        ) % {"persoon": persoon}
    return None


@transaction.atomic
def uitnodigingen_aanmaken(bijeenkomst: Bijeenkomst) -> int:
    """An invitation for every member who has none yet (guests are added by the regisseur).
    A training day has no network: its invitations come from the enrolments (trainingen)."""
    if bijeenkomst.netwerk_id is None:
        return 0
    al = set(bijeenkomst.uitnodigingen.values_list("persoon_id", flat=True))
    nieuw = [
        Uitnodiging(bijeenkomst=bijeenkomst, persoon=p)
        for p in leden(bijeenkomst.netwerk, timezone.localdate(bijeenkomst.begin))
        if p.pk not in al
    ]
    Uitnodiging.objects.bulk_create(nieuw, ignore_conflicts=True)
    return len(nieuw)


@transaction.atomic
def gast_uitnodigen(bijeenkomst: Bijeenkomst, persoon: Persoon) -> Uitnodiging:
    bijeenkomst = Bijeenkomst.objects.select_for_update().get(pk=bijeenkomst.pk)
    if bijeenkomst.is_geannuleerd or bijeenkomst.begin <= timezone.now():
        raise Weigering(_("Deze bijeenkomst is geannuleerd of al begonnen."))
    reden = gast_toegestaan(bijeenkomst, persoon)
    if reden:
        raise Weigering(reden)
    uitnodiging, _nieuw = Uitnodiging.objects.get_or_create(
        bijeenkomst=bijeenkomst, persoon=persoon, defaults={"is_gast": True}
    )
    if bijeenkomst.uitnodigingen.exclude(verstuurd_op=None).exists():
        _uitnodigen([uitnodiging])  # the others already have theirs
    return uitnodiging


# --- E-mail -------------------------------------------------------------------------------------


def rsvp_link(uitnodiging: Uitnodiging) -> str:
    return settings.SITE_URL + reverse("bijeenkomsten:rsvp", args=[uitnodiging.token])


ONDERWERPEN = {
    "uitnodiging": _lazy("Uitnodiging: %(titel)s op %(datum)s"),
    "herinnering": _lazy("Herinnering: %(titel)s op %(datum)s"),
    "wijziging": _lazy("Gewijzigd: %(titel)s op %(datum)s"),
    "annulering": _lazy("Gaat niet door: %(titel)s op %(datum)s"),
}


# After which moment of the meeting each kind is pointless: the outbox then marks it missed
# (``gemist``) instead of sending it late, e.g. after an outage. An invitation, a reminder or a
# change is no use once the meeting has begun (answers close then too); a cancellation still
# helps someone on the way until the planned end, after which there is nothing to cancel.
VERLOPEN_NA = {
    "uitnodiging": "begin",
    "herinnering": "begin",
    "wijziging": "begin",
    "annulering": "einde",
}


def _mail(uitnodiging: Uitnodiging, soort: str, **extra) -> None:
    """One message of ``soort`` about the invitation's meeting, in its current version. The
    outbox key (kind, invitation, version) is unique: the same message is never queued twice."""
    bijeenkomst = uitnodiging.bijeenkomst
    link = rsvp_link(uitnodiging)
    context = {
        "uitnodiging": uitnodiging,
        "bijeenkomst": bijeenkomst,
        "persoon": uitnodiging.persoon,
        "link": link,
        "soort": soort,
        **extra,
    }
    bericht_opstellen(
        aan=uitnodiging.persoon.email,
        onderwerp=str(ONDERWERPEN[soort])
        % {"titel": bijeenkomst.titel, "datum": _datum(bijeenkomst)},
        sjabloon="bijeenkomsten/mail/bericht",
        context=context,
        bijlagen=[
            agenda.ics_bijlage(
                bijeenkomst, "bijeenkomst.ics", link=link, annulering=soort == "annulering"
            )
        ],
        soort=f"bijeenkomsten.{soort}",
        verlopen_na=getattr(bijeenkomst, VERLOPEN_NA[soort]),
        sleutel=f"{soort}:{uitnodiging.pk}:v{bijeenkomst.volgnummer}",
    )


def _bereikbaar(uitnodigingen):
    """Invitations of persons who can still be mailed (not anonymised, with an address)."""
    return uitnodigingen.filter(persoon__geanonimiseerd_op__isnull=True).exclude(persoon__email="")


def _versturen(uitnodigingen, soort: str, *, gedaan_veld: str, nu: datetime) -> int:
    """``soort`` to each of ``uitnodigingen``, and ``nu`` in its ``gedaan_veld`` (when it went
    out), in the same transaction as the outbox row."""
    aantal = 0
    for uitnodiging in uitnodigingen:
        _mail(uitnodiging, soort)
        setattr(uitnodiging, gedaan_veld, nu)
        uitnodiging.save(update_fields=[gedaan_veld])
        aantal += 1
    return aantal


def _uitnodigen(uitnodigingen) -> int:
    return _versturen(uitnodigingen, "uitnodiging", gedaan_veld="verstuurd_op", nu=timezone.now())


def _datum(bijeenkomst: Bijeenkomst) -> str:
    return date_format(timezone.localtime(bijeenkomst.begin), "l j F Y")


@transaction.atomic
def uitnodigingen_versturen(bijeenkomst: Bijeenkomst) -> int:
    """Create the members' invitations and send those not yet sent."""
    bijeenkomst = Bijeenkomst.objects.select_for_update().get(pk=bijeenkomst.pk)
    if bijeenkomst.is_geannuleerd or bijeenkomst.begin <= timezone.now():
        return 0
    uitnodigingen_aanmaken(bijeenkomst)
    open_ = _bereikbaar(bijeenkomst.uitnodigingen.filter(verstuurd_op=None)).select_related(
        "persoon"
    )
    return _uitnodigen(list(open_))


def uitnodigingen_van_de_komende_dagen(nu: datetime | None = None) -> int:
    """Beat: invitations for meetings starting within BIJEENKOMSTEN_UITNODIGEN_DAGEN."""
    nu = nu or timezone.now()
    grens = nu + timedelta(days=settings.BIJEENKOMSTEN_UITNODIGEN_DAGEN)
    aantal = 0
    for bijeenkomst in Bijeenkomst.objects.filter(
        status=BijeenkomstStatus.GEPLAND, begin__gt=nu, begin__lte=grens
    ):
        aantal += uitnodigingen_versturen(bijeenkomst)
    return aantal


@transaction.atomic
def herinneringen_versturen(nu: datetime | None = None) -> int:
    """Beat: a reminder BIJEENKOMSTEN_HERINNEREN_DAGEN ahead, to those who said yes or maybe or
    did not answer. Each invitation is reminded once (its outbox key is unique)."""
    nu = nu or timezone.now()
    grens = nu + timedelta(days=settings.BIJEENKOMSTEN_HERINNEREN_DAGEN)
    te_doen = (
        _bereikbaar(Uitnodiging.objects.select_for_update(skip_locked=True, of=("self",)))
        .filter(
            bijeenkomst__status=BijeenkomstStatus.GEPLAND,
            bijeenkomst__begin__gt=nu,
            bijeenkomst__begin__lte=grens,
            verstuurd_op__isnull=False,
            herinnerd_op__isnull=True,
            antwoord__in=[Antwoord.JA, Antwoord.MISSCHIEN, ""],
        )
        .select_related("bijeenkomst", "persoon")
    )
    return _versturen(te_doen, "herinnering", gedaan_veld="herinnerd_op", nu=nu)


# --- Extra meetings, changes and cancellations --------------------------------------------------


@transaction.atomic
def extra_bijeenkomst(
    *, netwerk: Netwerk, titel: str, begin: datetime, einde: datetime, locatie: str, agenda: str
) -> Bijeenkomst:
    """A meeting at an incident: made and invited at once."""
    bijeenkomst = Bijeenkomst.objects.create(
        netwerk=netwerk,
        titel=titel,
        is_extra=True,
        begin=begin,
        einde=einde,
        locatie=locatie,
        agenda=agenda,
    )
    bijeenkomst_aangemaakt(bijeenkomst)
    return bijeenkomst


def bijeenkomst_aangemaakt(bijeenkomst: Bijeenkomst) -> int:
    """A new meeting: an extra one (an incident) is invited at once; others get their
    invitations BIJEENKOMSTEN_UITNODIGEN_DAGEN ahead from the beat task."""
    if bijeenkomst.is_extra:
        return uitnodigingen_versturen(bijeenkomst)
    return 0


WEZENLIJK = ("begin", "einde", "locatie", "agenda", "titel")


@dataclass(frozen=True)
class Wijziging:
    """What a change of a meeting did, for the page that made it."""

    bijeenkomst: Bijeenkomst
    nieuwe_versie: bool  # time, place, title or agenda changed: a higher SEQUENCE
    berichten: int  # invitees who get the change

    @property
    def melding(self) -> str | None:
        """What the page tells the regisseur, or None when nobody gets a message."""
        if not self.berichten:
            return None
        return ngettext(
            "%(n)d genodigde krijgt bericht van de wijziging.",
            "%(n)d genodigden krijgen bericht van de wijziging.",
            self.berichten,
        ) % {"n": self.berichten}


@transaction.atomic
def bijeenkomst_wijzigen(*, bijeenkomst: Bijeenkomst, velden: dict, door=None) -> Wijziging:
    """Change a meeting: lock its row, compare, save ``velden`` (field name to new value), and
    when its time, place, title or agenda changed, make a new version that every invitee who
    had the invitation gets (an updated .ics); a new date also means a new reminder.

    ``bijeenkomst`` is updated in place (the saved fields and its version). ``door`` is who made
    the change (meetings keep no change log yet; the parameter is there for when they do).
    """
    opgeslagen = (
        Bijeenkomst.objects.select_for_update()
        .filter(pk=bijeenkomst.pk)
        .values(*WEZENLIJK, "volgnummer", "status")
        .get()
    )
    oud = {veld: opgeslagen[veld] for veld in WEZENLIJK}
    # Another change may have come in since the page was opened: start from the stored row.
    bijeenkomst.volgnummer = opgeslagen["volgnummer"]
    bijeenkomst.status = opgeslagen["status"]
    for veld, waarde in velden.items():
        setattr(bijeenkomst, veld, waarde)
    if velden:
        bijeenkomst.save(update_fields=list(velden))
    if not _wezenlijk_gewijzigd(bijeenkomst, oud):
        return Wijziging(bijeenkomst=bijeenkomst, nieuwe_versie=False, berichten=0)
    aantal = _nieuwe_versie(bijeenkomst, oud)
    return Wijziging(bijeenkomst=bijeenkomst, nieuwe_versie=True, berichten=aantal)


@transaction.atomic
def bijeenkomst_gewijzigd(bijeenkomst: Bijeenkomst, oud: dict) -> int:
    """For a caller that saved the meeting itself (``trainingen.services.dag_opslaan``), with
    ``oud`` the values of ``WEZENLIJK`` before: the same new version and messages as
    ``bijeenkomst_wijzigen``. Returns how many invitees get the change."""
    if not _wezenlijk_gewijzigd(bijeenkomst, oud):
        return 0
    bijeenkomst = Bijeenkomst.objects.select_for_update().get(pk=bijeenkomst.pk)
    return _nieuwe_versie(bijeenkomst, oud)


def _wezenlijk_gewijzigd(bijeenkomst: Bijeenkomst, oud: dict) -> bool:
    return any(oud.get(veld) != getattr(bijeenkomst, veld) for veld in WEZENLIJK)


def _nieuwe_versie(bijeenkomst: Bijeenkomst, oud: dict) -> int:
    """The locked meeting changed in what invitees know of it: a new version, a new reminder
    before a new date, and the change to everyone who had the invitation."""
    bijeenkomst.volgnummer += 1
    bijeenkomst.save(update_fields=["volgnummer"])
    if bijeenkomst.is_geannuleerd:
        return 0
    if oud.get("begin") != bijeenkomst.begin:
        # A new date: a new reminder before it.
        bijeenkomst.uitnodigingen.update(herinnerd_op=None)
    return _aan_genodigden(bijeenkomst, "wijziging", veranderd=wat_veranderde(bijeenkomst, oud))


def wat_veranderde(bijeenkomst: Bijeenkomst, oud: dict) -> dict:
    """What the change mail says changed, with what it was: ``tijd`` (begin or end), ``plaats``,
    ``titel`` and ``agenda`` (keys present only when that changed). Times are local."""
    veranderd = {}
    if oud.get("begin") != bijeenkomst.begin or oud.get("einde") != bijeenkomst.einde:
        begin, einde = _lokaal_moment(oud.get("begin")), _lokaal_moment(oud.get("einde"))
        if begin and einde:
            veranderd["tijd"] = (
                f"{date_format(begin, 'l j F Y')}, {time_format(begin, 'H:i')}"
                f"–{time_format(einde, 'H:i')}"
            )
        else:
            veranderd["tijd"] = ""
    if oud.get("locatie") != bijeenkomst.locatie:
        veranderd["plaats"] = oud.get("locatie") or ""
    if oud.get("titel") != bijeenkomst.titel:
        veranderd["titel"] = oud.get("titel") or ""
    if (oud.get("agenda") or "") != (bijeenkomst.agenda or ""):
        veranderd["agenda"] = oud.get("agenda") or ""
    return veranderd


def _lokaal_moment(moment):
    return timezone.localtime(moment) if moment else None


@transaction.atomic
def bijeenkomst_annuleren(bijeenkomst: Bijeenkomst, reden: str = "") -> int:
    """Cancel: every invitee who had the invitation gets a cancellation. Safe to repeat."""
    bijeenkomst = Bijeenkomst.objects.select_for_update().get(pk=bijeenkomst.pk)
    if bijeenkomst.is_geannuleerd:
        return 0
    bijeenkomst.status = BijeenkomstStatus.GEANNULEERD
    bijeenkomst.volgnummer += 1
    bijeenkomst.save(update_fields=["status", "volgnummer"])
    return _aan_genodigden(bijeenkomst, "annulering", reden=reden)


def _aan_genodigden(bijeenkomst: Bijeenkomst, soort: str, **extra) -> int:
    """``soort`` to every invitee who had the invitation and can still be reached."""
    aantal = 0
    for uitnodiging in _bereikbaar(
        bijeenkomst.uitnodigingen.exclude(verstuurd_op=None)
    ).select_related("persoon"):
        _mail(uitnodiging, soort, **extra)
        aantal += 1
    return aantal


@transaction.atomic
def aanwezigheid_vastleggen(*, bijeenkomst: Bijeenkomst, aanwezig: set[int], door) -> int:
    """Record who attended (invitation ids in ``aanwezig``); attending is a contact moment of
    the person, so it keeps them out of "stil geworden". Can be corrected: run it again."""
    if bijeenkomst.is_geannuleerd or bijeenkomst.begin > timezone.now():
        raise Weigering(_("Aanwezigheid kan pas worden vastgelegd als de bijeenkomst is begonnen."))
    datum = timezone.localdate(bijeenkomst.begin)
    gewijzigd = 0
    for uitnodiging in bijeenkomst.uitnodigingen.select_for_update(of=("self",)).select_related(
        "contactmoment"
    ):
        was = uitnodiging.aanwezig
        uitnodiging.aanwezig = uitnodiging.pk in aanwezig
        if uitnodiging.aanwezig and uitnodiging.contactmoment_id is None:
            uitnodiging.contactmoment = Contactmoment.objects.create(
                persoon_id=uitnodiging.persoon_id,
                datum=datum,
                soort=ContactSoort.BIJEENKOMST,
                notitie=(_("Aanwezig: %(titel)s") % {"titel": bijeenkomst.titel})[:480],
                door=door,
            )
        elif not uitnodiging.aanwezig and uitnodiging.contactmoment_id is not None:
            moment = uitnodiging.contactmoment
            uitnodiging.contactmoment = None
            uitnodiging.save(update_fields=["contactmoment"])
            moment.delete()
        uitnodiging.save(update_fields=["aanwezig", "contactmoment"])
        gewijzigd += was != uitnodiging.aanwezig
    return gewijzigd


def antwoorden_geteld(bijeenkomst: Bijeenkomst) -> dict[str, int]:
    rijen = bijeenkomst.uitnodigingen.values("antwoord").annotate(n=Count("pk")).order_by()
    telling = dict.fromkeys((*Antwoord.values, ""), 0)
    for rij in rijen:
        telling[rij["antwoord"]] = rij["n"]
    return telling
