"""Back-planning: from a target date (the restitution, or the launch), the date of every step of
the kit's calendar with its default spacing, on working days, outside French public holidays
and the August break. Pure: nothing is saved here (see ``services.apply_plan``)."""

from __future__ import annotations

import calendar as cal
import datetime as dt
from dataclasses import dataclass

import holidays
from django.utils.translation import gettext as _

MIN_GAP = dt.timedelta(days=7)  # two steps of the calendar are at least a week apart
ANCHORS = ("restitution", "lancement")


@dataclass
class Step:
    key: str
    title: str
    kind: str
    phase: str
    frame: str
    offset: int  # months from copil n°1, as in the kit
    date: dt.date | None = None
    note: str = ""


# The kit's frame of the 4th group meeting (group_meetings.yaml, rank 4): « Réunion
# complémentaire : se connaître et approfondir », which its assessment advises.
FOURTH_MEETING_FRAME = "approfondissement"


def kit_steps(calendar: dict, *, meetings_per_group: int = 3):
    """The kit's steps, with the 4th group meeting after the 3rd when asked (it shifts the
    following steps by one month)."""
    steps = [
        Step(m["key"], m["title"], m["kind"], m["phase"], m.get("frame", ""), m["offset_months"])
        for m in calendar["milestones"]
    ]
    keys = {s.key for s in steps}
    if meetings_per_group >= 4 and "reu-3" in keys and "reu-4" not in keys:
        index, third = next((i, s) for i, s in enumerate(steps) if s.key == "reu-3")
        for later in steps[index + 1 :]:
            later.offset += 1
        steps.insert(
            index + 1,
            Step(
                "reu-4",
                _("Meeting 4"),
                "group_meeting",
                third.phase,
                FOURTH_MEETING_FRAME,
                third.offset + 1,
            ),
        )
    return steps


def _same_day(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, cal.monthrange(year, month)[1]))


class Calendar:
    """Working days: not a weekend, not a French public holiday, not in August."""

    def __init__(self):
        self.holidays = holidays.France(language="fr")

    def why_not(self, day: dt.date) -> str:
        if day.month == 8:
            return _("August break")
        if day in self.holidays:
            return self.holidays.get(day)
        if day.weekday() >= 5:
            return _("weekend")
        return ""

    def move(self, day: dt.date, step: int) -> tuple[dt.date, str]:
        """The nearest working day from ``day`` in direction ``step`` (±1), and why it moved."""
        reason = ""
        while why := self.why_not(day):
            if why != _("weekend") and not reason:
                reason = why
            day += dt.timedelta(days=step)
        return day, reason


def propose(
    calendar: dict,
    *,
    target: dt.date,
    anchor: str = "restitution",
    meetings_per_group: int = 3,
) -> list[Step]:
    steps = kit_steps(calendar, meetings_per_group=meetings_per_group)
    try:
        a = next(i for i, s in enumerate(steps) if s.key == anchor)
    except StopIteration:
        raise ValueError(anchor) from None
    days = Calendar()
    anchor_date, reason = days.move(target, 1)
    steps[a].date = anchor_date
    if anchor_date != target:
        steps[a].note = _("moved from %(date)s (%(why)s)") % {
            "date": target.strftime("%d/%m/%Y"),
            "why": reason or _("weekend"),
        }
    # Before the anchor: backwards, each step at most a week before the next one.
    for i in range(a - 1, -1, -1):
        ideal = _same_day(anchor_date, steps[i].offset - steps[a].offset)
        wanted = min(ideal, steps[i + 1].date - MIN_GAP)
        steps[i].date, reason = days.move(wanted, -1)
        if reason:
            steps[i].note = _("moved earlier (%(why)s)") % {"why": reason}
    # After it: forwards.
    for i in range(a + 1, len(steps)):
        ideal = _same_day(anchor_date, steps[i].offset - steps[a].offset)
        wanted = max(ideal, steps[i - 1].date + MIN_GAP)
        steps[i].date, reason = days.move(wanted, 1)
        if reason:
            steps[i].note = _("moved later (%(why)s)") % {"why": reason}
    return steps


def phase_spans(calendar: dict, steps: list[Step]) -> dict[str, tuple[dt.date, dt.date]]:
    """Each phase from its first step to the day before the next phase (the last: its last
    step)."""
    order = [p["key"] for p in calendar["phases"]]
    firsts = {}
    lasts = {}
    for s in steps:
        firsts[s.phase] = min(firsts.get(s.phase, s.date), s.date)
        lasts[s.phase] = max(lasts.get(s.phase, s.date), s.date)
    present = [k for k in order if k in firsts]
    spans = {}
    for i, key in enumerate(present):
        if i + 1 < len(present):
            end = max(firsts[present[i + 1]] - dt.timedelta(days=1), firsts[key])
        else:
            end = lasts[key]
        spans[key] = (firsts[key], end)
    return spans
