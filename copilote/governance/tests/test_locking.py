"""No lost update on the meeting form (core.locking): merges disjoint edits, shows conflicts,
and saving again after a conflict never reverts the other person's fields."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from copilote.governance.forms import MeetingForm
from copilote.governance.models import CommitteeMeeting
from copilote.governance.tests.factories import CommitteeMeetingFactory

pytestmark = pytest.mark.django_db


def form_data(meeting, **changes):
    """What the edit page posts: the values it showed, with ``changes`` typed over them."""
    form = MeetingForm(instance=meeting)
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else str(value)
    data.update(changes)
    return data


@pytest.fixture
def meeting(programme):
    with scopes_disabled():
        return CommitteeMeetingFactory(
            programme=programme, rank=1, title="Copil n°1", place="Mairie", date="2030-03-06"
        )


def edit(client, meeting, data):
    url = reverse(
        "governance:meeting_edit",
        kwargs={
            "territory": meeting.programme.territory.slug,
            "programme": meeting.programme.slug,
            "rank": meeting.rank,
        },
    )
    return client.post(url, data)


def fresh(meeting):
    with scopes_disabled():
        return CommitteeMeeting.objects.get(pk=meeting.pk)


def test_edits_of_different_fields_are_both_kept(client_for, meeting):
    with scope(territory=meeting.programme.territory):
        read_by_a = form_data(meeting, title="Copil de cadrage")
        read_by_b = form_data(meeting, place="Salle des fêtes")
    client = client_for("lead")
    assert edit(client, meeting, read_by_b).status_code == 302
    assert edit(client, meeting, read_by_a).status_code == 302
    saved = fresh(meeting)
    assert (saved.title, saved.place) == ("Copil de cadrage", "Salle des fêtes")
    assert saved.version == 3


def test_a_conflict_shows_both_and_saving_again_reverts_nothing(client_for, meeting):
    with scope(territory=meeting.programme.territory):
        read_by_a = form_data(meeting, place="Médiathèque")
        read_by_b = form_data(meeting, place="Salle des fêtes", title="Copil n°1 (reporté)")
    client = client_for("lead")
    assert edit(client, meeting, read_by_b).status_code == 302
    response = edit(client, meeting, read_by_a)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quelqu’un d’autre a enregistré" in html
    assert 'value="Médiathèque"' in html  # what A typed is kept
    assert "Enregistré entre-temps par quelqu’un d’autre : « Salle des fêtes »" in html
    assert fresh(meeting).place == "Salle des fêtes"
    # A saves again the form as shown: A's place wins, B's title stays.
    form = response.context["form"]
    again = {name: form[name].value() for name in form.fields}
    again = {k: "" if v is None else str(v) for k, v in again.items()}
    assert edit(client, meeting, again).status_code == 302
    saved = fresh(meeting)
    assert (saved.place, saved.title) == ("Médiathèque", "Copil n°1 (reporté)")
