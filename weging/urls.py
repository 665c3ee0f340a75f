from django.urls import path

import signalen.urls  # noqa: F401  (registers the converter of a signal's reference)

from . import views

app_name = "weging"

urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("rapport/", views.rapport_pagina, name="rapport"),
    path("rapport/verschillen/", views.verschillen, name="verschillen"),
    path("kaders/", views.kaders_in_regio, name="kaders"),
    path("versie/<int:weging>/", views.versie, name="versie"),
    path("versie/<int:weging>/bevestigen/", views.bevestigen, name="bevestigen"),
    path("versie/<int:weging>/terugsturen/", views.terugsturen, name="terugsturen"),
    path("versie/<int:weging>/intrekken/", views.intrekken, name="intrekken"),
    path("<referentie:referentie>/", views.signaal, name="signaal"),
    path("<referentie:referentie>/starten/", views.starten, name="starten"),
]
