"""Who hears what by e-mail, and when. Every notification is an outbox row (``berichten``)
written in the transaction of the change it tells of; none holds anything of a signal's content:
no reference, no text, no name, no category. The reader logs in to see what it is about.

- The regisseur, of a new signal (``nieuw_signaal_melden``): per urgency at once, in the daily
  overview or not at all (``Meldingsinstellingen``; default: "zo snel mogelijk" at once, the
  rest in the overview). The overview (``overzichten_versturen``, every quarter of an hour by
  beat) goes out once a day at the regisseur's hour, only when something waits.
- A partner, of a new share (``deling_melden``): "Er is een signaal met u gedeeld onder
  convenant X", to every active partner account of the organisation.
- The reporter, of progress (``voortgang_melden``): "Er is nieuws over een signaal dat u
  doorgaf", unless switched off. Not for their own answer, nor for a question (that mail is
  signalen's own), and one at a time: while one waits, further steps add none.

Partner and reporter mails wait ``bedenktijd()`` (two minutes) before they go out: a share
revoked or a step corrected in that time sends nothing. Every notification about a signal has a
key starting ``melding:signaal:<id>:``; when the signal is anonymised, or a share is revoked,
what still waits of it is withdrawn (``berichten_intrekken``), so no mail goes out about a
signal that no longer is (shared). A change dated more than ``MAX_OUDERDOM`` ago (demo data,
back-dated entries) tells nobody: a notification is news.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rollen
from berichten.selectors import wacht_met_sleutel
from berichten.services import bericht_opstellen, berichten_intrekken
from netwerk.toegang import PARAMETER
from signalen.casusverloop import Fase
from signalen.models import Deling, Overgang, Signaal

from . import overzicht
from .models import Keuze, Meldingsinstellingen

logger = logging.getLogger(__name__)

MAX_OUDERDOM = timedelta(hours=1)


def bedenktijd() -> timedelta:
    return timedelta(seconds=settings.MELDINGEN_BEDENKTIJD_SECONDEN)


def _url(naam: str, *args) -> str:
    return settings.SITE_URL + reverse(naam, args=args)


def _klaarzetten(**bericht) -> bool:
    """Into the outbox; an address the outbox refuses (``ValueError``) is logged, never a reason
    for the change itself (filing a signal, sharing it) to fail."""
    try:
        bericht_opstellen(**bericht)
    except ValueError:
        logger.warning("melding %s niet klaargezet: ongeldig bericht", bericht.get("soort"))
        return False
    return True


def _is_nieuws(moment: datetime) -> bool:
    return moment >= timezone.now() - MAX_OUDERDOM


def sleutel_signaal(signaal_id: int) -> str:
    """The prefix of every notification about one signal."""
    return f"melding:signaal:{signaal_id}:"


def sleutel_deling(deling: Deling) -> str:
    return f"{sleutel_signaal(deling.signaal_id)}deling:{deling.pk}:"


# --- Settings -----------------------------------------------------------------------------------


def instellingen_van(gebruiker) -> Meldingsinstellingen:
    """The user's settings; the defaults (unsaved) when they never chose."""
    try:
        return gebruiker.meldingsinstellingen
    except Meldingsinstellingen.DoesNotExist:
        return Meldingsinstellingen(gebruiker=gebruiker)


@transaction.atomic
def instellingen_opslaan(*, gebruiker, gegevens: dict) -> Meldingsinstellingen:
    """Save what the user chose; only the fields their role has a say in."""
    instellingen, _nieuw = Meldingsinstellingen.objects.select_for_update().get_or_create(
        gebruiker=gebruiker
    )
    velden = velden_voor(gebruiker)
    for veld in velden:
        if veld in gegevens:
            setattr(instellingen, veld, gegevens[veld])
    instellingen.full_clean(exclude=["gebruiker"])
    instellingen.save(update_fields=velden)
    logger.info("meldingsinstellingen van gebruiker %s gewijzigd", gebruiker.pk)
    return instellingen


