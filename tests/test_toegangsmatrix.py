"""The access matrix: every URL of the project, for every role, the answer it gets. Access is
deny-by-default, so every URL has a row: a new URL without one makes
``test_elke_url_staat_in_de_matrix`` fail (the URLs are read from the resolver, /beheer/ with
every registered model's pages and allauth's pages included).

Roles (columns): anonymous, the professional who reported the signal, another professional (an
aandachtsfunctionaris with a person in the registry), a partner whose organisation received the
signal under a convenant, a partner of an organisation that did not, the regisseur, the
beheerder, and the regiocoördinator (an account of no gemeente, docs/regio.md).

Gemeente × role × URL: ``test_een_andere_gemeente_krijgt_404_voor_elk_object`` asks every URL
that names an object of this gemeente as each role of a second gemeente, which gets 404 wherever
the same role here gets the page.

Who may what (DESIGN.md "Who uses it", docs/architecture.md): the regisseur does the routine
work with personal data in /beheer/; the beheerder (superuser) does configuration, no routine
work: in /beheer/ only accounts, the outbox (masked) and Django's groups, and on the site
nothing but the start page, the casusverloop page and the trainings offer. Professionals and
partners never enter /beheer/. Anonymous visitors are sent to the login page, except on the
public pages (login, password reset, /gezond/) and the personal links from e-mails, where the
token in the path, not the login, decides.

GET is checked for every URL. POST is checked for every URL whose POST changes something, with
data that would succeed: the roles marked ``*`` must change something, every other role must
change nothing at all (the database and the sent mail are compared before and after).
"""

import re
from datetime import date, time, timedelta
from html.parser import HTMLParser

import pyotp
import pytest
import tablib
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from bijeenkomsten import services as bijeenkomsten
from bijeenkomsten.models import Bijeenkomst, Reeks, Uitnodiging
from casusoverleg import services as casusoverleg
from netwerk import convenanten
from netwerk import models as nw
from regio.models import EERSTE_GEMEENTE, Gemeente
from regio.scope import huidige_gemeente_id
from signalen import delen
from signalen.models import Fasebeschrijving, Koppeling, RegionaleOvereenkomst, Zoekopdracht
from tests.berichten.factories import BerichtFactory
from tests.factories import (
    PDF,
    WACHTWOORD,
    AandachtsfunctionarisFactory,
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
    soort,
)
from tests.hulp import database_stand, ingelogd
from trainingen import regionaal
from trainingen import services as trainingen
from trainingen.models import RegionaleEditie, Trainingsdag
from weging import services as wegen
from weging.models import Antwoord, Indicator, Indicatorgroep, Uitkomst, Wegingskader
from weging.startkader import kader_aanmaken

ROLLEN = ["anoniem", "melder", "professional", "partner_gedeeld", "partner_anders", "regisseur",
          "beheerder", "regiocoordinator"]  # fmt: skip

