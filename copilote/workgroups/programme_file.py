"""The ``working_groups`` section of the programme file: candidates, groups (co-lead pairs,
members), their meetings (attendance, minutes, existing solutions) and proposals.

A candidate is named by its full name: a contact listed under ``contacts`` (``contact``) or a
person typed by hand (``first_name`` + ``last_name``); members and attendance name candidates.
A meeting's title and agenda are written only when they differ from the programme's frame.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from copilote.actors.models import LEGACY_MATURITY, Maturity, OrganisationKind
from copilote.programmes.programme_file import Section, register
from copilote.programmes.programme_file.reader import parse_date
from copilote.programmes.programme_file.writer import compact, iso_date
from copilote.workgroups import services
from copilote.workgroups.models import (
    Attendance,
    Candidate,
    CandidateSource,
    GroupMeeting,
    GroupStatus,
    MeetingStatus,
    Member,
    MemberRole,
    Priority,
    Proposal,
    Term,
    ThemeWish,
    WorkingGroup,
)

ORDER = 500  # after the directory and the calendar, before the committee (its live blocks)
PRIORITIES = {Priority.HIGH: "haute", Priority.MEDIUM: "moyenne", Priority.LOW: "basse"}
PRIORITY_OF = {v: k for k, v in PRIORITIES.items()}

TEXT = {"type": "string", "minLength": 1}
DATE = {"type": "string", "format": "date"}
TIME = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}
NAMES = {"type": "array", "items": TEXT}


def _object(required, properties, description=""):
    schema = {
        "type": "object",
        "required": required,
        "additionalProperties": False,
        "properties": properties,
    }
    if description:
        schema["description"] = description
    return schema


CANDIDATE = _object(
    [],
    {
        "contact": {**TEXT, "description": "Full name of a contact listed under contacts."},
        "first_name": {"type": "string"},
        "last_name": {"type": "string"},
        "email": {"type": "string", "format": "email"},
        "organisation": {**TEXT, "description": "Name of an organisation of the directory."},
        "organisation_name": {"type": "string", "description": "An organisation not listed."},
        "kind": {"enum": list(OrganisationKind.values)},
        "commune": TEXT,
        "maturity": {
            "enum": [*Maturity.values, *LEGACY_MATURITY],
            "description": "intermediaire and confirme: the earlier levels, read as en_demarche "
            "and experimente.",
        },
        "source": {"enum": list(CandidateSource.values)},
        "source_ref": {"type": "string"},
        "wishes": {**NAMES, "description": "Theme identifiers, first wish first."},
        "refused": {**NAMES, "description": "Theme identifiers the candidate refuses."},
    },
    "Someone who may join a group: a contact (contact) or a person typed by hand.",
)
MEMBER = _object(
    ["candidate"],
    {
        "candidate": {**TEXT, "description": "Full name of a candidate."},
        "role": {"enum": list(MemberRole.values)},
        "confirmed": {"type": "boolean"},
    },
)
MEETING = _object(
    ["number"],
    {
        "number": {"type": "integer", "minimum": 1},
        "title": TEXT,
        "agenda": {"type": "array"},
        "date": DATE,
        "start_time": TIME,
        "end_time": TIME,
        "place": {"type": "string"},
        "prepared_by": {"type": "string"},
        "facilitated_by": {"type": "string"},
        "minutes_by": {"type": "string"},
        "synthesis_by": {"type": "string"},
        "status": {"enum": list(MeetingStatus.values)},
        "minutes": {"type": "string"},
        "minutes_published": {"type": "boolean"},
        "existing_solutions": NAMES,
        "present": {**NAMES, "description": "Candidates who came."},
        "absent": {**NAMES, "description": "Candidates who were expected and did not come."},
    },
)
PROPOSAL = _object(
    ["text"],
    {
        "text": TEXT,
        "priority": {"enum": list(PRIORITY_OF)},
        "term": {"enum": list(Term.values)},
        "meeting": {"type": "integer", "minimum": 1},
    },
)
GROUP = _object(
    ["theme"],
    {
        "theme": {**TEXT, "description": "Identifier of a theme."},
        "slug": TEXT,
        "name": TEXT,
        "size_min": {"type": "integer", "minimum": 1},
        "size_max": {"type": "integer", "minimum": 1},
        "status": {"enum": list(GroupStatus.values)},
        "members": {"type": "array", "items": MEMBER},
        "meetings": {"type": "array", "items": MEETING},
        "proposals": {"type": "array", "items": PROPOSAL},
    },
)
SCHEMA = _object(
    [],
    {
        "candidates": {"type": "array", "items": CANDIDATE},
        "groups": {"type": "array", "items": GROUP},
    },
    "The working groups: candidates, groups with their co-lead pair and members, meetings "
    "(attendance, minutes) and proposals.",
)


def _time(value) -> str | None:
    return value.strftime("%H:%M") if value else None


def _time_of(value: str | None):
    return dt.time.fromisoformat(value) if value else None


def _agenda_out(items: list[dict]) -> list:
    return [i["text"] if not i.get("details") else dict(i) for i in items]


# Export ----------------------------------------------------------------------------------------


def export(programme) -> dict:
    candidates = list(
        Candidate.objects.filter(programme=programme)
        .select_related("person", "organisation", "commune")
        .prefetch_related(
            # Lists of their own: a prefetched manager builds a queryset for each candidate.
            Prefetch(
                "wishes", queryset=ThemeWish.objects.select_related("theme"), to_attr="wish_list"
            ),
            Prefetch("refused_themes", to_attr="refused_list"),
        )
        .order_by("id")
    )
    if not candidates and not programme.working_groups.exists():
        return {}
    frames = {f.get("rank"): f for f in services.group_frames(programme)}
    out_candidates = [
        compact(
            {
                "contact": str(c.person) if c.person_id else None,
                "first_name": c.first_name,
                "last_name": c.last_name,
                "email": c.email,
                "organisation": c.organisation.name if c.organisation_id else None,
                "organisation_name": c.organisation_name,
                "kind": c.kind,
                "commune": c.commune.name if c.commune_id else None,
                "maturity": c.maturity,
                "source": c.source if c.source != CandidateSource.HAND else None,
                "source_ref": c.source_ref,
                "wishes": [w.theme.slug for w in c.wish_list],
                "refused": sorted(t.slug for t in c.refused_list),
            }
        )
        for c in candidates
    ]
    # Every group's members, meetings, attendance and proposals in one query each.
    marks: dict[int, dict[int, bool]] = {}
    for meeting_id, member_id, present in Attendance.objects.filter(
        meeting__group__programme=programme
    ).values_list("meeting_id", "member_id", "present"):
        marks.setdefault(meeting_id, {})[member_id] = present
    groups = []
    for group in (
        programme.working_groups.select_related("theme")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Member.objects.select_related("candidate__person").order_by(
                    "position", "id"
                ),
                to_attr="member_list",
            ),
            Prefetch(
                "meetings", queryset=GroupMeeting.objects.order_by("number"), to_attr="meeting_list"
            ),
            Prefetch(
                "proposals",
                queryset=Proposal.objects.select_related("meeting").order_by("position", "id"),
                to_attr="proposal_list",
            ),
        )
        .order_by("position", "id")
    ):
        members = group.member_list
        meetings = []
        for m in group.meeting_list:
            frame = frames.get(m.number) or {}
            frame_agenda = services._agenda(frame.get("items"))
            here = marks.get(m.pk, {})
            meetings.append(
                compact(
                    {
                        "number": m.number,
                        "title": m.title if m.title != frame.get("title") else None,
                        "agenda": _agenda_out(m.items) if m.items != frame_agenda else None,
                        "date": iso_date(m.date),
                        "start_time": _time(m.start_time),
                        "end_time": _time(m.end_time),
                        "place": m.place,
                        "prepared_by": m.prepared_by,
                        "facilitated_by": m.facilitated_by,
                        "minutes_by": m.minutes_by,
                        "synthesis_by": m.synthesis_by,
                        "status": m.status if m.status != MeetingStatus.PLANNED else None,
                        "minutes": m.minutes,
                        "minutes_published": m.minutes_published or None,
                        "existing_solutions": list(m.existing_solutions),
                        "present": [x.candidate.full_name for x in members if here.get(x.pk)],
                        "absent": [
                            x.candidate.full_name for x in members if here.get(x.pk) is False
                        ],
                    }
                )
            )
        groups.append(
            compact(
                {
                    "theme": group.theme.slug,
                    "slug": group.slug if group.slug != group.theme.slug else None,
                    "name": group.name if group.name != group.theme.name else None,
                    "size_min": group.size_min,
                    "size_max": group.size_max,
                    "status": group.status if group.status != GroupStatus.FORMING else None,
                    "members": [
                        compact(
                            {
                                "candidate": x.candidate.full_name,
                                "role": x.role if x.role != MemberRole.PARTICIPANT else None,
                                "confirmed": x.confirmed,
                            }
                        )
                        for x in members
                    ],
                    "meetings": meetings,
                    "proposals": [
                        compact(
                            {
                                "text": p.text,
                                "priority": PRIORITIES[p.priority],
                                "term": p.term,
                                "meeting": p.meeting.number if p.meeting_id else None,
                            }
                        )
                        for p in group.proposal_list
                    ],
                }
            )
        )
    return compact({"candidates": out_candidates, "groups": groups})


# Import ----------------------------------------------------------------------------------------


def load(ctx, value: dict) -> None:
    programme = ctx.programme
    communes = {c.name: c for c in programme.territory.communes.all()}
    candidates: dict[str, Candidate] = {}
    for i, item in enumerate(value.get("candidates", [])):
        path = ("working_groups", "candidates", i)
        candidate = _candidate(ctx, item, path, communes)
        if candidate is None:
            continue
        name = candidate.full_name
        if name in candidates:
            ctx.problem(path, _("two candidates are named “%(name)s”") % {"name": name})
            continue
        candidates[name] = candidate

    frames = {f.get("rank"): f for f in services.group_frames(programme)}
    for i, item in enumerate(value.get("groups", [])):
        path = ("working_groups", "groups", i)
        theme = ctx.theme(item["theme"], (*path, "theme"))
        if theme is None:
            continue
        group = ctx.save(
            WorkingGroup(
                programme=programme,
                theme=theme,
                slug=item.get("slug", theme.slug),
                name=item.get("name", theme.name),
                size_min=item.get("size_min", programme.group_size_min or 8),
                size_max=item.get("size_max", programme.group_size_max or 12),
                status=item.get("status", GroupStatus.FORMING),
                position=i,
            ),
            path,
        )
        if group is None:
            continue
        members = _members(ctx, group, item.get("members", []), path, candidates)
        meetings = _meetings(ctx, group, item.get("meetings", []), path, frames, members)
        for j, entry in enumerate(item.get("proposals", [])):
            number = entry.get("meeting")
            meeting = meetings.get(number) if number else None
            if number and meeting is None:
                ctx.problem(
                    (*path, "proposals", j, "meeting"),
                    _("the group has no meeting %(n)s") % {"n": number},
                )
                continue
            ctx.save(
                Proposal(
                    group=group,
                    meeting=meeting,
                    text=entry["text"],
                    priority=PRIORITY_OF[entry.get("priority", "moyenne")],
                    term=entry.get("term", Term.SHORT),
                    position=j,
                ),
                (*path, "proposals", j),
            )


def _candidate(ctx, item: dict, path, communes) -> Candidate | None:
    person = ctx.person(item["contact"], (*path, "contact")) if item.get("contact") else None
    if item.get("contact") and person is None:
        return None
    organisation = (
        ctx.organisation(item["organisation"], (*path, "organisation"))
        if item.get("organisation")
        else None
    )
    commune = communes.get(item.get("commune", ""))
    if item.get("commune") and commune is None:
        ctx.problem((*path, "commune"), _("unknown commune “%(name)s”") % {"name": item["commune"]})
        return None
    # A contact's organisation gives what the file leaves out (kind, commune, maturity).
    source = organisation or (person.organisation if person is not None else None)
    if person is not None and organisation is None and "organisation" not in item:
        organisation = person.organisation
    kind = item.get("kind", source.kind if source else "")
    if commune is None and "commune" not in item and source is not None:
        commune = source.commune
    maturity = item.get("maturity", source.maturity if source else "")
    maturity = LEGACY_MATURITY.get(maturity, maturity)
    candidate = ctx.save(
        Candidate(
            programme=ctx.programme,
            person=person,
            first_name=item.get("first_name", ""),
            last_name=item.get("last_name", ""),
            email=item.get("email", ""),
            organisation=organisation,
            organisation_name=item.get("organisation_name", ""),
            kind=kind,
            commune=commune,
            maturity=maturity,
            source=item.get("source", CandidateSource.HAND),
            source_ref=item.get("source_ref", ""),
        ),
        path,
    )
    if candidate is None:
        return None
    for rank, slug in enumerate(item.get("wishes", []), start=1):
        theme = ctx.theme(slug, (*path, "wishes", rank - 1))
        if theme is not None:
            ctx.save(ThemeWish(candidate=candidate, theme=theme, rank=rank), (*path, "wishes"))
    refused = [
        ctx.theme(slug, (*path, "refused", k)) for k, slug in enumerate(item.get("refused", []))
    ]
    candidate.refused_themes.set([t for t in refused if t is not None])
    return candidate


def _members(ctx, group, items, path, candidates) -> dict[str, Member]:
    members: dict[str, Member] = {}
    for j, entry in enumerate(items):
        mpath = (*path, "members", j)
        candidate = candidates.get(entry["candidate"])
        if candidate is None:
            ctx.problem(
                (*mpath, "candidate"),
                _("unknown candidate “%(name)s”: list them under candidates")
                % {"name": entry["candidate"]},
            )
            continue
        role = entry.get("role", MemberRole.PARTICIPANT)
        if role == MemberRole.COLEAD:
            if candidate.kind not in services.COLEAD_KINDS:
                ctx.problem(
                    mpath,
                    _("a co-lead is a contact of an association or of a company"),
                )
                continue
            if any(m.is_colead and m.candidate.kind == candidate.kind for m in members.values()):
                ctx.problem(
                    mpath,
                    _(
                        "the group already has a co-lead of this kind: one association and one "
                        "company"
                    ),
                )
                continue
        member = ctx.save(
            Member(
                group=group,
                programme=group.programme,
                candidate=candidate,
                role=role,
                confirmed=entry.get("confirmed", False),
                position=j,
            ),
            mpath,
        )
        if member is not None:
            members[candidate.full_name] = member
    participants = sum(1 for m in members.values() if not m.is_colead)
    if participants > group.size_max:
        ctx.problem(
            (*path, "members"),
            _("%(n)s participants for %(max)s maximum")
            % {"n": participants, "max": group.size_max},
        )
    return members


def _meetings(ctx, group, items, path, frames, members) -> dict[int, GroupMeeting]:
    given = {entry["number"]: (k, entry) for k, entry in enumerate(items)}
    programme = group.programme
    numbers = sorted(set(range(1, programme.meetings_per_group + 1)) | set(given))
    meetings: dict[int, GroupMeeting] = {}
    previous = None
    for number in numbers:
        k, entry = given.get(number, (None, {}))
        mpath = (*path, "meetings", k) if k is not None else path
        frame = frames.get(number) or {}
        meeting = ctx.save(
            GroupMeeting(
                group=group,
                number=number,
                key=frame.get("key", ""),
                title=entry.get("title")
                or frame.get("title")
                or _("Meeting %(n)s") % {"n": number},
                items=services._agenda(
                    entry["agenda"] if "agenda" in entry else frame.get("items")
                ),
                date=parse_date(entry.get("date")),
                start_time=_time_of(entry.get("start_time")),
                end_time=_time_of(entry.get("end_time")),
                place=entry.get("place", ""),
                prepared_by=entry.get("prepared_by", ""),
                facilitated_by=entry.get("facilitated_by", ""),
                minutes_by=entry.get("minutes_by", ""),
                synthesis_by=entry.get("synthesis_by", ""),
                status=entry.get("status", MeetingStatus.PLANNED),
                minutes=entry.get("minutes", ""),
                minutes_published=entry.get("minutes_published", False),
                existing_solutions=list(entry.get("existing_solutions", [])),
            ),
            mpath,
        )
        if meeting is None:
            continue
        if previous and previous.date and meeting.date and meeting.date < previous.date:
            ctx.problem(
                (*mpath, "date"),
                _("this date is before meeting %(n)s (%(date)s)")
                % {"n": previous.number, "date": previous.date.isoformat()},
            )
        previous = meeting
        meetings[number] = meeting
        for key, present in (("present", True), ("absent", False)):
            for j, name in enumerate(entry.get(key, [])):
                member = members.get(name)
                if member is None:
                    ctx.problem(
                        (*mpath, key, j),
                        _("“%(name)s” is not a member of the group") % {"name": name},
                    )
                    continue
                ctx.save(
                    Attendance(meeting=meeting, member=member, present=present), (*mpath, key, j)
                )
    return meetings


def register_section() -> None:
    register(Section("working_groups", SCHEMA, export, load, ORDER))
