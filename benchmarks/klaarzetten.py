"""Prepares a working database for a run and counts the queries of every measured page.

    python -m benchmarks.klaarzetten            (run by benchmarks.runner; prints JSON)

Against the database of DATABASE_URL (a working copy, never a template):

- a netwerkregisseur with an activated authenticator app (TOTP) and a professional who is an
  aandachtsfunctionaris, each with a real database session, as after allauth's login with
  password and second factor: Django's auth keys (``force_login``) plus allauth's record of the
  methods used (``account_authentication_methods``: password, then mfa/totp). The cookie values
  go to the load generator;
- a meeting a week ahead with one invitation, whose token is the RSVP page;
- the name to search signals by: the name of the oldest demo signal about a person, which
  exists at every size;
- the regional training offered to every gemeente of the region (the demo's awareness
  training, ``trainingen.demo.BEWUST``; offered to the 37 more at scale by ``benchmarks.vullen``),
  whose page shows a row per gemeente. A run stops when it is not offered to every gemeente.

Then every page is requested twice through Django's test client with the same sessions, and
the queries of the second request are counted (``CaptureQueriesContext``): the first may fill
per-process caches. A page that does not answer as expected (a login redirect, a 403) stops
the run: it would measure the wrong thing.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import timedelta

REGISSEUR = "bench-regisseur@voorbeeld.nl"
PROFESSIONAL = "bench-professional@voorbeeld.nl"
REGIOCOORDINATOR = "bench-regio@voorbeeld.nl"
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _gebruiker(email: str, rol: str, *, staf: bool):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(email=email, password=None)
    user.first_name, user.last_name = "Bench", rol
    user.is_staff = staf
    user.save()
    user.groups.add(Group.objects.get(name=rol))
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _sessie(user, *, mfa) -> str:
    """A database session as after logging in with password (and the second factor)."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from django.test import Client

    client = Client()
    client.force_login(user, backend=BACKEND)
    sessie = client.session
    nu = time.time()
    methoden = [{"method": "password", "at": nu, "email": user.email}]
    if mfa is not None:
        methoden.append({"method": "mfa", "at": nu, "id": mfa.pk, "type": mfa.type})
    sessie[AUTHENTICATION_METHODS_SESSION_KEY] = methoden
    sessie["account_authentication_methods_user"] = str(user.pk)
    sessie.save()
    return sessie.session_key


def klaarzetten() -> dict:
    import pyotp
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from accounts import rollen
    from bijeenkomsten.models import Bijeenkomst, Uitnodiging
    from netwerk.models import Aandachtsfunctionaris, Organisatie, Persoon
    from signalen.models import Signaal

    regisseur = _gebruiker(REGISSEUR, rollen.NETWERKREGISSEUR, staf=True)
    totp = TOTP.activate(regisseur, pyotp.random_base32()).instance
    professional = _gebruiker(PROFESSIONAL, rollen.PROFESSIONAL, staf=False)
    # The region's coördinator: an account of no gemeente (docs/regio.md).
    coordinator = _gebruiker(REGIOCOORDINATOR, rollen.REGIOCOORDINATOR, staf=False)
    get_user_model().objects.filter(pk=coordinator.pk).update(gemeente=None)
    totp_regio = TOTP.activate(coordinator, pyotp.random_base32()).instance
    persoon = Persoon.objects.create(
        voornaam="Bench", achternaam="Professional", email=PROFESSIONAL, account=professional
    )
    organisatie = Organisatie.objects.order_by("pk").first()
    Aandachtsfunctionaris.objects.create(persoon=persoon, organisatie=organisatie)

    begin = (timezone.now() + timedelta(days=7)).replace(hour=14, minute=0, second=0)
    bijeenkomst = Bijeenkomst.objects.create(
        titel="Netwerkoverleg (benchmark)",
        begin=begin,
        einde=begin + timedelta(hours=2),
        locatie="Stadhuis, zaal 3",
        agenda="Opening\nSignalen van de afgelopen weken\nRondvraag",
    )
    gast = Persoon.objects.create(voornaam="Gast", achternaam="Bench", email="gast@bench.nl")
    uitnodiging = Uitnodiging.objects.create(bijeenkomst=bijeenkomst, persoon=gast)

    signaal = (
        Signaal.objects.exclude(persoon_naam="")
        .filter(geanonimiseerd_op__isnull=True)
        .order_by("pk")
        .first()
    )
    zoeknaam = signaal.persoon_naam if signaal else "Jansen"
    return {
        "regionale_training": _regionale_training(),
        "sessies": {
            "regisseur": _sessie(regisseur, mfa=totp),
            "professional": _sessie(professional, mfa=None),
            "regiocoordinator": _sessie(coordinator, mfa=totp_regio),
        },
        "token": uitnodiging.token,
        "zoeknaam": zoeknaam,
    }