# GET, per role in the order of ROLLEN. 302 for anonymous is the way to the login page.
GET = {
    # === The site =============================================================================
    # --- the start page (links only) and the health check ------------------------------------
    "":                                             "302 200 200 200 200 200 200 200",
    "gezond/":                                      "200 200 200 200 200 200 200 200",
    # --- signals: the reporter's own, the partner's shared ones ------------------------------
    "signalen/nieuw/":                              "302 200 200 403 403 403 403 403",
    "signalen/mijn/":                               "302 200 200 403 403 403 403 403",
    "signalen/casusverloop/":                       "302 200 200 200 200 200 200 403",
    "signalen/gedeeld/":                            "302 403 403 200 200 403 403 403",
    "signalen/gedeeld/<referentie:referentie>/":    "302 403 403 200 404 403 403 403",
    "signalen/<referentie:referentie>/":            "302 200 404 403 403 403 403 403",
    "signalen/<referentie:referentie>/verzonden/":  "302 200 404 403 403 403 403 403",
    "signalen/<referentie:referentie>/aanvullen/":  "405 405 405 405 405 405 405 405",
    # --- the directory of the formal network: professionals (and the regisseur) only --------
    "netwerk/smoelenboek/":                         "302 200 200 403 403 200 403 403",
    # --- trainings: the offer and an edition's page (the beheerder may look), one's own -----
    "trainingen/":                                  "302 200 200 403 403 200 200 403",
    "trainingen/<int:pk>/":                         "302 200 200 403 403 200 200 403",
    "trainingen/mijn/":                             "302 200 200 403 403 403 403 403",
    # --- one's own choice of e-mail notifications: the regisseur and the professionals ------
    # --- the region's figures: the regiocoördinator, and a regisseur beside the region -------
    "regio/":                                       "302 403 403 403 403 200 403 200",
    # --- the programme council (the coördinator who runs it changes it), a partner's switch ---
    "regio/programmaraad/":                         "302 403 403 403 403 403 403 200",
    "regio/gemeente/":                              "302 405 405 405 405 405 405 405",
    # --- the region's trainings: the coördinator alone (counts per gemeente, no names) --------
    "regio/trainingen/":                            "302 403 403 403 403 403 403 200",
    "regio/trainingen/nieuw/":                      "302 403 403 403 403 403 403 200",
    "regio/trainingen/<int:pk>/":                   "302 403 403 403 403 403 403 200",
    "regio/trainingen/<int:pk>/wijzigen/":          "302 403 403 403 403 403 403 200",
    "regio/trainingen/<int:pk>/annuleren/":         "302 403 403 403 403 403 403 200",
    "meldingen/":                                   "302 200 200 403 403 200 403 403",
    # --- the case meeting (casusoverleg): the regisseur plans and records; a partner sees a
    # meeting they were invited to, and on it only the items shared with their organisation --
    "casusoverleg/":                                "302 403 403 200 200 200 403 403",
    "casusoverleg/nieuw/":                          "302 403 403 403 403 200 403 403",
    "casusoverleg/agenderen/":                      "405 405 405 405 405 405 405 405",
    "casusoverleg/<int:overleg>/":                  "302 403 403 200 404 200 403 403",
    "casusoverleg/<int:overleg>/wijzigen/":         "302 403 403 403 403 200 403 403",
    "casusoverleg/<int:overleg>/annuleren/":        "302 403 403 403 403 200 403 403",
    "casusoverleg/<int:overleg>/uitnodigen/":       "405 405 405 405 405 405 405 405",
    "casusoverleg/punt/<int:punt>/":                "302 403 403 200 404 200 403 403",
    "casusoverleg/punt/<int:punt>/besluit/":        "405 405 405 405 405 405 405 405",
    "casusoverleg/punt/<int:punt>/notulen/":        "405 405 405 405 405 405 405 405",
    "casusoverleg/punt/<int:punt>/acties/":         "405 405 405 405 405 405 405 405",
    "casusoverleg/punt/<int:punt>/verwijderen/":    "405 405 405 405 405 405 405 405",
    "casusoverleg/actie/<int:actie>/afgerond/":     "405 405 405 405 405 405 405 405",
    # --- the weging (issue 20): the regisseur's; a partner of an organisation that took part
    # and has the signal shared sees the version it may confirm (tests/weging/test_toegang.py
    # asks every POST per role) -------------------------------------------------------------
    "weging/":                                      "302 403 403 403 403 200 403 403",
    "weging/rapport/":                              "302 403 403 403 403 200 403 403",
    "weging/rapport/verschillen/":                  "302 403 403 403 403 200 403 403",
    "weging/kaders/":                               "302 403 403 403 403 200 403 403",
    "weging/<referentie:referentie>/":              "302 403 403 403 403 200 403 403",
    "weging/<referentie:referentie>/starten/":      "405 405 405 405 405 405 405 405",
    "weging/versie/<int:weging>/":                  "302 403 403 200 404 200 403 403",
    "weging/versie/<int:weging>/bevestigen/":       "405 405 405 405 405 405 405 405",
    "weging/versie/<int:weging>/terugsturen/":      "405 405 405 405 405 405 405 405",
    "weging/versie/<int:weging>/intrekken/":        "405 405 405 405 405 405 405 405",
    # --- personal links from e-mails: the token in the path decides, not the login ----------
    "uitnodiging/<str:token>/":                     "200 200 200 200 200 200 200 200",
    "trainingen/inschrijving/<str:token>/":         "200 200 200 200 200 200 200 200",
    # === account/ (allauth): one's own account ================================================
    # --- logging in and out, the closed sign-up ----------------------------------------------
    "account/login/":                               "200 302 302 302 302 302 302 302",
    "account/logout/":                              "302 200 200 200 200 200 200 200",
    "account/signup/":                              "200 302 302 302 302 302 302 302",
    "account/inactive/":                            "200 200 200 200 200 200 200 200",
    # --- flow pages: without a login (or code) in progress everyone is sent back ------------
    "account/login/code/confirm/":                  "302 302 302 302 302 302 302 302",
    "account/2fa/authenticate/":                    "302 302 302 302 302 302 302 302",
    # --- confirming again who you are (before changing a second factor): by password only;
    # a code by mail or the authenticator alone is refused (ACCOUNT_REAUTHENTICATION_METHODS) --
    "account/reauthenticate/":                      "302 200 200 200 200 200 200 200",
    "account/reauthenticate/code/":                 "302 403 403 403 403 403 403 403",
    "account/reauthenticate/code/confirm/":         "302 403 403 403 403 403 403 403",
    "account/2fa/reauthenticate/":                  "302 403 403 403 403 403 403 403",
    # --- the login address: shown, not changed (accounts.services.email_wijzigen does) ------
    "account/email/":                               "302 200 200 200 200 200 200 200",
    "account/confirm-email/":                       "200 200 200 200 200 200 200 200",
    # The personal link in a confirmation mail: the key in the path decides.
    r"account/^confirm-email/(?P<key>[-:\w]+)/$":   "200 200 200 200 200 200 200 200",
    # --- passwords: changing one's own, and the public reset (a personal link) ---------------
    "account/password/change/":                     "302 200 200 200 200 200 200 200",
    "account/password/set/":                        "302 302 302 302 302 302 302 302",
    "account/password/reset/":                      "200 200 200 200 200 200 200 200",
    "account/password/reset/done/":                 "200 200 200 200 200 200 200 200",
    "account/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$":
                                                    "302 302 302 302 302 302 302 302",
    "account/password/reset/key/done/":             "200 200 200 200 200 200 200 200",
    # --- the second factor: changes ask for the password again first (302) ------------------
    "account/2fa/":                                 "302 200 200 200 200 200 200 200",
    "account/2fa/totp/activate/":                   "302 302 302 302 302 302 302 302",
    "account/2fa/totp/deactivate/":                 "302 404 404 302 302 302 302 302",
    "account/2fa/recovery-codes/":                  "302 404 404 404 404 404 404 404",
    "account/2fa/recovery-codes/generate/":         "302 302 302 302 302 302 302 302",
    "account/2fa/recovery-codes/download/":         "302 404 404 404 404 404 404 404",
    "account/sessions/":                            "302 200 200 200 200 200 200 200",
    # === /beheer/ =============================================================================
    # --- the admin site itself: dashboard, app pages, login and logout, helpers -------------
    "beheer/":                                      "302 403 403 403 403 200 200 403",
    "app_list:accounts":                            "302 403 403 403 403 200 200 403",
    "app_list:berichten":                           "302 403 403 403 403 200 200 403",
    "app_list:netwerk":                             "302 403 403 403 403 200 404 403",
    "app_list:signalen":                            "302 403 403 403 403 200 404 403",
    "app_list:weging":                              "302 403 403 403 403 200 404 403",
    "app_list:bijeenkomsten":                       "302 403 403 403 403 200 404 403",
    "app_list:trainingen":                          "302 403 403 403 403 200 404 403",
    "app_list:regio":                               "302 403 403 403 403 200 200 403",
    "beheer/login/":                                "302 403 403 403 403 302 302 403",
    "beheer/logout/":                               "302 403 403 403 403 405 405 403",
    "beheer/password_change/":                      "302 403 403 403 403 302 302 403",
    "beheer/password_change/done/":                 "302 403 403 403 403 200 200 403",
    "beheer/autocomplete/":                         "302 403 403 403 403 200 403 403",
    "beheer/jsi18n/":                               "302 403 403 403 403 200 200 403",
    "beheer/r/<path:content_type_id>/<path:object_id>/": "302 403 403 403 403 404 404 403",
    "beheer/(?P<url>.*)$":                          "302 403 403 403 403 404 404 403",
    # --- accounts: the regisseur (professionals and partners) and the beheerder -------------
    "beheer/accounts/user/":                        "302 403 403 403 403 200 200 403",
    "beheer/accounts/user/add/":                    "302 403 403 403 403 200 200 403",
    "beheer/accounts/user/<path:object_id>/":       "302 403 403 403 403 302 302 403",
    "beheer/accounts/user/<path:object_id>/change/":  "302 403 403 403 403 200 200 403",
    "beheer/accounts/user/<path:object_id>/history/": "302 403 403 403 403 200 200 403",
    "beheer/accounts/user/<path:object_id>/delete/":  "302 403 403 403 403 403 200 403",
    "beheer/accounts/user/<int:pk>/email/":         "302 403 403 403 403 200 200 403",
    "beheer/accounts/user/<int:pk>/tweede-factor/": "302 403 403 403 403 200 200 403",
    # Django's groups (the roles, the organisations' groups) have no admin page: a renamed
    # role group would silently break every role check (accounts/admin.py).
    # --- the outbox: read-only, for the beheerder without the recipients ---------------------
    "beheer/berichten/bericht/":                    "302 403 403 403 403 200 200 403",
    "beheer/berichten/bericht/add/":                "302 403 403 403 403 403 403 403",
    "beheer/berichten/bericht/<path:object_id>/":   "302 403 403 403 403 302 302 403",
    "beheer/berichten/bericht/<path:object_id>/change/":  "302 403 403 403 403 200 200 403",
    "beheer/berichten/bericht/<path:object_id>/history/": "302 403 403 403 403 200 200 403",
    "beheer/berichten/bericht/<path:object_id>/delete/":  "302 403 403 403 403 403 403 403",
    # --- the registry (netwerk): the regisseur's alone ---------------------------------------
    "beheer/netwerk/wijk/":                         "302 403 403 403 403 200 403 403",
    "beheer/netwerk/wijk/add/":                     "302 403 403 403 403 200 403 403",
    "beheer/netwerk/wijk/<path:object_id>/":        "302 403 403 403 403 302 302 403",
    "beheer/netwerk/wijk/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/wijk/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/netwerk/wijk/<path:object_id>/delete/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/gemeenschap/":                  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/gemeenschap/add/":              "302 403 403 403 403 200 403 403",
    "beheer/netwerk/gemeenschap/<path:object_id>/": "302 403 403 403 403 302 302 403",
    "beheer/netwerk/gemeenschap/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/gemeenschap/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/netwerk/gemeenschap/<path:object_id>/delete/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/organisatie/":                  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/organisatie/add/":              "302 403 403 403 403 200 403 403",
    "beheer/netwerk/organisatie/<path:object_id>/": "302 403 403 403 403 302 302 403",
    "beheer/netwerk/organisatie/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/organisatie/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/netwerk/organisatie/<path:object_id>/delete/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/organisatie/dekking/":          "302 403 403 403 403 200 403 403",
    "beheer/netwerk/organisatie/import/":           "302 403 403 403 403 200 403 403",
    "beheer/netwerk/organisatie/import/voorbeeld/": "302 403 403 403 403 200 403 403",
    # A large import's page and its progress (JSON): only the regisseur who started it; any
    # other job (here: one that does not exist) is not found.
    "beheer/netwerk/organisatie/import/<str:taak>/": "302 403 403 403 403 404 403 403",
    "beheer/netwerk/organisatie/import/<str:taak>/status/": "302 403 403 403 403 404 403 403",
    "beheer/netwerk/organisatie/process_import/":   "302 403 403 403 403 302 403 403",
    "beheer/netwerk/organisatie/export/":           "302 403 403 403 403 200 403 403",
    "beheer/netwerk/locatie/":                      "302 403 403 403 403 200 403 403",
    "beheer/netwerk/locatie/add/":                  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/locatie/<path:object_id>/":     "302 403 403 403 403 302 302 403",
    "beheer/netwerk/locatie/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/locatie/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/netwerk/locatie/<path:object_id>/delete/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/locatie/import/":               "302 403 403 403 403 200 403 403",
    "beheer/netwerk/locatie/import/voorbeeld/":     "302 403 403 403 403 200 403 403",
    "beheer/netwerk/locatie/import/<str:taak>/":    "302 403 403 403 403 404 403 403",
    "beheer/netwerk/locatie/import/<str:taak>/status/": "302 403 403 403 403 404 403 403",
    "beheer/netwerk/locatie/process_import/":       "302 403 403 403 403 302 403 403",
    "beheer/netwerk/locatie/export/":               "302 403 403 403 403 200 403 403",
    "beheer/netwerk/persoon/":                      "302 403 403 403 403 200 403 403",
    "beheer/netwerk/persoon/add/":                  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/persoon/<path:object_id>/":     "302 403 403 403 403 302 302 403",
    "beheer/netwerk/persoon/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/persoon/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/netwerk/persoon/<path:object_id>/delete/":  "302 403 403 403 403 403 403 403",
    "beheer/netwerk/persoon/<int:pk>/account-geven/": "302 403 403 403 403 200 403 403",
    "beheer/netwerk/persoon/<int:pk>/anonimiseren/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/persoon/stil/":                 "302 403 403 403 403 200 403 403",
    "beheer/netwerk/persoon/import/":               "302 403 403 403 403 200 403 403",
    "beheer/netwerk/persoon/import/voorbeeld/":     "302 403 403 403 403 200 403 403",
    "beheer/netwerk/persoon/import/<str:taak>/":    "302 403 403 403 403 404 403 403",
    "beheer/netwerk/persoon/import/<str:taak>/status/": "302 403 403 403 403 404 403 403",
    "beheer/netwerk/persoon/process_import/":       "302 403 403 403 403 302 403 403",
    "beheer/netwerk/persoon/export/":               "302 403 403 403 403 302 403 403",
    "beheer/netwerk/aandachtsfunctionaris/":        "302 403 403 403 403 200 403 403",
    "beheer/netwerk/aandachtsfunctionaris/add/":    "302 403 403 403 403 200 403 403",
    "beheer/netwerk/aandachtsfunctionaris/<path:object_id>/": "302 403 403 403 403 302 302 403",
    "beheer/netwerk/aandachtsfunctionaris/<path:object_id>/change/":
                                                    "302 403 403 403 403 200 403 403",
    "beheer/netwerk/aandachtsfunctionaris/<path:object_id>/history/":
                                                    "302 403 403 403 403 200 403 403",
    "beheer/netwerk/aandachtsfunctionaris/<path:object_id>/delete/":
                                                    "302 403 403 403 403 200 403 403",
    "beheer/netwerk/sleutelpersoon/":               "302 403 403 403 403 200 403 403",
    "beheer/netwerk/sleutelpersoon/add/":           "302 403 403 403 403 200 403 403",
    "beheer/netwerk/sleutelpersoon/<path:object_id>/": "302 403 403 403 403 302 302 403",
    "beheer/netwerk/sleutelpersoon/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/sleutelpersoon/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/netwerk/sleutelpersoon/<path:object_id>/delete/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/netwerk/":                      "302 403 403 403 403 200 403 403",
    "beheer/netwerk/netwerk/add/":                  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/netwerk/<path:object_id>/":     "302 403 403 403 403 302 302 403",
    "beheer/netwerk/netwerk/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/netwerk/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/netwerk/netwerk/<path:object_id>/delete/":  "302 403 403 403 403 200 403 403",
    # The list of members always shows one kind of network: without a choice, the formal one.
    "beheer/netwerk/lidmaatschap/":                 "302 403 403 403 403 302 403 403",
    "beheer/netwerk/lidmaatschap/add/":             "302 403 403 403 403 200 403 403",
    "beheer/netwerk/lidmaatschap/<path:object_id>/": "302 403 403 403 403 302 302 403",
    "beheer/netwerk/lidmaatschap/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/lidmaatschap/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/netwerk/lidmaatschap/<path:object_id>/delete/":  "302 403 403 403 403 200 403 403",
    # Members are not imported (they come with the persons' import): nobody.
    "beheer/netwerk/lidmaatschap/import/":          "302 403 403 403 403 403 403 403",
    "beheer/netwerk/lidmaatschap/import/voorbeeld/": "302 403 403 403 403 403 403 403",
    "beheer/netwerk/lidmaatschap/import/<str:taak>/":        "302 403 403 403 403 403 403 403",
    "beheer/netwerk/lidmaatschap/import/<str:taak>/status/": "302 403 403 403 403 403 403 403",
    "beheer/netwerk/lidmaatschap/process_import/":  "302 403 403 403 403 403 403 403",
    "beheer/netwerk/lidmaatschap/export/":          "302 403 403 403 403 302 403 403",
    "beheer/netwerk/werkgroep/":                    "302 403 403 403 403 200 403 403",
    "beheer/netwerk/werkgroep/add/":                "302 403 403 403 403 200 403 403",
    "beheer/netwerk/werkgroep/<path:object_id>/":   "302 403 403 403 403 302 302 403",
    "beheer/netwerk/werkgroep/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/werkgroep/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/netwerk/werkgroep/<path:object_id>/delete/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/contactmoment/":                "302 403 403 403 403 200 403 403",
    "beheer/netwerk/contactmoment/add/":            "302 403 403 403 403 200 403 403",
    "beheer/netwerk/contactmoment/<path:object_id>/": "302 403 403 403 403 302 302 403",
    "beheer/netwerk/contactmoment/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/contactmoment/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/netwerk/contactmoment/<path:object_id>/delete/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/convenant/":                    "302 403 403 403 403 200 403 403",
    "beheer/netwerk/convenant/add/":                "302 403 403 403 403 200 403 403",
    "beheer/netwerk/convenant/<path:object_id>/":   "302 403 403 403 403 302 302 403",
    "beheer/netwerk/convenant/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/convenant/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/netwerk/convenant/<path:object_id>/delete/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/convenant/<int:pk>/document/":  "302 403 403 403 403 200 403 403",
    "beheer/netwerk/convenant/<int:pk>/document/<int:versie>/": "302 403 403 403 403 200 403 403",
    # --- signals: the regisseur's alone; nobody adds, edits or deletes one here -------------
    "beheer/signalen/signaal/":                     "302 403 403 403 403 200 403 403",
    "beheer/signalen/signaal/add/":                 "302 403 403 403 403 403 403 403",
    "beheer/signalen/signaal/<path:object_id>/":    "302 403 403 403 403 302 302 403",
    "beheer/signalen/signaal/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/signalen/signaal/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/signalen/signaal/<path:object_id>/delete/":  "302 403 403 403 403 403 403 403",
    "beheer/signalen/signaal/<int:pk>/verplaatsen/":     "302 403 403 403 403 302 403 403",
    "beheer/signalen/signaal/<int:pk>/koppelen/":        "302 403 403 403 403 302 403 403",
    "beheer/signalen/signaal/<int:pk>/koppeling/<int:koppeling>/<str:actie>/":
                                                    "302 403 403 403 403 404 403 403",
    "beheer/signalen/signaal/<int:pk>/inzage/":     "302 403 403 403 403 200 403 403",
    "beheer/signalen/signaal/<int:pk>/delen/":      "302 403 403 403 403 302 403 403",
    "beheer/signalen/signaal/<int:pk>/deling/<int:deling>/intrekken/":
                                                    "302 403 403 403 403 302 403 403",
    "beheer/signalen/fasebeschrijving/":            "302 403 403 403 403 200 403 403",
    "beheer/signalen/fasebeschrijving/add/":        "302 403 403 403 403 403 403 403",
    "beheer/signalen/fasebeschrijving/<path:object_id>/":         "302 403 403 403 403 302 302 403",
    "beheer/signalen/fasebeschrijving/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/signalen/fasebeschrijving/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/signalen/fasebeschrijving/<path:object_id>/delete/":  "302 403 403 403 403 403 403 403",
    "beheer/signalen/zoekopdracht/":                "302 403 403 403 403 200 403 403",
    "beheer/signalen/zoekopdracht/add/":            "302 403 403 403 403 403 403 403",
    "beheer/signalen/zoekopdracht/<path:object_id>/":         "302 403 403 403 403 302 302 403",
    "beheer/signalen/zoekopdracht/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/signalen/zoekopdracht/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/signalen/zoekopdracht/<path:object_id>/delete/":  "302 403 403 403 403 403 403 403",
    # The wegingskader (issue 20): the regisseur's; once a weging used it, never deleted.
    "beheer/weging/wegingskader/":                        "302 403 403 403 403 200 403 403",
    "beheer/weging/wegingskader/add/":                    "302 403 403 403 403 200 403 403",
    "beheer/weging/wegingskader/<path:object_id>/":         "302 403 403 403 403 302 302 403",
    "beheer/weging/wegingskader/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/weging/wegingskader/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/weging/wegingskader/<path:object_id>/delete/":  "302 403 403 403 403 403 403 403",
    "beheer/weging/indicatorgroep/":                      "302 403 403 403 403 200 403 403",
    "beheer/weging/indicatorgroep/add/":                  "302 403 403 403 403 200 403 403",
    "beheer/weging/indicatorgroep/<path:object_id>/":         "302 403 403 403 403 302 302 403",
    "beheer/weging/indicatorgroep/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/weging/indicatorgroep/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/weging/indicatorgroep/<path:object_id>/delete/":  "302 403 403 403 403 403 403 403",
    # --- the region's "hit, no content" notices of this gemeente: read only --------------------
    "beheer/signalen/regionaleovereenkomst/":       "302 403 403 403 403 200 403 403",
    "beheer/signalen/regionaleovereenkomst/add/":   "302 403 403 403 403 403 403 403",
    "beheer/signalen/regionaleovereenkomst/<path:object_id>/":
                                                    "302 403 403 403 403 302 302 403",
    "beheer/signalen/regionaleovereenkomst/<path:object_id>/change/":
                                                    "302 403 403 403 403 200 403 403",
    "beheer/signalen/regionaleovereenkomst/<path:object_id>/history/":
                                                    "302 403 403 403 403 200 403 403",
    "beheer/signalen/regionaleovereenkomst/<path:object_id>/delete/":
                                                    "302 403 403 403 403 403 403 403",
    # --- the own gemeente's settings (regisseur and beheerder; never another gemeente's) -------
    "beheer/regio/gemeente/":                       "302 403 403 403 403 200 200 403",
    "beheer/regio/gemeente/add/":                   "302 403 403 403 403 403 403 403",
    "beheer/regio/gemeente/<path:object_id>/":      "302 403 403 403 403 302 302 403",
    "beheer/regio/gemeente/<path:object_id>/change/": "302 403 403 403 403 200 200 403",
    "beheer/regio/gemeente/<path:object_id>/history/": "302 403 403 403 403 200 200 403",
    "beheer/regio/gemeente/<path:object_id>/delete/": "302 403 403 403 403 403 403 403",
    # --- meetings: the regisseur's alone ------------------------------------------------------
    "beheer/bijeenkomsten/reeks/":                  "302 403 403 403 403 200 403 403",
    "beheer/bijeenkomsten/reeks/add/":              "302 403 403 403 403 200 403 403",
    "beheer/bijeenkomsten/reeks/<path:object_id>/": "302 403 403 403 403 302 302 403",
    "beheer/bijeenkomsten/reeks/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/bijeenkomsten/reeks/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/bijeenkomsten/reeks/<path:object_id>/delete/":  "302 403 403 403 403 200 403 403",
    "beheer/bijeenkomsten/bijeenkomst/":            "302 403 403 403 403 200 403 403",
    "beheer/bijeenkomsten/bijeenkomst/add/":        "302 403 403 403 403 200 403 403",
    "beheer/bijeenkomsten/bijeenkomst/<path:object_id>/": "302 403 403 403 403 302 302 403",
    "beheer/bijeenkomsten/bijeenkomst/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/bijeenkomsten/bijeenkomst/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/bijeenkomsten/bijeenkomst/<path:object_id>/delete/":  "302 403 403 403 403 200 403 403",
    "beheer/bijeenkomsten/bijeenkomst/<int:pk>/aanwezigheid/": "302 403 403 403 403 200 403 403",
    "beheer/bijeenkomsten/bijeenkomst/<int:pk>/annuleren/":    "302 403 403 403 403 200 403 403",
    "beheer/bijeenkomsten/bijeenkomst/<int:pk>/uitnodigen/":   "302 403 403 403 403 302 403 403",
    "beheer/bijeenkomsten/bijeenkomst/nooit-gekomen/":         "302 403 403 403 403 200 403 403",
    "beheer/bijeenkomsten/uitnodiging/":            "302 403 403 403 403 200 403 403",
    "beheer/bijeenkomsten/uitnodiging/add/":        "302 403 403 403 403 403 403 403",
    "beheer/bijeenkomsten/uitnodiging/<path:object_id>/": "302 403 403 403 403 302 302 403",
    "beheer/bijeenkomsten/uitnodiging/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/bijeenkomsten/uitnodiging/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/bijeenkomsten/uitnodiging/<path:object_id>/delete/":  "302 403 403 403 403 200 403 403",
    # --- trainings: who is trained, who is enrolled: the regisseur's alone -------------------
    "beheer/trainingen/trainingssoort/":            "302 403 403 403 403 200 403 403",
    "beheer/trainingen/trainingssoort/add/":        "302 403 403 403 403 200 403 403",
    "beheer/trainingen/trainingssoort/<path:object_id>/":         "302 403 403 403 403 302 302 403",
    "beheer/trainingen/trainingssoort/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/trainingen/trainingssoort/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/trainingen/trainingssoort/<path:object_id>/delete/":  "302 403 403 403 403 403 403 403",
    "beheer/trainingen/editie/":                    "302 403 403 403 403 200 403 403",
    "beheer/trainingen/editie/add/":                "302 403 403 403 403 200 403 403",
    "beheer/trainingen/editie/nog-te-trainen/":     "302 403 403 403 403 200 403 403",
    "beheer/trainingen/editie/dekking/":            "302 403 403 403 403 200 403 403",
    "beheer/trainingen/editie/<int:pk>/groep/":     "302 403 403 403 403 200 403 403",
    "beheer/trainingen/editie/<int:pk>/aanwezigheid/": "302 403 403 403 403 302 403 403",
    "beheer/trainingen/editie/<int:pk>/afmelden/<int:inschrijving>/":
                                                    "302 403 403 403 403 200 403 403",
    "beheer/trainingen/editie/<int:pk>/annuleren/": "302 403 403 403 403 200 403 403",
    "beheer/trainingen/editie/<path:object_id>/":   "302 403 403 403 403 302 302 403",
    "beheer/trainingen/editie/<path:object_id>/change/":  "302 403 403 403 403 200 403 403",
    "beheer/trainingen/editie/<path:object_id>/history/": "302 403 403 403 403 200 403 403",
    "beheer/trainingen/editie/<path:object_id>/delete/":  "302 403 403 403 403 403 403 403",
    # --- the regisseur's overviews (issue 8): persons and aggregates, the regisseur's alone --
    "beheer/netwerkbeeld/":                         "302 403 403 403 403 200 403 403",
    "beheer/jaarverslag/":                          "302 403 403 403 403 200 403 403",
}  # fmt: skip

