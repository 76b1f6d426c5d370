"""The user's role in a programme, and the predicates every app's ``rules.py`` builds on.

A user's rights come from their role in a programme (``Membership``). Memberships are read once
per request (with their programmes, which the menu of the user's programmes shows) and kept on
the user object, so checking many objects costs no extra query.
"""

from __future__ import annotations

import rules
from django_scopes import scopes_disabled

ROLES_CACHE = "_copilote_roles"
MEMBERSHIPS_CACHE = "_copilote_memberships"


def memberships_of(user) -> list:
    """The user's memberships with their programme and territory (one query, then cached): the
    roles and the menu of the user's programmes are both read from them."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, MEMBERSHIPS_CACHE, None)
    if cached is None:
        from copilote.programmes.models import Membership

        # Filtered by user: reading one's own memberships across territories is safe.
        with scopes_disabled():
            rows = Membership.objects.filter(user=user).select_related("programme__territory")
            cached = list(rows.order_by())
        setattr(user, MEMBERSHIPS_CACHE, cached)
    return cached


def roles_of(user) -> dict[int, str]:
    """Programme id -> role, for every membership of ``user`` (one query, then cached)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, ROLES_CACHE, None)
    if cached is None:
        cached = {m.programme_id: m.role for m in memberships_of(user)}
        setattr(user, ROLES_CACHE, cached)
    return cached


def forget_roles(user) -> None:
    """Drop the cached roles (after a membership of ``user`` changed)."""
    for name in (ROLES_CACHE, MEMBERSHIPS_CACHE):
        if hasattr(user, name):
            delattr(user, name)


def programme_of(obj):
    """The programme an object belongs to: the object itself or its ``programme`` attribute."""
    from copilote.programmes.models import Programme

    if obj is None or isinstance(obj, Programme):
        return obj
    return getattr(obj, "programme", None)


def role_in(user, obj) -> str | None:
    programme = programme_of(obj)
    if programme is None:
        return None
    return roles_of(user).get(programme.pk)


def has_role(*roles: str):
    """A predicate true when the user holds one of ``roles`` in the object's programme."""

    @rules.predicate(name=f"has_role({', '.join(roles)})")
    def predicate(user, obj) -> bool:
        return role_in(user, obj) in roles

    return predicate


is_member = has_role("lead", "committee", "facilitator", "participant", "observer")
is_lead = has_role("lead")
is_committee = has_role("lead", "committee")
