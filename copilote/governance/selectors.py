"""Reads on the steering committee: the meetings, what a meeting shows, the dashboard card."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import formats, translation

from copilote.core import versions
from copilote.governance import live
from copilote.governance.models import (
    CommitteeMeeting,
    MeetingStatus,
    Task,
    TaskStatus,
)


def _date(value: dt.date | None) -> str:
    return formats.date_format(value, "j F Y") if value else ""


def _time(value) -> str:
    return value.strftime("%H h %M").replace(" h 00", " h") if value else ""


def meetings(programme):
    return programme.committee_meetings.order_by("rank")


def members(programme):
    return programme.committee_members.select_related("person", "organisation").order_by(
        "order", "id"
    )


def visible_meetings(user, programme):
    """The meetings the user may open: every one for the committee, published ones otherwise."""
    return [m for m in meetings(programme) if user.has_perm("governance.view_meeting", m)]


def meeting_by_rank(programme, rank: int) -> CommitteeMeeting | None:
    return (
        programme.committee_meetings.select_related("programme__territory")
        .filter(rank=rank)
        .first()
    )


def meeting_by_identity(programme, identity: int | str) -> list[CommitteeMeeting]:
    """The meetings a user means by ``identity``: a rank as the interface shows it (« 3 », the
    number in the meeting's address) or the kit's key of the meeting (« copil-1 », « copil-2 »,
    « copil-final »). A key may name several meetings (extra meetings): all are returned."""
    text = str(identity).strip().lower()
    meetings = programme.committee_meetings.select_related("programme__territory")
    if text.isdigit():
        return list(meetings.filter(rank=int(text)))
    return list(meetings.filter(kind=text).order_by("rank"))


def _meeting_info(meeting: CommitteeMeeting) -> dict:
    hours = ""
    if meeting.start_time:
        hours = _time(meeting.start_time)
        if meeting.end_time:
            hours = f"{hours} – {_time(meeting.end_time)}"
    return {
        "title": meeting.title,
        "kind": meeting.kind,
        "rank": meeting.rank,
        "date": meeting.date.isoformat() if meeting.date else "",
        "date_text": _date(meeting.date),
        "hours": hours,
        "place": meeting.place,
        "purpose": meeting.purpose,
        "status": meeting.status,
    }


def world_blocks(meeting: CommitteeMeeting) -> dict[str, dict]:
    """The live blocks that show the programme around the meeting (not its own record), built
    now: kept when the meeting is held, so that it keeps showing the world as it was then."""
    programme = meeting.programme
    names = {name for s in meeting.sections.filter(included=True) for name in s.live}
    return plain(
        {
            name: {**live.build(name, programme, meeting), "key": name}
            for name in sorted(names - live.OWN_BLOCKS)
        }
    )


def plain(value):
    """JSON data only (lazy translations turned into text), as it will be stored."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def build_content(meeting: CommitteeMeeting) -> dict:
    """Everything a meeting shows (plain JSON data): its own record (notes, attendance,
    decisions, tasks) as it stands, the programme around it as it was when it was held."""
    programme = meeting.programme
    cache: dict[str, dict] = {}
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.PUBLISHED):
        cache.update((meeting.snapshot or {}).get("world", {}))

    def block(name: str) -> dict:
        if name not in cache:
            cache[name] = {**live.build(name, programme, meeting), "key": name}
        return cache[name]

    sections = [
        {
            "key": s.key,
            "title": s.title,
            "objectives": list(s.objectives),
            "content": list(s.content),
            "remark": s.remark,
            "notes": s.notes,
            "included": s.included,
            "blocks": [block(name) for name in s.live] if s.included else [],
        }
        for s in meeting.sections.order_by("position", "id")
    ]
    attendance = [
        {
            "name": str(i.member.person) if i.member.person_id else "",
            "organisation": str(i.member.organisation) if i.member.organisation_id else "",
            "college": i.member.get_college_display(),
            "position": i.member.position,
            "attended": i.attended,
            "excused": i.excused,
        }
        for i in meeting.invitations.select_related("member__person", "member__organisation")
    ]
    decisions = [{"text": d.text, "arguments": list(d.arguments)} for d in meeting.decisions.all()]
    tasks = [
        {
            "what": t.what,
            "owner": t.owner,
            "due": _date(t.due),
            "status": t.get_status_display(),
        }
        for t in meeting.tasks.select_related("owner_person", "owner_organisation")
    ]
    return plain(
        {
            "programme": programme.name,
            "territory": programme.territory.name,
            "meeting": _meeting_info(meeting),
            "sections": sections,
            "attendance": attendance,
            "decisions": decisions,
            "tasks": tasks,
            "next": {"date": _date(meeting.next_date), "composition": meeting.next_composition},
        }
    )


