"""Reads on the working groups: lists, the balance of a group, assiduity, proposals."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from copilote.actors.models import Maturity, OrganisationKind
from copilote.workgroups.models import (
    Attendance,
    Candidate,
    GroupMeeting,
    Member,
    MemberRole,
    Proposal,
    WorkingGroup,
)


def groups(programme):
    """The programme's groups, with their theme and member counts (one query)."""
    return (
        WorkingGroup.objects.filter(programme=programme)
        .select_related("theme")
        .annotate(
            participant_count=Count("members", filter=Q(members__role=MemberRole.PARTICIPANT)),
            confirmed_coleads=Count(
                "members",
                filter=Q(members__role=MemberRole.COLEAD, members__confirmed=True),
            ),
        )
        .order_by("position", "id")
    )


def visible_groups(user, programme):
    """The groups this user may open: all for the lead, committee and observers; their own for
    facilitators and participants."""
    from copilote.programmes.permissions import role_in

    role = role_in(user, programme)
    rows = groups(programme)
    if role == "facilitator":
        return rows.filter(facilitators=user)
    if role == "participant":
        return rows.filter(members__user=user)
    return rows


def members(group: WorkingGroup):
    return group.members.select_related(
        "candidate__person__organisation", "candidate__organisation", "candidate__commune"
    ).order_by("role", "position", "id")


def proposals(group: WorkingGroup):
    """A group's proposals, highest priority first, with their meeting."""
    return (
        Proposal.objects.filter(group=group)
        .select_related("meeting")
        .order_by("priority", "position", "id")
    )


def programme_proposals(programme):
    return (
        Proposal.objects.filter(group__programme=programme)
        .select_related("group", "meeting")
        .order_by("group__position", "group_id", "priority", "position", "id")
    )


def meetings(group: WorkingGroup):
    return GroupMeeting.objects.filter(group=group).order_by("number")


def candidates(programme):
    """The programme's candidates with their wishes and their group, if any."""
    return (
        Candidate.objects.filter(programme=programme)
        .select_related("person__organisation", "organisation", "commune")
        .prefetch_related(
            "wishes__theme",
            "refused_themes",
            Prefetch("memberships", queryset=Member.objects.select_related("group")),
        )
        .order_by("last_name", "first_name", "id")
    )


# Balance ---------------------------------------------------------------------------------------


@dataclass
class Balance:
    size: int
    size_min: int
    size_max: int
    communes: list[tuple[str, int]]
    kinds: list[tuple[str, int]]
    maturities: list[tuple[str, int]]
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.warnings


def balance(group: WorkingGroup, group_members: list[Member] | None = None) -> Balance:
    """Size against target, split by commune, associations vs companies, maturity; warnings."""
    if group_members is None:
        group_members = list(members(group))
    participants = [m for m in group_members if m.role == MemberRole.PARTICIPANT]
    people = [m.candidate for m in group_members]
    warnings = []
    size = len(participants)
    if size < group.size_min:
        warnings.append(
            _("%(n)s participants for %(min)s minimum") % {"n": size, "min": group.size_min}
        )
    if size > group.size_max:
        warnings.append(
            _("%(n)s participants for %(max)s maximum") % {"n": size, "max": group.size_max}
        )
    communes = Counter(c.commune.name if c.commune_id else "" for c in people)
    territory_communes = [c.name for c in group.programme.territory.communes.all()]
    for name in territory_communes:
        if people and not communes.get(name):
            warnings.append(_("no participant from %(commune)s") % {"commune": name})
    kinds = Counter(c.kind for c in people)
    associations = kinds.get(OrganisationKind.ASSOCIATION, 0)
    companies = kinds.get(OrganisationKind.COMPANY, 0)
    if people and not associations:
        warnings.append(_("no association"))
    if people and not companies:
        warnings.append(_("no company"))
    maturities = Counter(c.maturity for c in people)
    known = [level for level in Maturity.values if maturities.get(level)]
    if len(known) == 3:
        warnings.append(
            _("maturities range from beginner to confirmed: exchanges are easier among peers")
        )
    pair = {m.candidate.kind: m for m in group_members if m.role == MemberRole.COLEAD}
    if not all(
        pair.get(kind) and pair[kind].confirmed
        for kind in (OrganisationKind.ASSOCIATION, OrganisationKind.COMPANY)
    ):
        warnings.insert(0, _("no confirmed co-lead pair"))
    commune_rows = [(name, communes.get(name, 0)) for name in territory_communes]
    if communes.get(""):
        commune_rows.append((_("commune unknown"), communes[""]))
    kind_rows = [
        (OrganisationKind(k).label if k else _("kind unknown"), n)
        for k, n in sorted(kinds.items(), key=lambda kv: kv[0] or "~")
    ]
    maturity_rows = [(Maturity(level).label, maturities.get(level, 0)) for level in Maturity.values]
    if maturities.get(""):
        maturity_rows.append((_("maturity unknown"), maturities[""]))
    return Balance(
        size=size,
        size_min=group.size_min,
        size_max=group.size_max,
        communes=commune_rows,
        kinds=kind_rows,
        maturities=maturity_rows,
        warnings=warnings,
    )


def pair_is_confirmed(group_members: list[Member]) -> bool:
    pair = {m.candidate.kind: m for m in group_members if m.role == MemberRole.COLEAD}
    return all(
        pair.get(kind) is not None and pair[kind].confirmed
        for kind in (OrganisationKind.ASSOCIATION, OrganisationKind.COMPANY)
    )


def groups_without_confirmed_pair(programme) -> list[WorkingGroup]:
    """Groups whose co-lead pair is incomplete or not confirmed (one query)."""
    rows = WorkingGroup.objects.filter(programme=programme).annotate(
        confirmed_associations=Count(
            "members",
            filter=Q(
                members__role=MemberRole.COLEAD,
                members__confirmed=True,
                members__candidate__kind=OrganisationKind.ASSOCIATION,
            ),
        ),
        confirmed_companies=Count(
            "members",
            filter=Q(
                members__role=MemberRole.COLEAD,
                members__confirmed=True,
                members__candidate__kind=OrganisationKind.COMPANY,
            ),
        ),
    )
    return [g for g in rows if not (g.confirmed_associations and g.confirmed_companies)]


# Assiduity -------------------------------------------------------------------------------------


@dataclass
class Assiduity:
    member: Member
    present: int
    held: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.present / self.held) if self.held else None


def assiduity(group: WorkingGroup) -> tuple[list[Assiduity], int | None]:
    """Per member: meetings attended out of meetings held; and the group's average rate."""
    group_members = list(members(group))
    held = list(
        GroupMeeting.objects.filter(group=group, status="held").values_list("pk", flat=True)
    )
    present = Counter(
        Attendance.objects.filter(meeting_id__in=held, present=True).values_list(
            "member_id", flat=True
        )
    )
    rows = [Assiduity(m, present.get(m.pk, 0), len(held)) for m in group_members]
    rates = [r.rate for r in rows if r.rate is not None]
    return rows, (round(sum(rates) / len(rates)) if rates else None)


def attendance_grid(meeting: GroupMeeting) -> list[tuple[Member, bool | None]]:
    """Each member of the meeting's group and whether they came (None: not recorded yet)."""
    recorded = dict(meeting.attendances.values_list("member_id", "present"))
    return [(m, recorded.get(m.pk)) for m in members(meeting.group)]


def group_for_user(user, programme, group: WorkingGroup) -> Member | None:
    """The user's own membership in ``group`` (participants see their group only)."""
    return group.members.filter(user=user).first() if user.is_authenticated else None
