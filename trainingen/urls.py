from django.urls import path

from . import views

app_name = "trainingen"

urlpatterns = [
    path("", views.aanbod, name="aanbod"),
    path("mijn/", views.mijn, name="mijn"),
    path("<int:pk>/", views.editie, name="editie"),
    path("inschrijving/<str:token>/", views.inschrijving, name="inschrijving"),
]
