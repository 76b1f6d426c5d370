"""The ``members`` section of the programme file: the people who use the experimentation and
their role (username, name, email, role). Never a password: an imported account has none until
its owner chooses one (« Mot de passe oublié » or an invitation)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from copilote.programmes.models import Membership, Role
from copilote.programmes.permissions import forget_roles
from copilote.programmes.programme_file.sections import Section, register

MEMBERS = {
    "type": "array",
    "description": "Accounts and roles; never a password.",
    "items": {
        "type": "object",
        "required": ["username", "role"],
        "additionalProperties": False,
        "properties": {
            "username": {"type": "string", "minLength": 1, "maxLength": 150},
            "first_name": {"type": "string"},
            "last_name": {"type": "string"},
            "email": {"type": "string", "format": "email"},
            "role": {"enum": list(Role.values)},
        },
    },
}


def export_members(programme) -> list[dict]:
    rows = programme.memberships.select_related("user").order_by("role", "user__username")
    out = []
    for m in rows:
        item = {"username": m.user.username}
        for field in ("first_name", "last_name", "email"):
            if getattr(m.user, field):
                item[field] = getattr(m.user, field)
        item["role"] = m.role
        out.append(item)
    return out


def load_members(context, value: list[dict]) -> None:
    User = get_user_model()
    seen = set()
    for i, item in enumerate(value):
        path = ("members", i)
        username = item["username"]
        if username in seen:
            context.problem((*path, "username"), _("this account is listed twice"))
            continue
        seen.add(username)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=item.get("first_name", ""),
                last_name=item.get("last_name", ""),
                email=item.get("email", ""),
            )
            user.set_unusable_password()
            if context.save(user, path) is None:
                continue
        elif item.get("email") and user.email and user.email.lower() != item["email"].lower():
            context.problem(
                (*path, "email"),
                _("the account “%(username)s” exists with another email address")
                % {"username": username},
            )
            continue
        context.save(Membership(user=user, programme=context.programme, role=item["role"]), path)
        forget_roles(user)


def register_sections() -> None:
    register(Section("members", MEMBERS, export_members, load_members, order=5))
