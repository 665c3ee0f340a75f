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
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from accounts import rollen
from kern.beheer import EenmaligToevoegen

from .dashboard import verzamel_panelen
from .widgets import (
    RegieAutocompleteSelect,
    RegieAutocompleteSelectMultiple,
    leesbare_waarden,
)


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


class Invulhulp:
    """Date and time fields say how to write them: "17 mei 2027" is not understood, and
    Django's "Voer een geldige datum in" does not say what is.

    Autocomplete fields get the site's own widgets (``config.widgets``): a value that is no key
    at all ("abc") gives the form back with "Selecteer een geldige keuze", not a 500."""

    VOORBEELD = {
        models.DateField: (
            _("dd-mm-jjjj"),
            _("Vul een datum in als dd-mm-jjjj, bijvoorbeeld 17-05-2027."),
        ),
        models.TimeField: (_("uu:mm"), _("Vul een tijd in als uu:mm, bijvoorbeeld 09:30.")),
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        veld = super().formfield_for_dbfield(db_field, request, **kwargs)
        voorbeeld = self.VOORBEELD.get(type(db_field))
        if veld is not None and voorbeeld is not None:
            veld.widget.attrs.setdefault("placeholder", voorbeeld[0])
            veld.error_messages["invalid"] = voorbeeld[1]
        return veld

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = RegieAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = RegieAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class RegieModelAdmin(EenmaligToevoegen, Invulhulp, admin.ModelAdmin):
    """A model the regisseur manages in full. Subclasses narrow what they must. An add form
    sent twice adds one object (``kern.beheer.EenmaligToevoegen``).

    ``alleen_regisseur``: routine work with personal data (the registry, signals …) is the
    regisseur's alone; the beheerder (configuration, no routine work) does not see it.
    """

    alleen_regisseur = False

    def _mag(self, request):
        if self.alleen_regisseur:
            return rollen.is_regisseur(request.user)
        return rollen.is_beheerder(request.user) or rollen.is_regisseur(request.user)

    def has_module_permission(self, request):
        return self._mag(request)

    def has_view_permission(self, request, obj=None):
        return self._mag(request)

    def has_add_permission(self, request):
        return self._mag(request)

    def has_change_permission(self, request, obj=None):
        return self._mag(request)

    def has_delete_permission(self, request, obj=None):
        return self._mag(request)

    def get_changelist_instance(self, request):
        """Django reads the date hierarchy (``?begin__year=``) from the query string and catches
        only part of what can go wrong: a year of 9999 or of twenty digits is a ValueError or
        OverflowError. Such a list answers as one with any other filter that does not fit (back
        to the whole list), not with a server error."""
        try:
            return super().get_changelist_instance(request)
        except (OverflowError, ValueError) as fout:
            hierarchie = f"{self.date_hierarchy}__" if self.date_hierarchy else None
            if hierarchie and any(sleutel.startswith(hierarchie) for sleutel in request.GET):
                raise IncorrectLookupParameters(fout) from fout
            raise

    def response_action(self, request, queryset):
        """An action on a selection that holds something other than a key of this list ("abc",
        a number beyond any key) does nothing and says so; Django's own would filter with it
        and answer with a server error."""
        gekozen = request.POST.getlist(ACTION_CHECKBOX_NAME)
        if len(leesbare_waarden(self.opts.pk, gekozen)) != len(gekozen):
            self.message_user(
                request,
                _("De selectie klopt niet. Kies de items opnieuw; er is niets gewijzigd."),
                messages.WARNING,
            )
            return None
        return super().response_action(request, queryset)


class AlleenLezen:
    """For a list or inline that shows and never changes (a log, the outbox, a signal as it was
    filed): nobody adds, changes or deletes through Django's forms; what changes it is a service
    behind an action or an extra page. Put it first among the bases."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RegisseurAdmin(RegieModelAdmin):
    """Routine work with personal data: the regisseur's alone."""

    alleen_regisseur = True


class RegieInlineMixin(Invulhulp):
    """Inlines on a RegieModelAdmin page: exactly the access of that page (Django's own model
    permissions are not used for the regisseur)."""

    def _mag(self, request):
        return self.admin_site.get_model_admin(self.parent_model)._mag(request)

    def has_view_permission(self, request, obj=None):
        return self._mag(request)

    def has_add_permission(self, request, obj=None):
        return self._mag(request)

    def has_change_permission(self, request, obj=None):
        return self._mag(request)

    def has_delete_permission(self, request, obj=None):
        return self._mag(request)


class RegieTabularInline(RegieInlineMixin, admin.TabularInline):
    pass


class RegieStackedInline(RegieInlineMixin, admin.StackedInline):
    pass
