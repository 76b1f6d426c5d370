"""Writes on the working groups: groups and their meeting series, candidates, members and the
co-lead pair, meetings, attendance, minutes, proposals, personal links.

Every function is keyword-only and atomic, validates with ``full_clean()`` and logs one entry.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from copilote.actors.models import OrganisationKind
from copilote.core import locking
from copilote.core.services import log_programme_action, save_validated
from copilote.workgroups.models import (
    Attendance,
    Candidate,
    CandidateSource,
    GroupMeeting,
    GroupStatus,
    MeetingStatus,
    Member,
    MemberRole,
    Proposal,
    ThemeWish,
    WorkingGroup,
)

COLEAD_KINDS = (OrganisationKind.ASSOCIATION, OrganisationKind.COMPANY)
LINK_SALT = "copilote.workgroups.member-link"
LINK_MAX_AGE = dt.timedelta(days=180)


# Groups and their meeting series ---------------------------------------------------------------


def group_frames(programme) -> list[dict]:
    """The programme's copy of the kit's group-meeting frames, by rank."""
    frames = [f.data for f in programme.frames.filter(kind="group_meeting")]
    return sorted(frames, key=lambda data: data.get("rank", 0))


def _agenda(items) -> list[dict]:
    result = []
    for item in items or []:
        if isinstance(item, str):
            result.append({"text": item, "details": []})
        else:
            result.append({"text": item["text"], "details": list(item.get("details", []))})
    return result


def _create_series(group: WorkingGroup) -> list[GroupMeeting]:
    programme = group.programme
    frames = {f.get("rank"): f for f in group_frames(programme)}
    existing = set(group.meetings.values_list("number", flat=True))
    created = []
    for number in range(1, programme.meetings_per_group + 1):
        if number in existing:
            continue
        frame = frames.get(number) or {}
        created.append(
            GroupMeeting(
                group=group,
                number=number,
                key=frame.get("key", ""),
                title=frame.get("title") or _("Meeting %(n)s") % {"n": number},
                items=_agenda(frame.get("items")),
            )
        )
    return GroupMeeting.objects.bulk_create(created)


GROUP_FIELDS = ("theme", "name", "slug", "size_min", "size_max", "status")


@transaction.atomic
def save_group(
    *,
    user,
    programme,
    group: WorkingGroup | None = None,
    facilitators: list | None = None,
    version: int | None = None,
    base: dict | None = None,
    **fields,
) -> WorkingGroup:
    """Create (with its meeting series from the programme's frames) or update a group
    (``core.locking`` with ``version`` and ``base``; ``facilitators``: the accounts who run it,
    left as they are when None)."""
    from django.utils.text import slugify

    creating = group is None
    if creating:
        last = programme.working_groups.aggregate(m=Max("position"))["m"]
        group = WorkingGroup(
            programme=programme,
            position=(last + 1) if last is not None else 0,
            size_min=programme.group_size_min or 8,
            size_max=programme.group_size_max or 12,
        )
    if facilitators is not None:
        fields["facilitators"] = list(facilitators)
    fields = locking.check(group, version=version, base=base, fields=fields)
    facilitators = fields.pop("facilitators", None)
    for field, value in fields.items():
        if field not in GROUP_FIELDS:
            raise TypeError(f"unknown group field {field!r}")
        if value is not None:
            setattr(group, field, value)
    if not group.name and group.theme_id:
        group.name = group.theme.name
    if not group.slug:
        group.slug = group.theme.slug if group.theme_id else slugify(group.name)[:80]
    if group.pk and group.size_max is not None:
        count = group.members.filter(role=MemberRole.PARTICIPANT).count()
        if count > group.size_max:
            raise ValidationError(
                {
                    "size_max": _(
                        "The group already has %(n)s participants: the maximum cannot be lower."
                    )
                    % {"n": count}
                }
            )
    group.full_clean()
    locking.save(group)
    if facilitators is not None:
        group.facilitators.set(facilitators)
    if creating:
        _create_series(group)
    log_programme_action(user, programme, "group.create" if creating else "group.update", group)
    return group


@transaction.atomic
def set_facilitators(*, user, group: WorkingGroup, users: list) -> None:
    group.facilitators.set(users)
    log_programme_action(user, group.programme, "group.facilitators", group, {"count": len(users)})


# Candidates ------------------------------------------------------------------------------------


def _wishes(candidate: Candidate, wishes: list, refused: list) -> None:
    programme_id = candidate.programme_id
    themes = list(wishes) + list(refused)
    if any(t.programme_id != programme_id for t in themes):
        raise ValidationError(_("This theme is not one of the experimentation’s."))
    if set(t.pk for t in wishes) & set(t.pk for t in refused):
        raise ValidationError(_("A theme cannot be both wished and refused."))
    if len({t.pk for t in wishes}) != len(wishes):
        raise ValidationError(_("A theme appears twice among the wishes."))
    candidate.wishes.all().delete()
    ThemeWish.objects.bulk_create(
        ThemeWish(candidate=candidate, theme=theme, rank=i)
        for i, theme in enumerate(wishes, start=1)
    )
    candidate.refused_themes.set(refused)


CANDIDATE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "organisation",
    "organisation_name",
    "kind",
    "commune",
    "maturity",
)


@transaction.atomic
def save_candidate(
    *,
    user,
    programme,
    candidate: Candidate | None = None,
    person=None,
    wishes: list | None = None,
    refused: list | None = None,
    source: str | None = None,
    source_ref: str = "",
    **fields,
) -> Candidate:
    """Create or update a candidate: a contact of the directory (``person``) or typed by hand.

    A contact's organisation gives its kind, commune and maturity unless they are given.
    ``wishes`` are themes in order of preference; ``refused`` themes the candidate refuses.
    """
    creating = candidate is None
    if creating:
        candidate = Candidate(
            programme=programme,
            source=source or (CandidateSource.DIRECTORY if person else CandidateSource.HAND),
            source_ref=source_ref,
        )
        if person is not None:
            if Candidate.objects.filter(programme=programme, person=person).exists():
                raise ValidationError({"person": _("This contact is already a candidate.")})
            candidate.person = person
            organisation = person.organisation
            if organisation is not None:
                candidate.organisation = organisation
                candidate.kind = organisation.kind
                candidate.commune = organisation.commune
                candidate.maturity = organisation.maturity
    for field, value in fields.items():
        if field not in CANDIDATE_FIELDS:
            raise TypeError(f"unknown candidate field {field!r}")
        if value is not None:
            setattr(candidate, field, value)
    if candidate.organisation_id and not candidate.kind:
        candidate.kind = candidate.organisation.kind
    save_validated(candidate)
    if wishes is not None or refused is not None:
        _wishes(candidate, list(wishes or []), list(refused or []))
    log_programme_action(
        user,
        programme,
        "candidate.create" if creating else "candidate.update",
        candidate,
        {"candidate": candidate.pk},
    )
    return candidate


@transaction.atomic
def add_proposed_candidate(*, user, programme, proposal, theme) -> Candidate:
    """Add a candidate proposed by a source (``sources.CandidateProposal``), wishing ``theme``."""
    existing = None
    if proposal.person is not None:
        existing = Candidate.objects.filter(programme=programme, person=proposal.person).first()
    if existing is None:
        existing = Candidate.objects.filter(
            programme=programme, source=proposal.source, source_ref=proposal.source_ref
        ).first()
    if existing is None and proposal.email:
        # The same person typed by hand or from the directory: matched by their email.
        existing = (
            Candidate.objects.filter(programme=programme)
            .filter(Q(email__iexact=proposal.email) | Q(person__email__iexact=proposal.email))
            .order_by("id")
            .first()
        )
    if existing is not None:
        if not existing.wishes.filter(theme=theme).exists():
            last = existing.wishes.aggregate(m=Max("rank"))["m"] or 0
            ThemeWish.objects.create(candidate=existing, theme=theme, rank=last + 1)
        return existing
    candidate = save_candidate(
        user=user,
        programme=programme,
        person=proposal.person,
        source=proposal.source,
        source_ref=proposal.source_ref,
        first_name=proposal.first_name,
        last_name=proposal.last_name,
        email=proposal.email,
        organisation=proposal.organisation,
        organisation_name=proposal.organisation_name,
        kind=proposal.kind or None,
        commune=proposal.commune,
    )
    ThemeWish.objects.create(candidate=candidate, theme=theme, rank=1)
    return candidate


@transaction.atomic
def delete_candidate(*, user, candidate: Candidate) -> None:
    if candidate.memberships.exists():
        raise ValidationError(
            _("This person is in a working group: take them out of the group first.")
        )
    log_programme_action(user, candidate.programme, "candidate.delete", candidate)
    candidate.delete()


# Members and the co-lead pair ------------------------------------------------------------------


def _participants(group: WorkingGroup) -> int:
    return group.members.filter(role=MemberRole.PARTICIPANT).count()


def _check_room(group: WorkingGroup) -> None:
    if _participants(group) >= group.size_max:
        raise ValidationError(
            _("The group “%(group)s” is full: %(max)s participants at most.")
            % {"group": group.name, "max": group.size_max}
        )


def _check_free(candidate: Candidate, group: WorkingGroup) -> Member | None:
    """The candidate's membership in ``group`` if any; refuse if they are in another group."""
    current = (
        Member.objects.filter(programme=group.programme, candidate=candidate)
        .select_related("group")
        .first()
    )
    if current is not None and current.group_id != group.pk:
        raise ValidationError(
            _("%(person)s is already in the group “%(group)s”.")
            % {"person": candidate.full_name, "group": current.group.name}
        )
    return current


def _next_position(group: WorkingGroup) -> int:
    last = group.members.aggregate(m=Max("position"))["m"]
    return (last + 1) if last is not None else 0


@transaction.atomic
def place(*, user, group: WorkingGroup, candidate: Candidate, confirmed: bool = False) -> Member:
    """Put a candidate in a group as a participant (refused when the group is closed or full, or
    the candidate already elsewhere)."""
    group = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    if candidate.programme_id != group.programme_id:
        raise ValidationError(_("This candidate is not in the experimentation."))
    if group.status == GroupStatus.CLOSED:
        raise ValidationError(
            _("The group “%(group)s” is closed: nobody is placed in it any more.")
            % {"group": group.name}
        )
    if _check_free(candidate, group) is not None:
        raise ValidationError(
            _("%(person)s is already in this group.") % {"person": candidate.full_name}
        )
    if candidate.refused_themes.filter(pk=group.theme_id).exists():
        raise ValidationError(_("%(person)s refused this theme.") % {"person": candidate.full_name})
    _check_room(group)
    member = save_validated(
        Member(
            group=group,
            programme=group.programme,
            candidate=candidate,
            confirmed=confirmed,
            position=_next_position(group),
        )
    )
    log_programme_action(user, group.programme, "group.place", group, {"member": member.pk})
    return member


@transaction.atomic
def set_confirmed(*, user, member: Member, confirmed: bool) -> Member:
    member.confirmed = confirmed
    member.save(update_fields=["confirmed"])
    log_programme_action(
        user,
        member.programme,
        "group.confirm",
        member.group,
        {"member": member.pk, "confirmed": confirmed},
    )
    return member


@transaction.atomic
def remove_member(*, user, member: Member) -> None:
    if member.attendances.filter(present=True).exists():
        raise ValidationError(
            _("%(person)s attended a meeting: their attendance is kept, they stay in the group.")
            % {"person": member.candidate.full_name}
        )
    log_programme_action(
        user, member.programme, "group.remove", member.group, {"member": member.pk}
    )
    member.delete()


def colead_side(person) -> str:
    """« association » or « entreprise »: which side of the pair a contact can hold."""
    organisation = person.organisation if person is not None else None
    if organisation is None or organisation.kind not in COLEAD_KINDS:
        raise ValidationError(
            {
                "person": _(
                    "A co-lead is a contact of an association or of a company of the directory."
                )
            }
        )
    return organisation.kind


def coleads(group: WorkingGroup) -> dict[str, Member | None]:
    """The pair: {"association": member or None, "entreprise": member or None}."""
    pair: dict[str, Member | None] = {kind.value: None for kind in COLEAD_KINDS}
    for member in group.members.filter(role=MemberRole.COLEAD).select_related(
        "candidate__person__organisation", "candidate__organisation"
    ):
        pair[member.candidate.kind or ""] = member
    return pair


@transaction.atomic
def set_colead(*, user, group: WorkingGroup, person, confirmed: bool = False) -> Member:
    """Make a contact one of the group's co-lead pair: the association's or the company's side,
    from their organisation. The previous co-lead of that side becomes a participant."""
    group = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    side = colead_side(person)
    if person.territory_id != group.programme.territory_id:
        raise ValidationError({"person": _("This person is not in the territory.")})
    candidate = Candidate.objects.filter(programme=group.programme, person=person).first()
    if candidate is None:
        candidate = save_candidate(user=user, programme=group.programme, person=person)
    elif candidate.kind != side:
        candidate.kind = side
        candidate.save(update_fields=["kind"])
    member = _check_free(candidate, group)
    previous = (
        group.members.filter(role=MemberRole.COLEAD, candidate__kind=side)
        .exclude(pk=member.pk if member else None)
        .first()
    )
    if previous is not None:
        previous.role = MemberRole.PARTICIPANT
        previous.save(update_fields=["role"])
    if member is None:
        member = Member(
            group=group,
            programme=group.programme,
            candidate=candidate,
            position=_next_position(group),
        )
    member.role = MemberRole.COLEAD
    member.confirmed = confirmed
    save_validated(member)
    log_programme_action(
        user,
        group.programme,
        "group.colead",
        group,
        {"member": member.pk, "side": side, "confirmed": confirmed},
    )
    return member


# Meetings --------------------------------------------------------------------------------------

MEETING_FIELDS = (
    "title",
    "date",
    "start_time",
    "end_time",
    "place",
    "prepared_by",
    "facilitated_by",
    "minutes_by",
    "synthesis_by",
)


def check_meeting_date(meeting: GroupMeeting) -> None:
    """A meeting of the series is not dated before the previous one nor after the next one."""
    if not meeting.date:
        return
    others = GroupMeeting.objects.filter(group=meeting.group_id, date__isnull=False).exclude(
        pk=meeting.pk
    )
    previous = others.filter(number__lt=meeting.number).order_by("-number").first()
    if previous and meeting.date < previous.date:
        raise ValidationError(
            {
                "date": _("This date is before meeting %(n)s (%(date)s).")
                % {"n": previous.number, "date": previous.when}
            }
        )
    following = others.filter(number__gt=meeting.number).order_by("number").first()
    if following and meeting.date > following.date:
        raise ValidationError(
            {
                "date": _("This date is after meeting %(n)s (%(date)s).")
                % {"n": following.number, "date": following.when}
            }
        )


@transaction.atomic
def add_meeting(*, user, group: WorkingGroup, number: int) -> GroupMeeting:
    """Add a meeting of the series (e.g. the 4th the kit's assessment advises), from the frame."""
    frames = {f.get("rank"): f for f in group_frames(group.programme)}
    frame = frames.get(number) or {}
    meeting = GroupMeeting(
        group=group,
        number=number,
        key=frame.get("key", ""),
        title=frame.get("title") or _("Meeting %(n)s") % {"n": number},
        items=_agenda(frame.get("items")),
    )
    save_validated(meeting)
    log_programme_action(user, group.programme, "group_meeting.create", meeting)
    return meeting


@transaction.atomic
def update_meeting(
    *,
    user,
    meeting: GroupMeeting,
    version: int | None = None,
    base: dict | None = None,
    **fields,
) -> GroupMeeting:
    """Update a meeting's date, place and roles (``core.locking``, shared with its minutes: two
    people editing the meeting and its minutes at once change different fields). An empty date
    or time is stored empty: a meeting may be undated again (a date poll may then date it)."""
    fields = locking.check(meeting, version=version, base=base, fields=fields)
    for field, value in fields.items():
        if field not in MEETING_FIELDS:
            raise TypeError(f"unknown meeting field {field!r}")
        setattr(meeting, field, value)
    meeting.full_clean()
    check_meeting_date(meeting)
    locking.save(meeting)
    log_programme_action(
        user, meeting.group.programme, "group_meeting.update", meeting, {"fields": sorted(fields)}
    )
    return meeting


@transaction.atomic
def mark_held(*, user, meeting: GroupMeeting) -> GroupMeeting:
    if not meeting.date:
        raise ValidationError(_("Set the date of the meeting first."))
    if meeting.date > timezone.localdate():
        raise ValidationError(_("This meeting is dated in the future: it cannot be held yet."))
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status"])
    log_programme_action(user, meeting.group.programme, "group_meeting.held", meeting)
    return meeting


def _check_member(meeting: GroupMeeting, member: Member) -> None:
    if member.group_id != meeting.group_id:
        raise ValidationError(
            _("%(person)s is not a member of this group.") % {"person": member.candidate.full_name}
        )


@transaction.atomic
def set_presence(*, user, meeting: GroupMeeting, member: Member, present: bool) -> Attendance:
    """One tap: this member came (or not) to this meeting."""
    _check_member(meeting, member)
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting, member=member, defaults={"present": present}
    )
    log_programme_action(
        user,
        meeting.group.programme,
        "group_meeting.presence",
        meeting,
        {"member": member.pk, "present": present},
    )
    return attendance


