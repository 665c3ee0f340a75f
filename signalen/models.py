"""Signals (signalen) and what hangs on them: the history of their case flow, the texts per
phase, links between signals about the same person, and the log of who looked at them.

The rules live in ``signalen.services`` (filing, moving, answering, linking, anonymising) and
``signalen.casusverloop`` (the state machine). Changes to these models are recorded by
django-auditlog (registered at the bottom); views of a signal by ``Inzage``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from netwerk.models import Organisatie, SignaalCategorie, Wijk
from regio.models import Gemeentegebonden

from .casusverloop import Doorverwijzing, Fase

# The categories are shared with the convenants that cover them (netwerk).
Categorie = SignaalCategorie


class Betreft(models.TextChoices):
    PERSOON = "persoon", _("Een persoon")
    GROEP = "groep", _("Een groep")
    PLEK = "plek", _("Een plek")


class Urgentie(models.TextChoices):
    LAAG = "laag", _("Laag")
    NORMAAL = "normaal", _("Normaal")
    HOOG = "hoog", _("Hoog")


# What the reporter chooses from on the form (the short labels are for lists).
URGENTIE_UITLEG = {
    Urgentie.LAAG: _("Geen haast: graag meedenken"),
    Urgentie.NORMAAL: _("Graag deze week een reactie"),
    Urgentie.HOOG: _("Zo snel mogelijk (maar geen acuut gevaar: dan belt u 112)"),
}


class JaNeeOnbekend(models.TextChoices):
    JA = "ja", _("Ja")
    NEE = "nee", _("Nee")
    ONBEKEND = "onbekend", _("Weet ik niet")


class Signaal(Gemeentegebonden):
    referentie = models.CharField(_("referentie"), max_length=20, editable=False)
    melder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,  # emptied when the signal is anonymised
        blank=True,
        related_name="signalen",
        verbose_name=_("melder"),
    )
    melder_organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signalen",
        verbose_name=_("organisatie van de melder"),
    )
    categorie = models.CharField(_("soort zorg"), max_length=20, choices=Categorie.choices)
    waarneming = models.TextField(_("wat heeft u gezien of gehoord?"))
    waargenomen_op = models.DateField(_("wanneer"), null=True, blank=True)
    waargenomen_waar = models.CharField(_("waar"), max_length=250, blank=True)

    betreft = models.CharField(_("over wie of wat"), max_length=10, choices=Betreft.choices)
    persoon_naam = models.CharField(_("naam"), max_length=200, blank=True)
    persoon_geboortedatum = models.DateField(_("geboortedatum"), null=True, blank=True)
    persoon_leeftijd = models.PositiveSmallIntegerField(
        _("geschatte leeftijd"), null=True, blank=True
    )
    omschrijving_betrokkene = models.TextField(_("omschrijving van de groep of plek"), blank=True)
    wijk = models.ForeignKey(
        Wijk,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signalen",
        verbose_name=_("wijk"),
    )

    bekend_bij_zorg = models.CharField(
        _("bekend bij zorg of GGZ"),
        max_length=10,
        choices=JaNeeOnbekend.choices,
        default=JaNeeOnbekend.ONBEKEND,
    )
    context_school = models.TextField(_("school of werk"), blank=True)
    context_gezin = models.TextField(_("gezin en omgeving"), blank=True)
    zorg_melder = models.TextField(_("uw zorg"), blank=True)
    urgentie = models.CharField(
        _("urgentie"), max_length=10, choices=Urgentie.choices, default=Urgentie.NORMAAL
    )

    fase = models.CharField(
        _("fase"), max_length=30, choices=Fase.choices, default=Fase.INGEDIEND, db_index=True
    )
    fase_sinds = models.DateTimeField(_("in deze fase sinds"))
    ingediend_op = models.DateTimeField(_("ingediend op"), db_index=True)
    afgesloten_op = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    doorverwezen_naar = models.CharField(
        _("doorverwezen naar"), max_length=20, choices=Doorverwijzing.choices, blank=True
    )
    # HMAC of the normalised name and date of birth (signalen.koppelen); never the name itself.
    persoon_sleutel = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # While monitoring: when the regisseur looks again (services.signaal_verplaatsen sets it on
    # the move to monitoren, clears it on the move away; selectors.te_herzien).
    herzien_op = models.DateField(_("herzien op"), null=True, blank=True, editable=False)
    geanonimiseerd_op = models.DateTimeField(
        _("geanonimiseerd op"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-ingediend_op"]
        indexes = [models.Index(fields=["fase", "fase_sinds"], name="signaal_fase_sinds")]
        constraints = [
            models.UniqueConstraint("gemeente", "referentie", name="signaal_referentie_uniek")
        ]

    def __str__(self):
        return self.referentie

    @property
    def is_afgesloten(self) -> bool:
        return self.fase == Fase.AFGESLOTEN


class Referentieteller(Gemeentegebonden):
    """The last number handed out per year, locked while a signal is filed (no gaps from
    races, no reuse): S-2026-0042."""

    jaar = models.PositiveSmallIntegerField()
    laatste = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint("gemeente", "jaar", name="referentieteller_per_jaar")
        ]

    def __str__(self):
        return f"{self.jaar}: {self.laatste}"


class Overgang(Gemeentegebonden):
    """One step in a signal's history: who moved it from which phase to which, with a note.

    The reporter's answer to a question is also an Overgang (aanvulling_gevraagd ->
    in_behandeling, ``door`` the reporter). ``voor_melder`` says whether the reporter may read
    the note; assessment notes are never shown to the reporter.
    """

    signaal = models.ForeignKey(
        Signaal, on_delete=models.CASCADE, related_name="overgangen", verbose_name=_("signaal")
    )
    van = models.CharField(_("van"), max_length=30, choices=Fase.choices, blank=True)
    naar = models.CharField(_("naar"), max_length=30, choices=Fase.choices)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    op = models.DateTimeField(_("op"), db_index=True)
    notitie = models.TextField(_("notitie"), blank=True)
    voor_melder = models.BooleanField(_("zichtbaar voor de melder"), default=False)
    is_antwoord_melder = models.BooleanField(_("antwoord van de melder"), default=False)
    doorverwezen_naar = models.CharField(
        _("doorverwezen naar"), max_length=20, choices=Doorverwijzing.choices, blank=True
    )

    class Meta:
        verbose_name = _("stap in het casusverloop")
        verbose_name_plural = _("verloop")
        ordering = ["op", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(van=F("naar")), name="overgang_verandert_fase")
        ]
        # The yearly report: the steps to one phase (closed, referred) in a year.
        indexes = [models.Index(fields=["naar", "op"], name="overgang_naar_op")]

    def __str__(self):
        return f"{self.get_van_display() or '—'} → {self.get_naar_display()}"


class Fasebeschrijving(Gemeentegebonden):
    """What the reporter is told about a phase, and how long it is expected to take.

    One row per phase, made by a data migration; the regisseur edits the texts and durations for
    the local practice, never which phases exist or how they connect.
    """

    fase = models.CharField(_("fase"), max_length=30, choices=Fase.choices)
    uitleg = models.TextField(
        _("wat er nu gebeurt"),
        help_text=_("Voor de melder: wat gebeurt er in deze fase en wie doet wat?"),
    )
    verwachting = models.TextField(
        _("wat u kunt verwachten"),
        blank=True,
        help_text=_("Voor de melder: wat kan er op hem of haar afkomen?"),
    )
    verwachte_duur_dagen = models.PositiveSmallIntegerField(
        _("verwachte duur (dagen)"),
        null=True,
        blank=True,
        help_text=_("Hoe lang een signaal gewoonlijk in deze fase blijft. Leeg: geen termijn."),
    )

    class Meta:
        verbose_name = _("fasebeschrijving")
        verbose_name_plural = _("casusverloop: teksten per fase")
        constraints = [
            models.UniqueConstraint("gemeente", "fase", name="fasebeschrijving_fase_uniek")
        ]

    def __str__(self):
        return self.get_fase_display()


class KoppelingStatus(models.TextChoices):
    MOGELIJK = "mogelijk", _("Mogelijk (zelfde naam en geboortedatum)")
    GEKOPPELD = "gekoppeld", _("Gekoppeld")
    ONTKOPPELD = "ontkoppeld", _("Ontkoppeld (geen verband)")


class Koppeling(Gemeentegebonden):
    """A link between two signals (kruisverband). Stored once per pair, lowest id first.

    A possible link is found by the keyed hash; the regisseur confirms or rejects it, or links
    two signals by hand. A rejected link stays (ontkoppeld) so it is not proposed again.
    """

    signaal_a = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="+")
    signaal_b = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=KoppelingStatus.choices, db_index=True
    )
    handmatig = models.BooleanField(_("met de hand gekoppeld"), default=False)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")
        constraints = [
            models.UniqueConstraint("signaal_a", "signaal_b", name="koppeling_eenmaal_per_paar"),
            models.CheckConstraint(
                condition=Q(signaal_a__lt=F("signaal_b")), name="koppeling_a_voor_b"
            ),
        ]

    def __str__(self):
        return f"{self.signaal_a_id} ↔ {self.signaal_b_id}"


class Auditregel(Gemeentegebonden):
    """What the audit logs of signals record of every look: who, when and from which address
    (``kern.clientadres``: the connection's own, or what a trusted proxy saw)."""

    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    op = models.DateTimeField(_("op"), auto_now_add=True, db_index=True)
    ip_adres = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-op"]

    def __str__(self):
        return f"{self.door_id} {self.op:%Y-%m-%d %H:%M}"


class Inzage(Auditregel):
    """Someone looked at a signal's details: who, when, from where, on which page.

    Written for every view of the details, on the site and in /beheer/. Never changed or
    deleted through the application; kept when the signal is anonymised (it holds no content).
    """

    class Waar(models.TextChoices):
        SITE = "site", _("Site")
        BEHEER = "beheer", _("Beheer")

    signaal = models.ForeignKey(
        Signaal, on_delete=models.PROTECT, related_name="inzagen", verbose_name=_("signaal")
    )
    # Emptied for the reporter's own views when the signal is anonymised.
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("door"),
    )
    waar = models.CharField(_("waar"), max_length=10, choices=Waar.choices)
    pagina = models.CharField(_("pagina"), max_length=200)

    class Meta(Auditregel.Meta):
        verbose_name = _("inzage")
        verbose_name_plural = _("inzagen")

    def __str__(self):
        return f"{self.signaal_id} {super().__str__()}"


