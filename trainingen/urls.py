from django.urls import path

from regio.scope import in_gemeente_van_link

from . import views
from .models import Inschrijving

app_name = "trainingen"

urlpatterns = [
    path("", views.aanbod, name="aanbod"),
    path("mijn/", views.mijn, name="mijn"),
    path("<int:pk>/", views.editie, name="editie"),
    # Anonymous, through the personal link: in the gemeente of the enrolment (regio.scope).
    path(
        "inschrijving/<str:token>/",
        in_gemeente_van_link(Inschrijving)(views.inschrijving),
        name="inschrijving",
    ),
]
