"""Models of the shared core."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EenmaligeInzending(models.Model):
    """A form that was sent, by its one-time token (``kern.eenmalig``).

    The row is written in the same transaction as what the form creates; the database keeps
    (doel, token) unique, so a second POST of the same form waits for the first and then finds
    this row, with what the first made (``resultaat``), instead of making it again.
    """

    doel = models.CharField(_("doel"), max_length=100)
    token = models.CharField(_("token"), max_length=64)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    resultaat = models.CharField(_("resultaat"), max_length=200, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("eenmalige inzending")
        verbose_name_plural = _("eenmalige inzendingen")
        constraints = [
            models.UniqueConstraint(fields=["doel", "token"], name="eenmalige_inzending_uniek")
        ]

    def __str__(self):
        return f"{self.doel} {self.pk}"
