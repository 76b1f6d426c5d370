"""The dated-items registry: every dated thing of a programme, whichever app owns it.

The calendar (Gantt), the calendar feeds, back-planning and the dashboard's « next dated steps »
read the dated things of every app through this registry, never by importing the apps. An app
registers a provider in its ``AppConfig.ready()``::

    register_provider("governance.meetings", provider)

``provider(programme, *, since=None, until=None, limit=None, per_month=None, fold=None,
audiences=None)`` returns :class:`DatedItem`\\ s whose date falls in ``[since, until]`` (either
bound may be missing), sorted by date, at most ``limit`` of them; it reads in a fixed number of
queries. The calendar's grid shows a few items per row and month, so it reads what it shows:

- ``per_month``: at most that many items of a stream in a month (by date), read with
  :func:`first_per_month`; the last one read carries in ``more`` how many it leaves out;
- ``fold``: past that many streams of one kind (the working groups' rows), the provider returns
  one stream whose items each count the items of one step in one month (``count``);
- ``audiences``: only the items of these audiences (see :func:`audiences_of`), filtered in the
  query so that the counts are the reader's; None reads them all.

The feeds and the documents that list every item (ICS) read them all (no ``per_month``).
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Provider = Callable[..., Iterable["DatedItem"]]


def date_sort_key(start: dt.date, precision: str = "day") -> tuple[int, int, int]:
    """A date to the month (« septembre 2012 ») sorts after the dated items of its month."""
    return (start.year, start.month, 32 if precision == "month" else start.day)


@dataclass(frozen=True)
class DatedItem:
    key: str  # stable and unique in the programme, e.g. "committee-meeting-12" (calendar UIDs)
    title: str
    start: dt.date
    stream: str  # the row of the Gantt: "preparation", "committee", "events", "group:<slug>"…
    stream_label: str
    kind: str = "other"  # a planning.models.MilestoneKind value
    end: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    precision: str = "day"  # or "month"
    url: str = ""
    done: bool = False
    planned: dt.date | None = None  # the baseline date, when it differs from ``start``
    place: str = ""
    # The calendar step several items realise together, e.g. "group-meetings-1" for every
    # group's meeting 1: a milestone that stands for it is shown through them.
    series: str = ""
    # A shorter title for the Gantt, whose row already names the stream (« Réunion 1 » in the
    # row of its group); the title otherwise.
    short_title: str = ""
    # Who of the programme may see it in their own calendar feed: "" every member,
    # "committee" the lead, the committee and the observers, "group:<slug>" that group's
    # members and facilitators (and the committee). See :func:`audiences_of`.
    audience: str = ""
    # The page's capped reads: the items of its stream and month the provider left out
    # (``per_month``), and, for an item of a folded stream, how many items it stands for.
    more: int = 0
    count: int = 0

    @property
    def when(self) -> str:
        """« 22 mars 2012 », « septembre 2012 », or a span of them, as French readers expect."""
        from django.utils import formats

        fmt = "F Y" if self.precision == "month" else "j F Y"
        start = formats.date_format(self.start, fmt)
        if not self.end or self.end == self.start:
            return start
        return f"{start} – {formats.date_format(self.end, fmt)}"

    @property
    def last_day(self) -> dt.date:
        return self.end or self.start

    @property
    def sort_key(self) -> tuple:
        return (*date_sort_key(self.start, self.precision), self.key)


_PROVIDERS: dict[str, Provider] = {}


def month_of(field: str):
    """The month of a date field as "YYYY-MM", computed by the database itself (SQLite's
    ``TruncMonth`` calls back into Python for every row)."""
    from django.db.models import CharField
    from django.db.models.functions import Cast, Substr

    return Substr(Cast(field, CharField()), 1, 7)


def first_per_month(rows, *, date: str, per_month: int | None, partition=(), order=()):
    """``rows`` (a queryset) as a capped read takes them: at most ``per_month`` rows of each
    stream (the fields in ``partition``) in each month of the field ``date``, by ``order``;
    each row annotated with its rank in its month (``cell_rank``) and how many rows its stream
    has that month (``cell_total``). ``rows`` unchanged when ``per_month`` is None."""
    if per_month is None:
        return rows
    from django.db.models import Count, F, Window
    from django.db.models.functions import RowNumber

    by = [*(F(name) for name in partition), month_of(date)]
    return rows.annotate(
        cell_rank=Window(RowNumber(), partition_by=by, order_by=list(order) or [F(date).asc()]),
        cell_total=Window(Count("pk"), partition_by=by),
    ).filter(cell_rank__lte=per_month)


def left_out(row, per_month: int | None) -> int:
    """What a row read by :func:`first_per_month` leaves out of its month: on the last row
    read of a capped month, how many were not read; 0 otherwise."""
    if per_month is None or getattr(row, "cell_rank", 0) != per_month:
        return 0
    return max(0, row.cell_total - per_month)


def register_provider(name: str, provider: Provider) -> None:
    _PROVIDERS[name] = provider


def items(
    programme,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int | None = None,
    per_month: int | None = None,
    fold: int | None = None,
    audiences: set[str] | None = None,
) -> list[DatedItem]:
    """Every provider's items in ``[since, until]``, by date; the first ``limit`` of them; with
    ``per_month``, ``fold`` and ``audiences`` as the providers read them (see above)."""
    per_provider = [
        sorted(
            (
                item
                for item in provider(
                    programme,
                    since=since,
                    until=until,
                    limit=limit,
                    per_month=per_month,
                    fold=fold,
                    audiences=audiences,
                )
                if audiences is None or item.audience in audiences
            ),
            key=lambda i: i.sort_key,
        )
        for _name, provider in sorted(_PROVIDERS.items())
    ]
    merged = heapq.merge(*per_provider, key=lambda i: i.sort_key)
    out = []
    for item in merged:
        out.append(item)
        if limit is not None and len(out) >= limit:
            break
    return out


# Owners of dated items: who creates or re-dates an item --------------------------------------
#
# Back-planning and date polls set dates on things other apps own (a copil, a group meeting).
# The owning app registers, per milestone kind, ``scheduler(programme, *, user, key, frame,
# title, date, start_time=None, end_time=None) -> str | None``: with ``key`` (a dated item's
# key) it re-dates that item; without, it finds or creates the item of the programme for the
# kit's ``frame`` (e.g. "copil-2"). It returns the item's key (or the ``series`` its items
# share), or None when it cannot (then the planning milestone stays the step's only trace). It
# must refuse — raise ValidationError — a date its own rules forbid; it runs inside the caller's
# transaction.

Scheduler = Callable[..., "str | None"]
_SCHEDULERS: dict[str, Scheduler] = {}


def register_scheduler(kind: str, scheduler: Scheduler) -> None:
    _SCHEDULERS[kind] = scheduler


def can_schedule(kind: str) -> bool:
    return kind in _SCHEDULERS


def schedule(
    programme,
    *,
    user,
    kind: str,
    key: str = "",
    frame: str = "",
    title: str = "",
    date: dt.date,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
) -> str | None:
    scheduler = _SCHEDULERS.get(kind)
    if scheduler is None:
        return None
    return scheduler(
        programme,
        user=user,
        key=key,
        frame=frame,
        title=title,
        date=date,
        start_time=start_time,
        end_time=end_time,
    )


# Poll targets: the meetings a date poll may date, with a date or still without one ---------
#
# The app that owns a kind of meeting registers ``targets(programme) -> list[(key, label)]``:
# its meetings not held yet, the key being the one its scheduler takes.

_TARGETS: dict[str, Callable[..., list[tuple[str, str]]]] = {}


def register_targets(kind: str, targets: Callable[..., list[tuple[str, str]]]) -> None:
    _TARGETS[kind] = targets


def targets(programme) -> list[tuple[str, str, str]]:
    """(kind, key, label) of every meeting still to date or to hold, kind by kind."""
    return [
        (kind, key, label)
        for kind, provider in sorted(_TARGETS.items())
        if kind in _SCHEDULERS
        for key, label in provider(programme)
    ]


# Audiences: which dated items a member sees in their own calendar feed ----------------------
#
# An app whose items are meant for some members only (a group's meetings) registers
# ``resolver(programme, user) -> set[str]``: the audiences of the programme that ``user`` belongs
# to (e.g. {"group:eco-mobilite"}); it reads in a fixed number of queries.

AUDIENCE_WIDE = ("lead", "committee", "observer")  # they read the whole programme
_AUDIENCES: list[Callable[..., set[str]]] = []


def register_audience(resolver: Callable[..., set[str]]) -> None:
    _AUDIENCES.append(resolver)


def audiences_of(programme, user) -> set[str] | None:
    """The audiences whose items ``user`` should find in their own calendar (the page and their
    feed): None — everything — for the lead, the committee, the observers and a network
    administrator; for a facilitator or a participant what every member sees ("") plus their
    own groups' meetings; nothing for someone outside the programme."""
    from copilote.programmes.permissions import roles_of

    role = roles_of(user).get(programme.pk)
    if role in AUDIENCE_WIDE or (role is None and getattr(user, "is_network_admin", False)):
        return None
    if role is None:
        return set()
    mine = {""}
    for resolver in _AUDIENCES:
        mine |= resolver(programme, user)
    return mine
