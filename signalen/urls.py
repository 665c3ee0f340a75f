from django.urls import path, register_converter

from . import views


class ReferentieConverter:
    regex = r"S-[0-9]{4}-[0-9]{4,6}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ReferentieConverter, "referentie")

app_name = "signalen"

urlpatterns = [
    path("nieuw/", views.nieuw, name="nieuw"),
    path("mijn/", views.mijn_signalen, name="mijn"),
    path("casusverloop/", views.casusverloop_pagina, name="casusverloop"),
    path("gedeeld/", views.gedeeld, name="gedeeld"),
    path("gedeeld/<referentie:referentie>/", views.gedeeld_detail, name="gedeeld_detail"),
    path("<referentie:referentie>/", views.detail, name="detail"),
    path("<referentie:referentie>/verzonden/", views.bevestiging, name="bevestiging"),
    path("<referentie:referentie>/aanvullen/", views.aanvullen, name="aanvullen"),
]
