"""Reads of the calendar: the programme's timeline (every app's dated items, each step once)
and the month-by-month grid (the Gantt) that the calendar page, the copil deck, the minutes and
the synthesis all show."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from django.utils import formats, translation
from django.utils.translation import gettext as _

from copilote.core import versions
from copilote.planning import dated
from copilote.planning.models import Milestone, PlanPhase

STREAM_ORDER = ("steps", "committee", "committee-tasks", "events", "groups")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    return dt.date(day.year + index // 12, index % 12 + 1, 1)


LINKABLE = ("committee", "event", "group_meeting")


def _kind(item: dated.DatedItem) -> str:
    return "event" if item.stream == "events" else item.kind


def timeline(
    programme, *, since=None, until=None, per_month=None, fold=None, audiences=None
) -> list[dated.DatedItem]:
    """Every dated item of the programme, each step once (``per_month``, ``fold`` and
    ``audiences``: the providers' capped reads, see :mod:`copilote.planning.dated`).

    A milestone stands for another app's item when it names it (``stands_for``: the item's key,
    or the ``series`` several items share, e.g. every group's meeting 1), or — for a copil, an
    event or a group meeting — when an item of the same kind falls in its month (the kit's
    calendar step that the meeting became). The milestone is then not shown itself: the items
    are, with the milestone's planned date as their baseline.
    """
    items = dated.items(
        programme, since=since, until=until, per_month=per_month, fold=fold, audiences=audiences
    )
    links = {
        m["stands_for"]: m
        for m in Milestone.objects.filter(programme=programme)
        .exclude(stands_for="")
        .values("pk", "stands_for", "planned", "start")
    }
    present = {item.key for item in items} | {item.series for item in items if item.series}
    linked = {f"milestone-{m['pk']}" for key, m in links.items() if key in present}
    baseline = {key: m["planned"] or m["start"] for key, m in links.items() if key in present}
    others: dict[tuple[str, dt.date], list[dated.DatedItem]] = {}
    for item in items:
        if not item.key.startswith("milestone-") and _kind(item) in LINKABLE:
            others.setdefault((_kind(item), month_start(item.start)), []).append(item)
    for item in items:
        if not item.key.startswith("milestone-") or item.key in linked or item.kind not in LINKABLE:
            continue
        match = others.get((item.kind, month_start(item.start)))
        if match:
            linked.add(item.key)
            for other in match:
                if item.planned and other.key not in baseline:
                    baseline[other.key] = item.planned
    out = []
    for item in items:
        if item.key in linked:
            continue
        planned = baseline.get(item.key) or (item.series and baseline.get(item.series))
        if planned and planned != item.start and item.planned is None:
            item = dataclasses.replace(item, planned=planned)
        out.append(item)
    return out


def planned_text(item: dated.DatedItem) -> str:
    """The baseline as French readers expect it; one on the 1st is the kit's « Fév 2013 »."""
    month_only = item.precision == "month" or item.planned.day == 1
    return formats.date_format(item.planned, "F Y" if month_only else "j F Y")


def slippage(item: dated.DatedItem) -> str:
    """« +4 mois », « +12 jours », « −3 jours », or "" when on time / not planned."""
    if not item.planned or item.planned == item.start:
        return ""
    days = (item.start - item.planned).days
    months = (item.start.year - item.planned.year) * 12 + item.start.month - item.planned.month
    sign = "+" if days > 0 else "−"
    if abs(days) >= 45 and months:
        return _("%(sign)s%(n)s months") % {"sign": sign, "n": abs(months)}
    return _("%(sign)s%(n)s days") % {"sign": sign, "n": abs(days)}


@dataclass
class Entry:
    text: str
    when: str
    url: str = ""
    done: bool = False
    slip: str = ""
    planned: bool = False  # the ghost of a slipped step in its planned month
    bar: bool = False  # continues a span (phase) from the previous month


@dataclass
class Row:
    key: str
    label: str
    cells: list[list[Entry]] = field(default_factory=list)


GAP_MONTHS = 3  # a run of at least that many months with nothing becomes one « … » column


@dataclass
class Grid:
    """Columns by month; a column may stand for a run of empty months (a gap: ``months[i]`` is
    its first month, ``ends[i]`` its last), so a long programme stays readable."""

    months: list[dt.date]
    rows: list[Row]
    ends: list[dt.date] = field(default_factory=list)

    def __post_init__(self):
        if not self.ends:
            self.ends = list(self.months)

    def is_gap(self, index: int) -> bool:
        return self.ends[index] != self.months[index]

    @property
    def gaps(self) -> list[int]:
        return [i for i in range(len(self.months)) if self.is_gap(i)]

    def gap_text(self, index: int) -> str:
        """« Aucune étape de juillet 2013 à septembre 2027 » for a gap column."""
        return _("Nothing from %(first)s to %(last)s") % {
            "first": formats.date_format(self.months[index], "F Y"),
            "last": formats.date_format(self.ends[index], "F Y"),
        }

    @property
    def labels(self) -> list[str]:
        """Month names; « … » for a gap (its months are in :meth:`gap_text`)."""
        return [
            "…" if self.is_gap(i) else formats.date_format(m, "F Y")
            for i, m in enumerate(self.months)
        ]

    @property
    def first_label(self) -> str:
        return formats.date_format(self.months[0], "F Y")

    @property
    def last_label(self) -> str:
        return formats.date_format(self.ends[-1], "F Y")

    @property
    def columns(self) -> list[dict]:
        """The header cells of the page and the print: label, and for a gap what it hides."""
        return [
            {"label": label, "gap": self.gap_text(i) if self.is_gap(i) else ""}
            for i, label in enumerate(self.labels)
        ]

    @property
    def document_labels(self) -> list[str]:
        """The headers of slides and minutes: a gap says its span (« … avril 2013 – mai 2014 »)."""
        return [
            "… " + formats.date_format(m, "F Y") + " – " + formats.date_format(self.ends[i], "F Y")
            if self.is_gap(i)
            else formats.date_format(m, "F Y")
            for i, m in enumerate(self.months)
        ]

    def pages(self, size: int) -> list[Grid]:
        """The grid in pieces of at most ``size`` columns, evenly cut (slides, A4 pages): their
        sizes differ by one month at most."""
        from copilote.documents.blocks import even_pieces

        if len(self.months) <= size:
            return [self]
        return [
            Grid(
                self.months[cut],
                [Row(r.key, r.label, r.cells[cut]) for r in self.rows],
                self.ends[cut],
            )
            for cut in even_pieces(len(self.months), size)
        ]

    def collapsed(self, run: int = GAP_MONTHS) -> Grid:
        """The grid with every run of at least ``run`` months empty in every row as one column."""
        empty = [not any(r.cells[i] for r in self.rows) for i in range(len(self.months))]
        keep: list[tuple[int, int]] = []  # (first, last) column indexes of each new column
        i = 0
        while i < len(self.months):
            j = i
            while empty[i] and j + 1 < len(self.months) and empty[j + 1]:
                j += 1
            if empty[i] and j - i + 1 >= run:
                keep.append((i, j))
                i = j + 1
            else:
                keep.append((i, i))
                i += 1
        if len(keep) == len(self.months):
            return self
        return Grid(
            [self.months[a] for a, _b in keep],
            [Row(r.key, r.label, [r.cells[a] for a, _b in keep]) for r in self.rows],
            [self.ends[b] for _a, b in keep],
        )


def _stream(item: dated.DatedItem) -> tuple[str, str]:
    """The Gantt row of an item: the planning's own steps go to the row of their kind."""
    if item.key.startswith("milestone-"):
        return {
            "committee": ("committee", _("Steering committee")),
            "event": ("events", _("Collective events")),
            "group_meeting": ("groups", _("Working groups")),
        }.get(item.kind, ("steps", _("Steps")))
    if item.stream.startswith("group:"):
        return item.stream, item.stream_label
    if item.kind == "event" or item.stream == "events":
        return "events", _("Collective events")
    return item.stream, item.stream_label


MAX_GROUP_ROWS = 12  # past this many working groups, their rows fold into one
MAX_PER_CELL = 6  # past this many items in a month, the cell names five and counts the rest


def grid_timeline(programme, *, audiences=None) -> list[dated.DatedItem]:
    """The timeline as the grid reads it: at most ``MAX_PER_CELL`` items of a row in a month
    (the rest counted), the working groups folded past ``MAX_GROUP_ROWS`` of them — so the
    calendar costs the same whatever the size of the programme."""
    return timeline(programme, per_month=MAX_PER_CELL, fold=MAX_GROUP_ROWS, audiences=audiences)


def gantt(programme, *, items: list[dated.DatedItem] | None = None, audiences=None) -> Grid | None:
    """The whole programme month by month: phases as bars, then every dated item in its row
    (``items``: from :func:`grid_timeline`, read when not given). None when nothing is dated
    yet."""
    if items is None:
        items = grid_timeline(programme, audiences=audiences)
    phases = list(
        PlanPhase.objects.filter(programme=programme, start__isnull=False).order_by(
            "position", "id"
        )
    )
    days = [i.start for i in items] + [i.last_day for i in items]
    days += [i.planned for i in items if i.planned and not i.count]
    days += [p.start for p in phases] + [p.end for p in phases if p.end]
    if not days:
        return None
    first, last = month_start(min(days)), month_start(max(days))
    months = [first]
    while months[-1] < last:
        months.append(next_month(months[-1]))
    index = {m: i for i, m in enumerate(months)}

    rows: dict[str, Row] = {}
    left_out: dict[tuple[str, int], int] = {}  # (row, month): the items the reads left out

    def row(key: str, label: str) -> Row:
        if key not in rows:
            rows[key] = Row(key, label, [[] for _m in months])
        return rows[key]

    for phase in phases:
        target = row(f"phase:{phase.key}", phase.title)
        month, stop = month_start(phase.start), month_start(phase.end or phase.start)
        when = formats.date_format(phase.start, "F Y")
        if phase.end:
            when += " – " + formats.date_format(phase.end, "F Y")
        while month <= stop:
            target.cells[index[month]].append(
                Entry(phase.title, when, bar=month != month_start(phase.start))
            )
            month = next_month(month)
    for item in items:
        key, label = _stream(item)
        target = row(key, label)
        text = item.short_title or item.title
        if item.count:  # a folded row: a step of many groups
            text = _("%(step)s: %(n)s groups") % {"step": text, "n": item.count}
        slip = "" if item.count else slippage(item)
        month, stop = month_start(item.start), month_start(item.last_day)
        while month <= stop:
            if item.more:  # those its read left out started with it: counted over its span
                cell = (key, index[month])
                left_out[cell] = left_out.get(cell, 0) + item.more
            target.cells[index[month]].append(
                Entry(
                    text,
                    item.when,
                    url=item.url,
                    done=item.done,
                    slip=slip,
                    bar=month != month_start(item.start),
                )
            )
            month = next_month(month)
        if slip and month_start(item.planned) in index:
            planned_when = planned_text(item)
            target.cells[index[month_start(item.planned)]].append(
                Entry(item.short_title or item.title, planned_when, planned=True, slip=slip)
            )

    def order(r: Row) -> tuple:
        if r.key.startswith("phase:"):
            return (0, 0, "")
        if r.key in STREAM_ORDER:
            return (1, STREAM_ORDER.index(r.key), "")
        if r.key.startswith("group:"):
            return (1, len(STREAM_ORDER), r.label)
        return (2, 0, r.label)

    ordered = sorted(rows.values(), key=order)  # stable: phases keep their order
    for r in ordered:
        r.cells = [_capped(cell, left_out.get((r.key, i), 0)) for i, cell in enumerate(r.cells)]
    return Grid(months, ordered).collapsed()


def _capped(cell: list[Entry], left_out: int = 0) -> list[Entry]:
    """A month of a row: past ``MAX_PER_CELL`` items (with those the reads ``left_out``), the
    first five and how many more."""
    if len(cell) + left_out <= MAX_PER_CELL:
        return cell
    rest = len(cell) + left_out - (MAX_PER_CELL - 1)
    return [*cell[: MAX_PER_CELL - 1], Entry(_("and %(n)s more") % {"n": rest}, "")]


@dataclass
class Page:
    """What the calendar page shows of the programme, for one reader."""

    grid: Grid | None
    print_pages: list[Grid]
    slipped: list[tuple[dated.DatedItem, str, str]]  # the first ``SLIPPED_SHOWN``
    slipped_more: int  # slipped steps read beyond those
    partial: bool  # crowded months were counted, not read: their slippage is not all listed


PRINT_MONTHS = 8  # months per A4 landscape page
SLIPPED_SHOWN = 12
PAGE_CACHE_SECONDS = 24 * 3600


def page(programme, *, audiences=None) -> Page:
    """The calendar page's grid (screen and print) and slippage, from the capped reads."""
    items = grid_timeline(programme, audiences=audiences)
    grid = gantt(programme, items=items)
    late = [(i, planned_text(i), slippage(i)) for i in items if not i.count and slippage(i)]
    return Page(
        grid=grid,
        print_pages=grid.pages(PRINT_MONTHS) if grid else [],
        slipped=late[:SLIPPED_SHOWN],
        slipped_more=len(late[SLIPPED_SHOWN:]),
        partial=any(i.more for i in items),
    )


def page_key(programme, *, audiences, today: dt.date) -> str:
    """What the rendered calendar of a reader is cached under: the territory's content version
    (any write in the territory makes it again), the reader's audiences, the day (events pass),
    the language."""
    return ":".join(
        [
            str(programme.pk),
            versions.content_version(programme.territory_id),
            "*" if audiences is None else ",".join(sorted(audiences)),
            today.isoformat(),
            translation.get_language() or "",
        ]
    )


def entry_text(entry: Entry) -> str:
    """One entry as plain text, for slides and minutes."""
    if entry.bar:
        return entry.text  # the same text month after month: documents draw it as one bar
    if entry.planned:
        return _("%(title)s (planned)") % {"title": entry.text}
    text = entry.text if len(entry.text) <= 60 else entry.text[:57].rstrip() + "…"
    if entry.slip:
        text += f" ({entry.slip})"
    return text


PHASES = "phases"  # the key of the phases' shared row (documents give it its own column)
SLIDE_MONTHS = 4  # months a slide or a portrait page shows readably


def months_block(grid: Grid, *, title: str = "") -> dict:
    """The grid as a live block's ``months`` item; rows empty over these months are left out."""
    # The phases share one row on a slide (as in the kit's calendar); the other rows follow.
    phases = [r for r in grid.rows if r.key.startswith("phase:")]
    others = [r for r in grid.rows if not r.key.startswith("phase:")]
    rows = []
    if any(any(r.cells) for r in phases):
        cells = [
            "\n".join(e.text for r in phases for e in r.cells[i]) for i in range(len(grid.months))
        ]
        rows.append({"key": PHASES, "label": _("Phases"), "cells": cells})
    rows += [
        {
            "label": r.label,
            "cells": ["\n".join(entry_text(e) for e in cell) for cell in r.cells],
        }
        for r in others
        if any(r.cells)
    ]
    item = {"type": "months", "months": grid.document_labels, "rows": rows}
    if grid.gaps:
        item["gaps"] = grid.gaps  # narrow columns
    if title:
        item["title"] = title
    return item


def months_blocks(grid: Grid, *, size: int = SLIDE_MONTHS) -> list[dict]:
    """The whole programme as ``months`` items of at most ``size`` months each (one slide or
    one page each), titled with their span; nothing is cut."""
    pages = grid.pages(size)
    if len(pages) == 1:
        return [months_block(grid)]
    return [months_block(page, title=f"{page.first_label} – {page.last_label}") for page in pages]


# Date polls ------------------------------------------------------------------------------------


@dataclass
class SlotResult:
    slot: object
    yes: int = 0
    maybe: int = 0
    no: int = 0
    best: bool = False

    @property
    def score(self) -> tuple[int, int]:
        # The most « oui », then the most « si besoin ».
        return (self.yes, self.maybe)


def poll_results(poll) -> tuple[list[SlotResult], list]:
    """Each slot's counts (the best one marked) and the voters with their answers."""
    from copilote.planning.models import PollAnswer

    slots = list(poll.slots.all())
    results = {s.pk: SlotResult(s) for s in slots}
    voters = list(poll.voters.all())
    by_voter: dict[int, dict[int, str]] = {}
    for answer in PollAnswer.objects.filter(voter__poll=poll).values(
        "voter_id", "slot_id", "answer"
    ):
        by_voter.setdefault(answer["voter_id"], {})[answer["slot_id"]] = answer["answer"]
        result = results[answer["slot_id"]]
        setattr(result, answer["answer"], getattr(result, answer["answer"]) + 1)
    ordered = [results[s.pk] for s in slots]
    if ordered and any(r.yes or r.maybe for r in ordered):
        top = max(r.score for r in ordered)
        for r in ordered:
            r.best = r.score == top
    rows = [(v, [by_voter.get(v.pk, {}).get(s.pk, "") for s in slots]) for v in voters]
    return ordered, rows


def poll_targets(programme) -> list[tuple[str, str]]:
    """The meetings a poll may date: copils and group meetings still to hold, dated or not
    (the chosen slot then gives them their date)."""
    return [(key, label) for _kind, key, label in dated.targets(programme)]
