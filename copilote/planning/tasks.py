"""The date polls' mail as background tasks (django-tasks): the request to answer, the
reminder before the deadline, and the invitation once a date is chosen."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled
from django_tasks import task

from copilote.planning.models import Poll


def _poll(poll_id: int) -> Poll:
    with scopes_disabled():
        return Poll.objects.select_related("programme__territory", "chosen").get(pk=poll_id)


def _link(base_url: str, voter) -> str:
    from copilote.planning.views import voter_token

    return base_url.rstrip("/") + reverse("poll_answer", args=[voter_token(voter)])


def _send(messages_: list[EmailMessage]) -> int:
    if not messages_:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages_) or 0


def _deadline(poll) -> str:
    return formats.date_format(timezone.localtime(poll.deadline), "j F Y à H\\hi")


def poll_messages(poll, base_url: str, *, reminder: bool) -> list[EmailMessage]:
    voters = poll.voters.all()
    if reminder:
        voters = voters.filter(answered_at__isnull=True)
    subject = (
        _("Reminder: %(title)s – choose a date") if reminder else _("%(title)s – choose a date")
    ) % {"title": poll.title}
    out = []
    for voter in voters:
        body = "\n".join(
            [
                _("Hello %(name)s,") % {"name": voter.name},
                "",
                _("%(programme)s: please say which dates suit you for « %(title)s ».")
                % {"programme": poll.programme.name, "title": poll.title},
                "",
                _("Answer (no account needed) before %(deadline)s:")
                % {"deadline": _deadline(poll)},
                _link(base_url, voter),
                "",
                _("This link is personal: do not forward it."),
            ]
        )
        out.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [voter.email]))
    return out


@task()
def send_poll_invitations(poll_id: int, base_url: str) -> int:
    poll = _poll(poll_id)
    with scope(territory=poll.programme.territory):
        return _send(poll_messages(poll, base_url, reminder=False))


@task()
def send_poll_choice(poll_id: int, base_url: str) -> int:
    """The chosen date to everyone asked, with the meeting's invitation (ICS)."""
    from copilote.planning import ics, selectors

    poll = _poll(poll_id)
    with scope(territory=poll.programme.territory):
        item = next((i for i in selectors.timeline(poll.programme) if i.key == poll.target), None)
        attachment = ics.render([(poll.programme, item)], name=poll.title) if item else None
        out = []
        for voter in poll.voters.all():
            body = "\n".join(
                [
                    _("Hello %(name)s,") % {"name": voter.name},
                    "",
                    _("The date of « %(title)s » is set: %(slot)s.")
                    % {"title": poll.title, "slot": poll.chosen},
                    _("The invitation is attached: open it to add it to your calendar."),
                ]
            )
            message = EmailMessage(
                _("%(title)s: %(slot)s") % {"title": poll.title, "slot": poll.chosen},
                body,
                settings.DEFAULT_FROM_EMAIL,
                [voter.email],
            )
            if attachment:
                message.attach("invitation.ics", attachment, "text/calendar; method=PUBLISH")
            out.append(message)
        return _send(out)


def due_reminders(now: dt.datetime | None = None) -> list[Poll]:
    now = now or timezone.now()
    with scopes_disabled():
        polls = Poll.objects.filter(
            chosen__isnull=True, reminded_at__isnull=True, deadline__gt=now, remind_days__gt=0
        ).select_related("programme__territory")
        return [p for p in polls if p.deadline - dt.timedelta(days=p.remind_days) <= now]


@task()
def send_poll_reminders(base_url: str) -> int:
    """Remind those who have not answered, once per poll, ``remind_days`` before the deadline."""
    from copilote.planning import services

    sent = 0
    for poll in due_reminders():
        with scope(territory=poll.programme.territory):
            sent += _send(poll_messages(poll, base_url, reminder=True))
            services.mark_reminded(poll=poll)
    return sent