# POSTs that change something, with data that would succeed for whoever may (``_gegevens``):
# the answer per role, and ``*`` on the roles whose POST must change something. Every other
# POST must leave the database and the sent mail exactly as they were. The rows run in this
# order, first for those who may not, then for those who may.
# Not here: the steps of logging in (account/login/, the code and 2fa/authenticate steps,
# account/reauthenticate/, beheer/login/), which change a session, not data (tests/accounts),
# and pages without a POST of their own (lists without actions, overviews, documents).
POST = {
    # === The site =============================================================================
    "signalen/nieuw/":                              "302 302* 302* 403 403 403 403 403",
    # An answer to the regisseur's question: the reporter's own signal only.
    "signalen/<referentie:referentie>/aanvullen/":  "302 302* 404 403 403 403 403 403",
    # Signing up on an edition's page: for a professional with a person in the registry.
    "trainingen/<int:pk>/":                         "302 403 302* 403 403 403 403 403",
    # Notifications: each their own choice (the regisseur's per urgency, a reporter's news).
    "meldingen/":                                   "302 302* 302* 403 403 302* 403 403",
    # The programme council: only a coördinator of the region's layer (tests/regio); a partner
    # switches only to a gemeente it works for (tests/regio/test_partner_regio.py).
    "regio/programmaraad/":                         "302 403 403 403 403 403 403 403",
    "regio/gemeente/":                              "302 403 403 403 403 403 403 403",
    # The region's trainings: the coördinator alone; the cancellation last.
    "regio/trainingen/nieuw/":                      "302 403 403 403 403 403 403 302*",
    "regio/trainingen/<int:pk>/wijzigen/":          "302 403 403 403 403 403 403 302*",
    "regio/trainingen/<int:pk>/annuleren/":         "302 403 403 403 403 403 403 302*",
    # The case meeting: the regisseur alone; the cancellation last (it closes the meeting).
    "casusoverleg/nieuw/":                          "302 403 403 403 403 302* 403 403",
    "casusoverleg/agenderen/":                      "302 403 403 403 403 302* 403 403",
    "casusoverleg/<int:overleg>/wijzigen/":         "302 403 403 403 403 302* 403 403",
    "casusoverleg/<int:overleg>/uitnodigen/":       "302 403 403 403 403 302* 403 403",
    "casusoverleg/punt/<int:punt>/notulen/":        "302 403 403 403 403 302* 403 403",
    "casusoverleg/punt/<int:punt>/acties/":         "302 403 403 403 403 302* 403 403",
    # An action is marked done by the regisseur or a partner of its organisation.
    "casusoverleg/actie/<int:actie>/afgerond/":     "302 403 403 302* 404 302* 403 403",
    "casusoverleg/punt/<int:punt>/besluit/":        "302 403 403 403 403 302* 403 403",
    "casusoverleg/punt/<int:punt>/verwijderen/":    "302 403 403 403 403 302* 403 403",
    "casusoverleg/<int:overleg>/annuleren/":        "302 403 403 403 403 302* 403 403",
    # The personal links: whoever holds the link answers for that one invitation or enrolment.
    "uitnodiging/<str:token>/":                     "302* 302* 302* 302* 302* 302* 302* 302*",
    "trainingen/inschrijving/<str:token>/":         "302* 302* 302* 302* 302* 302* 302* 302*",
    # === account/ (allauth): one's own account ================================================
    # No open sign-up; no second login address (only email_wijzigen in /beheer/ swaps it).
    "account/signup/":                              "200 302 302 302 302 302 302 302",
    "account/email/":                               "302 200 200 200 200 200 200 200",
    # A code to confirm who you are, by mail: not offered (the password is asked).
    "account/reauthenticate/code/":                 "302 403 403 403 403 403 403 403",
    # The second factor (after confirming the password): a professional may set one up and
    # switch it off again; whoever must have one keeps it.
    "account/2fa/totp/activate/":                   "302 302* 302* 302 302 302 302 302",
    "account/2fa/recovery-codes/generate/":         "302 302* 302* 302* 302* 302* 302* 302*",
    "account/2fa/totp/deactivate/":                 "302 302* 302* 200 200 200 200 200",
    "account/sessions/":                            "302 302 302 302 302 302 302 302",
    "account/password/change/":                     "302 302* 302* 302* 302* 302* 302* 302*",
    "account/password/reset/":                      "302* 302* 302* 302* 302* 302* 302* 302*",
    "account/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$":
                                                    "302* 302* 302* 302* 302* 302* 302* 302*",
    "account/logout/":                              "302 302 302 302 302 302 302 302",
    # === /beheer/ =============================================================================
    "beheer/logout/":                               "302 403 403 403 403 302 302 403",
    # --- accounts ------------------------------------------------------------------------------
    "beheer/accounts/user/":                        "302 403 403 403 403 302* 302* 403",
    "beheer/accounts/user/add/":                    "302 403 403 403 403 302* 302* 403",
    "beheer/accounts/user/<path:object_id>/change/": "302 403 403 403 403 302* 302* 403",
    "beheer/accounts/user/<int:pk>/email/":         "302 403 403 403 403 302* 302* 403",
    "beheer/accounts/user/<int:pk>/tweede-factor/": "302 403 403 403 403 302* 302* 403",
    "beheer/accounts/user/<path:object_id>/delete/": "302 403 403 403 403 403 302* 403",
    # --- the outbox: only "try again" --------------------------------------------------------
    "beheer/berichten/bericht/":                    "302 403 403 403 403 302* 302* 403",
    "beheer/berichten/bericht/add/":                "302 403 403 403 403 403 403 403",
    "beheer/berichten/bericht/<path:object_id>/change/": "302 403 403 403 403 403 403 403",
    "beheer/berichten/bericht/<path:object_id>/delete/": "302 403 403 403 403 403 403 403",
    # --- the registry ---------------------------------------------------------------------------
    "beheer/netwerk/wijk/":                         "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/wijk/add/":                     "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/wijk/<path:object_id>/change/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/wijk/<path:object_id>/delete/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/gemeenschap/":                  "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/gemeenschap/add/":              "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/gemeenschap/<path:object_id>/change/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/gemeenschap/<path:object_id>/delete/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/organisatie/":                  "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/organisatie/add/":              "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/organisatie/<path:object_id>/change/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/organisatie/<path:object_id>/delete/": "302 403 403 403 403 302* 403 403",
    # An upload is shown first and changes nothing; the confirmation imports.
    "beheer/netwerk/organisatie/import/":           "302 403 403 403 403 200 403 403",
    "beheer/netwerk/organisatie/process_import/":   "302 403 403 403 403 302* 403 403",
    # "Opnieuw proberen" on a failed large import: the regisseur's own job only.
    "beheer/netwerk/organisatie/import/<str:taak>/": "302 403 403 403 403 404 403 403",
    # An export changes nothing, but hands out the registry: the regisseur only.
    "beheer/netwerk/organisatie/export/":           "302 403 403 403 403 200 403 403",
    "beheer/netwerk/locatie/":                      "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/locatie/add/":                  "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/locatie/<path:object_id>/change/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/locatie/<path:object_id>/delete/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/locatie/import/":               "302 403 403 403 403 200 403 403",
    "beheer/netwerk/locatie/process_import/":       "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/locatie/import/<str:taak>/":    "302 403 403 403 403 404 403 403",
    "beheer/netwerk/locatie/export/":               "302 403 403 403 403 200 403 403",
    "beheer/netwerk/persoon/":                      "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/persoon/add/":                  "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/persoon/<path:object_id>/change/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/persoon/<path:object_id>/delete/": "302 403 403 403 403 403 403 403",
    "beheer/netwerk/persoon/<int:pk>/account-geven/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/persoon/<int:pk>/anonimiseren/":  "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/persoon/import/":               "302 403 403 403 403 200 403 403",
    "beheer/netwerk/persoon/process_import/":       "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/persoon/import/<str:taak>/":    "302 403 403 403 403 404 403 403",
    "beheer/netwerk/persoon/export/":               "302 403 403 403 403 200 403 403",
    "beheer/netwerk/aandachtsfunctionaris/":        "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/aandachtsfunctionaris/add/":    "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/aandachtsfunctionaris/<path:object_id>/change/":
                                                    "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/aandachtsfunctionaris/<path:object_id>/delete/":
                                                    "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/sleutelpersoon/":               "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/sleutelpersoon/add/":           "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/sleutelpersoon/<path:object_id>/change/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/sleutelpersoon/<path:object_id>/delete/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/netwerk/":                      "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/netwerk/add/":                  "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/netwerk/<path:object_id>/change/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/netwerk/<path:object_id>/delete/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/lidmaatschap/":                 "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/lidmaatschap/add/":             "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/lidmaatschap/<path:object_id>/change/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/lidmaatschap/<path:object_id>/delete/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/lidmaatschap/process_import/":  "302 403 403 403 403 403 403 403",
    "beheer/netwerk/lidmaatschap/export/":          "302 403 403 403 403 200 403 403",
    "beheer/netwerk/werkgroep/":                    "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/werkgroep/add/":                "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/werkgroep/<path:object_id>/change/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/werkgroep/<path:object_id>/delete/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/contactmoment/":                "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/contactmoment/add/":            "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/contactmoment/<path:object_id>/change/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/contactmoment/<path:object_id>/delete/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/convenant/":                    "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/convenant/add/":                "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/convenant/<path:object_id>/change/": "302 403 403 403 403 302* 403 403",
    "beheer/netwerk/convenant/<path:object_id>/delete/": "302 403 403 403 403 302* 403 403",
    # --- signals: through the case flow only ---------------------------------------------------
    "beheer/signalen/signaal/add/":                 "302 403 403 403 403 403 403 403",
    "beheer/signalen/signaal/<path:object_id>/change/": "302 403 403 403 403 403 403 403",
    "beheer/signalen/signaal/<path:object_id>/delete/": "302 403 403 403 403 403 403 403",
    "beheer/signalen/signaal/<int:pk>/verplaatsen/": "302 403 403 403 403 302* 403 403",
    "beheer/signalen/signaal/<int:pk>/koppelen/":   "302 403 403 403 403 302* 403 403",
    "beheer/signalen/signaal/<int:pk>/koppeling/<int:koppeling>/<str:actie>/":
                                                    "302 403 403 403 403 302* 403 403",
    "beheer/signalen/signaal/<int:pk>/delen/":      "302 403 403 403 403 302* 403 403",
    "beheer/signalen/signaal/<int:pk>/deling/<int:deling>/intrekken/":
                                                    "302 403 403 403 403 302* 403 403",
    "beheer/signalen/fasebeschrijving/<path:object_id>/change/": "302 403 403 403 403 302* 403 403",
    "beheer/signalen/fasebeschrijving/<path:object_id>/delete/": "302 403 403 403 403 403 403 403",
    "beheer/signalen/zoekopdracht/<path:object_id>/change/": "302 403 403 403 403 403 403 403",
    "beheer/signalen/zoekopdracht/<path:object_id>/delete/": "302 403 403 403 403 403 403 403",
    "beheer/signalen/regionaleovereenkomst/<path:object_id>/change/":
                                                    "302 403 403 403 403 403 403 403",
    "beheer/signalen/regionaleovereenkomst/<path:object_id>/delete/":
                                                    "302 403 403 403 403 403 403 403",
    "beheer/regio/gemeente/<path:object_id>/change/": "302 403 403 403 403 302* 302* 403",
    "beheer/regio/gemeente/<path:object_id>/delete/": "302 403 403 403 403 403 403 403",
    # --- meetings -------------------------------------------------------------------------------
    "beheer/bijeenkomsten/reeks/":                  "302 403 403 403 403 302* 403 403",
    "beheer/bijeenkomsten/reeks/add/":              "302 403 403 403 403 302* 403 403",
    "beheer/bijeenkomsten/reeks/<path:object_id>/change/": "302 403 403 403 403 302* 403 403",
    "beheer/bijeenkomsten/reeks/<path:object_id>/delete/": "302 403 403 403 403 302* 403 403",
    "beheer/bijeenkomsten/bijeenkomst/":            "302 403 403 403 403 302* 403 403",
    "beheer/bijeenkomsten/bijeenkomst/add/":        "302 403 403 403 403 302* 403 403",
    "beheer/bijeenkomsten/bijeenkomst/<path:object_id>/change/": "302 403 403 403 403 302* 403 403",
    "beheer/bijeenkomsten/bijeenkomst/<path:object_id>/delete/": "302 403 403 403 403 302* 403 403",
    "beheer/bijeenkomsten/bijeenkomst/<int:pk>/aanwezigheid/": "302 403 403 403 403 302* 403 403",
    "beheer/bijeenkomsten/bijeenkomst/<int:pk>/uitnodigen/":   "302 403 403 403 403 302* 403 403",
    "beheer/bijeenkomsten/bijeenkomst/<int:pk>/annuleren/":    "302 403 403 403 403 302* 403 403",
    "beheer/bijeenkomsten/uitnodiging/":            "302 403 403 403 403 302* 403 403",
    "beheer/bijeenkomsten/uitnodiging/add/":        "302 403 403 403 403 403 403 403",
    "beheer/bijeenkomsten/uitnodiging/<path:object_id>/change/": "302 403 403 403 403 403 403 403",
    "beheer/bijeenkomsten/uitnodiging/<path:object_id>/delete/": "302 403 403 403 403 302* 403 403",
    # --- trainings ------------------------------------------------------------------------------
    "beheer/trainingen/trainingssoort/":            "302 403 403 403 403 302* 403 403",
    "beheer/trainingen/trainingssoort/add/":        "302 403 403 403 403 302* 403 403",
    "beheer/trainingen/trainingssoort/<path:object_id>/change/": "302 403 403 403 403 302* 403 403",
    # The basic training carries the rules: never deleted.
    "beheer/trainingen/trainingssoort/<path:object_id>/delete/": "302 403 403 403 403 403 403 403",
    "beheer/trainingen/editie/add/":                "302 403 403 403 403 302* 403 403",
    "beheer/trainingen/editie/<path:object_id>/change/": "302 403 403 403 403 302* 403 403",
    "beheer/trainingen/editie/<path:object_id>/delete/": "302 403 403 403 403 403 403 403",
    "beheer/trainingen/editie/<int:pk>/groep/":     "302 403 403 403 403 302* 403 403",
    "beheer/trainingen/editie/<int:pk>/aanwezigheid/": "302 403 403 403 403 302* 403 403",
    "beheer/trainingen/editie/<int:pk>/afmelden/<int:inschrijving>/":
                                                    "302 403 403 403 403 302* 403 403",
    # Last: the regisseur's cancellation closes the edition for the others above.
    "beheer/trainingen/editie/<int:pk>/annuleren/": "302 403 403 403 403 302* 403 403",
}  # fmt: skip


