"""Reads on the assessment: the bilan, the survey's aggregated results."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import ngettext

from copilote.assessment.models import Assessment, SurveyAnswer, SurveyInvitation
from copilote.assessment.survey import MIN_BREAKDOWN, QUESTIONS
from copilote.core import versions

PAGE_CACHE_SECONDS = 24 * 3600


def page_indicators(programme, *, today: dt.date) -> list[dict]:
    """What the indicators page shows — every indicator measured (its first or latest
    ``PAGE_CATEGORIES`` categories: the synthesis gives them all), its chart as an image — kept
    in the cache for the territory's content version: the figures are counted again only after
    a change anywhere in the territory (or the next day)."""
    key = ":".join(
        [
            "indicators-page",
            str(programme.pk),
            versions.content_version(programme.territory_id),
            today.isoformat(),
            translation.get_language() or "",
        ]
    )
    return cache.get_or_set(key, lambda: _page_indicators(programme), PAGE_CACHE_SECONDS)


def _page_indicators(programme) -> list[dict]:
    from copilote.assessment import indicators
    from copilote.assessment.charts import data_uri

    shown = indicators.measure(programme, limit=indicators.PAGE_CATEGORIES)
    for entry in shown:
        svg = entry.pop("svg", "")
        entry["image"] = data_uri(svg) if svg else ""
    return shown


def assessment_of(programme) -> Assessment | None:
    """The programme's assessment with its lessons (two queries), or None."""
    found = Assessment.objects.filter(programme=programme).prefetch_related("lessons").first()
    return found


def survey_status(programme) -> dict:
    counts = SurveyInvitation.objects.filter(programme=programme).aggregate(
        invited=Count("id"), sent=Count("id", filter=Q(sent_at__isnull=False))
    )
    return {**counts, "answered": SurveyAnswer.objects.filter(programme=programme).count()}


def _aggregate(answers: list[dict]) -> list[dict]:
    result = []
    for question in QUESTIONS:
        values = [a.get(question.key) for a in answers if a.get(question.key) not in (None, "")]
        entry = {"question": question, "count": len(values)}
        if question.kind == "scale":
            counts = [sum(1 for v in values if v == i) for i in question.scale_values]
            entry["counts"] = list(zip(question.scale_labels, counts, strict=True))
            entry["mean"] = round(sum(values) / len(values), 1) if values else None
        elif question.kind == "choice":
            entry["counts"] = [
                (label, sum(1 for v in values if v == key)) for key, label in question.choices
            ]
        else:
            # Free text: shown without a name, in a stable order that does not follow submission;
            # the same answer given by several people once, with their number.
            same = Counter(" ".join(str(v).split()) for v in values)
            entry["texts"] = [
                text
                if n == 1
                else ngettext("%(text)s (%(n)s answer)", "%(text)s (%(n)s answers)", n)
                % {"text": text, "n": n}
                for text, n in sorted(same.items())
            ]
        result.append(entry)
    return result


def survey_results(programme) -> dict:
    """Every question aggregated; a breakdown by group only for groups of 5 answers or more."""
    rows = list(
        SurveyAnswer.objects.filter(programme=programme)
        .select_related("group")
        .only("answers", "group__name", "group__position")
    )
    by_group: dict[str, list[dict]] = {}
    for row in rows:
        if row.group_id:
            by_group.setdefault(row.group.name, []).append(row.answers)
    groups = [
        {"name": name, "count": len(answers), "questions": _aggregate(answers)}
        for name, answers in sorted(by_group.items())
        if len(answers) >= MIN_BREAKDOWN
    ]
    return {
        "count": len(rows),
        "questions": _aggregate([r.answers for r in rows]),
        "groups": groups,
        "hidden_groups": sum(1 for a in by_group.values() if len(a) < MIN_BREAKDOWN),
    }


def group_people(group):
    """The contacts taking part in a working group (once the groups record their participants)."""
    from django.core.exceptions import FieldError

    from copilote.actors.models import Person

    try:
        people = Person.objects.filter(group_candidacies__memberships__group=group).distinct()
        people.query.__str__()  # resolves the lookups now
    except FieldError:
        return Person.objects.none()
    return people


def groups_with_people(programme):
    from copilote.workgroups.models import WorkingGroup

    groups = WorkingGroup.objects.filter(programme=programme)
    return groups if any(group_people(g).exists() for g in groups[:20]) else groups.none()
