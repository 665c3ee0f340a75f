"""Data rules of the registry: enforced in the model or database, with Dutch messages."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from netwerk import models as nw
from tests.factories import (
    AandachtsfunctionarisFactory,
    LidmaatschapFactory,
    LocatieFactory,
    NetwerkFactory,
    OrganisatieFactory,
    PersoonFactory,
    SleutelpersoonFactory,
)

pytestmark = pytest.mark.django_db


def test_e_mailadres_is_uniek_per_persoon_ongeacht_hoofdletters():
    PersoonFactory(email="jan@school.nl")
    dubbel = nw.Persoon(voornaam="Jan", email="JAN@school.nl")
    with pytest.raises(ValidationError) as fout:
        dubbel.full_clean()
    assert "Er bestaat al een persoon met dit e-mailadres." in str(fout.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        nw.Persoon.objects.create(voornaam="Jan", email="JAN@school.nl")


def test_personen_zonder_e_mailadres_botsen_niet():
    nw.Persoon.objects.create(voornaam="A")
    nw.Persoon.objects.create(voornaam="B")
    assert nw.Persoon.objects.filter(email="").count() == 2


def test_telefoonnummer_moet_een_geldig_nederlands_nummer_zijn():
    persoon = PersoonFactory.build(telefoon="12345")
    with pytest.raises(ValidationError) as fout:
        persoon.full_clean()
    assert "telefoon" in fout.value.message_dict
    goed = PersoonFactory.build(telefoon="015 260 2000")
    goed.full_clean()
    assert goed.telefoon.as_e164 == "+31152602000"


def test_einddatum_niet_voor_begindatum():
    lid = LidmaatschapFactory.build(sinds=date(2026, 5, 1), tot=date(2026, 4, 1))
    lid.netwerk.save()
    lid.persoon.save()
    lid.netwerk_id, lid.persoon_id = lid.netwerk.pk, lid.persoon.pk
    with pytest.raises(ValidationError) as fout:
        lid.full_clean()
    assert "De einddatum ligt vóór de begindatum." in str(fout.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        lid.save()


def test_werkgroep_einde_niet_voor_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        nw.Werkgroep.objects.create(naam="W", start=date(2026, 5, 1), einde=date(2026, 1, 1))


def test_een_persoon_eenmaal_per_netwerk():
    lid = LidmaatschapFactory()
    dubbel = nw.Lidmaatschap(netwerk=lid.netwerk, persoon=lid.persoon)
    with pytest.raises(ValidationError) as fout:
        dubbel.full_clean()
    assert "Deze persoon is al lid van dit netwerk." in str(fout.value)


def test_locatie_van_aandachtsfunctionaris_hoort_bij_de_eigen_organisatie():
    af = AandachtsfunctionarisFactory()
    andere = LocatieFactory(organisatie=OrganisatieFactory())
    with pytest.raises(ValidationError) as fout:
        nw.AandachtsfunctionarisLocatie.objects.create(aandachtsfunctionaris=af, locatie=andere)
    assert "hoort niet bij de organisatie" in str(fout.value)


def test_persoon_kan_aandachtsfunctionaris_en_sleutelpersoon_tegelijk_zijn():
    persoon = PersoonFactory()
    AandachtsfunctionarisFactory(persoon=persoon)
    SleutelpersoonFactory(persoon=persoon, formele_rol="jongerenwerker")
    assert persoon.aandachtsfunctionarisrollen.count() == 1
    assert persoon.sleutelpersoon.formele_rol == "jongerenwerker"


def test_sleutelpersoon_introduceert_zichzelf_niet():
    sp = SleutelpersoonFactory()
    sp.geintroduceerd_door = sp.persoon
    with pytest.raises(IntegrityError), transaction.atomic():
        sp.save()


def test_domein_bepaalt_de_sector():
    assert OrganisatieFactory(domein=nw.Domein.POLITIE).sector == nw.Sector.VEILIGHEID
    assert OrganisatieFactory(domein=nw.Domein.VROUWENNETWERK).sector == nw.Sector.GEMEENSCHAP
    assert OrganisatieFactory(domein=nw.Domein.GGZ).sector == nw.Sector.SOCIAAL
    assert set(nw.SECTOR_VAN_DOMEIN) == set(nw.Domein)


def test_netwerknaam_uniek():
    NetwerkFactory(naam="Netwerk Delft")
    with pytest.raises(ValidationError):
        nw.Netwerk(naam="netwerk delft", thema="polarisatie", soort="formeel").full_clean()


def test_contactmoment_ligt_niet_in_de_toekomst():
    from datetime import timedelta

    from django.utils import timezone

    moment = nw.Contactmoment(
        persoon=PersoonFactory(),
        datum=timezone.localdate() + timedelta(days=1),
        soort=nw.ContactSoort.GESPREK,
    )
    with pytest.raises(ValidationError) as fout:
        moment.full_clean()
    assert "kan niet in de toekomst liggen" in str(fout.value)


def test_soort_van_een_netwerk_ligt_vast():
    netwerk = NetwerkFactory(naam="Vast netwerk")
    netwerk.soort = nw.NetwerkSoort.INFORMEEL
    with pytest.raises(ValidationError) as fout:
        netwerk.full_clean()
    assert "Het soort netwerk ligt vast" in str(fout.value)
    netwerk.soort = nw.NetwerkSoort.FORMEEL
    netwerk.omschrijving = "Anders beschreven"
    netwerk.full_clean()


def test_uitzetten_geeft_een_einddatum_en_aanzetten_haalt_die_weg():
    """The yearly report counts who was in office at the end of a past year: stopping is dated."""
    af = AandachtsfunctionarisFactory(sinds=date(2024, 1, 1))
    assert af.tot is None
    af.actief = False
    af.save(update_fields=["actief"])
    af.refresh_from_db()
    assert af.tot == timezone.localdate()
    af.actief, af.tot = False, date(2025, 6, 30)  # the regisseur knows the real last day
    af.save()
    af.refresh_from_db()
    assert af.tot == date(2025, 6, 30)
    af.actief = True
    af.save()
    af.refresh_from_db()
    assert af.tot is None
    af.tot = date(2023, 1, 1)
    with pytest.raises(ValidationError, match="voor de begindatum"):
        af.full_clean()


def test_in_functie_op_een_datum():
    gestopt = AandachtsfunctionarisFactory(
        sinds=date(2024, 1, 1), actief=False, tot=date(2025, 3, 1)
    )
    actief = AandachtsfunctionarisFactory(sinds=date(2024, 1, 1))
    later = AandachtsfunctionarisFactory(sinds=date(2025, 6, 1))
    nieuw = AandachtsfunctionarisFactory(sinds=date(2025, 1, 1))  # registered today: not before
    nw.Aandachtsfunctionaris.objects.exclude(pk=nieuw.pk).update(
        aangemaakt_op=timezone.make_aware(datetime(2023, 12, 1))
    )
    op = nw.Aandachtsfunctionaris.objects.in_functie_op
    assert nieuw in op(timezone.localdate())
    assert set(op(date(2025, 2, 1))) == {gestopt, actief}
    assert set(op(date(2025, 3, 1))) == {gestopt, actief}  # their last day
    assert set(op(date(2025, 3, 2))) == {actief}
    assert set(op(date(2025, 7, 1))) == {actief, later}