def _routes(patronen, voorvoegsel=""):
    for p in patronen:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, voorvoegsel + str(p.pattern))
        else:
            yield voorvoegsel + str(p.pattern), p


def _matrixsleutels():
    """Every URL of the project, as the matrix names them: the route, and for the admin's app
    page one key per app it serves."""
    sleutels = set()
    for route, patroon in _routes(get_resolver().url_patterns):
        if patroon.name == "app_list":
            apps = re.search(r"\(\?P<app_label>([\w|]+)\)", route)[1]
            sleutels |= {f"app_list:{app}" for app in apps.split("|")}
        else:
            sleutels.add(route)
    return sleutels


def test_elke_url_staat_in_de_matrix():
    ontbrekend = _matrixsleutels() - set(GET)
    assert not ontbrekend, f"Deze URL's hebben geen rij in de toegangsmatrix: {sorted(ontbrekend)}"
    verouderd = set(GET) - _matrixsleutels()
    assert not verouderd, f"Deze rijen horen bij geen URL meer: {sorted(verouderd)}"
    assert set(POST) <= set(GET)
    for rij in [*GET.values(), *POST.values()]:
        assert re.fullmatch(r"(\d{3}\*? ){7}\d{3}\*?", rij), rij


# --- The world every URL is opened in -------------------------------------------------------------


