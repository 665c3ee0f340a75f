"""The domain events of the registry (``kern.gebeurtenissen``).

netwerk imports no other app; the apps built on it learn of a change here. Each event is sent
once, by the netwerk service that makes the change (named per event), never by a receiver on a
model. ``docs/architecture.md`` ("Domain events") lists each event with its subscribers, and a
test holds that list to what is subscribed at run time.
"""

from kern.gebeurtenissen import Gebeurtenis

convenant_wordt_gewijzigd = Gebeurtenis(
    "netwerk.convenant_wordt_gewijzigd",
    argumenten=("convenant_id",),
    na_commit=False,
    uitleg=(
        "An existing convenant is about to be changed (locked, the stored version still in "
        "place). Sent by convenanten.convenant_opslaan and convenanten.convenant_beeindigen."
    ),
)

convenant_gewijzigd = Gebeurtenis(
    "netwerk.convenant_gewijzigd",
    argumenten=("convenant_id",),
    na_commit=True,
    uitleg=(
        "A convenant, its parties or its categories were saved (after commit). Sent by "
        "convenanten.convenant_opslaan and convenanten.convenant_beeindigen."
    ),
)

organisatie_gewijzigd = Gebeurtenis(
    "netwerk.organisatie_gewijzigd",
    argumenten=("organisatie_id",),
    na_commit=True,
    uitleg=(
        "An organisation was added or changed by the regisseur, its active flag and gemeente "
        "mark included (after commit). Sent by services.organisatie_opslaan."
    ),
)

persoon_wordt_geanonimiseerd = Gebeurtenis(
    "netwerk.persoon_wordt_geanonimiseerd",
    argumenten=("persoon_id",),
    na_commit=False,
    uitleg=(
        "A person is being anonymised, inside that transaction: what must stop working in the "
        "same commit. Sent by services.persoon_anonimiseren."
    ),
)

persoon_geanonimiseerd = Gebeurtenis(
    "netwerk.persoon_geanonimiseerd",
    argumenten=("persoon_id",),
    na_commit=True,
    uitleg=("A person was anonymised (after commit). Sent once, by services.persoon_anonimiseren."),
)
