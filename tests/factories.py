"""Test data for every test, in one place. Traits give a user a role and a second factor."""

from datetime import date, time, timedelta

import factory
import pyotp
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import rollen

WACHTWOORD = "een-lang-test-wachtwoord"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@voorbeeld.nl")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password(WACHTWOORD)
    is_active = True
    # Not model fields: taken out in _create and applied after the user exists.
    rol = None
    totp_secret = None

    class Params:
        regisseur = factory.Trait(rol=rollen.NETWERKREGISSEUR, is_staff=True)
        professional = factory.Trait(rol=rollen.PROFESSIONAL)
        partner = factory.Trait(rol=rollen.PARTNER)
        # An account of the region, of no gemeente (docs/regio.md).
        regiocoordinator = factory.Trait(rol=rollen.REGIOCOORDINATOR, gemeente=None)
        beheerder = factory.Trait(is_staff=True, is_superuser=True)
        met_mfa = factory.Trait(totp_secret=factory.LazyFunction(pyotp.random_base32))

    @factory.post_generation
    def rol_en_mfa(obj, create, extracted, **kwargs):
        if not create:
            return
        EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)
        factory_params = obj._factory_params
        if factory_params["rol"]:
            obj.groups.add(Group.objects.get(name=factory_params["rol"]))
        if factory_params["totp_secret"]:
            TOTP.activate(obj, factory_params["totp_secret"])
            obj.totp_secret = factory_params["totp_secret"]

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        rol = kwargs.pop("rol", None)
        totp_secret = kwargs.pop("totp_secret", None)
        obj = super()._create(model_class, *args, **kwargs)
        obj._factory_params = {"rol": rol, "totp_secret": totp_secret}
        return obj


# --- netwerk ------------------------------------------------------------------------------------

from netwerk import models as nw  # noqa: E402


class WijkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = nw.Wijk
        django_get_or_create = ["naam"]

    naam = factory.Sequence(lambda n: f"Wijk {n}")


class GemeenschapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = nw.Gemeenschap

    naam = factory.Sequence(lambda n: f"Gemeenschap {n}")


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = nw.Organisatie

    naam = factory.Sequence(lambda n: f"Organisatie {n}")
    domein = nw.Domein.ONDERWIJS


class LocatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = nw.Locatie

    organisatie = factory.SubFactory(OrganisatieFactory)
    naam = factory.Sequence(lambda n: f"Locatie {n}")
    wijk = factory.SubFactory(WijkFactory)


