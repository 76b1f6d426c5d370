"""Reads on collective events: lists with their counts, the check-in list, the figures, the
launch checklist, the registrants interested in a theme."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _

from copilote.core.lists import capped
from copilote.events.models import (
    Event,
    EventItem,
    EventStatus,
    ItemKind,
    RegistrantKind,
    Registration,
    RegistrationStatus,
)

REGISTERED = Q(registrations__status=RegistrationStatus.REGISTERED)
SEATED = Q(registrations__status=RegistrationStatus.REGISTERED, registrations__walk_in=False)
WAITING = Q(registrations__status=RegistrationStatus.WAITING)
PRESENT = Q(registrations__present=True) & ~Q(registrations__status=RegistrationStatus.CANCELLED)


PER_PAGE = 20  # events on the team's list
PAGE_CACHE_SECONDS = 24 * 3600  # parts of pages kept per content version (``{% cache %}``)


def with_counts(queryset):
    return queryset.annotate(
        n_registered=Count("registrations", filter=SEATED),
        n_waiting=Count("registrations", filter=WAITING),
        n_present=Count("registrations", filter=PRESENT),
        n_walk_ins=Count("registrations", filter=PRESENT & Q(registrations__walk_in=True)),
    )


def events(programme):
    return with_counts(Event.objects.filter(programme=programme)).order_by(
        "date", "start_time", "id"
    )


def page_of_events(programme, number) -> Page:
    """One page of the team's list, each event with its counts (read for that page only)."""
    page = Paginator(
        Event.objects.filter(programme=programme).order_by("date", "start_time", "id"), PER_PAGE
    ).get_page(number)
    shown = list(page.object_list)
    counts = {
        row["pk"]: row
        for row in with_counts(Event.objects.filter(pk__in=[e.pk for e in shown])).values(
            "pk", "n_registered", "n_waiting", "n_present", "n_walk_ins"
        )
    }
    for event in shown:
        for name, value in counts[event.pk].items():
            if name != "pk":
                setattr(event, name, value)
    page.object_list = shown
    return page


def frame_keys(programme) -> list[str]:
    """The kit frames the programme's events were prepared from."""
    return list(
        Event.objects.filter(programme=programme)
        .exclude(frame_key="")
        .order_by()
        .values_list("frame_key", flat=True)
        .distinct()
    )


def event(programme, slug: str) -> Event | None:
    found = with_counts(Event.objects.filter(programme=programme, slug=slug)).first()
    if found is not None:
        found.programme = programme
    return found


PUBLIC_COMING = 30  # events to come on the public page
PUBLIC_PAST = 10  # past events on the public page, most recent first


def _published(programme):
    return Event.objects.filter(programme=programme, status=EventStatus.PUBLISHED).exclude(
        date=None
    )


def has_public_events(programme) -> bool:
    """Whether the public page of the events has something to show (one query)."""
    return _published(programme).exists()


def public_events(programme, *, today: dt.date) -> dict:
    """Published events: the next ones to come first, then the most recent past ones."""
    published = _published(programme).only(
        "id", "programme_id", "slug", "title", "date", "start_time", "end_time", "venue_name"
    )
    return {
        "coming": capped(
            published.filter(date__gte=today).order_by("date", "start_time", "id"), PUBLIC_COMING
        ),
        "past": capped(
            published.filter(date__lt=today).order_by("-date", "-start_time", "-id"), PUBLIC_PAST
        ),
    }


def items(event: Event) -> list[EventItem]:
    return list(
        event.items.select_related("theme").prefetch_related(
            "speakers__organisation", "organisations"
        )
    )


def event_page(event: Event, version: str) -> dict:
    """What an event's pages show of its programme — the slots with their speakers' label, and
    the launch checklist — read once, kept in the cache for the territory's content version
    ``version`` (``core.versions``: any logged write makes it again)."""

    def read() -> dict:
        event_items = items(event)
        for item in event_items:
            item.speakers_label = speakers_label(item)
        return {"items": event_items, "checklist": checklist(event, event_items)}

    key = f"event-page:{event.pk}:{version}:{translation.get_language() or ''}"
    return cache.get_or_set(key, read, PAGE_CACHE_SECONDS)


def speakers_label(item: EventItem) -> str:
    names = [
        f"{p} ({p.organisation})" if p.organisation_id else str(p) for p in item.speakers.all()
    ]
    if item.speakers_text:
        names.append(item.speakers_text)
    return ", ".join(names)


def seats_left(event: Event) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - event.n_registered, 0)


def checklist(event: Event, event_items: list[EventItem] | None = None) -> list[dict]:
    """The kit's open questions for the launch (programme, testimonies, date, venue), each
    answered once the event says it."""
    if event.frame_key != "launch":
        return []
    from copilote.events.services import frame_of

    frame = frame_of(event.programme, "launch") or {}
    event_items = items(event) if event_items is None else event_items
    answers = [
        bool(event_items),
        any(i.kind == ItemKind.TESTIMONY for i in event_items),
        bool(event.date),
        bool(event.venue_name),
    ]
    questions = frame.get("questions", [])
    return [
        {"question": q, "answered": answers[i] if i < len(answers) else False}
        for i, q in enumerate(questions)
    ]


CHECKIN_PAGE = 50


def checkin_rows(event: Event, q: str = ""):
    rows = (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("commune")
        .order_by("name", "id")
    )
    for word in q.split()[:4]:
        rows = rows.filter(Q(name__icontains=word) | Q(organisation__icontains=word))
    return rows


