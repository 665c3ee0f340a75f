"""The enrolment status: one table of allowed steps (``OVERGANGEN``) and one function that takes
them (``_status_zetten``), as the signals' case flow (``signalen.casusverloop``). Every service
that moves an enrolment comes here; nothing else writes ``status`` or decides which step is
allowed.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from kern.fouten import Weigering

from ..models import Inschrijving, InschrijvingStatus

S = InschrijvingStatus
NIEUW = ""  # no row yet: the status of an unsaved enrolment

# Where an enrolment may go from each status. ``_status_zetten`` is the only place that reads it
# and the only place that writes ``status``; nothing else decides which step is allowed.
OVERGANGEN: dict[str, frozenset[str]] = {
    # Invited by the regisseur or the plan, placed at once, or signed up (a place or the list).
    NIEUW: frozenset({S.UITGENODIGD, S.INGESCHREVEN, S.WACHTLIJST}),
    # Signs up (or is placed), or declines.
    S.UITGENODIGD: frozenset({S.INGESCHREVEN, S.WACHTLIJST, S.AFGEMELD}),
    # Cancels (or is anonymised). Fewer places never put anyone back on the waiting list.
    S.INGESCHREVEN: frozenset({S.AFGEMELD}),
    # Moves up (or is placed), or cancels.
    S.WACHTLIJST: frozenset({S.INGESCHREVEN, S.AFGEMELD}),
    # Signs up again, is invited again or placed.
    S.AFGEMELD: frozenset({S.UITGENODIGD, S.INGESCHREVEN, S.WACHTLIJST}),
}


def _statusnaam(status: str) -> str:
    return str(S(status).label) if status else _("nog niet bij deze training")


def _status_zetten(inschrijving: Inschrijving, naar: str, *, doorgeschoven: bool = False) -> None:
    """The one place where an enrolment changes status: signing up, the waiting list, moving
    up, placing, inviting, cancelling and anonymising all come here. Checks the step against
    ``OVERGANGEN`` (a refusal raises ``Weigering`` with a Dutch reason and changes nothing),
    then sets the status with its timestamps, bumps ``versie`` (part of the outbox key of the
    message about this step, so every step can send its own) and saves the row.

    - ingeschreven: ``ingeschreven_op`` now, off the waiting list, not cancelled;
      ``doorgeschoven_op`` now when the place came from the waiting list (``doorgeschoven``),
      else empty;
    - wachtlijst: ``wachtlijst_sinds`` now (the order it is served in), not cancelled, not
      moved up;
    - uitgenodigd: not cancelled;
    - afgemeld: ``afgemeld_op`` now, off the waiting list.

    The caller holds the lock on the edition (``_vergrendeld``), sets what is not the status
    (``bron``) before, and does what follows (the days' invitations, the message) after.
    """
    van = inschrijving.status or NIEUW
    if naar not in OVERGANGEN.get(van, frozenset()):
        raise Weigering(
            _("Een inschrijving met de status ‘%(van)s’ kan niet naar ‘%(naar)s’.")
            % {"van": _statusnaam(van), "naar": _statusnaam(naar)}
        )
    nu = timezone.now()
    if naar == S.INGESCHREVEN:
        inschrijving.ingeschreven_op = nu
        inschrijving.wachtlijst_sinds = None
        inschrijving.afgemeld_op = None
        inschrijving.doorgeschoven_op = nu if doorgeschoven else None
    elif naar == S.WACHTLIJST:
        inschrijving.wachtlijst_sinds = nu
        inschrijving.afgemeld_op = None
        inschrijving.doorgeschoven_op = None
    elif naar == S.UITGENODIGD:
        inschrijving.afgemeld_op = None
    elif naar == S.AFGEMELD:
        inschrijving.afgemeld_op = nu
        inschrijving.wachtlijst_sinds = None
    inschrijving.status = naar
    inschrijving.versie += 1
    inschrijving.save()
