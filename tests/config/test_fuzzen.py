"""No input gives a server error: malformed values on every form of /beheer/ and of the site.

A form answers bad input with a Dutch message and a 4xx or the form again, never a 500. These
tests open every page a role works with, collect the forms on it (every input, select and
textarea, the inline management forms, the action bar and the filters of the lists, the
autocomplete lookups) and let Hypothesis send each form back with malformed values in every
field, in some or in one: non-numeric ids, huge and negative numbers, empty and very long
strings, NUL bytes, other scripts, impossible dates and times, several values where one is
expected, fields left out, broken files. Each example starts from the same data (it runs in a
savepoint that is rolled back) and fails on the first answer >= 500, printing the path and the
payload.

The first tests are plain regressions: the three pages that gave a 500 (``kern.widgets``),
then each 500 the fuzzing found.
"""

import os
import re
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kern.beheer import RegieModelAdmin
from tests.factories import (
    PDF,
    BijeenkomstFactory,
    ContactmomentFactory,
    ConvenantFactory,
    GemeenschapFactory,
    LidmaatschapFactory,
    LocatieFactory,
    NetwerkFactory,
    OrganisatieFactory,
    PersoonFactory,
    SignaalFactory,
    SleutelpersoonFactory,
    UserFactory,
    WijkFactory,
    af_bij,
    editie,
    gemeente,
    lid_van,
    partner_bij,
    professional_met_persoon,
)

ONGELDIGE_KEUZE = "Selecteer een geldige keuze"
# Examples per form; FUZZ_GRONDIGHEID=10 sends ten times as many (a deeper search).
VOORBEELDEN = 3
GRONDIGHEID = float(os.environ.get("FUZZ_GRONDIGHEID", "1"))


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


# --- The three pages that gave a 500 --------------------------------------------------------------


def test_lidmaatschap_met_onleesbare_persoon_toont_het_formulier_weer(regisseur):
    netwerk = NetwerkFactory()
    antwoord = _client(regisseur).post(
        "/beheer/netwerk/lidmaatschap/add/", {"persoon": "abc", "netwerk": netwerk.pk}
    )
    assert antwoord.status_code == 200
    assert ONGELDIGE_KEUZE in antwoord.content.decode()


def test_sleutelpersoon_met_onleesbare_persoon_toont_het_formulier_weer(regisseur):
    antwoord = _client(regisseur).post(
        "/beheer/netwerk/sleutelpersoon/add/", {"persoon": "abc", "betrokkenheid": "kern"}
    )
    assert antwoord.status_code == 200
    assert ONGELDIGE_KEUZE in antwoord.content.decode()


def test_bijeenkomst_met_onleesbaar_netwerk_toont_het_formulier_weer(regisseur):
    antwoord = _client(regisseur).post(
        "/beheer/bijeenkomsten/bijeenkomst/add/", {"netwerk": "abc", "titel": "Overleg"}
    )
    assert antwoord.status_code == 200
    assert ONGELDIGE_KEUZE in antwoord.content.decode()


# --- What the fuzzing found -----------------------------------------------------------------------


def test_actie_op_een_selectie_met_onzin_wijzigt_niets_en_zegt_dat(regisseur):
    persoon = PersoonFactory()
    antwoord = _client(regisseur).post(
        "/beheer/netwerk/persoon/",
        {"action": "anonimiseren", "_selected_action": [persoon.pk, "abc"], "index": "0"},
        follow=True,
    )
    assert antwoord.status_code == 200
    assert "De selectie klopt niet" in antwoord.content.decode()
    persoon.refresh_from_db()
    assert persoon.geanonimiseerd_op is None


@pytest.mark.parametrize(
    ("pad", "parameters"),
    [
        ("/beheer/berichten/bericht/", {"soort": "x\x00"}),
        ("/beheer/netwerk/persoon/", {"voornaam": "\x00"}),
        (
            "/beheer/autocomplete/",
            {"app_label": "netwerk", "model_name": "lidmaatschap", "field_name": "persoon"}
            | {"term": "a\x00"},
        ),
    ],
)
def test_nul_teken_in_een_filter_of_zoekterm_geeft_400(regisseur, pad, parameters):
    antwoord = _client(regisseur).get(pad, parameters)
    assert antwoord.status_code == 400
    assert "Ongeldige aanvraag" in antwoord.content.decode()


