"""Factories for the test suite. Scoped models are created with scopes disabled."""

import factory
from django.contrib.auth import get_user_model
from django_scopes import scopes_disabled
from factory.django import DjangoModelFactory

from copilote.actors.models import Organisation, Person
from copilote.planning.models import Milestone, PlanPhase
from copilote.programmes.models import Commune, Membership, Programme, Territory, Theme


class ScopedFactory(DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("secret-password")


class TerritoryFactory(DjangoModelFactory):
    class Meta:
        model = Territory

    slug = factory.Sequence(lambda n: f"territoire-{n}")
    name = factory.Sequence(lambda n: f"Territoire {n}")


class CommuneFactory(ScopedFactory):
    class Meta:
        model = Commune

    territory = factory.SubFactory(TerritoryFactory)
    name = factory.Sequence(lambda n: f"Commune {n}")


class OrganisationFactory(ScopedFactory):
    class Meta:
        model = Organisation

    territory = factory.SubFactory(TerritoryFactory)
    name = factory.Sequence(lambda n: f"Structure {n}")
    kind = "association"


class ProgrammeFactory(ScopedFactory):
    class Meta:
        model = Programme

    territory = factory.SubFactory(TerritoryFactory)
    slug = factory.Sequence(lambda n: f"experimentation-{n}")
    name = factory.Sequence(lambda n: f"Expérimentation {n}")


class ThemeFactory(ScopedFactory):
    class Meta:
        model = Theme

    programme = factory.SubFactory(ProgrammeFactory)
    slug = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Thématique {n}")
    position = factory.Sequence(int)


class MembershipFactory(ScopedFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    role = "participant"


class PlanPhaseFactory(ScopedFactory):
    class Meta:
        model = PlanPhase

    programme = factory.SubFactory(ProgrammeFactory)
    key = factory.Sequence(lambda n: f"phase-{n}")
    title = factory.Sequence(lambda n: f"Phase {n}")


class MilestoneFactory(ScopedFactory):
    class Meta:
        model = Milestone

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Étape {n}")
    start = factory.Faker("date_between", start_date="-1y", end_date="+1y")


class PersonFactory(ScopedFactory):
    class Meta:
        model = Person

    territory = factory.SubFactory(TerritoryFactory)
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
