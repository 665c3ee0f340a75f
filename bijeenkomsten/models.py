"""Meetings of a network: a series every six weeks (Reeks), its occurrences and extra meetings
(Bijeenkomst), one invitation per person with their answer and attendance (Uitnodiging), and
action points.

The rules live in ``bijeenkomsten.services`` (planning, inviting, answering, cancelling,
attendance) and ``bijeenkomsten.agenda`` (.ics); e-mail goes through the outbox (berichten).
"""

import secrets
import uuid

from django.contrib.admin import display as admin_display
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from netwerk.models import Contactmoment, Netwerk, Persoon
from regio.models import Gemeentegebonden


class Weekdag(models.IntegerChoices):
    MAANDAG = 0, _("maandag")
    DINSDAG = 1, _("dinsdag")
    WOENSDAG = 2, _("woensdag")
    DONDERDAG = 3, _("donderdag")
    VRIJDAG = 4, _("vrijdag")
    ZATERDAG = 5, _("zaterdag")
    ZONDAG = 6, _("zondag")


class Reeks(Gemeentegebonden):
    """Meetings of one network that recur every ``interval_weken`` weeks on a weekday, at a
    local time (the wall-clock time stays the same across daylight-saving changes)."""

    netwerk = models.ForeignKey(
        Netwerk, on_delete=models.PROTECT, related_name="reeksen", verbose_name=_("netwerk")
    )
    naam = models.CharField(_("naam"), max_length=200)
    interval_weken = models.PositiveSmallIntegerField(_("elke zoveel weken"), default=6)
    starttijd = models.TimeField(_("begintijd"))
    eindtijd = models.TimeField(_("eindtijd"))
    locatie = models.CharField(_("plaats"), max_length=250)
    eerste_datum = models.DateField(
        _("eerste bijeenkomst"),
        help_text=_("De reeks telt vanaf hier, op dezelfde weekdag."),
    )
    einddatum = models.DateField(_("laatste datum"), null=True, blank=True)
    agenda = models.TextField(_("vaste agenda"), blank=True)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("reeks")
        verbose_name_plural = _("reeksen")
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_weken__gte=1), name="reeks_interval_positief"
            ),
            models.CheckConstraint(
                condition=Q(eindtijd__gt=F("starttijd")),
                name="reeks_eind_na_begin",
                violation_error_message=_("De eindtijd ligt niet na de begintijd."),
            ),
        ]

    def __str__(self):
        return self.naam

    @property
    @admin_display(description=_("weekdag"))
    def weekdag(self) -> str:
        """Every n weeks from the first date: always the first date's weekday."""
        return Weekdag(self.eerste_datum.weekday()).label if self.eerste_datum else ""


class BijeenkomstSoort(models.TextChoices):
    """What a meeting is part of: a network's, a training day (trainingen.Trainingsdag) or a case
    meeting (casusoverleg.Casusoverleg); the last two have no network."""

    NETWERK = "netwerk", _("Netwerkbijeenkomst")
    TRAINING = "training", _("Trainingsdag")
    CASUSOVERLEG = "casusoverleg", _("Casusoverleg")


