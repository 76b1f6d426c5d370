"""Calendar feeds (ICS): the programme's dated items as events calendar clients subscribe to.

Europe/Paris with its VTIMEZONE; each item keeps the same UID from one download to the next and
its SEQUENCE rises when it changes (``FeedEntry``), so Thunderbird or Outlook update the event in
place instead of adding a copy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from copilote.planning.dated import DatedItem
from copilote.planning.models import FeedEntry

PARIS = ZoneInfo("Europe/Paris")
DOMAIN = "copilote"


def uid(programme, item: DatedItem) -> str:
    return f"{item.key}.{programme.territory.slug}.{programme.slug}@{DOMAIN}"


def _fingerprint(item: DatedItem) -> str:
    parts = (
        item.title,
        item.start,
        item.end,
        item.start_time,
        item.end_time,
        item.place,
        item.precision,
        item.done,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


@transaction.atomic
def sequences(programme, items: list[DatedItem]) -> dict[str, int]:
    """The SEQUENCE of every item: 0 when first seen, +1 each time it changed since."""
    known = {e.key: e for e in FeedEntry.objects.filter(programme=programme)}
    created, changed = [], []
    for item in items:
        print_ = _fingerprint(item)
        entry = known.get(item.key)
        if entry is None:
            entry = FeedEntry(programme=programme, key=item.key, fingerprint=print_)
            created.append(entry)
            known[item.key] = entry
        elif entry.fingerprint != print_:
            entry.fingerprint, entry.sequence = print_, entry.sequence + 1
            changed.append(entry)
    FeedEntry.objects.bulk_create(created, ignore_conflicts=True)
    FeedEntry.objects.bulk_update(changed, ["fingerprint", "sequence"])
    return {key: entry.sequence for key, entry in known.items()}


def _event(programme, item: DatedItem, sequence: int, stamp: dt.datetime, base_url: str) -> Event:
    event = Event()
    event.add("uid", uid(programme, item))
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    event.add("summary", f"{programme.name} – {item.title}")
    if item.start_time and item.precision == "day":
        start = dt.datetime.combine(item.start, item.start_time, tzinfo=PARIS)
        end_time = (
            item.end_time
            or (dt.datetime.combine(item.start, item.start_time) + dt.timedelta(hours=2)).time()
        )
        end = dt.datetime.combine(item.end or item.start, end_time, tzinfo=PARIS)
        if end <= start:
            end = start + dt.timedelta(hours=2)
        event.add("dtstart", start)
        event.add("dtend", end)
    else:
        # A whole day (or, for a step known to the month, the whole month).
        last = item.last_day
        if item.precision == "month":
            start = item.start.replace(day=1)
            last = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(1)
        else:
            start = item.start
        event.add("dtstart", start)
        event.add("dtend", last + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    if item.place:
        event.add("location", item.place)
    description = [item.stream_label]
    if item.planned and item.planned != item.start:
        from django.utils import formats

        description.append(f"Date prévue : {formats.date_format(item.planned, 'j F Y')}")
    event.add("description", "\n".join(description))
    if item.url and base_url:
        event.add("url", base_url.rstrip("/") + item.url)
    event.add("status", "CONFIRMED")
    return event


def render(entries: list[tuple[object, DatedItem]], *, name: str, base_url: str = "") -> bytes:
    """An ICS calendar of ``(programme, item)`` pairs."""
    calendar = Calendar()
    calendar.add("prodid", "-//Copilote//calendrier//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    by_programme: dict[int, list[DatedItem]] = {}
    programmes = {}
    for programme, item in entries:
        by_programme.setdefault(programme.pk, []).append(item)
        programmes[programme.pk] = programme
    for pk, items in by_programme.items():
        programme = programmes[pk]
        seq = sequences(programme, items)
        for item in items:
            calendar.add_component(_event(programme, item, seq.get(item.key, 0), stamp, base_url))
    # Europe/Paris always travels with the feed, even when every event is a whole day.
    calendar.add_component(Timezone.from_tzid("Europe/Paris"))
    return calendar.to_ical()


def site_url(request=None) -> str:
    if request is not None:
        return request.build_absolute_uri("/")
    return getattr(settings, "SITE_URL", "")
