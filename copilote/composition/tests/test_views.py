"""The lead asks for a composition, reads it beside the groups, adjusts it and accepts it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copilote.composition.models import CompositionProposal
from copilote.workgroups.models import Member

pytestmark = pytest.mark.django_db


def url(programme, name, **kwargs):
    return reverse(
        f"composition:{name}",
        kwargs={"territory": programme.territory.slug, "programme": programme.slug, **kwargs},
    )


@pytest.fixture
def lead(client_for):
    return client_for("lead")


def propose(client, programme, **data):
    return client.post(url(programme, "index"), {"time_limit": 2, **data})


def test_lead_proposes_reads_and_accepts(lead, pool):
    page = lead.get(url(pool.programme, "index"))
    assert page.status_code == 200
    assert "Proposer une composition" in page.content.decode()
    response = propose(lead, pool.programme)
    proposal = CompositionProposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(pool.programme, "proposal", pk=proposal.pk)
    page = lead.get(response["Location"]).content.decode()
    assert "optimale (prouvée)" in page
    assert "Laissés de côté" in page or "Tout le monde a un groupe" in page
    for item in proposal.explanation["left_out"]:
        assert item["reason"].replace("’", "&#x27;")[:20] in page or item["name"] in page
    assert "Accepter tous les groupes" in page
    response = lead.post(url(pool.programme, "accept", pk=proposal.pk), {"group": "handicap"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.accepted_groups == ["handicap"]
    response = lead.post(url(pool.programme, "accept", pk=proposal.pk), follow=True)
    assert "Les groupes sont composés comme proposé." in response.content.decode()
    now = {str(m.candidate_id): m.group.slug for m in Member.objects.select_related("group")}
    assert now == proposal.assignment


def test_a_move_refused_says_why_and_changes_nothing(lead, pool):
    propose(lead, pool.programme)
    proposal = CompositionProposal.objects.get()
    response = lead.post(
        url(pool.programme, "move", pk=proposal.pk),
        {"candidate": str(pool.refuser.pk), "group": "handicap"},
        follow=True,
    )
    assert "a refusé la thématique" in response.content.decode()
    assert CompositionProposal.objects.get().assignment == proposal.assignment


def test_bad_time_limit_keeps_the_form(lead, pool):
    response = propose(lead, pool.programme, time_limit=0)
    assert response.status_code == 200 and not CompositionProposal.objects.exists()


def test_running_proposal_polls_and_redirects_when_ready(lead, pool):
    proposal = CompositionProposal.objects.create(programme=pool.programme, status="running")
    page = lead.get(url(pool.programme, "proposal", pk=proposal.pk))
    assert 'hx-trigger="every 1s"' in page.content.decode()
    partial = lead.get(url(pool.programme, "proposal", pk=proposal.pk), HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "progress" in partial.content.decode()
    CompositionProposal.objects.filter(pk=proposal.pk).update(status="failed", error="Arrêté.")
    done = lead.get(url(pool.programme, "proposal", pk=proposal.pk), HTTP_HX_REQUEST="true")
    assert done.status_code == 204 and done["HX-Redirect"]


def queries(client, page) -> int:
    """Queries of one GET (the connection's log is emptied first: it is bounded)."""
    client.get(page)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page).status_code == 200
    return len(captured)


def test_proposal_and_index_pages_read_in_a_fixed_number_of_queries(lead, pool):
    propose(lead, pool.programme)
    first = CompositionProposal.objects.get()
    few = queries(lead, url(pool.programme, "proposal", pk=first.pk))
    index_few = queries(lead, url(pool.programme, "index"))
    for n in range(10):
        pool.candidate(f"Plus {n}", "association", pool.south, "debutant", [pool.youth])
        propose(lead, pool.programme)
    bigger = CompositionProposal.objects.order_by("-pk").first()
    assert len(bigger.problem["candidates"]) == len(first.problem["candidates"]) + 10
    assert queries(lead, url(pool.programme, "proposal", pk=bigger.pk)) == few
    assert queries(lead, url(pool.programme, "index")) == index_few


def test_another_territorys_proposal_is_404(client_for, pool, users):
    proposal = CompositionProposal.objects.create(programme=pool.programme, status="failed")
    other = client_for("other")
    assert other.get(url(pool.programme, "proposal", pk=proposal.pk)).status_code == 404
