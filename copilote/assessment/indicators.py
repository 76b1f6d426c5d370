"""The indicators registry: each app says what it measures, the indicators page and the synthesis
draw it. The page never imports the apps.

An app registers, in its ``AppConfig.ready()``::

    register_indicator(Indicator("events.attendance", title, provider, order=30))

``provider(programme)`` returns ``None`` when it has nothing to show, else a mapping::

    {"chart": {chart spec, see ``assessment.charts``},
     "table": {"headers": [...], "rows": [[...], ...]},   # the chart's text alternative
     "summary": "one sentence a person reads at a glance" (optional)}

It reads in a fixed number of queries. Every chart has its table: the page shows both.

A chart with one bar group per event or per working group stays legible and light past
``MAX_CATEGORIES`` of them: ``measure`` keeps that many — the first ones, or the last ones when
the chart spec says ``"keep": "last"`` (the most recent events) — in the chart and in the page's
table (one row per category), and says so; the synthesis keeps every row in its table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Provider = Callable[[object], dict | None]


@dataclass(frozen=True)
class Indicator:
    key: str
    title: str
    provider: Provider
    order: int = 100


_INDICATORS: dict[str, Indicator] = {}


def register_indicator(indicator: Indicator) -> None:
    _INDICATORS[indicator.key] = indicator


def registered() -> list[Indicator]:
    return sorted(_INDICATORS.values(), key=lambda i: (i.order, i.key))


MAX_CATEGORIES = 20
PAGE_CATEGORIES = 8  # on the indicators page (an overview; the synthesis gives every figure)


def shared_reading(programme, key: str, read: Callable[[], object]):
    """What ``read()`` returns, read once per ``measure`` call: several indicators of an app
    draw on the same reading (outside ``measure``, it is read each time)."""
    memo = getattr(programme, "_indicator_memo", None)
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def capped(data: dict, *, table: bool = True, limit: int = MAX_CATEGORIES) -> dict:
    """The indicator with at most ``limit`` categories in its chart (and in its table when
    ``table`` and the table has a row per category), with a sentence saying so."""
    chart = data.get("chart")
    labels = (chart or {}).get("labels") or []
    if len(labels) <= limit:
        return data
    keep = slice(-limit, None) if chart.get("keep") == "last" else slice(limit)
    chart = {
        **chart,
        "labels": labels[keep],
        "series": [{**s, "values": s["values"][keep]} for s in chart["series"]],
    }
    data = {**data, "chart": chart}
    if chart.get("keep") == "last":
        which = _("the %(shown)s most recent of %(total)s")
    else:
        which = _("the first %(shown)s of %(total)s")
    which = which % {"shown": limit, "total": len(labels)}
    rows = data.get("table", {}).get("rows", [])
    if table and len(rows) == len(labels):
        data["table"] = {**data["table"], "rows": rows[keep]}
        data["capped"] = _("Shown: %(which)s. The synthesis gives every figure.") % {"which": which}
    else:
        data["capped"] = _("The chart shows %(which)s; the table gives every figure.") % {
            "which": which
        }
    return data


def measure(
    programme,
    *,
    with_svg: bool = True,
    full_tables: bool = False,
    limit: int = MAX_CATEGORIES,
) -> list[dict]:
    """Every indicator with data: key, title, summary, chart spec, SVG, table, and ``capped``
    (a sentence) when its chart or table was cut to ``limit`` categories; ``full_tables``
    keeps every table row (for the synthesis)."""
    from copilote.assessment.charts import render_svg

    shown = []
    programme._indicator_memo = {}
    try:
        found = [(i, i.provider(programme)) for i in registered()]
    finally:
        del programme._indicator_memo
    for indicator, data in found:
        if not data:
            continue
        data = capped(data, table=not full_tables, limit=limit)
        entry = {"key": indicator.key, "title": str(indicator.title), **data}
        if with_svg and data.get("chart"):
            entry["svg"] = render_svg(data["chart"])
        shown.append(entry)
    return shown


# The indicators of the apps on main: actors, and the actions -------------------------------------


def actors_by_kind_and_commune(programme) -> dict | None:
    """Organisations mobilised (committed) by kind and commune."""
    from copilote.actors.models import Mobilisation, OrganisationKind

    rows = list(
        Mobilisation.objects.filter(programme=programme, status="engage")
        .values("organisation__kind", "organisation__commune__name")
        .annotate(n=Count("id"))
    )
    if not rows:
        return None
    no_commune = _("Commune not given")
    communes = sorted({r["organisation__commune__name"] or no_commune for r in rows})
    kinds = [k for k in OrganisationKind if any(r["organisation__kind"] == k for r in rows)]
    counts = {
        (r["organisation__kind"], r["organisation__commune__name"] or no_commune): r["n"]
        for r in rows
    }
    series = [
        {"title": kind.label, "values": [counts.get((kind.value, c), 0) for c in communes]}
        for kind in kinds
    ]
    total = sum(r["n"] for r in rows)
    return {
        "summary": _("%(n)s organisations committed to the experimentation.") % {"n": total},
        "chart": {"type": "stacked_hbar", "labels": communes, "series": series},
        "table": {
            "headers": [_("Commune"), *[str(k.label) for k in kinds], _("Total")],
            "rows": [
                [
                    c,
                    *[counts.get((k.value, c), 0) for k in kinds],
                    sum(counts.get((k.value, c), 0) for k in kinds),
                ]
                for c in communes
            ],
        },
    }


def actions_by_status(programme) -> dict | None:
    from copilote.results.selectors import counts_by_status

    rows = [row for row in counts_by_status(programme) if row[2]]
    if not rows:
        return None
    return {
        "summary": _("%(n)s actions in all.") % {"n": sum(r[2] for r in rows)},
        "chart": {
            "type": "hbar",
            "labels": [str(r[1]) for r in rows],
            "series": [{"title": _("Actions"), "values": [r[2] for r in rows]}],
        },
        "table": {
            "headers": [_("Status"), _("Actions")],
            "rows": [[str(r[1]), r[2]] for r in rows],
        },
    }


def actions_with_referent(programme) -> dict | None:
    from copilote.results.selectors import referent_counts

    with_referent, without = referent_counts(programme)
    if not with_referent and not without:
        return None
    labels = [_("With a referent"), _("Without a referent")]
    return {
        "summary": _("%(with)s of %(total)s actions under way have a referent.")
        % {"with": with_referent, "total": with_referent + without},
        "chart": {
            "type": "hbar",
            "labels": labels,
            "series": [{"title": _("Actions"), "values": [with_referent, without]}],
        },
        "table": {
            "headers": [_("Actions under way"), _("Number")],
            "rows": [[labels[0], with_referent], [labels[1], without]],
        },
    }


def register_defaults() -> None:
    register_indicator(
        Indicator(
            "actors.committed",
            gettext_lazy("Actors mobilised, by kind and commune"),
            actors_by_kind_and_commune,
            order=10,
        )
    )
    register_indicator(
        Indicator("results.status", gettext_lazy("Actions by status"), actions_by_status, order=60)
    )
    register_indicator(
        Indicator(
            "results.referents",
            gettext_lazy("Actions with and without a referent"),
            actions_with_referent,
            order=61,
        )
    )
