"""The registry of the network (DESIGN.md, "Ubiquitous language").

Rules that protect the data live here or in the database (constraints), each with a Dutch
message; ``netwerk.services`` holds the operations (anonymise, give an account, import rules).
Formal and informal networks are never mixed: see ``netwerk.selectors``.
"""

import unicodedata
import uuid
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from pypdf import PdfReader


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


class Wijk(models.Model):
    naam = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                Lower("naam"),
                name="wijk_naam_uniek",
                violation_error_message=_("Deze wijk bestaat al."),
            )
        ]

    def __str__(self):
        return self.naam


class Gemeenschap(models.Model):
    naam = models.CharField(_("naam"), max_length=100)
    omschrijving = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("gemeenschap")
        verbose_name_plural = _("gemeenschappen")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                Lower("naam"),
                name="gemeenschap_naam_uniek",
                violation_error_message=_("Deze gemeenschap bestaat al."),
            )
        ]

    def __str__(self):
        return self.naam


class Organisatie(Tijdstempels):
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
                Lower("naam"),
                name="organisatie_naam_uniek",
                violation_error_message=_("Er bestaat al een organisatie met deze naam."),
            ),
            models.UniqueConstraint(
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


class Locatie(Tijdstempels):
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


class Persoon(Tijdstempels):
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
        constraints = [
            models.UniqueConstraint(
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


class Aandachtsfunctionaris(Tijdstempels):
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

    objects = AandachtsfunctionarisQuerySet.as_manager()

    class Meta:
        verbose_name = _("aandachtsfunctionaris")
        verbose_name_plural = _("aandachtsfunctionarissen")
        ordering = ["persoon__achternaam", "persoon__voornaam"]
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


class AandachtsfunctionarisLocatie(models.Model):
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


class Sleutelpersoon(Tijdstempels):
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


class Thema(models.TextChoices):
    RADICALISERING = "radicalisering", _("Radicalisering")
    POLARISATIE = "polarisatie", _("Polarisatie")
    ONDERMIJNING = "ondermijning", _("Ondermijning")
    ANDERS = "anders", _("Anders")


class NetwerkSoort(models.TextChoices):
    FORMEEL = "formeel", _("Formeel (professionals)")
    INFORMEEL = "informeel", _("Informeel (gemeenschap)")


class Netwerk(Tijdstempels):
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


class Lidmaatschap(Tijdstempels):
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


class Werkgroep(Tijdstempels):
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


class Werkgroeplid(models.Model):
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


class Contactmoment(Tijdstempels):
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
        indexes = [models.Index(fields=["persoon", "-datum"], name="contactmoment_persoon_datum")]

    def __str__(self):
        return f"{self.datum:%d-%m-%Y} {self.get_soort_display()} — {self.persoon}"

    def clean(self):
        super().clean()
        if self.datum and self.datum > timezone.localdate():
            raise ValidationError({"datum": _("Een contactmoment kan niet in de toekomst liggen.")})


# --- Convenanten ----------------------------------------------------------------------------------


class ConvenantStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    VAN_KRACHT = "van_kracht", _("Van kracht")
    BEEINDIGD = "beeindigd", _("Beëindigd")


def convenant_pad(instance, bestandsnaam: str) -> str:
    """Never the uploaded name: a random one, so a name says nothing and cannot be guessed."""
    return f"convenanten/{uuid.uuid4().hex}.pdf"


MAX_DOCUMENT_MB = 10


def pdf_controleren(bestand) -> None:
    """A signed convenant is a PDF: judged by its content (the PDF header and end marker),
    never by its name or the browser's content type, and at most ``MAX_DOCUMENT_MB``."""
    if bestand.size > MAX_DOCUMENT_MB * 1024 * 1024:
        raise ValidationError(_("Het document is groter dan %(mb)d MB.") % {"mb": MAX_DOCUMENT_MB})
    bestand.seek(0)
    begin = bestand.read(1024)
    bestand.seek(max(bestand.size - 2048, 0))
    einde = bestand.read(2048)
    bestand.seek(0)
    geen_pdf = ValidationError(
        _("Dit bestand is geen pdf. Upload het ondertekende convenant als pdf.")
    )
    if not begin.lstrip(b"\r\n\t ").startswith(b"%PDF-") or b"%%EOF" not in einde:
        raise geen_pdf
    # The markers can be faked around any content: the document must also parse as a PDF with
    # at least one page.
    try:
        paginas = len(PdfReader(bestand, strict=False).pages)
    except Exception:  # pypdf raises many kinds of errors on a broken file
        paginas = 0
    finally:
        bestand.seek(0)
    if paginas < 1:
        raise geen_pdf


class ConvenantQuerySet(models.QuerySet):
    def in_werking(self, op=None):
        """In force on ``op`` (default today): signed (van kracht) and within its dates."""
        op = op or timezone.localdate()
        return self.filter(status=ConvenantStatus.VAN_KRACHT, geldig_van__lte=op).filter(
            Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=op)
        )


class Convenant(Tijdstempels):
    """A signed data-sharing agreement. Signals reach a partner organisation only under one
    (signalen.delen): in force, with the gemeente and that organisation as parties, and
    covering the signal's category."""

    naam = models.CharField(_("naam"), max_length=200)
    doel = models.TextField(_("doel"), help_text=_("Waarvoor mogen de partijen gegevens delen?"))
    partijen = models.ManyToManyField(
        Organisatie,
        through="Convenantpartij",
        related_name="convenanten",
        verbose_name=_("partijen"),
    )
    melder_identiteit_delen = models.BooleanField(
        _("identiteit van de melder mag gedeeld worden"),
        default=False,
        help_text=_("Uit: partners zien niet wie het signaal heeft gemeld."),
    )
    geldig_van = models.DateField(_("geldig van"))
    geldig_tot = models.DateField(
        _("geldig tot en met"), null=True, blank=True, help_text=_("Leeg: voor onbepaalde tijd.")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ConvenantStatus.choices,
        default=ConvenantStatus.CONCEPT,
        db_index=True,
    )
    document = models.FileField(
        _("ondertekend document (pdf)"),
        upload_to=convenant_pad,
        blank=True,
        max_length=200,
        validators=[pdf_controleren],
        help_text=_("Alleen pdf, hoogstens 10 MB. Alleen de netwerkregisseur kan het openen."),
    )

    objects = ConvenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("convenant")
        verbose_name_plural = _("convenanten")
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=F("geldig_van")),
                name="convenant_tot_na_van",
                violation_error_message=_("‘Geldig tot’ ligt vóór ‘geldig van’."),
            )
        ]

    def __str__(self):
        return self.naam

    def in_werking_op(self, op=None) -> bool:
        op = op or timezone.localdate()
        return (
            self.status == ConvenantStatus.VAN_KRACHT
            and self.geldig_van <= op
            and (self.geldig_tot is None or self.geldig_tot >= op)
        )

    def clean(self):
        super().clean()
        if self.status == ConvenantStatus.VAN_KRACHT and not self.document:
            raise ValidationError(
                {"document": _("Een convenant dat van kracht is, heeft een ondertekend document.")}
            )


