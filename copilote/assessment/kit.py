"""Lessons « à reporter dans le kit du territoire »: the territory's next programme starts from
frames that carry them (registered as a frame adjuster of ``programmes.services``)."""

from __future__ import annotations

from copilote.assessment.models import KitChange, Lesson


def territory_lessons(programme):
    """The territory's lessons carried into its kit, from other programmes, latest first."""
    return (
        Lesson.objects.filter(assessment__programme__territory=programme.territory_id, to_kit=True)
        .exclude(assessment__programme=programme)
        .exclude(kit_change="")
        .order_by("-assessment__programme__created_at", "-id")
    )


def adjust_frames(programme, frames) -> None:
    """Apply the latest lesson of each kind: e.g. 4 group meetings instead of 3 (the kit's
    optional 4th meeting becomes part of the series)."""
    applied = set()
    for lesson in territory_lessons(programme):
        if lesson.kit_change in applied:
            continue
        applied.add(lesson.kit_change)
        if lesson.kit_change == KitChange.GROUP_MEETINGS and lesson.kit_value:
            count = lesson.kit_value
            for frame in frames:
                if frame.kind == "group_meeting":
                    frame.data["optional"] = frame.data.get("rank", 0) > count
            if programme.meetings_per_group != count:
                programme.meetings_per_group = count
                programme.save(update_fields=["meetings_per_group"])
