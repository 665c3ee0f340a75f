import ipaddress
import logging
import time
from datetime import UTC, datetime

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.models import EmailAddress, EmailConfirmation, EmailConfirmationHMAC
from allauth.core import context
from allauth.core.internal import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from berichten.opmaak import Inhoud, NietVersturen
from berichten.services import bericht_nu_versturen
from kern.clientadres import clientadres
from regio.scope import alle_gemeenten, gemeente_actief, gemeente_ids

from . import rollen, services

logger = logging.getLogger(__name__)

# When no address can be told at all (a misconfigured proxy chain, a Unix socket): these
# requests share one bucket of the per-address limits rather than being refused.
ONBEKEND_ADRES = "0.0.0.0"  # noqa: S104 - an address value, nothing binds to it
_onbekend_gemeld = False


# --- allauth's mails, through the outbox -------------------------------------------------------
#
# ``RegieAccountAdapter.send_mail`` puts every mail allauth sends in the outbox and sends it at
# once (``bericht_nu_versturen``: the person waits for it at the screen; allauth sends outside a
# transaction or after commit). A mail whose link opens the account (the password reset, the
# confirmation of an address) is a row with a placeholder where the link goes and, in
# ``gegevens``, the account's id: the link is made when the mail goes out
# (``allauthmail_opmaken``, registered in ``apps.ready``), fresh and on ``SITE_URL``. The regisseur
# thus reads what such a mail says in /beheer/, never the link.

SOORT_WACHTWOORD = "accounts.wachtwoord_vergeten"
SOORT_BEVESTIGEN = "accounts.adres_bevestigen"
LAAT_OPGEMAAKT = {
    "account/email/password_reset_key": SOORT_WACHTWOORD,
    "account/email/email_confirmation": SOORT_BEVESTIGEN,
    "account/email/email_confirmation_signup": SOORT_BEVESTIGEN,
}
# What in allauth's context of those mails is the link or its key: never into a row.
GEHEIM = ("password_reset_url", "activate_url", "key")
# The outbox's soort of allauth's other mails (none carries a secret); others: accounts.<name>.
SOORTEN = {
    "account/email/unknown_account": "accounts.onbekend_adres",
    "account/email/password_changed": "accounts.wachtwoord_gewijzigd",
    "account/email/password_set": "accounts.wachtwoord_ingesteld",
    "account/email/password_reset": "accounts.wachtwoord_hersteld",
    "account/email/account_already_exists": "accounts.account_bestaat_al",
}


def _soort(template_prefix: str) -> str:
    return SOORTEN.get(template_prefix) or "accounts." + template_prefix.rsplit("/", 1)[-1]


def _delen(email) -> tuple[str, str]:
    """Text and HTML of a mail allauth rendered (``render_mail``)."""
    html = next((inhoud for inhoud, soort in email.alternatives if soort == "text/html"), "")
    if getattr(email, "content_subtype", "plain") == "html":  # only an HTML template exists
        return strip_tags(email.body), email.body
    return email.body, html


def _bevestigingslink(user, adres: str) -> str:
    """A fresh link that confirms ``adres`` for ``user``, as allauth makes it."""
    email_adres = EmailAddress.objects.filter(user=user, email__iexact=adres).first()
    if email_adres is None:
        raise NietVersturen(_("Niet verstuurd: dit e-mailadres hoort niet meer bij het account."))
    if email_adres.verified:
        raise NietVersturen(_("Niet verstuurd: het e-mailadres is al bevestigd."))
    if account_settings.EMAIL_CONFIRMATION_HMAC:
        bevestiging = EmailConfirmationHMAC(email_adres)
    else:
        bevestiging = EmailConfirmation.create(email_adres)
        bevestiging.sent = timezone.now()
        bevestiging.save(update_fields=["sent"])
    return settings.SITE_URL + reverse("account_confirm_email", args=[bevestiging.key])


def allauthmail_opmaken(bericht) -> Inhoud:
    """The text of allauth's password-reset or confirmation mail as it goes out, with a link
    made now (``berichten.opmaak``): valid from this moment, for PASSWORD_RESET_TIMEOUT (or
    allauth's confirmation period). Withdrawn when the account is gone, inactive or has another
    address by then (``services.account_bij_verzending``)."""
    sjabloon = bericht.gegevens.get("sjabloon")
    if LAAT_OPGEMAAKT.get(sjabloon) != bericht.soort:
        raise ValueError(f"bericht {bericht.pk}: geen sjabloon van deze soort")
    user = services.account_bij_verzending(bericht)
    if bericht.soort == SOORT_WACHTWOORD:
        link = {"password_reset_url": services.wachtwoord_link(user)}
    else:
        link = {"activate_url": _bevestigingslink(user, bericht.aan)}
    email = RegieAccountAdapter().render_mail(
        sjabloon, bericht.aan, {"user": user, "email": bericht.aan, **link}
    )
    tekst, html = _delen(email)
    return Inhoud(tekst=tekst, html=html)


class RegieAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every mail of allauth through the outbox, sent at once (see above).

        A mail with a code (login or password reset by code, not switched on here) goes out
        as allauth sends it, not through the outbox: the code is checked against the session,
        so it cannot be made again when the mail goes out, and the outbox must not hold it.
        """
        if "code" in context:
            logger.info("e-mail met code (%s) buiten de outbox verstuurd", template_prefix)
            return super().send_mail(template_prefix, email, context)
        request = context.get("request") or globals()["context"].request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        soort = LAAT_OPGEMAAKT.get(template_prefix)
        gegevens = None
        if soort is not None:
            ctx.update({naam: services.link_volgt() for naam in GEHEIM if naam in ctx})
            gegevens = {"account": context["user"].pk, "sjabloon": template_prefix}
        bericht = self.render_mail(template_prefix, email, ctx)
        tekst, html = _delen(bericht)
        # Sent for the account's gemeente, also when nobody is logged in (a password reset);
        # a mail to an address without an account belongs to the installation's one gemeente,
        # in a region to none (docs/regio.md).
        gebruiker = context.get("user")
        gemeente = getattr(gebruiker, "gemeente_id", None)
        if gemeente is None:
            enige = gemeente_ids()
            gemeente = enige[0] if len(enige) == 1 else None
        with gemeente_actief(gemeente) if gemeente else alle_gemeenten():
            bericht_nu_versturen(
                aan=email,
                onderwerp=bericht.subject,
                tekst=tekst,
                html=html,
                soort=soort or _soort(template_prefix),
                gegevens=gegevens,
            )

    def is_open_for_signup(self, request):
        """No open sign-up: accounts are created by the regisseur or the beheerder."""
        return False

    def get_login_redirect_url(self, request):
        """After logging in (without a page asked for): where the role's work is. The
        regisseur and the beheerder to the dashboard in /beheer/, a partner to the signals
        shared with their organisation, a professional to the start page (file a signal, my
        signals, trainings, the directory)."""
        user = request.user
        if rollen.mag_beheer_in(user):
            return reverse("admin:index")
        if rollen.heeft_rol(user, rollen.PARTNER):
            return reverse("signalen:gedeeld")
        return super().get_login_redirect_url(request)

    def get_client_ip(self, request) -> str:
        """The client address for allauth's rate limits and session list: the trustworthy one
        (``kern.clientadres``, ``VERTROUWDE_PROXIES``), as in the audit trail.

        allauth itself takes ``REMOTE_ADDR``: behind the production proxy that is the proxy's
        address for every client, so one stranger's failures would count against everyone.
        When the proxy chain is shorter than configured (a request that bypassed the proxy) the
        connection's own address is used: that one cannot be forged."""
        adres = clientadres(request)
        if adres is None:
            try:
                adres = str(ipaddress.ip_address(request.META.get("REMOTE_ADDR", "").strip()))
            except ValueError:
                global _onbekend_gemeld
                if not _onbekend_gemeld:  # once per process, not per request
                    _onbekend_gemeld = True
                    logger.warning("clientadres onbekend; controleer VERTROUWDE_PROXIES")
                adres = ONBEKEND_ADRES
        return adres

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Failed logins count per account *and* client address (as Open Forms does with
        django-axes): five wrong passwords from one address lock that address out of that
        account, while the owner at her own desk still logs in. The per-address limits of
        ``ACCOUNT_RATE_LIMITS`` stay, so nobody can try many passwords from one address.
        allauth uses this key for the ``login_failed`` limit (``pre_authenticate``) and clears
        it after a password reset (for the address the reset was done from)."""
        sleutel = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{sleutel}:{ratelimit.get_ip(request)}"

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """No second password prompt while a user sets up their *first* second factor.

        MFA is forced on first login (accounts.middleware). Asking for the password again a few
        seconds after it was typed, to add the app or to see the recovery codes that come with
        it, only confuses. So within the re-authentication window of a login, and only while
        every authenticator of the user was made after that login, no re-authentication is
        asked. Any change to an older second factor still requires it.
        """
        request = context.request
        if app == "allauth.mfa" and request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            ingelogd = max((r.get("at", 0) for r in records), default=0)
            if time.time() - ingelogd < account_settings.REAUTHENTICATION_TIMEOUT:
                ouder = Authenticator.objects.filter(
                    user=request.user, created_at__lt=datetime.fromtimestamp(ingelogd, tz=UTC)
                )
                if not ouder.exists():
                    return False
        return super().is_reauthentication_required(app=app, **kwargs)


class RegieMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Whoever must use a second factor cannot switch the authenticator app off."""
        if authenticator.type == Authenticator.Type.TOTP and rollen.mfa_verplicht(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)
