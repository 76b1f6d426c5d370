"""Reads on actions: the list by group (« sans référent » first), one action, the dashboard."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from copilote.core.lists import Capped
from copilote.results.models import (
    ACTIVE_STATUSES,
    ActionStatus,
    ProgressUpdate,
    Referent,
)


def _listed(rows):
    """What a table of actions shows besides the action's own columns: whether it has a
    referent, its latest progress (``latest_percent``, None without an update) and its referents."""
    has_referent = Referent.objects.filter(action=OuterRef("pk"))
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-date", "-id")
    return rows.annotate(
        has_referent=Exists(has_referent),
        latest_percent=Subquery(latest.values("percent")[:1]),
    ).prefetch_related(
        Prefetch(
            "referents",
            queryset=Referent.objects.select_related("person__organisation", "organisation").only(
                "action_id",
                "person__first_name",
                "person__last_name",
                "person__organisation__name",
                "organisation__name",
                "committed_on",
            ),
        )
    )


def actions(programme):
    """Every action with what a list shows, in a fixed number of queries."""
    return _listed(programme.actions.select_related("group", "carrier")).prefetch_related(
        Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-date", "-id")),
        "steps",
    )


def listed(programme):
    """The actions with only what a table of actions shows (not their steps nor every update)."""
    return _listed(
        programme.actions.select_related("group").only(
            "programme_id", "group__name", "title", "status", "position"
        )
    )


def needs_referent(action) -> bool:
    return action.status in ACTIVE_STATUSES and not action.has_referent


@dataclass
class GroupOfActions:
    label: str
    group: object | None
    actions: list = field(default_factory=list)


def by_group(programme, *, public_only: bool = False) -> list[GroupOfActions]:
    """Actions by origin: the groups in their order, the transverse actions last; inside an
    origin, the actions without a referent first."""
    from django.utils.translation import gettext as _

    rows = actions(programme)
    if public_only:
        rows = rows.filter(public=True)
    groups: dict[int | None, GroupOfActions] = {}
    for group in programme.working_groups.all():
        groups[group.pk] = GroupOfActions(str(group), group)
    transverse = GroupOfActions(_("Transverse actions"), None)
    for action in rows.order_by("position", "id"):
        target = groups.get(action.group_id, transverse) if action.group_id else transverse
        target.actions.append(action)
    result = [g for g in groups.values() if g.actions] + (
        [transverse] if transverse.actions else []
    )
    for origin in result:
        origin.actions.sort(key=lambda a: not needs_referent(a))
    return result


@dataclass
class CappedOrigins:
    origins: list[GroupOfActions]
    more_origins: bool  # more groups have actions than are shown


def capped_by_group(programme, *, per_origin: int, max_origins: int) -> CappedOrigins:
    """What the actions page shows: the first ``max_origins`` groups that have actions and the
    transverse actions, each with its first ``per_origin`` actions (« sans référent » first) as
    ``origin.shown`` (a ``Capped``); and whether more groups have actions. Reads only the rows
    and columns shown, whatever the number of actions and groups."""
    from django.utils.translation import gettext as _

    with_actions = programme.actions.filter(group__isnull=False).values("group_id")
    shown_groups = programme.working_groups.filter(pk__in=with_actions)
    groups = list(shown_groups.only("programme_id", "name", "slug", "position")[: max_origins + 1])
    more_origins = len(groups) > max_origins
    origins = [GroupOfActions(str(g), g) for g in groups[:max_origins]]
    transverse = GroupOfActions(_("Transverse actions"), None)
    needs = Case(
        When(Q(status__in=ACTIVE_STATUSES, has_referent=False), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    order = [F("needs").asc(), F("position").asc(), F("id").asc()]
    shown = ("programme_id", "group_id", "title", "status", "position")
    rows = (
        _listed(programme.actions.only(*shown))
        .filter(Q(group__in=[o.group.pk for o in origins]) | Q(group__isnull=True))
        .annotate(needs=needs)
        .annotate(rank=Window(RowNumber(), partition_by=[F("group_id")], order_by=order))
        .filter(rank__lte=per_origin + 1)
        .order_by(*order)
    )
    by_pk = {o.group.pk: o for o in origins}
    for action in rows:
        by_pk.get(action.group_id, transverse).actions.append(action)
    if transverse.actions:
        origins.append(transverse)
    for origin in origins:
        origin.shown = Capped(
            items=origin.actions[:per_origin],
            more=len(origin.actions) > per_origin,
            limit=per_origin,
        )
    return CappedOrigins(origins, more_origins)


def latest_progress(action) -> ProgressUpdate | None:
    updates = list(action.updates.all())
    return updates[0] if updates else None


def counts_by_status(programme) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, in the status order."""
    counts = dict(
        programme.actions.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in ActionStatus.choices]


def referent_counts(programme) -> tuple[int, int]:
    """(with a referent, without) among the active actions."""
    active = programme.actions.filter(status__in=ACTIVE_STATUSES)
    total = active.count()
    without = active.filter(~Exists(Referent.objects.filter(action=OuterRef("pk")))).count()
    return total - without, without


@dataclass
class ActionsCard:
    total: int
    without_referent: list
    by_status: list


def dashboard_card(programme, *, limit: int = 5) -> ActionsCard:
    aggregate = programme.actions.aggregate(total=Count("id"))
    without = list(
        programme.actions.filter(status__in=ACTIVE_STATUSES)
        .filter(~Exists(Referent.objects.filter(action=OuterRef("pk"))))
        .select_related("group")
        .order_by("position", "id")[: limit + 1]
    )
    return ActionsCard(
        total=aggregate["total"],
        without_referent=without,
        by_status=[row for row in counts_by_status(programme) if row[2]],
    )


def without_referent_count(programme) -> int:
    return (
        programme.actions.filter(status__in=ACTIVE_STATUSES)
        .filter(~Exists(Referent.objects.filter(action=OuterRef("pk"))))
        .count()
    )


def proposal_model():
    """The working groups' proposals (réunion 3), once the working groups record them."""
    from django.apps import apps

    try:
        return apps.get_model("workgroups", "Proposal")
    except LookupError:
        return None


def pending_proposals(programme, *, limit: int | None = None):
    """The proposals of the programme's groups not yet turned into actions (None: no proposals
    are recorded by this installation)."""
    model = proposal_model()
    if model is None:
        return None
    converted = programme.actions.exclude(source_proposal=None).values("source_proposal")
    rows = (
        model.objects.filter(group__programme=programme)
        .exclude(pk__in=converted)
        .select_related("group")
        .order_by("group__position", "group_id", "pk")
    )
    return list(rows[:limit]) if limit else rows
