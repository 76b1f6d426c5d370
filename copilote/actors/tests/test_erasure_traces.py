"""Complete erasure: after ``person erase`` no copy of the name, phone or address is left
anywhere in the database (a full dump is searched), and ``person export`` lists every place."""

import io

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django_scopes import scopes_disabled

from copilote.actors.models import Interaction
from copilote.actors.personal_data import erase_person, export_person
from copilote.actors.tests.factories import MobilisationFactory
from copilote.core.services import log_action
from copilote.core.tests.factories import PersonFactory, UserFactory
from copilote.events.tests.factories import EventFactory, EventItemFactory, RegistrationFactory
from copilote.governance.models import CommitteeMeeting
from copilote.governance.tests.factories import CommitteeMeetingFactory
from copilote.workgroups.tests.factories import (
    GroupMeetingFactory,
    ProposalFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

EMAIL, PHONE = "ginette.lapointe@exemple.invalid", "01 45 18 00 07"
NAMES = ("Ginette Lapointe", "Lapointe Ginette")


def dump() -> str:
    out = io.StringIO()
    with scopes_disabled():
        call_command("dumpdata", stdout=out, exclude=["contenttypes", "auth.permission"])
    return out.getvalue()


def test_erasure_leaves_no_trace_in_a_full_dump(programme, users):
    with scopes_disabled():
        person = PersonFactory(
            territory=programme.territory,
            first_name="Ginette",
            last_name="Lapointe",
            email=EMAIL,
            phone=PHONE,
        )
        log_action(
            user=users["lead"], action="person.update", territory=programme.territory, obj=person
        )
        LogEntry.objects.log_action(
            user_id=users["network_admin"].pk,
            content_type_id=ContentType.objects.get_for_model(person).pk,
            object_id=person.pk,
            object_repr=str(person),
            action_flag=ADDITION,
            change_message=f"Ajout de {person} ({EMAIL})",
        )
        mobilisation = MobilisationFactory(programme=programme)
        Interaction.objects.create(
            mobilisation=mobilisation,
            kind="appel",
            date="2012-06-01",
            notes=f"Appel de ginette lapointe au {PHONE.replace(' ', '')}, rappeler au {PHONE}",
        )
        meeting = CommitteeMeetingFactory(programme=programme)
        CommitteeMeeting.objects.filter(pk=meeting.pk).update(
            status="published",
            snapshot={"sections": [{"notes": f"Lapointe Ginette ({PHONE}) présente le projet"}]},
        )
        UserFactory(username="glapointe", first_name="Ginette", last_name="Lapointe", email=EMAIL)
        # The apps added since: free text where the name was typed, and a registration that
        # holds another spelling of it with the address.
        group = WorkingGroupFactory(programme=programme)
        GroupMeetingFactory(
            group=group, minutes=f"Ginette Lapointe ({PHONE}) anime.", facilitated_by="G. Lapointe"
        )
        ProposalFactory(group=group, text="Proposé par Lapointe Ginette")
        event = EventFactory(programme=programme)
        RegistrationFactory(event=event, name="Gigi Lapointe", email=EMAIL)
        EventItemFactory(event=event, speakers_text="Gigi Lapointe, témoin")
    before = dump()
    assert all(term in before for term in (*NAMES, PHONE, EMAIL))
    places = {item["place"] for item in export_person(EMAIL)["data"]["traces"]}
    assert places == {
        "activity_log",
        "admin_log",
        "interaction_notes",
        "group_meetings",
        "group_proposals",
        "event_programme",
    }
    erase_person(EMAIL)
    after = dump().lower()
    for term in (*NAMES, PHONE, PHONE.replace(" ", ""), EMAIL, "ginette", "gigi lapointe"):
        assert term.lower() not in after, term
