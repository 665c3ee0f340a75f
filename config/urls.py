from django.contrib import admin
from django.urls import include, path

from . import regio, regio_trainingen, regio_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("gezond/", views.gezond, name="gezond"),
    path("beheer/", admin.site.urls),
    path("account/", include("allauth.urls")),
    path("netwerk/", include("netwerk.urls")),
    path("signalen/", include("signalen.urls")),
    path("uitnodiging/", include("bijeenkomsten.urls")),
    path("trainingen/", include("trainingen.urls")),
    path("meldingen/", include("meldingen.urls")),
    path("casusoverleg/", include("casusoverleg.urls")),
    path("weging/", include("weging.urls")),
    path("regio/", regio.regio_overzicht, name="regio"),
    path("regio/programmaraad/", regio_views.programmaraad, name="regio_programmaraad"),
    path("regio/gemeente/", regio_views.gemeente_kiezen, name="regio_gemeente_kiezen"),
    path("regio/trainingen/", regio_trainingen.lijst, name="regio_trainingen"),
    path("regio/trainingen/nieuw/", regio_trainingen.nieuw, name="regio_training_nieuw"),
    path("regio/trainingen/<int:pk>/", regio_trainingen.detail, name="regio_training"),
    path(
        "regio/trainingen/<int:pk>/wijzigen/",
        regio_trainingen.wijzigen,
        name="regio_training_wijzigen",
    ),
    path(
        "regio/trainingen/<int:pk>/annuleren/",
        regio_trainingen.annuleren,
        name="regio_training_annuleren",
    ),
]

handler403 = "config.views.fout_403"
handler404 = "config.views.fout_404"
handler500 = "config.views.fout_500"
