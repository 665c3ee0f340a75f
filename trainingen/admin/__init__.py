"""Trainings in /beheer/ (the regisseur's work), one module per group of models:

- ``soorten``: kinds of training, what they are for, how long they stay valid, which kind renews
  which.
- ``edities``: editions planned with their days (each day is a meeting without a network), one
  service call per save (``services.editie_toevoegen`` / ``services.editie_wijzigen``);
- ``views``: an edition's own pages: the participants and waiting list with cancelling, the
  attendance grid (a training is completed when every day was attended), a proposed mixed group
  to place or invite, and cancelling the whole edition;
- ``rapporten``: who still needs training (per organisation) and the coverage per organisation
  and per domain, both with a CSV export;

with what they share in ``filters``. Every rule lives in ``trainingen.services`` and
``trainingen.geldigheid``; this package only wires them into the admin. The pages read a fixed
number of queries, whatever the number of people.
"""

from . import edities, soorten  # noqa: F401  (they register)
