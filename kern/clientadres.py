"""The address a request came from, for the audit trail.

``X-Forwarded-For`` is a list the client can start itself; only the entries added by our own
proxies can be trusted. With ``VERTROUWDE_PROXIES = n`` (the number of proxies in front of
gunicorn that append to that header) the client address is the n-th entry from the right;
with 0 it is ``REMOTE_ADDR``. Anything that is not an IP address is recorded as unknown (None)
rather than breaking the page.
"""

import ipaddress

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings


def _ip(waarde: str) -> str | None:
    try:
        return str(ipaddress.ip_address(waarde.strip()))
    except ValueError:
        return None


def clientadres(request) -> str | None:
    proxies = settings.VERTROUWDE_PROXIES
    if proxies > 0:
        keten = [d for d in request.headers.get("X-Forwarded-For", "").split(",") if d.strip()]
        if len(keten) >= proxies:
            return _ip(keten[-proxies])
        return None  # not through all our proxies: the header cannot be trusted
    return _ip(request.META.get("REMOTE_ADDR", ""))


class RegieAuditlogMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, with the address from ``clientadres`` (auditlog itself
    takes the first X-Forwarded-For entry, which the client chooses)."""

    @staticmethod
    def _get_remote_addr(request):
        return clientadres(request)

    @staticmethod
    def _get_remote_port(request):
        return None
