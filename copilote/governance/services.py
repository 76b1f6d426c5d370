"""Writes on the steering committee: members, meetings, agenda, decisions, tasks, attendance.

Every function is keyword-only and atomic, validates with ``full_clean()`` and logs one entry.
A published meeting is frozen: every write on it is refused.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from copilote.core import locking
from copilote.core.services import log_programme_action, save_validated
from copilote.governance.models import (
    AgendaSection,
    CommitteeMeeting,
    CommitteeMember,
    Decision,
    Invitation,
    MeetingKind,
    MeetingStatus,
    Task,
    TaskStatus,
)


def _check_not_frozen(meeting: CommitteeMeeting) -> None:
    if meeting.is_frozen:
        raise ValidationError(
            _("The minutes of this meeting are published: the meeting can no longer be changed.")
        )


def normalise_content(items) -> list[dict]:
    """The kit's content items as ``{"text", "details"}`` mappings."""
    result = []
    for item in items or []:
        if isinstance(item, str):
            result.append({"text": item, "details": []})
        else:
            result.append({"text": item["text"], "details": list(item.get("details", []))})
    return result


def frame_of(programme, kind: str) -> dict | None:
    """The programme's own copy of the committee frame (never the kit directly)."""
    frame = programme.frames.filter(kind="committee", key=kind).first()
    return frame.data if frame else None


def check_meeting_date(meeting: CommitteeMeeting) -> None:
    """A meeting cannot be dated before the previous copil nor after the next one."""
    if meeting.date and meeting.next_date and meeting.next_date < meeting.date:
        raise ValidationError({"next_date": _("The next copil cannot be before this meeting.")})
    if not meeting.date:
        return
    others = CommitteeMeeting.objects.filter(programme=meeting.programme).exclude(pk=meeting.pk)
    previous = others.filter(rank__lt=meeting.rank, date__isnull=False).order_by("-rank").first()
    if previous and meeting.date < previous.date:
        raise ValidationError(
            {
                "date": _("This date is before the previous copil (%(title)s, %(date)s).")
                % {"title": previous.title, "date": previous.when}
            }
        )
    following = others.filter(rank__gt=meeting.rank, date__isnull=False).order_by("rank").first()
    if following and meeting.date > following.date:
        raise ValidationError(
            {
                "date": _("This date is after the next copil (%(title)s, %(date)s).")
                % {"title": following.title, "date": following.when}
            }
        )


MEETING_FIELDS = (
    "title",
    "date",
    "start_time",
    "end_time",
    "place",
    "purpose",
    "next_date",
    "next_composition",
)


@transaction.atomic
def create_meeting(*, user, programme, kind: str, **fields) -> CommitteeMeeting:
    """A new meeting, its agenda copied from the programme's copy of the kit's frame.

    Each meeting of the kit happens once (there is one copil n°1); extra meetings any time."""
    if kind != MeetingKind.EXTRA and programme.committee_meetings.filter(kind=kind).exists():
        raise ValidationError(
            {
                "kind": _("%(meeting)s already exists: open it from the committee’s page.")
                % {"meeting": MeetingKind(kind).label}
            }
        )
    frame = frame_of(programme, kind) if kind != MeetingKind.EXTRA else None
    last = programme.committee_meetings.aggregate(m=Max("rank"))["m"] or 0
    meeting = CommitteeMeeting(programme=programme, kind=kind, rank=last + 1)
    meeting.title = (frame or {}).get("title") or MeetingKind(kind).label
    meeting.purpose = (frame or {}).get("purpose", "")
    for field, value in fields.items():
        if field not in MEETING_FIELDS:
            raise TypeError(f"unknown meeting field {field!r}")
        if value is not None:
            setattr(meeting, field, value)
    meeting.full_clean()
    check_meeting_date(meeting)
    meeting.save()
    sections = [
        AgendaSection(
            meeting=meeting,
            key=section["key"],
            title=section["title"],
            objectives=list(section.get("objectives", [])),
            content=normalise_content(section.get("content")),
            remark=section.get("remark", ""),
            live=list(section.get("live", [])),
            position=i,
        )
        for i, section in enumerate((frame or {}).get("sections", []))
    ]
    AgendaSection.objects.bulk_create(sections)
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, member=member)
        for member in programme.committee_members.filter(left__isnull=True)
    )
    log_programme_action(
        user, programme, "meeting.create", meeting, {"kind": kind, "rank": meeting.rank}
    )
    return meeting


