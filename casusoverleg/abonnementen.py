"""casusoverleg's side of signalen's domain events, connected in ``CasusoverlegConfig.ready()``.
In the transaction of the change: what the meetings kept of a signal goes with it."""

from . import services


def signaal_wordt_geanonimiseerd(*, signaal_id: int) -> None:
    services.signaal_wordt_geanonimiseerd(signaal_id)
