"""Answers to an invitation: the RSVP page's reads and the answer itself (``antwoord_geven``,
``antwoord_op_link``), in plain SQL on PostgreSQL because they run on every opening and every
answer of a personal link. The rest of the meetings' work is in ``bijeenkomsten.services``, which
offers these under the same names.
"""

from __future__ import annotations

import functools
from datetime import datetime

from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kern.fouten import Weigering
from kern.ruw import kolommen, omgezet, voorbereid_uitvoeren

from .models import Antwoord, Bijeenkomst, BijeenkomstStatus, Uitnodiging


def uitnodiging_bij_token(token: str) -> Uitnodiging | None:
    """The invitation of a personal link, with its meeting, or None. One plain query: it runs
    on every opening of an RSVP link, and through the ORM it cost more CPU to build than to
    run. The person is read only when asked for (the page does not show them). No condition
    on the gemeente: the RSVP page reads it region-wide, which is how it finds the gemeente
    (``regio.scope.in_gemeente_van_link``).

    Not a prepared statement, though planning the join takes longer than running it: its
    ``EXECUTE`` would not read as the SELECT it is to whoever checks that opening a link
    writes nothing (tests/bijeenkomsten/test_rsvp.py)."""
    if not token or len(token) > 64:
        return None
    alias, sql, (u_velden, b_velden), omzetters = _token_sql()
    verbinding = connections[alias]
    with verbinding.cursor() as cursor:
        cursor.execute(sql, [token])
        rij = cursor.fetchone()
    if rij is None:
        return None
    waarden = omgezet(rij, omzetters, verbinding)
    uitnodiging = Uitnodiging.from_db(alias, u_velden, waarden[: len(u_velden)])
    bijeenkomst = Bijeenkomst.from_db(alias, b_velden, waarden[len(u_velden) :])
    Uitnodiging._meta.get_field("bijeenkomst").set_cached_value(uitnodiging, bijeenkomst)
    return uitnodiging


def waarom_geen_antwoord(bijeenkomst: Bijeenkomst) -> str | None:
    """Why an answer can no longer be given or changed, or None: until the meeting starts."""
    return _gesloten(bijeenkomst.status, bijeenkomst.begin)


def _gesloten(status: str, begin: datetime) -> str | None:
    if status == BijeenkomstStatus.GEANNULEERD:
        return _("Deze bijeenkomst gaat niet door. U hoeft niets te doen.")
    if begin <= timezone.now():
        return _(
            "Deze bijeenkomst is al begonnen of voorbij. Dank voor uw belangstelling; u krijgt "
            "een nieuwe uitnodiging voor de volgende keer."
        )
    return None


def antwoord_geven(*, uitnodiging: Uitnodiging, antwoord: str, opmerking: str = "") -> Uitnodiging:
    """Record an answer (and remark) until the meeting starts; raises ``Weigering`` with the
    reason after that, or when it is cancelled. An answer and remark that are what is stored
    already write nothing (``beantwoord_op`` stays the moment of the last change). Returns
    ``uitnodiging`` with the answer set."""
    opmerking = _opmerking(opmerking)
    if _antwoord_vastleggen("id", uitnodiging.pk, antwoord, opmerking) is None:
        raise Uitnodiging.DoesNotExist
    uitnodiging.antwoord, uitnodiging.opmerking = antwoord, opmerking
    return uitnodiging


def antwoord_op_link(*, token: str, antwoord: str, opmerking: str = "") -> bool:
    """``antwoord_geven`` for the invitation of a personal link, in one statement: False when
    no invitation has this token, True when the answer is recorded (or was already)."""
    if not token or len(token) > 64:
        return False
    return _antwoord_vastleggen("token", token, antwoord, _opmerking(opmerking)) is not None


def _opmerking(opmerking: str) -> str:
    return (opmerking or "").strip()[: Uitnodiging._meta.get_field("opmerking").max_length]


def _antwoord_vastleggen(kolom: str, waarde, antwoord: str, opmerking: str) -> bool | None:
    """Write the answer of the invitation whose ``kolom`` is ``waarde`` unless the meeting has
    begun or is cancelled (``Weigering``) or the answer and remark are already stored (nothing
    written). None when there is no such invitation, else whether a row was written.

    On PostgreSQL one statement and no transaction: the invitation and its meeting are read,
    and the row updated only when something changed, with the meeting's row share-locked (as
    the row lock of the former ``select_for_update`` did) so that a cancellation or a move of
    the meeting committing meanwhile is seen. A sole statement is atomic by itself; it is a
    prepared statement (``accounts.rollen.voorbereid_uitvoeren``), planned once per
    connection."""
    if antwoord not in Antwoord.values:
        raise Weigering(_("Kies ja, nee of misschien."))
    alias = router.db_for_write(Uitnodiging)
    verbinding = connections[alias]
    if verbinding.vendor != "postgresql":
        return _antwoord_vastleggen_orm(kolom, waarde, antwoord, opmerking)
    sql = _antwoord_sql(alias, kolom)
    for _poging in range(2):
        nu = verbinding.ops.adapt_datetimefield_value(timezone.now())
        parameters = [antwoord, opmerking, waarde, antwoord, opmerking, nu]
        parameters += [BijeenkomstStatus.GEPLAND.value, nu]
        with verbinding.cursor() as cursor:
            voorbereid_uitvoeren(verbinding, cursor, sql, parameters)
            rij = cursor.fetchone()
        if rij is None:
            return None
        status, begin, gelijk, geschreven = rij
        if geschreven:
            return True
        reden = _gesloten(status, begin)
        if reden:
            raise Weigering(reden)
        if gelijk:
            return False  # already stored: nothing to write
        # Not written although the meeting looked open: it was cancelled or moved while this
        # statement waited for its row. Once more, to read why.
    raise Weigering(_("Deze bijeenkomst is net gewijzigd. Probeer het opnieuw."))