@transaction.atomic
def update_meeting(
    *,
    user,
    meeting: CommitteeMeeting,
    version: int | None = None,
    base: dict | None = None,
    **fields,
) -> CommitteeMeeting:
    """Update a meeting (``core.locking``: refused if someone changed the same fields since
    ``version``; their other fields are kept)."""
    _check_not_frozen(meeting)
    fields = locking.check(meeting, version=version, base=base, fields=fields)
    for field, value in fields.items():
        if field not in MEETING_FIELDS:
            raise TypeError(f"unknown meeting field {field!r}")
        setattr(meeting, field, value)
    meeting.full_clean()
    check_meeting_date(meeting)
    locking.save(meeting)
    log_programme_action(
        user, meeting.programme, "meeting.update", meeting, {"fields": sorted(fields)}
    )
    return meeting


def conflict_error() -> ValidationError:
    return ValidationError(
        _(
            "Someone else saved this section while you were editing it. Your text was not "
            "saved over theirs: read their version below, then add your changes again."
        ),
        code="conflict",
    )


@transaction.atomic
def save_section(
    *,
    user,
    section: AgendaSection,
    version: int,
    notes: str,
    title: str | None = None,
    included: bool | None = None,
) -> AgendaSection:
    """Save a section's notes if nobody saved it since ``version`` was read (optimistic lock)."""
    _check_not_frozen(section.meeting)
    changes = {"notes": notes, "version": F("version") + 1}
    if title is not None:
        if not title.strip():
            raise ValidationError({"title": _("A section needs a title.")})
        changes["title"] = title.strip()
    if included is not None:
        changes["included"] = included
    updated = AgendaSection.objects.filter(pk=section.pk, version=version).update(**changes)
    if not updated:
        raise conflict_error()
    section.refresh_from_db()
    log_programme_action(
        user, section.meeting.programme, "section.update", section, {"section": section.pk}
    )
    return section


@transaction.atomic
def add_section(
    *, user, meeting: CommitteeMeeting, title: str, objectives: list[str], content: list[str]
) -> AgendaSection:
    _check_not_frozen(meeting)
    from django.utils.text import slugify

    base = slugify(title)[:60] or "sequence"
    key, n = base, 1
    while meeting.sections.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    last = meeting.sections.aggregate(m=Max("position"))["m"]
    section = save_validated(
        AgendaSection(
            meeting=meeting,
            key=key,
            title=title,
            objectives=objectives,
            content=normalise_content(content),
            position=(last + 1) if last is not None else 0,
        )
    )
    log_programme_action(user, meeting.programme, "section.create", section)
    return section


@transaction.atomic
def move_section(*, user, section: AgendaSection, direction: int) -> None:
    """Move a section one place up (-1) or down (+1) in its meeting's agenda."""
    meeting = section.meeting
    _check_not_frozen(meeting)
    ordered = list(meeting.sections.order_by("position", "id"))
    i = next(i for i, s in enumerate(ordered) if s.pk == section.pk)
    j = i + direction
    if 0 <= j < len(ordered):
        ordered[i], ordered[j] = ordered[j], ordered[i]
        for position, item in enumerate(ordered):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])
    log_programme_action(user, meeting.programme, "section.move", section, {"direction": direction})


@transaction.atomic
def save_decision(
    *,
    user,
    meeting: CommitteeMeeting,
    decision: Decision | None = None,
    text: str,
    arguments: list[str],
    version: int | None = None,
    base: dict | None = None,
) -> Decision:
    _check_not_frozen(meeting)
    creating = decision is None
    if creating:
        last = meeting.decisions.aggregate(m=Max("position"))["m"]
        decision = Decision(meeting=meeting, position=(last + 1) if last is not None else 0)
    values = locking.check(
        decision, version=version, base=base, fields={"text": text, "arguments": arguments}
    )
    decision.text, decision.arguments = values["text"], values["arguments"]
    decision.full_clean()
    locking.save(decision)
    log_programme_action(
        user, meeting.programme, "decision.create" if creating else "decision.update", decision
    )
    return decision


@transaction.atomic
def delete_decision(*, user, decision: Decision) -> None:
    _check_not_frozen(decision.meeting)
    log_programme_action(user, decision.meeting.programme, "decision.delete", decision)
    decision.delete()