@pytest.mark.parametrize("jaar", ["9999", "99999999999999999999"])
def test_onmogelijk_jaar_in_de_datumhierarchie_toont_de_hele_lijst(regisseur, jaar):
    antwoord = _client(regisseur).get("/beheer/signalen/signaal/", {"ingediend_op__year": jaar})
    assert antwoord.status_code == 302
    assert antwoord["Location"] == "/beheer/signalen/signaal/?e=1"


def test_koppelen_met_nul_teken_in_de_referentie_zegt_dat_er_geen_signaal_is(regisseur):
    signaal = SignaalFactory()
    antwoord = _client(regisseur).post(
        f"/beheer/signalen/signaal/{signaal.pk}/koppelen/",
        {"referentie": f"{signaal.referentie}\x00"},
        follow=True,
    )
    assert antwoord.status_code == 200
    assert "Er is geen signaal met referentie" in antwoord.content.decode()


@pytest.mark.parametrize("soort", ["bijeenkomst", "editie"])
def test_annuleren_met_nul_teken_in_de_reden_annuleert_niets(regisseur, soort):
    from bijeenkomsten.services import uitnodigingen_versturen
    from trainingen.services import persoon_inschrijven

    # With someone to tell: the reason goes into their e-mail.
    if soort == "bijeenkomst":
        geannuleerd = BijeenkomstFactory()
        lid_van(geannuleerd.netwerk)
        uitnodigingen_versturen(geannuleerd)
        pad = f"/beheer/bijeenkomsten/bijeenkomst/{geannuleerd.pk}/annuleren/"
    else:
        geannuleerd = editie()
        persoon_inschrijven(geannuleerd, af_bij())
        pad = f"/beheer/trainingen/editie/{geannuleerd.pk}/annuleren/"
    antwoord = _client(regisseur).post(pad, {"reden": "De trainer is ziek\x00"})
    assert antwoord.status_code == 200
    assert "De reden bevat een ongeldig teken" in antwoord.content.decode()
    geannuleerd.refresh_from_db()
    assert not geannuleerd.is_geannuleerd


# --- Reading the forms of a page ------------------------------------------------------------------


@dataclass(repr=False)
class Formulier:
    """One <form> of a page: where it goes, what it sends as it is, and what it could send."""

    pagina: str
    actie: str
    methode: str
    waarden: dict[str, list[str]] = field(default_factory=dict)
    keuzes: dict[str, list[str]] = field(default_factory=dict)
    bestanden: list[str] = field(default_factory=list)
    knoppen: list[tuple[str, str]] = field(default_factory=list)

    def __repr__(self):
        return f"<{self.methode.upper()} {_pad(self.actie)}>"

    def _repr_pretty_(self, p, cycle):
        p.text(repr(self))

    @property
    def namen(self) -> list[str]:
        return sorted(set(self.waarden) | set(self.keuzes) | set(self.bestanden))

    def sleutel(self):
        return (self.actie, self.methode, tuple(self.namen))


