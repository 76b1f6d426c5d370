import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled
from icalendar import Calendar
from pptx import Presentation

from copilote.core.tests.factories import MilestoneFactory, OrganisationFactory
from copilote.documents.registry import DocumentRequest, render
from copilote.governance import live, selectors, services
from copilote.governance.models import AgendaSection, CommitteeMeeting, Task
from copilote.governance.tests.factories import CommitteeMemberFactory
from copilote.programmes.services import copy_kit_frames

pytestmark = pytest.mark.django_db


@pytest.fixture
def framed(programme, users):
    with scopes_disabled():
        copy_kit_frames(programme)
    with scope(territory=programme.territory):
        yield programme


def test_meeting_is_created_from_the_programmes_own_frame(framed, users):
    frame = framed.frames.get(kind="committee", key="copil-2")
    frame.data = {**frame.data, "sections": frame.data["sections"][:2]}
    frame.save()
    meeting = services.create_meeting(user=users["lead"], programme=framed, kind="copil-2")
    assert meeting.rank == 1 and meeting.title == "Copil n°2"
    assert [s.key for s in meeting.sections.all()] == ["rappel", "avancement"]
    assert meeting.sections.get(key="avancement").content[0]["details"] == [
        "Sur le cadrage, la mobilisation des acteurs…"
    ]


def test_date_before_previous_copil_is_refused_and_nothing_saved(framed, users):
    services.create_meeting(
        user=users["lead"], programme=framed, kind="copil-1", date=dt.date(2012, 3, 6)
    )
    with pytest.raises(ValidationError) as excinfo:
        services.create_meeting(
            user=users["lead"], programme=framed, kind="copil-2", date=dt.date(2012, 2, 1)
        )
    assert "avant le copil précédent" in str(excinfo.value)
    assert framed.committee_meetings.count() == 1
    assert not AgendaSection.objects.filter(meeting__rank=2).exists()


def test_task_without_owner_is_refused(framed, users):
    meeting = services.create_meeting(user=users["lead"], programme=framed, kind="copil-1")
    with pytest.raises(ValidationError) as excinfo:
        services.save_task(user=users["lead"], meeting=meeting, what="Personne ne la porte")
    assert "une personne ou une structure" in str(excinfo.value)
    assert not Task.objects.exists()


def test_conflicting_notes_are_refused(framed, users):
    meeting = services.create_meeting(user=users["lead"], programme=framed, kind="copil-1")
    section = meeting.sections.first()
    read = section.version
    services.save_section(user=users["lead"], section=section, version=read, notes="A")
    with pytest.raises(ValidationError) as excinfo:
        services.save_section(user=users["committee"], section=section, version=read, notes="B")
    assert excinfo.value.code == "conflict"
    section.refresh_from_db()
    assert section.notes == "A"


