"""Retention: what has outlived its period is deleted by ``copilote purge`` (idempotent).

Every app that keeps data for a limited time registers a ``Purger`` from its
``AppConfig.ready()`` (events: registrations after the event; assessment: survey links...):
``purge(now) -> int`` deletes what is older than its period and returns how many rows went.
Periods come from ``COPILOTE_RETENTION_DAYS`` (days per key, e.g. the environment's
``mailings=365,survey-links=365``); the events' registrations keep the period their consent
named (events.services.RETENTION_MONTHS).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class Purger:
    key: str
    purge: Callable[[dt.datetime], int]
    description: str = ""


_PURGERS: dict[str, Purger] = {}


def register(purger: Purger) -> None:
    _PURGERS[purger.key] = purger


def purgers() -> list[Purger]:
    return [p for _k, p in sorted(_PURGERS.items())]


def retention(key: str, default_days: int) -> dt.timedelta:
    days = getattr(settings, "COPILOTE_RETENTION_DAYS", {}).get(key, default_days)
    return dt.timedelta(days=int(days))


def purge_all(now: dt.datetime | None = None) -> dict[str, int]:
    """Run every purger, each in its own transaction; returns rows deleted per key."""
    from django_scopes import scopes_disabled

    now = now or timezone.now()
    counts = {}
    with scopes_disabled():  # every territory
        for purger in purgers():
            with transaction.atomic():
                counts[purger.key] = purger.purge(now)
    return counts


def _purge_mailings(now: dt.datetime) -> int:
    from django_scopes import scopes_disabled

    from copilote.core.models import MailDelivery

    with scopes_disabled():
        old = MailDelivery.objects.filter(created_at__lt=now - retention("mailings", 365))
        return old.delete()[0]


register(Purger("mailings", _purge_mailings, "records of sent mailings"))
