"""A person who is anonymised keeps no working enrolment link and no place in a coming training:
the place goes to the first on the waiting list."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from netwerk.models import Persoon

from . import services


@receiver(post_save, sender=Persoon, dispatch_uid="trainingen_persoon_geanonimiseerd")
def persoon_geanonimiseerd(sender, instance, **kwargs):
    if instance.geanonimiseerd_op is None:
        return
    transaction.on_commit(lambda: services.persoon_vertrokken(instance))
