"""Writes of the calendar: milestones, the back-planned calendar, feed addresses, date polls.

Every function is keyword-only, atomic, validates with ``full_clean()`` and logs one entry.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from copilote.core.services import log_programme_action, save_validated
from copilote.planning import backplan, dated
from copilote.planning.models import (
    Answer,
    CalendarFeed,
    Milestone,
    Poll,
    PollAnswer,
    PollSlot,
    PollVoter,
    new_token,
)

# Milestones ------------------------------------------------------------------------------------


@transaction.atomic
def save_milestone(*, user, programme, milestone: Milestone | None = None, **fields) -> Milestone:
    """Create a step (``milestone`` None) or change it; a first date becomes its baseline."""
    creating = milestone is None
    if creating:
        milestone = Milestone(programme=programme)
    for name, value in fields.items():
        setattr(milestone, name, value)
    if milestone.phase_id and milestone.phase.programme_id != programme.pk:
        raise ValidationError({"phase": _("Choose a phase of this experimentation.")})
    if milestone.planned is None:
        milestone.planned = milestone.start
    save_validated(milestone)
    if not creating and milestone.stands_for and "start" in fields:
        # The step became another app's item (a copil, an event, the groups' meetings): its
        # new date is theirs, set by the app that owns them.
        dated.schedule(
            programme,
            user=user,
            kind=milestone.kind,
            key=milestone.stands_for,
            title=milestone.title,
            date=milestone.start,
        )
    log_programme_action(
        user, programme, "milestone.create" if creating else "milestone.update", milestone
    )
    return milestone


@transaction.atomic
def delete_milestone(*, user, milestone: Milestone) -> None:
    log_programme_action(user, milestone.programme, "milestone.delete", milestone)
    milestone.delete()


# Back-planning ---------------------------------------------------------------------------------


def calendar_frame(programme) -> dict:
    frame = programme.frames.filter(kind="calendar", key="default").first()
    if frame is None:
        raise ValidationError(_("This experimentation has no calendar frame from the kit."))
    return frame.data


def _schedule_owned(programme, user, steps, milestones) -> None:
    """Ask the owning apps (copils…) to date their items, in an order their own date checks
    accept: ascending, or — when items move later — descending."""
    owned = [s for s in steps if dated.can_schedule(s.kind) and s.frame]
    for order in (owned, list(reversed(owned))):
        try:
            with transaction.atomic():
                for step in order:
                    milestone = milestones[step.key]
                    key = dated.schedule(
                        programme,
                        user=user,
                        kind=step.kind,
                        key=milestone.stands_for,
                        frame=step.frame,
                        title=step.title,
                        date=step.date,
                    )
                    if key and key != milestone.stands_for:
                        milestone.stands_for = key
                        milestone.save(update_fields=["stands_for"])
            return
        except ValidationError:
            if order is not owned:
                raise


@transaction.atomic
def apply_plan(*, user, programme, steps: list[backplan.Step], baseline: bool) -> list[Milestone]:
    """Save the confirmed calendar: one milestone per step (its baseline too when ``baseline``
    or when it had none), the phases' dates, and the owning apps' items dated."""
    if any(s.date is None for s in steps):
        raise ValidationError(_("Every step needs a date."))
    ordered = sorted(steps, key=lambda s: s.date)
    if [s.key for s in ordered] != [s.key for s in steps]:
        raise ValidationError(_("The steps must keep the kit's order: check the dates."))
    calendar = calendar_frame(programme)
    phases = {p.key: p for p in programme.plan_phases.all()}
    spans = backplan.phase_spans(calendar, steps)
    for key, (start, end) in spans.items():
        phase = phases.get(key)
        if phase is None:
            continue
        phase.start, phase.end = start, end
        save_validated(phase)
    meetings = sum(1 for s in steps if s.kind == "group_meeting")
    if meetings and programme.meetings_per_group != meetings:
        # The working groups' series follows the calendar's meetings (3, or the kit's 4th).
        programme.meetings_per_group = meetings
        save_validated(programme)
    existing = {m.key: m for m in programme.milestones.exclude(key="")}
    saved = {}
    for step in steps:
        milestone = existing.get(step.key) or Milestone(programme=programme, key=step.key)
        milestone.title = milestone.title or step.title
        milestone.kind = step.kind
        milestone.phase = phases.get(step.phase)
        milestone.start = step.date
        milestone.precision = "day"
        if baseline or milestone.planned is None:
            milestone.planned = step.date
        save_validated(milestone)
        saved[step.key] = milestone
    _schedule_owned(programme, user, steps, saved)
    dates = [s.date for s in steps]
    programme.start_date, programme.end_date = min(dates), max(dates)
    save_validated(programme)
    log_programme_action(
        user, programme, "calendar.plan", programme, {"steps": len(steps), "baseline": baseline}
    )
    return list(saved.values())


# Calendar feeds --------------------------------------------------------------------------------


def feed_for(*, programme=None, user=None) -> CalendarFeed:
    """The feed's address (created the first time it is asked for)."""
    if programme is not None:
        feed, _created = CalendarFeed.objects.get_or_create(programme=programme)
    else:
        feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def regenerate_feed(*, user, programme=None) -> CalendarFeed:
    """A new secret address; the old one answers 404 from now on."""
    feed = feed_for(programme=programme, user=None if programme else user)
    feed.token = new_token()
    save_validated(feed)
    if programme is not None:
        log_programme_action(user, programme, "calendar.feed_regenerate", programme)
    return feed


