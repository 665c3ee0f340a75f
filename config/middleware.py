"""Middleware of the project as a whole."""

from django.utils.cache import patch_cache_control


class GeenOpslagMiddleware:
    """No page of Netwerkregie is kept by a browser or a proxy: ``Cache-Control: no-store``.

    Pages behind a login show signals, persons and trainings; the personal-link pages show a
    person's invitation. A shared computer's back button, a browser's disk cache or a proxy
    must not keep any of it. Static files are served before this middleware (WhiteNoise) and
    keep their long caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response
