"""trainingen's side of netwerk's domain events (``netwerk.events``), connected in
``TrainingenConfig.ready()``."""

from netwerk.models import Persoon

from . import services


def persoon_geanonimiseerd(*, persoon_id: int) -> None:
    """A person who is anonymised keeps no working enrolment link and no place in a coming
    training: the place goes to the first on the waiting list (after the commit)."""
    persoon = Persoon.objects.filter(pk=persoon_id).first()
    if persoon is not None:
        services.persoon_vertrokken(persoon)


def gemeente_aangemaakt(gemeente_id: int) -> None:
    """A new gemeente (active now) gets what every gemeente starts with."""
    from .models import Trainingssoort
    from .startsoorten import soorten_aanmaken

    soorten_aanmaken(Trainingssoort)
