"""The user account: identified by e-mail address, no username.

Accounts are never created by sign-up; see ``accounts.services.account_aanmaken``.
"""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from regio.scope import GemeenteVoorwaarde, gemeente_of_none


def _heeft_gemeente(model) -> bool:
    return any(veld.name == "gemeente" for veld in model._meta.concrete_fields)


class UserManager(BaseUserManager):
    """Inside a gemeente's scope (regio.scope), only that gemeente's accounts; outside one,
    every account: logging in, a password-reset link and the session's user are found before
    anyone's gemeente is known (docs/regio.md)."""

    use_in_migrations = True

    def get_queryset(self):
        queryset = super().get_queryset()
        if not _heeft_gemeente(self.model):  # the historical model of an early migration
            return queryset
        return queryset.filter(GemeenteVoorwaarde(F("gemeente"), verplicht=False))

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Een e-mailadres is verplicht.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mailadres"), unique=True)
    # The gemeente whose data this account works with (regio.scope, regio.middleware); empty
    # only for an account of the regional layer, which sees no gemeente's data.
    gemeente = models.ForeignKey(
        "regio.Gemeente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        default=gemeente_of_none,
        related_name="+",
        verbose_name=_("gemeente"),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()
    # Every account of the installation, whatever gemeente is active: an address is unique
    # across the whole installation (one login for one person).
    alle_accounts = models.Manager()

    class Meta:
        default_manager_name = "objects"
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="account_email_uniek_hoofdletterongevoelig"
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    # An address is unique across the installation, not per gemeente: the checks of a form
    # look at every account (Django's would use the default manager, one gemeente's).
    def _perform_unique_checks(self, unique_checks):
        with scopes_disabled():
            return super()._perform_unique_checks(unique_checks)

    def validate_constraints(self, exclude=None):
        with scopes_disabled():
            super().validate_constraints(exclude)


# Who got or lost a role or an organisation (groups), and who was (de)activated, is in the
# change log; never the password or login times.
# Second factors: that one was set up or removed, and by whom; never their secret (``data``).
from allauth.mfa.models import Authenticator  # noqa: E402
from auditlog.registry import auditlog  # noqa: E402

auditlog.register(Authenticator, include_fields=["type"])

auditlog.register(
    User,
    include_fields=["email", "first_name", "last_name", "is_active", "is_staff", "is_superuser"],
    m2m_fields={"groups"},
)
