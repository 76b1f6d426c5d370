"""The ``committee`` section of the programme file: members, meetings, agenda, decisions, tasks.

Registered from the app's ``ready()``. A published meeting travels with what its minutes showed
(``published_content``); when a file gives a published meeting without it, the content is built
once the whole file is imported (the section is loaded last).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils.translation import gettext as _

from copilote.governance import selectors, services
from copilote.governance.models import (
    AgendaSection,
    CommitteeMeeting,
    CommitteeMember,
    Decision,
    Invitation,
    MeetingStatus,
    Task,
)
from copilote.programmes.programme_file import Section, register
from copilote.programmes.programme_file.reader import did_you_mean, parse_date
from copilote.programmes.programme_file.sections import load_schema
from copilote.programmes.programme_file.writer import compact, iso_date

SCHEMA = load_schema(Path(__file__).with_name("committee.schema.json"))
ORDER = 900  # after every other section: published content is built from the whole programme


def _time(value) -> str | None:
    return value.strftime("%H:%M") if value else None


def member_label(member: CommitteeMember) -> str:
    return str(member.person) if member.person_id else str(member.organisation)


def _content(items: list[dict]) -> list:
    return [i["text"] if not i.get("details") else dict(i) for i in items]


def export(programme) -> dict:
    members = list(selectors.members(programme).select_related("person", "organisation"))
    meetings = list(programme.committee_meetings.order_by("rank"))
    tasks = list(
        Task.objects.filter(programme=programme)
        .select_related("owner_person", "owner_organisation")
        .order_by("meeting__rank", "position", "id")
    )
    result = []
    for meeting in meetings:
        sections = [
            compact(
                {
                    "key": s.key,
                    "title": s.title,
                    "objectives": s.objectives,
                    "content": _content(s.content),
                    "remark": s.remark,
                    "live": s.live,
                    "notes": s.notes,
                    "included": None if s.included else False,
                }
            )
            # « live: [] » is kept: without it the import would take the frame's live blocks.
            | ({"live": []} if not s.live else {})
            for s in meeting.sections.all()
        ]
        result.append(
            compact(
                {
                    "kind": meeting.kind,
                    "title": meeting.title,
                    "date": iso_date(meeting.date),
                    "start_time": _time(meeting.start_time),
                    "end_time": _time(meeting.end_time),
                    "place": meeting.place,
                    "status": meeting.status,
                    "purpose": meeting.purpose,
                    "attendance": [
                        compact(
                            {
                                "member": member_label(i.member),
                                "present": i.attended,
                                "excused": i.excused or None,
                            }
                        )
                        for i in meeting.invitations.select_related(
                            "member__person", "member__organisation"
                        )
                    ],
                    "sections": sections,
                    "decisions": [
                        compact({"text": d.text, "arguments": d.arguments})
                        for d in meeting.decisions.all()
                    ],
                    "tasks": [
                        compact(
                            {
                                "what": t.what,
                                "person": str(t.owner_person) if t.owner_person_id else None,
                                "organisation": t.owner_organisation.name
                                if t.owner_organisation_id
                                else None,
                                "due": iso_date(t.due),
                                "status": t.status,
                                "closed_on": iso_date(t.closed_on),
                            }
                        )
                        for t in tasks
                        if t.meeting_id == meeting.pk
                    ],
                    "next_date": iso_date(meeting.next_date),
                    "next_composition": meeting.next_composition,
                    "published_content": meeting.snapshot
                    if meeting.status == MeetingStatus.PUBLISHED
                    else None,
                }
            )
        )
    return compact(
        {
            "members": [
                compact(
                    {
                        "person": str(m.person) if m.person_id else None,
                        "organisation": m.organisation.name if m.organisation_id else None,
                        "college": m.college,
                        "position": m.position,
                        "joined": iso_date(m.joined),
                        "left": iso_date(m.left),
                    }
                )
                for m in members
            ],
            "meetings": result,
        }
    )


def _time_of(value: str | None):
    return dt.time.fromisoformat(value) if value else None


def load(ctx, value: dict) -> None:
    programme = ctx.programme
    members: dict[str, CommitteeMember] = {}
    for i, item in enumerate(value.get("members", [])):
        path = ("committee", "members", i)
        seat = CommitteeMember(
            programme=programme,
            college=item["college"],
            position=item.get("position", ""),
            joined=parse_date(item.get("joined")),
            left=parse_date(item.get("left")),
            order=i,
        )
        if item.get("person"):
            seat.person = ctx.person(item["person"], (*path, "person"))
        if item.get("organisation"):
            seat.organisation = ctx.organisation(item["organisation"], (*path, "organisation"))
        if ctx.save(seat, path):
            members[member_label(seat)] = seat

    previous = None
    pending = []
    for i, item in enumerate(value.get("meetings", [])):
        path = ("committee", "meetings", i)
        meeting = _meeting(ctx, item, path, rank=i + 1, members=members)
        if meeting is None:
            continue
        if previous and previous.date and meeting.date and meeting.date < previous.date:
            ctx.problem(
                (*path, "date"),
                _("this date is before the previous copil (%(date)s)")
                % {"date": previous.date.isoformat()},
            )
        previous = meeting
        if meeting.status == MeetingStatus.HELD or (
            meeting.status == MeetingStatus.PUBLISHED and not item.get("published_content")
        ):
            pending.append(meeting)
    for meeting in pending:
        # As the application does when a meeting is held, then when its minutes are published.
        meeting.snapshot = {"world": selectors.world_blocks(meeting)}
        if meeting.status == MeetingStatus.PUBLISHED:
            meeting.snapshot = selectors.build_content(meeting)
        meeting.save(update_fields=["snapshot"])


def _meeting(ctx, item: dict, path, *, rank, members) -> CommitteeMeeting | None:
    programme = ctx.programme
    frame = services.frame_of(programme, item["kind"]) if item["kind"] != "extra" else None
    meeting = CommitteeMeeting(
        programme=programme,
        rank=rank,
        kind=item["kind"],
        title=item.get("title") or (frame or {}).get("title") or item["kind"],
        date=parse_date(item.get("date")),
        start_time=_time_of(item.get("start_time")),
        end_time=_time_of(item.get("end_time")),
        place=item.get("place", ""),
        status=item.get("status", MeetingStatus.DRAFT),
        purpose=item.get("purpose", (frame or {}).get("purpose", "")),
        next_date=parse_date(item.get("next_date")),
        next_composition=item.get("next_composition", ""),
        snapshot=item.get("published_content") or {},
    )
    if ctx.save(meeting, path) is None:
        return None
    frame_sections = {s["key"]: s for s in (frame or {}).get("sections", [])}
    given = item.get("sections")
    listed = [s["key"] for s in given] if given is not None else list(frame_sections)
    extra = [k for k in frame_sections if k not in listed] if given is not None else []
    by_key = {s["key"]: s for s in given or []}
    for position, key in enumerate([*listed, *extra]):
        base = frame_sections.get(key, {})
        data = {**base, **by_key.get(key, {})}
        spath = (*path, "sections", listed.index(key)) if key in by_key else path
        if "title" not in data:
            ctx.problem((*spath, "title"), _("required (this key is not in the frame)"))
            continue
        ctx.save(
            AgendaSection(
                meeting=meeting,
                key=key,
                title=data["title"],
                objectives=list(data.get("objectives", [])),
                content=services.normalise_content(data.get("content")),
                remark=data.get("remark", ""),
                live=list(data.get("live", [])),
                notes=data.get("notes", ""),
                included=data.get("included", True) if key in by_key else key not in extra,
                position=position,
            ),
            spath,
        )
    for i, entry in enumerate(item.get("attendance", [])):
        member = members.get(entry["member"])
        if member is None:
            ctx.problem(
                (*path, "attendance", i, "member"),
                _("unknown member “%(name)s”") % {"name": entry["member"]}
                + did_you_mean(entry["member"], members),
            )
            continue
        ctx.save(
            Invitation(
                meeting=meeting,
                member=member,
                attended=entry.get("present", False),
                excused=entry.get("excused", False) and not entry.get("present", False),
            ),
            (*path, "attendance", i),
        )
    for i, entry in enumerate(item.get("decisions", [])):
        ctx.save(
            Decision(
                meeting=meeting,
                text=entry["text"],
                arguments=entry.get("arguments", []),
                position=i,
            ),
            (*path, "decisions", i),
        )
    for i, entry in enumerate(item.get("tasks", [])):
        tpath = (*path, "tasks", i)
        owner = None
        if entry.get("person"):
            owner = ctx.person(entry["person"], (*tpath, "person"))
        organisation = (
            ctx.organisation(entry["organisation"], (*tpath, "organisation"))
            if entry.get("organisation")
            else None
        )
        ctx.save(
            Task(
                programme=programme,
                meeting=meeting,
                what=entry["what"],
                owner_person=owner,
                owner_organisation=organisation,
                due=parse_date(entry.get("due")) or services.default_due(meeting),
                status=entry.get("status", "open"),
                closed_on=parse_date(entry.get("closed_on")),
                position=i,
            ),
            tpath,
            {"owner_person": "person", "owner_organisation": "organisation"},
        )
    return meeting


register(Section("committee", SCHEMA, export, load, ORDER))
