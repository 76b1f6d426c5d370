"""The ``results`` live block (« Les résultats » of the final copil): the actions, their origin,
their referents and where they stand."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from copilote.governance import live
from copilote.results import selectors
from copilote.results.models import ActionStatus


def referents_text(action) -> str:
    return ", ".join(str(r) for r in action.referents.all())


def status_text(action) -> str:
    latest = selectors.latest_progress(action)
    text = action.get_status_display()
    if latest and action.status == ActionStatus.IN_PROGRESS:
        text = f"{text} – {latest.percent} %"
    return text


def summary(origins) -> str:
    groups = [o for o in origins if o.group is not None]
    in_groups = sum(len(o.actions) for o in groups)
    transverse = sum(len(o.actions) for o in origins if o.group is None)
    parts = []
    if in_groups:
        parts.append(
            ngettext(
                "%(n)s action from %(groups)s working group",
                "%(n)s actions from %(groups)s working groups",
                in_groups,
            )
            % {"n": in_groups, "groups": len(groups)}
        )
    if transverse:
        parts.append(
            ngettext("%(n)s transverse action", "%(n)s transverse actions", transverse)
            % {"n": transverse}
        )
    total = in_groups + transverse
    return ngettext(
        "%(n)s action retained: %(parts)s.", "%(n)s actions retained: %(parts)s.", total
    ) % {"n": total, "parts": _(" and ").join(parts)}


def results_items(programme) -> list[dict]:
    origins = selectors.by_group(programme)
    for origin in origins:
        origin.actions = [a for a in origin.actions if a.status != ActionStatus.PROPOSED]
    origins = [o for o in origins if o.actions]
    if not origins:
        return []
    rows = []
    for origin in origins:
        for action in sorted(origin.actions, key=lambda a: (a.position, a.id)):
            who = referents_text(action) or _("referent to find")
            if action.carrier_id and action.carrier.name not in who:
                who = f"{who}\n" + _("Carried by %(carrier)s") % {"carrier": action.carrier}
            rows.append([action.title, origin.label, who, status_text(action)])
    return [
        {"type": "paragraph", "text": summary(origins)},
        {
            "type": "table",
            "headers": [_("Action"), _("Origin"), _("Referents"), _("Status")],
            "rows": rows,
        },
    ]


def results(programme, meeting) -> dict:
    items = results_items(programme) or [
        live.empty(_("The results will appear once the actions are entered."))
    ]
    return {"title": _("Results"), "items": items}


def first_steps_items(programme, *, limit: int = 8) -> list[dict]:
    """The first things still to do on the actions being carried, by date."""
    from copilote.results.models import ACTIVE_STATUSES, FirstStep

    steps = (
        FirstStep.objects.filter(
            action__programme=programme, action__status__in=ACTIVE_STATUSES, done=False
        )
        .select_related("action")
        .order_by("due", "position", "id")[:limit]
    )
    rows = [
        [s.action.title, s.what, formats.date_format(s.due, "j F Y") if s.due else ""]
        for s in steps
    ]
    if not rows:
        return []
    return [
        {
            "type": "table",
            "title": _("The first things to do"),
            "headers": [_("Action"), _("First step"), _("By")],
            "rows": rows,
        }
    ]


def register() -> None:
    live.register_block("results", results)
