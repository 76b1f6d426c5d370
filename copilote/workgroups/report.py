"""What the working groups bring to the assessment: indicators (assiduity per group and meeting,
assiduity of the participants, meetings held against planned) and their part of the synthesis'
chapter on the groups and their actions.

Registered in ``apps.ready()`` through the assessment's registries (``assessment.indicators``
and ``assessment.synthesis``): the assessment never imports this app. Every reader takes a fixed
number of queries.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from copilote.assessment.indicators import Indicator, register_indicator, shared_reading
from copilote.assessment.synthesis import Part, register_part
from copilote.workgroups import selectors
from copilote.workgroups.models import Attendance, GroupMeeting, MeetingStatus, Member


@dataclass
class GroupFigures:
    name: str
    planned: int
    held: list[int] = field(default_factory=list)  # numbers of the meetings held
    members: int = 0
    present_by_meeting: dict[int, int] = field(default_factory=dict)  # number -> present
    present_by_member: list[int] = field(default_factory=list)  # meetings attended, per member


def figures(programme) -> list[GroupFigures]:
    """Per group: meetings planned and held, present per held meeting, meetings attended by
    each member (five queries, counted by the database; read once for all the indicators)."""
    return shared_reading(programme, "workgroups.figures", lambda: _figures(programme))


def _figures(programme) -> list[GroupFigures]:
    groups = list(selectors.groups(programme))
    if not groups:
        return []
    out = {g.pk: GroupFigures(g.name, planned=programme.meetings_per_group or 0) for g in groups}
    numbers: dict[int, int] = {}
    for pk, group_id, number, status in GroupMeeting.objects.filter(
        group__programme=programme
    ).values_list("pk", "group_id", "number", "status"):
        entry = out[group_id]
        entry.planned = max(entry.planned, number)
        if status == MeetingStatus.HELD:
            entry.held.append(number)
            numbers[pk] = number
    present = Attendance.objects.filter(meeting_id__in=list(numbers), present=True).order_by()
    attended = dict(
        present.values("member_id").annotate(n=Count("id")).values_list("member_id", "n")
    )
    by_meeting = Counter()
    for meeting_id, group_id, n in (
        present.values("meeting_id", "meeting__group_id")
        .annotate(n=Count("id"))
        .values_list("meeting_id", "meeting__group_id", "n")
    ):
        by_meeting[(group_id, numbers[meeting_id])] += n
    for member_id, group_id in Member.objects.filter(programme=programme).values_list(
        "pk", "group_id"
    ):
        out[group_id].members += 1
        out[group_id].present_by_member.append(attended.get(member_id, 0))
    for (group_id, number), n in by_meeting.items():
        out[group_id].present_by_meeting[number] = n
    for entry in out.values():
        entry.held.sort()
    return [out[g.pk] for g in groups]


def _rate(entry: GroupFigures) -> str:
    possible = len(entry.held) * entry.members
    if not possible:
        return "—"
    return f"{round(100 * sum(entry.present_by_member) / possible)} %"


def assiduity_by_meeting(programme) -> dict | None:
    rows = [g for g in figures(programme) if g.held]
    if not rows:
        return None
    numbers = sorted({n for g in rows for n in g.held})
    meeting = _("Meeting %(n)s")
    return {
        "summary": _("Average assiduity: %(rates)s.")
        % {"rates": ", ".join(f"{g.name} {_rate(g)}" for g in rows)},
        "chart": {
            "type": "bar",
            "labels": [g.name for g in rows],
            "series": [
                {
                    "title": meeting % {"n": n},
                    "values": [g.present_by_meeting.get(n, 0) for g in rows],
                }
                for n in numbers
            ],
        },
        "table": {
            "headers": [
                _("Working group"),
                _("Members"),
                *[meeting % {"n": n} for n in numbers],
                _("Assiduity"),
            ],
            "rows": [
                [
                    g.name,
                    g.members,
                    *[g.present_by_meeting.get(n, 0) if n in g.held else "—" for n in numbers],
                    _rate(g),
                ]
                for g in rows
            ],
        },
    }


def assiduity_of_participants(programme) -> dict | None:
    """How many members came to every meeting held, to some, to none (per group)."""
    rows = [g for g in figures(programme) if g.held and g.members]
    if not rows:
        return None
    labels = [_("Every meeting"), _("Some meetings"), _("No meeting")]

    def split(g: GroupFigures) -> list[int]:
        every = sum(1 for n in g.present_by_member if n >= len(g.held))
        none = sum(1 for n in g.present_by_member if n == 0)
        return [every, g.members - every - none, none]

    counts = {id(g): split(g) for g in rows}
    every = sum(c[0] for c in counts.values())
    total = sum(g.members for g in rows)
    return {
        "summary": _("%(every)s of %(total)s members came to every meeting held.")
        % {"every": every, "total": total},
        "chart": {
            "type": "stacked_hbar",
            "labels": [g.name for g in rows],
            "series": [
                {"title": label, "values": [counts[id(g)][i] for g in rows]}
                for i, label in enumerate(labels)
            ],
        },
        "table": {
            "headers": [_("Working group"), *labels, _("Members")],
            "rows": [[g.name, *counts[id(g)], g.members] for g in rows],
        },
    }


def meetings_held(programme) -> dict | None:
    rows = figures(programme)
    if not rows:
        return None
    held = sum(len(g.held) for g in rows)
    planned = sum(g.planned for g in rows)
    return {
        "summary": _("%(held)s meetings held of %(planned)s planned.")
        % {"held": held, "planned": planned},
        "chart": {
            "type": "hbar",
            "labels": [g.name for g in rows],
            "series": [
                {"title": _("Held"), "values": [len(g.held) for g in rows]},
                {"title": _("Planned"), "values": [g.planned for g in rows]},
            ],
        },
        "table": {
            "headers": [_("Working group"), _("Meetings held"), _("Meetings planned")],
            "rows": [[g.name, len(g.held), g.planned] for g in rows],
        },
    }


def synthesis_part(programme) -> list[dict]:
    """The groups as the kit's table (theme, co-lead pair, participants, meetings), their
    assiduity, and each group's proposals."""
    table = selectors.kit_table(programme)
    if not table["rows"]:
        return []
    # The kit's table on a portrait page: the meetings of the series in one column, in order.
    items: list[dict] = [
        {
            "type": "table",
            "title": _("The working groups"),
            "headers": [*table["headers"][:4], _("Meetings")],
            "rows": [
                [*row[:4], "\n".join(cell for cell in row[4:] if cell)] for row in table["rows"]
            ],
        }
    ]
    summary = selectors.assessment_summary(programme)["groups"]
    items.append(
        {
            "type": "table",
            "title": _("Meetings and assiduity"),
            "headers": [_("Working group"), _("Members"), _("Meetings held"), _("Assiduity")],
            "rows": [
                [g["name"], str(g["members"]), str(g["held"]), g["assiduity"]] for g in summary
            ],
        }
    )
    for group in summary:
        if group["proposals"]:
            items.append(
                {
                    "type": "bullets",
                    "title": _("Proposals of %(group)s") % {"group": group["name"]},
                    "items": group["proposals"],
                }
            )
    return items


def register() -> None:
    for key, title, provider, order in (
        (
            "workgroups.assiduity",
            gettext_lazy("Assiduity per working group and meeting"),
            assiduity_by_meeting,
            40,
        ),
        (
            "workgroups.participants",
            gettext_lazy("Assiduity of the participants"),
            assiduity_of_participants,
            41,
        ),
        (
            "workgroups.meetings",
            gettext_lazy("Working-group meetings held against planned"),
            meetings_held,
            42,
        ),
    ):
        register_indicator(Indicator(key, title, provider, order=order))
    register_part(
        Part(
            "workgroups",
            gettext_lazy("The working groups and their actions"),
            synthesis_part,
            45,
        )
    )
