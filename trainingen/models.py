"""Trainings: kinds of training (Trainingssoort) and their editions (Editie) with one or more
days (Trainingsdag), and one enrolment per person per edition (Inschrijving) with a waiting list.

Each training day is a ``bijeenkomsten.Bijeenkomst`` without a network, so invitations, personal
links, the .ics, reminders, changes, cancellation and attendance are the meetings' own. The rules
live in ``trainingen.services`` (enrolment, waiting list, mixed groups, attendance, terugkomdagen)
and ``trainingen.geldigheid`` (who is trained, who is due, coverage).
"""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bijeenkomsten.models import Bijeenkomst
from netwerk.models import Domein, Persoon
from regio.models import Gemeentegebonden


class Rol(models.TextChoices):
    """What a kind of training means to the rules; most kinds have none."""

    BASISTRAINING = "basistraining", _("De basistraining (wie moet getraind zijn)")
    TERUGKOMDAG = "terugkomdag", _("De terugkomdag (twee keer per jaar gepland)")


class Trainingssoort(Gemeentegebonden):
    naam = models.CharField(_("naam"), max_length=150)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    doelgroep = models.CharField(
        _("voor wie"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld: aandachtsfunctionarissen, baliemedewerkers, wijkagenten."),
    )
    domeinen = models.JSONField(
        _("bedoeld voor de domeinen"),
        default=list,
        blank=True,
        help_text=_(
            "Leeg: voor iedereen. Anders tellen alleen aandachtsfunctionarissen in deze domeinen "
            "mee: in het groepsvoorstel, bij wie nog getraind moet worden en in de dekking."
        ),
    )
    geldig_maanden = models.PositiveSmallIntegerField(
        _("geldig (maanden)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, _("Minstens 1 maand; leeg: blijft geldig."))],
        help_text=_("Na zoveel maanden is een opfrissing nodig. Leeg: blijft geldig."),
    )
    verlengt = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="verlengd_door",
        verbose_name=_("verlengt de geldigheid van"),
        help_text=_(
            "Wie deze training volgt, is weer bij voor die training. De terugkomdag verlengt "
            "de basistraining."
        ),
    )
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices, blank=True)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("soort training")
        verbose_name_plural = _("soorten training")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                "gemeente",
                "naam",
                name="trainingssoort_naam_uniek",
                violation_error_message=_("Er is al een soort training met deze naam."),
            ),
            models.UniqueConstraint(
                "gemeente",
                "rol",
                condition=~Q(rol=""),
                name="trainingssoort_rol_eenmaal",
                violation_error_message=_("Er is al een soort training met deze rol."),
            ),
        ]

    def __str__(self):
        return self.naam

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        onbekend = set(self.domeinen or []) - set(Domein.values)
        if onbekend:
            raise ValidationError({"domeinen": _("Onbekend domein: %s") % ", ".join(onbekend)})
        if self.verlengt_id and self.pk and self.verlengt_id == self.pk:
            raise ValidationError({"verlengt": _("Een training verlengt zichzelf niet.")})
        # One step only: a refresher renews a training that renews nothing itself. A chain (or a
        # loop) would leave nobody to propose for a group.
        if self.verlengt_id and self.verlengt.verlengt_id:
            raise ValidationError(
                {
                    "verlengt": _(
                        "%(soort)s verlengt zelf al een andere training; kies de training die "
                        "het verlengt."
                    )
                    % {"soort": self.verlengt}
                }
            )
        if self.verlengt_id and self.pk and self.verlengd_door.exists():
            raise ValidationError(
                {
                    "verlengt": _(
                        "Deze training wordt zelf verlengd door %(door)s; een opfrissing van een "
                        "opfrissing kan niet."
                    )
                    % {"door": ", ".join(str(s) for s in self.verlengd_door.all())}
                }
            )