class _Lezer(HTMLParser):
    def __init__(self, pagina: str):
        super().__init__(convert_charrefs=True)
        self.pagina = pagina
        self.formulieren: list[Formulier] = []
        self.links: list[str] = []
        self.autocomplete: set[tuple[str, str, str]] = set()
        self._form: Formulier | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._tekst: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.pagina, a["href"]))
        if tag == "form":
            self._form = Formulier(
                pagina=self.pagina,
                actie=urljoin(self.pagina, a.get("action") or self.pagina),
                methode=(a.get("method") or "get").lower(),
            )
            self.formulieren.append(self._form)
            return
        f = self._form
        if f is None:
            return
        naam = a.get("name")
        if tag == "input" and naam:
            soort = a.get("type", "text").lower()
            if soort in ("submit", "image", "button", "reset"):
                f.knoppen.append((naam, a.get("value", "")))
            elif soort == "file":
                f.bestanden.append(naam)
            elif soort in ("checkbox", "radio"):
                f.keuzes.setdefault(naam, []).append(a.get("value", "on"))
                if "checked" in a:
                    f.waarden.setdefault(naam, []).append(a.get("value", "on"))
            else:
                f.waarden.setdefault(naam, []).append(a.get("value", ""))
        elif tag == "button" and naam:
            f.knoppen.append((naam, a.get("value", "")))
        elif tag == "select" and naam:
            sleutels = ("data-app-label", "data-model-name", "data-field-name")
            if all(a.get(k) for k in sleutels):
                self.autocomplete.add(tuple(a[k] for k in sleutels))
            self._select = naam
            f.keuzes.setdefault(naam, [])
        elif tag == "option" and self._select:
            f.keuzes[self._select].append(a.get("value", ""))
            if "selected" in a:
                f.waarden.setdefault(self._select, []).append(a.get("value", ""))
        elif tag == "textarea" and naam:
            self._textarea = naam
            self._tekst = []

    def handle_data(self, data):
        if self._textarea:
            self._tekst.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea and self._form is not None:
            self._form.waarden.setdefault(self._textarea, []).append("".join(self._tekst).strip())
            self._textarea = None


def _lees(pagina: str, html: str) -> _Lezer:
    lezer = _Lezer(pagina)
    lezer.feed(html)
    return lezer


def _pad(url: str) -> str:
    delen = urlsplit(url)
    return delen.path + (f"?{delen.query}" if delen.query else "")


# Forms never fuzzed: they end the session (logout), or only confirm a deletion.
OVERGESLAGEN = re.compile(r"/(logout|delete|history)/")


# --- Malformed values -----------------------------------------------------------------------------

# Each kind starts with the value that breaks most: Hypothesis tries the simplest example first,
# which is that value in every field of the form.
SOORTEN = {
    # NUL (PostgreSQL refuses it in text) in a value that is no number either.
    "onleesbaar": st.sampled_from(["a\x00bc", "\x00", "1\x00", "abc"]),
    "getal": st.one_of(
        st.sampled_from(
            ["99999999999999999999", "-1", "0", "9999", "1.5", "1e400", "NaN", "-2147483649"]
        ),
        st.integers().map(str),
    ),
    "tekst": st.one_of(
        st.sampled_from(
            [
                "",
                " ",
                "x" * 5000,
                "é ñ 漢字 😀 \u202e",
                "<script>alert(1)</script>",
                "' OR '1'='1",
                "%",
                "__prefix__",
                "None",
                "[]",
                "S-0000-0000",
            ]
        ),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
    ),
    "datum": st.sampled_from(
        [
            "31-02-2027",
            "2027-02-31",
            "00-00-0000",
            "99-99-9999",
            "01-01-0001",
            "31-12-9999",
            "1-1-10000",
            "25:61",
            "24:00",
            "-1:30",
        ]
    ),
}
slechte_waarde = st.one_of(*SOORTEN.values())