class BijeenkomstStatus(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    GEANNULEERD = "geannuleerd", _("Geannuleerd")


class Bijeenkomst(Gemeentegebonden):
    """One meeting: an occurrence of a series (``reeks_datum`` is its place in the series, kept
    when it is moved or skipped), or an extra meeting at an incident (no series)."""

    # Empty for a training day (trainingen.Trainingsdag): it has no network, its participants
    # are the edition's enrolled.
    netwerk = models.ForeignKey(
        Netwerk,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bijeenkomsten",
        verbose_name=_("netwerk"),
    )
    reeks = models.ForeignKey(
        Reeks,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bijeenkomsten",
        verbose_name=_("reeks"),
    )
    reeks_datum = models.DateField(_("datum in de reeks"), null=True, blank=True, editable=False)
    soort = models.CharField(
        _("soort"),
        max_length=12,
        choices=BijeenkomstSoort.choices,
        default=BijeenkomstSoort.NETWERK,
        editable=False,
    )
    titel = models.CharField(_("titel"), max_length=200)
    is_extra = models.BooleanField(_("extra bijeenkomst (incident)"), default=False)
    begin = models.DateTimeField(_("begin"), db_index=True)
    einde = models.DateTimeField(_("einde"))
    locatie = models.CharField(_("plaats"), max_length=250)
    agenda = models.TextField(_("agenda"), blank=True)
    verslag = models.TextField(_("verslag"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=BijeenkomstStatus.choices,
        default=BijeenkomstStatus.GEPLAND,
        db_index=True,
    )
    # For the .ics: one UID for the meeting's life, a SEQUENCE that grows with every change.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    volgnummer = models.PositiveIntegerField(_("versie"), default=0, editable=False)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["begin"]
        constraints = [
            models.UniqueConstraint(
                "reeks", "reeks_datum", name="bijeenkomst_eenmaal_per_reeksdatum"
            ),
            models.CheckConstraint(
                condition=Q(einde__gt=F("begin")),
                name="bijeenkomst_einde_na_begin",
                violation_error_message=_("Het einde ligt niet na het begin."),
            ),
        ]

    def __str__(self):
        return f"{self.titel} ({self.begin:%d-%m-%Y})"

    @property
    def is_geannuleerd(self) -> bool:
        return self.status == BijeenkomstStatus.GEANNULEERD


class Actiepunt(Gemeentegebonden):
    bijeenkomst = models.ForeignKey(
        Bijeenkomst, on_delete=models.CASCADE, related_name="actiepunten"
    )
    omschrijving = models.CharField(_("actiepunt"), max_length=500)
    eigenaar = models.ForeignKey(
        Persoon,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wie"),
    )
    uiterlijk = models.DateField(_("uiterlijk"), null=True, blank=True)
    afgerond = models.BooleanField(_("afgerond"), default=False)

    class Meta:
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")
        ordering = ["afgerond", "uiterlijk", "pk"]

    def __str__(self):
        return self.omschrijving


class Antwoord(models.TextChoices):
    JA = "ja", _("Ja, ik kom")
    NEE = "nee", _("Nee, ik kan niet")
    MISSCHIEN = "misschien", _("Misschien")


def nieuw_token() -> str:
    return secrets.token_urlsafe(32)


class Uitnodiging(Gemeentegebonden):
    """One person's invitation to one meeting: the personal link, the answer, attendance."""

    bijeenkomst = models.ForeignKey(
        Bijeenkomst,
        on_delete=models.CASCADE,
        related_name="uitnodigingen",
        verbose_name=_("bijeenkomst"),
    )
    persoon = models.ForeignKey(
        Persoon, on_delete=models.PROTECT, related_name="uitnodigingen", verbose_name=_("persoon")
    )
    is_gast = models.BooleanField(_("gast (geen lid van het netwerk)"), default=False)
    # The secret in the personal link: 256 random bits, one invitation only.
    token = models.CharField(max_length=64, unique=True, default=nieuw_token, editable=False)
    antwoord = models.CharField(_("antwoord"), max_length=10, choices=Antwoord.choices, blank=True)
    opmerking = models.CharField(_("opmerking"), max_length=500, blank=True)
    beantwoord_op = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    verstuurd_op = models.DateTimeField(_("uitnodiging verstuurd op"), null=True, blank=True)
    herinnerd_op = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)
    aanwezig = models.BooleanField(_("aanwezig"), null=True, blank=True)
    contactmoment = models.OneToOneField(
        Contactmoment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["persoon__achternaam", "persoon__voornaam"]
        constraints = [
            models.UniqueConstraint(
                "bijeenkomst",
                "persoon",
                name="uitnodiging_eenmaal_per_persoon",
                violation_error_message=_("Deze persoon is al uitgenodigd."),
            )
        ]

    def __str__(self):
        return f"{self.persoon} — {self.bijeenkomst}"
