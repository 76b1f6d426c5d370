"""Back-planning, the Gantt grid, the ICS feeds and the date polls."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from copilote.core.tests.factories import OrganisationFactory, TerritoryFactory, UserFactory
from copilote.governance.models import CommitteeMeeting
from copilote.planning import backplan, selectors, services
from copilote.planning.models import FeedEntry, Milestone, Poll
from copilote.planning.views import voter_token
from copilote.programmes import services as programme_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(db):
    """A programme from the kit, back-planned to a restitution on 14 February 2013."""
    territory = TerritoryFactory()
    lead = UserFactory(username="pilote-test", email="pilote@exemple.fr")
    with scope(territory=territory):
        programme = programme_services.create_programme(
            user=lead, territory=territory, name="Charenton", slug="charenton"
        )
        steps = backplan.propose(services.calendar_frame(programme), target=dt.date(2013, 2, 14))
        services.apply_plan(user=lead, programme=programme, steps=steps, baseline=True)
    return programme, lead


# Back-planning ---------------------------------------------------------------------------------


def kit_calendar():
    from copilote.kit import loader

    return next(f.data for f in loader.frames() if f.kind == "calendar")


def test_backplan_skips_august_weekends_and_holidays():
    steps = backplan.propose(kit_calendar(), target=dt.date(2013, 2, 14))
    dates = [s.date for s in steps]
    assert dates == sorted(dates)
    assert all(d.month != 8 and d.weekday() < 5 for d in dates)
    by_key = {s.key: s for s in steps}
    assert by_key["restitution"].date == dt.date(2013, 2, 14)
    assert by_key["forum-mobilisation"].date == dt.date(2012, 7, 31)  # not in August
    assert (
        "août" in by_key["forum-mobilisation"].note or "August" in by_key["forum-mobilisation"].note
    )
    # A target on 1 May (a public holiday) moves to the next working day.
    steps = backplan.propose(kit_calendar(), target=dt.date(2013, 5, 1))
    assert next(s for s in steps if s.key == "restitution").date == dt.date(2013, 5, 2)


def test_backplan_fourth_meeting_is_the_kits_extra_one():
    steps = backplan.propose(kit_calendar(), target=dt.date(2013, 6, 5), meetings_per_group=4)
    keys = [s.key for s in steps]
    assert keys.index("reu-3") + 1 == keys.index("reu-4") < keys.index("analyse")
    fourth = steps[keys.index("reu-4")]
    assert fourth.frame == "approfondissement" and fourth.kind == "group_meeting"
    assert [s.key for s in backplan.propose(kit_calendar(), target=dt.date(2013, 6, 5))].count(
        "reu-4"
    ) == 0


def test_nothing_changes_before_confirmation(client, planned):
    programme, lead = planned
    client.force_login(lead)
    url = reverse(
        "planning:plan", kwargs={"territory": programme.territory.slug, "programme": programme.slug}
    )
    with scopes_disabled():
        before = list(Milestone.objects.values_list("key", "start"))
    response = client.post(
        url,
        {
            "target": "2013-06-05",
            "anchor": "restitution",
            "meetings_per_group": "3",
            "action": "propose",
        },
    )
    assert response.status_code == 200 and b"date-restitution" in response.content
    with scopes_disabled():
        assert list(Milestone.objects.values_list("key", "start")) == before
    # Confirmed with an adjusted date: the restitution slips, the baseline stays.
    response = client.post(
        url,
        {
            "target": "2013-06-05",
            "anchor": "restitution",
            "meetings_per_group": "3",
            "action": "confirm",
            "date-restitution": "2013-06-05",
        },
    )
    assert response.status_code == 302
    with scope(territory=programme.territory):
        restitution = programme.milestones.get(key="restitution")
        assert restitution.start == dt.date(2013, 6, 5)
        assert restitution.planned == dt.date(2013, 2, 14)


def test_plan_refuses_steps_out_of_order(planned):
    programme, lead = planned
    with scope(territory=programme.territory):
        steps = backplan.propose(services.calendar_frame(programme), target=dt.date(2013, 2, 14))
        steps[-1].date = dt.date(2011, 1, 3)
        with pytest.raises(ValidationError):
            services.apply_plan(user=lead, programme=programme, steps=steps, baseline=False)


def test_plan_dates_the_copils_and_the_gantt_shows_each_once(planned):
    programme, _lead = planned
    with scope(territory=programme.territory):
        copils = list(CommitteeMeeting.objects.filter(programme=programme).order_by("rank"))
        assert [c.kind for c in copils] == ["copil-1", "copil-2", "copil-final"]
        assert copils[0].date == dt.date(2012, 3, 14)
        items = selectors.timeline(programme)
        titles = [i.title for i in items]
        assert titles.count("Copil n°2") == 1
        grid = selectors.gantt(programme, items=items)
        assert grid.months[0] == dt.date(2012, 3, 1) and grid.months[-1] == dt.date(2013, 3, 1)
        assert [r.key for r in grid.rows][:3] == [
            "phase:preparation",
            "phase:experimentation",
            "phase:bilan",
        ]
        # A long programme is never cut: pieces cover every month.
        pages = grid.pages(8)
        assert sum(len(p.months) for p in pages) == len(grid.months) == 13


def test_gantt_shows_slippage(planned):
    programme, lead = planned
    with scope(territory=programme.territory):
        restitution = programme.milestones.get(key="restitution")
        services.save_milestone(
            user=lead, programme=programme, milestone=restitution, start=dt.date(2013, 6, 5)
        )
        # The step is the restitution event now: the event moved, shown once, slipped.
        assert restitution.stands_for.startswith("event-")
        items = selectors.timeline(programme)
        assert not [i for i in items if i.key == f"milestone-{restitution.pk}"]
        item = next(i for i in items if i.key == restitution.stands_for)
        assert item.start == dt.date(2013, 6, 5) and item.planned == dt.date(2013, 2, 14)
        assert selectors.slippage(item) == "+4 mois"
        block = selectors.months_block(selectors.gantt(programme))
        assert "juin 2013" in block["months"] and "février 2013" in block["months"]


def test_plan_dates_every_groups_meetings_each_step_shown_once(planned):
    """The working groups' meetings are the calendar's « Réu N »: back-planning dates them in
    every group (the 4th added when the calendar plans it) and the Gantt shows each once, with
    the step's baseline even after a group's meeting moved to another month."""
    from copilote.workgroups import services as groups
    from copilote.workgroups.models import GroupMeeting

    programme, lead = planned
    with scope(territory=programme.territory):
        for name in ("Handicap", "Insertion des jeunes"):
            theme = programme_services.save_theme(
                user=lead, programme=programme, name=name, slug=name.lower().replace(" ", "-")
            )
            groups.save_group(user=lead, programme=programme, theme=theme)
        steps = backplan.propose(
            services.calendar_frame(programme), target=dt.date(2013, 6, 5), meetings_per_group=4
        )
        services.apply_plan(user=lead, programme=programme, steps=steps, baseline=True)
        programme.refresh_from_db()
        assert programme.meetings_per_group == 4
        by_key = {s.key: s.date for s in steps}
        meetings = GroupMeeting.objects.filter(group__programme=programme)
        assert meetings.count() == 8
        for m in meetings:
            assert m.date == by_key[f"reu-{m.number}"]
        assert programme.milestones.get(key="reu-2").stands_for == "group-meetings-2"
        items = selectors.timeline(programme)
        assert [i.kind for i in items].count("group_meeting") == 8
        assert not [i for i in items if i.key.startswith("milestone-") and "Réu" in i.title]
        # One group's meeting 2 moves three weeks earlier: still shown once, slipped.
        second = meetings.filter(number=2).order_by("group__position").first()
        groups.update_meeting(
            user=lead, meeting=second, date=by_key["reu-2"] - dt.timedelta(days=21)
        )
        items = selectors.timeline(programme)
        moved = next(i for i in items if i.key == f"group-meeting-{second.pk}")
        assert moved.planned == by_key["reu-2"] and selectors.slippage(moved)
        assert [i.kind for i in items].count("group_meeting") == 8
        assert not [i for i in items if i.key.startswith("milestone-") and "Réu" in i.title]


# ICS -------------------------------------------------------------------------------------------


def strict_ics(content: bytes) -> list[dict]:
    """A small strict RFC 5545 reader, independent of icalendar: CRLF lines of at most 75
    octets, balanced BEGIN/END, the required properties, every TZID defined."""
    text = content.decode("utf-8")
    assert text.endswith("\r\n")
    raw = text.split("\r\n")[:-1]
    for line in raw:
        assert len(line.encode()) <= 75, line
        assert "\n" not in line and "\r" not in line
    lines = []
    for line in raw:
        if line.startswith((" ", "\t")):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    stack, events, tzids, used = [], [], set(), set()
    current = None
    for line in lines:
        name, _sep, value = line.partition(":")
        prop = name.split(";")[0].upper()
        assert re.fullmatch(r"[A-Z0-9-]+", prop), line
        if prop == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                current = {}
        elif prop == "END":
            assert stack.pop() == value
            if value == "VEVENT":
                events.append(current)
                current = None
        elif current is not None:
            current[prop] = value
            if "TZID=" in name:
                used.add(name.split("TZID=")[1].split(";")[0])
        elif prop == "TZID":
            tzids.add(value)
    assert not stack
    assert used <= tzids
    for event in events:
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY", "SEQUENCE"} <= set(event)
    return events


def test_programme_feed_parses_twice_and_updates_in_place(client, planned):
    from icalendar import Calendar

    programme, lead = planned
    with scope(territory=programme.territory):
        feed = services.feed_for(programme=programme)
    url = reverse("calendar_feed", args=[feed.token])
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"].startswith("text/calendar")
    events = strict_ics(first.content)
    parsed = Calendar.from_ical(first.content)
    assert len(parsed.walk("VEVENT")) == len(events) >= 10
    assert parsed.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"
    uids = {e["UID"]: e["SEQUENCE"] for e in events}
    assert set(uids.values()) == {"0"}
    with scope(territory=programme.territory):
        restitution = programme.milestones.get(key="restitution")
        services.save_milestone(
            user=lead, programme=programme, milestone=restitution, start=dt.date(2013, 6, 5)
        )
    again = {e["UID"]: e for e in strict_ics(client.get(url).content)}
    assert set(again) == set(uids)  # same UIDs: the event is replaced, not duplicated
    changed = [e for e in again.values() if e["SEQUENCE"] == "1"]
    assert len(changed) == 1 and changed[0]["DTSTART"] == "20130605"
    # A regenerated address revokes the old one.
    with scope(territory=programme.territory):
        services.regenerate_feed(user=lead, programme=programme)
    assert client.get(url).status_code == 404


def test_user_feed_and_calendar_document(planned):
    from copilote.documents import registry

    programme, lead = planned
    with scope(territory=programme.territory):
        feed = services.feed_for(user=lead)
        doc = registry.render("calendar", registry.DocumentRequest(programme, "ics"))
        assert strict_ics(doc.content)
        pdf = registry.render("calendar", registry.DocumentRequest(programme, "pdf"))
        assert pdf.content.startswith(b"%PDF")
    from django.test import Client

    assert strict_ics(Client().get(reverse("calendar_feed", args=[feed.token])).content)
    with scopes_disabled():
        assert FeedEntry.objects.filter(programme=programme).count() >= 10


# Date polls ------------------------------------------------------------------------------------


def make_poll(programme, lead):
    with scope(territory=programme.territory):
        copil = CommitteeMeeting.objects.get(programme=programme, kind="copil-2")
        return services.create_poll(
            user=lead,
            programme=programme,
            title="Copil n°2",
            target=f"committee-meeting-{copil.pk}",
            target_kind="committee",
            deadline=timezone.now() + dt.timedelta(days=3),
            remind_days=2,
            slots=[
                (dt.date(2030, 6, 11), dt.time(14), dt.time(16)),
                (dt.date(2030, 6, 12), None, None),
            ],
            voters=[("Anne", "anne@exemple.fr"), ("Bruno", "bruno@exemple.fr")],
        ), copil


def test_poll_answered_from_signed_links_and_chosen(client, planned):
    programme, lead = planned
    with scopes_disabled():
        CommitteeMeeting.objects.filter(programme=programme).update(date=None)
    poll, copil = make_poll(programme, lead)
    with scopes_disabled():
        anne, bruno = poll.voters.order_by("name")
        s1, s2 = poll.slots.order_by("date")
    for voter, answers in ((anne, ("yes", "maybe")), (bruno, ("maybe", "yes"))):
        url = reverse("poll_answer", args=[voter_token(voter)])
        assert client.get(url).status_code == 200
        response = client.post(
            url, {f"slot-{s1.pk}": answers[0], f"slot-{s2.pk}": answers[1], "comment": "ok"}
        )
        assert response.status_code == 302
    client.post(
        reverse("poll_answer", args=[voter_token(bruno)]),
        {f"slot-{s1.pk}": "yes", f"slot-{s2.pk}": "no"},
    )
    with scope(territory=programme.territory):
        results, _rows = selectors.poll_results(poll)
        assert [r.best for r in results] == [True, False]
    # Forged link: 404.
    assert client.get(reverse("poll_answer", args=[voter_token(anne) + "x"])).status_code == 404
    client.force_login(lead)
    args = {"territory": programme.territory.slug, "programme": programme.slug, "pk": poll.pk}
    mail.outbox.clear()
    client.post(reverse("planning:poll_choose", kwargs=args), {"slot": s1.pk})
    with scopes_disabled():
        copil.refresh_from_db()
    assert copil.date == dt.date(2030, 6, 11) and copil.start_time == dt.time(14)
    assert len(mail.outbox) == 2 and mail.outbox[0].attachments


def test_poll_dates_a_group_meeting(planned):
    from copilote.workgroups import services as groups

    programme, lead = planned
    with scope(territory=programme.territory):
        theme = programme_services.save_theme(
            user=lead, programme=programme, name="Handicap", slug="handicap"
        )
        meeting = groups.save_group(user=lead, programme=programme, theme=theme).meetings.get(
            number=1
        )
        poll = services.create_poll(
            user=lead,
            programme=programme,
            title="Handicap – Réunion 1",
            target=f"group-meeting-{meeting.pk}",
            target_kind="group_meeting",
            deadline=timezone.now() + dt.timedelta(days=3),
            remind_days=0,
            slots=[
                (dt.date(2030, 6, 11), dt.time(18), dt.time(20)),
                (dt.date(2030, 6, 12), None, None),
            ],
            voters=[("Anne", "anne@exemple.fr")],
        )
        services.choose_slot(user=lead, poll=poll, slot=poll.slots.order_by("date").first())
        meeting.refresh_from_db()
        assert meeting.date == dt.date(2030, 6, 11) and meeting.start_time == dt.time(18)
        assert f"group-meeting-{meeting.pk}" in dict(selectors.poll_targets(programme))


def test_poll_refuses_answers_after_the_deadline(planned):
    programme, lead = planned
    poll, _copil = make_poll(programme, lead)
    with scopes_disabled():
        Poll.objects.filter(pk=poll.pk).update(deadline=timezone.now() - dt.timedelta(hours=1))
        voter = poll.voters.first()
        slots = list(poll.slots.values_list("pk", flat=True))
    with scope(territory=programme.territory):
        with pytest.raises(ValidationError):
            services.answer_poll(voter=voter, answers=dict.fromkeys(slots, "yes"))
        assert not voter.answers.exists()


def test_poll_reminders_once(planned):
    from copilote.planning.tasks import send_poll_reminders

    programme, lead = planned
    poll, _copil = make_poll(programme, lead)
    with scopes_disabled():
        Poll.objects.filter(pk=poll.pk).update(deadline=timezone.now() + dt.timedelta(days=1))
    mail.outbox.clear()
    assert send_poll_reminders.call("http://testserver/") == 2
    assert send_poll_reminders.call("http://testserver/") == 0
    assert "/sondage/" in mail.outbox[0].body


def test_copil_calendar_block_covers_the_whole_programme_in_readable_pieces(planned):
    from copilote.governance.live import calendar

    programme, lead = planned
    with scope(territory=programme.territory):
        restitution = programme.milestones.get(key="restitution")
        services.save_milestone(
            user=lead, programme=programme, milestone=restitution, start=dt.date(2014, 6, 5)
        )
        meeting = CommitteeMeeting.objects.filter(programme=programme).first()
        block = calendar(programme, meeting)
        months = [m for item in block["items"] for m in item["months"]]
        assert months[0] == "mars 2012" and months[-1] == "juin 2014"
        # every month once, none cut; the 14 months with nothing are one narrow column
        assert len(months) == 15 and len(set(months)) == 15
        assert months[-2] == "… avril 2013 – mai 2014"
        assert block["items"][-1]["months"][block["items"][-1]["gaps"][0]] == months[-2]
        assert all(len(item["months"]) <= selectors.SLIDE_MONTHS for item in block["items"])


def test_committee_tasks_are_one_row_counted_by_month(planned):
    """Hundreds of tasks stay one row: an item per month, with how many are open."""
    from copilote.governance import services as governance
    from copilote.governance.models import Task, TaskStatus

    programme, lead = planned
    with scope(territory=programme.territory):
        copil = CommitteeMeeting.objects.get(programme=programme, kind="copil-1")
        owner = governance.save_task(
            user=lead,
            meeting=copil,
            what="Action 0",
            due=dt.date(2012, 4, 10),
            owner_organisation=OrganisationFactory(territory=programme.territory),
        ).owner_organisation
        Task.objects.bulk_create(
            Task(
                programme=programme,
                meeting=copil,
                what=f"Action {n}",
                owner_organisation=owner,
                due=dt.date(2012, 4 + n % 2, 10),
            )
            for n in range(1, 120)
        )
        Task.objects.filter(due__month=5).update(status=TaskStatus.DONE)
        items = [i for i in selectors.timeline(programme) if i.stream == "committee-tasks"]
        assert [(i.title, i.done) for i in items] == [
            ("60 tâches du copil à échéance", False),
            ("60 tâches du copil faites", True),
        ]
        assert items[0].url.endswith("/reunions/1/actions/")
        grid = selectors.gantt(programme, items=selectors.timeline(programme))
        row = next(r for r in grid.rows if r.key == "committee-tasks")
        assert row.label == "Tâches du copil" and sum(len(c) for c in row.cells) == 2


def test_gantt_collapses_long_empty_runs_into_one_column(client, planned):
    programme, lead = planned
    with scope(territory=programme.territory):
        Milestone.objects.create(
            programme=programme, key="forum-2027", title="Forum 2027", start=dt.date(2027, 10, 5)
        )
        grid = selectors.gantt(programme)
        assert len(grid.months) == 15  # March 2012 – March 2013, « … », October 2027
        assert grid.gaps == [13]
        assert grid.months[13] == dt.date(2013, 4, 1) and grid.ends[13] == dt.date(2027, 9, 1)
        assert grid.gap_text(13) == "Rien de avril 2013 à septembre 2027 (mois masqués)"
        pages = grid.pages(8)
        assert [p.gaps for p in pages] == [[], [5]]
    client.force_login(lead)
    page = client.get(
        reverse(
            "planning:calendar",
            kwargs={"territory": programme.territory.slug, "programme": programme.slug},
        )
    ).content.decode()
    assert 'class="gantt-gap"' in page and "avril 2013 à septembre 2027" in page
    assert "janvier 2020" not in page


def test_a_poll_dates_a_copil_that_has_no_date_yet(client, planned):
    programme, lead = planned
    with scopes_disabled():
        copil = CommitteeMeeting.objects.get(programme=programme, kind="copil-2")
        CommitteeMeeting.objects.filter(programme=programme).exclude(kind="copil-1").update(
            date=None, next_date=None
        )
    client.force_login(lead)
    args = {"territory": programme.territory.slug, "programme": programme.slug}
    form = client.get(reverse("planning:poll_add", kwargs=args)).content.decode()
    assert f'value="committee-meeting-{copil.pk}"' in form and "date à fixer" in form
    response = client.post(
        reverse("planning:poll_add", kwargs=args),
        {
            "title": "Copil n°2",
            "target": f"committee-meeting-{copil.pk}",
            "deadline": (timezone.localdate() + dt.timedelta(days=5)).strftime("%Y-%m-%dT10:00"),
            "remind_days": 2,
            "slots": "11/06/2030 14h00-16h00\n12/06/2030",
            "voters": "Anne <anne@exemple.fr>",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    with scopes_disabled():
        poll = Poll.objects.get(programme=programme)
        slot = poll.slots.order_by("date").first()
    response = client.post(
        reverse("planning:poll_choose", kwargs={**args, "pk": poll.pk}),
        {"slot": slot.pk},
        follow=True,
    )
    with scopes_disabled():
        copil.refresh_from_db()
    assert copil.date == dt.date(2030, 6, 11), response.content.decode()[-2000:]


def test_user_feed_holds_what_each_role_should_see(client, planned):
    from copilote.core.tests.factories import MembershipFactory
    from copilote.workgroups import services as groups

    programme, lead = planned
    with scope(territory=programme.territory):
        made = {}
        for name in ("Handicap", "Emploi"):
            theme = programme_services.save_theme(
                user=lead, programme=programme, name=name, slug=name.lower()
            )
            made[name] = groups.save_group(user=lead, programme=programme, theme=theme)
        users = {}
        for role in ("lead", "committee", "observer", "facilitator", "participant"):
            users[role] = UserFactory()
            MembershipFactory(programme=programme, user=users[role], role=role)
        made["Handicap"].facilitators.add(users["facilitator"])
        steps = backplan.propose(services.calendar_frame(programme), target=dt.date(2013, 2, 14))
        services.apply_plan(user=lead, programme=programme, steps=steps, baseline=True)
        feeds = {role: services.feed_for(user=user) for role, user in users.items()}

    def summaries(role):
        content = client.get(reverse("calendar_feed", args=[feeds[role].token])).content
        return [e["SUMMARY"] for e in strict_ics(content)]

    for role in ("lead", "committee", "observer"):
        seen = summaries(role)
        assert any("Copil n°2" in s for s in seen) and any("Emploi" in s for s in seen), role
    seen = summaries("facilitator")
    assert any("Handicap" in s for s in seen) and not any("Emploi" in s for s in seen)
    assert not any("Copil n°" in s for s in seen)
    seen = summaries("participant")
    assert seen and not any("Copil n°" in s or "Handicap" in s or "Emploi" in s for s in seen)

    # The calendar page shows each of them what their feed holds.
    url = reverse(
        "planning:calendar",
        kwargs={"territory": programme.territory.slug, "programme": programme.slug},
    )

    def page(role):
        client.force_login(users[role])
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200
        return response.content.decode()

    for role in ("lead", "committee", "observer"):
        shown = page(role)
        assert "GT Handicap" in shown and "GT Emploi" in shown and "Copil n°2" in shown, role
    shown = page("facilitator")
    assert "GT Handicap" in shown and "GT Emploi" not in shown and "Copil n°" not in shown
    shown = page("participant")
    assert "GT Handicap" not in shown and "GT Emploi" not in shown and "Copil n°" not in shown
