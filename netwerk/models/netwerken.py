"""Networks and their members, werkgroepen and contact moments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regio.models import Gemeentegebonden

from .personen import Persoon
from .register import Tijdstempels


class Thema(models.TextChoices):
    RADICALISERING = "radicalisering", _("Radicalisering")
    POLARISATIE = "polarisatie", _("Polarisatie")
    ONDERMIJNING = "ondermijning", _("Ondermijning")
    ANDERS = "anders", _("Anders")


class NetwerkSoort(models.TextChoices):
    FORMEEL = "formeel", _("Formeel (professionals)")
    INFORMEEL = "informeel", _("Informeel (gemeenschap)")


class Netwerk(Gemeentegebonden, Tijdstempels):
    naam = models.CharField(_("naam"), max_length=200)
    thema = models.CharField(_("thema"), max_length=20, choices=Thema.choices)
    soort = models.CharField(_("soort"), max_length=10, choices=NetwerkSoort.choices)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("netwerk")
        verbose_name_plural = _("netwerken")
        ordering = ["soort", "naam"]
        constraints = [
            models.UniqueConstraint(
                "gemeente",
                Lower("naam"),
                name="netwerk_naam_uniek",
                violation_error_message=_("Er bestaat al een netwerk met deze naam."),
            )
        ]

    def __str__(self):
        return f"{self.naam} ({self.get_soort_display().split(' ')[0].lower()})"

    def clean(self):
        super().clean()
        if self.pk:
            oud = Netwerk.objects.filter(pk=self.pk).values_list("soort", flat=True).first()
            if oud and oud != self.soort:
                raise ValidationError(
                    {
                        "soort": _(
                            "Het soort netwerk ligt vast: leden, bijeenkomsten en mailings van "
                            "een formeel en een informeel netwerk worden nooit gemengd. Maak "
                            "een nieuw netwerk aan."
                        )
                    }
                )


class Lidmaatschap(Gemeentegebonden, Tijdstempels):
    netwerk = models.ForeignKey(
        Netwerk, on_delete=models.CASCADE, related_name="lidmaatschappen", verbose_name=_("netwerk")
    )
    persoon = models.ForeignKey(
        Persoon, on_delete=models.CASCADE, related_name="lidmaatschappen", verbose_name=_("persoon")
    )
    sinds = models.DateField(_("sinds"), null=True, blank=True)
    tot = models.DateField(_("tot"), null=True, blank=True)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["netwerk__naam", "persoon__achternaam"]
        # The dashboard's fingerprint reads the latest change (kern.dashboard).
        indexes = [models.Index(fields=["gewijzigd_op"], name="lidmaatschap_gewijzigd_op")]
        constraints = [
            models.UniqueConstraint(
                "netwerk",
                "persoon",
                name="lidmaatschap_eenmaal_per_netwerk",
                violation_error_message=_("Deze persoon is al lid van dit netwerk."),
            ),
            models.CheckConstraint(
                condition=Q(tot__isnull=True) | Q(sinds__isnull=True) | Q(tot__gte=F("sinds")),
                name="lidmaatschap_tot_na_sinds",
                violation_error_message=_("De einddatum ligt vóór de begindatum."),
            ),
        ]

    def __str__(self):
        return f"{self.persoon} in {self.netwerk.naam}"


class Werkgroep(Gemeentegebonden, Tijdstempels):
    naam = models.CharField(_("naam"), max_length=200)
    aanleiding = models.TextField(_("aanleiding (incident of thema)"), blank=True)
    netwerk = models.ForeignKey(
        Netwerk,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="werkgroepen",
        verbose_name=_("netwerk"),
    )
    start = models.DateField(_("start"))
    einde = models.DateField(_("einde"), null=True, blank=True)

    class Meta:
        verbose_name = _("werkgroep")
        verbose_name_plural = _("werkgroepen")
        ordering = ["-start", "naam"]
        constraints = [
            models.CheckConstraint(
                condition=Q(einde__isnull=True) | Q(einde__gte=F("start")),
                name="werkgroep_einde_na_start",
                violation_error_message=_("De einddatum ligt vóór de startdatum."),
            )
        ]

    def __str__(self):
        return self.naam


class Werkgroeplid(Gemeentegebonden):
    werkgroep = models.ForeignKey(
        Werkgroep, on_delete=models.CASCADE, related_name="leden", verbose_name=_("werkgroep")
    )
    persoon = models.ForeignKey(
        Persoon,
        on_delete=models.CASCADE,
        related_name="werkgroeplidmaatschappen",
        verbose_name=_("persoon"),
    )
    rol = models.CharField(_("rol in de werkgroep"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("werkgroeplid")
        verbose_name_plural = _("werkgroepleden")
        constraints = [
            models.UniqueConstraint(
                "werkgroep",
                "persoon",
                name="werkgroeplid_eenmaal",
                violation_error_message=_("Deze persoon is al lid van deze werkgroep."),
            )
        ]

    def __str__(self):
        return f"{self.persoon} in {self.werkgroep}"


class ContactSoort(models.TextChoices):
    GESPREK = "gesprek", _("Gesprek")
    TELEFOON = "telefoon", _("Telefoon")
    EMAIL = "email", _("E-mail")
    BIJEENKOMST = "bijeenkomst", _("Bijeenkomst")
    ANDERS = "anders", _("Anders")


class Contactmoment(Gemeentegebonden, Tijdstempels):
    persoon = models.ForeignKey(
        Persoon, on_delete=models.CASCADE, related_name="contactmomenten", verbose_name=_("persoon")
    )
    datum = models.DateField(_("datum"))
    soort = models.CharField(_("soort"), max_length=20, choices=ContactSoort.choices)
    notitie = models.CharField(_("korte notitie"), max_length=500, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["-datum"]
        indexes = [
            models.Index(fields=["persoon", "-datum"], name="contactmoment_persoon_datum"),
            # The dashboard's fingerprint: the latest change (kern.dashboard).
            models.Index(fields=["gewijzigd_op"], name="contactmoment_gewijzigd_op"),
        ]

    def __str__(self):
        return f"{self.datum:%d-%m-%Y} {self.get_soort_display()} — {self.persoon}"

    def clean(self):
        super().clean()
        if self.datum and self.datum > timezone.localdate():
            raise ValidationError({"datum": _("Een contactmoment kan niet in de toekomst liggen.")})


# --- Convenanten ----------------------------------------------------------------------------------
