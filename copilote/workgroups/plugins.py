"""How the working groups plug into the pages that gather from many apps: the dashboard's card and
next steps, the calendar's dated items (group meetings, stream ``group:<slug>``, series
``group-meetings-<number>``) and their scheduler (back-planning and date polls date them), and the
copil's live blocks (``groups`` for copil n°2, ``groups_assessment`` for the final copil)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from copilote.governance.live import empty, register_block
from copilote.planning.dated import (
    DatedItem,
    first_per_month,
    left_out,
    month_of,
    register_audience,
    register_provider,
    register_scheduler,
    register_targets,
)
from copilote.programmes.dashboard import Card, NextStep, register_card, register_next_steps
from copilote.workgroups import selectors
from copilote.workgroups.models import GroupMeeting, MeetingStatus, WorkingGroup


def _args(programme) -> dict:
    return {"territory": programme.territory.slug, "programme": programme.slug}


def group_url(programme, group) -> str:
    return reverse("workgroups:group", kwargs={**_args(programme), "slug": group.slug})


# Dashboard -------------------------------------------------------------------------------------


NEXT_STEPS_LIMIT = 3  # groups named one by one in the next steps


def card(programme, *, user, today):
    return selectors.dashboard_card(programme, user=user, today=today)


def next_steps(programme, *, user, today) -> list[NextStep]:
    if not user.has_perm("workgroups.change_groups", programme):
        return []
    unpaired = selectors.groups_without_confirmed_pair(programme, limit=NEXT_STEPS_LIMIT + 1)
    if len(unpaired) > NEXT_STEPS_LIMIT:  # one step for them all, to the groups' page
        return [
            NextStep(
                _("Several working groups have no confirmed co-lead pair."),
                reverse("workgroups:index", kwargs=_args(programme)),
                urgent=False,
            )
        ]
    return [
        NextStep(
            _("The working group “%(group)s” has no confirmed co-lead pair.") % {"group": g.name},
            group_url(programme, g),
            urgent=False,
        )
        for g in unpaired
    ]


# Calendar --------------------------------------------------------------------------------------


def meetings(
    programme, *, since=None, until=None, limit=None, per_month=None, fold=None, audiences=None
) -> list[DatedItem]:
    """The dated group meetings, a stream per group (audience « group:<slug> »); past ``fold``
    groups, one stream whose items count the groups at each meeting number, month by month."""
    rows = GroupMeeting.objects.filter(group__programme=programme, date__isnull=False)
    if since:
        rows = rows.filter(date__gte=since)
    if until:
        rows = rows.filter(date__lte=until)
    if audiences is not None:
        slugs = [a.removeprefix("group:") for a in audiences if a.startswith("group:")]
        rows = rows.filter(group__slug__in=slugs)
    if fold is not None:
        groups = rows.values("group_id").distinct().count()
        if groups > fold:
            return _folded_meetings(rows, groups=groups, limit=limit)
    rows = first_per_month(
        rows.select_related("group"),
        date="date",
        per_month=per_month,
        partition=("group_id",),
        order=("date", "number"),
    ).order_by("date", "group__position", "number")
    if limit:
        rows = rows[:limit]
    args = _args(programme)
    return [
        DatedItem(
            key=f"group-meeting-{m.pk}",
            title=f"{m.group.name} – {m.short_title} : {m.title}",
            start=m.date,
            start_time=m.start_time,
            end_time=m.end_time,
            place=m.place,
            stream=f"group:{m.group.slug}",
            stream_label=_("WG %(group)s") % {"group": m.group.name},
            kind="group_meeting",
            url=reverse(
                "workgroups:meeting", kwargs={**args, "slug": m.group.slug, "number": m.number}
            ),
            done=m.status == MeetingStatus.HELD,
            series=series_key(m.number),
            short_title=m.short_title,
            audience=f"group:{m.group.slug}",
            more=left_out(m, per_month),
        )
        for m in rows
    ]


FOLDED_STREAM = "group:*"


def _folded_meetings(rows, *, groups: int, limit=None) -> list[DatedItem]:
    """The groups' meetings counted by month and number (« Réunion 1 : 40 groupes »), in one
    query whatever the number of groups."""
    from django.db.models import Count, Min, Q

    counts = (
        rows.annotate(month=month_of("date"))
        .values("month", "number")
        .annotate(
            n=Count("id"),
            held=Count("id", filter=Q(status=MeetingStatus.HELD)),
            first=Min("date"),
        )
        .order_by("month", "number")
    )
    if limit:
        counts = counts[:limit]
    label = _("Working groups (%(n)s)") % {"n": groups}
    out = []
    for c in counts:
        title = GroupMeeting(number=c["number"]).short_title
        out.append(
            DatedItem(
                key=f"{series_key(c['number'])}-{c['first']:%Y-%m}",
                title=title,
                short_title=title,
                start=c["first"],
                stream=FOLDED_STREAM,
                stream_label=label,
                kind="group_meeting",
                done=c["held"] == c["n"],
                series=series_key(c["number"]),
                count=c["n"],
            )
        )
    return out


def groups_of(programme, user) -> set[str]:
    """The calendar audiences of ``user``'s own groups: those they belong to or facilitate."""
    from django.db.models import Q

    slugs = (
        WorkingGroup.objects.filter(programme=programme)
        .filter(Q(members__user=user) | Q(facilitators=user))
        .values_list("slug", flat=True)
        .distinct()
    )
    return {f"group:{slug}" for slug in slugs}


