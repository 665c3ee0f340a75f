"""The rules of the case meeting (casusoverleg), shared by its pages, the periodic task, the
signal's page and the tests. One write service per change; each refuses with ``Weigering``
(the reason in Dutch) and then changes nothing.

- Planning: ``casusoverleg_plannen`` makes the meeting (a ``Bijeenkomst`` without a network)
  and invites partner accounts (``deelnemers_uitnodigen``): each gets an ``Uitnodiging`` of the
  meetings machinery, so the invitation mail with its .ics and personal RSVP link, the reminder,
  a change (``casusoverleg_wijzigen``) and a cancellation (``casusoverleg_annuleren``) are the
  meetings' own. An invitation points to a person in the registry: ``persoon_voor_account``
  finds the person of this gemeente with the account's address, or makes one.
- The agenda: ``signaal_agenderen`` puts a signal in phase casusoverleg on a coming meeting;
  ``agendapunt_verwijderen`` takes one off again while nothing is recorded on it.
- Per signal: ``besluit_vastleggen`` (the decision becomes a step in the case flow through
  ``signalen.services.signaal_verplaatsen``), ``notulen_opslaan``, ``actie_toevoegen`` and
  ``actie_afronden``; ``acties_herinneren`` (daily) tells the owners of an action that is due.
- ``signaal_wordt_geanonimiseerd``: what the meeting kept of a signal goes with it.

The meeting's own text (``Bijeenkomst.agenda``, in every mail and on the RSVP page) never names
a signal: which signals are on the agenda is seen only behind the login, per partner
(``casusoverleg.selectors``).
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import rollen
from berichten.services import bericht_opstellen, berichten_intrekken
from bijeenkomsten import services as bijeenkomsten
from bijeenkomsten.models import Bijeenkomst, BijeenkomstSoort, BijeenkomstStatus, Uitnodiging
from kern.fouten import Weigering
from netwerk.convenanten import gemeente
from netwerk.models import Organisatie, Persoon
from netwerk.toegang import PARAMETER
from signalen.casusverloop import Doorverwijzing, Fase
from signalen.delen import geldige_delingen
from signalen.models import Overgang, Signaal
from signalen.services import signaal_verplaatsen

from .models import Actie, Agendapunt, Besluit, Casusoverleg, Deelnemer

# The step each decision makes in the case flow ("opnieuw agenderen" makes none).
NAAR_FASE = {
    Besluit.DOORVERWIJZEN: Fase.DOORVERWEZEN,
    Besluit.MONITOREN: Fase.MONITOREN,
    Besluit.AFSLUITEN: Fase.AFGESLOTEN,
}


def link_naar(casusoverleg_id: int, *, gemeente_id: int | None = None) -> str:
    """The meeting's page, for a mail; with the gemeente for a partner of several gemeenten."""
    url = settings.SITE_URL + reverse("casusoverleg:overleg", args=[casusoverleg_id])
    return f"{url}?{PARAMETER}={gemeente_id}" if gemeente_id else url


# --- Who may be invited -------------------------------------------------------------------------


def partnerorganisaties() -> QuerySet[Organisatie]:
    """The gemeente's active partner organisations (not the gemeente itself)."""
    return Organisatie.objects.filter(actief=True, is_gemeente=False)


