from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import rollen
from netwerk import models as nw
from netwerk import selectors, services
from tests.factories import (
    AandachtsfunctionarisFactory,
    ContactmomentFactory,
    LidmaatschapFactory,
    LocatieFactory,
    NetwerkFactory,
    OrganisatieFactory,
    PersoonFactory,
    SleutelpersoonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_anonimiseren_wist_persoonsgegevens_en_houdt_de_geschiedenis(regisseur):
    account = UserFactory(professional=True)
    persoon = PersoonFactory(
        voornaam="Fatima", achternaam="El Amrani", account=account, opmerkingen="x"
    )
    lid = LidmaatschapFactory(persoon=persoon)
    SleutelpersoonFactory(persoon=persoon, achterban="Marokkaanse moeders", formele_rol="wijkagent")
    ContactmomentFactory(persoon=persoon, notitie="sprak over haar zoon")

    services.persoon_anonimiseren(persoon=persoon, door=regisseur)

    persoon.refresh_from_db()
    assert "Fatima" not in persoon.volledige_naam and "Amrani" not in persoon.volledige_naam
    assert persoon.email == "" and not persoon.telefoon and persoon.opmerkingen == ""
    assert persoon.geanonimiseerd_op is not None
    assert persoon.account is None
    account.refresh_from_db()
    assert not account.is_active
    assert nw.Lidmaatschap.objects.filter(pk=lid.pk).exists()
    assert persoon.sleutelpersoon.achterban == ""
    assert persoon.contactmomenten.get().notitie == ""


def test_persoon_krijgt_een_account_met_rol(
    regisseur, mailoutbox, django_capture_on_commit_callbacks
):
    persoon = PersoonFactory(
        email="sanne@jongerenwerk.nl", voornaam="Sanne", tussenvoegsel="de", achternaam="Boer"
    )
    with django_capture_on_commit_callbacks(execute=True):
        account = services.persoon_account_geven(
            persoon=persoon, rol=rollen.PROFESSIONAL, door=regisseur
        )
    persoon.refresh_from_db()
    assert persoon.account == account
    assert account.last_name == "de Boer"
    assert rollen.rollen_van(account) == {rollen.PROFESSIONAL}
    assert mailoutbox[0].to == ["sanne@jongerenwerk.nl"]
    with pytest.raises(ValidationError, match="al een account"):
        services.persoon_account_geven(persoon=persoon, rol=rollen.PROFESSIONAL, door=regisseur)


def test_persoon_zonder_e_mailadres_krijgt_geen_account(regisseur):
    persoon = nw.Persoon.objects.create(voornaam="Zonder")
    with pytest.raises(ValidationError, match="e-mailadres"):
        services.persoon_account_geven(persoon=persoon, rol=rollen.PROFESSIONAL, door=regisseur)


def test_smoelenboek_toont_nooit_een_sleutelpersoon():
    formeel = NetwerkFactory()
    zichtbaar = AandachtsfunctionarisFactory(in_netwerk=formeel)
    ook_sleutelpersoon = AandachtsfunctionarisFactory(in_netwerk=formeel)
    SleutelpersoonFactory(persoon=ook_sleutelpersoon.persoon, op_de_achtergrond=True)
    SleutelpersoonFactory()  # only a key person, in no formal network
    buiten_netwerk = AandachtsfunctionarisFactory()
    inactief = AandachtsfunctionarisFactory(in_netwerk=formeel, actief=False)
    assert list(selectors.smoelenboek()) == [zichtbaar]
    assert buiten_netwerk not in selectors.smoelenboek() and inactief not in selectors.smoelenboek()


def test_smoelenboek_zoekt_op_naam_organisatie_domein_en_wijk():
    formeel = NetwerkFactory()
    ggz = OrganisatieFactory(naam="GGZ Delfland", domein=nw.Domein.GGZ)
    a = AandachtsfunctionarisFactory(
        in_netwerk=formeel, organisatie=ggz, persoon__achternaam="Yilmaz"
    )
    b = AandachtsfunctionarisFactory(in_netwerk=formeel, met_locatie=True)
    assert list(selectors.smoelenboek(zoek="yilm")) == [a]
    assert list(selectors.smoelenboek(zoek="delfland")) == [a]
    assert list(selectors.smoelenboek(domein=nw.Domein.GGZ)) == [a]
    assert list(selectors.smoelenboek(organisatie=ggz.pk)) == [a]
    assert list(selectors.smoelenboek(wijk=b.locaties.get().wijk_id)) == [b]


def test_dekking_per_organisatie_en_per_domein():
    school = OrganisatieFactory(naam="Het College", domein=nw.Domein.ONDERWIJS)
    gedekt = LocatieFactory(organisatie=school, naam="Gebouw A")
    LocatieFactory(organisatie=school, naam="Gebouw B")
    af = AandachtsfunctionarisFactory(organisatie=school)
    nw.AandachtsfunctionarisLocatie.objects.create(aandachtsfunctionaris=af, locatie=gedekt)
    [dekking] = selectors.dekking_per_organisatie()
    assert [loc.naam for loc in dekking.met] == ["Gebouw A"]
    assert [loc.naam for loc in dekking.zonder] == ["Gebouw B"]
    assert dekking.percentage == 50
    per_domein = {d: n for d, _s, n in selectors.actieve_af_per_domein()}
    assert per_domein["Onderwijs"] == 1 and per_domein["GGZ"] == 0
    # An inactive aandachtsfunctionaris does not cover a location.
    af.actief = False
    af.save()
    [dekking] = selectors.dekking_per_organisatie()
    assert dekking.met == []


def test_stille_personen(settings):
    settings.NETWERK_STIL_NA_MAANDEN = 6
    oud = timezone.now() - timedelta(days=1000)
    recent = AandachtsfunctionarisFactory(persoon__bekend_sinds=oud).persoon
    ContactmomentFactory(persoon=recent, datum=timezone.localdate() - timedelta(days=10))
    lang_geleden = SleutelpersoonFactory(persoon__bekend_sinds=oud).persoon
    ContactmomentFactory(persoon=lang_geleden, datum=date(2020, 1, 1))
    nooit = AandachtsfunctionarisFactory(persoon__bekend_sinds=oud).persoon
    nieuw = AandachtsfunctionarisFactory().persoon  # just added: new, not quiet
    PersoonFactory(bekend_sinds=oud)  # no role, no membership: not part of the network
    stil = list(selectors.stille_personen())
    assert stil == [lang_geleden, nooit] or stil == [nooit, lang_geleden]
    assert recent not in stil and nieuw not in stil
    assert {p.pk: p.laatste_contact for p in stil}[lang_geleden.pk] == date(2020, 1, 1)


def test_een_export_van_personen_heeft_altijd_een_soort():
    af = AandachtsfunctionarisFactory().persoon
    sp = SleutelpersoonFactory().persoon
    beide = AandachtsfunctionarisFactory().persoon
    SleutelpersoonFactory(persoon=beide, formele_rol="jongerenwerker")
    zonder_rol = PersoonFactory()
    for soort in (None, "", "alles", "af,sleutelpersoon"):
        with pytest.raises(ValidationError, match="nooit samen"):
            services.export_soort(soort)
    alle = nw.Persoon.objects.all()
    assert set(services.personen_van_soort(alle, "af")) == {af, beide}
    assert set(services.personen_van_soort(alle, "sleutelpersoon")) == {sp, beide}
    assert set(services.personen_van_soort(alle, "geen")) == {zonder_rol}


def test_lidmaatschappen_van_een_soort():
    LidmaatschapFactory(netwerk=NetwerkFactory())
    LidmaatschapFactory(netwerk=NetwerkFactory(informeel=True))
    assert {lid.netwerk.soort for lid in selectors.lidmaatschappen_van_soort("formeel")} == {
        "formeel"
    }
    with pytest.raises(ValueError):
        selectors.lidmaatschappen_van_soort("beide")


def test_anonimiseren_herschrijft_de_beheergeschiedenis(regisseur):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    persoon = PersoonFactory(voornaam="Hatice", achternaam="Yildiz", email="hatice@school.nl")
    lid = LidmaatschapFactory(persoon=persoon)
    netwerk_ct = ContentType.objects.get_for_model(nw.Netwerk)
    persoon_ct = ContentType.objects.get_for_model(nw.Persoon)
    LogEntry.objects.create(
        user=regisseur, content_type=persoon_ct, object_id=str(persoon.pk),
        object_repr="Hatice Yildiz", action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["E-mailadres"]}}]',
    )  # fmt: skip
    LogEntry.objects.create(
        user=regisseur, content_type=netwerk_ct, object_id=str(lid.netwerk.pk),
        object_repr=lid.netwerk.naam, action_flag=CHANGE,
        change_message='[{"added": {"name": "lidmaatschap", "object": "Hatice Yildiz in N"}}]',
    )  # fmt: skip

    services.persoon_anonimiseren(persoon=persoon, door=regisseur)

    alles = " ".join(f"{e.object_repr} {e.change_message}" for e in LogEntry.objects.all()).lower()
    assert "hatice" not in alles and "yildiz" not in alles
    assert f"geanonimiseerd #{persoon.pk}" in alles
    # What was done stays readable.
    assert "lidmaatschap" in alles and "e-mailadres" in alles