@transaction.atomic
def set_attendance(*, user, meeting: GroupMeeting, present: list[Member]) -> None:
    """The whole attendance of a meeting at once: ``present`` came, the other members did not."""
    for member in present:
        _check_member(meeting, member)
    present_ids = {m.pk for m in present}
    existing = {a.member_id: a for a in meeting.attendances.all()}
    for member in meeting.group.members.all():
        attendance = existing.get(member.pk) or Attendance(meeting=meeting, member=member)
        attendance.present = member.pk in present_ids
        attendance.save()
    log_programme_action(
        user,
        meeting.group.programme,
        "group_meeting.attendance",
        meeting,
        {"present": len(present_ids)},
    )


@transaction.atomic
def save_minutes(
    *,
    user,
    meeting: GroupMeeting,
    version: int | None = None,
    base: dict | None = None,
    minutes: str,
    existing_solutions: list[str] | None = None,
    minutes_published: bool | None = None,
) -> GroupMeeting:
    """Save the minutes (``core.locking`` with ``version`` and ``base``: refused if someone
    changed the same fields since ``version`` was read; their other fields are kept)."""
    fields: dict = {"minutes": minutes}
    if existing_solutions is not None:
        fields["existing_solutions"] = [s.strip() for s in existing_solutions if s.strip()]
    if minutes_published is not None:
        fields["minutes_published"] = minutes_published
    fields = locking.check(meeting, version=version, base=base, fields=fields)
    for field, value in fields.items():
        setattr(meeting, field, value)
    meeting.full_clean()
    locking.save(meeting)
    log_programme_action(
        user, meeting.group.programme, "group_meeting.minutes", meeting, {"meeting": meeting.pk}
    )
    return meeting


