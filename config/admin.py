"""/beheer/: the regisseur's admin site.

- Login goes through allauth (rate limits, MFA) via ``secure_admin_login``; Django's own admin
  login form is never shown. An authenticated user without access gets a 403.
- Only an active staff user who is beheerder (superuser) or Netwerkregisseur, with a second factor
  set up, enters. Models registered with ``RegieModelAdmin`` are fully managed by the regisseur;
  anything else needs explicit Django permissions (deny by default).
- The index is the dashboard: panels collected from each app's ``dashboard.py``, kept for a
  minute under what they are made of (``kern.dashboard``), and the list of models.
"""

import hashlib
from functools import cached_property, update_wrapper

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.core.cache import cache
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import connection
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts import rollen
from kern.beheer import RegieModelAdmin
from kern.dashboard import BEWAARTIJD, verzamel_panelen


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

    @cached_property
    def _modellen(self) -> str | None:
        """What is registered (fixed for the life of the process), or None when a model's admin
        asks Django's own permissions, which differ per user: then the list is not kept."""
        if not all(isinstance(a, RegieModelAdmin) for a in self._registry.values()):
            return None
        namen = sorted(f"{m._meta.label}:{type(a).__qualname__}" for m, a in self._registry.items())
        return hashlib.blake2b(repr(namen).encode(), digest_size=8).hexdigest()

    def get_app_list(self, request, app_label=None):
        # The index renders the list of models once, or takes it from the cache; Django's
        # each_context would build it again for the navigation sidebar, which the index does
        # not show (admin/index.html leaves it out).
        if app_label is None and hasattr(request, "_regie_index_apps"):
            return request._regie_index_apps
        return super().get_app_list(request, app_label)

    def _app_lijst(self, request) -> str:
        """The index's list of models as HTML, kept per role: which models a user may see,
        add and change follows only from being regisseur or beheerder (``kern.beheer``)."""
        sleutel = None
        if self._modellen is not None:
            sleutel = (
                f"beheer:modellen:1:{connection.settings_dict['NAME']}:{self._modellen}:"
                f"r{int(rollen.is_regisseur(request.user))}"
                f"b{int(rollen.is_beheerder(request.user))}:{get_language()}:{request.path}"
            )
        html = cache.get(sleutel) if sleutel else None
        if html is None:
            context = {
                "app_list": super().get_app_list(request),
                "show_changelinks": True,
                "request": request,
            }
            html = render_to_string("admin/app_list.html", context)
            if sleutel:
                cache.set(sleutel, html, BEWAARTIJD)
        return mark_safe(html)  # noqa: S308 (rendered by Django's own template)

    def index(self, request, extra_context=None):
        """The dashboard: the panels (``kern.dashboard``), the overviews and the models."""
        extra_context = {
            **(extra_context or {}),
            "panelen": verzamel_panelen(request),
            "modellen": self._app_lijst(request),
        }
        request._regie_index_apps = []  # not shown on the index: see get_app_list
        return super().index(request, extra_context)
