"""The ``assessment`` and ``survey`` sections of the programme file: the bilan with its lessons and
decision; the survey's invitations and its answers (answers carry no name)."""

from __future__ import annotations

import datetime as dt

from copilote.assessment.models import (
    Assessment,
    DecisionChoice,
    KitChange,
    Lesson,
    SurveyAnswer,
    SurveyInvitation,
)
from copilote.programmes.programme_file import Section, register
from copilote.programmes.programme_file.writer import compact

LINES = {"type": "array", "items": {"type": "string", "minLength": 1}}
LIST_FIELDS = (
    "strengths",
    "difficulties",
    "improvements",
    "result_kinds",
    "arguments",
    "follow_up",
    "principles",
    "short_term",
)
ASSESSMENT_SCHEMA = {
    "type": "object",
    "description": "The assessment (« le bilan ») and the decision on what follows.",
    "additionalProperties": False,
    "properties": {
        **{name: LINES for name in LIST_FIELDS},
        "lessons": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["text"],
                "properties": {
                    "text": {"type": "string", "minLength": 1},
                    "to_kit": {"type": "boolean"},
                    "kit_change": {"enum": [c for c in KitChange.values if c]},
                    "kit_value": {"type": "integer", "minimum": 1, "maximum": 8},
                },
            },
        },
        "decision": {"enum": list(DecisionChoice.values)},
        "decision_text": {"type": "string"},
    },
}
TIMESTAMP = {"type": "string", "format": "date-time"}
SURVEY_SCHEMA = {
    "type": "object",
    "description": "The participant survey: who was invited, and the answers (without names).",
    "additionalProperties": False,
    "properties": {
        "invitations": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["person"],
                "properties": {
                    "person": {"type": "string", "minLength": 1},
                    "group": {"type": "string"},
                    "sent_at": TIMESTAMP,
                    "answered_at": TIMESTAMP,
                },
            },
        },
        "answers": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["answers"],
                "properties": {
                    "group": {"type": "string"},
                    "submitted_at": TIMESTAMP,
                    "answers": {"type": "object"},
                },
            },
        },
    },
}


def _ts(value) -> str | None:
    return value.isoformat() if value else None


def _parse_ts(value):
    return dt.datetime.fromisoformat(value) if value else None


def export_assessment(programme) -> dict:
    found = Assessment.objects.filter(programme=programme).first()
    if found is None:
        return {}
    return compact(
        {
            **{name: getattr(found, name) for name in LIST_FIELDS},
            "lessons": [
                compact(
                    {
                        "text": lesson.text,
                        "to_kit": lesson.to_kit or None,
                        "kit_change": lesson.kit_change,
                        "kit_value": lesson.kit_value,
                    }
                )
                for lesson in found.lessons.all()
            ],
            "decision": found.decision,
            "decision_text": found.decision_text,
        }
    )


def load_assessment(ctx, value: dict) -> None:
    assessment = Assessment(
        programme=ctx.programme,
        decision=value.get("decision", ""),
        decision_text=value.get("decision_text", ""),
        **{name: list(value.get(name, [])) for name in LIST_FIELDS},
    )
    if not ctx.save(assessment, ("assessment",)):
        return
    for i, item in enumerate(value.get("lessons", [])):
        ctx.save(
            Lesson(
                assessment=assessment,
                text=item["text"],
                to_kit=item.get("to_kit", False),
                kit_change=item.get("kit_change", ""),
                kit_value=item.get("kit_value"),
                position=i + 1,
            ),
            ("assessment", "lessons", i),
        )


def export_survey(programme) -> dict:
    invitations = SurveyInvitation.objects.filter(programme=programme).select_related(
        "person", "group"
    )
    answers = SurveyAnswer.objects.filter(programme=programme).select_related("group")
    return compact(
        {
            "invitations": [
                compact(
                    {
                        "person": str(i.person),
                        "group": i.group.slug if i.group_id else None,
                        "sent_at": _ts(i.sent_at),
                        "answered_at": _ts(i.answered_at),
                    }
                )
                for i in invitations
                if i.person_id
            ],
            "answers": [
                compact(
                    {
                        "group": a.group.slug if a.group_id else None,
                        "submitted_at": _ts(a.submitted_at),
                        "answers": a.answers,
                    }
                )
                for a in answers
            ],
        }
    )


def _group(ctx, slug, path):
    from copilote.workgroups.models import WorkingGroup

    if not slug:
        return None
    found = WorkingGroup.objects.filter(programme=ctx.programme, slug=slug).first()
    if found is None:
        ctx.problem(path, f"groupe de travail inconnu « {slug} »")
    return found


def load_survey(ctx, value: dict) -> None:
    from django.core.exceptions import ValidationError

    from copilote.assessment.services import clean_answers

    for i, item in enumerate(value.get("invitations", [])):
        path = ("survey", "invitations", i)
        ctx.save(
            SurveyInvitation(
                programme=ctx.programme,
                person=ctx.person(item["person"], (*path, "person")),
                group=_group(ctx, item.get("group"), (*path, "group")),
                sent_at=_parse_ts(item.get("sent_at")),
                answered_at=_parse_ts(item.get("answered_at")),
            ),
            path,
        )
    for i, item in enumerate(value.get("answers", [])):
        path = ("survey", "answers", i)
        try:
            answers = clean_answers(item["answers"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    ctx.problem((*path, "answers", field), message)
            continue
        answer = SurveyAnswer(
            programme=ctx.programme,
            group=_group(ctx, item.get("group"), (*path, "group")),
            answers=answers,
        )
        if item.get("submitted_at"):
            answer.submitted_at = _parse_ts(item["submitted_at"])
        ctx.save(answer, path)


register(Section("assessment", ASSESSMENT_SCHEMA, export_assessment, load_assessment, order=750))
register(Section("survey", SURVEY_SCHEMA, export_survey, load_survey, order=760))
