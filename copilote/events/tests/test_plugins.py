import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from copilote.actors.personal_data import erase_person, export_person
from copilote.events.models import Registration
from copilote.events.tests.factories import EventFactory, EventItemFactory, RegistrationFactory
from copilote.governance.live import build
from copilote.governance.tests.factories import CommitteeMeetingFactory
from copilote.planning.dated import items as dated_items
from copilote.programmes.dashboard import cards, next_steps


def test_dashboard_card_and_next_steps(scoped, users):
    today = dt.date.today()
    event = EventFactory(
        programme=scoped,
        kind="lancement",
        venue_name="",
        status="brouillon",
        date=today + dt.timedelta(days=10),
        target_min=150,
        target_max=200,
    )
    RegistrationFactory(event=event)
    shown = {c.key: c for c in cards(scoped, user=users["lead"], today=today)}
    assert shown["events"].data["event"].pk == event.pk
    assert shown["events"].data["event"].n_registered == 1
    assert shown["events"].data["status"] == "below"
    texts = [s.text for s in next_steps(scoped, user=users["lead"], today=today)]
    assert any("lancement" in t and "lieu" in t for t in texts), texts
    assert any("publié" in t for t in texts), texts
    assert not [
        s for s in next_steps(scoped, user=users["participant"], today=today) if "lieu" in s.text
    ]


def test_events_are_dated_items_of_the_events_stream(scoped):
    event = EventFactory(programme=scoped, date=dt.date(2030, 1, 5))
    EventFactory(programme=scoped, date=None)
    found = [i for i in dated_items(scoped) if i.stream == "events"]
    assert [(i.key, i.start) for i in found] == [(f"event-{event.pk}", dt.date(2030, 1, 5))]
    assert not dated_items(scoped, until=dt.date(2029, 12, 31))


def test_live_blocks_show_the_events_to_come_and_those_held(scoped):
    held = EventFactory(
        programme=scoped,
        title="Lancement",
        date=dt.date(2012, 10, 2),
        target_min=150,
        target_max=200,
    )
    RegistrationFactory(event=held, present=True)
    coming = EventFactory(programme=scoped, title="Restitution", date=dt.date(2013, 6, 5))
    EventItemFactory(event=coming, title="Table ronde", speakers_text="Alsace")
    CommitteeMeetingFactory(programme=scoped, rank=1, date=dt.date(2012, 6, 1))
    meeting = CommitteeMeetingFactory(programme=scoped, rank=2, date=dt.date(2013, 2, 1))
    EventFactory(programme=scoped, title="Dans dix ans", date=dt.date(2023, 6, 5))
    block = build("events", scoped, meeting)
    lines = [i["text"] for i in block["items"] if i["type"] == "paragraph"]
    assert len(lines) == 1 and lines[0].startswith("Restitution : mercredi 5 juin 2013")
    (table,) = [i for i in block["items"] if i["type"] == "table"]
    assert table["rows"] == [["", "Table ronde", "Alsace"]]
    progress = build("progress", scoped, meeting)
    (table,) = [i for i in progress["items"] if i.get("title") == "Événements collectifs tenus"]
    assert table["rows"] == [["Lancement", held.when, "1", "1", "150–200"]]
    calendar = build("calendar", scoped, meeting)
    labels = [r["label"] for item in calendar["items"] for r in item["rows"]]
    assert "Événements collectifs" in labels


@pytest.mark.django_db
def test_personal_data_export_and_erasure(programme):
    with scopes_disabled():
        event = EventFactory(programme=programme)
        RegistrationFactory(event=event, email="zoe@example.org", name="Zoé", present=True)
    data = export_person("ZOE@example.org")
    (row,) = data["data"]["event_registrations"]
    assert row["name"] == "Zoé" and row["present"] is True
    erase_person("zoe@example.org")
    with scopes_disabled():
        registration = Registration.objects.get()
    assert registration.email == "" and "Zoé" not in registration.name and registration.present
    assert export_person("zoe@example.org")["data"]["event_registrations"] == []


def _count(client, url):
    client.get(url)  # warm: the rate limit's counter exists from then on
    cache.clear()  # count what the page computes, not a page kept for the content version
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_pages_read_a_fixed_number_of_queries(client, programme, users):
    with scopes_disabled():
        event = EventFactory(programme=programme, capacity=None)
        for _ in range(3):
            RegistrationFactory(event=event)
            EventItemFactory(event=event)
    args = {"territory": programme.territory.slug, "programme": programme.slug}
    pages = [
        reverse("events:index", kwargs=args),
        reverse("events:event", kwargs={**args, "slug": event.slug}),
        reverse("events:checkin", kwargs={**args, "slug": event.slug}),
        reverse("events:registrations", kwargs={**args, "slug": event.slug}),
        reverse("events:figures", kwargs={**args, "slug": event.slug}),
        reverse("events:public_event", kwargs={**args, "slug": event.slug}),
        reverse("events:public_list", kwargs=args),
        reverse("programmes:dashboard", kwargs=args),
    ]
    client.force_login(users["lead"])
    before = [_count(client, url) for url in pages]
    with scopes_disabled():
        for _ in range(30):
            RegistrationFactory(event=event)
            EventItemFactory(event=event)
            EventFactory(programme=programme)
    after = [_count(client, url) for url in pages]
    assert before == after


@pytest.mark.django_db
def test_the_team_list_shows_twenty_events_a_page_with_their_counts(client, programme, users):
    with scopes_disabled():
        events = [EventFactory(programme=programme, capacity=None) for _ in range(23)]
        RegistrationFactory(event=events[0])
    client.force_login(users["lead"])
    url = reverse(
        "events:index", kwargs={"territory": programme.territory.slug, "programme": programme.slug}
    )
    first = client.get(url)
    shown = first.context["events"]
    assert len(shown) == 20 and 'rel="next"' in first.content.decode()
    assert sum(e.n_registered for e in shown) == 1
    assert len(client.get(url + "?page=2").context["events"]) == 3


@pytest.mark.django_db
def test_pages_kept_per_content_version_show_a_registration_at_once(client, programme, users):
    """The team's list, the registrations, the event's programme and the public pages are kept
    in the cache per content version: a registration (a logged write) shows on the next visit."""
    from copilote.events import services

    with scopes_disabled():
        event = EventFactory(programme=programme, capacity=None, date=dt.date.today())
    args = {"territory": programme.territory.slug, "programme": programme.slug}
    index = reverse("events:index", kwargs=args)
    registrations = reverse("events:registrations", kwargs={**args, "slug": event.slug})
    client.force_login(users["lead"])
    assert "Zoé Lambda" not in client.get(registrations).content.decode()
    assert client.get(index).context["events"][0].n_registered == 0
    with scopes_disabled():
        services.register(
            event=event,
            name="Zoé Lambda",
            email="zoe@example.org",
            kind="association",
            consent=True,
        )
    assert "Zoé Lambda" in client.get(registrations).content.decode()
    assert ">1</td>" in client.get(index).content.decode()
