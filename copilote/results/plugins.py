"""How the results plug into the pages that gather from many apps: the dashboard's card and
next steps (« 3 actions sans référent »), the calendar's dated items (first steps)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from copilote.planning.dated import DatedItem, first_per_month, left_out, register_provider
from copilote.programmes.dashboard import Card, NextStep, register_card, register_next_steps
from copilote.results import selectors
from copilote.results.models import ACTIVE_STATUSES, FirstStep


def _url(programme, name: str = "results:index") -> str:
    return reverse(
        name, kwargs={"territory": programme.territory.slug, "programme": programme.slug}
    )


def actions_card(programme, *, user, today):
    return selectors.dashboard_card(programme)


def next_steps(programme, *, user, today) -> list[NextStep]:
    count = selectors.without_referent_count(programme)
    if not count:
        return []
    text = ngettext(
        "%(n)s action without a referent", "%(n)s actions without a referent", count
    ) % {"n": count}
    return [NextStep(text, _url(programme), urgent=True)]


def first_steps(
    programme, *, since=None, until=None, limit=None, per_month=None, fold=None, audiences=None
) -> list[DatedItem]:
    """The first steps of the actions under way, for every member."""
    rows = FirstStep.objects.filter(
        action__programme=programme, action__status__in=ACTIVE_STATUSES, due__isnull=False
    )
    if since:
        rows = rows.filter(due__gte=since)
    if until:
        rows = rows.filter(due__lte=until)
    rows = first_per_month(
        rows.select_related("action"), date="due", per_month=per_month, order=("due", "id")
    ).order_by("due", "id")
    if limit:
        rows = rows[:limit]
    base = _url(programme)
    return [
        DatedItem(
            key=f"action-step-{s.pk}",
            title=f"{s.action.title} – {s.what}",
            start=s.due,
            stream="actions",
            stream_label=_("Actions"),
            kind="other",
            url=f"{base}{s.action_id}/",
            done=s.done,
            more=left_out(s, per_month),
        )
        for s in rows
    ]


def register() -> None:
    register_card(Card("actions", "results/dashboard_card.html", actions_card, order=60))
    register_next_steps(next_steps)
    register_provider("results.first_steps", first_steps)
