"""The survey's mail: one message per invitation, with its own signed link (no account)."""

from __future__ import annotations

from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from copilote.assessment.models import SurveyInvitation
from copilote.assessment.services import survey_token


def survey_url(invitation: SurveyInvitation, base_url: str) -> str:
    programme = invitation.programme
    path = reverse(
        "assessment:survey_answer",
        kwargs={
            "territory": programme.territory.slug,
            "programme": programme.slug,
            "token": survey_token(invitation),
        },
    )
    return base_url.rstrip("/") + path


def send_survey(programme, base_url: str) -> int:
    """Send every invitation not sent yet; returns how many messages left."""
    invitations = list(
        SurveyInvitation.objects.filter(programme=programme, sent_at=None, person__isnull=False)
        .exclude(person__email="")
        .select_related("person", "programme__territory")
    )
    messages = []
    for invitation in invitations:
        body = "\n".join(
            [
                _("Hello,"),
                "",
                _(
                    "You took part in the experimentation %(programme)s. Tell us in a few "
                    "minutes what it brought you: your answer is anonymous and helps the "
                    "steering committee decide what comes next."
                )
                % {"programme": programme.name},
                "",
                survey_url(invitation, base_url),
                "",
                _("This link is yours: it accepts one answer."),
            ]
        )
        messages.append(
            EmailMessage(
                subject=_("Your opinion on %(programme)s") % {"programme": programme.name},
                body=body,
                to=[invitation.person.email],
            )
        )
    sent = get_connection().send_messages(messages) if messages else 0
    SurveyInvitation.objects.filter(pk__in=[i.pk for i in invitations]).update(
        sent_at=timezone.now()
    )
    return sent or 0
