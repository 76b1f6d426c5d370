"""The programme file's export reads each kind of thing in a fixed number of queries, however
many working groups, candidates, actions and registrations the programme has; libyaml writes it,
byte for byte as PyYAML's own writer."""

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from copilote.events.models import Event
from copilote.events.tests.factories import RegistrationFactory
from copilote.programmes.programme_file import dump, export_programme, writer
from copilote.results.tests.factories import ActionFactory, ReferentFactory
from copilote.workgroups.models import Attendance, ThemeWish
from copilote.workgroups.tests.factories import (
    CandidateFactory,
    GroupMeetingFactory,
    MemberFactory,
    ProposalFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


def grow(programme) -> None:
    """One more working group (members, a meeting with its attendance, a proposal), candidates
    with wishes, an action with referents, and registrations with themes."""
    group = WorkingGroupFactory(programme=programme)
    meeting = GroupMeetingFactory(group=group, number=1)
    ProposalFactory(group=group, meeting=meeting)
    for _ in range(3):
        member = MemberFactory(group=group)
        Attendance.objects.create(meeting=meeting, member=member, present=True)
        candidate = CandidateFactory(programme=programme)
        ThemeWish.objects.create(candidate=candidate, theme=group.theme, rank=1)
        candidate.refused_themes.add(group.theme)
    action = ActionFactory(programme=programme, group=group)
    ReferentFactory.create_batch(2, action=action)
    event = Event.objects.filter(programme=programme).first()
    for _ in range(3):
        RegistrationFactory(event=event).themes.add(group.theme)


def queries(programme) -> int:
    with CaptureQueriesContext(connection) as ctx:
        dump(export_programme(programme))
    return len(ctx.captured_queries)


def test_the_export_reads_in_a_fixed_number_of_queries(demo_programme):
    with scope(territory=demo_programme.territory):
        queries(demo_programme)  # the sponsor, kept on the programme once read
        before = queries(demo_programme)
        grow(demo_programme)
        grow(demo_programme)
        assert queries(demo_programme) == before


def test_libyaml_writes_the_same_bytes_as_pyyaml(demo_programme):
    class PythonDumper(yaml.SafeDumper):
        ignore_aliases = writer._Dumper.ignore_aliases

    PythonDumper.add_representer(str, writer._str_presenter)
    with scope(territory=demo_programme.territory):
        data = export_programme(demo_programme)
    assert writer._Dumper.__mro__[1] is yaml.CSafeDumper  # libyaml is there (wheels bundle it)
    python = yaml.dump(
        data, Dumper=PythonDumper, allow_unicode=True, sort_keys=False, width=100, indent=2
    )
    assert dump(data) == writer.HEADER + python