@transaction.atomic
def delete_meeting(*, user, meeting: CommitteeMeeting) -> None:
    """Delete a meeting that has not been held; the later meetings move up one rank."""
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.PUBLISHED):
        raise ValidationError(
            _("A meeting that has been held cannot be deleted: it is part of the record.")
        )
    programme = meeting.programme
    log_programme_action(
        user, programme, "meeting.delete", meeting, {"kind": meeting.kind, "rank": meeting.rank}
    )
    rank = meeting.rank
    meeting.delete()
    for later in programme.committee_meetings.filter(rank__gt=rank).order_by("rank"):
        later.rank -= 1
        later.save(update_fields=["rank"])


@transaction.atomic
def delete_task(*, user, task: Task) -> None:
    if task.meeting_id:
        _check_not_frozen(task.meeting)
    log_programme_action(user, task.programme, "task.delete", task)
    task.delete()


@transaction.atomic
def delete_section(*, user, section: AgendaSection) -> None:
    _check_not_frozen(section.meeting)
    log_programme_action(user, section.meeting.programme, "section.delete", section)
    section.delete()


@transaction.atomic
def delete_member(*, user, member: CommitteeMember) -> None:
    """Delete a member who never sat at a held meeting; otherwise their departure is dated."""
    held = member.invitations.filter(
        meeting__status__in=[MeetingStatus.HELD, MeetingStatus.PUBLISHED]
    ).exists()
    if held:
        raise ValidationError(
            _(
                "This member sat at a held meeting: it stays in the record. Set the date they "
                "left the committee instead."
            )
        )
    log_programme_action(user, member.programme, "committee_member.delete", member)
    member.delete()


def default_due(meeting: CommitteeMeeting) -> dt.date | None:
    """A task is due by the next copil: its set date, else the next meeting's date."""
    if meeting.next_date:
        return meeting.next_date
    following = (
        meeting.programme.committee_meetings.filter(rank__gt=meeting.rank, date__isnull=False)
        .order_by("rank")
        .first()
    )
    return following.date if following else None


@transaction.atomic
def save_task(
    *,
    user,
    meeting: CommitteeMeeting,
    task: Task | None = None,
    what: str,
    owner_person=None,
    owner_organisation=None,
    due: dt.date | None = None,
    status: str = TaskStatus.OPEN,
    version: int | None = None,
    base: dict | None = None,
) -> Task:
    """Create or update a task; its status may still change after the minutes are published.
    ``version`` and ``base``: see ``core.locking``."""
    creating = task is None
    if not creating:
        values = locking.check(
            task,
            version=version,
            base=base,
            fields={
                "what": what,
                "owner_person": owner_person,
                "owner_organisation": owner_organisation,
                "due": due,
                "status": status,
            },
        )
        what, owner_person, owner_organisation = (
            values["what"],
            values["owner_person"],
            values["owner_organisation"],
        )
        due, status = values["due"], values["status"]
    if creating:
        _check_not_frozen(meeting)
        last = meeting.tasks.aggregate(m=Max("position"))["m"]
        task = Task(
            programme=meeting.programme,
            meeting=meeting,
            position=(last + 1) if last is not None else 0,
        )
    elif meeting.is_frozen and (
        what != task.what
        or owner_person != task.owner_person
        or owner_organisation != task.owner_organisation
        or due != task.due
    ):
        _check_not_frozen(meeting)
    task.what = what
    task.owner_person, task.owner_organisation = owner_person, owner_organisation
    task.due = due or default_due(meeting)
    if status != task.status:
        task.closed_on = timezone.localdate() if status != TaskStatus.OPEN else None
    task.status = status
    task.full_clean()
    locking.save(task)
    log_programme_action(
        user, meeting.programme, "task.create" if creating else "task.update", task
    )
    return task


@transaction.atomic
def set_attendance(
    *, user, meeting: CommitteeMeeting, invited: list, present: list, excused: list = ()
) -> None:
    """Who is invited (composition of the meeting), who came, who excused themselves."""
    _check_not_frozen(meeting)
    present_ids = {m.pk for m in present}
    excused_ids = {m.pk for m in excused} - present_ids
    invited_ids = {m.pk for m in invited} | present_ids | excused_ids
    meeting.invitations.exclude(member_id__in=invited_ids).delete()
    existing = {i.member_id: i for i in meeting.invitations.all()}
    for member_id in invited_ids:
        invitation = existing.get(member_id) or Invitation(meeting=meeting, member_id=member_id)
        invitation.attended = member_id in present_ids
        invitation.excused = member_id in excused_ids
        invitation.save()
    log_programme_action(
        user, meeting.programme, "meeting.attendance", meeting, {"invited": len(invited_ids)}
    )


