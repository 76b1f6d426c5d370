"""Mail through Django's SMTP backend to a real SMTP server on the loopback interface."""

import datetime as dt
import socket
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django_scopes import scope, scopes_disabled

from copilote.core.tests.factories import PersonFactory
from copilote.governance import services
from copilote.governance.tests.factories import CommitteeMemberFactory
from copilote.programmes.services import copy_kit_frames

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()


def test_convocation_and_minutes_reach_a_real_smtp_server(smtp_server, programme, users):
    with scopes_disabled():
        copy_kit_frames(programme)
        person = PersonFactory(territory=programme.territory, email="presidente@example.org")
        CommitteeMemberFactory(programme=programme, person=person, college="collectivite")
    with scope(territory=programme.territory):
        meeting = services.create_meeting(
            user=users["lead"], programme=programme, kind="copil-1", date=dt.date(2012, 3, 6)
        )
        assert services.convene(user=users["lead"], meeting=meeting) == 1
        services.mark_held(user=users["lead"], meeting=meeting)
        services.publish_minutes(user=users["lead"], meeting=meeting)
    convocation, minutes = smtp_server.messages
    assert convocation.rcpt_tos == ["presidente@example.org"]
    assert b"BEGIN:VCALENDAR" in convocation.content
    subject = str(make_header(decode_header(message_from_bytes(convocation.content)["Subject"])))
    assert subject.startswith("Convocation") and "6 mars 2012" in subject
    parsed = message_from_bytes(minutes.content)
    assert str(make_header(decode_header(parsed["Subject"]))).startswith("Compte rendu")
    assert any(
        part.get_content_type().endswith("wordprocessingml.document") for part in parsed.walk()
    )
