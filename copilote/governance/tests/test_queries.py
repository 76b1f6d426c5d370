"""Committee pages keep a fixed number of queries whatever the amount of data."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from copilote.core.models import MailDelivery
from copilote.core.tests.factories import MilestoneFactory
from copilote.governance.models import Invitation
from copilote.governance.tests.factories import (
    AgendaSectionFactory,
    CommitteeMeetingFactory,
    CommitteeMemberFactory,
    DecisionFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


def grow(programme, meeting, factor):
    with scopes_disabled():
        for _ in range(factor):
            member = CommitteeMemberFactory(programme=programme)
            Invitation.objects.create(meeting=meeting, member=member, attended=True)
            DecisionFactory(meeting=meeting, arguments=["Un argument"])
            TaskFactory(meeting=meeting)
            TaskFactory(meeting=meeting, due="2001-01-01")
            MilestoneFactory(programme=programme, done=True)
            CommitteeMeetingFactory(programme=programme, date="2999-01-01")


def count(client, url):
    cache.clear()  # count what the page computes, not a page kept for the content version
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["index", "meeting", "dashboard"])
def test_committee_pages_have_a_fixed_number_of_queries(page, programme, client_for):
    with scopes_disabled():
        meeting = CommitteeMeetingFactory(programme=programme, rank=1, date="2012-06-19")
        for live in (["project_recall", "progress"], ["calendar"], ["next_steps", "decisions"]):
            AgendaSectionFactory(meeting=meeting, live=live, notes="Notes")
    kwargs = {"territory": programme.territory.slug, "programme": programme.slug}
    if page == "meeting":
        url = reverse("governance:meeting", kwargs={**kwargs, "rank": 1})
    elif page == "index":
        url = reverse("governance:index", kwargs=kwargs)
    else:
        url = reverse("programmes:dashboard", kwargs=kwargs)
    client = client_for("lead")
    grow(programme, meeting, 3)
    client.get(url)
    small = count(client, url)
    grow(programme, meeting, 27)
    assert count(client, url) == small, page


def test_the_meeting_page_reads_its_mailings_in_one_query(programme, client_for):
    with scopes_disabled():
        meeting = CommitteeMeetingFactory(programme=programme, rank=1, date="2012-06-19")
        for kind, status, recipients in (
            ("convocation", "sent", 3),
            ("convocation", "failed", 4),  # sent again, failed: the newest shows
            ("minutes", "queued", 5),
            ("minutes", "sent", 6),
        ):
            MailDelivery.objects.create(
                territory=programme.territory,
                programme=programme,
                kind=kind,
                subject_key=f"meeting:{meeting.pk}",
                status=status,
                recipients=recipients,
                sent_hashes=["x"] * (recipients - 1),
                finished_at=timezone.now(),
            )
        MailDelivery.objects.create(  # another meeting's
            territory=programme.territory, programme=programme, kind="minutes", subject_key="x"
        )
    kwargs = {"territory": programme.territory.slug, "programme": programme.slug, "rank": 1}
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client_for("lead").get(reverse("governance:meeting", kwargs=kwargs))
    page = response.content.decode()
    assert "Convocation : échec de l’envoi." in page
    assert "3 message(s) sur 4 envoyé(s)" in page
    assert "Compte rendu : envoi effectué à 5 destinataires le" in page
    assert "envoi en cours" not in page  # the older minutes' mailing
    assert sum("core_maildelivery" in q["sql"] for q in ctx.captured_queries) == 1
