"""The gemeente a partner of several gemeenten works in, named at the top of every page, with
the switch to the others (netwerk.toegang). Nothing (no query) for any other account."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from .toegang import gemeenten_van


def _keuze(request) -> dict | None:
    user = request.user
    mogelijk = gemeenten_van(user)
    if len(mogelijk) <= 1:
        return None
    from regio.models import Gemeente
    from regio.scope import alle_gemeenten

    with alle_gemeenten():
        namen = dict(Gemeente.objects.filter(pk__in=mogelijk).values_list("pk", "naam"))
    actief = getattr(request, "gemeente_id", None)
    return {
        "actief": namen.get(actief, ""),
        "andere": sorted(
            ((pk, naam) for pk, naam in namen.items() if pk != actief), key=lambda x: x[1]
        ),
    }


def gemeente(request):
    if not getattr(getattr(request, "user", None), "is_authenticated", False):
        return {}
    return {"gemeente_keuze": SimpleLazyObject(lambda: _keuze(request) or {})}
