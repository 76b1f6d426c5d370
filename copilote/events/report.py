"""What the events bring to the assessment: two indicators (attendance against the target
range, registrations against capacity) and the synthesis' chapter on the collective events.

Registered in ``plugins.register()`` through the assessment's registries
(``assessment.indicators`` and ``assessment.synthesis``): the assessment never imports this app.
Drafts are left out: they have not reached the public.
"""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from copilote.assessment.indicators import Indicator, register_indicator, shared_reading
from copilote.assessment.synthesis import Part, register_part
from copilote.events import selectors
from copilote.events.models import EventStatus
from copilote.events.plugins import _programme_table


def _public(programme) -> list:
    """The events not in draft with their counts (read once for all the indicators)."""
    return shared_reading(
        programme,
        "events.public",
        lambda: list(selectors.events(programme).exclude(status=EventStatus.DRAFT)),
    )


def _short(event) -> str:
    """A chart's label: the kind and the date (the table beside it gives the full title)."""
    when = formats.date_format(event.date, "j F Y") if event.date else _("date to set")
    return f"{event.get_kind_display()} ({when})"


def _status(event) -> str:
    labels = {
        "below": _("below the target"),
        "within": _("within the target"),
        "above": _("above the target"),
    }
    return labels.get(selectors.attendance_status(event), "—")


def attendance(programme) -> dict | None:
    """The events held (dated today or before, or with people checked in): present against
    their attendance target range (one query)."""
    today = timezone.localdate()
    held = [e for e in _public(programme) if e.n_present or (e.date and e.date <= today)]
    if not held:
        return None
    with_target = [e for e in held if e.target_min or e.target_max]
    reached = [e for e in with_target if selectors.attendance_status(e) != "below"]
    summary = _("%(n)s people came to %(events)s collective events.") % {
        "n": sum(e.n_present for e in held),
        "events": len(held),
    }
    if with_target:
        summary += " " + _("%(reached)s of %(total)s reached their attendance target.") % {
            "reached": len(reached),
            "total": len(with_target),
        }
    return {
        "summary": summary,
        "chart": {
            "type": "hbar",
            "keep": "last",  # past twenty events, the most recent
            "labels": [_short(e) for e in held],
            "series": [
                {"title": _("People present"), "values": [e.n_present for e in held]},
                {"title": _("Target – minimum"), "values": [e.target_min or 0 for e in held]},
                {"title": _("Target – maximum"), "values": [e.target_max or 0 for e in held]},
            ],
        },
        "table": {
            "headers": [
                _("Event"),
                _("Date"),
                _("People present"),
                _("Target"),
                _("Against the target"),
            ],
            "rows": [
                [
                    e.title,
                    formats.date_format(e.date, "j F Y") if e.date else "—",
                    e.n_present,
                    e.target or "—",
                    _status(e) if e.target else "—",
                ]
                for e in held
            ],
        },
    }


def registrations(programme) -> dict | None:
    """Registrations against capacity for the events open to registration (one query)."""
    rows = [e for e in _public(programme) if e.capacity and (e.n_registered or e.n_waiting)]
    if not rows:
        return None
    full = [e for e in rows if e.n_registered >= e.capacity]
    summary = _("%(n)s registrations for %(events)s collective events.") % {
        "n": sum(e.n_registered for e in rows),
        "events": len(rows),
    }
    if full:
        summary += " " + _("Filled to capacity: %(events)s.") % {
            "events": ", ".join(e.title for e in full)
        }
    return {
        "summary": summary,
        "chart": {
            "type": "hbar",
            "keep": "last",
            "labels": [_short(e) for e in rows],
            "series": [
                {"title": _("Registered"), "values": [e.n_registered for e in rows]},
                {"title": _("Capacity"), "values": [e.capacity for e in rows]},
            ],
        },
        "table": {
            "headers": [
                _("Event"),
                _("Capacity"),
                _("Registered"),
                _("Waiting list"),
                _("Seats taken"),
            ],
            "rows": [
                [
                    e.title,
                    e.capacity,
                    e.n_registered,
                    e.n_waiting,
                    f"{round(100 * e.n_registered / e.capacity)} %",
                ]
                for e in rows
            ],
        },
    }


def synthesis_part(programme) -> list[dict]:
    """The collective events: one table of them all, then each one's programme (déroulé)."""
    events = list(
        selectors.event_with_items(selectors.events(programme).exclude(status=EventStatus.DRAFT))
    )
    if not events:
        return []
    items: list[dict] = [
        {
            "type": "table",
            "headers": [
                _("Event"),
                _("Date"),
                _("Venue"),
                _("Registered"),
                _("People present"),
                _("Target"),
            ],
            "rows": [
                [
                    e.title,
                    formats.date_format(e.date, "j F Y") if e.date else _("date to set"),
                    e.venue_name or "—",
                    str(e.n_registered),
                    str(e.n_present),
                    e.target or "—",
                ]
                for e in events
            ],
        }
    ]
    for event in events:
        if event.description:
            items.append({"type": "paragraph", "text": f"{event.title} : {event.description}"})
        items += _programme_table(event)
    return items


def register() -> None:
    register_indicator(
        Indicator(
            "events.attendance",
            gettext_lazy("Attendance at the collective events against their target"),
            attendance,
            order=30,
        )
    )
    register_indicator(
        Indicator(
            "events.registrations",
            gettext_lazy("Registrations against capacity"),
            registrations,
            order=31,
        )
    )
    register_part(Part("events", gettext_lazy("Collective events"), synthesis_part, 40))
