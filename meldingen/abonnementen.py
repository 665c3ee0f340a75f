"""meldingen's side of signalen's domain events (``signalen.events``), connected in
``MeldingenConfig.ready()``. Each runs inside the transaction of the change, so the outbox row
it writes (or withdraws) stands or falls with that change."""

from . import services


def signaal_ingediend(*, signaal_id: int) -> None:
    services.nieuw_signaal_melden(signaal_id)


def signaal_verplaatst(*, signaal_id: int, overgang_id: int) -> None:
    services.voortgang_melden(signaal_id, overgang_id)


def signaal_gedeeld(*, deling_id: int) -> None:
    services.deling_melden(deling_id)


def deling_ingetrokken(*, deling_id: int) -> None:
    services.deling_meldingen_intrekken(deling_id)


def signaal_wordt_geanonimiseerd(*, signaal_id: int) -> None:
    services.signaal_meldingen_intrekken(signaal_id)
