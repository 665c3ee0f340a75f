"""Convenanten: signed data-sharing agreements, their parties, categories and earlier documents."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader

from regio.models import Gemeentegebonden
from regio.scope import BeperktManager

from .register import Organisatie, SignaalCategorie, Tijdstempels


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


class Convenant(Gemeentegebonden, Tijdstempels):
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

    objects = BeperktManager(models.Manager.from_queryset(ConvenantQuerySet))

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


class Convenantpartij(Gemeentegebonden):
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


class ConvenantCategorie(Gemeentegebonden):
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


class ConvenantDocument(Gemeentegebonden):
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
