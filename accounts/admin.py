from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from kern.beheer import RegieModelAdmin, actie_per_stuk

from . import rollen, services
from .forms import AccountAanmakenForm, AccountWijzigenForm, EmailWijzigenForm

User = get_user_model()

TWEEDE_FACTOREN = {
    Authenticator.Type.TOTP: _("de authenticator-app"),
    Authenticator.Type.RECOVERY_CODES: _("de herstelcodes"),
}

# allauth registers three of these in the admin, Django the groups. Nobody, superusers included,
# reads a second factor's secret or recovery codes, swaps a login address outside
# ``services.email_wijzigen`` (logged, the old address told, sessions ended), or browses
# everyone's sessions with their IP address and browser. What may be done with them is on the
# account's own page. Groups are the roles (checked by name: a renamed group would silently
# break every role check) and the organisations' groups (kept by the services): no admin page.
for _model in (Authenticator, EmailAddress, UserSession, Group):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class RolFilter(admin.SimpleListFilter):
    title = _("rol")
    parameter_name = "rol"

    def lookups(self, request, model_admin):
        return [(r, rollen.ROL_LABELS[r]) for r in rollen.ROLLEN] + [("beheerder", _("Beheerder"))]

    def queryset(self, request, queryset):
        if self.value() == "beheerder":
            return queryset.filter(is_superuser=True)
        if self.value() in rollen.ROLLEN:
            return queryset.filter(groups__name=self.value())
        return queryset


