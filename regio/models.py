"""The gemeente: the tenant every registry, signal, convenant, meeting and training belongs to.

A single installation has one gemeente (id 1, ``EERSTE_GEMEENTE``, named after the setting
``GEMEENTE_NAAM``); a region adds more (``manage.py gemeente_toevoegen``). See docs/regio.md.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .scope import BeperktManager

# The gemeente an installation starts with, and into which a single-gemeente database is
# migrated (regio/migrations/0001).
EERSTE_GEMEENTE = 1


class GemeenteQuerySet(models.QuerySet):
    def gemeenten(self):
        """The region's gemeenten: active, without the region's own layer (``is_regio``)."""
        return self.filter(actief=True, is_regio=False)


class Gemeente(models.Model):
    naam = models.CharField(_("naam"), max_length=100, unique=True)
    actief = models.BooleanField(_("actief"), default=True)
    # For comparing with the region (per 10,000 inhabitants): the region's figures and the
    # dashboard's trends. Empty: not compared.
    inwoners = models.PositiveIntegerField(
        _("aantal inwoners"),
        null=True,
        blank=True,
        help_text=_("Om de eigen cijfers per 10.000 inwoners met de regio te vergelijken."),
    )
    # The region's own layer (docs/regio.md, "De programmaraad"): a tenant like a gemeente,
    # with the region's own network of regisseurs and advisers, run by the regiocoördinator.
    # Not a gemeente: never in the region's figures, matches or offers to gemeenten.
    is_regio = models.BooleanField(_("de regio zelf (programmaraad)"), default=False)
    # "Hit, no content" across the region (signalen.overeenkomsten): only between two gemeenten
    # that both chose to take part.
    doet_mee_aan_overeenkomsten = models.BooleanField(
        _("doet mee aan regionale overeenkomsten"),
        default=False,
        help_text=_(
            "Als een signaal hier over dezelfde persoon lijkt te gaan als een open signaal in "
            "een andere gemeente die ook meedoet, krijgen de regisseurs van beide gemeenten "
            "een bericht: alleen dát er een mogelijke overeenkomst is, in welke gemeente, en "
            "met wie ze contact kunnen opnemen. Geen naam, geen inhoud, geen referentie."
        ),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                "is_regio", condition=models.Q(is_regio=True), name="gemeente_een_regio"
            ),
        ]

    def __str__(self):
        return self.naam


def gemeente_veld():
    """The tenant column of every tenant table: set from the active gemeente when a row is
    made (``regio.scope.huidige_gemeente_id``), never changed afterwards."""
    from .scope import huidige_gemeente_id

    return models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        default=huidige_gemeente_id,
        editable=False,
        related_name="+",
        verbose_name=_("gemeente"),
    )


class Gemeentegebonden(models.Model):
    """A tenant model: its rows belong to one gemeente, its queries see only the active one
    (regio.scope), and PostgreSQL's row-level security guards its table (regio.database)."""

    gemeente = gemeente_veld()

    objects = BeperktManager()

    class Meta:
        abstract = True

    # The column is set by the scope, never by a form: a model form leaves it out, and Django
    # would then skip every unique constraint that names it (and report a clash only as an
    # IntegrityError instead of a Dutch message).
    def clean_fields(self, exclude=None):
        # Set by the scope and checked by the database's foreign key: no query per row.
        super().clean_fields({*(exclude or ()), "gemeente"})

    def validate_unique(self, exclude=None):
        super().validate_unique(_zonder_gemeente(exclude))

    def validate_constraints(self, exclude=None):
        super().validate_constraints(_zonder_gemeente(exclude))


def _zonder_gemeente(exclude):
    return None if exclude is None else set(exclude) - {"gemeente"}


# Whether a gemeente takes part in the region's notices is in the change log, with who and when.
from auditlog.registry import auditlog  # noqa: E402

auditlog.register(Gemeente, include_fields=["doet_mee_aan_overeenkomsten", "inwoners"])
