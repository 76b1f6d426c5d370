"""Factories for the results."""

import datetime as dt

import factory

from copilote.core.tests.factories import ProgrammeFactory, ScopedFactory, ThemeFactory
from copilote.results.models import Action, FirstStep, ProgressUpdate, Referent
from copilote.workgroups.models import WorkingGroup


class WorkingGroupFactory(ScopedFactory):
    class Meta:
        model = WorkingGroup

    programme = factory.SubFactory(ProgrammeFactory)
    theme = factory.SubFactory(ThemeFactory, programme=factory.SelfAttribute("..programme"))
    slug = factory.Sequence(lambda n: f"groupe-{n}")
    name = factory.Sequence(lambda n: f"Groupe {n}")


class ActionFactory(ScopedFactory):
    class Meta:
        model = Action

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    position = factory.Sequence(int)


class ReferentFactory(ScopedFactory):
    class Meta:
        model = Referent

    action = factory.SubFactory(ActionFactory)
    organisation = factory.SubFactory(
        "copilote.core.tests.factories.OrganisationFactory",
        territory=factory.SelfAttribute("..action.programme.territory"),
    )


class FirstStepFactory(ScopedFactory):
    class Meta:
        model = FirstStep

    action = factory.SubFactory(ActionFactory)
    what = factory.Sequence(lambda n: f"Étape {n}")
    due = dt.date(2013, 6, 5)


class ProgressUpdateFactory(ScopedFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    date = dt.date(2013, 6, 5)
    text = "Avancement"
    percent = 30