class Zoekopdracht(Auditregel):
    """Someone searched the signal list: who, when, from where, how many hits.

    The term itself is not kept (it is usually a name, and would outlive the retention of the
    signals); its keyed hash is, so the question "did anyone look for this person?" can still
    be answered by hashing the name again (signalen.koppelen.zoekterm_sleutel).
    """

    zoekterm_sleutel = models.CharField(max_length=64, db_index=True, editable=False)
    aantal = models.PositiveIntegerField(_("aantal gevonden"))

    class Meta(Auditregel.Meta):
        verbose_name = _("zoekopdracht in signalen")
        verbose_name_plural = _("zoekopdrachten in signalen")


class DelingIntrekking(models.TextChoices):
    HANDMATIG = "handmatig", _("Ingetrokken door de netwerkregisseur")
    CONVENANT_NIET_IN_WERKING = "convenant", _("Convenant niet meer van kracht")
    GEEN_PARTIJ = "partij", _("Organisatie of gemeente geen partij meer")
    ORGANISATIE = "organisatie", _("Organisatie niet meer actief")
    CATEGORIE = "categorie", _("Categorie valt niet meer onder het convenant")
    GEANONIMISEERD = "geanonimiseerd", _("Signaal geanonimiseerd")


class Deling(Gemeentegebonden):
    """A signal shared with an organisation under a convenant: who, what, with whom, when.

    While active it grants the organisation's group django-guardian's view permission on the
    signal (signalen.delen); revoking it takes that away. Never deleted: it is the answer to
    "who has my data?".
    """

    signaal = models.ForeignKey(
        Signaal, on_delete=models.PROTECT, related_name="delingen", verbose_name=_("signaal")
    )
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    convenant = models.ForeignKey(
        "netwerk.Convenant",
        on_delete=models.PROTECT,
        related_name="delingen",
        verbose_name=_("convenant"),
    )
    gedeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gedeeld door"),
    )
    gedeeld_op = models.DateTimeField(_("gedeeld op"), auto_now_add=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingetrokken door"),
    )
    reden_intrekking = models.CharField(
        _("reden"), max_length=20, choices=DelingIntrekking.choices, blank=True
    )

    class Meta:
        verbose_name = _("deling")
        verbose_name_plural = _("delingen")
        ordering = ["-gedeeld_op"]
        constraints = [
            models.UniqueConstraint(
                "signaal",
                "organisatie",
                condition=Q(ingetrokken_op__isnull=True),
                name="deling_eenmaal_actief",
                violation_error_message=_("Dit signaal is al gedeeld met deze organisatie."),
            )
        ]

    def __str__(self):
        # No reference or organisation: this text shows up in places (the delete confirmation
        # of an account) that are not the regisseur's.
        return f"Deling {self.pk}"

    @property
    def actief(self) -> bool:
        return self.ingetrokken_op is None


