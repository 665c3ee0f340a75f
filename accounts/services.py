"""Business rules for accounts: creating, role changes, deactivation and ending sessions.

Views, admin actions, management commands and tests call these functions; nothing else writes
accounts. There is no sign-up: an account exists only because the regisseur or the beheerder
created it here.
"""

from __future__ import annotations

import logging
from importlib import import_module

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from berichten.opmaak import Inhoud, NietVersturen
from berichten.services import bericht_nu_versturen, bericht_opstellen
from regio.scope import alle_gemeenten, gemeente_actief

from . import events, rollen

logger = logging.getLogger(__name__)


def rollen_die_mag_toekennen(door) -> tuple[str, ...]:
    """The beheerder may hand out every role of a gemeente; the regisseur only Professional and
    Partner. The regiocoördinator's role is the installation's (``regiocoordinator_aanmaken``)."""
    if rollen.is_beheerder(door):
        return rollen.GEMEENTE_ROLLEN
    if rollen.is_regisseur(door):
        return (rollen.PROFESSIONAL, rollen.PARTNER)
    return ()


def _nieuw_adres(email: str) -> str:
    """The address for a new account, normalised; a Dutch error if it is invalid or taken."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Vul een geldig e-mailadres in.")}) from exc
    if get_user_model().alle_accounts.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Er bestaat al een account met dit e-mailadres.")})
    return email


def account_aanmaken(*, email: str, voornaam: str = "", achternaam: str = "", rol: str, door):
    """Create an account with a role and send the set-your-password e-mail after commit.

    The new account has no usable password until its owner follows the link.
    """
    User = get_user_model()
    if rol not in rollen.ROLLEN:
        raise ValidationError({"rol": _("Onbekende rol.")})
    if rol not in rollen_die_mag_toekennen(door):
        raise PermissionDenied(_("U mag geen account met de rol %(rol)s aanmaken.") % {"rol": rol})
    email = _nieuw_adres(email)

    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            first_name=voornaam.strip(),
            last_name=achternaam.strip(),
            is_staff=(rol == rollen.NETWERKREGISSEUR),
        )
        user.groups.add(Group.objects.get(name=rol))
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        logger.info("account aangemaakt: id=%s rol=%s door=%s", user.pk, rol, door.pk)
        transaction.on_commit(lambda: welkomstmail_versturen(user_id=user.pk))
    return user


def regiocoordinator_aanmaken(*, email: str, voornaam: str = "", achternaam: str = ""):
    """The region's coördinator, from the command line (``manage.py regiocoordinator_aanmaken``):
    an account of no gemeente with the role Regiocoördinator, which sees the region's aggregate
    figures and no gemeente's data (docs/regio.md). Like every account: a confirmed address, no
    password until its owner follows the link; a second factor at the first login."""
    User = get_user_model()
    email = _nieuw_adres(email)
    with alle_gemeenten(), transaction.atomic():
        user = User.objects.create_user(
            email=email, first_name=voornaam.strip(), last_name=achternaam.strip(), gemeente=None
        )
        user.groups.add(Group.objects.get(name=rollen.REGIOCOORDINATOR))
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        logger.info("regiocoördinator aangemaakt: id=%s", user.pk)
        transaction.on_commit(lambda: welkomstmail_versturen(user_id=user.pk))
    return user


def beheerder_aanmaken(*, email: str, voornaam: str = "", achternaam: str = ""):
    """The first beheerder, from the command line (``manage.py beheerder_aanmaken``).

    Like every account: a confirmed address, no password until its owner follows the link
    (mailed after commit, and returned so the command can show it).
    """
    User = get_user_model()
    email = _nieuw_adres(email)
    with transaction.atomic():
        user = User.objects.create_superuser(
            email=email, first_name=voornaam.strip(), last_name=achternaam.strip()
        )
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        logger.info("beheerder aangemaakt: id=%s", user.pk)
        transaction.on_commit(lambda: welkomstmail_versturen(user_id=user.pk))
    return user


def wachtwoord_link(user) -> str:
    """An absolute link where the user sets (or resets) a password, valid for
    PASSWORD_RESET_TIMEOUT and only until the password changes."""
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    return settings.SITE_URL + path.replace("UID-KEY", key)


# --- Mails with a password link: through the outbox, the link made when the mail goes out ------

SOORT_WELKOM = "accounts.welkom"


def link_volgt() -> str:
    """What an outbox row holds where a password or confirmation link will be: the regisseur
    reads the outbox in /beheer/, and a working link there would open the account."""
    return _("[persoonlijke link, wordt pas bij het versturen gemaakt]")


def account_bij_verzending(bericht):
    """The account a late-rendered mail (``berichten.opmaak``) is for, checked when it is sent:
    it still exists, is active and still has the address the mail goes to. Otherwise the mail
    is withdrawn (``NietVersturen``): a link to a deactivated account is of no use, and after an
    address change the old address must get no working link."""
    user = get_user_model().objects.filter(pk=bericht.gegevens.get("account")).first()
    if user is None:
        raise NietVersturen(_("Niet verstuurd: het account bestaat niet meer."))
    if not user.is_active:
        raise NietVersturen(_("Niet verstuurd: het account is niet meer actief."))
    if user.email.strip().lower() != bericht.aan.strip().lower():
        raise NietVersturen(_("Niet verstuurd: het e-mailadres van het account is gewijzigd."))
    return user


def _welkomst_context(user, link: str) -> dict:
    return {
        "user": user,
        "link": link,
        "mfa_verplicht": rollen.mfa_verplicht(user),
        "geldig_dagen": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "site_url": settings.SITE_URL,
    }


def welkomstmail_versturen(*, user_id: int) -> None:
    """Send the invitation to set a password, through the outbox and at once
    (``bericht_nu_versturen``; called on commit of the account, or by the admin action).

    The outbox row holds the text without the link; the link is made when the mail goes out
    (``welkomstmail_opmaken``), so it is valid for PASSWORD_RESET_TIMEOUT from then on. Safe to
    call again: each mail carries a new link, and every link works until the password is set
    (then none does) or it expires.
    """
    user = get_user_model().alle_accounts.get(pk=user_id)
    context = _welkomst_context(user, link_volgt())
    onderwerp = render_to_string("accounts/email/welkom_onderwerp.txt", context)
    # For the account's gemeente (its outbox); a regiocoördinator's is the region's.
    with gemeente_actief(user.gemeente_id) if user.gemeente_id else alle_gemeenten():
        bericht_nu_versturen(
            aan=user.email,
            onderwerp=" ".join(onderwerp.split()),
            tekst=render_to_string("accounts/email/welkom_bericht.txt", context),
            soort=SOORT_WELKOM,
            gegevens={"account": user.pk},
        )


def welkomstmail_opmaken(bericht) -> Inhoud:
    """The invitation's text as it goes out, with a fresh link (registered in ``apps.ready``)."""
    user = account_bij_verzending(bericht)
    context = _welkomst_context(user, wachtwoord_link(user))
    return Inhoud(tekst=render_to_string("accounts/email/welkom_bericht.txt", context))