# Proposals -------------------------------------------------------------------------------------


@transaction.atomic
def save_proposal(
    *,
    user,
    group: WorkingGroup,
    proposal: Proposal | None = None,
    text: str,
    priority: int,
    term: str = "short",
    meeting: GroupMeeting | None = None,
) -> Proposal:
    creating = proposal is None
    if creating:
        last = group.proposals.aggregate(m=Max("position"))["m"]
        proposal = Proposal(group=group, position=(last + 1) if last is not None else 0)
    proposal.text, proposal.priority, proposal.term, proposal.meeting = (
        text.strip(),
        priority,
        term,
        meeting,
    )
    save_validated(proposal)
    log_programme_action(
        user, group.programme, "proposal.create" if creating else "proposal.update", proposal
    )
    return proposal


@transaction.atomic
def delete_proposal(*, user, proposal: Proposal) -> None:
    log_programme_action(user, proposal.group.programme, "proposal.delete", proposal)
    proposal.delete()


# Personal links --------------------------------------------------------------------------------


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=LINK_SALT)


@transaction.atomic
def issue_link(*, user, member: Member) -> str:
    """A personal signed value for the member's page (valid LINK_MAX_AGE, revocable).

    A member keeps the same token until it is revoked; a new signature is issued each time.
    """
    if not member.link_token:
        member.link_token = secrets.token_urlsafe(24)
        member.save(update_fields=["link_token"])
        log_programme_action(
            user, member.programme, "group.link", member.group, {"member": member.pk}
        )
    return _signer().sign(f"{member.pk}.{member.link_token}")