def content(meeting: CommitteeMeeting) -> dict:
    """What the meeting shows: its snapshot once published (forever), else the live content."""
    if meeting.status == MeetingStatus.PUBLISHED and meeting.snapshot.get("sections"):
        return meeting.snapshot
    return build_content(meeting)


PAGE_LIMIT = 12  # lines of a list a meeting page shows (the documents show all)
PAGE_CACHE_SECONDS = 24 * 3600


def page_content(meeting: CommitteeMeeting, *, today: dt.date) -> dict:
    """What the meeting's page shows: :func:`content` with its lists capped, and the parts that
    are the same for every reader already rendered (each section's ``body_html``, the
    ``attendance_html``), kept in the cache for the territory's content version (a write
    anywhere in the territory makes it again)."""
    key = ":".join(
        [
            "meeting-page",
            str(meeting.pk),
            str(meeting.version),
            meeting.status,
            versions.content_version(meeting.programme.territory_id),
            today.isoformat(),
            translation.get_language() or "",
        ]
    )
    return cache.get_or_set(
        key, lambda: _rendered(meeting, _capped(content(meeting))), PAGE_CACHE_SECONDS
    )


def _rendered(meeting: CommitteeMeeting, data: dict) -> dict:
    """``data`` with what is the same for every reader rendered once: each section's body (kit
    frame, notes, live blocks: the blocks themselves are then left out of what is kept) and the
    list of people invited."""
    sections = []
    for section in data["sections"]:
        body = render_to_string("governance/_section_body.html", {"s": section, "meeting": meeting})
        kept = {k: v for k, v in section.items() if k not in ("blocks", "objectives", "content")}
        sections.append({**kept, "body_html": body})
    attendance = render_to_string("governance/_attendance.html", {"data": data})
    return {**data, "sections": sections, "attendance_html": attendance}


def _capped(data: dict) -> dict:
    limit = PAGE_LIMIT
    sections = [
        {**s, "blocks": [live.cap(b, limit) for b in s.get("blocks", [])]} for s in data["sections"]
    ]
    return {
        **data,
        "sections": sections,
        "decisions": data["decisions"][:limit],
        "decisions_more": max(0, len(data["decisions"]) - limit),
        "attendance": data["attendance"][: 2 * limit],
        "attendance_more": max(0, len(data["attendance"]) - 2 * limit),
        "tasks": [],  # the page lists the tasks themselves (with their edit links)
    }


def document_data(meeting: CommitteeMeeting) -> dict:
    """The data the deck and the minutes are built from: only the sections on the agenda."""
    data = dict(content(meeting))
    data["sections"] = [s for s in data["sections"] if s.get("included", True)]
    return data


# Dashboard -------------------------------------------------------------------------------------


@dataclass
class CommitteeCard:
    overdue: list[Task]
    coming: list[Task]
    next_meeting: CommitteeMeeting | None
    next_date: dt.date | None = None  # set at the last copil, its meeting not prepared yet
    can_open_next: bool = True  # the next meeting is not published: not everyone opens it


def sees_every_meeting(user, programme) -> bool:
    """The committee, observers and network admins open every meeting; the others only those
    whose minutes are published."""
    if user is None:
        return True
    draft = CommitteeMeeting(programme=programme, status=MeetingStatus.DRAFT)
    return user.has_perm("governance.view_meeting", draft)


def dashboard_card(programme, *, today: dt.date, limit: int = 6, user=None) -> CommitteeCard:
    """Overdue and coming tasks, and the next copil, in a fixed number of queries. A user who
    opens only published meetings sees only their tasks (``user`` None: every task)."""
    tasks = (
        Task.objects.filter(programme=programme, status=TaskStatus.OPEN)
        .select_related("owner_person", "owner_organisation")
        .only(
            *("id", "what", "due", "owner_person_id", "owner_organisation_id"),
            *("owner_person__first_name", "owner_person__last_name", "owner_organisation__name"),
        )
        .order_by("due", "id")
    )
    can_open_all = sees_every_meeting(user, programme)
    if not can_open_all:
        tasks = tasks.filter(meeting__status=MeetingStatus.PUBLISHED)
    overdue = list(tasks.filter(due__lt=today)[:limit])
    coming = list(tasks.exclude(due__lt=today)[:limit])
    next_meeting = (
        programme.committee_meetings.filter(date__gte=today)
        .exclude(status=MeetingStatus.PUBLISHED)
        .only("id", "programme_id", "rank", "title", "date", "status")
        .order_by("date", "rank")
        .first()
    )
    next_date = None
    if next_meeting is None:
        last = (
            programme.committee_meetings.only("id", "programme_id", "rank", "next_date")
            .order_by("-rank")
            .first()
        )
        if last and last.next_date and last.next_date >= today:
            next_date = last.next_date
    return CommitteeCard(
        overdue=overdue,
        coming=coming,
        next_meeting=next_meeting,
        next_date=next_date,
        can_open_next=can_open_all,
    )
