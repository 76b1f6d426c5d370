"""Factories for the steering committee."""

import factory

from copilote.core.tests.factories import (
    OrganisationFactory,
    ProgrammeFactory,
    ScopedFactory,
)
from copilote.governance.models import (
    AgendaSection,
    CommitteeMeeting,
    CommitteeMember,
    Decision,
    Task,
)


class CommitteeMeetingFactory(ScopedFactory):
    class Meta:
        model = CommitteeMeeting

    programme = factory.SubFactory(ProgrammeFactory)
    rank = factory.Sequence(lambda n: n + 1)
    kind = "extra"
    title = factory.Sequence(lambda n: f"Copil {n}")


class AgendaSectionFactory(ScopedFactory):
    class Meta:
        model = AgendaSection

    meeting = factory.SubFactory(CommitteeMeetingFactory)
    key = factory.Sequence(lambda n: f"sequence-{n}")
    title = factory.Sequence(lambda n: f"Séquence {n}")
    live = factory.LazyFunction(lambda: ["progress", "next_steps"])
    position = factory.Sequence(int)


class CommitteeMemberFactory(ScopedFactory):
    class Meta:
        model = CommitteeMember

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, territory=factory.SelfAttribute("..programme.territory")
    )
    college = "associations"


class DecisionFactory(ScopedFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(CommitteeMeetingFactory)
    text = factory.Sequence(lambda n: f"Décision {n}")


class TaskFactory(ScopedFactory):
    class Meta:
        model = Task

    meeting = factory.SubFactory(CommitteeMeetingFactory)
    programme = factory.SelfAttribute("meeting.programme")
    what = factory.Sequence(lambda n: f"Action {n}")
    owner_organisation = factory.SubFactory(
        OrganisationFactory, territory=factory.SelfAttribute("..programme.territory")
    )
