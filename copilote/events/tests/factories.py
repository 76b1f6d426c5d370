import datetime as dt

import factory

from copilote.core.tests.factories import ProgrammeFactory
from copilote.events.models import Event, EventItem, Registration


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    programme = factory.SubFactory(ProgrammeFactory)
    slug = factory.Sequence(lambda n: f"evenement-{n}")
    kind = "thematique"
    title = factory.Sequence(lambda n: f"Rencontre thématique {n}")
    date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))
    start_time = dt.time(18, 30)
    end_time = dt.time(21, 0)
    venue_name = "Salle des fêtes"
    status = "publie"
    capacity = 100


class EventItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventItem

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Séquence {n}")
    kind = "speech"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Personne {n}")
    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    kind = "association"
    consent = True
    token = factory.Sequence(lambda n: f"{n:032x}")
