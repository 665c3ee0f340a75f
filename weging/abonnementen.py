"""weging's side of other apps' domain events, connected in ``WegingConfig.ready()``. Both run
in the transaction of the change."""


def gemeente_aangemaakt(gemeente_id: int) -> None:
    """A new gemeente (active now) starts with the demo wegingskader."""
    from .models import Indicator, Indicatorgroep, Wegingskader
    from .startkader import kader_aanmaken

    kader_aanmaken(Wegingskader, Indicatorgroep, Indicator, gemeente_id=gemeente_id)


def signaal_wordt_geanonimiseerd(*, signaal_id: int) -> None:
    """The signal is anonymised: the texts of its wegingen go too (explanations, reasoning, the
    reason a weging was sent back) and a review reminder still waiting is not sent. The answers
    and outcomes stay, without text, for the consistency report."""
    from . import services

    services.signaal_wordt_geanonimiseerd(signaal_id)
