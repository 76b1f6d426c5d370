"""Writes shared by every app: the activity log."""

from __future__ import annotations

from django.db import models

from copilote.core.models import ActivityLog


def log_action(
    *,
    user,
    action: str,
    territory,
    programme=None,
    obj: models.Model | None = None,
    data: dict | None = None,
) -> ActivityLog:
    """Record that ``user`` did ``action``; ``data`` holds identifiers, never personal data."""
    return ActivityLog.objects.create(
        territory=territory,
        programme=programme,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_repr=str(obj)[:200] if obj is not None else "",
        data=data or {},
    )


def save_validated(obj: models.Model) -> models.Model:
    """``full_clean()`` then save: a service never writes what the model would refuse."""
    obj.full_clean()
    obj.save()
    return obj


def log_programme_action(user, programme, action: str, obj=None, data: dict | None = None):
    """``log_action`` for a write inside a programme."""
    return log_action(
        user=user,
        action=action,
        territory=programme.territory,
        programme=programme,
        obj=obj,
        data=data,
    )
