"""The events' indicators and synthesis chapter, registered in the assessment's registries."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from copilote.assessment.indicators import measure
from copilote.assessment.synthesis import synthesis_data
from copilote.events import report
from copilote.events.tests.factories import EventFactory, EventItemFactory, RegistrationFactory


def crowd(event, registered, present, waiting=0):
    for i in range(registered):
        RegistrationFactory(event=event, present=i < present)
    for _ in range(waiting):
        RegistrationFactory(event=event, status="attente")


def test_attendance_against_the_target_and_registrations_against_capacity(scoped):
    past = dt.date.today() - dt.timedelta(days=30)
    launch = EventFactory(
        programme=scoped,
        kind="lancement",
        title="Lancement",
        date=past,
        capacity=10,
        target_min=4,
        target_max=6,
    )
    crowd(launch, 10, 7, waiting=2)
    meeting = EventFactory(programme=scoped, title="Rencontre", capacity=20, target_min=5)
    crowd(meeting, 3, 0)
    EventFactory(programme=scoped, title="Brouillon", status="brouillon")

    shown = {e["key"]: e for e in measure(scoped)}
    attendance = shown["events.attendance"]
    ((title, date, present, target, status),) = attendance["table"]["rows"]
    assert (title, present, target, status) == ("Lancement", 7, "4–6", "au-dessus de la cible")
    assert date.endswith(str(past.year))
    assert attendance["summary"] == (
        "7 personnes sont venues à 1 événements collectifs. "
        "1 sur 1 ont atteint leur cible de participation."
    )
    assert "<svg" in attendance["svg"]

    registrations = shown["events.registrations"]
    assert registrations["table"]["rows"] == [
        ["Lancement", 10, 10, 2, "100 %"],
        ["Rencontre", 20, 3, 0, "15 %"],
    ]
    assert registrations["summary"].endswith("Complet : Lancement.")


def test_no_event_no_indicator_and_fixed_queries(scoped):
    assert not [e for e in measure(scoped, with_svg=False) if e["key"].startswith("events.")]

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            report.attendance(scoped)
            report.registrations(scoped)
            report.synthesis_part(scoped)
        return len(ctx.captured_queries)

    event = EventFactory(programme=scoped, date=dt.date.today() - dt.timedelta(days=1))
    crowd(event, 2, 1)
    EventItemFactory(event=event)
    small = queries()
    for _ in range(5):
        other = EventFactory(programme=scoped)
        crowd(other, 3, 2)
        EventItemFactory(event=other)
    assert queries() == small


def test_the_synthesis_chapter_lists_the_events_and_their_programme(scoped):
    event = EventFactory(
        programme=scoped, title="Restitution", kind="restitution", target_min=100, target_max=150
    )
    EventItemFactory(event=event, title="Table ronde « Vues d’ailleurs »", speakers_text="Alsace")
    crowd(event, 3, 2)
    chapters = {c["title"]: c["items"] for c in synthesis_data(scoped)["chapters"]}
    table, programme = chapters["Événements collectifs"]
    assert table["rows"][0][0] == "Restitution"
    assert table["rows"][0][3:] == ["3", "2", "100–150"]
    assert programme["rows"][0][1:] == ["Table ronde « Vues d’ailleurs »", "Alsace"]