def poll_targets(programme) -> list[tuple[str, str]]:
    """The group meetings a date poll may date: those not held yet, with or without a date."""
    from django.utils import formats

    rows = (
        GroupMeeting.objects.filter(group__programme=programme)
        .exclude(status=MeetingStatus.HELD)
        .select_related("group")
        .order_by("group__position", "group__name", "number")
    )
    return [
        (
            f"group-meeting-{m.pk}",
            f"{m.group.name} – {m.short_title} : {m.title} "
            f"({formats.date_format(m.date, 'j F Y') if m.date else _('no date yet')})",
        )
        for m in rows
    ]


def series_key(number: int) -> str:
    """Every group's meeting ``number``: the calendar step « Réu N » they realise together."""
    return f"group-meetings-{number}"


def schedule_meetings(
    programme, *, user, key="", frame="", title="", date, start_time=None, end_time=None
) -> str | None:
    """Date group meetings for the calendar: the one named by ``key`` (a date poll), or the
    meeting N of every group (back-planning) — N from a series key or the rank of the kit's
    ``frame`` in the programme's copy. A held meeting keeps its date. Groups formed later
    share the series' key, so the calendar's step stays shown once."""
    from copilote.workgroups import services

    meetings = GroupMeeting.objects.filter(group__programme=programme).select_related("group")
    fields = {"date": date}
    if start_time:
        fields.update(start_time=start_time, end_time=end_time)
    if key.startswith("group-meeting-"):
        pk = key.removeprefix("group-meeting-")
        meeting = meetings.filter(pk=int(pk) if pk.isdigit() else 0).first()
        if meeting is None:
            raise ValidationError(_("This group meeting no longer exists."))
        if meeting.status != MeetingStatus.HELD:
            services.update_meeting(user=user, meeting=meeting, **fields)
        return key
    number = None
    if key.startswith("group-meetings-"):
        rest = key.removeprefix("group-meetings-")
        number = int(rest) if rest.isdigit() else None
    elif frame:
        ranks = {f.get("key"): f.get("rank") for f in services.group_frames(programme)}
        number = ranks.get(frame)
    if not number or number > programme.meetings_per_group:
        return None
    series = list(meetings.filter(number=number))
    having = {m.group_id for m in series}
    for group in WorkingGroup.objects.filter(programme=programme).exclude(pk__in=having):
        series.append(services.add_meeting(user=user, group=group, number=number))
    for meeting in series:
        if meeting.status != MeetingStatus.HELD:
            services.update_meeting(user=user, meeting=meeting, **fields)
    return series_key(number)


# Live blocks -----------------------------------------------------------------------------------


