"""bijeenkomsten's side of netwerk's domain events (``netwerk.events``), connected in
``BijeenkomstenConfig.ready()``."""

from .models import Uitnodiging, nieuw_token


def persoon_wordt_geanonimiseerd(*, persoon_id: int) -> None:
    """A person who is anonymised keeps no working invitation link and no remark: in the same
    transaction as the anonymisation, so the old link (still in a mailbox) never opens
    anything after it."""
    for uitnodiging in Uitnodiging.objects.filter(persoon_id=persoon_id):
        uitnodiging.token = nieuw_token()
        uitnodiging.opmerking = ""
        uitnodiging.save(update_fields=["token", "opmerking"])
