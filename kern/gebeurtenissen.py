"""Domain events: how one app learns of a change in another, explicitly.

The app that owns a change declares its events in ``<app>/events.py`` and sends them from the
service that makes the change, once. Another app subscribes in its ``AppConfig.ready()``. No app
listens to another app's ``post_save``: the place of the change says what follows from it, and
``docs/architecture.md`` lists every event with its subscribers.

    # netwerk/events.py
    convenant_gewijzigd = Gebeurtenis(
        "netwerk.convenant_gewijzigd", argumenten=("convenant_id",), na_commit=True,
        uitleg="A convenant, its parties or its categories changed (or it was deleted).",
    )

    # netwerk/convenanten.py, in the service
    events.convenant_gewijzigd.sturen(convenant_id=convenant.pk)

    # signalen/apps.py
    def ready(self):
        from netwerk import events
        from . import delen
        events.convenant_gewijzigd.abonneren(delen.bij_convenant_gewijzigd)

``na_commit=True``: subscribers run once the change is committed (and not at all when it is
rolled back), each with only the declared arguments, ids rather than instances. Otherwise they
run at once, inside the sender's transaction: for a reaction that must stand or fall with the
change (a token that must stop working in the same commit as the anonymisation).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction


class Gebeurtenis:
    def __init__(self, naam: str, *, argumenten: tuple[str, ...], na_commit: bool, uitleg: str):
        self.naam = naam
        self.argumenten = tuple(argumenten)
        self.na_commit = na_commit
        self.uitleg = uitleg
        self._abonnees: list[Callable] = []

    def __repr__(self):
        return f"<Gebeurtenis {self.naam}>"

    @property
    def abonnees(self) -> list[str]:
        """The subscribers, as ``module.function`` (for the docs and their test)."""
        return [f"{f.__module__}.{f.__qualname__}" for f in self._abonnees]

    def abonneren(self, functie: Callable) -> Callable:
        """Subscribe ``functie(**argumenten)``; subscribing twice is once (``ready()`` may run
        more than once in tests)."""
        if functie not in self._abonnees:
            self._abonnees.append(functie)
        return functie

    def sturen(self, **argumenten) -> None:
        if set(argumenten) != set(self.argumenten):
            raise TypeError(
                f"{self.naam} heeft argumenten {self.argumenten}, niet {tuple(argumenten)}"
            )
        if self.na_commit:
            transaction.on_commit(lambda: self._uitvoeren(argumenten))
        else:
            self._uitvoeren(argumenten)

    def _uitvoeren(self, argumenten: dict) -> None:
        for functie in list(self._abonnees):
            functie(**argumenten)