def groups_block(programme, meeting) -> dict:
    """The kit's table of copil n°2 (« Question 3 : les binômes des groupes de travail »):
    thématique | binôme association | binôme entreprise | participants, and the meetings of the
    series as columns (their date once set)."""
    table = selectors.kit_table(programme)
    if not table["rows"]:
        return {
            "title": _("Working groups"),
            "items": [empty(_("The working groups are not formed yet."))],
        }
    items = [
        {
            "type": "table",
            "title": _("The co-lead pairs of the working groups"),
            "headers": table["headers"],
            "rows": table["rows"],
        }
    ]
    missing = [row[0] for row in table["unconfirmed"]]
    if missing:
        items.append(
            {
                "type": "bullets",
                "title": _("Groups without a confirmed co-lead pair"),
                "items": missing,
            }
        )
    return {"title": _("Working groups"), "items": items}


def group_series_block(programme, meeting) -> dict:
    """« Rappel du déroulé des réunions »: each meeting of the series with its agenda, from the
    programme's copy of the kit's frames."""
    from copilote.workgroups.services import group_frames

    frames = [
        f for f in group_frames(programme) if f.get("rank", 0) <= programme.meetings_per_group
    ]
    if not frames:
        return {
            "title": _("The working groups’ meetings"),
            "items": [empty(_("No meeting frame for the working groups."))],
        }
    # As the kit lays it out: the meetings as columns, their title, then their agenda.
    headers, titles, agendas = [], [], []
    for frame in frames:
        agenda = []
        for item in frame.get("items", []):
            if isinstance(item, str):
                agenda.append(f"• {item}")
            else:
                agenda.append(f"• {item['text']}")
                agenda.extend(f"   – {d}" for d in item.get("details", []))
        headers.append(frame.get("short_title") or _("Meeting %(n)s") % {"n": frame.get("rank")})
        titles.append(frame["title"])
        agendas.append("\n".join(agenda))
    return {
        "title": _("The working groups’ meetings"),
        "items": [
            {
                "type": "table",
                "title": _("Reminder of the meetings of each group"),
                "headers": headers,
                "rows": [titles, agendas],
            }
        ],
    }


def groups_assessment_block(programme, meeting) -> dict:
    """The final copil: assiduity per group and the proposals of each group."""
    data = selectors.assessment_summary(programme)
    if not data["groups"]:
        return {"title": _("Working groups"), "items": [empty(_("No working group."))]}
    items = [
        {
            "type": "table",
            "title": _("Assiduity of the participants"),
            "headers": [_("Working group"), _("Members"), _("Meetings held"), _("Assiduity")],
            "rows": [
                [g["name"], str(g["members"]), str(g["held"]), g["assiduity"]]
                for g in data["groups"]
            ],
        }
    ]
    for g in data["groups"]:
        if g["proposals"]:
            items.append(
                {
                    "type": "bullets",
                    "title": _("Proposals of the group “%(group)s”") % {"group": g["name"]},
                    "items": g["proposals"],
                }
            )
    return {"title": _("Working groups"), "items": items}


# Demo ------------------------------------------------------------------------------------------

DEMO_FACILITATED_GROUP = "lutte-contre-la-precarite"


def demo_step(programme, accounts: dict) -> None:
    """The demo's ``animateur`` facilitates one group; ``participant`` is the member of the
    demo file whose address is the account's."""
    from copilote.workgroups.models import Member, WorkingGroup

    facilitator = accounts.get("animateur")
    group = WorkingGroup.objects.filter(programme=programme, slug=DEMO_FACILITATED_GROUP).first()
    if facilitator is not None and group is not None:
        group.facilitators.add(facilitator)
    participant = accounts.get("participant")
    if participant is not None and participant.email:
        Member.objects.filter(
            programme=programme, candidate__email__iexact=participant.email
        ).update(user=participant)


def register() -> None:
    from copilote.programmes.demo import register_demo_step

    register_demo_step(demo_step)
    register_card(Card("groups", "workgroups/dashboard_card.html", card, order=40))
    register_next_steps(next_steps)
    register_provider("workgroups.meetings", meetings)
    register_audience(groups_of)
    register_targets("group_meeting", poll_targets)
    register_scheduler("group_meeting", schedule_meetings)
    register_block("groups", groups_block)
    register_block("group_series", group_series_block)
    register_block("groups_assessment", groups_assessment_block)