@pytest.fixture
def wereld(db):
    gemeente()
    politie = OrganisatieFactory(naam="Politie", domein="politie")
    ggz = OrganisatieFactory(naam="GGZ", domein="ggz")
    convenant = ConvenantFactory(partijen=[politie, ggz])
    regisseur = UserFactory(regisseur=True, met_mfa=True)
    oud, convenant.document = convenant.document.name, ContentFile(PDF, name="nieuw.pdf")
    convenant.save()
    versie = convenanten.document_vervangen(convenant=convenant, oud_pad=oud, door=regisseur)
    melder = UserFactory(professional=True)
    signaal = SignaalFactory(
        melder=melder,
        fase="in_behandeling",
        door=regisseur,
        categorie="radicalisering",
        persoon_naam="Daan Vermeer",
        persoon_geboortedatum=date(2008, 3, 14),
    )
    SignaalFactory(persoon_naam="Daan Vermeer", persoon_geboortedatum=signaal.persoon_geboortedatum)
    # The reporter's signal the regisseur asked a question about: the reporter may answer.
    vraag = SignaalFactory(melder=melder, fase="aanvulling_gevraagd", door=regisseur)
    deling = delen.signaal_delen(signaal=signaal, organisatie=politie, door=regisseur)
    # The case meeting: a signal in casusoverleg shared with the police, on the agenda of a
    # meeting the police's partner is invited to, with an action of the police; a second item
    # with nothing recorded (taken off by the regisseur) and a signal still to put on it.
    partner_gedeeld = partner_bij(politie)
    besproken = SignaalFactory(
        melder=melder, fase="casusoverleg", door=regisseur, categorie="radicalisering"
    )
    delen.signaal_delen(signaal=besproken, organisatie=politie, door=regisseur)
    begin = timezone.now() + timedelta(days=7)
    overleg = casusoverleg.casusoverleg_plannen(
        titel="Casusoverleg",
        begin=begin,
        einde=begin + timedelta(hours=2),
        locatie="Veiligheidshuis",
        deelnemers=[partner_gedeeld],
        door=regisseur,
    )
    punt = casusoverleg.signaal_agenderen(casusoverleg=overleg, signaal=besproken, door=regisseur)
    leeg_punt = casusoverleg.signaal_agenderen(
        casusoverleg=overleg,
        signaal=SignaalFactory(fase="casusoverleg", door=regisseur),
        door=regisseur,
    )
    actie = casusoverleg.actie_toevoegen(
        agendapunt=punt,
        omschrijving="Huisbezoek",
        eigenaar=politie,
        uiterlijk=timezone.localdate() + timedelta(days=5),
        door=regisseur,
    )
    te_agenderen = SignaalFactory(fase="casusoverleg", door=regisseur)
    # A weging waiting for a second assessor: submitted by a second regisseur, the police
    # taking part (its partner may confirm), the demo kader in use.
    gewogen = SignaalFactory(fase="weging", door=regisseur, categorie="radicalisering")
    delen.signaal_delen(signaal=gewogen, organisatie=politie, door=regisseur)
    collega = UserFactory(regisseur=True, met_mfa=True)
    kader_aanmaken(Wegingskader, Indicatorgroep, Indicator, gemeente_id=huidige_gemeente_id())
    weging = wegen.weging_starten(signaal=gewogen, door=collega)
    wegen.weging_opslaan(
        weging=weging,
        door=collega,
        antwoorden={
            b.indicator_id: (Antwoord.NIET_AANWEZIG, "") for b in weging.beoordelingen.all()
        },
        deelnemers=[politie],
        uitkomst=Uitkomst.GEEN_ZORGEN,
        onderbouwing="Geen aanwijzingen.",
    )
    weging = wegen.weging_indienen(weging=weging, door=collega)
    training = editie(dagen=2, capaciteit=3)
    # A regional training offered to this gemeente (the coördinator's pages).
    regionale = regionaal.regionale_editie_aanbieden(
        editie=RegionaleEditie(soort="terugkomdag", locatie="Provinciehuis"),
        dagen=[(timezone.localdate() + timedelta(days=40), time(9), time(12))],
        aanbod={EERSTE_GEMEENTE: 4},
    ).editie
    inschrijving = trainingen.persoon_inschrijven(training, af_bij(ggz))
    # The personal enrolment link belongs to an edition of its own.
    link = trainingen.persoon_inschrijven(editie(over=21), af_bij(ggz))
    professional, _mens = professional_met_persoon(organisatie=ggz)
    # The registry: one of everything, and a meeting with its invitations sent.
    netwerk = NetwerkFactory()
    persoon = lid_van(netwerk)
    locatie = LocatieFactory(organisatie=ggz)
    sleutelpersoon = SleutelpersoonFactory(persoon=lid_van(netwerk))
    werkgroep = nw.Werkgroep.objects.create(naam="Werkgroep Brandgang", start=timezone.localdate())
    nw.Werkgroeplid.objects.create(werkgroep=werkgroep, persoon=persoon)
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk)
    bijeenkomsten.uitnodigingen_versturen(bijeenkomst)
    gebruikers = {
        "anoniem": None,
        "melder": melder,
        "professional": professional,
        "partner_gedeeld": partner_gedeeld,
        "partner_anders": partner_bij(ggz),
        "regisseur": regisseur,
        "beheerder": UserFactory(beheerder=True, met_mfa=True),
        # The region's role: an account of no gemeente.
        "regiocoordinator": UserFactory(regiocoordinator=True, met_mfa=True),
    }
    # The object of each model's pages: /beheer/<app>/<model>/<id>/...
    objecten = {
        "user": UserFactory(partner=True, met_mfa=True),
        "bericht": BerichtFactory(mislukt=True),
        "wijk": locatie.wijk,
        "gemeenschap": GemeenschapFactory(),
        "organisatie": ggz,
        "locatie": locatie,
        "persoon": persoon,
        "aandachtsfunctionaris": AandachtsfunctionarisFactory(organisatie=ggz, in_netwerk=netwerk),
        "sleutelpersoon": sleutelpersoon,
        "netwerk": netwerk,
        "lidmaatschap": nw.Lidmaatschap.objects.get(netwerk=netwerk, persoon=persoon),
        "werkgroep": werkgroep,
        "contactmoment": ContactmomentFactory(persoon=persoon),
        "convenant": convenant,
        "signaal": signaal,
        "fasebeschrijving": Fasebeschrijving.objects.get(fase="weging"),
        "zoekopdracht": Zoekopdracht.objects.create(
            door=regisseur, zoekterm_sleutel="x" * 64, aantal=1
        ),
        "reeks": Reeks.objects.create(
            netwerk=netwerk,
            naam="Netwerk aandachtsfunctionarissen",
            starttijd=time(19, 30),
            eindtijd=time(21, 30),
            locatie="Stadskantoor",
            eerste_datum=timezone.localdate() + timedelta(days=3),
        ),
        "bijeenkomst": bijeenkomst,
        "uitnodiging": bijeenkomst.uitnodigingen.get(persoon=persoon),
        "trainingssoort": training.soort,
        "editie": training,
        "gemeente": Gemeente.objects.get(pk=EERSTE_GEMEENTE),
        "wegingskader": Wegingskader.objects.get(actief=True),
        "indicatorgroep": Indicatorgroep.objects.filter(kader__actief=True).first(),
        "regionaleovereenkomst": RegionaleOvereenkomst.objects.create(
            signaal=signaal,
            andere_gemeente=Gemeente.objects.create(naam="Rijswijk"),
            gemeld_aan="regisseur@voorbeeld.nl",
        ),
    }
    return {
        "objecten": objecten,
        "signaal": signaal,
        "vraag": vraag,
        "convenant": convenant,
        "versie": versie,
        "deling": deling,
        "koppeling": Koppeling.objects.get(),
        "editie": training,
        "inschrijving": inschrijving,
        "link": link,
        "kandidaat": af_bij(politie),
        "gebruikers": gebruikers,
        "overleg": overleg,
        "punt": punt,
        "leeg_punt": leeg_punt,
        "actie": actie,
        "te_agenderen": te_agenderen,
        "weging": weging,
        "regionale_editie": regionale,
    }


def _model(sleutel):
    """The model of a /beheer/<app>/<model>/ URL, or None."""
    gevonden = re.match(r"beheer/\w+/(\w+)/", sleutel)
    return gevonden[1] if gevonden else None


