"""The working groups' mail as background tasks (django-tasks)."""

from __future__ import annotations

from django_scopes import scope, scopes_disabled

from copilote.core.mail import mail_task
from copilote.workgroups import mail
from copilote.workgroups.models import Member


@mail_task
def send_invitation(member_id: int, signed: str, base_url: str) -> int:
    with scopes_disabled():
        member = Member.objects.select_related(
            "group__programme__territory", "candidate__person"
        ).get(pk=member_id)
    with scope(territory=member.group.programme.territory):
        return mail.send_invitation(member, signed, base_url)
