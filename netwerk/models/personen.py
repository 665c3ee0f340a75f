"""Persons and their roles: aandachtsfunctionaris (with locations) and sleutelpersoon."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from regio.models import Gemeentegebonden
from regio.scope import BeperktManager

from .register import Gemeenschap, Locatie, Organisatie, Tijdstempels, Wijk, zoektekst


class Persoon(Gemeentegebonden, Tijdstempels):
    voornaam = models.CharField(_("voornaam"), max_length=100)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=30, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=150, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    telefoon = PhoneNumberField(_("telefoonnummer"), blank=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="persoon",
        verbose_name=_("account"),
    )
    opmerkingen = models.TextField(_("opmerkingen"), blank=True)
    geanonimiseerd_op = models.DateTimeField(
        _("geanonimiseerd op"), null=True, blank=True, editable=False
    )
    # Derived from the name and address on every save, for searches that ignore accents.
    zoeknaam = models.CharField(max_length=500, blank=True, editable=False)

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["achternaam", "voornaam"]
        # The dashboard's fingerprint reads the latest change (kern.dashboard).
        indexes = [models.Index(fields=["gewijzigd_op"], name="persoon_gewijzigd_op")]
        constraints = [
            models.UniqueConstraint(
                "gemeente",
                Lower("email"),
                condition=~Q(email=""),
                name="persoon_email_uniek",
                violation_error_message=_("Er bestaat al een persoon met dit e-mailadres."),
            )
        ]

    def __str__(self):
        return self.volledige_naam

    def save(self, *args, **kwargs):
        self.zoeknaam = zoektekst(self.volledige_naam, self.email)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "zoeknaam"}
        super().save(*args, **kwargs)

    @property
    def volledige_naam(self) -> str:
        return " ".join(d for d in (self.voornaam, self.tussenvoegsel, self.achternaam) if d)

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()


class AandachtsfunctionarisQuerySet(models.QuerySet):
    def in_functie_op(self, datum: date):
        """Who was an active aandachtsfunctionaris on ``datum``, as far as the registry knows:
        registered and started by then, and still active or not yet past their last day (``tot``).
        For figures of a past date (the yearly report); the organisation's and the person's
        current state still count (an anonymised person counts nowhere)."""
        eind = timezone.make_aware(datetime.combine(datum + timedelta(days=1), time.min))
        return self.filter(
            Q(sinds__isnull=True) | Q(sinds__lte=datum),
            Q(actief=True) | Q(tot__gte=datum),
            organisatie__actief=True,
            persoon__geanonimiseerd_op__isnull=True,
            aangemaakt_op__lt=eind,
        )


class Aandachtsfunctionaris(Gemeentegebonden, Tijdstempels):
    persoon = models.ForeignKey(
        Persoon,
        on_delete=models.CASCADE,
        related_name="aandachtsfunctionarisrollen",
        verbose_name=_("persoon"),
    )
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        related_name="aandachtsfunctionarissen",
        verbose_name=_("organisatie"),
    )
    locaties = models.ManyToManyField(
        Locatie,
        through="AandachtsfunctionarisLocatie",
        blank=True,
        related_name="aandachtsfunctionarissen",
        verbose_name=_("locaties"),
    )
    functie = models.CharField(_("functie"), max_length=150, blank=True)
    sinds = models.DateField(_("sinds"), null=True, blank=True)
    actief = models.BooleanField(_("actief"), default=True)
    tot = models.DateField(
        _("tot"),
        null=True,
        blank=True,
        help_text=_(
            "De laatste dag als aandachtsfunctionaris. Leeg bij uitzetten: vandaag. Het "
            "jaarverslag telt zo ook wie later in het jaar is gestopt."
        ),
    )

    objects = BeperktManager(models.Manager.from_queryset(AandachtsfunctionarisQuerySet))

    class Meta:
        verbose_name = _("aandachtsfunctionaris")
        verbose_name_plural = _("aandachtsfunctionarissen")
        ordering = ["persoon__achternaam", "persoon__voornaam"]
        # The dashboard's fingerprint reads the latest change (kern.dashboard).
        indexes = [models.Index(fields=["gewijzigd_op"], name="af_gewijzigd_op")]
        constraints = [
            models.UniqueConstraint(
                "persoon",
                "organisatie",
                name="aandachtsfunctionaris_eenmaal_per_organisatie",
                violation_error_message=_(
                    "Deze persoon is al aandachtsfunctionaris bij deze organisatie."
                ),
            )
        ]

    def __str__(self):
        return f"{self.persoon} ({self.organisatie})"

    def save(self, *args, **kwargs):
        # Active has no end; stopping without a date stops today (the day it is recorded).
        if self.actief:
            self.tot = None
        elif self.tot is None:
            self.tot = timezone.localdate()
        velden = kwargs.get("update_fields")
        if velden is not None and "actief" in velden:
            kwargs["update_fields"] = {*velden, "tot"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.tot and self.sinds and self.tot < self.sinds:
            raise ValidationError({"tot": _("De einddatum ligt voor de begindatum (sinds).")})


class AandachtsfunctionarisLocatie(Gemeentegebonden):
    aandachtsfunctionaris = models.ForeignKey(Aandachtsfunctionaris, on_delete=models.CASCADE)
    locatie = models.ForeignKey(Locatie, on_delete=models.CASCADE, verbose_name=_("locatie"))

    class Meta:
        verbose_name = _("locatie van de aandachtsfunctionaris")
        verbose_name_plural = _("locaties van de aandachtsfunctionaris")
        constraints = [
            models.UniqueConstraint(
                "aandachtsfunctionaris", "locatie", name="aandachtsfunctionaris_locatie_uniek"
            )
        ]

    def __str__(self):
        return str(self.locatie)

    def save(self, *args, **kwargs):
        self.full_clean()
        super().save(*args, **kwargs)

    def clean(self):
        andere_organisatie = (
            self.locatie_id
            and self.aandachtsfunctionaris_id
            and self.locatie.organisatie_id != self.aandachtsfunctionaris.organisatie_id
        )
        if andere_organisatie:
            raise ValidationError(
                {"locatie": _("Deze locatie hoort niet bij de organisatie van deze persoon.")}
            )


class Betrokkenheid(models.TextChoices):
    KERN = "kern", _("Kern")
    ACTIEF = "actief", _("Actief")
    MINDER_ACTIEF = "minder_actief", _("Minder actief")
    WERKGROEPEN = "werkgroepen", _("Alleen in werkgroepen")


class Sleutelpersoon(Gemeentegebonden, Tijdstempels):
    persoon = models.OneToOneField(
        Persoon, on_delete=models.CASCADE, related_name="sleutelpersoon", verbose_name=_("persoon")
    )
    gemeenschappen = models.ManyToManyField(
        Gemeenschap, blank=True, related_name="sleutelpersonen", verbose_name=_("gemeenschappen")
    )
    wijken = models.ManyToManyField(
        Wijk, blank=True, related_name="sleutelpersonen", verbose_name=_("wijken")
    )
    achterban = models.TextField(_("achterban (wie vertegenwoordigt deze persoon)"), blank=True)
    geintroduceerd_door = models.ForeignKey(
        Persoon,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="introducties",
        verbose_name=_("geïntroduceerd door"),
    )
    betrokkenheid = models.CharField(
        _("betrokkenheid"),
        max_length=20,
        choices=Betrokkenheid.choices,
        default=Betrokkenheid.ACTIEF,
    )
    formele_rol = models.CharField(
        _("formele rol"),
        max_length=100,
        blank=True,
        help_text=_("Bijvoorbeeld jongerenwerker of wijkagent."),
    )
    op_de_achtergrond = models.BooleanField(
        _("op de achtergrond"),
        default=False,
        help_text=_("Wordt nooit getoond aan anderen dan de netwerkregisseur."),
    )
    sinds = models.DateField(_("sinds"), null=True, blank=True)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("sleutelpersoon")
        verbose_name_plural = _("sleutelpersonen")
        ordering = ["persoon__achternaam", "persoon__voornaam"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(geintroduceerd_door=F("persoon")),
                name="sleutelpersoon_introduceert_zichzelf_niet",
                violation_error_message=_("Een sleutelpersoon kan zichzelf niet introduceren."),
            )
        ]

    def __str__(self):
        return str(self.persoon)
