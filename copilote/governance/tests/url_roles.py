"""Permission expectations of the committee's deletions and of withdrawing a publication
(collected by copilote/core/tests/test_urls.py)."""

from copilote.core.tests.test_urls import COMMITTEE, LEAD_ONLY
from copilote.governance.tests.factories import CommitteeMeetingFactory

PROGRAMME_URLS = {
    "governance:meeting_delete": ("meeting", COMMITTEE),
    "governance:member_delete": ("committee_member", COMMITTEE),
    "governance:section_delete": ("section", COMMITTEE),
    "governance:decision_delete": ("decision", COMMITTEE),
    "governance:task_delete": ("task", COMMITTEE),
    "governance:withdraw": ("published_meeting", LEAD_ONLY),
}


def objects(programme, users) -> dict:
    published = CommitteeMeetingFactory(programme=programme, status="published")
    return {"published_meeting": {"rank": published.rank}}
