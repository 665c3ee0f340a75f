"""The gemeente's own settings in /beheer/: the regisseur and the beheerder see and change only
their own gemeente: its number of inhabitants and whether it takes part in the region's "hit, no
content" notices."""

from django.contrib import admin

from kern.beheer import RegieModelAdmin

from . import services
from .models import Gemeente


@admin.register(Gemeente)
class GemeenteAdmin(RegieModelAdmin):
    fields = ["naam", "inwoners", "doet_mee_aan_overeenkomsten"]
    readonly_fields = ["naam"]
    list_display = ["naam", "inwoners", "doet_mee_aan_overeenkomsten"]

    def get_queryset(self, request):
        # One's own gemeente only; another's is not found (404).
        return super().get_queryset(request).filter(pk=request.user.gemeente_id)

    def has_add_permission(self, request):
        return False  # gemeenten are added by the installation (manage.py gemeente_toevoegen)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.instellingen_wijzigen(
            gemeente=obj, doet_mee=obj.doet_mee_aan_overeenkomsten, inwoners=obj.inwoners
        )
