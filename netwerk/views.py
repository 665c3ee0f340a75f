from django.shortcuts import render

from accounts import rollen
from accounts.decorators import rol_vereist
from kern.paginering import bladzijde

from . import convenanten, selectors
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


def link_ongeldig(request):
    """The page for a personal link (an invitation, an enrolment) that does not or no longer
    work: what may have happened and whom to contact (the gemeente's own address and phone
    number in the register), with status 404. A key person without an account has nobody else
    to ask."""
    antwoord = render(
        request, "link_ongeldig.html", {"gemeente": convenanten.gemeente()}, status=404
    )
    antwoord["X-Robots-Tag"] = "noindex, nofollow"
    return antwoord
