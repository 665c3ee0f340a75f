"""The case meeting (casusoverleg, the ZVH's "i20" or "ICO"): a meeting with the convenant
partners whose agenda is a list of signals, and per signal the decision, the actions agreed and
the minutes.

- ``Casusoverleg``: one meeting, a ``bijeenkomsten.Bijeenkomst`` without a network (as a
  training day is), so the invitation mail, the personal RSVP link, reminders, changes,
  cancellation and the .ics are the meetings' own.
- ``Deelnemer``: an invited partner account and its ``Uitnodiging`` (which points to a
  ``netwerk.Persoon`` of this gemeente with the account's address, made when first needed).
- ``Agendapunt``: a signal on the agenda, in order, with the decision (which becomes a step in
  the case flow), the next review date and the minutes.
- ``Actie``: an intervention agreed, with an owner organisation and a due date.

The rules live in ``casusoverleg.services`` (writes) and ``casusoverleg.selectors`` (who sees
what); nothing here decides access.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bijeenkomsten.models import Bijeenkomst, Uitnodiging
from netwerk.models import Organisatie
from regio.models import Gemeentegebonden
from signalen.casusverloop import Doorverwijzing


class Casusoverleg(Gemeentegebonden):
    bijeenkomst = models.OneToOneField(
        Bijeenkomst,
        on_delete=models.PROTECT,
        related_name="casusoverleg",
        verbose_name=_("bijeenkomst"),
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gepland door"),
    )
    aangemaakt_op = models.DateTimeField(_("gepland op"), auto_now_add=True)

    class Meta:
        verbose_name = _("casusoverleg")
        verbose_name_plural = _("casusoverleggen")

    def __str__(self):
        return str(self.bijeenkomst)


class Deelnemer(Gemeentegebonden):
    """A partner account invited to a case meeting. The account decides access to the meeting's
    page; the invitation (to the account's person in the registry) carries the mail."""

    casusoverleg = models.ForeignKey(
        Casusoverleg, on_delete=models.CASCADE, related_name="deelnemers"
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("account"),
    )
    uitnodiging = models.OneToOneField(
        Uitnodiging, on_delete=models.PROTECT, related_name="+", verbose_name=_("uitnodiging")
    )

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        constraints = [
            models.UniqueConstraint(
                "casusoverleg", "account", name="casusoverleg_deelnemer_eenmaal"
            )
        ]

    def __str__(self):
        return f"{self.account_id} @ {self.casusoverleg_id}"


class Besluit(models.TextChoices):
    DOORVERWIJZEN = "doorverwijzen", _("Doorverwijzen")
    MONITOREN = "monitoren", _("Monitoren")
    AFSLUITEN = "afsluiten", _("Afsluiten")
    OPNIEUW_AGENDEREN = "opnieuw_agenderen", _("Opnieuw agenderen")


class Agendapunt(Gemeentegebonden):
    casusoverleg = models.ForeignKey(
        Casusoverleg,
        on_delete=models.CASCADE,
        related_name="agendapunten",
        verbose_name=_("casusoverleg"),
    )
    signaal = models.ForeignKey(
        "signalen.Signaal",
        on_delete=models.PROTECT,
        related_name="agendapunten",
        verbose_name=_("signaal"),
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    toegevoegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    toegevoegd_op = models.DateTimeField(auto_now_add=True)

    besluit = models.CharField(_("besluit"), max_length=20, choices=Besluit.choices, blank=True)
    doorverwezen_naar = models.CharField(
        _("doorverwezen naar"), max_length=20, choices=Doorverwijzing.choices, blank=True
    )
    herzien_op = models.DateField(_("volgende bespreking of herziening"), null=True, blank=True)
    besluit_op = models.DateTimeField(_("besloten op"), null=True, blank=True)
    besluit_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The step in the case flow the decision made (none for "opnieuw agenderen").
    overgang = models.OneToOneField(
        "signalen.Overgang",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    notulen = models.TextField(_("notulen"), blank=True)
    notulen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    notulen_gewijzigd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(
                "casusoverleg",
                "signaal",
                name="agendapunt_signaal_eenmaal_per_overleg",
                violation_error_message=_("Dit signaal staat al op de agenda van dit overleg."),
            )
        ]

    def __str__(self):
        # No reference: an agenda item's name shows up in places that are not the regisseur's.
        return f"Agendapunt {self.pk}"


class Actie(Gemeentegebonden):
    """An intervention agreed on a signal at a case meeting: what, which organisation, by when."""

    agendapunt = models.ForeignKey(
        Agendapunt, on_delete=models.CASCADE, related_name="acties", verbose_name=_("agendapunt")
    )
    omschrijving = models.CharField(_("wat"), max_length=500)
    eigenaar = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("wie (organisatie)")
    )
    uiterlijk = models.DateField(_("uiterlijk"))
    afgerond = models.BooleanField(_("afgerond"), default=False)
    afgerond_op = models.DateTimeField(null=True, blank=True)
    afgerond_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    # When the owners were told the action is due (services.acties_herinneren).
    herinnerd_op = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["afgerond", "uiterlijk", "pk"]
        indexes = [
            models.Index(fields=["afgerond", "uiterlijk"], name="casusoverleg_actie_open"),
        ]

    def __str__(self):
        return f"Actie {self.pk}"