class Convenantpartij(models.Model):
    convenant = models.ForeignKey(Convenant, on_delete=models.CASCADE, related_name="partijrijen")
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    toegevoegd_op = models.DateTimeField(_("partij sinds"), auto_now_add=True)

    class Meta:
        verbose_name = _("partij")
        verbose_name_plural = _("partijen")
        constraints = [
            models.UniqueConstraint(
                "convenant",
                "organisatie",
                name="convenantpartij_eenmaal",
                violation_error_message=_("Deze organisatie is al partij bij dit convenant."),
            )
        ]

    def __str__(self):
        return str(self.organisatie)


class ConvenantCategorie(models.Model):
    """A category of signals the convenant covers."""

    convenant = models.ForeignKey(Convenant, on_delete=models.CASCADE, related_name="categorieen")
    categorie = models.CharField(_("categorie"), max_length=20, choices=SignaalCategorie.choices)

    class Meta:
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")
        constraints = [
            models.UniqueConstraint("convenant", "categorie", name="convenantcategorie_eenmaal")
        ]

    def __str__(self):
        return self.get_categorie_display()


class ConvenantDocument(models.Model):
    """An earlier signed document of a convenant, kept when a newer one replaced it (or it was
    taken off): what was signed while signals were shared under the convenant must always be
    shown, so these are never deleted (``netwerk.convenanten.document_vervangen``)."""

    convenant = models.ForeignKey(
        Convenant,
        on_delete=models.PROTECT,
        related_name="eerdere_documenten",
        verbose_name=_("convenant"),
    )
    document = models.FileField(
        _("ondertekend document (pdf)"),
        upload_to=convenant_pad,
        max_length=200,
        validators=[pdf_controleren],
    )
    van = models.DateTimeField(_("huidig document van"))
    tot = models.DateTimeField(_("vervangen op"))
    vervangen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vervangen door"),
    )

    class Meta:
        verbose_name = _("eerder ondertekend document")
        verbose_name_plural = _("eerder ondertekende documenten")
        ordering = ["tot", "pk"]
        constraints = [
            models.UniqueConstraint("document", name="convenantdocument_eenmaal"),
            models.CheckConstraint(
                condition=Q(tot__gte=F("van")),
                name="convenantdocument_tot_na_van",
                violation_error_message=_("‘Vervangen op’ ligt vóór ‘huidig document van’."),
            ),
        ]

    def __str__(self):
        return f"{self.convenant}: {self.document.name}"


# Convenants decide what may be shared: every change is in the change log (django-auditlog).
from auditlog.registry import auditlog  # noqa: E402

auditlog.register(Convenant, exclude_fields=["gewijzigd_op"])
auditlog.register(Convenantpartij)
auditlog.register(ConvenantCategorie)
auditlog.register(ConvenantDocument)
auditlog.register(Organisatie, include_fields=["naam", "actief", "is_gemeente", "groep"])
