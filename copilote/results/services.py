"""Writes on actions: the action itself, its referents, first steps and progress updates.

Every function is keyword-only, atomic, validates with ``full_clean()`` and logs one entry.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from copilote.core import locking
from copilote.core.services import log_programme_action, save_validated
from copilote.results.models import (
    Action,
    ActionStatus,
    FirstStep,
    ProgressUpdate,
    Referent,
)

ACTION_FIELDS = (
    "group",
    "title",
    "description",
    "status",
    "carrier",
    "carrier_confirmed",
    "indicators",
    "public",
)


def _next_position(queryset) -> int:
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def save_action(
    *,
    user,
    programme,
    action: Action | None = None,
    version: int | None = None,
    base: dict | None = None,
    **fields,
) -> Action:
    """Create or update an action (``core.locking`` with ``version`` and ``base``)."""
    creating = action is None
    if creating:
        action = Action(programme=programme, position=_next_position(programme.actions.all()))
    fields = locking.check(action, version=version, base=base, fields=fields)
    for field, value in fields.items():
        if field not in ACTION_FIELDS:
            raise TypeError(f"unknown action field {field!r}")
        setattr(action, field, value)
    action.full_clean()
    locking.save(action)
    log_programme_action(
        user, programme, "action.create" if creating else "action.update", action, {"pk": action.pk}
    )
    return action


@transaction.atomic
def delete_action(*, user, action: Action) -> None:
    programme = action.programme
    log_programme_action(user, programme, "action.delete", action, {"pk": action.pk})
    action.delete()


@transaction.atomic
def add_referent(
    *,
    user,
    action: Action,
    person=None,
    organisation=None,
    committed_on: dt.date | None = None,
) -> Referent:
    """A volunteer steps in; an action that was looking for a referent is now retained."""
    if person is None and organisation is None:
        raise ValidationError(_("Name a contact or an organisation."))
    duplicate = action.referents.filter(person=person, organisation=organisation).exists()
    if duplicate:
        raise ValidationError(_("This referent already carries the action."))
    referent = save_validated(
        Referent(action=action, person=person, organisation=organisation, committed_on=committed_on)
    )
    if action.status == ActionStatus.SEEKING:
        action.status = ActionStatus.RETAINED
        action.save(update_fields=["status", "updated_at"])
    log_programme_action(user, action.programme, "action.referent.add", action, {"pk": action.pk})
    return referent


@transaction.atomic
def remove_referent(*, user, referent: Referent) -> None:
    action = referent.action
    referent.delete()
    log_programme_action(
        user, action.programme, "action.referent.remove", action, {"pk": action.pk}
    )


@transaction.atomic
def save_step(
    *, user, action: Action, step: FirstStep | None = None, what: str, due=None, done=False
) -> FirstStep:
    if step is None:
        step = FirstStep(action=action, position=_next_position(action.steps.all()))
    step.what, step.due, step.done = what, due, done
    save_validated(step)
    log_programme_action(user, action.programme, "action.step.save", action, {"pk": action.pk})
    return step


@transaction.atomic
def delete_step(*, user, step: FirstStep) -> None:
    action = step.action
    step.delete()
    log_programme_action(user, action.programme, "action.step.delete", action, {"pk": action.pk})


@transaction.atomic
def add_progress(*, user, action: Action, date: dt.date, text: str, percent: int) -> ProgressUpdate:
    """Record progress; 100 % marks the action carried out, some progress puts it in progress."""
    if percent is None or percent < 0 or percent > 100:
        raise ValidationError({"percent": _("A progress is between 0 and 100 %.")})
    update = save_validated(ProgressUpdate(action=action, date=date, text=text, percent=percent))
    status = action.status
    if percent == 100 and status != ActionStatus.ABANDONED:
        action.status = ActionStatus.DONE
    elif percent > 0 and status in (ActionStatus.RETAINED, ActionStatus.PROPOSED):
        action.status = ActionStatus.IN_PROGRESS
    if action.status != status:
        action.save(update_fields=["status", "updated_at"])
    log_programme_action(user, action.programme, "action.progress", action, {"pk": action.pk})
    return update


@transaction.atomic
def actions_from_proposals(*, user, programme, proposals) -> list[Action]:
    """Turn a group's proposals into retained actions in one step (each proposal once)."""
    proposals = list(proposals)
    done = set(
        programme.actions.filter(source_proposal__in=[p.pk for p in proposals]).values_list(
            "source_proposal", flat=True
        )
    )
    created = []
    position = _next_position(programme.actions.all())
    for proposal in proposals:
        if proposal.pk in done:
            continue
        if proposal.group.programme_id != programme.pk:
            raise ValidationError(_("This proposal is not in the experimentation."))
        text = proposal.text.strip()
        title = text.split("\n")[0][:300]
        action = Action(
            programme=programme,
            group=proposal.group,
            title=title,
            description=text if text != title else "",
            status=ActionStatus.SEEKING,
            source_proposal=proposal.pk,
            position=position,
        )
        save_validated(action)
        position += 1
        created.append(action)
    if not created:
        raise ValidationError(_("These proposals are already actions."))
    log_programme_action(
        user, programme, "action.from_proposals", None, {"pks": [a.pk for a in created]}
    )
    return created
