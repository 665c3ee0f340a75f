"""The domain events of accounts (``kern.gebeurtenissen``): what the apps built on accounts
learn of a change to an account. Sent by ``accounts.services``; docs/architecture.md ("Domain
events") lists the subscribers."""

from kern.gebeurtenissen import Gebeurtenis

account_gedeactiveerd = Gebeurtenis(
    "accounts.account_gedeactiveerd",
    argumenten=("user_id",),
    na_commit=False,
    uitleg=(
        "An account was deactivated or anonymised, inside that transaction. Sent by "
        "services.account_deactiveren and services.account_anonimiseren."
    ),
)

rol_gewijzigd = Gebeurtenis(
    "accounts.rol_gewijzigd",
    argumenten=("user_id",),
    na_commit=True,
    uitleg="An account got another role (after commit). Sent by services.rol_wijzigen.",
)