def kandidaten() -> QuerySet:
    """The accounts that can be invited: active partner accounts of the gemeente's active
    partner organisations, also an account of another gemeente that works for one of them
    (docs/regio.md, "A partner organisation of several gemeenten")."""
    return (
        get_user_model()
        .alle_accounts.filter(is_active=True, groups__name=rollen.PARTNER)
        .filter(groups__in=partnerorganisaties().exclude(groep=None).values("groep"))
        .exclude(email="")
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def persoon_voor_account(account) -> Persoon:
    """The person in this gemeente's registry with the account's address, made when there is
    none. The person's ``account`` is not set: it is unique across the installation, and a
    partner of several gemeenten has a person in each."""
    persoon = Persoon.objects.filter(email__iexact=account.email, geanonimiseerd_op=None).first()
    if persoon is not None:
        return persoon
    return Persoon.objects.create(
        voornaam=account.first_name or account.email.split("@", 1)[0],
        achternaam=account.last_name,
        email=account.email.strip().lower(),
        opmerkingen=_("Partneraccount, uitgenodigd voor het casusoverleg."),
    )


# --- Planning -----------------------------------------------------------------------------------


def _agendatekst(casusoverleg: Casusoverleg) -> str:
    """The meeting's text for the mails and the RSVP page: no signal, only where to look."""
    return _(
        "Bespreking van signalen met de convenantpartners. Welke punten uw organisatie "
        "aangaan, ziet u na het inloggen op de pagina van het overleg: %(link)s"
    ) % {"link": link_naar(casusoverleg.pk, gemeente_id=casusoverleg.gemeente_id)}


def _tijden_controleren(begin: datetime, einde: datetime) -> None:
    if einde <= begin:
        raise Weigering(_("Het einde ligt niet na het begin."))
    if begin <= timezone.now():
        raise Weigering(_("Een casusoverleg plant u in de toekomst."))


@transaction.atomic
def casusoverleg_plannen(
    *, titel: str, begin: datetime, einde: datetime, locatie: str, deelnemers, door
) -> Casusoverleg:
    """Plan a case meeting and invite ``deelnemers`` (partner accounts) at once."""
    _tijden_controleren(begin, einde)
    bijeenkomst = Bijeenkomst.objects.create(
        netwerk=None,
        soort=BijeenkomstSoort.CASUSOVERLEG,
        titel=titel.strip(),
        begin=begin,
        einde=einde,
        locatie=locatie.strip(),
    )
    casusoverleg = Casusoverleg.objects.create(bijeenkomst=bijeenkomst, aangemaakt_door=door)
    bijeenkomst.agenda = _agendatekst(casusoverleg)
    bijeenkomst.save(update_fields=["agenda"])
    deelnemers_uitnodigen(casusoverleg=casusoverleg, accounts=list(deelnemers))
    return casusoverleg


@transaction.atomic
def deelnemers_uitnodigen(*, casusoverleg: Casusoverleg, accounts) -> int:
    """Invite partner accounts; each gets the invitation mail now. An account already invited
    is left as it is. Returns how many invitations went out."""
    bijeenkomst = Bijeenkomst.objects.select_for_update().get(pk=casusoverleg.bijeenkomst_id)
    if bijeenkomst.is_geannuleerd or bijeenkomst.begin <= timezone.now():
        raise Weigering(_("Dit overleg is geannuleerd of al begonnen."))
    toegestaan = set(kandidaten().values_list("pk", flat=True))
    for account in accounts:
        if account.pk not in toegestaan:
            raise Weigering(
                _(
                    "%(account)s is geen actief partneraccount van een organisatie van deze "
                    "gemeente en kan niet worden uitgenodigd."
                )
                % {"account": account}
            )
        if Deelnemer.objects.filter(casusoverleg=casusoverleg, account=account).exists():
            continue
        uitnodiging, _nieuw = Uitnodiging.objects.get_or_create(
            bijeenkomst=bijeenkomst, persoon=persoon_voor_account(account)
        )
        Deelnemer.objects.create(
            casusoverleg=casusoverleg, account=account, uitnodiging=uitnodiging
        )
    # The meetings' own sending: every invitation not yet sent, with its .ics and link.
    return bijeenkomsten.uitnodigingen_versturen(bijeenkomst)


@transaction.atomic
def casusoverleg_wijzigen(*, casusoverleg: Casusoverleg, velden: dict, door):
    """Change time, place or title; every invitee gets the change (the meetings' own)."""
    bijeenkomst = casusoverleg.bijeenkomst
    if bijeenkomst.is_geannuleerd:
        raise Weigering(_("Dit overleg is geannuleerd."))
    if bijeenkomst.begin <= timezone.now():
        raise Weigering(_("Dit overleg is begonnen of voorbij en verandert niet meer."))
    begin, einde = velden.get("begin", bijeenkomst.begin), velden.get("einde", bijeenkomst.einde)
    if begin != bijeenkomst.begin or einde != bijeenkomst.einde:
        _tijden_controleren(begin, einde)
    return bijeenkomsten.bijeenkomst_wijzigen(bijeenkomst=bijeenkomst, velden=velden, door=door)


def casusoverleg_annuleren(*, casusoverleg: Casusoverleg, reden: str = "") -> int:
    """Cancel: every invitee gets the cancellation (the meetings' own). Safe to repeat."""
    if casusoverleg.bijeenkomst.einde <= timezone.now():
        raise Weigering(_("Dit overleg is al voorbij."))
    return bijeenkomsten.bijeenkomst_annuleren(casusoverleg.bijeenkomst, reden)


# --- The agenda ---------------------------------------------------------------------------------


def komende_overleggen() -> QuerySet[Casusoverleg]:
    """Meetings still to come (or going on), not cancelled: where a signal can be put."""
    return (
        Casusoverleg.objects.filter(
            bijeenkomst__status=BijeenkomstStatus.GEPLAND,
            bijeenkomst__einde__gt=timezone.now(),
        )
        .select_related("bijeenkomst")
        .order_by("bijeenkomst__begin")
    )


@transaction.atomic
def signaal_agenderen(*, casusoverleg: Casusoverleg, signaal: Signaal, door) -> Agendapunt:
    """Put a signal in phase casusoverleg on the agenda of a coming meeting, last in order."""
    bijeenkomst = Bijeenkomst.objects.select_for_update().get(pk=casusoverleg.bijeenkomst_id)
    if bijeenkomst.is_geannuleerd or bijeenkomst.einde <= timezone.now():
        raise Weigering(_("Dit overleg is geannuleerd of al voorbij; kies een komend overleg."))
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
    if signaal.geanonimiseerd_op:
        raise Weigering(_("Een geanonimiseerd signaal komt niet op de agenda."))
    if signaal.fase != Fase.CASUSOVERLEG:
        raise Weigering(
            _(
                "Alleen een signaal in de fase ‘Casusoverleg’ kan op de agenda. %(ref)s staat in "
                "de fase ‘%(fase)s’; verplaats het eerst naar ‘Casusoverleg’."
            )
            % {"ref": signaal.referentie, "fase": signaal.get_fase_display()}
        )
    punten = Agendapunt.objects.filter(casusoverleg=casusoverleg)
    if punten.filter(signaal=signaal).exists():
        raise Weigering(
            _("%(ref)s staat al op de agenda van dit overleg.") % {"ref": signaal.referentie}
        )
    hoogste = punten.aggregate(n=Max("volgorde"))["n"] or 0
    return Agendapunt.objects.create(
        casusoverleg=casusoverleg, signaal=signaal, volgorde=hoogste + 1, toegevoegd_door=door
    )


@transaction.atomic
def agendapunt_verwijderen(*, agendapunt: Agendapunt, door) -> None:
    """Take a signal off the agenda again, as long as nothing is recorded on it."""
    punt = Agendapunt.objects.select_for_update().get(pk=agendapunt.pk)
    if punt.besluit or punt.notulen or punt.acties.exists():
        raise Weigering(
            _("Een punt met een besluit, notulen of acties blijft op de agenda van dit overleg.")
        )
    punt.delete()


# --- Per signal: decision, minutes, actions -----------------------------------------------------


def _vergrendeld(agendapunt: Agendapunt) -> Agendapunt:
    punt = (
        Agendapunt.objects.select_for_update(of=("self",))
        .select_related("casusoverleg__bijeenkomst", "signaal")
        .get(pk=agendapunt.pk)
    )
    if punt.casusoverleg.bijeenkomst.is_geannuleerd:
        raise Weigering(_("Dit overleg is geannuleerd."))
    if punt.signaal.geanonimiseerd_op:
        raise Weigering(_("Dit signaal is geanonimiseerd."))
    return punt


def besluitnotitie(casusoverleg: Casusoverleg) -> str:
    """The note of the step a decision makes: the meeting's date, never for the reporter."""
    datum = timezone.localdate(casusoverleg.bijeenkomst.begin)
    return _("Besluit casusoverleg %(datum)s") % {"datum": date_format(datum, "j F Y")}


def besluit_open(punt: Agendapunt) -> bool:
    """Whether a decision can still be recorded on this item (the form is shown): the meeting
    goes ahead, the signal is not anonymised and waits in casusoverleg, and nothing final was
    decided yet. ``besluit_vastleggen`` refuses the same cases, each with its reason."""
    return (
        not punt.casusoverleg.bijeenkomst.is_geannuleerd
        and not punt.signaal.geanonimiseerd_op
        and punt.signaal.fase == Fase.CASUSOVERLEG
        and punt.besluit in ("", Besluit.OPNIEUW_AGENDEREN)
    )


@transaction.atomic
def besluit_vastleggen(
    *,
    agendapunt: Agendapunt,
    besluit: str,
    door,
    doorverwezen_naar: str = "",
    herzien_op: date | None = None,
) -> Agendapunt:
    """Record the meeting's decision on a signal. Doorverwijzen, monitoren and afsluiten move
    the signal (from casusoverleg) through ``signaal_verplaatsen``, with the note "Besluit
    casusoverleg <date>" that the reporter never reads; "opnieuw agenderen" leaves it in
    casusoverleg, for a next meeting. ``herzien_op``: monitoren's review date (required there),
    else the date of the next look, if any. A decision that moved the signal is final; one to
    put it on again may still become another."""
    punt = _vergrendeld(agendapunt)
    if besluit not in Besluit.values:
        raise Weigering(_("Kies een besluit."))
    if punt.besluit and punt.besluit != Besluit.OPNIEUW_AGENDEREN:
        raise Weigering(
            _("Over dit punt is al besloten: %(besluit)s.")
            % {"besluit": punt.get_besluit_display().lower()}
        )
    if besluit == Besluit.DOORVERWIJZEN and doorverwezen_naar not in Doorverwijzing.values:
        raise Weigering(_("Kies waarnaar het signaal wordt doorverwezen."))
    if besluit == Besluit.MONITOREN and herzien_op is None:
        raise Weigering(_("Kies wanneer het signaal opnieuw wordt bekeken."))
    if besluit == Besluit.AFSLUITEN:
        herzien_op = None
    if herzien_op is not None and herzien_op <= timezone.localdate():
        raise Weigering(_("Kies voor de volgende bespreking een datum in de toekomst."))
    nu = timezone.now()
    overgang = None
    if besluit in NAAR_FASE:
        signaal = signaal_verplaatsen(
            signaal_id=punt.signaal_id,
            van=Fase.CASUSOVERLEG,
            naar=NAAR_FASE[besluit],
            door=door,
            notitie=besluitnotitie(punt.casusoverleg),
            voor_melder=False,
            doorverwezen_naar=doorverwezen_naar if besluit == Besluit.DOORVERWIJZEN else "",
            herzien_op=herzien_op if besluit == Besluit.MONITOREN else None,
            op=nu,
        )
        overgang = Overgang.objects.filter(signaal=signaal).order_by("-op", "-pk").first()
    elif Signaal.objects.select_for_update().get(pk=punt.signaal_id).fase != Fase.CASUSOVERLEG:
        punt.signaal.refresh_from_db(fields=["fase"])
        raise Weigering(
            _(
                "Het signaal is intussen verplaatst naar ‘%(fase)s’ en staat niet meer klaar "
                "voor een casusoverleg."
            )
            % {"fase": punt.signaal.get_fase_display()}
        )
    punt.besluit = besluit
    punt.doorverwezen_naar = doorverwezen_naar if besluit == Besluit.DOORVERWIJZEN else ""
    punt.herzien_op = herzien_op
    punt.besluit_op = nu
    punt.besluit_door = door
    punt.overgang = overgang
    punt.save(
        update_fields=[
            "besluit",
            "doorverwezen_naar",
            "herzien_op",
            "besluit_op",
            "besluit_door",
            "overgang",
        ]
    )
    return punt


@transaction.atomic
def notulen_opslaan(*, agendapunt: Agendapunt, notulen: str, door) -> Agendapunt:
    punt = _vergrendeld(agendapunt)
    punt.notulen = (notulen or "").strip()
    punt.notulen_door = door
    punt.notulen_gewijzigd_op = timezone.now()
    punt.save(update_fields=["notulen", "notulen_door", "notulen_gewijzigd_op"])
    return punt


def eigenaren_voor(signaal: Signaal) -> list[Organisatie]:
    """Who can own an action on a signal: the gemeente, and each active partner organisation
    the signal is shared with under a convenant in force today."""
    eigen = gemeente()
    gedeeld = Organisatie.objects.filter(
        pk__in=geldige_delingen().filter(signaal=signaal).values("organisatie")
    ).order_by("naam")
    return ([eigen] if eigen is not None else []) + list(gedeeld)


@transaction.atomic
def actie_toevoegen(
    *, agendapunt: Agendapunt, omschrijving: str, eigenaar: Organisatie, uiterlijk: date, door
) -> Actie:
    punt = _vergrendeld(agendapunt)
    omschrijving = (omschrijving or "").strip()
    if not omschrijving:
        raise Weigering(_("Beschrijf de actie."))
    if eigenaar not in eigenaren_voor(punt.signaal):
        raise Weigering(
            _(
                "%(org)s kan deze actie niet krijgen: alleen de gemeente of een organisatie "
                "waarmee het signaal onder een geldig convenant gedeeld is."
            )
            % {"org": eigenaar}
        )
    if uiterlijk < timezone.localdate():
        raise Weigering(_("De uiterste datum ligt in het verleden."))
    return Actie.objects.create(
        agendapunt=punt,
        omschrijving=omschrijving,
        eigenaar=eigenaar,
        uiterlijk=uiterlijk,
        aangemaakt_door=door,
    )


@transaction.atomic
def actie_afronden(*, actie: Actie, door) -> Actie:
    """The action is done; a reminder still waiting for it is not sent. Safe to repeat. The
    regisseur marks any action done, a partner one of their own organisation
    (``selectors.af_te_ronden_door``)."""
    from .selectors import af_te_ronden_door

    actie = Actie.objects.select_for_update().select_related("agendapunt").get(pk=actie.pk)
    if actie.pk not in af_te_ronden_door(door, [actie]):
        raise Weigering(
            _("Alleen de regisseur of de organisatie die de actie heeft, rondt haar af.")
        )
    if actie.afgerond:
        return actie
    actie.afgerond = True
    actie.afgerond_op = timezone.now()
    actie.afgerond_door = door
    actie.save(update_fields=["afgerond", "afgerond_op", "afgerond_door"])
    berichten_intrekken(sleutel_begint_met=_sleutel_actie(actie))
    return actie


# --- Reminders of actions that are due ----------------------------------------------------------


def _sleutel_signaal(signaal_id: int) -> str:
    return f"casusoverleg:signaal:{signaal_id}:"


def _sleutel_actie(actie: Actie) -> str:
    return f"{_sleutel_signaal(actie.agendapunt.signaal_id)}actie:{actie.pk}:"


def ontvangers(eigenaar: Organisatie) -> QuerySet:
    """Whom a reminder for an action of ``eigenaar`` goes to: the gemeente's regisseurs, or the
    organisation's active partner accounts (also those of another gemeente)."""
    User = get_user_model()
    if eigenaar.is_gemeente:
        accounts = User.objects.filter(groups__name=rollen.NETWERKREGISSEUR)
    elif eigenaar.groep_id is None:
        return User.objects.none()
    else:
        accounts = User.alle_accounts.filter(groups=eigenaar.groep_id).filter(
            groups__name=rollen.PARTNER
        )
    return accounts.filter(is_active=True).exclude(email="").distinct().order_by("pk")


@transaction.atomic
def acties_herinneren(vandaag: date | None = None) -> int:
    """Daily: every open action whose due date has come is told once to its owners, through
    the outbox (a key per action and recipient), with no content: only a link to the meeting's
    page. Returns how many messages were queued."""
    vandaag = vandaag or timezone.localdate()
    te_doen = (
        Actie.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            afgerond=False,
            herinnerd_op=None,
            uiterlijk__lte=vandaag,
            agendapunt__signaal__geanonimiseerd_op=None,
        )
        .select_related("eigenaar", "agendapunt")
        .order_by("pk")
    )
    aantal = 0
    nu = timezone.now()
    for actie in te_doen:
        overleg_id = actie.agendapunt.casusoverleg_id
        for account in ontvangers(actie.eigenaar):
            bericht_opstellen(
                aan=account.email,
                onderwerp=_("Herinnering: een actie uit het casusoverleg"),
                sjabloon="casusoverleg/mail/actie_herinnering",
                context={
                    "link": link_naar(
                        overleg_id,
                        gemeente_id=None if actie.eigenaar.is_gemeente else actie.gemeente_id,
                    )
                },
                html=False,
                soort="casusoverleg.actie_herinnering",
                sleutel=f"{_sleutel_actie(actie)}{account.pk}",
            )
            aantal += 1
        actie.herinnerd_op = nu
        actie.save(update_fields=["herinnerd_op"])
    return aantal


# --- Retention ----------------------------------------------------------------------------------


def signaal_wordt_geanonimiseerd(signaal_id: int) -> None:
    """The signal is anonymised: its minutes and the texts of its actions go too, and a
    reminder still waiting is not sent. The decisions stay (phase history, no content)."""
    Agendapunt.objects.filter(signaal_id=signaal_id).update(notulen="")
    Actie.objects.filter(agendapunt__signaal_id=signaal_id).update(omschrijving="")
    berichten_intrekken(sleutel_begint_met=_sleutel_signaal(signaal_id))
