import pytest
from django.test import RequestFactory
from django.urls import reverse

from config import views

pytestmark = pytest.mark.django_db


def test_gezondheidscontrole(client):
    antwoord = client.get(reverse("gezond"))
    assert antwoord.status_code == 200
    assert antwoord.content == b"ok"


def test_inlogpagina_is_nederlands_toegankelijk_en_zonder_inline_scripts(client):
    antwoord = client.get(reverse("account_login"))
    html = antwoord.content.decode()
    assert '<html lang="nl">' in html
    assert 'class="skiplink" href="#inhoud"' in html
    assert 'id="inhoud"' in html
    assert 'for="id_login"' in html
    assert "Inloggen" in html
    # Every <script> has a src: nothing inline that the CSP would have to allow.
    import re

    for script in re.findall(r"<script[^>]*>", html):
        assert "src=" in script or 'type="application/json"' in script, script


def test_beveiligingsheaders(client):
    antwoord = client.get(reverse("account_login"))
    csp = antwoord["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert antwoord["X-Frame-Options"] == "DENY"
    assert antwoord["X-Content-Type-Options"] == "nosniff"
    assert antwoord["Referrer-Policy"] == "same-origin"


def test_404_is_een_nederlandse_pagina(client):
    antwoord = client.get("/bestaat-niet/")
    assert antwoord.status_code == 404
    assert "Pagina niet gevonden" in antwoord.content.decode()


def test_403_is_een_nederlandse_pagina(login, professional):
    antwoord = login(professional).get(reverse("admin:index"))
    assert antwoord.status_code == 403
    assert "Geen toegang" in antwoord.content.decode()


def test_500_is_een_nederlandse_pagina_zonder_context():
    antwoord = views.fout_500(RequestFactory().get("/"))
    assert antwoord.status_code == 500
    assert "Er ging iets mis" in antwoord.content.decode()


def test_500_ook_als_de_statische_bestanden_ontbreken(settings):
    """Production stores static files with a manifest; without it (collectstatic not run),
    ``{% static %}`` raises. The error page must still be a Dutch page, not Django's default."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = "/tmp/nergens-een-manifest"
    antwoord = views.fout_500(RequestFactory().get("/"))
    assert antwoord.status_code == 500
    tekst = antwoord.content.decode()
    assert "Er ging iets mis" in tekst and "112" in tekst


def test_csrf_fout_is_een_nederlandse_pagina(professional):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    antwoord = client.post(reverse("account_login"), {"login": professional.email, "password": "x"})
    assert antwoord.status_code == 403
    assert "Het formulier is verlopen" in antwoord.content.decode()


def test_startpagina_vraagt_om_inloggen(client):
    antwoord = client.get(reverse("home"))
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("account_login"))


def test_navigatie_per_rol(login, professional, regisseur):
    html = login(professional).get(reverse("home")).content.decode()
    assert "Een zorg melden" in html
    assert reverse("admin:index") not in html
    html = login(regisseur).get(reverse("home")).content.decode()
    assert reverse("admin:index") in html
    assert "Een zorg melden" not in html


def test_partner_ziet_gedeelde_signalen_en_geen_beheer(login, partner):
    html = login(partner).get(reverse("home")).content.decode()
    assert "Gedeelde signalen" in html
    assert reverse("admin:index") not in html
