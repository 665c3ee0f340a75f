from django.urls import path

from . import views

app_name = "bijeenkomsten"

urlpatterns = [
    # Anonymous, through the personal link: the view works in the gemeente of the invitation
    # (regio.scope.in_gemeente_van_link, on the view itself).
    path("<str:token>/", views.rsvp, name="rsvp"),
]
