"""Reads on the working groups: lists, the balance of a group, assiduity, proposals."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext as _

from copilote.actors.models import Maturity, OrganisationKind
from copilote.core import versions
from copilote.core.lists import capped
from copilote.core.widgets import SEARCH_LIMIT
from copilote.workgroups import sources
from copilote.workgroups.models import (
    Attendance,
    Candidate,
    CandidateSource,
    GroupMeeting,
    GroupStatus,
    Member,
    MemberRole,
    Proposal,
    ThemeWish,
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
    """The programme's candidates, only what the candidates page shows of each (their wishes,
    refused themes and group come with :func:`candidate_details`, for one page of them)."""
    return (
        Candidate.objects.filter(programme=programme)
        .select_related("person", "organisation", "commune")
        .only(
            *("id", "programme_id", "first_name", "last_name", "organisation_name", "kind"),
            *("maturity", "source", "person_id", "organisation_id", "commune_id"),
            *("person__first_name", "person__last_name", "organisation__name", "commune__name"),
        )
        .order_by("last_name", "first_name", "id")
    )


@dataclass(frozen=True)
class CandidateDetails:
    wishes: list  # (rank, theme id, theme name), first wish first
    refused: list  # theme names
    memberships: list  # (group slug, group name, is co-lead)


def candidate_details(candidates) -> dict[int, CandidateDetails]:
    """The wishes, refused themes and group of each of ``candidates`` (a page of them), by
    candidate id: three queries of plain values, whatever the number of candidates."""
    ids = [c.pk for c in candidates]
    wishes: dict[int, list] = {pk: [] for pk in ids}
    refused: dict[int, list] = {pk: [] for pk in ids}
    memberships: dict[int, list] = {pk: [] for pk in ids}
    if ids:
        for pk, rank, theme_id, name in (
            ThemeWish.objects.filter(candidate_id__in=ids)
            .order_by("candidate_id", "rank", "id")
            .values_list("candidate_id", "rank", "theme_id", "theme__name")
        ):
            wishes[pk].append((rank, theme_id, name))
        for pk, name in (
            Candidate.refused_themes.through.objects.filter(candidate_id__in=ids)
            .order_by("candidate_id", "theme__position", "theme_id")
            .values_list("candidate_id", "theme__name")
        ):
            refused[pk].append(name)
        for pk, slug, name, role in (
            Member.objects.filter(candidate_id__in=ids)
            .order_by("candidate_id", "id")
            .values_list("candidate_id", "group__slug", "group__name", "role")
        ):
            memberships[pk].append((slug, name, role == MemberRole.COLEAD))
    return {pk: CandidateDetails(wishes[pk], refused[pk], memberships[pk]) for pk in ids}


def wished_groups(programme) -> dict[int, tuple[int, str]]:
    """For each theme of the programme, the group a candidate wishing it is placed in with one
    click: its first group (by position) that is not closed and has room, as
    ``theme id → (group id, name)``. One query, whatever the number of groups (a correlated
    subquery per theme)."""
    participants = (
        Member.objects.filter(group=OuterRef("pk"), role=MemberRole.PARTICIPANT)
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    with_room = (
        WorkingGroup.objects.filter(theme=OuterRef("pk"), programme=programme)
        .exclude(status=GroupStatus.CLOSED)
        .annotate(taken=Coalesce(Subquery(participants), 0))
        .filter(taken__lt=F("size_max"))
        .order_by("position", "id")
    )
    rows = (
        programme.themes.annotate(
            group_id=Subquery(with_room.values("pk")[:1]),
            group_name=Subquery(with_room.values("name")[:1]),
        )
        .filter(group_id__isnull=False)
        .values_list("pk", "group_id", "group_name")
    )
    return {theme_id: (group_id, name) for theme_id, group_id, name in rows}


@dataclass(frozen=True)
class Placing:
    wished: dict  # :func:`wished_groups`
    any_open: bool  # :func:`has_open_groups`


def placing(programme, version: str) -> Placing:
    """Where the candidates page places people, kept in the cache for the programme's
    :func:`page_version` ``version`` (a placement, a group's status or size changed: a logged
    write makes it again)."""
    return cache.get_or_set(
        f"wg-placing:{version}",
        lambda: Placing(wished_groups(programme), has_open_groups(programme)),
        PAGE_CACHE_SECONDS,
    )


def has_open_groups(programme) -> bool:
    """Whether a candidate can be placed in a group: one group at least is not closed."""
    return programme.working_groups.exclude(status=GroupStatus.CLOSED).exists()


@dataclass(frozen=True)
class CandidateRow:
    candidate: Candidate
    details: CandidateDetails
    wished: list  # (group id, name): a « Placer dans … » button each, for a candidate in no group
    source: str  # the labels of the candidate's source, kind and maturity ("" when not given)
    kind: str
    maturity: str


def labels(choices) -> dict[str, str]:
    """``value → label`` of a choices class, translated once for a page of rows."""
    return {value: str(label) for value, label in choices.choices}


def candidate_rows(candidates, places: Placing) -> list[CandidateRow]:
    """The candidates page's rows for ``candidates`` (a page of them): each with its details,
    its labels and, when in no group yet, the groups of its wished themes it is placed in with
    one click (first wish first, each group once, never a closed or full group: ``places``)."""
    details = candidate_details(candidates)
    wished = places.wished
    sources, kinds, maturities = labels(CandidateSource), labels(OrganisationKind), labels(Maturity)
    rows = []
    for candidate in candidates:
        d = details[candidate.pk]
        buttons = (
            []
            if d.memberships
            else list(dict.fromkeys(wished[t] for _r, t, _n in d.wishes if t in wished))
        )
        rows.append(
            CandidateRow(
                candidate,
                d,
                buttons,
                source=sources.get(candidate.source, ""),
                kind=kinds.get(candidate.kind, ""),
                maturity=maturities.get(candidate.maturity, ""),
            )
        )
    return rows


def find_groups(programme, q: str) -> tuple[list[tuple[str, str]], bool]:
    """At most SEARCH_LIMIT groups of the programme, not closed, whose name or theme matches
    ``q`` (the groups a candidate may be placed in)."""
    words = q.split()[:4]
    if not words:
        return [], False
    queryset = WorkingGroup.objects.filter(programme=programme).exclude(status=GroupStatus.CLOSED)
    for word in words:
        queryset = queryset.filter(Q(name__icontains=word) | Q(theme__name__icontains=word))
    found = list(queryset.order_by("position", "id").values_list("pk", "name")[: SEARCH_LIMIT + 1])
    return [(str(pk), name) for pk, name in found[:SEARCH_LIMIT]], len(found) > SEARCH_LIMIT


PAGE_CACHE_SECONDS = 24 * 3600


GROUP_PAGE_PROPOSALS = 20  # proposals on a group's page (« voir tout » to the paginated list)


def group_page(group: WorkingGroup, version: str) -> dict:
    """What a group's page shows that depends only on the data — its members and their
    assiduity, the co-lead pair, the balance, the meetings, the first proposals, the
    facilitators' names — read once for every block, kept in the cache for the programme's
    :func:`page_version` ``version`` (any logged write in the territory makes it again)."""

    def read() -> dict:
        group_members = list(members(group))
        rows, average = assiduity(group, group_members)
        return {
            "members": group_members,
            "assiduity": rows,
            "average": average,
            "pair": pair(group_members),
            "balance": balance(group, group_members),
            "meetings": list(meetings(group)),
            "proposals": capped(proposals(group), GROUP_PAGE_PROPOSALS),
            "facilitators": [u.get_full_name() or u.username for u in group.facilitators.all()],
        }

    key = f"wg-group:{group.pk}:{version}:{translation.get_language() or ''}"
    return cache.get_or_set(key, read, PAGE_CACHE_SECONDS)


def page_version(programme) -> str:
    """What the parts of the groups' pages that depend only on the data are cached under (with
    ``{% cache %}``): the programme and its territory's content version (any logged write in the
    territory — a registration, a candidate, a placement — makes them again)."""
    return f"{programme.pk}:{versions.content_version(programme.territory_id)}"


def proposed(programme, *, limit: int = 20) -> list[tuple]:
    """Per theme, what the registered sources (``sources``) propose and is not yet a candidate
    wishing that theme (same contact, same email or same source reference): ``(theme, first
    proposals up to limit, whether there are more)``. One query for the candidates, plus the
    sources' own."""
    themes = list(programme.themes.all())
    if not themes:
        return []
    known: dict = {}
    rows = ThemeWish.objects.filter(candidate__programme=programme).values_list(
        "theme_id",
        "candidate__person_id",
        "candidate__email",
        "candidate__person__email",
        "candidate__source",
        "candidate__source_ref",
    )
    for theme_id, person_id, email, person_email, source, ref in rows:
        keys = known.setdefault(theme_id, set())
        keys.add(("ref", source, ref))
        if person_id:
            keys.add(("person", person_id))
        for address in (email, person_email):
            if address:
                keys.add(("email", address.lower()))
    result = []
    for theme in themes:
        keys = known.get(theme.pk, set())
        items = [
            item
            for item in sources.proposals(programme, theme)
            if ("ref", item.source, item.source_ref) not in keys
            and not (item.person is not None and ("person", item.person.pk) in keys)
            and not (item.email and ("email", item.email.lower()) in keys)
        ]
        if items:
            result.append((theme, items[:limit], len(items) > limit))
    return result


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
    if maturities.get(Maturity.BEGINNER) and maturities.get(Maturity.EXPERIENCED):
        warnings.append(
            _("maturities range from beginner to experienced: exchanges are easier among peers")
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


def pair(group_members: list[Member]) -> dict[str, Member | None]:
    """The co-lead pair among ``group_members`` (read with :func:`members`), as
    ``services.coleads``: {"association": member or None, "entreprise": member or None}."""
    found: dict[str, Member | None] = {
        OrganisationKind.ASSOCIATION.value: None,
        OrganisationKind.COMPANY.value: None,
    }
    for member in group_members:
        if member.role == MemberRole.COLEAD:
            found[member.candidate.kind or ""] = member
    return found


def pair_is_confirmed(group_members: list[Member]) -> bool:
    pair = {m.candidate.kind: m for m in group_members if m.role == MemberRole.COLEAD}
    return all(
        pair.get(kind) is not None and pair[kind].confirmed
        for kind in (OrganisationKind.ASSOCIATION, OrganisationKind.COMPANY)
    )


def groups_without_confirmed_pair(programme, *, limit: int | None = None) -> list[WorkingGroup]:
    """Groups whose co-lead pair is incomplete or not confirmed (one query; the first
    ``limit`` of them when given)."""
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
    rows = rows.filter(Q(confirmed_associations=0) | Q(confirmed_companies=0)).order_by(
        "position", "id"
    )
    return list(rows[:limit] if limit is not None else rows)


# Assiduity -------------------------------------------------------------------------------------


@dataclass
class Assiduity:
    member: Member
    present: int
    held: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.present / self.held) if self.held else None


