from django.shortcuts import render

from accounts import rollen
from accounts.decorators import rol_vereist
from kern.paginering import bladzijde

from . import selectors
from .forms import SmoelenboekZoekForm


@rol_vereist(rollen.PROFESSIONAL, rollen.NETWERKREGISSEUR)
def smoelenboek(request):
    """Whom to call: the formal network's aandachtsfunctionarissen, searchable."""
    form = SmoelenboekZoekForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.smoelenboek(
        zoek=filters.get("zoek", ""),
        organisatie=filters["organisatie"].pk if filters.get("organisatie") else None,
        domein=filters.get("domein", ""),
        wijk=filters["wijk"].pk if filters.get("wijk") else None,
    )
    pagina, query = bladzijde(request, qs, 24)
    return render(
        request, "netwerk/smoelenboek.html", {"form": form, "pagina": pagina, "query": query}
    )
