"""A concept kept from an expired session belongs to the reporter who typed it. When someone
else logs in on the same browser, it is thrown away at once, not left in their session."""

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from netwerk.models import Convenant, ConvenantCategorie, Convenantpartij, Organisatie


@receiver(user_logged_in, dispatch_uid="signalen_concept_van_een_ander")
def concept_van_een_ander_weggooien(sender, request, user, **kwargs):
    from .views import CONCEPT, concept_eigenaar

    if request is None or not hasattr(request, "session"):
        return
    concept = request.session.get(CONCEPT)
    if concept is not None and concept_eigenaar(concept) != user.pk:
        del request.session[CONCEPT]


# --- Sharing follows the convenant at once ------------------------------------------------------
# A change to a convenant, its parties or its categories re-checks what is shared under it, once
# the change is committed. (The partner pages also check coverage on every request.)


def _herzien_na_commit(convenant_id):
    def herzien():
        from .delen import delingen_herzien

        convenant = Convenant.objects.filter(pk=convenant_id).first()
        if convenant is not None:
            delingen_herzien(convenant=convenant)

    transaction.on_commit(herzien)


@receiver(post_save, sender=Convenant, dispatch_uid="signalen_convenant_gewijzigd")
def convenant_gewijzigd(sender, instance, **kwargs):
    _herzien_na_commit(instance.pk)


@receiver(post_delete, sender=Convenantpartij, dispatch_uid="signalen_partij_weg")
def partij_verwijderd(sender, instance, **kwargs):
    _herzien_na_commit(instance.convenant_id)


@receiver(post_delete, sender=ConvenantCategorie, dispatch_uid="signalen_categorie_weg")
def categorie_verwijderd(sender, instance, **kwargs):
    _herzien_na_commit(instance.convenant_id)


@receiver(pre_save, sender=Convenant, dispatch_uid="signalen_convenant_verlopen_voor_wijziging")
def convenant_voor_wijziging(sender, instance, **kwargs):
    if instance.pk:
        from .delen import verlopen_delingen_intrekken_voor_wijziging

        verlopen_delingen_intrekken_voor_wijziging(instance.pk)


@receiver(post_save, sender=Organisatie, dispatch_uid="signalen_organisatie_gewijzigd")
def organisatie_gewijzigd(sender, instance, **kwargs):
    """An organisation made inactive (or marked as the gemeente) keeps nothing shared."""
    if not instance.actief or instance.is_gemeente:

        def herzien():
            from .delen import delingen_herzien

            delingen_herzien()

        transaction.on_commit(herzien)
