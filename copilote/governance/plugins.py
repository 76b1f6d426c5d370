"""How the committee plugs into the pages that gather from many apps: the dashboard's card and
the calendar's dated items (copils)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from copilote.governance import selectors
from copilote.governance.models import CommitteeMeeting, MeetingStatus, Task, TaskStatus
from copilote.planning.dated import (
    DatedItem,
    first_per_month,
    left_out,
    month_of,
    register_provider,
    register_scheduler,
    register_targets,
)
from copilote.programmes.dashboard import Card, NextStep, register_card, register_next_steps


def committee_card(programme, *, user, today):
    return selectors.dashboard_card(programme, today=today, user=user)


SOON = 30  # days: a copil closer than that has its agenda to prepare
URGENT = 7


def next_steps(programme, *, user, today) -> list[NextStep]:
    """What the method asks of whoever runs the committee, from the data: held copils whose
    minutes wait, the next copil's agenda, overdue tasks — each a link to where it is done."""
    if not user.has_perm("governance.change_meeting", programme):
        return []
    args = {"territory": programme.territory.slug, "programme": programme.slug}
    meetings = list(
        CommitteeMeeting.objects.filter(programme=programme)
        .annotate(
            overdue=Count(
                "tasks",
                filter=Q(tasks__status=TaskStatus.OPEN, tasks__due__lt=today),
            )
        )
        .only("pk", "rank", "kind", "title", "date", "status", "next_date")
        .order_by("rank")
    )
    steps = []
    waiting = [m for m in meetings if m.status == MeetingStatus.HELD]
    if waiting:
        steps.append(
            NextStep(
                ngettext(
                    "%(n)s copil held whose minutes are not published",
                    "%(n)s copils held whose minutes are not published",
                    len(waiting),
                )
                % {"n": len(waiting)},
                reverse("governance:meeting", kwargs={**args, "rank": waiting[0].rank}),
            )
        )
    coming = [
        m
        for m in meetings
        if m.date and m.date >= today and m.status in (MeetingStatus.DRAFT, MeetingStatus.CONVENED)
    ]
    if coming and (coming[0].date - today).days <= SOON:
        meeting, days = coming[0], (coming[0].date - today).days
        if days == 0:
            text = _("%(title)s today") % {"title": meeting.title}
        else:
            text = ngettext(
                "Next copil in %(n)s day: agenda to prepare",
                "Next copil in %(n)s days: agenda to prepare",
                days,
            ) % {"n": days}
        if meeting.status == MeetingStatus.DRAFT and days > 0:
            text += _(", members to convene")
        steps.append(
            NextStep(
                text,
                reverse("governance:meeting", kwargs={**args, "rank": meeting.rank}),
                urgent=days <= URGENT,
            )
        )
    elif not coming and meetings:
        last = meetings[-1]
        if last.kind != "copil-final" and last.next_date and last.next_date >= today:
            steps.append(
                NextStep(
                    _("Next copil on %(date)s: meeting to prepare")
                    % {"date": formats.date_format(last.next_date, "j F Y")},
                    reverse("governance:meeting_add", kwargs=args),
                    urgent=(last.next_date - today).days <= URGENT,
                )
            )
    overdue = sum(m.overdue for m in meetings)
    if overdue:
        late = next(m for m in meetings if m.overdue)
        steps.append(
            NextStep(
                ngettext(
                    "%(n)s committee task overdue",
                    "%(n)s committee tasks overdue",
                    overdue,
                )
                % {"n": overdue},
                reverse("governance:meeting", kwargs={**args, "rank": late.rank}) + "#tasks",
            )
        )
    return steps


def meetings(
    programme, *, since=None, until=None, limit=None, per_month=None, fold=None, audiences=None
) -> list[DatedItem]:
    """The copils (audience « committee »)."""
    if audiences is not None and "committee" not in audiences:
        return []
    rows = CommitteeMeeting.objects.filter(programme=programme, date__isnull=False)
    if since:
        rows = rows.filter(date__gte=since)
    if until:
        rows = rows.filter(date__lte=until)
    rows = first_per_month(
        rows.only("pk", "rank", "title", "date", "start_time", "end_time", "place", "status"),
        date="date",
        per_month=per_month,
        order=("date", "rank"),
    ).order_by("date", "rank")
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
            audience="committee",
            more=left_out(m, per_month),
        )
        for m in rows
    ]


