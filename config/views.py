from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def gezond(request):
    """Health check for load balancers and docker-compose: is the database reachable?"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@login_required
def home(request):
    return render(request, "home.html")


def fout_403(request, exception=None):
    return render(request, "403.html", status=403)


def fout_404(request, exception=None):
    return render(request, "404.html", status=404)


def fout_500(request):
    # No context processors: the failure may lie in them.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_mislukt(request, reason=""):
    return render(request, "403_csrf.html", status=403)
