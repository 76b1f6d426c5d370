"""What the steering committee holds on a person (RGPD), and how it is erased.

Seats and tasks point to the contact, which the directory anonymises; what this holder adds is
the published minutes: their frozen content names the person, so the name and the address are
replaced there by the person's pseudonym.
"""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from copilote.actors.personal_data import (
    Holder,
    identifying_terms,
    people_with_email,
    pseudonym,
    register,
    register_free_text,
)
from copilote.governance.models import CommitteeMeeting, CommitteeMember, Task


def _export(email: str) -> list[dict]:
    out = []
    for person in people_with_email(email):
        for seat in CommitteeMember.objects.filter(person=person).select_related("programme"):
            out.append(
                {
                    "programme": seat.programme.name,
                    "committee_seat": seat.get_college_display(),
                    "position": seat.position,
                }
            )
        for task in Task.objects.filter(owner_person=person).select_related("programme"):
            out.append(
                {
                    "programme": task.programme.name,
                    "task": task.what,
                    "due": task.due.isoformat() if task.due else None,
                    "status": task.status,
                }
            )
    return out


def _replace(value, old: list[str], new: str):
    text = json.dumps(value, ensure_ascii=False)
    for item in old:
        text = text.replace(json.dumps(item, ensure_ascii=False)[1:-1], new)
    return json.loads(text)


def _erase(email: str) -> int:
    changed = 0
    for person in people_with_email(email):
        # The name as shown, and every other copy of it or of the phone (free text of notes).
        names = sorted(
            {n for n in (str(person), person.email, *identifying_terms(email)) if n},
            key=len,
            reverse=True,
        )
        meetings = CommitteeMeeting.objects.filter(programme__territory=person.territory_id)
        for meeting in meetings.exclude(snapshot={}):
            snapshot = _replace(meeting.snapshot, names, pseudonym(person))
            if snapshot != meeting.snapshot:
                meeting.snapshot = snapshot
                meeting.save(update_fields=["snapshot"])
                changed += 1
    return changed


def _warnings(email: str) -> list[str]:
    seats = CommitteeMember.objects.filter(person__in=people_with_email(email)).select_related(
        "programme"
    )
    return [
        _(
            "This person sits on the steering committee of “%(programme)s”: the seat stays, "
            "the name goes."
        )
        % {"programme": seat.programme.name}
        for seat in seats
    ]


def register_holder() -> None:
    register(Holder("committee", _export, _erase, warnings=_warnings))
    # Free text where a name may be typed: erased by the directory's traces holder.
    register_free_text(
        "committee_meetings", "governance.CommitteeMeeting", ["purpose", "next_composition"]
    )
    register_free_text("committee_notes", "governance.AgendaSection", ["notes", "remark"])
    register_free_text("committee_decisions", "governance.Decision", ["text"])
    register_free_text("committee_tasks", "governance.Task", ["what"])
