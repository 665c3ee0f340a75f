"""/beheer/: the regisseur's admin site.

- Login goes through allauth (rate limits, MFA) via ``secure_admin_login``; Django's own admin
  login form is never shown. An authenticated user without access gets a 403.
- Only an active staff user who is beheerder (superuser) or Netwerkregisseur, with a second factor
  set up, enters. Models registered with ``RegieModelAdmin`` are fully managed by the regisseur;
  anything else needs explicit Django permissions (deny by default).
- The index is the dashboard: panels collected from each app's ``dashboard.py``.
"""

from functools import update_wrapper

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.core.exceptions import BadRequest, PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from accounts import rollen
from kern.dashboard import verzamel_panelen


class RegieAdminSite(admin.AdminSite):
    site_header = _("Netwerkregie — beheer")
    site_title = _("Netwerkregie")
    index_title = _("Dashboard")
    index_template = "admin/regie_index.html"
    enable_nav_sidebar = True

    def has_permission(self, request):
        user = request.user
        return rollen.mag_beheer_in(user) and rollen.mfa_ingesteld(user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            # Logged in but not allowed: say so, instead of sending them to a login page.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            # A filter, search or lookup with a NUL character cannot reach PostgreSQL (it
            # refuses NUL in text): a 400 with templates/400.html, not a server error.
            if any("\x00" in waarde for _n, waarden in request.GET.lists() for waarde in waarden):
                raise BadRequest("NUL in de query string")
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, inner)

    def login(self, request, extra_context=None):
        return secure_admin_login(self._na_inloggen)(request)

    def _na_inloggen(self, request):
        if not self.has_permission(request):
            raise PermissionDenied
        volgende = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(volgende, allowed_hosts={request.get_host()}):
            volgende = reverse("admin:index", current_app=self.name)
        return redirect(volgende)

    def password_change(self, request, extra_context=None):
        # One password flow for everyone: allauth's (rate-limited, ends other sessions).
        return redirect("account_change_password")

    def get_urls(self):
        """The regisseur's own pages beside the models (the network picture, the yearly
        report): each app's ``beheerpaginas`` contribution, ``urlpatterns(site)``
        (``kern.bijdragen``)."""
        from kern import bijdragen

        eigen = []
        for urlpatterns in bijdragen.functies("beheerpaginas"):
            eigen += urlpatterns(self)
        return eigen + super().get_urls()

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "panelen": verzamel_panelen(request)}
        return super().index(request, extra_context)
