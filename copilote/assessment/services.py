"""Writes on the assessment: the bilan and its decision, lessons, the participant survey.

Every function is keyword-only, atomic, validates with ``full_clean()`` and logs one entry.
"""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from copilote.assessment.models import (
    Assessment,
    Lesson,
    SurveyAnswer,
    SurveyInvitation,
)
from copilote.assessment.survey import QUESTIONS
from copilote.core import locking
from copilote.core.services import log_programme_action, save_validated

ASSESSMENT_FIELDS = (
    "strengths",
    "difficulties",
    "improvements",
    "result_kinds",
    "decision",
    "decision_text",
    "arguments",
    "follow_up",
    "principles",
    "short_term",
)
SURVEY_SALT = "copilote.assessment.survey"


@transaction.atomic
def save_assessment(
    *, user, programme, version: int | None = None, base: dict | None = None, **fields
) -> Assessment:
    """Save the programme's assessment (``core.locking`` with ``version`` and ``base``). The
    first save creates it (one per programme): when two people write the first assessment at
    once, the second is checked against the first one's record (``locking.NEW``), never written
    over it."""
    assessment, fields = locking.get_or_create(
        Assessment, version=version, base=base, fields=fields, programme=programme
    )
    for field, value in fields.items():
        if field not in ASSESSMENT_FIELDS:
            raise TypeError(f"unknown assessment field {field!r}")
        setattr(assessment, field, value)
    if "arguments" in fields:
        assessment.arguments = [a for a in assessment.arguments if str(a).strip()]
    assessment.full_clean()
    locking.save(assessment)
    log_programme_action(user, programme, "assessment.save", assessment, {"pk": assessment.pk})
    return assessment


def _assessment(programme) -> Assessment:
    return Assessment.objects.get_or_create(programme=programme)[0]  # one per programme


@transaction.atomic
def save_lesson(
    *,
    user,
    programme,
    lesson: Lesson | None = None,
    text: str,
    to_kit: bool = False,
    kit_change: str = "",
    kit_value: int | None = None,
) -> Lesson:
    if lesson is None:
        assessment = _assessment(programme)
        position = (assessment.lessons.aggregate(m=Max("position"))["m"] or 0) + 1
        lesson = Lesson(assessment=assessment, position=position)
    lesson.text, lesson.to_kit = text, to_kit
    lesson.kit_change, lesson.kit_value = kit_change or "", kit_value if kit_change else None
    save_validated(lesson)
    log_programme_action(user, programme, "assessment.lesson", lesson, {"pk": lesson.pk})
    return lesson


@transaction.atomic
def delete_lesson(*, user, programme, lesson: Lesson) -> None:
    log_programme_action(user, programme, "assessment.lesson.delete", lesson, {"pk": lesson.pk})
    lesson.delete()


# The participant survey ------------------------------------------------------------------------


def survey_token(invitation: SurveyInvitation) -> str:
    """The invitation's signed link token (the same every time: the mail can be sent again)."""
    signer = signing.Signer(salt=SURVEY_SALT)
    return signer.sign_object({"i": invitation.pk, "p": invitation.programme_id})


def invitation_from_token(token: str) -> SurveyInvitation | None:
    """The invitation a signed link names, or None when the link is forged or broken."""
    try:
        data = signing.Signer(salt=SURVEY_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    from django_scopes import scopes_disabled

    with scopes_disabled():
        # An invitation without its person (purged after its period, or the contact deleted)
        # no longer opens the survey.
        return (
            SurveyInvitation.objects.select_related("programme__territory", "group")
            .filter(pk=data.get("i"), programme_id=data.get("p"), person__isnull=False)
            .first()
        )


SURVEY_LINK_DAYS = 365


@transaction.atomic
def purge_survey_links(*, now) -> int:
    """Past their period (``COPILOTE_RETENTION_DAYS["survey-links"]``, a year by default after
    the mail, or after the invitation when none went), invitations lose their person: the link
    no longer opens, the counts (invited, sent, answered) stay. Idempotent; for
    ``copilote purge``."""
    from django.db.models import Q
    from django_scopes import scopes_disabled

    from copilote.core.purge import retention

    limit = now - retention("survey-links", SURVEY_LINK_DAYS)
    with scopes_disabled():
        old = SurveyInvitation.objects.filter(person__isnull=False).filter(
            Q(sent_at__lt=limit) | Q(sent_at=None, created_at__lt=limit)
        )
        return old.update(person=None)


def register_purger() -> None:
    from copilote.core.purge import Purger, register

    register(
        Purger(
            "survey-links",
            lambda now: purge_survey_links(now=now),
            "survey links: who was invited, after the period",
        )
    )


@transaction.atomic
def invite(*, user, programme, people, group=None) -> list[SurveyInvitation]:
    """One invitation per person with an address (people already invited are skipped)."""
    people = [p for p in people if p.email]
    if not people:
        raise ValidationError(_("Nobody to invite: choose contacts with an email address."))
    for person in people:
        if person.territory_id != programme.territory_id:
            raise ValidationError(_("This contact is not in the territory."))
    already = set(
        SurveyInvitation.objects.filter(programme=programme, person__in=people).values_list(
            "person_id", flat=True
        )
    )
    created = SurveyInvitation.objects.bulk_create(
        [
            SurveyInvitation(programme=programme, person=person, group=group)
            for person in people
            if person.pk not in already
        ]
    )
    log_programme_action(user, programme, "survey.invite", None, {"count": len(created)})
    return created


def clean_answers(data: dict) -> dict:
    """The answers as stored: known questions only, scales as numbers; refuses what is missing."""
    answers, errors = {}, {}
    for question in QUESTIONS:
        value = data.get(question.key)
        if value in (None, ""):
            if question.required:
                errors[question.key] = _("Please answer this question.")
            continue
        if question.kind == "scale":
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = 0
            if number not in question.scale_values:
                errors[question.key] = _("Choose one of the answers.")
                continue
            answers[question.key] = number
        elif question.kind == "choice":
            if value not in dict(question.choices):
                errors[question.key] = _("Choose one of the answers.")
                continue
            answers[question.key] = value
        else:
            answers[question.key] = str(value)[:2000]
    if errors:
        raise ValidationError(errors)
    return answers


@transaction.atomic
def answer_survey(*, invitation: SurveyInvitation, data: dict) -> SurveyAnswer:
    """Record the answer of a signed link: once only. The answer keeps no link to the person."""
    locked = (
        SurveyInvitation.objects.select_for_update()
        .filter(pk=invitation.pk, programme=invitation.programme_id)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This survey link is no longer valid."))
    if locked.answered_at is not None:
        raise ValidationError(_("An answer was already given with this link: thank you!"))
    answers = clean_answers(data)
    answer = save_validated(
        SurveyAnswer(programme=invitation.programme, group=locked.group, answers=answers)
    )
    locked.answered_at = timezone.now()
    locked.save(update_fields=["answered_at"])
    log_programme_action(None, invitation.programme, "survey.answer", None, {})
    return answer
