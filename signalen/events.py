"""The domain events of signals (``kern.gebeurtenissen``).

Each is sent once, by the signalen service that makes the change, inside its transaction, so a
subscriber's own writes (an outbox row) stand or fall with the change. Subscribers get ids.
``docs/architecture.md`` ("Domain events") lists each event with its subscribers.
"""

from kern.gebeurtenissen import Gebeurtenis

signaal_ingediend = Gebeurtenis(
    "signalen.signaal_ingediend",
    argumenten=("signaal_id",),
    na_commit=False,
    uitleg="A professional filed a signal (in the transaction). Sent by services.signaal_indienen.",
)

signaal_verplaatst = Gebeurtenis(
    "signalen.signaal_verplaatst",
    argumenten=("signaal_id", "overgang_id"),
    na_commit=False,
    uitleg=(
        "A filed signal moved to another phase; ``overgang_id`` is the new step (in the "
        "transaction). Sent by services._stap_zetten, for every move after filing: the "
        "regisseur's and the reporter's answer alike."
    ),
)

signaal_gedeeld = Gebeurtenis(
    "signalen.signaal_gedeeld",
    argumenten=("deling_id",),
    na_commit=False,
    uitleg=(
        "A signal was shared with an organisation (in the transaction). Sent by "
        "delen.signaal_delen."
    ),
)

deling_ingetrokken = Gebeurtenis(
    "signalen.deling_ingetrokken",
    argumenten=("deling_id",),
    na_commit=False,
    uitleg=(
        "A share ended, for whatever reason (in the transaction). Sent by delen.deling_intrekken, "
        "which every revocation goes through."
    ),
)

signaal_wordt_geanonimiseerd = Gebeurtenis(
    "signalen.signaal_wordt_geanonimiseerd",
    argumenten=("signaal_id",),
    na_commit=False,
    uitleg=(
        "A signal is being anonymised, inside that transaction. Sent by "
        "services.signaal_anonimiseren."
    ),
)
