"""Factories of the actors app (scoped models are created with scopes disabled)."""

import factory

from copilote.actors.models import (
    ChannelEvent,
    CommunicationItem,
    ImportBatch,
    Interaction,
    Mobilisation,
    Network,
    Person,
    Resource,
)
from copilote.core.tests.factories import (
    OrganisationFactory,
    ProgrammeFactory,
    ScopedFactory,
    TerritoryFactory,
    ThemeFactory,
    UserFactory,
)

__all__ = ["OrganisationFactory"]


class PersonFactory(ScopedFactory):
    class Meta:
        model = Person

    territory = factory.SubFactory(TerritoryFactory)
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Contact {n} (fictif)")
    email = factory.Sequence(lambda n: f"contact{n}@exemple.invalid")
    phone = "01 00 00 00 00"


class NetworkFactory(ScopedFactory):
    class Meta:
        model = Network

    territory = factory.SubFactory(TerritoryFactory)
    name = factory.Sequence(lambda n: f"Réseau {n}")


class MobilisationFactory(ScopedFactory):
    class Meta:
        model = Mobilisation

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, territory=factory.SelfAttribute("..programme.territory")
    )
    status = "identifie"


class InteractionFactory(ScopedFactory):
    class Meta:
        model = Interaction

    mobilisation = factory.SubFactory(MobilisationFactory)
    kind = "appel"
    date = "2012-06-01"


class ChannelEventFactory(ScopedFactory):
    class Meta:
        model = ChannelEvent

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Forum {n}")


class CommunicationItemFactory(ScopedFactory):
    class Meta:
        model = CommunicationItem

    programme = factory.SubFactory(ProgrammeFactory)
    what = factory.Sequence(lambda n: f"Invitation {n}")
    channel = "Courriel"


class ResourceFactory(ScopedFactory):
    class Meta:
        model = Resource

    programme = factory.SubFactory(ProgrammeFactory)
    theme = factory.SubFactory(ThemeFactory, programme=factory.SelfAttribute("..programme"))
    name = factory.Sequence(lambda n: f"Ressource {n}")


class ImportBatchFactory(ScopedFactory):
    class Meta:
        model = ImportBatch

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    target = "organisations"
    filename = "structures.csv"
    rows = factory.LazyFunction(list)
