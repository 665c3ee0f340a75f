"""Finding each other when a person moves: "hit, no content" across the gemeenten of a region
(issue 18, like the Verwijsindex for youth care, kept to the regisseurs).

When a signal is filed and its person key (the keyed hash of name and date of birth,
``signalen.koppelen``; one key for the whole installation, so the hashes compare across
gemeenten) equals that of an open signal in another gemeente, and both gemeenten take part
(``Gemeente.doet_mee_aan_overeenkomsten``), the regisseurs of both get an e-mail: there is a
possible match with a signal in gemeente X, contact the regisseur there, with that regisseur's
name and address; nothing else: no name, no content, no reference. Each gemeente records its
notice in its own audit (``RegionaleOvereenkomst``), naming only its own signal and the other
gemeente. Once per pair of signal and gemeente.

This is the one place that reads signals region-wide (``regio.scope.alle_gemeenten``), and it
reads only the gemeente of each matching open signal.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import rollen
from berichten.services import adres_in_sleutel, bericht_klaarzetten
from regio.models import Gemeente
from regio.scope import alle_gemeenten, gemeente_actief, huidige_gemeente_id

from .casusverloop import Fase
from .models import RegionaleOvereenkomst, Signaal

SOORT = "signalen.regionale_overeenkomst"


def regionale_overeenkomsten_melden(signaal: Signaal) -> int:
    """In the transaction that files ``signaal``, in its gemeente. Returns the number of other
    gemeenten with a match that were told (and told about)."""
    if not signaal.persoon_sleutel:
        return 0
    eigen = huidige_gemeente_id()
    with alle_gemeenten():
        deelnemers = set(
            Gemeente.objects.gemeenten()
            .filter(doet_mee_aan_overeenkomsten=True)
            .values_list("pk", flat=True)
        )
        if eigen not in deelnemers:
            return 0
        treffers: dict[int, int] = {}
        for gemeente_id, signaal_id in (
            Signaal.objects.filter(
                persoon_sleutel=signaal.persoon_sleutel,
                geanonimiseerd_op__isnull=True,
                gemeente_id__in=deelnemers - {eigen},
            )
            .exclude(fase=Fase.AFGESLOTEN)
            .order_by("gemeente_id", "pk")
            .values_list("gemeente_id", "pk")
        ):
            treffers.setdefault(gemeente_id, signaal_id)
        namen = dict(Gemeente.objects.filter(pk__in={eigen, *treffers}).values_list("pk", "naam"))
        contact = {g: _regisseurs(g) for g in {eigen, *treffers}}
    for andere, ander_signaal in treffers.items():
        _melden(eigen, signaal.pk, andere, namen, contact)
        with gemeente_actief(andere):
            _melden(andere, ander_signaal, eigen, namen, contact)
    return len(treffers)


def _regisseurs(gemeente_id: int) -> list[tuple[str, str]]:
    """(name, address) of the active regisseurs of a gemeente; read region-wide."""
    return [
        (f"{voornaam} {achternaam}".strip() or email, email)
        for voornaam, achternaam, email in get_user_model()
        .objects.filter(
            gemeente_id=gemeente_id, is_active=True, groups__name=rollen.NETWERKREGISSEUR
        )
        .order_by("last_name", "first_name", "email")
        .values_list("first_name", "last_name", "email")
    ]


def _melden(gemeente_id: int, signaal_id: int, andere: int, namen, contact) -> None:
    """This gemeente's side: its audit row and the e-mail to each of its regisseurs, in its
    scope (so the outbox rows are its own), once."""
    with gemeente_actief(gemeente_id), transaction.atomic():
        ontvangers = contact[gemeente_id]
        regel, nieuw = RegionaleOvereenkomst.objects.get_or_create(
            signaal_id=signaal_id,
            andere_gemeente_id=andere,
            defaults={"gemeld_aan": ", ".join(email for _naam, email in ontvangers)},
        )
        if not nieuw:
            return
        tekst = render_to_string(
            "signalen/mail/regionale_overeenkomst.txt",
            {
                "gemeente": namen[andere],
                "regisseurs": [f"{naam} <{email}>" for naam, email in contact[andere]],
                "link": settings.SITE_URL
                + reverse("admin:signalen_regionaleovereenkomst_changelist"),
            },
        )
        for _naam, email in ontvangers:
            bericht_klaarzetten(
                aan=email,
                onderwerp=_("Mogelijke overeenkomst met een signaal in gemeente %(gemeente)s")
                % {"gemeente": namen[andere]},
                tekst=tekst,
                soort=SOORT,
                sleutel=f"overeenkomst:{regel.pk}:{adres_in_sleutel(email)}",
            )
