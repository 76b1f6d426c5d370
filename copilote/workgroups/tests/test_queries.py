"""Working group pages keep a fixed number of queries whatever the amount of data."""

from uuid import uuid4

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from copilote.core.tests.factories import ThemeFactory
from copilote.workgroups import services
from copilote.workgroups.models import Attendance, ThemeWish
from copilote.workgroups.tests.factories import (
    CandidateFactory,
    MemberFactory,
    ProposalFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


def count(client, url):
    cache.clear()  # count what the page computes, not a page kept for the content version
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def grow(group, factor):
    with scopes_disabled():
        group.size_max = 1000
        group.save()
        meetings = list(group.meetings.all())
        for _ in range(factor):
            member = MemberFactory(group=group)
            for meeting in meetings:
                Attendance.objects.create(meeting=meeting, member=member, present=True)
            ProposalFactory(group=group, meeting=meetings[-1])
            CandidateFactory(programme=group.programme)


@pytest.mark.parametrize(
    "page", ["index", "group", "candidates", "meeting", "attendance", "proposals", "dashboard"]
)
def test_group_pages_have_a_fixed_number_of_queries(page, framed, users, client_for):
    theme = ThemeFactory(programme=framed, slug="handicap")
    group = services.save_group(user=users["lead"], programme=framed, theme=theme)
    for _other in range(2):
        services.save_group(
            user=users["lead"], programme=framed, theme=ThemeFactory(programme=framed)
        )
    kwargs = {"territory": framed.territory.slug, "programme": framed.slug}
    names = {
        "index": ("workgroups:index", {}),
        "group": ("workgroups:group", {"slug": group.slug}),
        "candidates": ("workgroups:candidates", {}),
        "meeting": ("workgroups:meeting", {"slug": group.slug, "number": 1}),
        "attendance": ("workgroups:attendance", {"slug": group.slug, "number": 1}),
        "proposals": ("workgroups:proposals", {"slug": group.slug}),
        "dashboard": ("programmes:dashboard", {}),
    }
    name, extra = names[page]
    url = reverse(name, kwargs={**kwargs, **extra})
    client = client_for("lead")
    grow(group, 3)
    client.get(url)
    small = count(client, url)
    grow(group, 27)
    assert count(client, url) == small, page


def test_index_pages_the_groups_and_the_dashboard_sums_up_unpaired_groups(
    framed, users, client_for
):
    for _i in range(22):
        services.save_group(
            user=users["lead"], programme=framed, theme=ThemeFactory(programme=framed)
        )
    kwargs = {"territory": framed.territory.slug, "programme": framed.slug}
    client = client_for("lead")
    first = client.get(reverse("workgroups:index", kwargs=kwargs))
    assert len(first.context["groups"]) == 20
    assert len(first.context["table"]["rows"]) == 20
    assert 'rel="next"' in first.content.decode()
    second = client.get(reverse("workgroups:index", kwargs=kwargs) + "?page=2")
    assert len(second.context["groups"]) == 2
    dashboard = client.get(reverse("programmes:dashboard", kwargs=kwargs)).content.decode()
    assert "Plusieurs groupes de travail n’ont pas de binôme confirmé." in dashboard


def test_candidates_page_does_not_grow_with_the_groups(framed, users, client_for):
    """Each unplaced candidate's row offers their wished group and a search for the others:
    ten times more groups, the same queries and no list of groups in the page."""
    theme = ThemeFactory(programme=framed)
    with scopes_disabled():
        for i in range(3):
            candidate = CandidateFactory(programme=framed)
            ThemeWish.objects.create(candidate=candidate, theme=theme, rank=1)
            candidate.refused_themes.add(ThemeFactory(programme=framed, slug=f"refus-{i}"))
    url = reverse(
        "workgroups:candidates",
        kwargs={"territory": framed.territory.slug, "programme": framed.slug},
    )
    client = client_for("lead")

    def add_groups(n):
        with scopes_disabled():
            for _i in range(n):
                WorkingGroupFactory(programme=framed, theme=theme, slug=f"g-{uuid4().hex[:8]}")

    add_groups(2)
    client.get(url)
    small = count(client, url)
    size = len(client.get(url).content)
    add_groups(20)
    assert count(client, url) == small
    assert len(client.get(url).content) < size * 1.05
