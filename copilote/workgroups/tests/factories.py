import factory

from copilote.core.tests.factories import ProgrammeFactory, ScopedFactory, ThemeFactory
from copilote.workgroups.models import Candidate, GroupMeeting, Member, Proposal, WorkingGroup


class WorkingGroupFactory(ScopedFactory):
    class Meta:
        model = WorkingGroup

    programme = factory.SubFactory(ProgrammeFactory)
    theme = factory.SubFactory(ThemeFactory, programme=factory.SelfAttribute("..programme"))
    slug = factory.LazyAttribute(lambda g: g.theme.slug)
    name = factory.LazyAttribute(lambda g: g.theme.name)


class CandidateFactory(ScopedFactory):
    class Meta:
        model = Candidate

    programme = factory.SubFactory(ProgrammeFactory)
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Candidat {n} (fictif)")
    email = factory.Sequence(lambda n: f"candidat{n}@exemple.invalid")
    kind = "association"


class MemberFactory(ScopedFactory):
    class Meta:
        model = Member

    group = factory.SubFactory(WorkingGroupFactory)
    programme = factory.SelfAttribute("group.programme")
    candidate = factory.SubFactory(
        CandidateFactory, programme=factory.SelfAttribute("..group.programme")
    )
    confirmed = True


class GroupMeetingFactory(ScopedFactory):
    class Meta:
        model = GroupMeeting

    group = factory.SubFactory(WorkingGroupFactory)
    number = 1
    title = "Diagnostic partagé du territoire sur la thématique"


class ProposalFactory(ScopedFactory):
    class Meta:
        model = Proposal

    group = factory.SubFactory(WorkingGroupFactory)
    text = factory.Sequence(lambda n: f"Proposition {n}")
