"""The domain events of the region (``kern.gebeurtenissen``)."""

from kern.gebeurtenissen import Gebeurtenis

gemeente_aangemaakt = Gebeurtenis(
    "regio.gemeente_aangemaakt",
    argumenten=("gemeente_id",),
    na_commit=False,
    uitleg=(
        "A gemeente was added to the installation (in the transaction, with the new gemeente "
        "active): each app gives it what every gemeente starts with. Sent by "
        "regio.services.gemeente_toevoegen."
    ),
)
