"""Connects allauth's MFA signals: a change of second factor ends the user's other sessions."""

from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.dispatch import receiver

from . import services


@receiver(authenticator_added)
@receiver(authenticator_removed)
@receiver(authenticator_reset)
def mfa_gewijzigd(sender, request, user, **kwargs):
    huidige = request.session.session_key if request is not None else None
    services.sessies_beeindigen(user=user, behalve_sessie_key=huidige)
