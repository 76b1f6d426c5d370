"""The dashboard says what to do next for the committee, each a link; participants see only
the tasks of the meetings they can open."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from copilote.governance import plugins
from copilote.governance.models import CommitteeMeeting, Task
from copilote.governance.selectors import dashboard_card
from copilote.programmes import dashboard as registry
from copilote.programmes.demo import load_current, load_demo

pytestmark = pytest.mark.django_db

TODAY = dt.date(2031, 6, 4)  # a Wednesday


@pytest.fixture
def current(db):
    load_demo()
    programme, _created = load_current(today=TODAY)
    return programme


def user(name):
    return get_user_model().objects.get(username=name)


def test_the_lead_is_told_what_to_do_for_the_committee(current):
    with scope(territory=current.territory):
        steps = registry.next_steps(current, user=user("pilote"), today=TODAY)
        copil2 = CommitteeMeeting.objects.get(programme=current, kind="copil-2")
    texts = [s.text for s in steps]
    days = (copil2.date - TODAY).days
    base = reverse(
        "governance:index",
        kwargs={"territory": current.territory.slug, "programme": current.slug},
    )
    assert "1 copil tenu dont le compte rendu n’est pas publié" in texts
    assert (
        f"Prochain copil dans {days} jours : ordre du jour à préparer, membres à convoquer" in texts
    )
    assert {s.url for s in steps} >= {base + "reunions/1/", base + "reunions/2/"}
    # Nothing for those who cannot act on it.
    with scope(territory=current.territory):
        assert plugins.next_steps(current, user=user("copil"), today=TODAY) == []


def test_overdue_tasks_and_a_next_date_without_its_meeting(current):
    later = TODAY + dt.timedelta(days=60)
    with scope(territory=current.territory):
        CommitteeMeeting.objects.filter(programme=current, kind="copil-2").delete()
        CommitteeMeeting.objects.filter(programme=current).update(
            next_date=later, status="published"
        )
        steps = plugins.next_steps(current, user=user("pilote"), today=later - dt.timedelta(days=3))
    texts = [s.text for s in steps]
    assert "Prochain copil le 3 août 2031 : réunion à préparer" in texts
    assert any(s.urgent for s in steps)
    assert "2 actions du copil en retard" in texts


def test_the_lead_lands_on_the_dashboard_that_says_it(client, db):
    load_demo()
    programme, _created = load_current(today=dt.date.today())
    pilote = user("pilote")
    with scopes_disabled():
        pilote.memberships.exclude(programme=programme).delete()
    client.force_login(pilote)
    response = client.get("/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"/p/{programme.slug}/")
    assert "Que faire maintenant" in html or "À faire" in html or "copil tenu" in html
    assert "dont le compte rendu n’est pas publié" in html


def test_participants_do_not_see_tasks_of_meetings_they_cannot_open(current):
    with scopes_disabled():
        participant = get_user_model().objects.create(username="part")
        current.memberships.create(user=participant, role="participant")
    with scope(territory=current.territory):
        everything = dashboard_card(current, today=TODAY, user=user("pilote"))
        theirs = dashboard_card(current, today=TODAY, user=participant)
        assert everything.overdue or everything.coming
        assert theirs.overdue == [] and theirs.coming == []
        assert theirs.can_open_next is False
        held = CommitteeMeeting.objects.get(programme=current, kind="copil-1")
        held.status = "published"
        held.save()
        theirs = dashboard_card(current, today=TODAY, user=participant)
        assert {t.pk for t in theirs.overdue + theirs.coming} == set(
            Task.objects.filter(meeting=held, status="open").values_list("pk", flat=True)
        )
