"""Control characters and failing mail servers: the committee's mail and documents hold."""

import datetime as dt
import io

import pytest
from django.core import mail as outbox
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from docx import Document as Docx

from copilote.core.models import MailDelivery
from copilote.core.tests.factories import PersonFactory
from copilote.documents.registry import DocumentRequest, render
from copilote.governance import services
from copilote.governance.models import CommitteeMeeting
from copilote.governance.tests.factories import CommitteeMemberFactory
from copilote.programmes.services import copy_kit_frames

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(programme, users):
    with scopes_disabled():
        copy_kit_frames(programme)
        for number in range(3):
            person = PersonFactory(
                territory=programme.territory, email=f"m{number}@exemple.invalid"
            )
            CommitteeMemberFactory(programme=programme, person=person)
    with scope(territory=programme.territory):
        meeting = services.create_meeting(
            user=users["lead"], programme=programme, kind="copil-1", date=dt.date(2012, 3, 6)
        )
    # What older forms (or the admin) let through: stored as it is.
    with scopes_disabled():
        CommitteeMeeting.objects.filter(pk=meeting.pk).update(
            title="Copil\r\nBcc: intrus@exemple.invalid", place="Mairie\x0bsalle 2"
        )
        section = meeting.sections.first()
        section.notes = "Ligne 1\x0bLigne 2 (Maj+Entrée de Word)\x01"
        section.save()
        meeting.refresh_from_db()
    return meeting


def test_a_cr_lf_in_the_title_neither_crashes_nor_injects_the_convocation(meeting, users):
    with scope(territory=meeting.programme.territory):
        assert services.convene(user=users["lead"], meeting=meeting) == 3
        delivery = MailDelivery.objects.get()
    assert delivery.status == "sent" and delivery.sent == 3
    assert len(outbox.outbox) == 3
    subject = outbox.outbox[0].subject
    assert "\n" not in subject and "\r" not in subject and "Copil Bcc" in subject
    assert outbox.outbox[0].message()["Bcc"] is None
    assert len(outbox.outbox[0].recipients()) == 1


def test_documents_render_whatever_control_characters_were_stored(meeting, users):
    programme = meeting.programme
    with scope(territory=programme.territory):
        for kind, fmt in (
            ("copil-minutes", "docx"),
            ("copil-minutes", "pdf"),
            ("copil-deck", "pptx"),
        ):
            document = render(kind, DocumentRequest(programme=programme, format=fmt, meeting=1))
            assert document.content
        docx = render(
            "copil-minutes", DocumentRequest(programme=programme, format="docx", meeting=1)
        )
    text = "\n".join(p.text for p in Docx(io.BytesIO(docx.content)).paragraphs)
    assert "Ligne 1Ligne 2" in text


def test_published_minutes_are_mailed_despite_control_characters(meeting, users):
    with scope(territory=meeting.programme.territory):
        services.mark_held(user=users["lead"], meeting=meeting)
        services.publish_minutes(user=users["lead"], meeting=meeting)
        delivery = MailDelivery.objects.get(kind="minutes")
    assert delivery.status == "sent" and len(outbox.outbox) == 3


def test_a_failing_server_is_retried_and_each_member_mailed_once(meeting, users, flaky):
    flaky.failing = {2}  # the first message goes, the second fails, the retry sends the rest
    with scope(territory=meeting.programme.territory):
        services.convene(user=users["lead"], meeting=meeting)
        delivery = MailDelivery.objects.get()
    assert delivery.status == "sent" and delivery.attempts == 2 and delivery.sent == 3
    assert sorted(flaky.sent) == ["m0@exemple.invalid", "m1@exemple.invalid", "m2@exemple.invalid"]


def test_a_server_that_stays_down_shows_the_failure_to_the_lead(meeting, users, flaky, client_for):
    flaky.failing = set(range(1, 100))
    with scope(territory=meeting.programme.territory):
        services.convene(user=users["lead"], meeting=meeting)
        delivery = MailDelivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == 3
    assert delivery.error == "ConnectionRefusedError" and delivery.sent == 0
    page = client_for("lead").get(
        reverse(
            "governance:meeting",
            kwargs={
                "territory": meeting.programme.territory.slug,
                "programme": meeting.programme.slug,
                "rank": meeting.rank,
            },
        )
    )
    body = page.content.decode()
    assert "Convocation : échec de l’envoi" in body and 'role="alert"' in body