REGISSEUR_VELDEN = ["bij_hoog", "bij_normaal", "bij_laag", "dagelijks_overzicht", "overzicht_om"]
MELDER_VELDEN = ["voortgang_mailen"]


def velden_voor(gebruiker) -> list[str]:
    velden = []
    if rollen.is_regisseur(gebruiker):
        velden += REGISSEUR_VELDEN
    if rollen.heeft_rol(gebruiker, rollen.PROFESSIONAL):
        velden += MELDER_VELDEN
    return velden


def _regisseurs():
    """Every active regisseur with an address, with their settings, in one query."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=rollen.NETWERKREGISSEUR)
        .exclude(email="")
        .select_related("meldingsinstellingen")
        .order_by("pk")
        .distinct()
    )


# --- The regisseur: a new signal ----------------------------------------------------------------


def nieuw_signaal_melden(signaal_id: int) -> int:
    """A new signal: an e-mail now to each regisseur who wants one at once for its urgency.
    Returns how many were queued. (Those who chose the overview find it counted there.)"""
    signaal = Signaal.objects.only("pk", "urgentie", "ingediend_op").get(pk=signaal_id)
    if not _is_nieuws(signaal.ingediend_op):
        return 0
    aantal = 0
    for regisseur in _regisseurs():
        if instellingen_van(regisseur).keuze_bij(signaal.urgentie) != Keuze.DIRECT:
            continue
        aantal += _klaarzetten(
            aan=regisseur.email,
            onderwerp=_("Nieuw signaal: %(urgentie)s")
            % {"urgentie": _urgentie_tekst(signaal.urgentie)},
            sjabloon="meldingen/mail/nieuw_signaal",
            context={
                "urgentie": _urgentie_tekst(signaal.urgentie),
                "link": _url("admin:signalen_signaal_change", signaal.pk),
                "instellingen": _url("meldingen:instellingen"),
            },
            html=False,
            soort="meldingen.nieuw_signaal",
            sleutel=f"{sleutel_signaal(signaal.pk)}nieuw:{regisseur.pk}",
        )
    return aantal


def _urgentie_tekst(urgentie: str) -> str:
    return {
        "hoog": _("zo snel mogelijk"),
        "normaal": _("graag deze week een reactie"),
        "laag": _("geen haast"),
    }.get(urgentie, urgentie)


# --- A partner: a new share ---------------------------------------------------------------------


def deling_melden(deling_id: int) -> int:
    """Tell every active partner account of the organisation that something was shared with
    it, naming the convenant only. Returns how many were queued."""
    deling = Deling.objects.select_related("convenant", "organisatie").get(pk=deling_id)
    if deling.ingetrokken_op is not None or not _is_nieuws(deling.gedeeld_op):
        return 0
    if deling.organisatie.groep_id is None:
        return 0
    # The organisation's partner accounts, also those of another gemeente (regio.toegang).
    partners = (
        get_user_model()
        .alle_accounts.filter(is_active=True, groups=deling.organisatie.groep_id)
        .filter(groups__name=rollen.PARTNER)
        .exclude(email="")
        .order_by("pk")
        .distinct()
    )
    aantal = 0
    for partner in partners:
        aantal += _klaarzetten(
            aan=partner.email,
            onderwerp=_("Er is een signaal met u gedeeld"),
            sjabloon="meldingen/mail/gedeeld",
            context={
                "convenant": deling.convenant.naam,
                "organisatie": deling.organisatie.naam,
                # The link opens the shares of this gemeente, also for a partner of several.
                "link": f"{_url('signalen:gedeeld')}?{PARAMETER}={deling.gemeente_id}",
            },
            html=False,
            soort="meldingen.gedeeld",
            versturen_na=timezone.now() + bedenktijd(),
            sleutel=f"{sleutel_deling(deling)}{partner.pk}",
        )
    return aantal


def deling_meldingen_intrekken(deling_id: int) -> int:
    """A share ended: what still waits to tell of it is not sent."""
    deling = Deling.objects.only("pk", "signaal_id").get(pk=deling_id)
    return berichten_intrekken(sleutel_begint_met=sleutel_deling(deling))


# --- The reporter: progress ---------------------------------------------------------------------


def voortgang_melden(signaal_id: int, overgang_id: int) -> bool:
    """The reporter's signal moved on: tell them there is news, unless they switched it off,
    the step is their own answer or a question (signalen mails that itself), or a mail about
    this signal still waits. True if one was queued."""
    overgang = Overgang.objects.only("pk", "naar", "op", "is_antwoord_melder", "signaal_id").get(
        pk=overgang_id, signaal_id=signaal_id
    )
    if overgang.is_antwoord_melder or overgang.naar == Fase.AANVULLING_GEVRAAGD:
        return False
    if not _is_nieuws(overgang.op):
        return False
    signaal = Signaal.objects.select_related("melder__meldingsinstellingen").get(pk=signaal_id)
    melder = signaal.melder
    if signaal.geanonimiseerd_op or melder is None or not melder.is_active or not melder.email:
        return False
    if not instellingen_van(melder).voortgang_mailen:
        return False
    voorvoegsel = f"{sleutel_signaal(signaal.pk)}voortgang:"
    if wacht_met_sleutel(sleutel_begint_met=voorvoegsel):
        return False  # one waits already: it tells of this step too
    return _klaarzetten(
        aan=melder.email,
        onderwerp=_("Er is nieuws over een signaal dat u doorgaf"),
        sjabloon="meldingen/mail/voortgang",
        context={
            "link": _url("signalen:mijn"),
            "instellingen": _url("meldingen:instellingen"),
        },
        html=False,
        soort="meldingen.voortgang",
        versturen_na=timezone.now() + bedenktijd(),
        sleutel=f"{voorvoegsel}{overgang.pk}",
    )


def signaal_meldingen_intrekken(signaal_id: int) -> int:
    """The signal is being anonymised: nothing about it goes out any more."""
    return berichten_intrekken(sleutel_begint_met=sleutel_signaal(signaal_id))


# --- The regisseur's daily overview -------------------------------------------------------------


def overzichten_versturen(nu: datetime | None = None) -> int:
    """Queue the daily overview of each regisseur whose hour has come and who had none today.
    Safe to run at any time and twice: each overview has a key per regisseur and day, and the
    settings row is locked while it is made. Returns how many were queued."""
    nu = nu or timezone.now()
    lokaal = timezone.localtime(nu)
    algemeen = None  # what is the same for every regisseur, counted once, when needed
    aantal = 0
    for regisseur in _regisseurs():
        instellingen = instellingen_van(regisseur)
        if not _overzicht_nu(instellingen, lokaal):
            continue
        with transaction.atomic():
            instellingen, _nieuw = Meldingsinstellingen.objects.select_for_update().get_or_create(
                gebruiker=regisseur
            )
            if not _overzicht_nu(instellingen, lokaal):
                continue  # another run was first
            if algemeen is None:
                algemeen = overzicht.algemeen(nu)
            van = instellingen.vorig_overzicht_op or nu - timedelta(days=1)
            inhoud = overzicht.samenstellen(instellingen, van=van, tot=nu, algemeen=algemeen)
            if not inhoud.leeg:
                aantal += _klaarzetten(
                    aan=regisseur.email,
                    onderwerp=_("Dagelijks overzicht: %(kop)s") % {"kop": inhoud.kop},
                    sjabloon="meldingen/mail/overzicht",
                    context={"overzicht": inhoud, "instellingen": _url("meldingen:instellingen")},
                    html=False,
                    soort="meldingen.overzicht",
                    sleutel=f"melding:overzicht:{regisseur.pk}:{lokaal.date().isoformat()}",
                )
            instellingen.vorig_overzicht_op = nu
            instellingen.save(update_fields=["vorig_overzicht_op"])
    return aantal


def _overzicht_nu(instellingen: Meldingsinstellingen, lokaal: datetime) -> bool:
    if not instellingen.dagelijks_overzicht or lokaal.time() < instellingen.overzicht_om:
        return False
    vorig = instellingen.vorig_overzicht_op
    return vorig is None or timezone.localtime(vorig).date() < lokaal.date()