class MFAFilter(admin.SimpleListFilter):
    title = _("tweestapsverificatie")
    parameter_name = "mfa"

    def lookups(self, request, model_admin):
        return [("ja", _("Ingesteld")), ("nee", _("Niet ingesteld"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(heeft_totp=True)
        if self.value() == "nee":
            return queryset.filter(heeft_totp=False)
        return queryset


@admin.register(User)
class AccountAdmin(RegieModelAdmin):
    list_display = ["email", "volledige_naam", "rol", "is_active", "mfa", "last_login"]
    list_filter = [RolFilter, "is_active", MFAFilter]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["last_name", "first_name", "email"]
    readonly_fields = ["email", "is_active", "last_login", "date_joined"]
    actions = ["uitnodiging_opnieuw_sturen", "deactiveren", "activeren"]
    list_per_page = 50
    change_form_template = "admin/accounts/user/change_form.html"

    def get_queryset(self, request):
        totp = Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
        return (
            super()
            .get_queryset(request)
            .annotate(heeft_totp=Exists(totp))
            .prefetch_related(Prefetch("groups", queryset=Group.objects.only("name")))
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = AccountWijzigenForm if obj else AccountAanmakenForm
        form_class = super().get_form(request, obj, change=change, **kwargs)
        door = request.user

        class MetDoor(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, door=door, **kw)

        return MetDoor

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["email", "first_name", "last_name", "rol"]})]
        return [
            (None, {"fields": ["email", "first_name", "last_name", "rol"]}),
            (_("Status"), {"fields": ["is_active", "last_login", "date_joined"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        # The regisseur does not edit beheerders or fellow regisseurs.
        return obj is None or services.mag_account_beheren(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, not deleted: the audit trail must keep pointing at them.
        return rollen.is_beheerder(request.user)

    def get_deleted_objects(self, objs, request):
        """Only counts per kind: the objects themselves (signals, shares …) are not the
        beheerder's to see, not even by name on a confirmation page."""
        te_verwijderen, aantallen, rechten_nodig, beschermd = super().get_deleted_objects(
            objs, request
        )
        samenvatting = [f"{soort}: {aantal}" for soort, aantal in aantallen.items()]
        beschermd_per_soort: dict[str, int] = {}
        for regel in beschermd:  # "Soort: <naam of link>": keep the kind, drop the name
            soort = str(regel).split(": ", 1)[0]
            beschermd_per_soort[soort] = beschermd_per_soort.get(soort, 0) + 1
        beschermd = [f"{soort}: {aantal}" for soort, aantal in beschermd_per_soort.items()]
        return samenvatting, aantallen, rechten_nodig, beschermd

    def save_model(self, request, obj, form, change):
        try:
            if not change:
                nieuw = services.account_aanmaken(
                    email=form.cleaned_data["email"],
                    voornaam=form.cleaned_data.get("first_name", ""),
                    achternaam=form.cleaned_data.get("last_name", ""),
                    rol=form.cleaned_data["rol"],
                    door=request.user,
                )
                obj.pk = nieuw.pk
                return
            obj.save(update_fields=["first_name", "last_name"])
            rol = form.cleaned_data.get("rol")
            if "rol" in form.changed_data and rol:
                services.rol_wijzigen(user=obj, rol=rol, door=request.user)
        except (PermissionDenied, ValidationError) as exc:
            raise PermissionDenied(exc) from exc

    def save_related(self, request, form, formsets, change):
        # Groups are set by the services, not by the form.
        pass

    def response_add(self, request, obj, post_url_continue=None):
        messages.info(
            request,
            _("Er is een e-mail naar %(email)s gestuurd om een wachtwoord in te stellen.")
            % {"email": obj.email},
        )
        return super().response_add(request, obj, post_url_continue)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["mag_beheren"] = services.mag_account_beheren(request.user, obj)
            context["heeft_tweede_factor"] = Authenticator.objects.filter(user=obj).exists()
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- the login address and the second factor: each a page of its own ----------------------

    def get_urls(self):
        def url(route, view, naam):
            return path(route, self.admin_site.admin_view(view), name=f"accounts_user_{naam}")

        return [
            url("<int:pk>/email/", self.email_wijzigen_view, "email"),
            url("<int:pk>/tweede-factor/", self.tweede_factor_view, "tweede_factor"),
            *super().get_urls(),
        ]

    def _account(self, request, pk):
        user = get_object_or_404(User, pk=pk)
        if not (self._mag(request) and services.mag_account_beheren(request.user, user)):
            raise PermissionDenied
        return user

    def _pagina(self, request, user, template, **extra):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": user,
            **extra,
        }
        return TemplateResponse(request, f"admin/accounts/user/{template}", context)

    def _terug(self, user):
        return redirect(reverse("admin:accounts_user_change", args=[user.pk]))

    def email_wijzigen_view(self, request, pk):
        user = self._account(request, pk)
        form = EmailWijzigenForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                nieuw = services.email_wijzigen(
                    user=user, nieuw=form.cleaned_data["email"], door=request.user
                )
            except ValidationError as fout:
                form.add_error("email", fout.message_dict.get("email", fout.messages))
            else:
                self.log_change(request, user, gettext("E-mailadres gewijzigd."))
                messages.success(
                    request,
                    gettext(
                        "Het e-mailadres is gewijzigd in %(nieuw)s. Het oude adres heeft "
                        "bericht gekregen en de gebruiker is overal uitgelogd."
                    )
                    % {"nieuw": nieuw},
                )
                return self._terug(user)
        return self._pagina(
            request,
            user,
            "email_wijzigen.html",
            title=gettext("E-mailadres wijzigen"),
            form=form,
        )

    def tweede_factor_view(self, request, pk):
        user = self._account(request, pk)
        if request.method == "POST":
            aantal = services.tweede_factor_verwijderen(user=user, door=request.user)
            if aantal:
                self.log_change(request, user, gettext("Tweestapsverificatie verwijderd."))
                messages.success(
                    request,
                    gettext(
                        "De tweestapsverificatie is verwijderd. De gebruiker is overal "
                        "uitgelogd, heeft bericht gekregen en stelt bij de volgende keer "
                        "inloggen een nieuwe authenticator-app in."
                    ),
                )
            else:
                messages.info(request, gettext("Dit account had geen tweestapsverificatie."))
            return self._terug(user)
        return self._pagina(
            request,
            user,
            "tweede_factor_verwijderen.html",
            title=gettext("Tweestapsverificatie verwijderen"),
            soorten=[
                TWEEDE_FACTOREN.get(soort, soort)
                for soort in Authenticator.objects.filter(user=user).values_list("type", flat=True)
            ],
        )

    @admin.display(description=_("naam"), ordering="last_name")
    def volledige_naam(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("rol"))
    def rol(self, obj):
        namen = [rollen.ROL_LABELS[g.name] for g in obj.groups.all() if g.name in rollen.ROL_LABELS]
        if obj.is_superuser:
            namen.insert(0, _("Beheerder"))
        return ", ".join(str(n) for n in namen) or "—"

    @admin.display(description=_("tweestapsverificatie"), ordering="heeft_totp")
    def mfa(self, obj):
        if obj.heeft_totp:
            return _("ingesteld")
        verplicht = (
            obj.is_staff
            or obj.is_superuser
            or {g.name for g in obj.groups.all()} & rollen.ROLLEN_MET_VERPLICHTE_MFA
        )
        return _("nog niet ingesteld") if verplicht else _("niet nodig")

    @admin.action(description=_("Uitnodiging (wachtwoordlink) opnieuw sturen"))
    def uitnodiging_opnieuw_sturen(self, request, queryset):
        actie_per_stuk(
            self,
            request,
            queryset.filter(is_active=True),
            lambda user: services.welkomstmail_versturen(user_id=user.pk),
            gelukt=lambda n: (
                ngettext("%(n)d uitnodiging verstuurd.", "%(n)d uitnodigingen verstuurd.", n)
                % {"n": n}
            ),
        )

    @admin.action(description=_("Deactiveren (alle sessies worden beëindigd)"))
    def deactiveren(self, request, queryset):
        actie_per_stuk(
            self,
            request,
            queryset,
            lambda user: services.account_deactiveren(user=user, door=request.user),
            gelukt=lambda n: (
                ngettext("%(n)d account gedeactiveerd.", "%(n)d accounts gedeactiveerd.", n)
                % {"n": n}
            ),
        )

    @admin.action(description=_("Activeren"))
    def activeren(self, request, queryset):
        actie_per_stuk(
            self,
            request,
            queryset,
            lambda user: services.account_activeren(user=user, door=request.user),
            gelukt=lambda n: (
                ngettext("%(n)d account geactiveerd.", "%(n)d accounts geactiveerd.", n) % {"n": n}
            ),
        )