def assiduity(
    group: WorkingGroup, group_members: list[Member] | None = None
) -> tuple[list[Assiduity], int | None]:
    """Per member (``group_members`` when the page has read them already): meetings attended out
    of meetings held; and the group's average rate."""
    if group_members is None:
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


# Pages that gather from many apps --------------------------------------------------------------


def _pairs(programme, group_ids: list[int] | None = None) -> dict[int, dict[str, Member]]:
    """Group id -> {"association": co-lead, "entreprise": co-lead} (one query), for the groups
    ``group_ids`` or every group of the programme."""
    pairs: dict[int, dict[str, Member]] = {}
    rows = Member.objects.filter(programme=programme, role=MemberRole.COLEAD).select_related(
        "candidate__person", "candidate__organisation"
    )
    if group_ids is not None:
        rows = rows.filter(group__in=group_ids)
    for member in rows:
        pairs.setdefault(member.group_id, {})[member.candidate.kind] = member
    return pairs


def _colead_label(member: Member | None) -> str:
    if member is None:
        return _("to find")
    label = member.candidate.organisation_label or member.candidate.full_name
    return label if member.confirmed else f"{label} ?"


def kit_table(programme, only: list[WorkingGroup] | None = None) -> dict:
    """The kit's table of the groups: thématique | binôme association | binôme entreprise |
    participants | the meetings of the series (date or title), in a fixed number of queries;
    for the groups ``only`` (read with :func:`groups`) or every group."""
    rows_groups = list(groups(programme)) if only is None else only
    ids = [g.pk for g in rows_groups]
    pairs = _pairs(programme, ids)
    by_group: dict[int, dict[int, GroupMeeting]] = {}
    for m in GroupMeeting.objects.filter(group__in=ids).order_by("number"):
        by_group.setdefault(m.group_id, {})[m.number] = m
    numbers = list(range(1, programme.meetings_per_group + 1))
    headers = [
        _("Theme"),
        _("Association co-lead"),
        _("Company co-lead"),
        _("Participants"),
        *[_("Meeting %(n)s") % {"n": n} for n in numbers],
    ]
    rows, unconfirmed = [], []
    for group in rows_groups:
        pair = pairs.get(group.pk, {})
        association = pair.get(OrganisationKind.ASSOCIATION)
        company = pair.get(OrganisationKind.COMPANY)
        cells = [
            group.theme.name,
            _colead_label(association),
            _colead_label(company),
            _("%(n)s (target %(min)s to %(max)s)")
            % {"n": group.participant_count, "min": group.size_min, "max": group.size_max},
        ]
        for n in numbers:
            meeting = by_group.get(group.pk, {}).get(n)
            cells.append(meeting.when or meeting.title if meeting else "")
        rows.append(cells)
        if not (association and association.confirmed and company and company.confirmed):
            unconfirmed.append(cells)
    return {"headers": headers, "rows": rows, "unconfirmed": unconfirmed}


