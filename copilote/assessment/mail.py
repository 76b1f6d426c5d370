"""The survey's mail: one message per invitation, with its own signed link (no account)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from copilote.assessment.models import SurveyInvitation
from copilote.assessment.services import survey_token
from copilote.core import mail as core_mail


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


def subject_key(programme) -> str:
    return f"survey:{programme.pk}"


def send_survey(programme, base_url: str) -> int:
    """Send every invitation not sent yet, with retries and a record the lead reads on the
    survey page (core.mail); only the invitations actually mailed are marked sent. Returns how
    many messages left."""
    invitations = list(
        SurveyInvitation.objects.filter(programme=programme, sent_at=None, person__isnull=False)
        .exclude(person__email="")
        .select_related("person", "programme__territory")
    )
    messages, by_address = [], {}
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
            core_mail.message(
                subject=_("Your opinion on %(programme)s") % {"programme": programme.name},
                body=body,
                to=invitation.person.email,
            )
        )
        by_address.setdefault(core_mail.address_hash(invitation.person.email), []).append(
            invitation.pk
        )
    if not messages:
        return 0
    delivery = core_mail.queue(
        programme=programme,
        kind="survey",
        subject_key=subject_key(programme),
        recipients=len(messages),
    )
    sent = core_mail.deliver(delivery.pk, messages)
    delivery.refresh_from_db()
    mailed = [pk for h in delivery.sent_hashes for pk in by_address.get(h, [])]
    SurveyInvitation.objects.filter(pk__in=mailed).update(sent_at=timezone.now())
    return sent
