import datetime as dt

import pytest
from django.core import mail as outbox
from django.core.exceptions import ValidationError

from copilote.core.models import ActivityLog
from copilote.core.tests.factories import CommuneFactory, ThemeFactory
from copilote.events import services
from copilote.events.models import EventItem, Registration
from copilote.events.tests.factories import EventFactory, RegistrationFactory


def register(event, n: int, **extra):
    data = {
        "event": event,
        "name": f"Personne {n}",
        "email": f"p{n}@example.org",
        "kind": "association",
        "consent": True,
        **extra,
    }
    return services.register(**data)


def test_capacity_then_waiting_list_then_promotion(event):
    first, second, third = (register(event, n) for n in range(3))
    assert [r.status for r in (first, second, third)] == ["inscrit", "inscrit", "attente"]
    promoted = services.cancel(registration=first)
    assert promoted.pk == third.pk
    third.refresh_from_db()
    assert third.status == "inscrit"
    assert Registration.objects.filter(event=event, status="inscrit").count() == 2
    assert "A seat is yours" in outbox.outbox[-1].subject or "place" in outbox.outbox[-1].subject


def test_cancelling_a_waiting_registration_promotes_nobody(event):
    register(event, 1)
    register(event, 2)
    waiting = register(event, 3)
    assert services.cancel(registration=waiting) is None
    with pytest.raises(ValidationError):
        services.cancel(registration=waiting)


def test_confirmation_mail_has_a_valid_ics_and_a_cancel_link(event):
    from icalendar import Calendar

    register(event, 1, name="<script>alert(1)</script>")
    message = outbox.outbox[-1]
    assert message.to == ["p1@example.org"]
    assert "<script>alert(1)</script>" in message.body  # plain text: shown as typed
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("dtstart").date() == event.date
    assert "/annuler/" in message.body


def test_same_address_twice_is_refused(event):
    register(event, 1)
    with pytest.raises(ValidationError) as excinfo:
        register(event, 1, email="P1@Example.org ")
    assert "email" in excinfo.value.message_dict
    assert Registration.objects.filter(event=event).count() == 1


def test_a_cancelled_address_may_register_again(event):
    first = register(event, 1)
    services.cancel(registration=first)
    again = register(event, 1)
    assert again.pk == first.pk and again.status == "inscrit"


def test_no_consent_draft_closed_or_past_event_are_refused(scoped):
    event = EventFactory(programme=scoped)
    with pytest.raises(ValidationError):
        register(event, 1, consent=False)
    for change in (
        {"status": "brouillon"},
        {"status": "clos"},
        {"date": dt.date.today() - dt.timedelta(days=1)},
    ):
        other = EventFactory(programme=scoped, **change)
        with pytest.raises(ValidationError):
            register(other, 2)
    assert not Registration.objects.exists()


def test_commune_of_another_territory_is_refused(event):
    with pytest.raises(ValidationError):
        register(event, 1, commune=CommuneFactory())


def test_themes_of_interest_are_kept_and_selected(event, scoped):
    from copilote.events.selectors import registrants_interested_in

    theme = ThemeFactory(programme=scoped)
    register(event, 1, themes=[theme])
    register(event, 2)
    assert [r.email for r in registrants_interested_in(scoped, theme)] == ["p1@example.org"]


def test_check_in_and_walk_in(event, users):
    waiting = [register(event, n) for n in range(3)][-1]
    services.check_in(user=users["lead"], registration=waiting, present=True)
    waiting.refresh_from_db()
    assert waiting.present and waiting.status == "inscrit"
    walk_in = services.add_walk_in(
        user=users["lead"], event=event, name="Sur place", kind="citoyen"
    )
    assert walk_in.present and walk_in.walk_in
    services.check_in(user=users["lead"], registration=walk_in, present=False)
    walk_in.refresh_from_db()
    assert not walk_in.present and walk_in.checked_in_at is None
    cancelled = RegistrationFactory(event=event, status="annule")
    with pytest.raises(ValidationError):
        services.check_in(user=users["lead"], registration=cancelled, present=True)


def test_event_from_the_kit_frame(scoped, users):
    from copilote.programmes.services import copy_kit_frames

    copy_kit_frames(scoped)
    launch = services.create_from_frame(user=users["lead"], programme=scoped, key="launch")
    assert (launch.kind, launch.target_min, launch.target_max) == ("lancement", 150, 200)
    assert launch.status == "brouillon"
    restitution = services.create_from_frame(
        user=users["lead"], programme=scoped, key="restitution"
    )
    assert [i.kind for i in restitution.items.all()] == [
        "speech",
        "group_feedback",
        "testimony",
        "round_table",
        "social",
    ]
    from copilote.events.selectors import checklist

    questions = checklist(launch)
    assert [q["question"] for q in questions][:2] == ["Quel programme?", "Quels témoignages?"]
    assert not any(q["answered"] for q in questions)
    with pytest.raises(ValidationError):
        services.create_from_frame(user=users["lead"], programme=scoped, key="nope")


def test_event_dates_and_targets_that_contradict_are_refused(scoped, users):
    with pytest.raises(ValidationError):
        services.save_event(
            user=users["lead"],
            programme=scoped,
            kind="autre",
            title="Soirée",
            start_time=dt.time(20),
            end_time=dt.time(18),
        )
    with pytest.raises(ValidationError):
        services.save_event(
            user=users["lead"],
            programme=scoped,
            kind="autre",
            title="Soirée",
            target_min=200,
            target_max=150,
        )
    with pytest.raises(ValidationError):
        services.save_event(
            user=users["lead"], programme=scoped, kind="autre", title="Soirée", status="publie"
        )
    event = services.save_event(user=users["lead"], programme=scoped, kind="autre", title="Gestion")
    assert event.slug == "gestion-evenement"
    assert ActivityLog.objects.filter(action="event.create").count() == 1


def test_items_keep_their_order_and_refuse_other_territories(event, users):
    from copilote.actors.tests.factories import PersonFactory

    a = services.save_item(user=users["lead"], event=event, title="Accueil", kind="speech")
    b = services.save_item(user=users["lead"], event=event, title="Table ronde", kind="round_table")
    services.move_item(user=users["lead"], item=b, up=True)
    assert list(event.items.values_list("title", flat=True)) == ["Table ronde", "Accueil"]
    with pytest.raises(ValidationError):
        services.save_item(
            user=users["lead"], event=event, item=a, title="Accueil", speakers=[PersonFactory()]
        )
    services.delete_item(user=users["lead"], item=a)
    assert EventItem.objects.filter(event=event).count() == 1


def test_an_event_with_registrations_is_not_deleted(event, users):
    register(event, 1)
    with pytest.raises(ValidationError):
        services.delete_event(user=users["lead"], event=event)


def test_registrations_are_anonymised_after_the_retention_period(scoped):
    from django_scopes import scopes_disabled

    old = EventFactory(programme=scoped, date=dt.date(2012, 10, 2), status="clos")
    recent = EventFactory(programme=scoped, date=dt.date(2026, 1, 10))
    RegistrationFactory(event=old, name="Ancienne", present=True)
    RegistrationFactory(event=recent, name="Récente")
    with scopes_disabled():
        assert services.purge_expired_registrations(today=dt.date(2027, 1, 9)) == 1
        assert services.purge_expired_registrations(today=dt.date(2027, 1, 9)) == 0
        gone = Registration.objects.get(event=old)
        assert gone.email == "" and "Ancienne" not in gone.name and gone.present
        assert Registration.objects.get(event=recent).name == "Récente"
