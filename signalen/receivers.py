"""A concept kept from an expired session belongs to the reporter who typed it. When someone
else logs in on the same browser, it is thrown away at once, not left in their session.

(What signalen does when netwerk changes a convenant or an organisation is in
``signalen.abonnementen``: netwerk's domain events, not receivers on its models.)"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="signalen_concept_van_een_ander")
def concept_van_een_ander_weggooien(sender, request, user, **kwargs):
    from .views import CONCEPT, concept_eigenaar

    if request is None or not hasattr(request, "session"):
        return
    concept = request.session.get(CONCEPT)
    if concept is not None and concept_eigenaar(concept) != user.pk:
        del request.session[CONCEPT]