class RegionaleOvereenkomst(Gemeentegebonden):
    """The audit of a "hit, no content" notice (signalen.overeenkomsten): one of this gemeente's
    signals seemed to be about the same person as an open signal in another gemeente of the
    region, and this gemeente's regisseurs were told so, with that gemeente's name and its
    regisseurs' contact. The other gemeente keeps its own row; neither holds anything of the
    other's signal."""

    signaal = models.ForeignKey(
        Signaal,
        on_delete=models.CASCADE,
        related_name="regionale_overeenkomsten",
        verbose_name=_("signaal"),
    )
    andere_gemeente = models.ForeignKey(
        "regio.Gemeente",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("andere gemeente"),
    )
    op = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    gemeld_aan = models.TextField(
        _("gemeld aan"), help_text=_("De regisseurs die het bericht kregen.")
    )

    class Meta:
        verbose_name = _("regionale overeenkomst")
        verbose_name_plural = _("regionale overeenkomsten")
        ordering = ["-op"]
        constraints = [
            models.UniqueConstraint(
                "gemeente", "signaal", "andere_gemeente", name="regionale_overeenkomst_eenmaal"
            )
        ]

    def __str__(self):
        return f"{self.signaal_id} ~ {self.andere_gemeente_id}"


# The change log (who changed what, when, from where) comes from django-auditlog; the
# AuditlogMiddleware fills in the actor and address. Anonymisation scrubs these entries too.
from auditlog.registry import auditlog  # noqa: E402

auditlog.register(Signaal)
auditlog.register(Overgang)
auditlog.register(Koppeling)
auditlog.register(Fasebeschrijving)
auditlog.register(Deling)
