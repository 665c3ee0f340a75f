from django.contrib import admin
from django.urls import include, path

from . import regio, regio_views, views

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
]

handler403 = "config.views.fout_403"
handler404 = "config.views.fout_404"
handler500 = "config.views.fout_500"