def registrations(event: Event):
    return (
        event.registrations.select_related("commune")
        .prefetch_related("themes")
        .order_by("created_at", "id")
    )


REGISTRATIONS_PAGE = 50


def registration_page(event: Event, number) -> Page:
    """One page of the event's registrations as plain values (what the team's list shows), each
    with its themes' names and its labels: three queries, whatever the number of rows."""
    page = Paginator(
        event.registrations.order_by("created_at", "id").values(
            "pk",
            "name",
            "email",
            "organisation",
            "kind",
            "status",
            "walk_in",
            "present",
            "commune__name",
        ),
        REGISTRATIONS_PAGE,
    ).get_page(number)
    rows = list(page.object_list)
    themes: dict[int, list[str]] = {row["pk"]: [] for row in rows}
    if rows:
        for pk, name in (
            Registration.themes.through.objects.filter(registration_id__in=list(themes))
            .order_by("registration_id", "theme__position", "theme_id")
            .values_list("registration_id", "theme__name")
        ):
            themes[pk].append(name)
    kinds, statuses = dict(RegistrantKind.choices), dict(RegistrationStatus.choices)
    for row in rows:
        row["themes"] = themes[row["pk"]]
        row["kind_label"] = kinds.get(row["kind"], row["kind"])
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["cancelled"] = row["status"] == RegistrationStatus.CANCELLED
    page.object_list = rows
    return page


def figures(event: Event) -> dict:
    """Registrations and attendance by kind and by commune, against the target."""
    active = event.registrations.exclude(status=RegistrationStatus.CANCELLED)
    by_kind = {
        row["kind"]: row
        for row in active.values("kind").annotate(
            registered=Count("id", filter=Q(status=RegistrationStatus.REGISTERED, walk_in=False)),
            waiting=Count("id", filter=Q(status=RegistrationStatus.WAITING)),
            present=Count("id", filter=Q(present=True)),
        )
    }
    kinds = [
        {
            "label": label,
            "registered": by_kind.get(value, {}).get("registered", 0),
            "waiting": by_kind.get(value, {}).get("waiting", 0),
            "present": by_kind.get(value, {}).get("present", 0),
        }
        for value, label in RegistrantKind.choices
    ]
    communes = [
        {
            "label": row["commune__name"] or _("Elsewhere / not given"),
            "registered": row["registered"],
            "waiting": row["waiting"],
            "present": row["present"],
        }
        for row in active.values("commune__name")
        .annotate(
            registered=Count("id", filter=Q(status=RegistrationStatus.REGISTERED, walk_in=False)),
            waiting=Count("id", filter=Q(status=RegistrationStatus.WAITING)),
            present=Count("id", filter=Q(present=True)),
        )
        .order_by("commune__name")
    ]
    return {
        "kinds": kinds,
        "communes": communes,
        "registered": event.n_registered,
        "waiting": event.n_waiting,
        "present": event.n_present,
        "walk_ins": event.n_walk_ins,
        "target_min": event.target_min,
        "target_max": event.target_max,
        "chart": chart(event),
    }


def chart(event: Event) -> dict:
    """Bars for the figures' chart (an SVG with presentation attributes, no inline style):
    registered, present, and the target range as a band."""
    values = [event.n_registered, event.n_present]
    top = max([*values, event.target_max or 0, event.target_min or 0, 1])
    width = 300

    def scale(value: int | None) -> int:
        return round((value or 0) * width / top)

    return {
        "width": width,
        "bars": [
            {
                "label": _("Registered"),
                "value": event.n_registered,
                "w": scale(event.n_registered),
                "y": 0,
            },
            {"label": _("Present"), "value": event.n_present, "w": scale(event.n_present), "y": 40},
        ],
        "target_x": scale(event.target_min) if event.target_min else None,
        "target_w": (scale(event.target_max) - scale(event.target_min))
        if event.target_min and event.target_max
        else None,
    }


def attendance_status(event: Event) -> str:
    """Where the attendance (or, before the day, the registrations) stands against the target."""
    count = event.n_present or event.n_registered
    if event.target_min and count < event.target_min:
        return "below"
    if event.target_max and count > event.target_max:
        return "above"
    return "within" if event.target_min or event.target_max else ""


def next_event(programme, *, today: dt.date) -> Event | None:
    found = (
        with_counts(Event.objects.filter(programme=programme, date__gte=today))
        .exclude(status=EventStatus.CLOSED)
        .order_by("date", "start_time", "id")
        .first()
    )
    if found is not None:
        found.programme = programme
    return found


def registrants_interested_in(programme, theme):
    """Registrations (not cancelled) of the programme's events whose registrant chose ``theme``:
    candidates for that theme's working group. One row per address (whatever its case), the
    latest registration."""
    rows = (
        Registration.objects.filter(event__programme=programme, themes=theme)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exclude(email="")
        .select_related("commune", "event")
        .order_by(Lower("email"), "-created_at", "-id")
    )
    seen, out = set(), []
    for row in rows:
        if row.email.lower() not in seen:
            seen.add(row.email.lower())
            out.append(row)
    return out


def event_with_items(queryset):
    return queryset.prefetch_related(
        Prefetch(
            "items",
            queryset=EventItem.objects.select_related("theme").prefetch_related(
                "speakers__organisation", "organisations"
            ),
        )
    )
