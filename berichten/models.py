"""The e-mail outbox: every message the application sends is first a row here.

A row is written in the same database transaction as the change that causes it, so a message
exists exactly when that change was committed. Workers send due rows and mark them sent (see
``berichten.services``). Rows hold addresses and subjects; callers never put signal content in
them.

States: ``wachtend`` (to be sent, perhaps after a failed attempt), ``verstuurd``, ``mislukt``
(given up: the mail server refused it for good, or too many attempts failed; the regisseur can
retry), ``gemist`` (not sent because its ``verlopen_na`` passed first: a reminder for a
meeting that had begun) and ``ingetrokken`` (not sent because what it was about no longer
applies: a notification about a signal that was anonymised or a share that was revoked
(``services.berichten_intrekken``), or a password link for an account that is no longer active
(``opmaak``)). Only ``wachtend`` rows are ever sent.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regio.scope import BeperktManager, gemeente_of_none


class Bericht(models.Model):
    class Status(models.TextChoices):
        WACHTEND = "wachtend", _("Wachtend")
        VERSTUURD = "verstuurd", _("Verstuurd")
        MISLUKT = "mislukt", _("Mislukt")
        # Too late: its moment (``verlopen_na``) passed before it could be sent, so it was not.
        GEMIST = "gemist", _("Gemist")
        # Withdrawn: what it was about no longer applies (an anonymised signal, a revoked share,
        # an account no longer active), so it was not sent and never will be.
        INGETROKKEN = "ingetrokken", _("Ingetrokken")

    # The gemeente the message is sent for; its regisseur and beheerder see it in /beheer/
    # (regio.scope). Empty for a mail to an address no account of any gemeente has (allauth's
    # "no account with this address"), which only the region-wide work sees.
    gemeente = models.ForeignKey(
        "regio.Gemeente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        default=gemeente_of_none,
        editable=False,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    aan = models.EmailField(_("aan"))
    onderwerp = models.CharField(_("onderwerp"), max_length=250)
    tekst = models.TextField(_("tekst"), help_text=_("De tekst van het bericht, zonder opmaak."))
    html = models.TextField(_("html"), blank=True)
    bijlagen = models.JSONField(
        _("bijlagen"),
        default=list,
        blank=True,
        help_text=_("Lijst van bijlagen met bestandsnaam, mimetype en (tekst)inhoud."),
    )
    soort = models.CharField(
        _("soort"),
        max_length=100,
        blank=True,
        help_text=_("Waar het bericht vandaan komt, bijvoorbeeld signalen.aanvulling_gevraagd."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WACHTEND, db_index=True
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True, db_index=True)
    versturen_na = models.DateTimeField(_("versturen na"), default=timezone.now, db_index=True)
    verstuurd_op = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    verlopen_na = models.DateTimeField(
        _("verlopen na"),
        null=True,
        blank=True,
        help_text=_(
            "Na dit moment heeft versturen geen zin meer (bijvoorbeeld het begin van de "
            "bijeenkomst): het bericht wordt dan niet verstuurd maar gemist."
        ),
    )
    pogingen = models.PositiveSmallIntegerField(
        _("pogingen"), default=0, help_text=_("Aantal mislukte pogingen om te versturen.")
    )
    laatste_fout = models.TextField(_("laatste fout"), blank=True)
    geweigerd_op = models.DateTimeField(
        _("adres geweigerd op"),
        null=True,
        blank=True,
        help_text=_("Wanneer de mailserver het adres van de ontvanger definitief weigerde."),
    )
    # Unique when set: queueing a message with a key that already exists returns that row and
    # queues nothing, so a retried task or a second worker can never queue it twice.
    sleutel = models.CharField(
        _("sleutel"),
        max_length=200,
        null=True,
        blank=True,
        help_text=_(
            "Maakt het bericht uniek, bijvoorbeeld uitnodiging:12:v3: een bericht met een "
            "sleutel die al bestaat wordt niet nog eens klaargezet."
        ),
    )

    # For a message whose text is made when it is sent (``berichten.opmaak``): what its opmaker
    # needs, such as an account's id. Never a link or a token: the regisseur reads the outbox.
    gegevens = models.JSONField(
        _("gegevens voor de opmaak"),
        default=dict,
        blank=True,
        help_text=_(
            "Wat nodig is om de tekst bij het versturen te maken, zoals het nummer van een "
            "account; nooit een link of token."
        ),
    )

    # The sending machinery works region-wide (berichten.tasks: regio.scope.alle_gemeenten).
    objects = BeperktManager()

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        indexes = [
            # The sweep: "status = wachtend and versturen_na <= now", oldest first.
            models.Index(
                fields=["versturen_na", "id"],
                condition=Q(status="wachtend"),
                name="bericht_wachtend_idx",
            ),
            # Refused addresses on a person's page (``selectors.adressen_geweigerd``) and removal
            # on request look rows up by address, whatever its case.
            models.Index(Lower("aan"), name="bericht_aan_lower_idx"),
            # Withdrawing what still waits by key prefix (``services.berichten_intrekken``,
            # ``sleutel LIKE 'melding:signaal:12:%'``): the pattern operator class serves a prefix
            # match whatever the database's collation, and only waiting rows are in it.
            models.Index(
                fields=["sleutel"],
                opclasses=["varchar_pattern_ops"],
                condition=Q(status="wachtend", sleutel__isnull=False),
                name="bericht_wachtend_sleutel_idx",
            ),
        ]
        constraints = [
            # Idempotent queueing (``bericht_klaarzetten(sleutel=...)``): one row per key.
            models.UniqueConstraint(
                fields=["sleutel"],
                condition=Q(sleutel__isnull=False),
                name="bericht_sleutel_uniek",
            ),
            # A sent message says when: the sweep sets both in one UPDATE.
            models.CheckConstraint(
                condition=~Q(status="verstuurd") | Q(verstuurd_op__isnull=False),
                name="bericht_verstuurd_heeft_tijd",
            ),
            # Only a message with a moment after which it is pointless can be missed.
            models.CheckConstraint(
                condition=~Q(status="gemist") | Q(verlopen_na__isnull=False),
                name="bericht_gemist_heeft_verloopmoment",
            ),
        ]

    def __str__(self):
        # Neither the subject (it says what the message is about, "Wachtlijst: …") nor the
        # address (known to the regisseur alone): the name is shown to the beheerder too
        # (breadcrumbs, the page title, the list's checkboxes).
        return f"Bericht {self.pk}"
