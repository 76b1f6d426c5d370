"""How events plug into the pages that gather from many apps: the dashboard's card and next
steps, the calendar's dated items (stream « events ») and their scheduler (back-planning and the
calendar's steps date the kit's launch and restitution), the copil's live blocks, the working
groups' candidates (registrants interested in a theme)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from copilote.events import candidates, selectors
from copilote.events.models import Event, EventKind, EventStatus
from copilote.governance.live import empty, previous_meeting, register_block, register_progress_part
from copilote.planning.dated import (
    DatedItem,
    first_per_month,
    left_out,
    register_provider,
    register_scheduler,
)
from copilote.programmes.dashboard import Card, NextStep, register_card, register_next_steps
from copilote.workgroups.sources import register_source


def _args(programme) -> dict:
    return {"territory": programme.territory.slug, "programme": programme.slug}


def _url(programme, event: Event) -> str:
    return reverse("events:event", kwargs={**_args(programme), "slug": event.slug})


def card(programme, *, user, today):
    event = selectors.next_event(programme, today=today)
    return {
        "event": event,
        "status": selectors.attendance_status(event) if event else "",
        "seats_left": selectors.seats_left(event) if event else None,
    }


def next_steps(programme, *, user, today) -> list[NextStep]:
    """What the coming events still miss: a venue, a date, the kit's questions, publication."""
    if not user.has_perm("events.change_event", programme):
        return []
    steps = []
    coming = Event.objects.filter(programme=programme).exclude(status=EventStatus.CLOSED)
    coming = coming.exclude(date__lt=today).order_by("date", "id")[:5]
    for event in coming:
        url = _url(programme, event)
        name = (
            _("the launch")
            if event.kind == EventKind.LAUNCH
            else _("the restitution")
            if event.kind == EventKind.RESTITUTION
            else f"« {event.title} »"
        )
        if not event.venue_name:
            steps.append(NextStep(_("%(event)s has no venue") % {"event": name}, url))
        if not event.date:
            steps.append(NextStep(_("%(event)s has no date") % {"event": name}, url))
        elif event.status == EventStatus.DRAFT and event.date <= today + dt.timedelta(days=45):
            steps.append(
                NextStep(
                    _("%(event)s (%(date)s) is not published: the public cannot register")
                    % {"event": name, "date": formats.date_format(event.date, "j F")},
                    url,
                    urgent=True,
                )
            )
    return [NextStep(s.text[:1].upper() + s.text[1:], s.url, s.urgent) for s in steps]


def dated(
    programme, *, since=None, until=None, limit=None, per_month=None, fold=None, audiences=None
) -> list[DatedItem]:
    """The dated events: a draft for the committee only (audience « committee »)."""
    rows = Event.objects.filter(programme=programme, date__isnull=False)
    if audiences is not None and "committee" not in audiences:
        rows = rows.exclude(status=EventStatus.DRAFT)
    if since:
        rows = rows.filter(date__gte=since)
    if until:
        rows = rows.filter(date__lte=until)
    rows = first_per_month(
        rows, date="date", per_month=per_month, order=("date", "start_time", "id")
    ).order_by("date", "start_time", "id")
    if limit:
        rows = rows[:limit]
    today = timezone.localdate()
    return [
        DatedItem(
            key=f"event-{e.pk}",
            title=e.title,
            start=e.date,
            start_time=e.start_time,
            end_time=e.end_time,
            place=", ".join(v for v in (e.venue_name, e.venue_address) if v),
            stream="events",
            stream_label=_("Collective events"),
            kind="event",
            url=_url(programme, e),
            done=e.status == EventStatus.CLOSED or e.date < today,
            audience="" if e.status != EventStatus.DRAFT else "committee",
            more=left_out(e, per_month),
        )
        for e in rows
    ]


