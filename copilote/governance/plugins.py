"""How the committee plugs into the pages that gather from many apps: the dashboard's card and
the calendar's dated items (copils)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from copilote.governance import selectors
from copilote.governance.models import CommitteeMeeting, MeetingStatus
from copilote.planning.dated import DatedItem, register_provider
from copilote.programmes.dashboard import Card, register_card


def committee_card(programme, *, user, today):
    return selectors.dashboard_card(programme, today=today)


def meetings(programme, *, since=None, until=None, limit=None) -> list[DatedItem]:
    rows = CommitteeMeeting.objects.filter(programme=programme, date__isnull=False)
    if since:
        rows = rows.filter(date__gte=since)
    if until:
        rows = rows.filter(date__lte=until)
    rows = rows.order_by("date", "rank").only(
        "pk", "rank", "title", "date", "start_time", "end_time", "place", "status"
    )
    if limit:
        rows = rows[:limit]
    args = {"territory": programme.territory.slug, "programme": programme.slug}
    return [
        DatedItem(
            key=f"committee-meeting-{m.pk}",
            title=m.title,
            start=m.date,
            start_time=m.start_time,
            end_time=m.end_time,
            place=m.place,
            stream="committee",
            stream_label=_("Steering committee"),
            kind="committee",
            url=reverse("governance:meeting", kwargs={**args, "rank": m.rank}),
            done=m.status in (MeetingStatus.HELD, MeetingStatus.PUBLISHED),
        )
        for m in rows
    ]


def register() -> None:
    register_card(Card("committee", "governance/dashboard_card.html", committee_card, order=20))
    register_provider("governance.meetings", meetings)