def test_anonimiseren_maakt_ook_het_account_anoniem(regisseur):
    from allauth.account.models import EmailAddress

    account = UserFactory(professional=True, met_mfa=True, email="pieter@school.nl")
    persoon = PersoonFactory(account=account, email="pieter@school.nl")
    services.persoon_anonimiseren(persoon=persoon, door=regisseur)
    account.refresh_from_db()
    assert "pieter" not in account.email and account.get_full_name() == ""
    assert not account.is_active and not account.has_usable_password()
    assert not EmailAddress.objects.filter(user=account).exists()
    assert not account.authenticator_set.exists()


def test_anonimiseren_vindt_ook_oude_namen_en_accenten_en_laat_de_rest_heel(regisseur):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    persoon = PersoonFactory(voornaam="Ayşe", achternaam="Özdemir", email="ayse@moskee.nl")
    werkgroep = nw.Werkgroep.objects.create(naam="WG Incident", start=date(2026, 1, 1))
    nw.Werkgroeplid.objects.create(werkgroep=werkgroep, persoon=persoon, rol="vertrouwenspersoon")
    af = AandachtsfunctionarisFactory(persoon=persoon, functie="Voorzitter bestuur Moskee")
    sp = SleutelpersoonFactory(persoon=persoon, geintroduceerd_door=PersoonFactory())
    sp.gemeenschappen.add(nw.Gemeenschap.objects.create(naam="Turkse gemeenschap"))
    ct = ContentType.objects.get_for_model
    # Her earlier name, as the history recorded it before a rename.
    LogEntry.objects.create(
        user=regisseur, content_type=ct(nw.Persoon), object_id=str(persoon.pk),
        object_repr="Ayşe Demir", action_flag=CHANGE, change_message="[]",
    )  # fmt: skip
    # A werkgroep page where she was added inline: JSON escapes the accents.
    LogEntry.objects.create(
        user=regisseur, content_type=ct(nw.Werkgroep), object_id=str(werkgroep.pk),
        object_repr="WG Incident", action_flag=CHANGE,
        change_message='[{"added": {"name": "werkgroeplid", "object": "Ay\\u015fe Demir in WG"}}]',
    )  # fmt: skip
    # Somebody else's history that merely contains the letters of a name stays as it was.
    andere = OrganisatieFactory(naam="Stichting Ayşe Demirbaş")
    LogEntry.objects.create(
        user=regisseur, content_type=ct(nw.Organisatie), object_id=str(andere.pk),
        object_repr=andere.naam, action_flag=CHANGE, change_message="[]",
    )  # fmt: skip

    services.persoon_anonimiseren(persoon=persoon, door=regisseur)

    werkgroep_entry = LogEntry.objects.get(content_type=ct(nw.Werkgroep))
    assert "Demir" not in werkgroep_entry.get_change_message()
    assert werkgroep_entry.object_repr == "WG Incident"
    persoon_entry = LogEntry.objects.get(content_type=ct(nw.Persoon))
    assert persoon_entry.object_repr == f"Geanonimiseerd #{persoon.pk}"
    assert LogEntry.objects.get(content_type=ct(nw.Organisatie)).object_repr == andere.naam
    af.refresh_from_db()
    sp.refresh_from_db()
    assert af.functie == "" and af.organisatie_id  # the role stays, without what identifies
    assert nw.Werkgroeplid.objects.get(persoon=persoon).rol == ""
    assert sp.geintroduceerd_door is None and not sp.gemeenschappen.exists()
