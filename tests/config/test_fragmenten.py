"""The layout's kept pieces (``{% vast %}``) and the menu kept per role: the same text for every
request where nothing varies, never one user's name, menu or CSRF token on another's page."""

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError, engines
from django.template.loaders.cached import Loader as CachedLoader
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _render(tekst: str, **context) -> str:
    return Template("{% load i18n static fragmenten %}" + tekst).render(Context(context))


@pytest.mark.parametrize(
    "inhoud",
    [
        "{{ user }}",
        "{{ user.email|default:'x' }}",
        "{% csrf_token %}",
        "{% translate naam %}",
        "{% translate 'Ja' as ja %}",
        "{% url 'signalen:bevestiging' referentie %}",
        "{% url 'home' as thuis %}",
        "{% static pad %}",
        "{% if user %}x{% endif %}",
        "{% block b %}{% endblock %}",
        "{% translate 'Ja'|default:naam %}",
    ],
)
def test_vast_weigert_alles_wat_per_verzoek_verschilt(inhoud):
    with pytest.raises(TemplateSyntaxError):
        Template("{% load i18n static fragmenten %}{% vast %}" + inhoud + "{% endvast %}")


def test_vast_schrijft_zijn_inhoud():
    html = _render(
        "{% vast %}<a href=\"{% url 'home' %}\">{% translate 'Yes' %}</a>"
        "<link href=\"{% static 'css/netwerkregie.css' %}\">{% endvast %}"
    )
    assert html.startswith('<a href="/">Ja</a><link href="/static/css/netwerkregie')


def test_vast_per_taal():
    sjabloon = Template("{% load i18n fragmenten %}{% vast %}{% translate 'Yes' %}{% endvast %}")
    assert sjabloon.render(Context()) == "Ja"
    with translation.override("en"):
        assert sjabloon.render(Context()) == "Yes"
    assert sjabloon.render(Context()) == "Ja"


def test_vast_per_script_prefix():
    from django.urls import get_script_prefix, set_script_prefix

    sjabloon = Template("{% load fragmenten %}{% vast %}{% url 'home' %}{% endvast %}")
    oud = get_script_prefix()
    try:
        assert sjabloon.render(Context()) == "/"
        set_script_prefix("/regie/")
        assert sjabloon.render(Context()) == "/regie/"
    finally:
        set_script_prefix(oud)
    assert sjabloon.render(Context()) == "/"


def test_sjablonen_worden_bewaard_na_het_inlezen():
    """The cached template loader (Django's default without explicit loaders): a compiled
    template, and with it every kept piece, lives as long as the worker."""
    engine = engines["django"].engine
    assert isinstance(engine.template_loaders[0], CachedLoader)


def test_productie_gebruikt_de_bewaarde_sjablonen():
    from config import settings

    assert "loaders" not in settings.TEMPLATES[0]["OPTIONS"]  # Django then caches them


def _ingelogd(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


def _accountnaam(html: str) -> str:
    return re.search(r'id="accountmenu"[^>]*>\s*([^<]*?)\s*</a>', html).group(1)


def _menu(html: str) -> list[str]:
    blok = re.search(r'<ul class="navbar-nav me-auto">(.*?)</ul>', html, re.S).group(1)
    return re.findall(r'href="([^"]+)"', blok)


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.mark.django_db
def test_geen_naam_menu_of_token_van_een_ander():
    """Pages after each other in one worker, as in production: each user sees their own name,
    the menu of their own roles and a CSRF token of their own session."""
    regisseur = UserFactory(
        regisseur=True, met_mfa=True, is_staff=True, first_name="Rianne", last_name="Regie"
    )
    professional = UserFactory(professional=True, first_name="Piet", last_name="Prof")
    partner = UserFactory(partner=True, met_mfa=True, first_name="Paula", last_name="Partner")
    clients = {u: _ingelogd(u) for u in (regisseur, professional, partner)}

    paginas = {}
    for _ronde in range(2):
        for user, client in clients.items():
            antwoord = client.get(reverse("home"))
            assert antwoord.status_code == 200
            paginas.setdefault(user, []).append(antwoord.content.decode())

    for user, htmls in paginas.items():
        for html in htmls:
            assert _accountnaam(html) == user.get_full_name()
            for ander in paginas:
                if ander != user:
                    assert ander.get_full_name() not in html
    menu = {user: _menu(htmls[-1]) for user, htmls in paginas.items()}
    assert reverse("admin:index") in menu[regisseur]
    assert reverse("admin:index") not in menu[professional] + menu[partner]
    assert reverse("signalen:mijn") in menu[professional]
    assert reverse("signalen:mijn") not in menu[regisseur] + menu[partner]
    assert reverse("signalen:gedeeld") in menu[partner]
    assert reverse("netwerk:smoelenboek") not in menu[partner]
    # Notification settings: for the regisseur and the professional, not for the partner.
    assert reverse("meldingen:instellingen") in paginas[professional][-1]
    assert reverse("meldingen:instellingen") not in paginas[partner][-1]
    # Each session its own CSRF token, and the logout form works with it.
    tokens = {user: _csrf(htmls[-1]) for user, htmls in paginas.items()}
    assert len(set(tokens.values())) == 3
    antwoord = clients[partner].post(
        reverse("account_logout"), {"csrfmiddlewaretoken": tokens[partner]}
    )
    assert antwoord.status_code == 302


@pytest.mark.django_db
def test_anoniem_geen_menu_na_een_ingelogde(client):
    professional = UserFactory(professional=True, first_name="Piet", last_name="Prof")
    assert _ingelogd(professional).get(reverse("signalen:nieuw")).status_code == 200
    html = client.get(reverse("account_login")).content.decode()
    assert "Piet Prof" not in html
    assert 'id="hoofdmenu"' not in html and "accountmenu" not in html
    assert reverse("signalen:mijn") not in html


@pytest.mark.django_db
def test_huidige_pagina_gemarkeerd_per_pagina():
    professional = UserFactory(professional=True)
    client = _ingelogd(professional)
    for naam in ("signalen:mijn", "trainingen:mijn", "signalen:casusverloop"):
        html = client.get(reverse(naam)).content.decode()
        actief = re.findall(r'<a class="nav-link active" aria-current="page" href="([^"]+)"', html)
        assert actief == [reverse(naam)]
    html = client.get(reverse("signalen:nieuw")).content.decode()
    assert 'aria-current="page"' not in html
