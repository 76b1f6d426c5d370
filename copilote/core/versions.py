"""A territory's content version: what a cached rendering of its data is keyed by.

Every write of a service logs one activity entry (``core.services.log_action``), so the latest
entry of the territory's log changes whenever its data changes. Documents (``documents.delivery``)
and the parts of pages that depend only on the data (e.g. a meeting's live blocks) are cached
under this version and computed again only after a change.
"""

from __future__ import annotations

from copilote.core.models import ActivityLog


def content_version(territory_id: int) -> str:
    last = (
        ActivityLog.objects.filter(territory_id=territory_id)
        .order_by("-id")
        .values_list("id", flat=True)[:1]
    )
    return f"log-{last[0] if last else 0}"
