"""What the survey holds on a person (RGPD): the invitation sent to them. Their answer is kept
apart from them (no link to the invitation), so it is not personal data and stays in the
aggregates; erasing the person deletes the invitation."""

from __future__ import annotations

from copilote.actors.personal_data import (
    Holder,
    people_with_email,
    register,
    register_free_text,
)
from copilote.assessment.models import SurveyInvitation


def _invitations(email: str):
    return SurveyInvitation.objects.filter(person__in=people_with_email(email)).select_related(
        "programme"
    )


def _export(email: str) -> list[dict]:
    return [
        {
            "programme": i.programme.name,
            "survey_sent": i.sent_at.isoformat() if i.sent_at else None,
            "answered": i.answered_at is not None,
        }
        for i in _invitations(email)
    ]


def _erase(email: str) -> int:
    count, _detail = _invitations(email).delete()
    return count


def register_holder() -> None:
    register(Holder("survey", _export, _erase))
    # Free text where a name may be typed: erased by the directory's traces holder.
    register_free_text("assessment", "assessment.Assessment", ["decision_text"])
    register_free_text("assessment_lessons", "assessment.Lesson", ["text"])