@transaction.atomic
def revoke_link(*, user, member: Member) -> None:
    member.link_token = ""
    member.save(update_fields=["link_token"])
    log_programme_action(
        user, member.programme, "group.link_revoke", member.group, {"member": member.pk}
    )


@transaction.atomic
def purge_expired_links(*, now: dt.datetime) -> int:
    """Forget the personal links whose every signature has expired (LINK_MAX_AGE after the
    invitation that carried them): the member is invited again for a new one. Idempotent; for
    ``copilote purge``."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        expired = Member.objects.exclude(link_token="").filter(link_sent_at__lt=now - LINK_MAX_AGE)
        return expired.update(link_token="")


def register_purger() -> None:
    from copilote.core.purge import Purger, register

    register(
        Purger(
            "group-links",
            lambda now: purge_expired_links(now=now),
            "working groups' personal links, once expired",
        )
    )


class LinkError(Exception):
    """A personal link that is forged, expired or revoked."""


def member_from_link(value: str, *, programme) -> Member:
    """The member a personal link names, in ``programme``; LinkError if forged/expired/revoked."""
    try:
        raw = _signer().unsign(value, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise LinkError("expired") from exc
    except signing.BadSignature as exc:
        raise LinkError("forged") from exc
    pk, _sep, token = raw.partition(".")
    if not pk.isdigit() or not token:
        raise LinkError("forged")
    member = (
        Member.objects.filter(pk=int(pk), programme=programme)
        .select_related("group", "candidate__person")
        .first()
    )
    if (
        member is None
        or not member.link_token
        or not secrets.compare_digest(member.link_token, token)
    ):
        raise LinkError("revoked")
    return member


# Invitations -----------------------------------------------------------------------------------


def send_invitation(*, user, member: Member, base_url: str = "") -> bool:
    """Queue the invitation mail (meetings as ICS, personal link) of one member."""
    from copilote.workgroups import tasks

    if not member.candidate.contact_email:
        return False
    signed = issue_link(user=user, member=member)
    with transaction.atomic():
        member.link_sent_at = timezone.now()
        member.save(update_fields=["link_sent_at"])
        log_programme_action(
            user, member.programme, "group.invite", member.group, {"member": member.pk}
        )
    tasks.send_invitation.enqueue(member.pk, signed, base_url or default_base_url())
    return True


def send_invitations(*, user, group: WorkingGroup, base_url: str = "") -> int:
    """Invite every member of the group who has an address; the number invited."""
    members = group.members.select_related("candidate__person")
    return sum(
        1 for member in members if send_invitation(user=user, member=member, base_url=base_url)
    )


def default_base_url() -> str:
    from django.conf import settings

    return getattr(settings, "COPILOTE_BASE_URL", "") or "http://127.0.0.1:8000"