def poll_targets(programme) -> list[tuple[str, str]]:
    """The copils a date poll may date: those not held yet, with or without a date."""
    rows = (
        CommitteeMeeting.objects.filter(programme=programme)
        .filter(status__in=(MeetingStatus.DRAFT, MeetingStatus.CONVENED))
        .order_by("rank")
        .only("pk", "title", "date")
    )
    return [
        (
            f"committee-meeting-{m.pk}",
            f"{m.title} ({formats.date_format(m.date, 'j F Y') if m.date else _('no date yet')})",
        )
        for m in rows
    ]


def task_months(
    programme, *, since=None, until=None, limit=None, per_month=None, fold=None, audiences=None
) -> list[DatedItem]:
    """The committee's tasks with a due date, one item a month (« 3 tâches du copil à
    échéance »), so that hundreds of tasks keep the calendar readable: the month's open tasks
    (or, once all are done, how many were), linking to the copil that decided the first one.
    One query."""
    import datetime as dt

    if audiences is not None and "committee" not in audiences:
        return []
    from django.db.models import Min

    rows = Task.objects.filter(programme=programme, due__isnull=False).exclude(
        status=TaskStatus.CANCELLED
    )
    if since:
        rows = rows.filter(due__gte=since.replace(day=1))
    if until:
        rows = rows.filter(due__lte=until)
    months = (
        rows.annotate(month=month_of("due"))
        .values("month")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=Q(status=TaskStatus.OPEN)),
            open_rank=Min("meeting__rank", filter=Q(status=TaskStatus.OPEN)),
            rank=Min("meeting__rank"),
        )
        .order_by("month")
    )
    if limit:
        months = months[:limit]
    args = {"territory": programme.territory.slug, "programme": programme.slug}
    out = []
    for m in months:
        if m["open"]:
            title = ngettext("%(n)s copil task due", "%(n)s copil tasks due", m["open"]) % {
                "n": m["open"]
            }
        else:
            title = ngettext("%(n)s copil task done", "%(n)s copil tasks done", m["total"]) % {
                "n": m["total"]
            }
        rank = m["open_rank"] or m["rank"]
        out.append(
            DatedItem(
                key=f"committee-tasks-{m['month']}",
                title=title,
                start=dt.date.fromisoformat(f"{m['month']}-01"),
                precision="month",
                stream="committee-tasks",
                stream_label=_("Copil tasks"),
                url=reverse("governance:tasks", kwargs={**args, "rank": rank}),
                done=not m["open"],
                audience="committee",
            )
        )
    return out


def schedule_meeting(
    programme, *, user, key="", frame="", title="", date, start_time=None, end_time=None
) -> str | None:
    """Date a copil for the calendar (back-planning, a date poll): the one named by ``key``, or
    the programme's meeting of the kit's ``frame`` (created from the frame when missing). A
    held meeting keeps its date."""
    from django.core.exceptions import ValidationError

    from copilote.governance import services
    from copilote.governance.models import MeetingKind

    meetings = CommitteeMeeting.objects.filter(programme=programme)
    if key:
        pk = key.removeprefix("committee-meeting-")
        meeting = meetings.filter(pk=int(pk) if pk.isdigit() else 0).first()
        if meeting is None:
            raise ValidationError(_("This copil no longer exists."))
    elif frame in MeetingKind.values:
        meeting = meetings.filter(kind=frame).order_by("rank").first()
        if meeting is None:
            meeting = services.create_meeting(user=user, programme=programme, kind=frame)
    else:
        return None
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.PUBLISHED):
        return f"committee-meeting-{meeting.pk}"
    fields = {"date": date}
    if start_time:
        fields.update(start_time=start_time, end_time=end_time)
    services.update_meeting(user=user, meeting=meeting, **fields)
    return f"committee-meeting-{meeting.pk}"


def register() -> None:
    register_scheduler("committee", schedule_meeting)
    register_targets("committee", poll_targets)
    register_card(Card("committee", "governance/dashboard_card.html", committee_card, order=20))
    register_next_steps(next_steps)
    register_provider("governance.meetings", meetings)
    register_provider("governance.tasks", task_months)
