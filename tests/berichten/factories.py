"""Outbox rows written directly (without queueing a task): for tests of sending and the admin."""

import factory
from django.utils import timezone

from berichten.models import Bericht


class BerichtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bericht

    aan = factory.Sequence(lambda n: f"ontvanger{n}@voorbeeld.nl")
    onderwerp = factory.Sequence(lambda n: f"Uitnodiging netwerkbijeenkomst {n}")
    tekst = "Beste deelnemer,\n\nU bent uitgenodigd.\n"
    soort = "bijeenkomsten.uitnodiging"
    versturen_na = factory.LazyFunction(timezone.now)

    class Params:
        mislukt = factory.Trait(
            status=Bericht.Status.MISLUKT, pogingen=8, laatste_fout="SMTPException: 451 weg"
        )
        verstuurd = factory.Trait(
            status=Bericht.Status.VERSTUURD, verstuurd_op=factory.LazyFunction(timezone.now)
        )