@transaction.atomic
def _antwoord_vastleggen_orm(kolom: str, waarde, antwoord: str, opmerking: str) -> bool | None:
    """The same through the ORM, for databases without data-modifying CTEs."""
    uitnodiging = (
        Uitnodiging.objects.select_for_update()
        .select_related("bijeenkomst")
        .filter(**{kolom: waarde})
        .first()
    )
    if uitnodiging is None:
        return None
    reden = waarom_geen_antwoord(uitnodiging.bijeenkomst)
    if reden:
        raise Weigering(reden)
    if (uitnodiging.antwoord, uitnodiging.opmerking) == (antwoord, opmerking):
        return False
    uitnodiging.antwoord, uitnodiging.opmerking = antwoord, opmerking
    uitnodiging.beantwoord_op = timezone.now()
    uitnodiging.save(update_fields=["antwoord", "opmerking", "beantwoord_op"])
    return True


@functools.cache
def _token_sql():
    """The query of ``uitnodiging_bij_token`` (names from the models' meta data, no input)."""
    alias = router.db_for_read(Uitnodiging)
    verbinding = connections[alias]
    q = verbinding.ops.quote_name
    u_select, u_velden, u_omzetters = kolommen(Uitnodiging, "u", verbinding)
    b_select, b_velden, b_omzetters = kolommen(Bijeenkomst, "b", verbinding, len(u_velden))
    u, b = Uitnodiging._meta, Bijeenkomst._meta
    sql = (
        f"SELECT {u_select}, {b_select} FROM {q(u.db_table)} u "  # noqa: S608
        f"JOIN {q(b.db_table)} b ON b.{q(b.pk.column)} = u.{q(u.get_field('bijeenkomst').column)} "
        f"WHERE u.{q(u.get_field('token').column)} = %s"
    )
    return alias, sql, (u_velden, b_velden), u_omzetters + b_omzetters


@functools.cache
def _antwoord_sql(alias: str, kolom: str) -> str:
    """The statement of ``_antwoord_vastleggen`` on PostgreSQL. One row, or none when no
    invitation matches: the meeting's status and begin, whether answer and remark were already
    stored, whether the row was written. Parameters: answer, remark, the value of ``kolom``,
    answer, remark, now (``beantwoord_op``), the planned status, now."""
    q = connections[alias].ops.quote_name
    u, b = Uitnodiging._meta, Bijeenkomst._meta
    k = {naam: q(u.get_field(naam).column) for naam in ("antwoord", "opmerking", "beantwoord_op")}
    u_pk, b_pk = q(u.pk.column), q(b.pk.column)
    u_bk = q(u.get_field("bijeenkomst").column)
    b_status, b_begin = q(b.get_field("status").column), q(b.get_field("begin").column)
    return (
        f"WITH doel AS ("  # noqa: S608 (names from the meta data, no input)
        f"SELECT u.{u_pk} AS id, u.{u_bk} AS bijeenkomst, b.{b_status} AS status, "
        f"b.{b_begin} AS begin, (u.{k['antwoord']} = %s AND u.{k['opmerking']} = %s) AS gelijk "
        f"FROM {q(u.db_table)} u JOIN {q(b.db_table)} b ON b.{b_pk} = u.{u_bk} "
        f"WHERE u.{q(u.get_field(kolom).column)} = %s), "
        f"geschreven AS (UPDATE {q(u.db_table)} u SET {k['antwoord']} = %s, "
        f"{k['opmerking']} = %s, {k['beantwoord_op']} = %s FROM doel "
        f"WHERE u.{u_pk} = doel.id AND NOT doel.gelijk AND EXISTS ("
        f"SELECT 1 FROM {q(b.db_table)} b WHERE b.{b_pk} = doel.bijeenkomst "
        f"AND b.{b_status} = %s AND b.{b_begin} > %s FOR SHARE) RETURNING u.{u_pk}) "
        f"SELECT doel.status, doel.begin, doel.gelijk, EXISTS (SELECT 1 FROM geschreven) "
        f"FROM doel"
    )