def schedule_event(
    programme, *, user, key="", frame="", title="", date, start_time=None, end_time=None
) -> str | None:
    """Date an event for the calendar: the one named by ``key``, or the programme's event of
    the kit's ``frame`` (« launch », « restitution »), a draft prefilled from the frame when
    missing. A closed event keeps its date."""
    from copilote.events import services

    events = Event.objects.filter(programme=programme)
    if key:
        pk = key.removeprefix("event-")
        event = events.filter(pk=int(pk) if pk.isdigit() else 0).first()
        if event is None:
            raise ValidationError(_("This event no longer exists."))
    elif frame and services.frame_of(programme, frame) is not None:
        event = events.filter(frame_key=frame).order_by("id").first()
        if event is None:
            event = services.create_from_frame(user=user, programme=programme, key=frame)
    else:
        return None
    if event.status != EventStatus.CLOSED:
        fields = {"date": date}
        if start_time:
            fields.update(start_time=start_time, end_time=end_time)
        services.save_event(user=user, programme=programme, event=event, **fields)
    return f"event-{event.pk}"


# Live blocks ------------------------------------------------------------------------------------


def _event_line(event: Event, *, today: dt.date) -> dict:
    parts = [
        " ".join(v for v in (event.when or _("date to set"), event.hours) if v),
        _("Venue: %(venue)s") % {"venue": event.venue_name or _("to find")},
    ]
    if event.target:
        parts.append(_("Attendance target: %(target)s people") % {"target": event.target})
    if event.date is None or event.date >= today:  # registrations so far, while preparing it
        parts.append(
            _("%(registered)s registered, %(present)s present")
            % {"registered": event.n_registered, "present": event.n_present}
        )
    return {"type": "paragraph", "text": f"{event.title} : " + " – ".join(parts)}


def _slot_speakers(item) -> str:
    names = [str(p) for p in item.speakers.all()]
    if item.speakers_text:
        names.append(item.speakers_text)
    names += [o.name for o in item.organisations.all()]
    return ", ".join(names)


def _programme_table(event: Event) -> list[dict]:
    rows = [
        [f"{i.start_time:%H:%M}" if i.start_time else "", i.title, _slot_speakers(i)]
        for i in event.items.all()
    ]
    if not rows:
        return []
    return [
        {
            "type": "table",
            "title": _("Programme of %(event)s") % {"event": event.title},
            "headers": [_("Time"), _("Slot"), _("Speakers")],
            "rows": rows,
        }
    ]


HORIZON = dt.timedelta(days=366)  # a copil shows the events of the year after it


def events_block(programme, meeting) -> dict:
    """The events to come in the year after the meeting (undated ones too), with their
    programme: one line each, then one table per programme."""
    rows = selectors.event_with_items(selectors.events(programme))
    if meeting.date:
        rows = rows.exclude(date__lt=meeting.date).exclude(date__gt=meeting.date + HORIZON)
    events = list(rows)
    today = timezone.localdate()
    items = [_event_line(e, today=today) for e in events]
    items += [table for e in events for table in _programme_table(e)]
    if not items:
        items = [empty(_("No collective event planned yet."))]
    return {"title": _("Collective events"), "items": items}


def events_held(programme, meeting) -> list[dict]:
    """Progress part: the events held since the previous copil, attendance against target."""
    if not meeting.date:
        return []
    rows = selectors.events(programme).filter(date__lt=meeting.date)
    previous = previous_meeting(meeting)
    if previous and previous.date:
        rows = rows.filter(date__gte=previous.date)
    table = [
        [e.title, e.when, str(e.n_registered), str(e.n_present), e.target or "–"] for e in rows
    ]
    if not table:
        return []
    return [
        {
            "type": "table",
            "title": _("Collective events held"),
            "headers": [_("Event"), _("Date"), _("Registered"), _("Present"), _("Target")],
            "rows": table,
        }
    ]


def register() -> None:
    register_card(Card("events", "events/dashboard_card.html", card, order=30))
    register_next_steps(next_steps)
    register_provider("events.events", dated)
    register_scheduler("event", schedule_event)
    register_block("events", events_block)
    register_progress_part(events_held)
    register_source(candidates.registrants)