def _regionale_training() -> int:
    """The pk of the regional training offered to every gemeente of the region."""
    from regio.models import Gemeente
    from trainingen.demo import BEWUST
    from trainingen.models import RegionaleEditie

    editie = RegionaleEditie.objects.filter(titel=BEWUST).first()
    gemeenten = set(Gemeente.objects.gemeenten().values_list("pk", flat=True))
    aanbod = set(editie.aanbod.values_list("gemeente_id", flat=True)) if editie else set()
    if not gemeenten or aanbod != gemeenten:
        raise SystemExit(
            f"{BEWUST!r} is niet aan alle {len(gemeenten)} gemeenten aangeboden "
            f"({len(aanbod)}): de pagina zou het verkeerde meten"
        )
    return editie.pk


def paginas(gegevens: dict) -> dict[str, dict]:
    """Every measured request: method, path, session (or None), form data, expected status."""
    from urllib.parse import urlencode

    from django.urls import reverse

    rsvp = reverse("bijeenkomsten:rsvp", args=[gegevens["token"]])
    zoeken = (
        reverse("admin:signalen_signaal_changelist") + "?" + urlencode({"q": gegevens["zoeknaam"]})
    )

    def p(pad, sessie=None, methode="GET", data=None, status=200):
        return {"methode": methode, "pad": pad, "sessie": sessie, "data": data, "status": status}

    return {
        "kaal": p("/bare/"),
        "kaal_query": p("/bare/query/"),
        "kaal_regisseur": p("/bare/", "regisseur"),
        "kaal_professional": p("/bare/", "professional"),
        "rsvp_get": p(rsvp),
        "rsvp_post": p(rsvp, methode="POST", data="antwoord=ja&opmerking=", status=302),
        "signaal_nieuw": p(reverse("signalen:nieuw"), "professional"),
        "dashboard": p(reverse("admin:index"), "regisseur"),
        "jaarverslag": p(reverse("admin:jaarverslag"), "regisseur"),
        "nog_te_trainen": p(reverse("admin:trainingen_editie_nog_te_trainen"), "regisseur"),
        "zoeken": p(zoeken, "regisseur"),
        "regio": p(reverse("regio"), "regiocoordinator"),
        "regio_trainingen": p(reverse("regio_trainingen"), "regiocoordinator"),
        "regio_training": p(
            reverse("regio_training", args=[gegevens["regionale_training"]]), "regiocoordinator"
        ),
    }


def queries_tellen(gegevens: dict, pagina_s: dict[str, dict]) -> dict[str, int]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    telling = {}
    for naam, pagina in pagina_s.items():
        client = Client()
        if pagina["sessie"]:
            client.cookies[settings.SESSION_COOKIE_NAME] = gegevens["sessies"][pagina["sessie"]]
        for _ in range(2):
            with CaptureQueriesContext(connection) as vastgelegd:
                if pagina["methode"] == "POST":
                    antwoord = client.post(
                        pagina["pad"],
                        pagina["data"],
                        content_type="application/x-www-form-urlencoded",
                        secure=True,
                    )
                else:
                    antwoord = client.get(pagina["pad"], secure=True)
            if antwoord.status_code != pagina["status"]:
                raise SystemExit(
                    f"{naam}: {pagina['methode']} {pagina['pad']} gaf {antwoord.status_code} "
                    f"({antwoord.get('Location', '')}), verwacht {pagina['status']}"
                )
        telling[naam] = len(vastgelegd.captured_queries)
    return telling


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()
    from regio.models import EERSTE_GEMEENTE
    from regio.scope import gemeente_actief

    with gemeente_actief(EERSTE_GEMEENTE):
        gegevens = klaarzetten()
        pagina_s = paginas(gegevens)
        gegevens["paginas"] = pagina_s
        gegevens["queries"] = queries_tellen(gegevens, pagina_s)
    json.dump(gegevens, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
