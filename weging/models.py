"""The structured weging (assessment) of a signal (issue 20).

- ``Wegingskader``: the framework the regisseur configures in /beheer/: groups of indicators
  (``Indicatorgroep``), each with its indicators (``Indicator``: a short text with an
  explanation, ordered, switched off rather than deleted once used). One kader of a gemeente is
  active at a time (a partial unique constraint); a kader may be shared in the region, and
  another gemeente may copy a shared one (``weging.kaders``).
- ``Weging``: one version of the assessment of one signal: per indicator an answer
  (``Beoordeling``: aanwezig / niet aanwezig / onbekend, with a short explanation), the
  partner organisations that took part (``Deelname``), the outcome with its reasoning, and its
  status: concept, ter bevestiging (four eyes), bevestigd (the outcome took effect through
  ``signalen.services.signaal_verplaatsen``), teruggestuurd or ingetrokken. Every version is
  kept; a submitted one never changes again (a new version instead).

The rules live in ``weging.services`` (writes), ``weging.selectors`` (who sees what) and
``weging.kaders`` (configuring and sharing frameworks); nothing here decides access.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netwerk.models import Organisatie
from regio.models import Gemeentegebonden
from signalen.casusverloop import Doorverwijzing, Fase


class Wegingskader(Gemeentegebonden):
    naam = models.CharField(_("naam"), max_length=200)
    omschrijving = models.TextField(
        _("omschrijving"),
        blank=True,
        help_text=_("Waarvoor dit kader dient en hoe de indicatoren te gebruiken."),
    )
    actief = models.BooleanField(
        _("in gebruik"),
        default=False,
        editable=False,
        help_text=_("Het kader waarmee nieuwe wegingen worden gemaakt; één per gemeente."),
    )
    gedeeld_in_regio = models.BooleanField(
        _("gedeeld in de regio"),
        default=False,
        help_text=_(
            "Andere gemeenten in de regio kunnen de naam, de groepen en de indicatoren van dit "
            "kader zien en overnemen. Er staan geen persoonsgegevens in een kader."
        ),
    )
    overgenomen_van = models.CharField(
        _("overgenomen van"), max_length=320, blank=True, editable=False
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("wegingskader")
        verbose_name_plural = _("wegingskaders")
        ordering = ["-actief", "naam"]
        constraints = [
            models.UniqueConstraint(
                "gemeente",
                condition=Q(actief=True),
                name="wegingskader_een_actief",
                violation_error_message=_("Er is al een wegingskader in gebruik."),
            )
        ]

    def __str__(self):
        return self.naam


class Indicatorgroep(Gemeentegebonden):
    kader = models.ForeignKey(
        Wegingskader, on_delete=models.CASCADE, related_name="groepen", verbose_name=_("kader")
    )
    naam = models.CharField(_("naam"), max_length=150)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=1)

    class Meta:
        verbose_name = _("groep indicatoren")
        verbose_name_plural = _("groepen indicatoren")
        ordering = ["kader", "volgorde", "pk"]

    def __str__(self):
        return self.naam


class Indicator(Gemeentegebonden):
    groep = models.ForeignKey(
        Indicatorgroep,
        on_delete=models.CASCADE,
        related_name="indicatoren",
        verbose_name=_("groep"),
    )
    tekst = models.CharField(_("indicator"), max_length=200)
    uitleg = models.TextField(
        _("uitleg"), blank=True, help_text=_("Waar de beoordelaar op let; staat bij de vraag.")
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    actief = models.BooleanField(
        _("actief"),
        default=True,
        help_text=_("Een indicator die al gebruikt is, zet u uit in plaats van te verwijderen."),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["groep__volgorde", "groep", "volgorde", "pk"]

    def __str__(self):
        return self.tekst


class Uitkomst(models.TextChoices):
    GEEN_ZORGEN = "geen_zorgen", _("Geen zorgen: afsluiten")
    ZORG_BUITEN_RADICALISERING = (
        "zorg_buiten_radicalisering",
        _("Zorg buiten radicalisering: doorverwijzen"),
    )
    MONITOREN = "monitoren", _("Monitoren, met een datum om te herzien")
    CASUSOVERLEG = "casusoverleg", _("Naar het casusoverleg")


# The phase each outcome moves the signal to (on confirmation).
NAAR_FASE = {
    Uitkomst.GEEN_ZORGEN: Fase.AFGESLOTEN,
    Uitkomst.ZORG_BUITEN_RADICALISERING: Fase.DOORVERWEZEN,
    Uitkomst.MONITOREN: Fase.MONITOREN,
    Uitkomst.CASUSOVERLEG: Fase.CASUSOVERLEG,
}


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    TER_BEVESTIGING = "ter_bevestiging", _("Ter bevestiging")
    BEVESTIGD = "bevestigd", _("Bevestigd")
    TERUGGESTUURD = "teruggestuurd", _("Teruggestuurd")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


OPEN = (Status.CONCEPT, Status.TER_BEVESTIGING)


class Weging(Gemeentegebonden):
    signaal = models.ForeignKey(
        "signalen.Signaal",
        on_delete=models.PROTECT,
        related_name="wegingen",
        verbose_name=_("signaal"),
    )
    versie = models.PositiveSmallIntegerField(_("versie"), editable=False)
    kader = models.ForeignKey(
        Wegingskader, on_delete=models.PROTECT, related_name="wegingen", verbose_name=_("kader")
    )
    # The phase the weging was made in, and since when the signal was in it: confirming
    # requires the signal to be there still; the report measures the stay against the term.
    fase_bij_start = models.CharField(max_length=30, choices=Fase.choices, editable=False)
    in_fase_sinds = models.DateTimeField(editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )

    uitkomst = models.CharField(_("uitkomst"), max_length=30, choices=Uitkomst.choices, blank=True)
    onderbouwing = models.TextField(_("onderbouwing"), blank=True)
    doorverwezen_naar = models.CharField(
        _("doorverwezen naar"), max_length=20, choices=Doorverwijzing.choices, blank=True
    )
    herzien_op = models.DateField(_("herzien op"), null=True, blank=True)

    gestart_op = models.DateTimeField(_("gestart op"), auto_now_add=True)
    gestart_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ingediend_op = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    # The second assessor: who confirmed it, or sent it back (with the reason).
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tweede beoordelaar"),
    )
    reden_terugsturen = models.TextField(_("reden van terugsturen"), blank=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    # The step in the case flow the confirmation made.
    overgang = models.OneToOneField(
        "signalen.Overgang",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("weging")
        verbose_name_plural = _("wegingen")
        ordering = ["signaal", "-versie"]
        constraints = [
            models.UniqueConstraint("signaal", "versie", name="weging_versie_uniek"),
            models.UniqueConstraint(
                "signaal",
                condition=Q(status__in=OPEN),
                name="weging_een_open_per_signaal",
                violation_error_message=_("Er loopt al een weging van dit signaal."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "beoordeeld_op"], name="weging_status_beoordeeld"),
        ]

    def __str__(self):
        # No reference: this text may show up in places that are not the regisseur's.
        return f"Weging {self.pk} (versie {self.versie})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


class Deelname(Gemeentegebonden):
    """A partner organisation that took part in a weging: one with an active share of the
    signal under a convenant in force when it was recorded (``services.weging_opslaan``)."""

    weging = models.ForeignKey(Weging, on_delete=models.CASCADE, related_name="deelnames")
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )

    class Meta:
        verbose_name = _("deelnemende organisatie")
        verbose_name_plural = _("deelnemende organisaties")
        constraints = [
            models.UniqueConstraint("weging", "organisatie", name="weging_deelname_eenmaal")
        ]

    def __str__(self):
        return f"{self.organisatie_id} @ {self.weging_id}"


class Antwoord(models.TextChoices):
    AANWEZIG = "aanwezig", _("Aanwezig")
    NIET_AANWEZIG = "niet_aanwezig", _("Niet aanwezig")
    ONBEKEND = "onbekend", _("Onbekend")


class Beoordeling(Gemeentegebonden):
    """The answer on one indicator in one weging. The indicator's text is kept as it was asked,
    so a later change of the kader does not change what was weighed."""

    weging = models.ForeignKey(Weging, on_delete=models.CASCADE, related_name="beoordelingen")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    indicator_tekst = models.CharField(max_length=200, editable=False)
    antwoord = models.CharField(_("antwoord"), max_length=20, choices=Antwoord.choices, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")
        constraints = [models.UniqueConstraint("weging", "indicator", name="beoordeling_eenmaal")]
        indexes = [models.Index(fields=["antwoord", "indicator"], name="beoordeling_antwoord")]

    def __str__(self):
        return f"{self.indicator_id} @ {self.weging_id}"
