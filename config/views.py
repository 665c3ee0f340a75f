import logging
import sys

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .storing import database_onbereikbaar

logger = logging.getLogger(__name__)

# How long a client (or the load balancer) waits before asking again during an outage.
OPNIEUW_NA_SECONDEN = 30


@require_GET
@never_cache
def gezond(request):
    """Health check for load balancers and docker-compose: is the database reachable?

    503 with a short body when it is not: the load balancer takes this node out, and the log
    gets one line, not a traceback."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as fout:
        logger.warning("gezondheidscontrole: database onbereikbaar (%s)", type(fout).__name__)
        antwoord = HttpResponse("database onbereikbaar", content_type="text/plain", status=503)
        antwoord["Retry-After"] = str(OPNIEUW_NA_SECONDEN)
        antwoord._has_been_logged = True  # the line above says it
        return antwoord
    return HttpResponse("ok", content_type="text/plain")


@login_required
def home(request):
    return render(request, "home.html")


def fout_403(request, exception=None):
    return render(request, "403.html", status=403)


def fout_404(request, exception=None):
    return render(request, "404.html", status=404)


# The last resort when even the error page cannot be rendered (a missing static manifest, a
# broken template): plain HTML without templates or static files.
KALE_FOUTPAGINA = (
    '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Netwerkregie</title>'
    "</head><body><h1>Er ging iets mis</h1><p>Probeer het over een paar minuten opnieuw. "
    "Blijft het misgaan, neem dan contact op met de netwerkregisseur.</p>"
    "<p>Bij acuut gevaar: bel 112.</p></body></html>"
)


def _foutpagina(sjabloon: str) -> str:
    try:
        return loader.get_template(sjabloon).render()
    except Exception:
        logger.exception("foutpagina %s kon niet worden opgemaakt", sjabloon)
        return KALE_FOUTPAGINA


def fout_500(request):
    """A server error; during a database outage a 503 (temporarily unavailable), which tells
    the user and the load balancer to come back, instead of "something is broken"."""
    # No context processors: the failure may lie in them.
    if database_onbereikbaar(sys.exc_info()[1]):
        antwoord = HttpResponse(_foutpagina("503.html"), status=503)
        antwoord["Retry-After"] = str(OPNIEUW_NA_SECONDEN)
        return antwoord
    return HttpResponse(_foutpagina("500.html"), status=500)


def csrf_mislukt(request, reason=""):
    return render(request, "403_csrf.html", status=403)