def rol_wijzigen(*, user, rol: str, door) -> None:
    """Give the user exactly this role (replacing any other role)."""
    toegestaan = rollen_die_mag_toekennen(door)
    huidige = rollen.rollen_van(user)
    if rol not in toegestaan or any(r not in toegestaan for r in huidige):
        raise PermissionDenied(_("U mag deze rol niet toekennen."))
    with transaction.atomic():
        user.groups.remove(*Group.objects.filter(name__in=rollen.ROLLEN))
        user.groups.add(Group.objects.get(name=rol))
        user.is_staff = rol == rollen.NETWERKREGISSEUR or user.is_superuser
        user.save(update_fields=["is_staff"])
        user._regie_rollen = None
        events.rol_gewijzigd.sturen(user_id=user.pk)
    sessies_beeindigen(user=user)


def mag_account_beheren(door, user) -> bool:
    """The beheerder manages every account; the regisseur only non-staff accounts."""
    if rollen.is_beheerder(door):
        return True
    return rollen.is_regisseur(door) and not (user.is_superuser or rollen.is_regisseur(user))


def account_deactiveren(*, user, door) -> None:
    """Block the account and end every session it has."""
    if user.pk == door.pk:
        raise PermissionDenied(_("U kunt uw eigen account niet deactiveren."))
    if not mag_account_beheren(door, user):
        raise PermissionDenied(_("Alleen de beheerder kan dit account deactiveren."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    events.account_gedeactiveerd.sturen(user_id=user.pk)
    sessies_beeindigen(user=user)


def account_anonimiseren(*, user, door) -> None:
    """Removal on request: the account keeps its row (history points at it) but loses the
    name, the address, the password and the second factor, and can never log in again."""
    if user.pk == door.pk:
        raise PermissionDenied(_("U kunt uw eigen account niet anonimiseren."))
    if not mag_account_beheren(door, user):
        raise PermissionDenied(_("Alleen de beheerder kan dit account anonimiseren."))
    from allauth.mfa.models import Authenticator

    with transaction.atomic():
        user.first_name = ""
        user.last_name = ""
        user.email = f"geanonimiseerd-{user.pk}@geanonimiseerd.invalid"
        user.is_active = False
        user.set_unusable_password()
        user.save()
        events.account_gedeactiveerd.sturen(user_id=user.pk)
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        logger.info("account geanonimiseerd: id=%s door=%s", user.pk, door.pk)
    sessies_beeindigen(user=user)


def email_wijzigen(*, user, nieuw: str, door) -> str:
    """Give ``user`` another login address; returns the new, normalised address.

    A login address is the key to the account: whoever controls it can reset the password. So a
    change by someone else (the beheerder, or the regisseur for a professional or partner) is
    logged (the change log keeps old and new address and who changed it), the *old* address is
    told at once (through the outbox), password-reset links sent before stop working (Django's
    reset token covers the address), and every session of the account ends, so whoever was
    logged in must log in again.
    """
    if not mag_account_beheren(door, user):
        raise PermissionDenied(_("U mag het e-mailadres van dit account niet wijzigen."))
    if (nieuw or "").strip().lower() == user.email.lower():
        raise ValidationError({"email": _("Dit is al het e-mailadres van dit account.")})
    nieuw = _nieuw_adres(nieuw)
    oud = user.email
    with transaction.atomic():
        user.email = nieuw
        user.save(update_fields=["email"])
        EmailAddress.objects.filter(user=user).delete()
        EmailAddress.objects.create(user=user, email=nieuw, primary=True, verified=True)
        _melden(
            user=user,
            aan=oud,
            soort="accounts.email_gewijzigd",
            door=door,
            extra={"nieuw_domein": nieuw.rpartition("@")[2]},
        )
        logger.info("e-mailadres gewijzigd: account=%s door=%s", user.pk, door.pk)
    sessies_beeindigen(user=user)
    return nieuw


def tweede_factor_verwijderen(*, user, door) -> int:
    """Remove every second factor of ``user`` (authenticator app and recovery codes).

    The only thing anyone may do with another user's second factor: nobody reads a secret or a
    recovery code. A user who must use MFA is sent to set up a new app at the next login. The
    removal is logged (the change log of authenticators names who removed it), the user is told
    by e-mail and every session of the account ends. Returns how many authenticators went.
    """
    from allauth.mfa.models import Authenticator

    if not mag_account_beheren(door, user):
        raise PermissionDenied(_("U mag de tweestapsverificatie van dit account niet verwijderen."))
    with transaction.atomic():
        # One by one, so the change log records each removal with its actor.
        aantal = 0
        for authenticator in Authenticator.objects.filter(user=user):
            authenticator.delete()
            aantal += 1
        if aantal:
            _melden(user=user, aan=user.email, soort="accounts.tweede_factor_verwijderd", door=door)
        logger.info(
            "tweede factor verwijderd: account=%s door=%s aantal=%s", user.pk, door.pk, aantal
        )
    user._regie_mfa = None
    sessies_beeindigen(user=user)
    return aantal


def _melden(*, user, aan: str, soort: str, door, extra: dict | None = None) -> None:
    """Tell the owner of an account that someone else changed how they log in."""
    context = {
        "user": user,
        "door": door.get_full_name() or _("de beheerder"),
        "wanneer": timezone.localtime(),
        "site_url": settings.SITE_URL,
        **(extra or {}),
    }
    naam = soort.split(".", 1)[1]
    bericht_opstellen(
        aan=aan,
        onderwerp=render_to_string(f"accounts/email/{naam}_onderwerp.txt", context),
        sjabloon=f"accounts/email/{naam}_bericht",
        context=context,
        html=False,
        soort=soort,
    )


def account_activeren(*, user, door) -> None:
    if not mag_account_beheren(door, user):
        raise PermissionDenied(_("Alleen de beheerder kan dit account activeren."))
    user.is_active = True
    user.save(update_fields=["is_active"])


def sessies_beeindigen(*, user, behalve_sessie_key: str | None = None) -> int:
    """End all sessions of ``user`` (optionally keeping one). Returns how many ended."""
    store_cls = import_module(settings.SESSION_ENGINE).SessionStore
    aantal = 0
    for sessie in UserSession.objects.filter(user_id=user.pk):
        if sessie.session_key == behalve_sessie_key:
            continue
        store_cls().delete(sessie.session_key)
        sessie.delete()
        aantal += 1
    return aantal


def verlopen_sessies_opruimen() -> None:
    """Remove expired sessions and the allauth records that point to them."""
    store_cls = import_module(settings.SESSION_ENGINE).SessionStore
    store_cls.clear_expired()
    bestaand = UserSession.objects.values_list("session_key", flat=True)
    from django.contrib.sessions.models import Session

    levend = set(
        Session.objects.filter(session_key__in=list(bestaand)).values_list("session_key", flat=True)
    )
    UserSession.objects.exclude(session_key__in=levend).delete()
