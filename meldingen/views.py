from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import rollen
from accounts.decorators import rol_vereist

from . import services
from .forms import InstellingenForm


@require_http_methods(["GET", "POST"])
@rol_vereist(rollen.NETWERKREGISSEUR, rollen.PROFESSIONAL)
def instellingen(request):
    """Which e-mails the user gets: the regisseur per urgency and the daily overview, the
    reporter news about their signals."""
    huidig = services.instellingen_van(request.user)
    if request.method == "POST":
        form = InstellingenForm(request.POST, instance=huidig, gebruiker=request.user)
        if form.is_valid():
            services.instellingen_opslaan(gebruiker=request.user, gegevens=form.cleaned_data)
            messages.success(request, _("Uw keuzes voor meldingen per e-mail zijn opgeslagen."))
            return redirect("meldingen:instellingen")
    else:
        form = InstellingenForm(instance=huidig, gebruiker=request.user)
    return render(
        request,
        "meldingen/instellingen.html",
        {
            "form": form,
            "is_regisseur": rollen.is_regisseur(request.user),
            "is_melder": rollen.heeft_rol(request.user, rollen.PROFESSIONAL),
        },
    )