@transaction.atomic
def save_member(*, user, programme, member: CommitteeMember | None = None, **fields):
    creating = member is None
    if creating:
        last = programme.committee_members.aggregate(m=Max("order"))["m"]
        member = CommitteeMember(programme=programme, order=(last + 1) if last is not None else 0)
    for field in ("person", "organisation", "college", "position", "joined", "left"):
        if field in fields:
            setattr(member, field, fields[field])
    save_validated(member)
    log_programme_action(
        user,
        programme,
        "committee_member.create" if creating else "committee_member.update",
        member,
    )
    return member


# Status ----------------------------------------------------------------------------------------


def convene(*, user, meeting: CommitteeMeeting) -> int:
    """Convene the members: status « convoqué », the agenda and an ICS invitation by mail.

    Returns the number of recipients. The mail is a background task, queued once the status
    is saved.
    """
    from copilote.core import mail as core_mail
    from copilote.governance import mail, tasks

    with transaction.atomic():
        _check_not_frozen(meeting)
        if not meeting.date:
            raise ValidationError(_("Set the date of the meeting before convening the members."))
        if meeting.status not in (MeetingStatus.DRAFT, MeetingStatus.CONVENED):
            raise ValidationError(_("This meeting has already been held."))
        meeting.status = MeetingStatus.CONVENED
        meeting.save(update_fields=["status"])
        log_programme_action(user, meeting.programme, "meeting.convene", meeting)
        recipients = mail.recipients(meeting)
        delivery = None
        if recipients:
            delivery = core_mail.queue(
                programme=meeting.programme,
                kind="convocation",
                subject_key=f"meeting:{meeting.pk}",
                recipients=len(recipients),
            )
    if delivery:
        tasks.send_convocation.enqueue(meeting.pk, delivery.pk)
    return len(recipients)


@transaction.atomic
def mark_held(*, user, meeting: CommitteeMeeting) -> CommitteeMeeting:
    _check_not_frozen(meeting)
    if not meeting.date:
        raise ValidationError(_("Set the date of the meeting first."))
    if meeting.date > timezone.localdate():
        raise ValidationError(_("This meeting is dated in the future: it cannot be held yet."))
    from copilote.governance import selectors

    # The programme around the meeting as it is on the day it is held (progress, calendar...).
    meeting.snapshot = {"world": selectors.world_blocks(meeting)}
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status", "snapshot"])
    log_programme_action(user, meeting.programme, "meeting.held", meeting)
    return meeting


def publish_minutes(*, user, meeting: CommitteeMeeting, send: bool = True) -> CommitteeMeeting:
    """Freeze the meeting: its agenda and live blocks are kept as they are today; mail them."""
    from copilote.core import mail as core_mail
    from copilote.governance import mail, selectors, tasks

    with transaction.atomic():
        meeting = CommitteeMeeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status == MeetingStatus.PUBLISHED:
            raise ValidationError(_("The minutes of this meeting are already published."))
        if meeting.status != MeetingStatus.HELD:
            raise ValidationError(
                _("The minutes can only be published once the meeting has been held.")
            )
        meeting.snapshot = selectors.build_content(meeting)
        meeting.status = MeetingStatus.PUBLISHED
        meeting.published_at = timezone.now()
        meeting.save(update_fields=["snapshot", "status", "published_at"])
        log_programme_action(user, meeting.programme, "meeting.publish", meeting)
        delivery = None
        if send and (recipients := mail.recipients(meeting)):
            delivery = core_mail.queue(
                programme=meeting.programme,
                kind="minutes",
                subject_key=f"meeting:{meeting.pk}",
                recipients=len(recipients),
            )
    if delivery:
        tasks.send_minutes.enqueue(meeting.pk, delivery.pk)
    return meeting


@transaction.atomic
def withdraw_publication(*, user, meeting: CommitteeMeeting, reason: str) -> CommitteeMeeting:
    """The lead takes published minutes back: the meeting is held again (editable, seen by
    the committee only); the reason is kept in the activity log."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the publication is withdrawn.")})
    meeting = CommitteeMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.PUBLISHED:
        raise ValidationError(_("The minutes of this meeting are not published."))
    meeting.status = MeetingStatus.HELD
    meeting.snapshot = {}
    meeting.published_at = None
    meeting.version = F("version") + 1
    meeting.save(update_fields=["status", "snapshot", "published_at", "version"])
    meeting.refresh_from_db()
    log_programme_action(
        user, meeting.programme, "meeting.withdraw_publication", meeting, {"reason": reason}
    )
    return meeting
