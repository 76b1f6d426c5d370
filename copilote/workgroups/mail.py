"""The working groups' mail: the invitation of a member, with the meetings as an ICS calendar
and the personal link to their group's page (no account needed)."""

from __future__ import annotations

import datetime as dt
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from copilote.core import mail as core_mail
from copilote.workgroups.models import GroupMeeting, Member

PARIS = ZoneInfo("Europe/Paris")


def _hours(meeting: GroupMeeting) -> str:
    def fmt(value):
        return value.strftime("%H h %M").replace(" h 00", " h")

    if not meeting.start_time:
        return ""
    if meeting.end_time:
        return f"{fmt(meeting.start_time)} – {fmt(meeting.end_time)}"
    return fmt(meeting.start_time)


def ics(group, meetings: list[GroupMeeting], address: str) -> bytes:
    """The dated meetings of the group as iCalendar invitations (METHOD:REQUEST)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Copilote//groupe de travail//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    programme = group.programme
    for meeting in meetings:
        if not meeting.date:
            continue
        event = Event()
        event.add("uid", f"group-meeting-{meeting.pk}-{programme.slug}@copilote")
        event.add("summary", f"{group.name} – {meeting.short_title} : {meeting.title}")
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
            event.add("location", meeting.place)
        event.add("description", "\n".join(f"– {item['text']}" for item in meeting.items))
        organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
        organizer.params["cn"] = vText(programme.name)
        event.add("organizer", organizer)
        attendee = vCalAddress(f"mailto:{address}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
        calendar.add_component(event)
    return calendar.to_ical()


def body(group, meetings: list[GroupMeeting], link: str) -> str:
    lines = [
        _("You take part in the working group “%(group)s” of %(programme)s.")
        % {"group": group.name, "programme": group.programme.name},
        "",
        _("The meetings:"),
    ]
    for meeting in meetings:
        when = " – ".join(v for v in (meeting.when, _hours(meeting), meeting.place) if v)
        lines.append(f"{meeting.short_title} : {meeting.title}" + (f" ({when})" if when else ""))
        for item in meeting.items:
            lines.append(f"   – {item['text']}")
    lines += [
        "",
        _("Your personal link to the group’s page (dates, agenda, minutes, proposals):"),
        link,
        "",
        _("This link is yours: do not pass it on. It expires after six months."),
    ]
    return "\n".join(lines)


def send_invitation(member: Member, signed: str, base_url: str) -> int:
    address = member.candidate.contact_email
    if not address:
        return 0
    group = member.group
    programme = group.programme
    meetings = list(group.meetings.order_by("number"))
    link = base_url.rstrip("/") + reverse(
        "workgroups:personal",
        kwargs={
            "territory": programme.territory.slug,
            "programme": programme.slug,
            "token": signed,
        },
    )
    attachments = []
    if any(m.date for m in meetings):
        attachments.append(
            ("reunions.ics", ics(group, meetings, address), "text/calendar; method=REQUEST")
        )
    message = core_mail.message(
        subject=_("Working group “%(group)s”: your invitation") % {"group": group.name},
        body=body(group, meetings, link),
        to=address,
        attachments=attachments,
    )
    # Retried, recorded and single-line headers, as every mail of the application (core.mail).
    delivery = core_mail.queue(
        programme=programme, kind="group-invitation", subject_key=f"group:{group.pk}", recipients=1
    )
    return core_mail.deliver(delivery.pk, [message])
