"""The committee's mail: the convocation (agenda + ICS invitation) and the published minutes.

Mail goes through Django's email backend (console in the demo, SMTP in production), by
``core.mail``: one message per member, each sent once, retried, and the outcome recorded for the
lead. Subjects are single-line whatever the title holds.
"""

from __future__ import annotations

import datetime as dt
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from copilote.core import mail as core_mail
from copilote.governance import selectors

PARIS = ZoneInfo("Europe/Paris")


def recipients(meeting) -> list[str]:
    """The invited members' addresses (every current member when nobody is listed yet)."""
    invitations = list(meeting.invitations.select_related("member__person"))
    members = [i.member for i in invitations] or list(
        meeting.programme.committee_members.filter(left__isnull=True).select_related("person")
    )
    return sorted({m.email for m in members if m.email})


def agenda_text(data: dict) -> str:
    meeting = data["meeting"]
    lines = [
        _("%(programme)s – %(title)s")
        % {"programme": data["programme"], "title": meeting["title"]},
        "",
    ]
    when = " – ".join(v for v in (meeting["date_text"], meeting["hours"]) if v)
    lines.append(_("Date: %(date)s") % {"date": when})
    if meeting["place"]:
        lines.append(_("Place: %(place)s") % {"place": meeting["place"]})
    lines += ["", _("Agenda:")]
    for number, section in enumerate(data["sections"], start=1):
        lines.append(f"{number}. {section['title']}")
        for objective in section["objectives"]:
            lines.append(f"   – {objective}")
    return "\n".join(lines)


def ics(meeting, data: dict) -> bytes:
    """An iCalendar invitation (METHOD:REQUEST) for the meeting."""
    calendar = Calendar()
    calendar.add("prodid", "-//Copilote//copil//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"copil-{meeting.pk}-{meeting.programme.slug}@copilote")
    event.add("summary", core_mail.header_text(f"{data['programme']} – {meeting.title}"))
    if meeting.start_time:
        start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=PARIS)
        end_time = meeting.end_time or (start + dt.timedelta(hours=2)).time()
        event.add("dtstart", start)
        event.add("dtend", dt.datetime.combine(meeting.date, end_time, tzinfo=PARIS))
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    event.add("dtstamp", dt.datetime.now(tz=dt.UTC))
    if meeting.place:
        event.add("location", core_mail.header_text(meeting.place))
    event.add("description", core_mail.body_text(agenda_text(data)))
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText(data["programme"])
    event.add("organizer", organizer)
    for address in recipients(meeting):
        attendee = vCalAddress(f"mailto:{address}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    event.add("sequence", meeting.version)
    calendar.add_component(event)
    return calendar.to_ical()


def _filename(data: dict, ext: str) -> str:
    return f"{slugify(data['programme'])}-{slugify(data['meeting']['title'])}.{ext}"


def send_convocation(meeting, delivery_id: int | None = None) -> int:
    to = recipients(meeting)
    if not to:
        return 0
    data = selectors.document_data(meeting)
    invitation = ics(meeting, data)
    subject = _("Convocation: %(title)s – %(date)s") % {
        "title": meeting.title,
        "date": data["meeting"]["date_text"],
    }
    attachments = [("invitation.ics", invitation, "text/calendar; method=REQUEST")]
    messages = [
        core_mail.message(subject=subject, body=agenda_text(data), to=a, attachments=attachments)
        for a in to
    ]
    return core_mail.deliver(delivery_id, messages)


def send_minutes(meeting, delivery_id: int | None = None) -> int:
    from copilote.documents.docx_minutes import render_minutes_docx

    to = recipients(meeting)
    if not to:
        return 0
    data = selectors.document_data(meeting)
    body = "\n".join(
        [
            _("Please find attached the minutes of %(title)s (%(date)s).")
            % {"title": meeting.title, "date": data["meeting"]["date_text"]},
            "",
            _("Decisions:"),
            *[f"– {d['text']}" for d in data["decisions"]],
            "",
            _("Tasks before the next copil:"),
            *[f"– {t['what']} ({t['owner']}, {t['due']})" for t in data["tasks"]],
        ]
    )
    document = render_minutes_docx(data)
    attachments = [
        (
            _filename(data, "docx"),
            document,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    ]
    subject = _("Minutes: %(title)s") % {"title": meeting.title}
    messages = [
        core_mail.message(subject=subject, body=body, to=a, attachments=attachments) for a in to
    ]
    return core_mail.deliver(delivery_id, messages)
