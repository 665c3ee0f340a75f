"""What each user wants to hear by e-mail. No row means the defaults below."""

from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Keuze(models.TextChoices):
    DIRECT = "direct", _("Direct een e-mail")
    DAGELIJKS = "dagelijks", _("In het dagelijks overzicht")
    UIT = "uit", _("Geen e-mail")


# The hours a regisseur can choose for the daily overview (local time).
OVERZICHT_UREN = [time(uur) for uur in range(6, 21)]


class Meldingsinstellingen(models.Model):
    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="meldingsinstellingen",
        verbose_name=_("gebruiker"),
    )
    # The regisseur: a new signal, per urgency.
    bij_hoog = models.CharField(
        _("urgentie ‘zo snel mogelijk’"), max_length=10, choices=Keuze.choices, default=Keuze.DIRECT
    )
    bij_normaal = models.CharField(
        _("urgentie ‘deze week’"), max_length=10, choices=Keuze.choices, default=Keuze.DAGELIJKS
    )
    bij_laag = models.CharField(
        _("urgentie ‘geen haast’"), max_length=10, choices=Keuze.choices, default=Keuze.DAGELIJKS
    )
    dagelijks_overzicht = models.BooleanField(
        _("dagelijks overzicht"),
        default=True,
        help_text=_(
            "Eén e-mail per dag met wat op u wacht: nieuwe signalen (zoals hierboven gekozen), "
            "signalen die langer duren dan verwacht, mogelijke koppelingen, convenanten die "
            "binnenkort aflopen en e-mails die niet verstuurd konden worden. Niets te melden: "
            "geen e-mail."
        ),
    )
    overzicht_om = models.TimeField(
        _("overzicht om"),
        default=time(8),
        choices=[(t, t.strftime("%H:%M")) for t in OVERZICHT_UREN],
    )
    # The reporter: their signal moved on.
    voortgang_mailen = models.BooleanField(
        _("nieuws over mijn signalen"),
        default=True,
        help_text=_(
            "Een e-mail als een signaal dat u doorgaf een stap verder is. Er staat niet in om "
            "welk signaal het gaat; dat leest u na inloggen onder ‘Mijn signalen’."
        ),
    )
    # Until when the last overview counted new signals and failed mails (set by the task).
    vorig_overzicht_op = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("meldingsinstellingen")
        verbose_name_plural = _("meldingsinstellingen")

    def __str__(self):
        return str(_("Meldingsinstellingen"))

    def keuze_bij(self, urgentie: str) -> str:
        return getattr(self, f"bij_{urgentie}", Keuze.UIT)
