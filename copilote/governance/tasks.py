"""The committee's mail as background tasks (django-tasks: immediate in the demo and the tests,
the database backend in production, so that workers send it)."""

from __future__ import annotations

from django_scopes import scope, scopes_disabled
from django_tasks import task

from copilote.governance import mail
from copilote.governance.models import CommitteeMeeting


def _meeting(meeting_id: int) -> CommitteeMeeting:
    with scopes_disabled():
        return CommitteeMeeting.objects.select_related("programme__territory").get(pk=meeting_id)


@task()
def send_convocation(meeting_id: int) -> int:
    meeting = _meeting(meeting_id)
    with scope(territory=meeting.programme.territory):
        return mail.send_convocation(meeting)


@task()
def send_minutes(meeting_id: int) -> int:
    meeting = _meeting(meeting_id)
    with scope(territory=meeting.programme.territory):
        return mail.send_minutes(meeting)