class EditieStatus(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    GEANNULEERD = "geannuleerd", _("Geannuleerd")


class Editie(Gemeentegebonden):
    """One run of a kind of training: its days, place, trainer and capacity."""

    soort = models.ForeignKey(
        Trainingssoort, on_delete=models.PROTECT, related_name="edities", verbose_name=_("soort")
    )
    titel = models.CharField(
        _("titel"), max_length=200, blank=True, help_text=_("Leeg: de naam van de soort.")
    )
    locatie = models.CharField(_("plaats"), max_length=250)
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    capaciteit = models.PositiveSmallIntegerField(
        _("aantal plaatsen"),
        validators=[MinValueValidator(1, _("Er moet minstens één plaats zijn."))],
    )
    max_per_organisatie = models.PositiveSmallIntegerField(
        _("hoogstens per organisatie"),
        default=2,
        help_text=_("Voor het groepsvoorstel: gemengde groepen, niet te veel van één organisatie."),
    )
    omschrijving = models.TextField(_("programma"), blank=True)
    inschrijving_open = models.BooleanField(
        _("professionals kunnen zich inschrijven"), default=True
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EditieStatus.choices,
        default=EditieStatus.GEPLAND,
        db_index=True,
    )
    # The gemeente's copy of a regional training (``trainingen.regionaal``): what the region
    # decides (kind, title, place, trainer, programme, days, places) follows the region.
    regionale_editie = models.ForeignKey(
        "RegionaleEditie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kopieen",
        editable=False,
        verbose_name=_("regionale training"),
    )
    # A terugkomdag made by the yearly plan: its month, so the plan never makes it twice.
    plan_maand = models.DateField(_("terugkomdag van de maand"), null=True, blank=True)
    # Cached from the days (services.data_bijwerken): the edition's first and last day.
    eerste_dag = models.DateField(_("eerste dag"), null=True, blank=True, editable=False)
    laatste_dag = models.DateField(_("laatste dag"), null=True, blank=True, editable=False)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("editie")
        verbose_name_plural = _("edities")
        ordering = ["eerste_dag", "pk"]
        constraints = [
            models.UniqueConstraint("gemeente", "plan_maand", name="editie_plan_maand_uniek"),
            # One copy in force per gemeente of a regional training (a cancelled one is kept).
            models.UniqueConstraint(
                "gemeente",
                "regionale_editie",
                condition=Q(regionale_editie__isnull=False) & ~Q(status="geannuleerd"),
                name="editie_regionale_kopie_eenmaal",
            ),
            models.CheckConstraint(
                condition=Q(capaciteit__gte=1),
                name="editie_capaciteit_positief",
                violation_error_message=_("Er moet minstens één plaats zijn."),
            ),
            models.CheckConstraint(
                condition=Q(max_per_organisatie__gte=1),
                name="editie_max_per_organisatie",
                violation_error_message=_("Hoogstens per organisatie is minstens 1."),
            ),
        ]

    def __str__(self):
        naam = self.titel or self.soort.naam
        if self.eerste_dag:
            return f"{naam} ({self.eerste_dag:%d-%m-%Y})"
        return naam

    @property
    def naam(self) -> str:
        return self.titel or self.soort.naam

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        for veld in ("titel", "locatie", "trainer"):
            if any(c in (getattr(self, veld) or "") for c in "\r\n\t"):
                raise ValidationError({veld: _("Eén regel tekst, zonder regeleinden.")})

    @property
    def is_geannuleerd(self) -> bool:
        return self.status == EditieStatus.GEANNULEERD

    @property
    def is_regionaal(self) -> bool:
        return self.regionale_editie_id is not None


class Trainingsdag(Gemeentegebonden):
    """A day of an edition: a meeting without a network, so its invitations, reminders and
    attendance are the meetings' own."""

    editie = models.ForeignKey(Editie, on_delete=models.CASCADE, related_name="dagen")
    volgnummer = models.PositiveSmallIntegerField(_("dag"))
    datum = models.DateField(_("datum"))
    begintijd = models.TimeField(_("begintijd"))
    eindtijd = models.TimeField(_("eindtijd"))
    # Made and kept in step by services.dag_opslaan.
    bijeenkomst = models.OneToOneField(
        Bijeenkomst,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainingsdag",
        editable=False,
    )

    class Meta:
        verbose_name = _("trainingsdag")
        verbose_name_plural = _("trainingsdagen")
        ordering = ["editie", "volgnummer"]
        constraints = [
            models.UniqueConstraint("editie", "volgnummer", name="trainingsdag_volgnummer_uniek"),
            models.CheckConstraint(
                condition=Q(eindtijd__gt=F("begintijd")),
                name="trainingsdag_eind_na_begin",
                violation_error_message=_("De eindtijd ligt niet na de begintijd."),
            ),
        ]

    def __str__(self):
        return f"{self.editie.naam} — dag {self.volgnummer}"


class InschrijvingStatus(models.TextChoices):
    UITGENODIGD = "uitgenodigd", _("Uitgenodigd, nog niet ingeschreven")
    INGESCHREVEN = "ingeschreven", _("Ingeschreven")
    WACHTLIJST = "wachtlijst", _("Op de wachtlijst")
    AFGEMELD = "afgemeld", _("Afgemeld")


class Bron(models.TextChoices):
    ZELF = "zelf", _("Zelf ingeschreven")
    REGISSEUR = "regisseur", _("Ingedeeld door de netwerkregisseur")
    TERUGKOMDAGPLAN = "plan", _("Uitgenodigd voor de terugkomdag")


def nieuw_token() -> str:
    return secrets.token_urlsafe(32)


class Inschrijving(Gemeentegebonden):
    """One person's place in one edition: invited, enrolled, waiting or cancelled. A person has
    at most one row per edition; signing up again after cancelling reuses it."""

    editie = models.ForeignKey(
        Editie, on_delete=models.CASCADE, related_name="inschrijvingen", verbose_name=_("editie")
    )
    persoon = models.ForeignKey(
        Persoon,
        on_delete=models.PROTECT,
        related_name="inschrijvingen",
        verbose_name=_("persoon"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=InschrijvingStatus.choices, db_index=True
    )
    bron = models.CharField(_("hoe"), max_length=10, choices=Bron.choices, default=Bron.ZELF)
    # The personal link in the e-mails: sign up or cancel without logging in.
    token = models.CharField(max_length=64, unique=True, default=nieuw_token, editable=False)
    # The waiting list is served in this order (first come, first served).
    wachtlijst_sinds = models.DateTimeField(_("op de wachtlijst sinds"), null=True, blank=True)
    ingeschreven_op = models.DateTimeField(_("ingeschreven op"), null=True, blank=True)
    afgemeld_op = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    doorgeschoven_op = models.DateTimeField(
        _("van de wachtlijst doorgeschoven op"), null=True, blank=True
    )
    # Set when every day of the edition was attended (services.voltooiing_bijwerken).
    voltooid_op = models.DateField(_("voltooid op"), null=True, blank=True, db_index=True)
    # Grows with every change of status: part of the outbox key of the message about it.
    versie = models.PositiveIntegerField(default=0, editable=False)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        ordering = ["editie", "persoon__achternaam", "persoon__voornaam"]
        constraints = [
            models.UniqueConstraint(
                "editie",
                "persoon",
                name="inschrijving_eenmaal_per_persoon",
                violation_error_message=_("Deze persoon staat al bij deze editie."),
            ),
            models.CheckConstraint(
                condition=Q(voltooid_op__isnull=True) | Q(status="ingeschreven"),
                name="inschrijving_voltooid_is_ingeschreven",
            ),
            models.CheckConstraint(
                condition=~Q(status="wachtlijst") | Q(wachtlijst_sinds__isnull=False),
                name="inschrijving_wachtlijst_heeft_volgorde",
            ),
        ]
        indexes = [models.Index(fields=["editie", "status", "wachtlijst_sinds"])]

    def __str__(self):
        return f"{self.persoon} — {self.editie}"


# --- The region's trainings (``trainingen.regionaal``, docs/regio.md) ----------------------------
# Not per gemeente and without personal data: what the regiocoördinator offers, to which
# gemeenten, with how many places each. Every offered gemeente gets its own ordinary ``Editie``
# (``Editie.regionale_editie``), where its regisseur enrols its own people.


class RegionaleEditie(models.Model):
    """A training the regiocoördinator offers to the gemeenten of the region."""

    soort = models.CharField(_("soort training"), max_length=30)
    titel = models.CharField(
        _("titel"), max_length=200, blank=True, help_text=_("Leeg: de naam van de soort.")
    )
    locatie = models.CharField(_("plaats"), max_length=250)
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    omschrijving = models.TextField(_("programma"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EditieStatus.choices,
        default=EditieStatus.GEPLAND,
        db_index=True,
    )
    eerste_dag = models.DateField(_("eerste dag"), null=True, blank=True, editable=False)
    laatste_dag = models.DateField(_("laatste dag"), null=True, blank=True, editable=False)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("regionale training")
        verbose_name_plural = _("regionale trainingen")
        ordering = ["-eerste_dag", "-pk"]

    def __str__(self):
        return self.naam

    @property
    def naam(self) -> str:
        from .regionaal import soortnaam

        return self.titel or soortnaam(self.soort)

    @property
    def is_geannuleerd(self) -> bool:
        return self.status == EditieStatus.GEANNULEERD


class RegionaleTrainingsdag(models.Model):
    regionale_editie = models.ForeignKey(
        RegionaleEditie, on_delete=models.CASCADE, related_name="dagen"
    )
    volgnummer = models.PositiveSmallIntegerField(_("dag"))
    datum = models.DateField(_("datum"))
    begintijd = models.TimeField(_("begintijd"))
    eindtijd = models.TimeField(_("eindtijd"))

    class Meta:
        verbose_name = _("dag van een regionale training")
        verbose_name_plural = _("dagen van een regionale training")
        ordering = ["regionale_editie", "volgnummer"]
        constraints = [
            models.UniqueConstraint(
                "regionale_editie", "volgnummer", name="regionale_dag_volgnummer_uniek"
            ),
            models.CheckConstraint(
                condition=Q(eindtijd__gt=F("begintijd")),
                name="regionale_dag_eind_na_begin",
                violation_error_message=_("De eindtijd ligt niet na de begintijd."),
            ),
        ]

    def __str__(self):
        return f"{self.regionale_editie.naam} — dag {self.volgnummer}"


class RegionaalAanbod(models.Model):
    """The places of one gemeente in a regional training."""

    regionale_editie = models.ForeignKey(
        RegionaleEditie, on_delete=models.CASCADE, related_name="aanbod"
    )
    gemeente = models.ForeignKey(
        "regio.Gemeente", on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    plaatsen = models.PositiveSmallIntegerField(
        _("plaatsen"), validators=[MinValueValidator(1, _("Minstens één plaats."))]
    )

    class Meta:
        verbose_name = _("plaatsen van een gemeente")
        verbose_name_plural = _("plaatsen per gemeente")
        ordering = ["gemeente__naam"]
        constraints = [
            models.UniqueConstraint(
                "regionale_editie", "gemeente", name="regionaal_aanbod_eenmaal_per_gemeente"
            ),
            models.CheckConstraint(
                condition=Q(plaatsen__gte=1), name="regionaal_aanbod_plaatsen_positief"
            ),
        ]

    def __str__(self):
        return f"{self.regionale_editie} — {self.gemeente}"
