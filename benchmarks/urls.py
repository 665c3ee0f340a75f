"""The benchmark's URL configuration: the product's (``config.urls``) plus the bare baselines.

- ``/bare/``: a view returning a small ``HttpResponse`` (through all middleware, as any page);
  requested with a session cookie it is "the bare view with a logged-in session";
- ``/bare/query/``: the same with one ORM query, the least a page that reads the database costs.

Mounted only by ``benchmarks.settings`` (ROOT_URLCONF); the product never serves them.
"""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from config.urls import handler403, handler404, handler500  # noqa: F401


@csrf_exempt
def kaal(request):
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
def kaal_query(request):
    from django.contrib.auth.models import Group

    namen = list(Group.objects.order_by("pk").values_list("name", flat=True)[:1])
    return HttpResponse(f"ok {len(namen)}", content_type="text/plain")


urlpatterns = [
    path("bare/", kaal, name="bench_kaal"),
    path("bare/query/", kaal_query, name="bench_kaal_query"),
    path("", include("config.urls")),
]
