"""Every request of a logged-in user runs in the scope of the user's gemeente (regio.scope).

Anonymous requests get no scope (whatever the caller had active: a test, a thread): a page
that an anonymous visitor may open through a link (an RSVP or enrolment link) finds its object
region-wide by its token and then works in that object's gemeente
(``regio.scope.in_gemeente_van_link``); any other query for tenant data raises. A user without
a gemeente (the regiocoördinator) gets no gemeente's scope either. A partner of several
gemeenten works in the one it chose (netwerk.toegang, named by the setting
``REGIO_GEMEENTE_VAN_VERZOEK``: the tenant layer imports no app); ``request.gemeente_id`` says
which.

A streamed response (a CSV export) is produced after the view returns: its content is read in
the same scope.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .scope import geen_gemeente, gemeente_actief


def _eigen_gemeente(request) -> int | None:
    return request.user.gemeente_id


def _gestroomd_zonder(inhoud):
    with geen_gemeente():
        yield from inhoud


def _gestroomd_in(gemeente_id, inhoud):
    with gemeente_actief(gemeente_id):
        yield from inhoud


class GemeenteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        naam = getattr(settings, "REGIO_GEMEENTE_VAN_VERZOEK", None)
        self.gemeente_van = import_string(naam) if naam else _eigen_gemeente

    def __call__(self, request):
        gebruiker = getattr(request, "user", None)
        gemeente_id = (
            self.gemeente_van(request)
            if gebruiker is not None and gebruiker.is_authenticated
            else None
        )
        request.gemeente_id = gemeente_id
        if not gemeente_id:
            with geen_gemeente():
                response = self.get_response(request)
            if getattr(response, "streaming", False):
                response.streaming_content = _gestroomd_zonder(response.streaming_content)
            return response
        with gemeente_actief(gemeente_id):
            response = self.get_response(request)
        if getattr(response, "streaming", False):
            response.streaming_content = _gestroomd_in(gemeente_id, response.streaming_content)
        return response