def assessment_summary(programme) -> dict:
    """Per group: members, meetings held, average assiduity, proposals (fixed queries)."""
    rows_groups = list(groups(programme))
    held = dict(
        GroupMeeting.objects.filter(group__programme=programme, status="held")
        .values("group_id")
        .annotate(n=Count("id"))
        .values_list("group_id", "n")
    )
    members_count = dict(
        Member.objects.filter(programme=programme)
        .values("group_id")
        .annotate(n=Count("id"))
        .values_list("group_id", "n")
    )
    present = dict(
        Attendance.objects.filter(
            meeting__group__programme=programme, meeting__status="held", present=True
        )
        .values("meeting__group_id")
        .annotate(n=Count("id"))
        .values_list("meeting__group_id", "n")
    )
    proposals_by_group: dict[int, list[str]] = {}
    for p in Proposal.objects.filter(group__programme=programme).order_by(
        "priority", "position", "id"
    ):
        proposals_by_group.setdefault(p.group_id, []).append(
            f"{p.text} ({_('priority')} : {p.get_priority_display().lower()})"
        )
    out = []
    for group in rows_groups:
        n_held, n_members = held.get(group.pk, 0), members_count.get(group.pk, 0)
        possible = n_held * n_members
        rate = f"{round(100 * present.get(group.pk, 0) / possible)} %" if possible else "—"
        out.append(
            {
                "name": group.name,
                "members": n_members,
                "held": n_held,
                "assiduity": rate,
                "proposals": proposals_by_group.get(group.pk, []),
            }
        )
    return {"groups": out}