class PersoonFactory(factory.django.DjangoModelFactory):
    """A person; ``bekend_sinds=<datetime>`` puts their registration in the past (the field is
    set automatically on creation)."""

    class Meta:
        model = nw.Persoon
        skip_postgeneration_save = True

    voornaam = factory.Faker("first_name", locale="nl_NL")
    achternaam = factory.Faker("last_name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"persoon{n}@voorbeeld.nl")
    telefoon = factory.Sequence(lambda n: f"06{10000000 + n}")

    @factory.post_generation
    def bekend_sinds(obj, create, extracted, **kwargs):
        if create and extracted:
            nw.Persoon.objects.filter(pk=obj.pk).update(aangemaakt_op=extracted)
            obj.aangemaakt_op = extracted


class NetwerkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = nw.Netwerk

    naam = factory.Sequence(lambda n: f"Netwerk {n}")
    thema = nw.Thema.RADICALISERING
    soort = nw.NetwerkSoort.FORMEEL

    class Params:
        informeel = factory.Trait(soort=nw.NetwerkSoort.INFORMEEL, thema=nw.Thema.POLARISATIE)


class LidmaatschapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = nw.Lidmaatschap

    netwerk = factory.SubFactory(NetwerkFactory)
    persoon = factory.SubFactory(PersoonFactory)


class AandachtsfunctionarisFactory(factory.django.DjangoModelFactory):
    """An aandachtsfunctionaris; ``in_netwerk=<Netwerk>`` also makes them a member of it,
    ``met_locatie=True`` gives them a location of their organisation."""

    class Meta:
        model = nw.Aandachtsfunctionaris
        skip_postgeneration_save = True

    persoon = factory.SubFactory(PersoonFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    functie = "Mentor"

    @factory.post_generation
    def in_netwerk(obj, create, extracted, **kwargs):
        if create and extracted:
            nw.Lidmaatschap.objects.get_or_create(netwerk=extracted, persoon=obj.persoon)

    @factory.post_generation
    def met_locatie(obj, create, extracted, **kwargs):
        if create and extracted:
            locatie = LocatieFactory(organisatie=obj.organisatie)
            nw.AandachtsfunctionarisLocatie.objects.create(
                aandachtsfunctionaris=obj, locatie=locatie
            )


class SleutelpersoonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = nw.Sleutelpersoon

    persoon = factory.SubFactory(PersoonFactory)
    betrokkenheid = nw.Betrokkenheid.KERN


class ContactmomentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = nw.Contactmoment

    persoon = factory.SubFactory(PersoonFactory)
    datum = factory.LazyFunction(lambda: __import__("datetime").date.today())
    soort = nw.ContactSoort.GESPREK


# --- signalen -----------------------------------------------------------------------------------

from signalen import casusverloop as _casusverloop  # noqa: E402
from signalen import services as _signalen  # noqa: E402
from signalen.models import Signaal as _Signaal  # noqa: E402


class SignaalFactory(factory.django.DjangoModelFactory):
    """A signal filed through the real service; ``fase=`` walks it there along the shortest
    path of the case flow (moved by ``door``, a regisseur made on demand)."""

    class Meta:
        model = _Signaal

    melder = factory.SubFactory(UserFactory, professional=True)
    categorie = "polarisatie"
    waarneming = factory.Sequence(lambda n: f"Leerling deelt filmpjes in de klasgroep ({n}).")
    betreft = "persoon"
    persoon_naam = factory.Faker("name", locale="nl_NL")
    urgentie = "normaal"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        melder = kwargs.pop("melder")
        fase = kwargs.pop("fase", None)
        door = kwargs.pop("door", None)
        signaal = _signalen.signaal_indienen(melder=melder, gegevens=kwargs)
        if fase and fase != signaal.fase:
            door = door or UserFactory(regisseur=True)
            for naar in _casusverloop.kortste_pad(signaal.fase, fase):
                signaal = _signalen.signaal_verplaatsen(
                    signaal_id=signaal.pk,
                    van=signaal.fase,
                    naar=naar,
                    door=door,
                    notitie="Een vraag?" if naar == "aanvulling_gevraagd" else "",
                    doorverwezen_naar="ggz" if naar == "doorverwezen" else "",
                    # A signal made in a later phase: its weging is not what a test is about.
                    bevestigde_weging=True,
                )
        return signaal


# --- convenanten --------------------------------------------------------------------------------

from netwerk.demo import demo_pdf  # noqa: E402

PDF = demo_pdf("Testconvenant")


def gemeente():
    """The municipality itself (one per database)."""
    return nw.Organisatie.objects.filter(is_gemeente=True).first() or OrganisatieFactory(
        naam="Gemeente Delft", domein=nw.Domein.GEMEENTE, is_gemeente=True
    )


class ConvenantFactory(factory.django.DjangoModelFactory):
    """A convenant in force since last year, with the gemeente as a party. ``partijen=[...]``
    adds organisations, ``categorieen=[...]`` the categories it covers (default radicalisering)."""

    class Meta:
        model = nw.Convenant
        skip_postgeneration_save = True

    naam = factory.Sequence(lambda n: f"Convenant {n}")
    doel = "Samenwerken tegen radicalisering"
    status = nw.ConvenantStatus.VAN_KRACHT
    geldig_van = factory.LazyFunction(lambda: date.today() - timedelta(days=365))
    geldig_tot = factory.LazyFunction(lambda: date.today() + timedelta(days=365))
    document = factory.django.FileField(filename="convenant.pdf", data=PDF)

    @factory.post_generation
    def partijen(obj, create, extracted, **kwargs):
        if not create:
            return
        for organisatie in [gemeente(), *(extracted or [])]:
            nw.Convenantpartij.objects.get_or_create(convenant=obj, organisatie=organisatie)

    @factory.post_generation
    def categorieen(obj, create, extracted, **kwargs):
        if not create:
            return
        for categorie in extracted if extracted is not None else ["radicalisering"]:
            nw.ConvenantCategorie.objects.get_or_create(convenant=obj, categorie=categorie)


def partner_bij(organisatie, **kwargs):
    """A partner account (with MFA) that belongs to ``organisatie``."""
    from netwerk.convenanten import partner_koppelen

    user = UserFactory(partner=True, met_mfa=True, **kwargs)
    partner_koppelen(user=user, organisatie=organisatie)
    return user


# --- bijeenkomsten ------------------------------------------------------------------------------

from bijeenkomsten import models as bk  # noqa: E402


class BijeenkomstFactory(factory.django.DjangoModelFactory):
    """A meeting of a network, a week from now, 19:30-21:30."""

    class Meta:
        model = bk.Bijeenkomst

    netwerk = factory.SubFactory(NetwerkFactory)
    titel = factory.Sequence(lambda n: f"Netwerkbijeenkomst {n}")
    begin = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    einde = factory.LazyAttribute(lambda o: o.begin + timedelta(hours=2))
    locatie = "Stadskantoor, zaal 2"
    agenda = "1. Opening\n2. Signalen uit de wijken\n3. Rondvraag"


def lid_van(netwerk, **kwargs):
    """A person who is a member of ``netwerk``."""
    persoon = PersoonFactory(**kwargs)
    nw.Lidmaatschap.objects.create(netwerk=netwerk, persoon=persoon)
    return persoon


# --- Trainingen ---------------------------------------------------------------------------------


def soort(rol: str = "", **kwargs):
    """A kind of training: the basic training or the terugkomdag (from the data migration) when
    ``rol`` names one, else a new kind."""
    from trainingen.models import Trainingssoort

    if rol:
        # transaction=True tests flush the data migration's rows: make it again then.
        gevonden, _nieuw = Trainingssoort.objects.get_or_create(
            rol=rol, defaults={"naam": rol.capitalize(), "geldig_maanden": 12}
        )
        for veld, waarde in kwargs.items():
            setattr(gevonden, veld, waarde)
        if kwargs:
            gevonden.save()
        return gevonden
    kwargs.setdefault("naam", f"Training {Trainingssoort.objects.count() + 1}")
    return Trainingssoort.objects.create(**kwargs)


def editie(soort_=None, *, dagen: int = 1, over: int = 14, capaciteit: int = 12, **kwargs):
    """An edition with ``dagen`` days, the first ``over`` days from today (may be negative: in
    the past), 09:00-16:30, planned through the service so each day has its meeting."""
    from trainingen import services as tr

    soort_ = soort_ or soort("basistraining")
    eerste = timezone.localdate() + timedelta(days=over)
    return tr.editie_plannen(
        soort=soort_,
        locatie=kwargs.pop("locatie", "Trainingscentrum De Brug"),
        capaciteit=capaciteit,
        dagen=[(eerste + timedelta(days=7 * i), time(9, 0), time(16, 30)) for i in range(dagen)],
        **kwargs,
    )


def af_bij(organisatie=None, **kwargs):
    """A person who is an active aandachtsfunctionaris at ``organisatie``."""
    persoon = PersoonFactory(**kwargs)
    AandachtsfunctionarisFactory(persoon=persoon, organisatie=organisatie or OrganisatieFactory())
    return persoon


def professional_met_persoon(**persoon):
    """A professional's account linked to an active aandachtsfunctionaris: (user, persoon).
    The account carries the person's own name (the page greets them with it), not a random one
    that could be a colleague's hidden name."""
    mens = af_bij(**persoon)
    user = UserFactory(professional=True, first_name=mens.voornaam, last_name=mens.achternaam)
    mens.account = user
    mens.save()
    return user, mens
