from django.urls import path

from . import views

app_name = "bijeenkomsten"

urlpatterns = [
    path("<str:token>/", views.rsvp, name="rsvp"),
]