def dashboard_card(programme, *, user, today) -> dict:
    """The groups the user may open, with size, pair and next meeting (fixed queries)."""
    from copilote.core.lists import capped

    rows = list(visible_groups(user, programme)[:7])
    pairs = _pairs(programme, [g.pk for g in rows])
    next_meetings: dict[int, GroupMeeting] = {}
    for m in GroupMeeting.objects.filter(group__in=[g.pk for g in rows], date__gte=today).order_by(
        "date", "number"
    ):
        next_meetings.setdefault(m.group_id, m)
    items = []
    for group in rows:
        pair = pairs.get(group.pk, {})
        confirmed = all(
            pair.get(k) is not None and pair[k].confirmed
            for k in (OrganisationKind.ASSOCIATION, OrganisationKind.COMPANY)
        )
        items.append(
            {"group": group, "pair_confirmed": confirmed, "next": next_meetings.get(group.pk)}
        )
    return {"groups": capped(items, 6)}


# Documents -------------------------------------------------------------------------------------


def _hours(meeting: GroupMeeting) -> str:
    def fmt(value):
        return value.strftime("%H h %M").replace(" h 00", " h")

    if not meeting.start_time:
        return ""
    if meeting.end_time:
        return f"{fmt(meeting.start_time)} – {fmt(meeting.end_time)}"
    return fmt(meeting.start_time)


