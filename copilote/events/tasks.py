"""The registrants' mail as background tasks (django-tasks: immediate in the demo and the tests,
the database backend in production, so that workers send it)."""

from __future__ import annotations

from django_scopes import scope, scopes_disabled

from copilote.core.mail import mail_task
from copilote.events import mail
from copilote.events.models import Registration


@mail_task
def send_registration_mail(registration_id: int, kind: str, base_url: str = "") -> int:
    with scopes_disabled():
        registration = (
            Registration.objects.select_related("event__programme__territory")
            .filter(pk=registration_id)
            .first()
        )
    if registration is None:  # erased meanwhile
        return 0
    with scope(territory=registration.event.programme.territory):
        return mail.send(registration, kind, base_url)
