"""The survey's mail as a background task (django-tasks)."""

from __future__ import annotations

from django_scopes import scope, scopes_disabled

from copilote.assessment import mail
from copilote.core.mail import mail_task
from copilote.programmes.models import Programme


@mail_task
def send_survey(programme_id: int, base_url: str) -> int:
    with scopes_disabled():
        programme = Programme.objects.select_related("territory").get(pk=programme_id)
    with scope(territory=programme.territory):
        return mail.send_survey(programme, base_url)