def _member_row(member: Member) -> dict:
    candidate = member.candidate
    return {
        "name": candidate.full_name,
        "organisation": candidate.organisation_label,
        "role": member.get_role_display(),
    }


def minutes_data(group: WorkingGroup, *, number: int | None = None, published_only=False) -> dict:
    """Plain data of the group's minutes: one meeting's (``number``) or the synthesis of the
    series; with ``published_only``, the minutes' text of unpublished meetings is left out."""
    programme = group.programme
    group_members = list(members(group))
    rows = list(meetings(group))
    if number is not None:
        rows = [m for m in rows if m.number == number]
    recorded: dict[int, dict[int, bool]] = {}
    for meeting_id, member_id, present in Attendance.objects.filter(
        meeting__in=[m.pk for m in rows]
    ).values_list("meeting_id", "member_id", "present"):
        recorded.setdefault(meeting_id, {})[member_id] = present
    all_proposals = list(proposals(group))
    pair = {m.candidate.kind: m for m in group_members if m.role == MemberRole.COLEAD}
    out_meetings = []
    for meeting in rows:
        marks = recorded.get(meeting.pk, {})
        roles = [
            (_("Who prepares"), meeting.prepared_by),
            (_("Who facilitates"), meeting.facilitated_by),
            (_("Who writes the minutes"), meeting.minutes_by),
            (_("Who writes the synthesis"), meeting.synthesis_by),
        ]
        show_text = meeting.minutes_published or not published_only
        out_meetings.append(
            {
                "number": meeting.number,
                "short_title": meeting.short_title,
                "title": meeting.title,
                "date_text": meeting.when,
                "hours": _hours(meeting),
                "place": meeting.place,
                "held": meeting.status == "held",
                "roles": [[label, value] for label, value in roles if value],
                "agenda": [item["text"] for item in meeting.items],
                "present": [
                    _member_row(m)["name"] for m in group_members if marks.get(m.pk) is True
                ],
                "absent": [
                    _member_row(m)["name"] for m in group_members if marks.get(m.pk) is False
                ],
                "minutes": meeting.minutes if show_text else "",
                "existing_solutions": list(meeting.existing_solutions) if show_text else [],
                "proposals": [
                    {
                        "text": p.text,
                        "priority": p.get_priority_display(),
                        "term": p.get_term_display(),
                    }
                    for p in all_proposals
                    if p.meeting_id == meeting.pk
                ],
            }
        )
    if number is not None:
        title = _("Minutes – %(group)s – %(meeting)s") % {
            "group": group.name,
            "meeting": rows[0].short_title if rows else "",
        }
    else:
        title = _("Synthesis of the working group “%(group)s”") % {"group": group.name}
    assiduity_rows, average = assiduity(group) if number is None else ([], None)
    return {
        "programme": programme.name,
        "title": title,
        "synthesis": number is None,
        "group": {
            "name": group.name,
            "theme": group.theme.name,
            "association": _colead_label(pair.get(OrganisationKind.ASSOCIATION)),
            "company": _colead_label(pair.get(OrganisationKind.COMPANY)),
            "members": [_member_row(m) for m in group_members],
        },
        "meetings": out_meetings,
        "proposals": [
            {
                "text": p.text,
                "priority": p.get_priority_display(),
                "term": p.get_term_display(),
                "meeting": p.meeting.short_title if p.meeting_id else "",
            }
            for p in all_proposals
        ]
        if number is None
        else [],
        "assiduity": [
            [
                r.member.candidate.full_name,
                f"{r.present} / {r.held}",
                f"{r.rate} %" if r.rate is not None else "—",
            ]
            for r in assiduity_rows
        ],
        "average": f"{average} %" if average is not None else "",
    }
