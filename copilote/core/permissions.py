"""Permission helpers that know no app: the network administrator and the admin site's rights.

Roles in a programme live in ``copilote.programmes.permissions``.
"""

from __future__ import annotations

import rules


@rules.predicate
def is_network_admin(user) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_network_admin", False))


def add_admin_perms(app_label: str, *models: str) -> None:
    """Give network administrators the administration site's rights on ``models`` (and the app
    itself, so that the administration index lists it: rules asks for a permission named like
    the app)."""
    if not rules.perm_exists(app_label):
        rules.add_perm(app_label, is_network_admin)
    for model in models:
        for action in ("view", "add", "change", "delete"):
            name = f"{app_label}.{action}_{model}"
            if not rules.perm_exists(name):
                rules.add_perm(name, is_network_admin)
