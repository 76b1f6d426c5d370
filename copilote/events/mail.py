"""The registrant's mail: the confirmation (or the waiting list), with the event as an ICS
attachment and a signed link to cancel; the news that a seat was freed for them.

Mail is plain text: what the registrant typed is never interpreted as HTML.
"""

from __future__ import annotations

import datetime as dt
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as IcsEvent

from copilote.core import mail as core_mail
from copilote.events.models import Event, Registration, RegistrationStatus

PARIS = ZoneInfo("Europe/Paris")
CANCEL_SALT = "copilote.events.cancel"


def cancel_signature(registration: Registration) -> str:
    return signing.dumps({"r": registration.pk, "t": registration.token}, salt=CANCEL_SALT)


def read_cancel_signature(value: str) -> dict | None:
    """The registration id and token a cancel link carries, or None when it is forged."""
    try:
        data = signing.loads(value, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("r"), int) or not data.get("t"):
        return None
    return data


def cancel_path(registration: Registration) -> str:
    event = registration.event
    programme = event.programme
    return reverse(
        "events:cancel",
        kwargs={
            "territory": programme.territory.slug,
            "programme": programme.slug,
            "slug": event.slug,
            "signature": cancel_signature(registration),
        },
    )


def public_path(event: Event) -> str:
    programme = event.programme
    return reverse(
        "events:public_event",
        kwargs={
            "territory": programme.territory.slug,
            "programme": programme.slug,
            "slug": event.slug,
        },
    )


def place(event: Event) -> str:
    return ", ".join(v for v in (event.venue_name, event.venue_address) if v)


def ics(event: Event, registration: Registration | None = None) -> bytes:
    """The event as an iCalendar file (METHOD:PUBLISH) that calendar clients import."""
    calendar = Calendar()
    calendar.add("prodid", "-//Copilote//evenements//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    item = IcsEvent()
    item.add("uid", f"event-{event.pk}-{event.programme.slug}@copilote")
    item.add("summary", f"{event.programme.name} – {event.title}")
    if event.start_time:
        start = dt.datetime.combine(event.date, event.start_time, tzinfo=PARIS)
        end = (
            dt.datetime.combine(event.date, event.end_time, tzinfo=PARIS)
            if event.end_time
            else start + dt.timedelta(hours=2)
        )
        item.add("dtstart", start)
        item.add("dtend", end)
    else:
        item.add("dtstart", event.date)
        item.add("dtend", event.date + dt.timedelta(days=1))
    item.add("dtstamp", dt.datetime.now(tz=dt.UTC))
    if place(event):
        item.add("location", place(event))
    if event.description:
        item.add("description", event.description)
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText(event.programme.name)
    item.add("organizer", organizer)
    calendar.add_component(item)
    return calendar.to_ical()


def body(registration: Registration, base_url: str) -> str:
    event = registration.event
    if registration.status == RegistrationStatus.WAITING:
        opening = _(
            "The event is full: you are on the waiting list. If a seat is freed, it is yours "
            "and we will tell you by mail."
        )
    else:
        opening = _("Your registration is confirmed.")
    lines = [
        _("Hello %(name)s,") % {"name": registration.name},
        "",
        opening,
        "",
        f"{event.title}",
        " – ".join(v for v in (event.when, event.hours) if v),
    ]
    if place(event):
        lines.append(place(event))
    if event.venue_access:
        lines.append(event.venue_access)
    lines += [
        "",
        _("The event’s page: %(url)s") % {"url": base_url + public_path(event)},
        _("To cancel your registration: %(url)s") % {"url": base_url + cancel_path(registration)},
        "",
        event.programme.name,
    ]
    return "\n".join(lines)


def send(registration: Registration, kind: str, base_url: str) -> int:
    event = registration.event
    if not registration.email or registration.status == RegistrationStatus.CANCELLED:
        return 0
    if kind == "promotion":
        subject = _("A seat is yours: %(title)s") % {"title": event.title}
        text = "\n".join(
            [
                _("Hello %(name)s,") % {"name": registration.name},
                "",
                _("A seat was freed: your registration is confirmed."),
                "",
                *body(registration, base_url).splitlines()[4:],
            ]
        )
    elif registration.status == RegistrationStatus.WAITING:
        subject = _("Waiting list: %(title)s") % {"title": event.title}
        text = body(registration, base_url)
    else:
        subject = _("Registration confirmed: %(title)s") % {"title": event.title}
        text = body(registration, base_url)
    attachments = []
    if event.date:
        attachments.append(
            ("evenement.ics", ics(event, registration), "text/calendar; method=PUBLISH")
        )
    message = core_mail.message(
        subject=subject, body=text, to=registration.email, attachments=attachments
    )
    # Retried, recorded and single-line headers, as every mail of the application (core.mail).
    delivery = core_mail.queue(
        programme=event.programme,
        kind=f"registration-{kind}",
        subject_key=f"event:{event.pk}",
        recipients=1,
    )
    return core_mail.deliver(delivery.pk, [message])
