from django.urls import path

from . import views

app_name = "casusoverleg"

urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("nieuw/", views.nieuw, name="nieuw"),
    path("agenderen/", views.agenderen, name="agenderen"),
    path("<int:overleg>/", views.overleg, name="overleg"),
    path("<int:overleg>/wijzigen/", views.wijzigen, name="wijzigen"),
    path("<int:overleg>/annuleren/", views.annuleren, name="annuleren"),
    path("<int:overleg>/uitnodigen/", views.uitnodigen, name="uitnodigen"),
    path("punt/<int:punt>/", views.punt, name="punt"),
    path("punt/<int:punt>/besluit/", views.besluit, name="besluit"),
    path("punt/<int:punt>/notulen/", views.notulen, name="notulen"),
    path("punt/<int:punt>/acties/", views.actie_toevoegen, name="actie_toevoegen"),
    path("punt/<int:punt>/verwijderen/", views.punt_verwijderen, name="punt_verwijderen"),
    path("actie/<int:actie>/afgerond/", views.actie_afronden, name="actie_afronden"),
]
