"""Calendar pages keep a fixed number of queries whatever the amount of data."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from copilote.accounts.models import Invitation
from copilote.core.tests.factories import MilestoneFactory, ProgrammeFactory
from copilote.events.tests.factories import EventFactory
from copilote.governance.tests.factories import CommitteeMeetingFactory
from copilote.planning.models import Poll, PollAnswer, PollSlot, PollVoter
from copilote.results.tests.factories import FirstStepFactory
from copilote.workgroups.tests.factories import GroupMeetingFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def grow(programme, factor):
    with scopes_disabled():
        poll = Poll.objects.filter(programme=programme).first() or Poll.objects.create(
            programme=programme,
            title="Copil",
            target="committee-meeting-0",
            deadline=timezone.now() + dt.timedelta(days=5),
        )
        for i in range(factor):
            MilestoneFactory(programme=programme, planned=dt.date(2012, 1, 1))
            CommitteeMeetingFactory(programme=programme, date=dt.date(2012, 1 + i % 12, 1))
            Invitation.objects.create(
                programme=programme, email=f"p{factor}-{i}@exemple.fr", role="observer"
            )
            Poll.objects.create(
                programme=programme,
                title=f"Sondage {i}",
                target="x",
                deadline=timezone.now() + dt.timedelta(days=5),
            )
            slot = PollSlot.objects.create(poll=poll, date=dt.date(2030, 1, 1 + i % 28))
            voter = PollVoter.objects.create(
                poll=poll, name=f"V{i}", email=f"v{factor}-{i}@exemple.fr"
            )
            PollAnswer.objects.create(voter=voter, slot=slot, answer="yes")
            ProgrammeFactory()
            # What the calendar gathers from the other apps: group meetings (past twelve groups
            # their rows fold), events, actions' first steps — many in one month.
            group = WorkingGroupFactory(programme=programme, slug=f"g{factor}-{i}")
            GroupMeetingFactory(group=group, number=1, date=dt.date(2012, 11, 5))
            EventFactory(programme=programme, date=dt.date(2012, 11, 1 + i % 28))
            FirstStepFactory(action__programme=programme, due=dt.date(2013, 6, 5))
    return poll


def count(client, url):
    cache.clear()  # the calendar's grid is rendered once per content version: count its reads
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name",
    [
        "planning:calendar",
        "planning:milestones",
        "planning:polls",
        "planning:poll",
        "accounts:invitations",
        "home",
    ],
)
def test_calendar_pages_have_a_fixed_number_of_queries(name, programme, client_for):
    poll = grow(programme, 2)
    kwargs = {"territory": programme.territory.slug, "programme": programme.slug}
    if name == "planning:poll":
        kwargs["pk"] = poll.pk
    url = reverse(name) if name == "home" else reverse(name, kwargs=kwargs)
    client = client_for("network_admin" if name == "home" else "lead")
    before = count(client, url)
    grow(programme, 20)
    after = count(client, url)
    assert after == before, (before, after)


def test_the_calendar_is_rendered_again_only_after_a_change(programme, users, client_for):
    from copilote.planning import services

    url = reverse(
        "planning:calendar",
        kwargs={"territory": programme.territory.slug, "programme": programme.slug},
    )
    client = client_for("lead")
    with scopes_disabled():
        MilestoneFactory(programme=programme, title="Forum des associations")
    cold = count(client, url)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url).content.decode()
    assert len(ctx.captured_queries) < cold and "Forum des associations" in page
    with scopes_disabled():
        MilestoneFactory(programme=programme, title="Réunion de cadrage")  # no log: not seen
        assert "Réunion de cadrage" not in client.get(url).content.decode()
        services.save_milestone(
            user=users["lead"], programme=programme, title="Analyse", start=dt.date(2013, 1, 7)
        )
    page = client.get(url).content.decode()
    assert "Réunion de cadrage" in page and "Analyse" in page
