"""The committee's mail as background tasks (django-tasks: immediate in the demo and the tests,
the database backend in production, so that workers send it)."""

from __future__ import annotations

from django_scopes import scope, scopes_disabled

from copilote.core import mail as core_mail
from copilote.core.mail import mail_task
from copilote.governance import mail
from copilote.governance.models import CommitteeMeeting


def _meeting(meeting_id: int) -> CommitteeMeeting:
    with scopes_disabled():
        return CommitteeMeeting.objects.select_related("programme__territory").get(pk=meeting_id)


def _run(send, meeting_id: int, delivery_id: int | None) -> int:
    try:
        meeting = _meeting(meeting_id)
        with scope(territory=meeting.programme.territory):
            return send(meeting, delivery_id)
    except Exception as exc:
        # Building the mail failed (sending failures are retried and recorded by deliver()):
        # record it for the lead, and let the task end as failed too.
        core_mail.failed(delivery_id, exc)
        raise


@mail_task
def send_convocation(meeting_id: int, delivery_id: int | None = None) -> int:
    return _run(mail.send_convocation, meeting_id, delivery_id)


@mail_task
def send_minutes(meeting_id: int, delivery_id: int | None = None) -> int:
    return _run(mail.send_minutes, meeting_id, delivery_id)
