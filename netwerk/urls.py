from django.urls import path

from . import views

app_name = "netwerk"

urlpatterns = [
    path("smoelenboek/", views.smoelenboek, name="smoelenboek"),
]
