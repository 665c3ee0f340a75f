"""A person who is anonymised keeps no working invitation link and no remark."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from netwerk.models import Persoon

from .models import Uitnodiging, nieuw_token


@receiver(post_save, sender=Persoon, dispatch_uid="bijeenkomsten_persoon_geanonimiseerd")
def persoon_geanonimiseerd(sender, instance, **kwargs):
    if instance.geanonimiseerd_op is None:
        return
    for uitnodiging in Uitnodiging.objects.filter(persoon=instance):
        uitnodiging.token = nieuw_token()  # the old link, still in a mailbox, opens nothing
        uitnodiging.opmerking = ""
        uitnodiging.save(update_fields=["token", "opmerking"])
