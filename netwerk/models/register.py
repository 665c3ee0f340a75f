"""The registry's places and organisations: domains and sectors, wijken, communities,
organisations and their locations; and what every part of the registry shares (timestamps, the
categories of signals, search text)."""

import unicodedata

from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from regio.models import Gemeentegebonden


class Sector(models.TextChoices):
    SOCIAAL = "sociaal", _("Sociaal domein")
    VEILIGHEID = "veiligheid", _("Veiligheidsdomein")
    GEMEENSCHAP = "gemeenschap", _("Gemeenschap")


class Domein(models.TextChoices):
    ONDERWIJS = "onderwijs", _("Onderwijs")
    JONGERENWERK = "jongerenwerk", _("Jongerenwerk")
    WELZIJN = "welzijn", _("Welzijn")
    JEUGDHULP = "jeugdhulp", _("Jeugdhulp")
    GGZ = "ggz", _("GGZ")
    ZORG = "zorg", _("Zorg")
    SPORT = "sport", _("Sport")
    GEMEENTE = "gemeente", _("Gemeente")
    POLITIE = "politie", _("Politie")
    JUSTITIE = "justitie", _("Justitie")
    HANDHAVING = "handhaving", _("Handhaving")
    WONINGCORPORATIE = "woningcorporatie", _("Woningcorporatie")
    RELIGIEUS = "religieus", _("Religieuze organisatie")
    MIGRANTEN = "migrantenorganisatie", _("Migrantenorganisatie")
    VROUWENNETWERK = "vrouwennetwerk", _("Vrouwennetwerk")
    OVERIG = "overig", _("Overig")


SECTOR_VAN_DOMEIN = {
    Domein.ONDERWIJS: Sector.SOCIAAL,
    Domein.JONGERENWERK: Sector.SOCIAAL,
    Domein.WELZIJN: Sector.SOCIAAL,
    Domein.JEUGDHULP: Sector.SOCIAAL,
    Domein.GGZ: Sector.SOCIAAL,
    Domein.ZORG: Sector.SOCIAAL,
    Domein.SPORT: Sector.SOCIAAL,
    Domein.GEMEENTE: Sector.SOCIAAL,
    Domein.WONINGCORPORATIE: Sector.SOCIAAL,
    Domein.OVERIG: Sector.SOCIAAL,
    Domein.POLITIE: Sector.VEILIGHEID,
    Domein.JUSTITIE: Sector.VEILIGHEID,
    Domein.HANDHAVING: Sector.VEILIGHEID,
    Domein.RELIGIEUS: Sector.GEMEENSCHAP,
    Domein.MIGRANTEN: Sector.GEMEENSCHAP,
    Domein.VROUWENNETWERK: Sector.GEMEENSCHAP,
}


def domeinen_in_sector(sector: str) -> list[str]:
    return [d for d, s in SECTOR_VAN_DOMEIN.items() if s == sector]


def zoektekst(*delen: str) -> str:
    """Text for searching without caring about capitals or accents: "Ertürk" -> "erturk"."""
    tekst = " ".join(d for d in delen if d)
    zonder = "".join(
        c for c in unicodedata.normalize("NFKD", tekst) if not unicodedata.combining(c)
    )
    return zonder.lower()


class SignaalCategorie(models.TextChoices):
    """The categories of a signal (signalen) and of the information a convenant covers."""

    RADICALISERING = "radicalisering", _("Radicalisering")
    POLARISATIE = "polarisatie", _("Polarisatie")
    EXTREMISME = "extremisme", _("Extremisme")
    SPANNINGEN = "spanningen", _("Maatschappelijke spanningen")
    ONDERMIJNING = "ondermijning", _("Ondermijning")
    ANDERS = "anders", _("Anders")


class Tijdstempels(models.Model):
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True


class Wijk(Gemeentegebonden):
    naam = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                "gemeente",
                Lower("naam"),
                name="wijk_naam_uniek",
                violation_error_message=_("Deze wijk bestaat al."),
            )
        ]

    def __str__(self):
        return self.naam


class Gemeenschap(Gemeentegebonden):
    naam = models.CharField(_("naam"), max_length=100)
    omschrijving = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("gemeenschap")
        verbose_name_plural = _("gemeenschappen")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                "gemeente",
                Lower("naam"),
                name="gemeenschap_naam_uniek",
                violation_error_message=_("Deze gemeenschap bestaat al."),
            )
        ]

    def __str__(self):
        return self.naam


class Organisatie(Gemeentegebonden, Tijdstempels):
    naam = models.CharField(_("naam"), max_length=200)
    domein = models.CharField(_("domein"), max_length=30, choices=Domein.choices)
    email = models.EmailField(_("algemeen e-mailadres"), blank=True)
    telefoon = PhoneNumberField(_("algemeen telefoonnummer"), blank=True)
    website = models.URLField(_("website"), blank=True)
    opmerkingen = models.TextField(_("opmerkingen"), blank=True)
    actief = models.BooleanField(_("actief"), default=True)
    is_gemeente = models.BooleanField(
        _("dit is de gemeente zelf"),
        default=False,
        help_text=_(
            "De gemeente is partij bij elk convenant waaronder signalen worden gedeeld. "
            "Precies één organisatie is de gemeente."
        ),
    )
    # The organisation's own group: its partner accounts are members, and a shared signal is
    # granted to it (signalen.delen). Made when first needed (netwerk.services.groep_van).
    groep = models.OneToOneField(
        Group,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="organisatie",
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                "gemeente",
                Lower("naam"),
                name="organisatie_naam_uniek",
                violation_error_message=_("Er bestaat al een organisatie met deze naam."),
            ),
            models.UniqueConstraint(
                "gemeente",
                "is_gemeente",
                condition=Q(is_gemeente=True),
                name="organisatie_een_gemeente",
                violation_error_message=_("Er is al een organisatie die de gemeente zelf is."),
            ),
        ]

    def __str__(self):
        return self.naam

    @property
    def sector(self) -> str:
        return SECTOR_VAN_DOMEIN[Domein(self.domein)]

    def get_sector_display(self):
        return Sector(self.sector).label


class Locatie(Gemeentegebonden, Tijdstempels):
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.CASCADE,
        related_name="locaties",
        verbose_name=_("organisatie"),
    )
    naam = models.CharField(_("naam"), max_length=200)
    adres = models.CharField(_("adres"), max_length=255, blank=True)
    wijk = models.ForeignKey(
        Wijk,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="locaties",
        verbose_name=_("wijk"),
    )
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")
        ordering = ["organisatie__naam", "naam"]
        constraints = [
            models.UniqueConstraint(
                "organisatie",
                Lower("naam"),
                name="locatie_naam_uniek_per_organisatie",
                violation_error_message=_("Deze organisatie heeft al een locatie met deze naam."),
            )
        ]

    def __str__(self):
        return f"{self.organisatie} — {self.naam}"