# Date polls ------------------------------------------------------------------------------------


@transaction.atomic
def create_poll(
    *,
    user,
    programme,
    title: str,
    target: str,
    target_kind: str,
    deadline: dt.datetime,
    remind_days: int,
    slots: list[tuple[dt.date, dt.time | None, dt.time | None]],
    voters: list[tuple[str, str]],
) -> Poll:
    if deadline <= timezone.now():
        raise ValidationError({"deadline": _("The deadline must be in the future.")})
    if len(slots) < 2:
        raise ValidationError({"slots": _("Propose at least two dates.")})
    if not voters:
        raise ValidationError({"voters": _("Invite at least one person.")})
    if any(day < deadline.date() for day, *_t in slots):
        raise ValidationError({"slots": _("A proposed date cannot be before the deadline.")})
    poll = save_validated(
        Poll(
            programme=programme,
            title=title,
            target=target,
            target_kind=target_kind,
            deadline=deadline,
            remind_days=remind_days,
            created_by=user,
        )
    )
    for day, start, end in slots:
        save_validated(PollSlot(poll=poll, date=day, start_time=start, end_time=end))
    seen = set()
    for name, email in voters:
        if email.lower() in seen:
            continue
        seen.add(email.lower())
        save_validated(PollVoter(poll=poll, name=name, email=email))
    log_programme_action(user, programme, "poll.create", poll, {"slots": len(slots)})
    return poll


def is_open(poll: Poll, now: dt.datetime | None = None) -> bool:
    return poll.chosen_id is None and (now or timezone.now()) < poll.deadline


@transaction.atomic
def answer_poll(*, voter: PollVoter, answers: dict[int, str], comment: str = "") -> PollVoter:
    poll = Poll.objects.select_for_update().get(pk=voter.poll_id)
    if not is_open(poll):
        raise ValidationError(_("This poll is closed: answers are no longer accepted."))
    slots = set(poll.slots.values_list("pk", flat=True))
    if set(answers) != slots or not set(answers.values()) <= set(Answer.values):
        raise ValidationError(_("Answer every proposed date with yes, if need be or no."))
    voter.answers.all().delete()
    PollAnswer.objects.bulk_create(
        PollAnswer(voter=voter, slot_id=slot, answer=value) for slot, value in answers.items()
    )
    voter.comment = comment
    voter.answered_at = timezone.now()
    save_validated(voter)
    log_programme_action(None, poll.programme, "poll.answer", poll, {"voter": voter.pk})
    return voter


@transaction.atomic
def choose_slot(*, user, poll: Poll, slot: PollSlot) -> Poll:
    """The chosen date becomes the meeting's date (through the app that owns it); the people
    asked then get the invitation."""
    if poll.chosen_id:
        raise ValidationError(_("A date was already chosen for this poll."))
    if slot.poll_id != poll.pk:
        raise ValidationError(_("Choose one of the poll's dates."))
    key = dated.schedule(
        poll.programme,
        user=user,
        kind=poll.target_kind,
        key=poll.target,
        title=poll.title,
        date=slot.date,
        start_time=slot.start_time,
        end_time=slot.end_time,
    )
    if key is None:
        raise ValidationError(_("This meeting cannot be dated from here."))
    poll.chosen = slot
    save_validated(poll)
    log_programme_action(user, poll.programme, "poll.choose", poll, {"slot": slot.pk})
    return poll


@transaction.atomic
def mark_reminded(*, poll: Poll) -> None:
    poll.reminded_at = timezone.now()
    poll.save(update_fields=["reminded_at"])
