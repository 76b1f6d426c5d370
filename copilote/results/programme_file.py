"""The ``actions`` section of the programme file: the actions, their referents, first steps and
progress. An action names its working group by the group's identifier (or its theme's); without
a group it is transverse. When the file has no such group yet but has the theme, the group is
created for the theme (the working groups' own section, when present, loads before this one).
An action turned from a group's proposal names it (``proposal``: the group and the text), so
that the proposal is not offered again."""

from __future__ import annotations

from django.utils.translation import gettext as _

from copilote.programmes.programme_file import Section, register
from copilote.programmes.programme_file.reader import parse_date
from copilote.programmes.programme_file.writer import compact, iso_date
from copilote.results.models import Action, ActionStatus, FirstStep, ProgressUpdate, Referent

ORDER = 700  # after the working groups, before the committee (which reads the actions)
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
TEXT = {"type": "string", "minLength": 1}
SCHEMA = {
    "type": "array",
    "description": "The actions retained (« actions retenues »), by working group or transverse.",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["title"],
        "properties": {
            "title": TEXT,
            "group": {
                "type": "string",
                "description": "The working group's identifier (or its theme's); none: transverse.",
            },
            "description": {"type": "string"},
            "status": {"enum": list(ActionStatus.values)},
            "carrier": {"type": "string", "description": "An organisation listed above."},
            "carrier_confirmed": {"type": "boolean"},
            "indicators": {"type": "array", "items": TEXT},
            "public": {"type": "boolean"},
            "proposal": {
                "type": "object",
                "additionalProperties": False,
                "required": ["group", "text"],
                "description": "The working group's proposal this action comes from.",
                "properties": {
                    "group": {**TEXT, "description": "The group's identifier."},
                    "text": TEXT,
                },
            },
            "referents": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "person": {**TEXT, "description": "A contact's full name."},
                        "organisation": TEXT,
                        "committed_on": DATE,
                    },
                },
            },
            "steps": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["what"],
                    "properties": {"what": TEXT, "due": DATE, "done": {"type": "boolean"}},
                },
            },
            "progress": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["date", "text", "percent"],
                    "properties": {
                        "date": DATE,
                        "text": TEXT,
                        "percent": {"type": "integer", "minimum": 0, "maximum": 100},
                    },
                },
            },
        },
    },
}


def export(programme) -> list:
    from copilote.results.selectors import actions
    from copilote.workgroups.models import Proposal

    proposals = {
        pk: {"group": slug, "text": text}
        for pk, slug, text in Proposal.objects.filter(group__programme=programme).values_list(
            "pk", "group__slug", "text"
        )
    }
    result = []
    for action in actions(programme).order_by("position", "id"):
        result.append(
            compact(
                {
                    "title": action.title,
                    "group": action.group.slug if action.group_id else None,
                    "description": action.description,
                    "status": action.status,
                    "carrier": action.carrier.name if action.carrier_id else None,
                    "carrier_confirmed": action.carrier_confirmed or None,
                    "indicators": action.indicators,
                    "public": action.public or None,
                    "proposal": proposals.get(action.source_proposal),
                    "referents": [
                        compact(
                            {
                                "person": str(r.person) if r.person_id else None,
                                "organisation": r.organisation.name if r.organisation_id else None,
                                "committed_on": iso_date(r.committed_on),
                            }
                        )
                        for r in action.referents.all()
                    ],
                    "steps": [
                        compact({"what": s.what, "due": iso_date(s.due), "done": s.done or None})
                        for s in action.steps.all()
                    ],
                    "progress": [
                        {"date": iso_date(u.date), "text": u.text, "percent": u.percent}
                        for u in sorted(action.updates.all(), key=lambda u: (u.date, u.pk))
                    ],
                }
            )
        )
    return result


def _group(ctx, slug: str, path):
    from copilote.workgroups.models import WorkingGroup

    programme = ctx.programme
    group = WorkingGroup.objects.filter(programme=programme, slug=slug).first()
    group = group or WorkingGroup.objects.filter(programme=programme, theme__slug=slug).first()
    if group is not None:
        return group
    theme = ctx.theme(slug, path)
    if theme is None:
        return None
    name = theme.name[:1].lower() + theme.name[1:]
    return ctx.save(
        WorkingGroup(
            programme=programme,
            theme=theme,
            slug=slug,
            name=f"Groupe {name}",
            position=theme.position,
        ),
        path,
    )


def _proposal(ctx, value: dict, path) -> int | None:
    """The proposal (of the working groups' section) an action comes from: its group's
    identifier and its text."""
    from copilote.workgroups.models import Proposal

    found = (
        Proposal.objects.filter(
            group__programme=ctx.programme, group__slug=value["group"], text=value["text"]
        )
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        ctx.problem(
            path,
            _("no proposal of the group “%(group)s” says “%(text)s”")
            % {"group": value["group"], "text": value["text"][:80]},
        )
    return found


def load(ctx, value: list) -> None:
    for i, item in enumerate(value):
        path = ("actions", i)
        action = Action(
            programme=ctx.programme,
            title=item["title"],
            description=item.get("description", ""),
            status=item.get("status", ActionStatus.RETAINED),
            carrier_confirmed=item.get("carrier_confirmed", False),
            indicators=item.get("indicators", []),
            public=item.get("public", False),
            position=i + 1,
        )
        if item.get("group"):
            action.group = _group(ctx, item["group"], (*path, "group"))
            if action.group is None:
                continue
        if item.get("carrier"):
            action.carrier = ctx.organisation(item["carrier"], (*path, "carrier"))
        if item.get("proposal"):
            action.source_proposal = _proposal(ctx, item["proposal"], (*path, "proposal"))
        if not ctx.save(action, path):
            continue
        for j, ref in enumerate(item.get("referents", [])):
            where = (*path, "referents", j)
            referent = Referent(action=action, committed_on=parse_date(ref.get("committed_on")))
            if ref.get("person"):
                referent.person = ctx.person(ref["person"], (*where, "person"))
            if ref.get("organisation"):
                referent.organisation = ctx.organisation(
                    ref["organisation"], (*where, "organisation")
                )
            ctx.save(referent, where)
        for j, step in enumerate(item.get("steps", [])):
            ctx.save(
                FirstStep(
                    action=action,
                    what=step["what"],
                    due=parse_date(step.get("due")),
                    done=step.get("done", False),
                    position=j + 1,
                ),
                (*path, "steps", j),
            )
        for j, update in enumerate(item.get("progress", [])):
            ctx.save(
                ProgressUpdate(
                    action=action,
                    date=parse_date(update["date"]),
                    text=update["text"],
                    percent=update["percent"],
                ),
                (*path, "progress", j),
            )


register(Section("actions", SCHEMA, export, load, order=ORDER))
