"""Pages of a list on the site: ``?pagina=``, and the rest of the query for the page links."""

from django.core.paginator import Page, Paginator


def bladzijde(request, qs, per_pagina: int = 20) -> tuple[Page, str]:
    """One page of ``qs`` (``?pagina=``, a wrong or missing number gives the first or last
    page) and the query string without the page number, for the links to the other pages."""
    pagina = Paginator(qs, per_pagina).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return pagina, query.urlencode()
