"""The mail of the apps added after core.mail (events, working groups, survey) goes through it:
single-line headers whatever was typed, a failing server retried, the outcome recorded, each
person mailed once, and the survey's failure shown to the lead."""

import pytest
from django.core import mail as outbox
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from copilote.assessment import services as survey
from copilote.assessment.models import SurveyInvitation
from copilote.assessment.tasks import send_survey
from copilote.core.models import MailDelivery
from copilote.core.tests.factories import PersonFactory
from copilote.events import services as events
from copilote.events.tests.factories import EventFactory
from copilote.workgroups import services as workgroups
from copilote.workgroups.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoped(programme):
    with scope(territory=programme.territory):
        yield programme


def test_a_cr_lf_in_an_event_title_neither_crashes_nor_injects_the_confirmation(scoped):
    event = EventFactory(programme=scoped, title="Rencontre\r\nBcc: intrus@exemple.invalid")
    events.register(
        event=event,
        name="Léa Martin",
        email="lea@exemple.invalid",
        kind="association",
        consent=True,
    )
    sent = outbox.outbox[-1]
    assert "\n" not in sent.subject and "Rencontre Bcc" in sent.subject
    assert sent.message()["Bcc"] is None and sent.recipients() == ["lea@exemple.invalid"]
    delivery = MailDelivery.objects.get(kind="registration-confirmation")
    assert delivery.status == "sent" and delivery.sent == 1


def test_a_group_invitation_is_retried_and_recorded(scoped, users, flaky):
    flaky.failing = {1}
    member = MemberFactory(group__programme=scoped, group__name="Emploi\x0b et insertion")
    assert workgroups.send_invitation(user=users["lead"], member=member)
    delivery = MailDelivery.objects.get(kind="group-invitation")
    assert delivery.status == "sent" and delivery.attempts == 2
    assert flaky.sent == [member.candidate.email]


def test_a_survey_sent_while_the_server_is_down_is_recorded_and_shown(
    scoped, users, flaky, client_for
):
    people = [
        PersonFactory(territory=scoped.territory, email=f"s{n}@exemple.invalid") for n in range(3)
    ]
    survey.invite(user=users["lead"], programme=scoped, people=people)
    flaky.failing = {2, 3, 4, 5}  # the first message goes, the server then stays down
    assert send_survey.enqueue(scoped.pk, "http://testserver").return_value == 1
    delivery = MailDelivery.objects.get(kind="survey")
    assert delivery.status == "failed" and delivery.attempts == 3 and delivery.sent == 1
    with scopes_disabled():
        marked = SurveyInvitation.objects.exclude(sent_at=None)
        assert [i.person.email for i in marked] == flaky.sent == ["s0@exemple.invalid"]
    page = client_for("lead").get(
        reverse(
            "assessment:survey",
            kwargs={"territory": scoped.territory.slug, "programme": scoped.slug},
        )
    )
    body = page.content.decode()
    assert "échec de l’envoi" in body and 'role="alert"' in body

    flaky.failing = set()  # sending again mails only those not mailed yet
    assert send_survey.enqueue(scoped.pk, "http://testserver").return_value == 2
    assert sorted(flaky.sent) == [p.email for p in people]