slecht_bestand = st.builds(
    lambda naam, inhoud: SimpleUploadedFile(naam, inhoud),
    st.sampled_from(["a.pdf", "a.xlsx", "a.csv", "a", "ö" * 300 + ".pdf"]),
    st.one_of(
        st.sampled_from([b"", b"%PDF-1.4\n%%EOF", PDF[: len(PDF) // 2], b"PK\x03\x04kapot"]),
        st.binary(max_size=200),
    ),
)


@st.composite
def verminkt(draw, formulier: Formulier):
    """The form as the page sends it (the empty choices filled in or not), with malformed
    values of one kind in every field, in some fields, or in one; or fields left out, or
    several values where one is expected."""
    gegevens = {naam: list(w) for naam, w in formulier.waarden.items()}
    for naam, opties in sorted(formulier.keuzes.items()):
        if naam not in gegevens and opties and draw(st.booleans()):
            gegevens[naam] = [draw(st.sampled_from(opties))]
    if formulier.knoppen:
        naam, waarde = draw(st.sampled_from(formulier.knoppen))
        gegevens.setdefault(naam, [waarde])
    namen = formulier.namen or ["q"]
    bereik = draw(st.sampled_from(["alle", "één", "enkele"]))
    soort = draw(st.sampled_from([*SOORTEN, "lijst", "weg"]))
    if bereik == "alle":
        geraakt = namen
    elif bereik == "één":
        geraakt = [draw(st.sampled_from(namen))]
    else:
        geraakt = [naam for naam in namen if draw(st.booleans())]
    for naam in geraakt:
        if soort == "weg":
            gegevens.pop(naam, None)
        elif naam in formulier.bestanden:
            gegevens[naam] = [draw(slecht_bestand)]
        elif soort == "lijst":
            gegevens[naam] = draw(st.lists(slechte_waarde, min_size=2, max_size=3))
        else:
            gegevens[naam] = [draw(SOORTEN[soort])]
    return {naam: [_begrensd(naam, w) for w in ws] for naam, ws in gegevens.items()}


def _begrensd(naam: str, waarde):
    """Django builds (and shows again) as many inline forms as TOTAL_FORMS asks, up to 2000:
    correct, but seconds per request. A large count stays large, at 60."""
    if naam.endswith("-TOTAL_FORMS") and isinstance(waarde, str):
        try:
            return "60" if int(waarde) > 60 else waarde
        except ValueError:
            return waarde
    return waarde


def _versturen(client, formulier: Formulier, gegevens: dict):
    if formulier.methode == "post":
        return client.post(_pad(formulier.actie), gegevens)
    return client.get(urlsplit(formulier.actie).path, gegevens)


def _beschrijf(formulier: Formulier, gegevens: dict) -> str:
    def kort(w):
        if isinstance(w, SimpleUploadedFile):
            return f"<bestand {w.name!r}>"
        return repr(w) if len(w) < 100 else repr(w[:80]) + f"… ({len(w)} tekens)"

    regels = [f"{formulier.methode.upper()} {_pad(formulier.actie)} (van {formulier.pagina})"]
    regels += [f"  {n} = {', '.join(kort(w) for w in ws)}" for n, ws in sorted(gegevens.items())]
    return "\n".join(regels)


def _vervolg(formulier: Formulier, antwoord) -> list[Formulier]:
    """The forms of a page that answers with a next step (an action's second page, an
    import's confirmation): other forms than the one just sent, under /beheer/."""
    if antwoord.status_code != 200 or "html" not in antwoord.get("Content-Type", ""):
        return []
    return [
        f
        for f in _lees(formulier.actie, antwoord.content.decode()).formulieren
        if f.methode == "post"
        and urlsplit(f.actie).path.startswith("/beheer/")
        and not OVERGESLAGEN.search(f.actie)
        and set(f.namen) - set(formulier.namen)
    ]


def _fuzzen(client, formulieren: list[Formulier], *, voorbeelden: int):
    """Let Hypothesis send malformed versions of each of these forms; fail on any answer
    >= 500. Every example runs in a savepoint that is rolled back: each starts from the same
    data, and a failure can be shrunk."""
    assert formulieren, "geen formulieren gevonden om te testen"

    @settings(
        max_examples=max(1, round(voorbeelden * GRONDIGHEID)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.data())
    def probeer(formulier, data):
        gegevens = data.draw(verminkt(formulier), label="gegevens")
        tweede = None
        with transaction.atomic():
            antwoord = _versturen(client, formulier, gegevens)
            vervolg = _vervolg(formulier, antwoord) if antwoord.status_code < 500 else []
            if vervolg:
                volgend = data.draw(st.sampled_from(vervolg), label="vervolgformulier")
                tweede_gegevens = data.draw(verminkt(volgend), label="vervolggegevens")
                tweede = (volgend, tweede_gegevens, _versturen(client, volgend, tweede_gegevens))
            transaction.set_rollback(True)
        assert antwoord.status_code < 500, (
            f"{antwoord.status_code} op\n{_beschrijf(formulier, gegevens)}"
        )
        if tweede is not None:
            volgend, tweede_gegevens, tweede_antwoord = tweede
            assert tweede_antwoord.status_code < 500, (
                f"{tweede_antwoord.status_code} op\n{_beschrijf(volgend, tweede_gegevens)}\n"
                f"na\n{_beschrijf(formulier, gegevens)}"
            )

    for formulier in formulieren:
        probeer(formulier)


# --- The data every page is opened with -----------------------------------------------------------


@dataclass
class Wereld:
    gebruikers: dict
    doelen: dict  # model label -> the object whose change page is tested
    rsvp_token: str = ""
    inschrijving_token: str = ""
    signaal_referentie: str = ""
    vraag_referentie: str = ""
    editie_pk: int = 0

    def doel(self, model):
        if model._meta.label in self.doelen:
            return self.doelen[model._meta.label]
        return model._default_manager.order_by("pk").first()


@pytest.fixture
def wereld(db, regisseur, beheerder):
    from bijeenkomsten import services as bijeenkomsten
    from bijeenkomsten.models import Reeks, Uitnodiging
    from netwerk.models import Werkgroep
    from signalen import delen
    from signalen.models import Zoekopdracht
    from tests.berichten.factories import BerichtFactory
    from trainingen import services as trainingen

    gemeente()
    politie = OrganisatieFactory(naam="Politie", domein="politie")
    ggz = OrganisatieFactory(naam="GGZ", domein="ggz")
    LocatieFactory(organisatie=politie, wijk=WijkFactory(naam="Centrum"))
    GemeenschapFactory()
    ConvenantFactory(partijen=[politie, ggz])
    netwerk = NetwerkFactory()
    lid = lid_van(netwerk)
    LidmaatschapFactory(netwerk=netwerk)
    af_bij(politie)
    SleutelpersoonFactory(persoon=lid)
    ContactmomentFactory(persoon=lid)
    Werkgroep.objects.create(naam="Werkgroep Brandgang", netwerk=netwerk, start=date(2025, 3, 1))
    Reeks.objects.create(
        netwerk=netwerk,
        naam="Netwerk aandachtsfunctionarissen",
        starttijd=time(19, 30),
        eindtijd=time(21, 30),
        locatie="Stadskantoor",
        eerste_datum=date.today() + timedelta(days=3),
    )
    komend = BijeenkomstFactory(netwerk=netwerk)
    bijeenkomsten.uitnodigingen_versturen(komend)
    uitnodiging = Uitnodiging.objects.filter(bijeenkomst=komend).first()
    rsvp_token = uitnodiging.token

    melder, _mens = professional_met_persoon(organisatie=politie)
    signaal = SignaalFactory(
        melder=melder,
        fase="in_behandeling",
        door=regisseur,
        categorie="radicalisering",
        persoon_naam="Daan Vermeer",
        persoon_geboortedatum=date(2008, 3, 14),
    )
    SignaalFactory(persoon_naam="Daan Vermeer", persoon_geboortedatum=date(2008, 3, 14))
    met_vraag = SignaalFactory(melder=melder, fase="aanvulling_gevraagd", door=regisseur)
    delen.signaal_delen(signaal=signaal, organisatie=politie, door=regisseur)
    Zoekopdracht.objects.create(door=regisseur, zoekterm_sleutel="x" * 64, aantal=1)

    training = editie(dagen=2, capaciteit=2)
    inschrijving = trainingen.persoon_inschrijven(training, af_bij(ggz))
    trainingen.persoon_inschrijven(training, _mens)  # the professional can cancel on the site
    BerichtFactory(mislukt=True)

    account = UserFactory(professional=True)
    return Wereld(
        gebruikers={
            "regisseur": regisseur,
            "beheerder": beheerder,
            "professional": melder,
            "partner": partner_bij(politie),
        },
        doelen={"accounts.User": account, "signalen.Signaal": signaal},
        rsvp_token=rsvp_token,
        inschrijving_token=inschrijving.token,
        signaal_referentie=signaal.referentie,
        vraag_referentie=met_vraag.referentie,
        editie_pk=training.pk,
    )


# --- /beheer/: every registered model, with the role that works with it ---------------------------


def _rollen_voor(model_admin) -> list[str]:
    """The regisseur's own models for the regisseur, the shared ones for both, Django's own
    (groups) for the beheerder."""
    if not isinstance(model_admin, RegieModelAdmin):
        return ["beheerder"]
    if model_admin.alleen_regisseur:
        return ["regisseur"]
    return ["beheerder", "regisseur"]


BEHEER = [
    pytest.param(model, rol, id=f"{model._meta.label}-{rol}")
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda i: i[0]._meta.label)
    for rol in _rollen_voor(model_admin)
]

# Query parameters of every changelist, beside its own filters.
LIJSTPARAMETERS = {
    "q": ["", "a"],
    "o": ["1", "-1", "1.2"],
    "p": ["1", "2"],
    "all": [""],
    "_popup": ["1"],
    "_to_field": ["id", "pk"],
    "e": ["1"],
}


def _beheerformulieren(client, model, wereld) -> list[Formulier]:
    """The forms of a model's pages: the list (its action bar, search, filters), the add page,
    the change page of one object, and the pages these link to under the model's own address
    (the extra pages of an object, import and export); the autocomplete lookups they use."""
    opts = model._meta
    basis = f"/beheer/{opts.app_label}/{opts.model_name}/"
    doel = wereld.doel(model)
    van_een_object = re.compile(re.escape(basis) + r"(\d+)/")
    te_openen = [(basis, 0), (basis + "add/", 0)]
    if doel is not None:
        te_openen.append((f"{basis}{doel.pk}/change/", 0))
    gezien, formulieren, filters, autocomplete = set(), {}, {}, set()
    while te_openen:
        pad, diepte = te_openen.pop(0)
        if pad in gezien:
            continue
        gezien.add(pad)
        antwoord = client.get(pad)
        assert antwoord.status_code < 500, f"{antwoord.status_code} op GET {pad}"
        if antwoord.status_code != 200 or "html" not in antwoord.get("Content-Type", ""):
            continue
        lezer = _lees(f"http://testserver{pad}", antwoord.content.decode())
        autocomplete |= lezer.autocomplete
        for f in lezer.formulieren:
            if urlsplit(f.actie).path.startswith("/beheer/") and not OVERGESLAGEN.search(f.actie):
                formulieren.setdefault(f.sleutel(), f)
                if pad.endswith("/add/") and f.methode == "post":
                    # The add page takes initial values from its query string.
                    get = Formulier(pad, f.actie, "get", keuzes={n: [""] for n in f.namen})
                    formulieren.setdefault(get.sleutel(), get)
        for link in lezer.links:
            delen = urlsplit(link)
            if not delen.path.startswith(basis) or OVERGESLAGEN.search(delen.path):
                continue
            if delen.path == basis and delen.query:
                for sleutel, waarde in parse_qsl(delen.query, keep_blank_values=True):
                    filters.setdefault(sleutel, set()).add(waarde)
                continue
            object_link = van_een_object.match(delen.path)
            if object_link and (doel is None or int(object_link.group(1)) != doel.pk):
                continue  # another object's pages: one object is enough
            if diepte == 0:
                te_openen.append((_pad(link), 1))
    keuzes = {k: sorted(v) for k, v in filters.items()} | LIJSTPARAMETERS
    lijst = Formulier(basis, f"http://testserver{basis}", "get", keuzes=keuzes)
    formulieren[lijst.sleutel()] = lijst
    for app_label, model_name, field_name in sorted(autocomplete):
        zoeken = Formulier(
            basis,
            "http://testserver/beheer/autocomplete/",
            "get",
            waarden={
                "app_label": [app_label],
                "model_name": [model_name],
                "field_name": [field_name],
                "term": ["a"],
                "page": ["1"],
            },
        )
        formulieren[zoeken.sleutel()] = zoeken
    return list(formulieren.values())


@pytest.mark.parametrize(("model", "rol"), BEHEER)
def test_beheer_geeft_nooit_een_serverfout(model, rol, wereld):
    client = _client(wereld.gebruikers[rol])
    formulieren = _beheerformulieren(client, model, wereld)
    doel = wereld.doel(model)
    if doel is not None:  # the pages were really read (not a login page or a 403)
        wijzigen = f"/beheer/{model._meta.app_label}/{model._meta.model_name}/{doel.pk}/change/"
        assert any(urlsplit(f.actie).path == wijzigen for f in formulieren), wijzigen
    _fuzzen(client, formulieren, voorbeelden=VOORBEELDEN)


# --- The site: every form a role meets ------------------------------------------------------------

# Where each role starts; the pages these link to (on the site, not /beheer/) are opened too.
SITE = {
    "professional": [
        "/",
        "/signalen/nieuw/",
        "/signalen/mijn/",
        "/signalen/{signaal}/",
        "/signalen/{vraag}/",
        "/signalen/casusverloop/",
        "/netwerk/smoelenboek/",
        "/trainingen/",
        "/trainingen/{editie}/",
        "/trainingen/mijn/",
    ],
    "partner": ["/signalen/gedeeld/", "/signalen/gedeeld/{signaal}/", "/signalen/casusverloop/"],
    "regisseur": ["/netwerk/smoelenboek/", "/trainingen/", "/trainingen/{editie}/"],
    "beheerder": ["/trainingen/", "/trainingen/{editie}/"],
    "anoniem": [
        "/uitnodiging/{rsvp}/",
        "/trainingen/inschrijving/{inschrijving}/",
        "/account/login/",
        "/account/password/reset/",
    ],
}
# Forms that must be among those found (else the pages were not read as the role).
VERWACHT = {
    "professional": ["/signalen/nieuw/", "/aanvullen/", "/trainingen/{editie}/"],
    "anoniem": ["/uitnodiging/", "/trainingen/inschrijving/", "/account/login/"],
}
OP_DE_SITE = re.compile(r"^/(signalen|trainingen|netwerk|uitnodiging)/")


def _siteformulieren(client, rol, wereld) -> list[Formulier]:
    waarden = {
        "signaal": wereld.signaal_referentie,
        "vraag": wereld.vraag_referentie,
        "editie": wereld.editie_pk,
        "rsvp": wereld.rsvp_token,
        "inschrijving": wereld.inschrijving_token,
    }
    te_openen = [(pad.format(**waarden), 0) for pad in SITE[rol]]
    gezien, formulieren, parameters = set(), {}, {}
    while te_openen:
        pad, diepte = te_openen.pop(0)
        if pad in gezien:
            continue
        gezien.add(pad)
        antwoord = client.get(pad)
        assert antwoord.status_code < 500, f"{antwoord.status_code} op GET {pad}"
        if antwoord.status_code != 200 or "html" not in antwoord.get("Content-Type", ""):
            continue
        lezer = _lees(f"http://testserver{pad}", antwoord.content.decode())
        for f in lezer.formulieren:
            doel = urlsplit(f.actie).path
            if not doel.startswith("/beheer/") and not re.search(r"/logout/", doel):
                formulieren.setdefault(f.sleutel(), f)
        for link in lezer.links:
            delen = urlsplit(link)
            if delen.netloc not in ("", "testserver") or not OP_DE_SITE.match(delen.path):
                continue
            for sleutel, waarde in parse_qsl(delen.query, keep_blank_values=True):
                parameters.setdefault(delen.path, {}).setdefault(sleutel, set()).add(waarde)
            if diepte == 0 and len(gezien) < 25:
                te_openen.append((delen.path, 1))
    for pad in gezien:
        # Every page also gets nonsense in its query string (its paging, its own parameters).
        keuzes = {k: sorted(v) for k, v in parameters.get(pad, {}).items()}
        keuzes.setdefault("pagina", ["1", "2"])
        lijst = Formulier(pad, f"http://testserver{pad}", "get", keuzes=keuzes)
        formulieren.setdefault(lijst.sleutel(), lijst)
    return list(formulieren.values())


@pytest.mark.parametrize("rol", sorted(SITE))
def test_site_geeft_nooit_een_serverfout(rol, wereld):
    if rol == "anoniem":
        client = Client(raise_request_exception=False)
    else:
        client = _client(wereld.gebruikers[rol])
    formulieren = _siteformulieren(client, rol, wereld)
    verstuurd = " ".join(urlsplit(f.actie).path for f in formulieren if f.methode == "post")
    for deel in VERWACHT.get(rol, []):  # the pages were really read
        assert deel.format(editie=wereld.editie_pk) in verstuurd, deel
    _fuzzen(client, formulieren, voorbeelden=VOORBEELDEN)