def _url(sleutel, w):
    if sleutel.startswith("app_list:"):
        return f"/beheer/{sleutel.split(':')[1]}/"
    account = w["objecten"]["user"]
    vast = {
        "beheer/autocomplete/": lambda: (
            "/beheer/autocomplete/"
            "?app_label=netwerk&model_name=convenantpartij&field_name=organisatie"
        ),
        "beheer/(?P<url>.*)$": lambda: "/beheer/bestaat-niet/",
        r"account/^confirm-email/(?P<key>[-:\w]+)/$": lambda: (
            "/account/confirm-email/"
            f"{EmailConfirmationHMAC(EmailAddress.objects.get_primary(account)).key}/"
        ),
        "account/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": lambda: (
            f"/account/password/reset/key/{user_pk_to_url_str(account)}-"
            f"{default_token_generator.make_token(account)}/"
        ),
    }
    if sleutel in vast:
        return vast[sleutel]()
    object_id = w["objecten"][_model(sleutel)].pk if _model(sleutel) in w["objecten"] else None
    waarden = {
        "<referentie:referentie>": w["signaal"].referentie,
        "<path:object_id>": object_id,
        "<int:pk>": object_id
        or (w["regionale_editie"] if sleutel.startswith("regio/trainingen/") else w["editie"]).pk,
        "<int:koppeling>": w["koppeling"].pk,
        "<int:versie>": w["versie"].pk,
        "<str:actie>": "ontkoppelen",
        "<int:deling>": w["deling"].pk,
        "<int:inschrijving>": w["inschrijving"].pk,
        "<int:overleg>": w["overleg"].pk,
        "<int:punt>": w["punt"].pk,
        "<int:actie>": w["actie"].pk,
        "<int:weging>": w["weging"].pk,
        "<path:content_type_id>": ContentType.objects.get_for_model(w["signaal"]).pk,
        "<str:token>": (
            w["objecten"]["uitnodiging"].token
            if sleutel.startswith("uitnodiging/")
            else w["link"].token
        ),
    }
    url = "/" + sleutel
    for plek, waarde in waarden.items():
        url = url.replace(plek, str(waarde))
    return url


class _Clients(dict):
    """One logged-in client per role (anonymous: none logged in), made when first asked for."""

    def __init__(self, w):
        super().__init__()
        self.w = w
        self.formulieren = {}

    def __missing__(self, rol):
        user = self.w["gebruikers"][rol]
        if user is not None:
            user.refresh_from_db()  # a session carries the hash of the current password
        self[rol] = ingelogd(user)
        return self[rol]


def test_get_per_rol(wereld):
    clients = _Clients(wereld)
    afwijkingen = []
    for sleutel, verwacht in GET.items():
        url = _url(sleutel, wereld)
        for rol, status in zip(ROLLEN, verwacht.split(), strict=True):
            antwoord = clients[rol].get(url)
            if antwoord.status_code != int(status):
                afwijkingen.append(f"{rol:16} GET {url}: {antwoord.status_code}, verwacht {status}")
    assert not afwijkingen, "\n".join(afwijkingen)


# --- POST: data that would succeed, and what "changed" means ------------------------------------