def test_publish_requires_a_held_meeting_and_freezes_it(framed, users):
    meeting = services.create_meeting(
        user=users["lead"], programme=framed, kind="copil-1", date=dt.date(2012, 3, 6)
    )
    with pytest.raises(ValidationError, match="tenue"):
        services.publish_minutes(user=users["lead"], meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == "draft" and meeting.snapshot == {}
    services.mark_held(user=users["lead"], meeting=meeting)
    services.publish_minutes(user=users["lead"], meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == "published" and meeting.snapshot["meeting"]["title"] == "Copil n°1"
    with pytest.raises(ValidationError, match="publié"):
        services.save_decision(user=users["lead"], meeting=meeting, text="Trop tard", arguments=[])


def test_future_meeting_cannot_be_held(framed, users):
    meeting = services.create_meeting(
        user=users["lead"],
        programme=framed,
        kind="copil-1",
        date=dt.date.today().replace(year=2999),
    )
    with pytest.raises(ValidationError, match="futur"):
        services.mark_held(user=users["lead"], meeting=meeting)


def test_task_due_date_defaults_to_the_next_copil(framed, users):
    meeting = services.create_meeting(user=users["lead"], programme=framed, kind="copil-1")
    services.update_meeting(user=users["lead"], meeting=meeting, next_date=dt.date(2012, 6, 19))
    organisation = OrganisationFactory(territory=framed.territory)
    task = services.save_task(
        user=users["lead"], meeting=meeting, what="Préparer", owner_organisation=organisation
    )
    assert task.due == dt.date(2012, 6, 19)


def test_sections_move_and_can_be_left_out(framed, users):
    meeting = services.create_meeting(user=users["lead"], programme=framed, kind="copil-1")
    second = meeting.sections.all()[1]
    services.move_section(user=users["lead"], section=second, direction=-1)
    assert meeting.sections.first().pk == second.pk
    services.save_section(
        user=users["lead"], section=second, version=second.version, notes="", included=False
    )
    data = selectors.document_data(meeting)
    assert second.title not in [s["title"] for s in data["sections"]]


def test_other_apps_add_a_progress_part(framed, users, monkeypatch):
    monkeypatch.setattr(live, "_PROGRESS_PARTS", list(live._PROGRESS_PARTS))

    def mobilisation(programme, meeting):
        return [
            {
                "type": "table",
                "title": "Mobilisation",
                "headers": ["Type", "OK"],
                "rows": [["Entreprises", "4"]],
            }
        ]

    live.register_progress_part(mobilisation)
    meeting = services.create_meeting(user=users["lead"], programme=framed, kind="copil-2")
    block = live.build("progress", framed, meeting)
    assert {
        "type": "table",
        "title": "Mobilisation",
        "headers": ["Type", "OK"],
        "rows": [["Entreprises", "4"]],
    } in block["items"]


def test_results_and_assessment_are_honestly_empty(framed, users):
    meeting = services.create_meeting(user=users["lead"], programme=framed, kind="copil-final")
    for name in ("results", "assessment"):
        assert live.build(name, framed, meeting)["items"][0]["type"] == "empty"


def test_calendar_is_a_month_grid(framed, users):
    MilestoneFactory(programme=framed, title="Réunion de lancement", start=dt.date(2012, 10, 4))
    meeting = services.create_meeting(
        user=users["lead"], programme=framed, kind="copil-2", date=dt.date(2012, 6, 19)
    )
    items = live.build("calendar", framed, meeting)["items"]
    assert items[0]["type"] == "months" and items[0]["months"][0] == "juin 2012"
    item = next(i for i in items if "octobre 2012" in i["months"])
    steps = next(r for r in item["rows"] if r["label"] == "Étapes")
    assert steps["cells"][item["months"].index("octobre 2012")] == "Réunion de lancement"


def convened_meeting(programme, users):
    member = CommitteeMemberFactory(programme=programme)
    member.person = None
    from copilote.core.tests.factories import PersonFactory

    member.person = PersonFactory(territory=programme.territory, email="membre@example.org")
    member.save()
    meeting = services.create_meeting(
        user=users["lead"],
        programme=programme,
        kind="copil-1",
        date=dt.date(2012, 3, 6),
        start_time=dt.time(10, 0),
        place="Mairie",
    )
    return meeting


def test_convening_sends_the_agenda_and_an_ics_invitation(framed, users, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    meeting = convened_meeting(framed, users)
    assert services.convene(user=users["lead"], meeting=meeting) == 1
    message = mail.outbox[0]
    assert message.to == ["membre@example.org"]
    assert "Les enjeux du projet" in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "invitation.ics" and mimetype.startswith("text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event["LOCATION"] == "Mairie"
    assert event.decoded("DTSTART").isoformat() == "2012-03-06T10:00:00+01:00"


def test_published_deck_does_not_change_when_the_programme_changes(demo, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    meeting = CommitteeMeeting.objects.get(programme=demo, rank=2)
    services.publish_minutes(user=None, meeting=meeting)
    request = DocumentRequest(programme=demo, format="pptx", meeting=2)
    before = render("copil-deck", request).content

    demo.objective = "Un tout autre objectif"
    demo.save()
    MilestoneFactory(
        programme=demo, title="Étape ajoutée après", start=dt.date(2012, 5, 1), done=True
    )
    Task.objects.filter(meeting=meeting).update(what="Action réécrite")
    after = render("copil-deck", request).content

    def texts(content):
        prs = Presentation(io.BytesIO(content))
        return [
            shape.text_frame.text
            if shape.has_text_frame
            else [c.text for r in shape.table.rows for c in r.cells]
            for slide in prs.slides
            for shape in slide.shapes
            if shape.has_text_frame or shape.has_table
        ]

    assert texts(after) == texts(before)
    assert "Un tout autre objectif" not in str(texts(after))
    assert "Action réécrite" not in str(texts(after))
    # Built live, the block would show the change: the snapshot is what kept it.
    from copilote.governance import live

    assert "Un tout autre objectif" in str(live.build("project_recall", demo, meeting))


def test_dashboard_card(framed, users):
    today = dt.date(2012, 5, 1)
    meeting = services.create_meeting(
        user=users["lead"], programme=framed, kind="copil-1", date=dt.date(2012, 3, 6)
    )
    services.update_meeting(user=users["lead"], meeting=meeting, next_date=dt.date(2012, 6, 19))
    organisation = OrganisationFactory(territory=framed.territory)
    late = services.save_task(
        user=users["lead"],
        meeting=meeting,
        what="En retard",
        owner_organisation=organisation,
        due=dt.date(2012, 4, 1),
    )
    coming = services.save_task(
        user=users["lead"], meeting=meeting, what="À venir", owner_organisation=organisation
    )
    card = selectors.dashboard_card(framed, today=today)
    assert card.overdue == [late] and card.coming == [coming]
    assert card.next_meeting is None and card.next_date == dt.date(2012, 6, 19)
    second = services.create_meeting(
        user=users["lead"], programme=framed, kind="copil-2", date=dt.date(2012, 6, 19)
    )
    assert selectors.dashboard_card(framed, today=today).next_meeting == second
