"""The ``assessment``, ``follow_up`` and ``short_term`` live blocks of the final copil:
« Le bilan », « Les suites du projet », « Les actions concrètes à court terme »."""

from __future__ import annotations

from django.utils.translation import gettext as _

from copilote.assessment import selectors
from copilote.governance import live


def _bullets(title: str, lines) -> list[dict]:
    lines = [str(line) for line in lines if str(line).strip()]
    return [{"type": "bullets", "title": title, "items": lines}] if lines else []


def lesson_text(lesson) -> str:
    if lesson.to_kit:
        return f"{lesson.text} " + _("(to carry into the territory’s kit)")
    return lesson.text


def assessment_items(assessment, *, lessons: bool = True) -> list[dict]:
    if assessment is None:
        return []
    lesson_lines = [lesson_text(x) for x in assessment.lessons.all()] if lessons else []
    return [
        *_bullets(_("Strengths"), assessment.strengths),
        *_bullets(_("Difficulties met"), assessment.difficulties),
        *_bullets(_("Lessons"), lesson_lines),
        *_bullets(_("Ways to improve"), assessment.improvements),
        *_bullets(_("Kinds of results"), assessment.result_kinds),
    ]


def follow_up_items(assessment) -> list[dict]:
    if assessment is None or not (assessment.decision or assessment.follow_up):
        return []
    items = []
    if assessment.decision:
        line = _("Decision: %(decision)s") % {"decision": assessment.get_decision_display()}
        if assessment.decision_text:
            line = f"{line}. {assessment.decision_text}"
        items.append({"type": "paragraph", "text": line})
        items += _bullets(_("Arguments"), assessment.arguments)
    items += _bullets(_("Main lines of what follows"), assessment.follow_up)
    items += _bullets(_("Principles for what follows"), assessment.principles)
    return items


def assessment(programme, meeting) -> dict:
    items = assessment_items(selectors.assessment_of(programme)) or [
        live.empty(_("The assessment will appear once it is entered."))
    ]
    return {"title": _("Assessment"), "items": items}


def follow_up(programme, meeting) -> dict:
    items = follow_up_items(selectors.assessment_of(programme)) or [
        live.empty(_("The decision on what follows will appear once it is entered."))
    ]
    return {"title": _("What follows"), "items": items}


def short_term(programme, meeting) -> dict:
    from copilote.results.live import first_steps_items

    found = selectors.assessment_of(programme)
    items = _bullets(_("Short-term plan"), found.short_term if found else [])
    items += first_steps_items(programme)
    if not items:
        items = [live.empty(_("The short-term plan will appear once it is entered."))]
    return {"title": _("Action plan"), "items": items}


def register() -> None:
    live.register_block("assessment", assessment)
    live.register_block("follow_up", follow_up)
    live.register_block("short_term", short_term)
