"""Issue 14.10: an add page in /beheer/ sent twice (a double click, a resent request) adds one
object; the second POST lands on the first object's page. Accounts too: one account, one
invitation mail."""

from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import User
from netwerk.models import Persoon, Wijk

pytestmark = pytest.mark.django_db


class _Velden(HTMLParser):
    """The values a browser would send for the admin's main form, as the page comes."""

    def __init__(self):
        super().__init__()
        self.velden: dict[str, list[str]] = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        naam = a.get("name")
        if tag == "input" and naam and a.get("type") not in ("submit", "button", "file"):
            aanvink = a.get("type") in ("checkbox", "radio")
            if aanvink and "checked" not in a:
                return
            self.velden.setdefault(naam, []).append(a.get("value", "on" if aanvink else ""))
        elif tag == "select" and naam:
            self._select = naam
            self.velden.setdefault(naam, [])
        elif tag == "option" and self._select and "selected" in a:
            self.velden[self._select].append(a.get("value", ""))
        elif tag == "textarea" and naam:
            self._textarea = naam
            self.velden[naam] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.velden[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _formulier(client, url, **ingevuld):
    parser = _Velden()
    parser.feed(client.get(url).content.decode())
    velden = {k: v[:1] if k == "csrfmiddlewaretoken" else v for k, v in parser.velden.items()}
    velden = {k: v for k, v in velden.items() if "__prefix__" not in k}
    velden.update({k: [v] for k, v in ingevuld.items()})
    assert velden.get("eenmalig"), "het formulier heeft geen eenmalig token"
    return velden


def test_persoon_tweemaal_toevoegen_geeft_een_persoon(login, regisseur):
    client = login(regisseur)
    url = reverse("admin:netwerk_persoon_add")
    gegevens = _formulier(
        client, url, voornaam="Bram", achternaam="Heijden", tussenvoegsel="van der"
    )
    eerste = client.post(url, gegevens)
    tweede = client.post(url, gegevens)
    persoon = Persoon.objects.get(achternaam="Heijden")
    pagina = reverse("admin:netwerk_persoon_change", args=[persoon.pk])
    assert eerste.status_code == tweede.status_code == 302
    assert tweede["Location"] == pagina
    assert "Dit formulier was al verstuurd" in " ".join(
        str(m) for m in get_messages(tweede.wsgi_request)
    )
    # A new form is a new person (namesakes exist).
    client.post(url, _formulier(client, url, voornaam="Bram", achternaam="Heijden"))
    assert Persoon.objects.filter(achternaam="Heijden").count() == 2


def test_een_ongeldig_formulier_geeft_het_token_terug(login, regisseur):
    client = login(regisseur)
    url = reverse("admin:netwerk_wijk_add")
    gegevens = _formulier(client, url)
    fout = client.post(url, {**gegevens, "naam": [""]})
    assert fout.status_code == 200 and not Wijk.objects.exists()
    goed = client.post(url, {**gegevens, "naam": ["Tanthof"]})
    assert goed.status_code == 302
    assert Wijk.objects.get().naam == "Tanthof"


def test_account_tweemaal_aanmaken_geeft_een_account_en_een_mail(
    login, beheerder, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(beheerder)
    url = reverse("admin:accounts_user_add")
    gegevens = _formulier(
        client, url, email="nieuw@voorbeeld.nl", first_name="Nina", last_name="Bos",
        rol="Professional",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        eerste = client.post(url, gegevens)
    with django_capture_on_commit_callbacks(execute=True):
        tweede = client.post(url, gegevens)
    account = User.objects.get(email="nieuw@voorbeeld.nl")
    assert eerste.status_code == tweede.status_code == 302
    assert tweede["Location"] == reverse("admin:accounts_user_change", args=[account.pk])
    assert len([m for m in mailoutbox if "nieuw@voorbeeld.nl" in m.to]) == 1


def test_wijzigpagina_met_een_nieuw_contactmoment_tweemaal_geeft_een_contactmoment(
    login, regisseur
):
    from tests.factories import PersoonFactory

    persoon = PersoonFactory(voornaam="Amina", achternaam="Jama")
    client = login(regisseur)
    url = reverse("admin:netwerk_persoon_change", args=[persoon.pk])
    gegevens = _formulier(
        client,
        url,
        **{
            "contactmomenten-0-datum": "01-12-2026",
            "contactmomenten-0-soort": "telefoon",
            "contactmomenten-0-notitie": "Gebeld over de bijeenkomst",
        },
    )
    eerste = client.post(url, gegevens)
    tweede = client.post(url, gegevens)
    assert eerste.status_code == tweede.status_code == 302
    assert tweede["Location"] == url
    assert persoon.contactmomenten.count() == 1