class _Formulier(HTMLParser):
    """The fields a browser would send with a page's form (the largest POST form but the
    logout button): with the values it shows, checked boxes and chosen options only."""

    def __init__(self):
        super().__init__()
        self.formulieren, self.huidig, self.keuze, self.tekstvak = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.huidig = {"id": a.get("id"), "post": a.get("method", "").lower() == "post"}
            self.huidig["velden"] = []
            self.formulieren.append(self.huidig)
        elif tag == "option" and self.keuze is not None:
            if self.keuze["eerste"] is None:
                self.keuze["eerste"] = a.get("value", "")
            if "selected" in a:
                self.keuze["gekozen"].append(a.get("value", ""))
        elif self.huidig is None or not a.get("name"):
            return
        elif tag == "input":
            soort = a.get("type", "text")
            if soort in ("checkbox", "radio") and "checked" in a:
                self.huidig["velden"].append((a["name"], a.get("value", "on")))
            elif soort not in ("checkbox", "radio", "submit", "button", "image", "reset", "file"):
                self.huidig["velden"].append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.keuze = {"naam": a["name"], "meer": "multiple" in a, "gekozen": [], "eerste": None}
        elif tag == "textarea":
            self.tekstvak = [a["name"], ""]

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self.tekstvak is not None:
            self.tekstvak[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.huidig = None
        elif tag == "textarea" and self.tekstvak is not None:
            naam, tekst = self.tekstvak  # a browser drops the newline right after <textarea>
            self.huidig["velden"].append((naam, tekst.removeprefix("\n")))
            self.tekstvak = None
        elif tag == "select" and self.keuze is not None:
            k = self.keuze
            eerste = [] if k["meer"] or k["eerste"] is None else [k["eerste"]]
            self.huidig["velden"] += [(k["naam"], w) for w in k["gekozen"] or eerste]
            self.keuze = None


def _formulier(clients, url, rol, mag) -> dict:
    """The form on the page as the role that may sees it. Those who may not send the same form
    (read once per page: they are refused before it matters whose session it came from)."""
    if rol != mag and (url, mag) in clients.formulieren:
        return clients.formulieren[url, mag]
    antwoord = clients[mag].get(url)
    parser = _Formulier()
    parser.feed(antwoord.content.decode())
    formulieren = [f for f in parser.formulieren if f["post"] and f["id"] != "logout-form"]
    data = {}
    grootste = max(formulieren, key=lambda f: len(f["velden"]), default={"velden": []})
    for naam, waarde in grootste["velden"]:
        data.setdefault(naam, []).append(waarde)
    if rol != mag:
        clients.formulieren[url, mag] = data
    return data


def _datum(dagen=0):
    return (timezone.localdate() + timedelta(days=dagen)).strftime("%d-%m-%Y")


def _iso(dagen):
    return (timezone.localdate() + timedelta(days=dagen)).isoformat()


def _invullen(model, w, n, *, nieuw):
    """What the role fills in on a model's add page, or changes on its change page (``n``
    makes each role's values its own)."""
    o = w["objecten"]
    if nieuw:
        # A person in no role yet, for the models that give one a role.
        vrij = (
            PersoonFactory().pk
            if model in ("aandachtsfunctionaris", "sleutelpersoon", "lidmaatschap", "contactmoment")
            else None
        )
        return {
            "user": {"email": f"nieuw{n}@voorbeeld.nl", "first_name": "Nieuw",
                     "last_name": "Account", "rol": "Professional"},
            "wijk": {"naam": f"Nieuwe wijk {n}"},
            "gemeenschap": {"naam": f"Nieuwe gemeenschap {n}"},
            "organisatie": {"naam": f"Nieuwe organisatie {n}", "domein": "zorg"},
            "locatie": {"naam": f"Nieuwe locatie {n}", "organisatie": o["organisatie"].pk},
            "persoon": {"voornaam": "Nieuwe", "achternaam": f"Persoon {n}"},
            "aandachtsfunctionaris": {"persoon": vrij, "organisatie": o["organisatie"].pk,
                                      "functie": "Mentor"},
            "sleutelpersoon": {"persoon": vrij},
            "netwerk": {"naam": f"Nieuw netwerk {n}", "thema": "polarisatie",
                        "soort": "informeel"},
            "lidmaatschap": {"netwerk": o["netwerk"].pk, "persoon": vrij},
            "werkgroep": {"naam": f"Nieuwe werkgroep {n}", "start": _datum()},
            "contactmoment": {"persoon": vrij, "datum": _datum(), "soort": "gesprek"},
            "convenant": {"naam": f"Nieuw convenant {n}", "doel": "Samenwerken",
                          "geldig_van": _datum()},
            "reeks": {"naam": f"Nieuwe reeks {n}", "netwerk": o["netwerk"].pk,
                      "starttijd": "19:30", "eindtijd": "21:30", "locatie": "Stadskantoor",
                      "eerste_datum": _datum(30)},
            "bijeenkomst": {"titel": f"Extra bijeenkomst {n}", "netwerk": o["netwerk"].pk,
                            "begin_0": _datum(20), "begin_1": "19:30", "einde_0": _datum(20),
                            "einde_1": "21:30", "locatie": "Stadskantoor"},
            "trainingssoort": {"naam": f"Werkatelier {n}", "geldig_maanden": "12"},
            "editie": {"soort": o["trainingssoort"].pk, "locatie": "De Brug", "capaciteit": "10",
                       "dagen-0-datum": _datum(40), "dagen-0-begintijd": "09:00",
                       "dagen-0-eindtijd": "16:30"},
        }.get(model, {})  # fmt: skip
    return {
        "user": {"first_name": f"Anders {n}"},
        "wijk": {"naam": f"Andere wijk {n}"},
        "gemeenschap": {"naam": f"Andere gemeenschap {n}"},
        "organisatie": {"telefoon": f"015 21900{n:02}"},
        "locatie": {"adres": f"Markt {n}"},
        "persoon": {"telefoon": f"06 200000{n:02}"},
        "aandachtsfunctionaris": {"functie": f"Functie {n}"},
        "sleutelpersoon": {"formele_rol": f"Rol {n}"},
        "netwerk": {"naam": f"Ander netwerk {n}"},
        "lidmaatschap": {"sinds": _datum(-n)},
        "werkgroep": {"aanleiding": f"Aanleiding {n}"},
        "contactmoment": {"notitie": f"Notitie {n}"},
        "convenant": {"doel": f"Doel {n}"},
        "fasebeschrijving": {"verwachte_duur_dagen": str(20 + n)},
        "reeks": {"naam": f"Andere reeks {n}"},
        "bijeenkomst": {"agenda": f"Agenda {n}"},
        "trainingssoort": {"doelgroep": f"Doelgroep {n}"},
        "editie": {"trainer": f"Trainer {n}"},
        # The regisseur switches taking part on, the beheerder off again (a checkbox).
        "gemeente": {"doet_mee_aan_overeenkomsten": "on" if n % 2 else "false"},
    }.get(model, {})


# The action a role that may runs on a model's list, on the page's object.
ACTIES = {
    "user": lambda w, rol: {"action": "deactiveren" if rol == "regisseur" else "activeren"},
    "bericht": lambda w, rol: {"action": "opnieuw_proberen"},
    "persoon": lambda w, rol: {"action": "contactmoment_vastleggen", "datum": _datum(),
                               "soort": "gesprek", "notitie": "Even gebeld"},
    "lidmaatschap": lambda w, rol: {"action": "beeindigen"},
    "convenant": lambda w, rol: {"action": "beeindigen", "bevestigd": "ja"},
    "reeks": lambda w, rol: {"action": "bijplannen"},
}  # fmt: skip


def _reeks(w):
    return Reeks.objects.create(
        netwerk=NetwerkFactory(),
        naam="Weg",
        starttijd=time(19, 30),
        eindtijd=time(21, 30),
        locatie="Stadskantoor",
        eerste_datum=timezone.localdate() + timedelta(days=3),
    )


def _bijeenkomst(w, *, begonnen=False, uitgenodigd=True):
    """A meeting of the page's network, with its members' invitations (not yet sent)."""
    begin = timezone.now() + (timedelta(hours=-1) if begonnen else timedelta(days=9))
    nieuw = BijeenkomstFactory(netwerk=w["objecten"]["netwerk"], begin=begin)
    if uitgenodigd:
        bijeenkomsten.uitnodigingen_aanmaken(nieuw)
    return nieuw


def _begonnen_editie(w):
    """An edition with one enrolled person whose day was yesterday: attendance can be kept."""
    gisteren = editie(capaciteit=3)
    trainingen.persoon_inschrijven(gisteren, af_bij())
    datum = timezone.localdate() - timedelta(days=1)
    dag = gisteren.dagen.get()
    Trainingsdag.objects.filter(pk=dag.pk).update(datum=datum)
    Bijeenkomst.objects.filter(pk=dag.bijeenkomst_id).update(
        begin=bijeenkomsten.lokaal(datum, time(9)), einde=bijeenkomsten.lokaal(datum, time(16))
    )
    trainingen.data_bijwerken(gisteren)
    return gisteren


def _uitnodiging(w):
    return Uitnodiging.objects.create(bijeenkomst=BijeenkomstFactory(), persoon=PersoonFactory())


# For the roles that may, a fresh object of the page's model that their POST may delete,
# close or use up (the rows after it keep the shared one). Those who may not get the shared one.
WEG = {
    "user": lambda w: UserFactory(),
    "bericht": lambda w: BerichtFactory(mislukt=True),
    "wijk": lambda w: WijkFactory(),
    "gemeenschap": lambda w: GemeenschapFactory(),
    "organisatie": lambda w: OrganisatieFactory(),
    "locatie": lambda w: LocatieFactory(),
    "persoon": lambda w: PersoonFactory(),
    "aandachtsfunctionaris": lambda w: AandachtsfunctionarisFactory(),
    "sleutelpersoon": lambda w: SleutelpersoonFactory(),
    "netwerk": lambda w: NetwerkFactory(),
    "lidmaatschap": lambda w: LidmaatschapFactory(),
    "werkgroep": lambda w: nw.Werkgroep.objects.create(naam="Weg", start=timezone.localdate()),
    "contactmoment": lambda w: ContactmomentFactory(),
    "convenant": lambda w: ConvenantFactory(),
    "reeks": _reeks,
    "bijeenkomst": _bijeenkomst,
    "uitnodiging": _uitnodiging,
    "trainingssoort": lambda w: soort(),
}
WEGWERP = {
    **{
        sleutel: WEG[_model(sleutel)]
        for sleutel in POST
        if _model(sleutel) in WEG
        and (
            sleutel.endswith("/delete/")
            # A list's action: the ones that delete or close (account, person and series
            # actions change the shared object).
            or re.fullmatch(r"beheer/\w+/\w+/", sleutel)
            and _model(sleutel) not in ("user", "persoon", "reeks")
        )
    },
    "beheer/netwerk/persoon/<int:pk>/account-geven/": WEG["persoon"],
    "beheer/netwerk/persoon/<int:pk>/anonimiseren/": WEG["persoon"],
    "beheer/bijeenkomsten/bijeenkomst/<int:pk>/aanwezigheid/": lambda w: _bijeenkomst(
        w, begonnen=True
    ),
    "beheer/bijeenkomsten/bijeenkomst/<int:pk>/uitnodigen/": lambda w: _bijeenkomst(
        w, uitgenodigd=False
    ),
    "beheer/bijeenkomsten/bijeenkomst/<int:pk>/annuleren/": _bijeenkomst,
    "beheer/trainingen/editie/<int:pk>/aanwezigheid/": _begonnen_editie,
}

# The query a POST needs to do its work: the kind of members or persons an export or list holds.
QUERY = {
    "beheer/netwerk/lidmaatschap/": "?netwerk__soort__exact=formeel",
    "beheer/netwerk/lidmaatschap/export/": "?netwerk__soort__exact=formeel",
    "beheer/netwerk/persoon/export/": "?rol=af",
}

# POSTs that end the session they are sent in (or all of the user's sessions).
UITLOGGEN = {
    "account/logout/",
    "beheer/logout/",
    "account/password/change/",
    "account/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
}


def _opnieuw_bevestigd(clients, rol):
    """allauth asks for the password again before a second factor changes."""
    if rol != "anoniem":
        clients[rol].post("/account/reauthenticate/", {"password": WACHTWOORD})


def _totp_instellen(w, clients, rol, url):
    _opnieuw_bevestigd(clients, rol)
    pagina = clients[rol].get(url).content.decode()
    geheim = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', pagina)
    return {"code": pyotp.TOTP(geheim[1]).now() if geheim else "000000"}


def _tweede_factor_terug(w):
    """Each role that may removes the account's second factor: it gets one again first."""
    account = w["objecten"]["user"]
    if not Authenticator.objects.filter(user=account, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(account, pyotp.random_base32())
    return {}


def _wachtwoord_via_link(w, clients, rol, n):
    """The link from the reset mail: opening it keeps the key in the session and moves on to
    the form; the new password is posted there."""
    account = w["objecten"]["user"]
    account.refresh_from_db()
    sleutel = "account/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$"
    geopend = clients[rol].get(_url(sleutel, w))
    url = geopend.get("Location", _url(sleutel, w))
    return url, {"password1": f"via-de-link-nieuw-{n}", "password2": f"via-de-link-nieuw-{n}"}


def _importbestand(model, n):
    """A spreadsheet with one new row, in the columns the import of ``model`` knows."""
    modeladmin = admin.site._registry[getattr(nw, model.capitalize())]
    kolommen = getattr(modeladmin.get_import_resource_classes(None)[0], "kolommen", ())
    waarden = {
        "naam": f"Geimporteerd {n}",
        "organisatie": "GGZ",
        "domein": "Onderwijs",
        "voornaam": "Geimporteerd",
        "achternaam": f"Persoon {n}",
        "email": f"import{n}@voorbeeld.nl",
    }
    blad = tablib.Dataset(
        [waarden.get(k.naam, "") for k in kolommen], headers=[k.naam for k in kolommen]
    )
    return SimpleUploadedFile("import.csv", blad.export("csv").encode())


def _import_bevestigen(w, clients, mag, sleutel, n):
    """The confirmation of an upload, as the role that may saw it."""
    model = _model(sleutel)
    voorbeeld = clients[mag].post(
        f"/beheer/netwerk/{model}/import/",
        {"import_file": _importbestand(model, n), "format": "0", "resource": "0"},
    )
    return voorbeeld.context["confirm_form"].initial if voorbeeld.status_code == 200 else {}


def _regionale_training(w, n, nieuw):
    """The coördinator's form of a regional training, with data that would succeed."""
    dag = timezone.localdate() + timedelta(days=50 + n)
    data = {
        "titel": f"Regionale terugkomdag {n}",
        "locatie": "Provinciehuis",
        "trainer": "",
        "omschrijving": "",
        "dagen-TOTAL_FORMS": "1",
        "dagen-INITIAL_FORMS": "0",
        "dagen-0-datum": dag.isoformat(),
        "dagen-0-begintijd": "09:00",
        "dagen-0-eindtijd": "12:00",
        f"g{EERSTE_GEMEENTE}": str(2 + n),
    }
    if nieuw:
        return data | {"soort": "terugkomdag"}
    bestaande = w["regionale_editie"].dagen.get()
    return data | {"dagen-0-dag": str(bestaande.pk)}


def _actie_afronden(w, rol, mag, url):
    """Each role that may marks its own fresh action of the police done (one done is done)."""
    if rol != mag:
        return url, {}
    actie = casusoverleg.actie_toevoegen(
        agendapunt=w["actie"].agendapunt,
        omschrijving=f"Terugkoppeling ({rol})",
        eigenaar=w["actie"].eigenaar,
        uiterlijk=timezone.localdate() + timedelta(days=9),
        door=w["gebruikers"]["regisseur"],
    )
    return f"/casusoverleg/actie/{actie.pk}/afgerond/", {}


GEGEVENS = {
    "casusoverleg/actie/<int:actie>/afgerond/": lambda w, c, rol, n, mag, url: (
        _actie_afronden(w, rol, mag, url)
    ),
    # The page's own form (its one-time token), with data that would succeed.
    "regio/trainingen/nieuw/": lambda w, c, rol, n, mag, url: {
        **_formulier(c, url, rol, mag),
        **_regionale_training(w, n, True),
    },
    "regio/trainingen/<int:pk>/wijzigen/": lambda w, c, rol, n, mag, url: {
        **_formulier(c, url, rol, mag),
        **_regionale_training(w, n, False),
    },
    "regio/trainingen/<int:pk>/annuleren/": lambda w, c, rol, n, mag, url: {"reden": "Ziek"},
    "signalen/nieuw/": lambda w, c, rol, n, mag, url: {
        **_formulier(c, url, rol, mag),
        "categorie": "polarisatie",
        "waarneming": f"Leerling deelt filmpjes in de klasgroep ({rol}).",
        "betreft": "persoon",
        "persoon_naam": "Sam de Vries",
        "urgentie": "normaal",
    },
    "signalen/<referentie:referentie>/aanvullen/": lambda w, c, rol, n, mag, url: (
        url.replace(w["signaal"].referentie, w["vraag"].referentie),
        {"antwoord": "Het gaat om de klas 3B."},
    ),
    "trainingen/<int:pk>/": lambda w, c, rol, n, mag, url: {"actie": "inschrijven"},
    "casusoverleg/nieuw/": lambda w, c, rol, n, mag, url: {
        **_formulier(c, url, rol, mag),
        "titel": f"Casusoverleg {n}", "datum": _iso(20), "begintijd": "10:00",
        "eindtijd": "12:00", "locatie": "Veiligheidshuis",
        "deelnemers": [w["gebruikers"]["partner_anders"].pk],
    },
    "casusoverleg/agenderen/": lambda w, c, rol, n, mag, url: {
        "casusoverleg": w["overleg"].pk, "signaal": w["te_agenderen"].referentie,
    },
    "casusoverleg/<int:overleg>/wijzigen/": lambda w, c, rol, n, mag, url: {
        "titel": "Casusoverleg", "datum": _iso(8), "begintijd": "13:00", "eindtijd": "15:00",
        "locatie": "Stadskantoor",
    },
    "casusoverleg/<int:overleg>/uitnodigen/": lambda w, c, rol, n, mag, url: {
        "deelnemers": [w["gebruikers"]["partner_anders"].pk]
    },
    "casusoverleg/punt/<int:punt>/notulen/": lambda w, c, rol, n, mag, url: {
        "notulen": f"Besproken ({rol})."
    },
    "casusoverleg/punt/<int:punt>/acties/": lambda w, c, rol, n, mag, url: {
        "omschrijving": "Gesprek met de ouders",
        "eigenaar": w["punt"].signaal.delingen.get().organisatie_id,
        "uiterlijk": _iso(14),
    },
    "casusoverleg/punt/<int:punt>/besluit/": lambda w, c, rol, n, mag, url: {
        "besluit": "monitoren", "herzien_op": _iso(30),
    },
    # The item with nothing recorded: only such an item can be taken off.
    "casusoverleg/punt/<int:punt>/verwijderen/": lambda w, c, rol, n, mag, url: (
        url.replace(f"/{w['punt'].pk}/", f"/{w['leeg_punt'].pk}/"), {}
    ),
    "casusoverleg/<int:overleg>/annuleren/": lambda w, c, rol, n, mag, url: {"bevestigd": "on"},
    # Every field the regisseur has; a professional's only field (news) left out: switched off.
    "meldingen/": lambda w, c, rol, n, mag, url: {
        "bij_hoog": "dagelijks", "bij_normaal": "direct", "bij_laag": "uit",
        "overzicht_om": "09:00:00",
    },
    "uitnodiging/<str:token>/": lambda w, c, rol, n, mag, url: {
        "antwoord": ["ja", "nee", "misschien"][n % 3]
    },
    # One after the other: cancel, sign up again, cancel ...
    "trainingen/inschrijving/<str:token>/": lambda w, c, rol, n, mag, url: {
        "actie": "afmelden" if n % 2 == 0 else "inschrijven",
        "bevestigd": "on",
    },
    "account/signup/": lambda w, c, rol, n, mag, url: {
        "email": f"zelf{n}@voorbeeld.nl", "password1": "een-eigen-wachtwoord",
        "password2": "een-eigen-wachtwoord",
    },
    "account/email/": lambda w, c, rol, n, mag, url: {
        "action_add": "", "email": f"tweede{n}@voorbeeld.nl"
    },
    "account/reauthenticate/code/": lambda w, c, rol, n, mag, url: {
        "recipient": getattr(w["gebruikers"][rol], "email", "")
    },
    "account/2fa/totp/activate/": lambda w, c, rol, n, mag, url: _totp_instellen(w, c, rol, url),
    "account/2fa/recovery-codes/generate/": lambda w, c, rol, n, mag, url: (
        _opnieuw_bevestigd(c, rol) or {}
    ),
    "account/2fa/totp/deactivate/": lambda w, c, rol, n, mag, url: (
        _opnieuw_bevestigd(c, rol) or {}
    ),
    "account/password/change/": lambda w, c, rol, n, mag, url: {
        "oldpassword": WACHTWOORD, "password1": f"een-nieuw-wachtwoord-{n}",
        "password2": f"een-nieuw-wachtwoord-{n}",
    },
    "account/password/reset/": lambda w, c, rol, n, mag, url: {
        "email": getattr(w["gebruikers"][rol], "email", "onbekend@voorbeeld.nl")
    },
    "account/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        lambda w, c, rol, n, mag, url: _wachtwoord_via_link(w, c, rol, n)
    ),
    "beheer/accounts/user/<int:pk>/email/": lambda w, c, rol, n, mag, url: {
        "email": f"nieuw.adres{n}@voorbeeld.nl", "gecontroleerd": "on"
    },
    "beheer/accounts/user/<int:pk>/tweede-factor/": (
        lambda w, c, rol, n, mag, url: _tweede_factor_terug(w)
    ),
    "beheer/netwerk/persoon/<int:pk>/account-geven/": lambda w, c, rol, n, mag, url: {
        "rol": "Professional"
    },
    "beheer/netwerk/persoon/<int:pk>/anonimiseren/": lambda w, c, rol, n, mag, url: {
        "bevestigd": "ja"
    },
    "beheer/bijeenkomsten/bijeenkomst/<int:pk>/aanwezigheid/": lambda w, c, rol, n, mag, url: {
        "aanwezig": [u.pk for u in w["objecten"]["bijeenkomst"].uitnodigingen.all()]
    },
    "beheer/bijeenkomsten/bijeenkomst/<int:pk>/annuleren/": lambda w, c, rol, n, mag, url: {
        "reden": "De zaal is niet beschikbaar"
    },
    "beheer/signalen/signaal/<int:pk>/verplaatsen/": lambda w, c, rol, n, mag, url: {
        "van": "in_behandeling", "naar": "weging"
    },
    "beheer/signalen/signaal/<int:pk>/koppelen/": lambda w, c, rol, n, mag, url: {
        "referentie": w["vraag"].referentie
    },
    "beheer/signalen/signaal/<int:pk>/delen/": lambda w, c, rol, n, mag, url: {
        "organisatie": w["objecten"]["organisatie"].pk  # GGZ: a party, not yet shared with
    },
    "beheer/trainingen/editie/<int:pk>/groep/": lambda w, c, rol, n, mag, url: {
        "persoon": [w["kandidaat"].pk], "actie": "uitnodigen"
    },
    "beheer/trainingen/editie/<int:pk>/aanwezigheid/": lambda w, c, rol, n, mag, url: {
        "dagen": [d.pk for d in w["objecten"]["editie"].dagen.all()],
        **{
            f"aanwezig-{d.pk}": [i.persoon_id for i in w["objecten"]["editie"].inschrijvingen.all()]
            for d in w["objecten"]["editie"].dagen.all()
        },
    },
    "beheer/trainingen/editie/<int:pk>/afmelden/<int:inschrijving>/": (
        lambda w, c, rol, n, mag, url: {"bevestigd": "1"}
    ),
    "beheer/trainingen/editie/<int:pk>/annuleren/": lambda w, c, rol, n, mag, url: {
        "reden": "De trainer is ziek"
    },
}  # fmt: skip


def _gegevens(sleutel, w, clients, rol, mag):
    """The URL and the data of the POST: what would succeed for ``mag``, a role that may."""
    n = ROLLEN.index(rol)
    url = _url(sleutel, w) + QUERY.get(sleutel, "")
    model = _model(sleutel)
    if sleutel in GEGEVENS:
        data = GEGEVENS[sleutel](w, clients, rol, n, mag, url)
        return data if isinstance(data, tuple) else (url, data)
    if sleutel.endswith(("/add/", "/change/")):
        data = _formulier(clients, url, rol, mag)
        return url, {**data, **_invullen(model, w, n, nieuw=sleutel.endswith("/add/"))}
    if model is None:
        return url, {}
    if sleutel.endswith("/delete/"):
        return url, {"post": "yes"}
    if sleutel.endswith("/import/"):
        return url, {"import_file": _importbestand(model, n), "format": "0", "resource": "0"}
    if sleutel.endswith("/process_import/"):
        return url, _import_bevestigen(w, clients, mag, sleutel, n)
    if sleutel.endswith("/export/"):
        return url, {"format": "0"}
    # A list: its action on the page's object (deleting it, unless the model has its own).
    actie = ACTIES.get(model, lambda w, rol: {"action": "delete_selected", "post": "yes"})
    return url, {**actie(w, rol), "_selected_action": [w["objecten"][model].pk]}


# Not compared: what every request changes (sessions, the session list, the cache's reserve).
def _stand() -> dict:
    """A fingerprint of every table and the number of mails sent."""
    return {**database_stand(), "verstuurde mail": len(mail.outbox)}


def _verschil(voor, na) -> list:
    return sorted(k for k in voor.keys() | na.keys() if voor.get(k) != na.get(k))


def _posten(clients, sleutel, rol, url, data):
    antwoord = clients[rol].post(url, data)
    if sleutel in UITLOGGEN:
        clients.pop(rol)  # logged out: the next request logs in again
    return antwoord


def test_post_per_rol_en_alleen_wie_mag_verandert_iets(wereld):
    w = wereld
    clients = _Clients(w)
    signaal, deling = w["signaal"], w["deling"]
    afwijkingen = []
    # Who may not: the answer in the table, and nothing changed. Their data first (reading a
    # form, making a person to choose changes things), then the POSTs, row by row.
    alle_posts = {}
    for sleutel, verwacht in POST.items():
        statussen = dict(zip(ROLLEN, verwacht.split(), strict=True))
        mag = next((r for r, s in statussen.items() if s.endswith("*")), "regisseur")
        alle_posts[sleutel] = [
            (rol, *_gegevens(sleutel, w, clients, rol, mag), status)
            for rol, status in statussen.items()
            if not status.endswith("*")
        ]
    stand = _stand()
    for sleutel, posts in alle_posts.items():
        for rol, url, data, status in posts:
            antwoord = _posten(clients, sleutel, rol, url, data)
            if antwoord.status_code != int(status):
                afwijkingen.append(
                    f"{rol:16} POST {url}: {antwoord.status_code}, verwacht {status}"
                )
        voor, stand = stand, _stand()
        if gewijzigd := _verschil(voor, stand):
            rollen = ", ".join(rol for rol, *_ in posts)
            afwijkingen.append(f"POST {sleutel} door {rollen} veranderde {gewijzigd}")
    assert not afwijkingen, "\n".join(afwijkingen)
    signaal.refresh_from_db()
    deling.refresh_from_db()
    assert signaal.fase == "in_behandeling"
    assert deling.actief
    assert Koppeling.objects.get().status == "mogelijk"
    assert signaal.__class__.objects.count() == 7
    training, inschrijving = w["editie"], w["inschrijving"]
    training.refresh_from_db()
    inschrijving.refresh_from_db()
    assert training.status == "gepland" and inschrijving.status == "ingeschreven"
    assert not training.inschrijvingen.filter(persoon=w["kandidaat"]).exists()

    # Who may: the answer in the table, and it changed something.
    for sleutel, verwacht in POST.items():
        for rol, status in zip(ROLLEN, verwacht.split(), strict=True):
            if not status.endswith("*"):
                continue
            model, gedeeld = _model(sleutel), None
            if sleutel in WEGWERP:
                gedeeld, w["objecten"][model] = w["objecten"][model], WEGWERP[sleutel](w)
            url, data = _gegevens(sleutel, w, clients, rol, rol)
            voor = _stand()
            antwoord = _posten(clients, sleutel, rol, url, data)
            if antwoord.status_code != int(status[:3]):
                afwijkingen.append(
                    f"{rol:16} POST {url}: {antwoord.status_code}, verwacht {status[:3]}"
                )
            elif not _verschil(voor, _stand()):
                afwijkingen.append(f"{rol:16} POST {url}: {status[:3]}, maar niets veranderd")
            if gedeeld is not None:
                w["objecten"][model] = gedeeld
    assert not afwijkingen, "\n".join(afwijkingen)
    signaal.refresh_from_db()
    deling.refresh_from_db()
    assert signaal.fase == "weging" and not deling.actief
    training.refresh_from_db()
    inschrijving.refresh_from_db()
    assert training.status == "geannuleerd" and inschrijving.status == "afgemeld"
    assert training.inschrijvingen.get(persoon=w["kandidaat"]).status == "uitgenodigd"


# --- gemeente × role × URL: another gemeente's objects are not there ----------------------------

# A URL names an object when one of these is in it; the others (lists, forms without an object)
# are one gemeente's own by the scope, tested in tests/regio/test_scheiding.py.
_OBJECTSLEUTELS = (
    "<path:object_id>",
    "<int:pk>",
    "<referentie:referentie>",
    "<int:koppeling>",
    "<int:versie>",
    "<int:deling>",
    "<int:inschrijving>",
    "<int:overleg>",
    "<int:punt>",
    "<int:actie>",
    "<int:weging>",
    "<str:token>",
    "(?P<url>",
)


@pytest.fixture
def andere_gemeente(wereld):
    """The same roles in a second gemeente of the region, with an organisation there."""
    from regio.models import Gemeente
    from regio.scope import gemeente_actief

    gemeente_b = Gemeente.objects.create(naam="Pijnacker-Nootdorp")
    with gemeente_actief(gemeente_b.pk):
        politie_b = OrganisatieFactory(naam="Politie", domein="politie")
        professional_b, _mens = professional_met_persoon(organisatie=politie_b)
        return {
            "melder": UserFactory(professional=True),
            "professional": professional_b,
            "partner_gedeeld": partner_bij(politie_b),
            "partner_anders": partner_bij(OrganisatieFactory(naam="GGZ", domein="ggz")),
            "regisseur": UserFactory(regisseur=True, met_mfa=True),
            "beheerder": UserFactory(beheerder=True, met_mfa=True),
        }


def test_een_andere_gemeente_krijgt_404_voor_elk_object(wereld, andere_gemeente):
    """For every URL that names an object of gemeente A, each role of gemeente B gets 404 where
    the same role of A gets the page: admin pages, exports, the network picture, RSVP and
    enrolment links, uploads and the audit pages alike."""
    afwijkingen = []
    gecontroleerd = 0
    for sleutel, verwacht in GET.items():
        if not any(s in sleutel for s in _OBJECTSLEUTELS):
            continue
        url = _url(sleutel, wereld)
        for rol, status in zip(ROLLEN, verwacht.split(), strict=True):
            if rol not in andere_gemeente or status != "200":
                continue  # anonymous, and the regiocoördinator (of no gemeente)
            gecontroleerd += 1
            antwoord = ingelogd(andere_gemeente[rol]).get(url)
            if antwoord.status_code != 404:
                afwijkingen.append(f"{rol:16} van B, GET {url}: {antwoord.status_code}")
    assert gecontroleerd > 80
    assert not afwijkingen, "\n".join(afwijkingen)
