"""No lost update on the edit forms of events, working groups, results and the assessment
(``core.locking``): two people open the same form, the second to save gets the conflict page with
what they typed kept and the first one's value shown; nothing is overwritten."""

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from copilote.assessment import services as assessment_services
from copilote.events.tests.factories import EventFactory, EventItemFactory
from copilote.results.tests.factories import ActionFactory
from copilote.workgroups.tests.factories import GroupMeetingFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def _event(programme, lead):
    event = EventFactory(programme=programme, slug="rencontre")
    return event, reverse("events:event_edit", kwargs={**_args(programme), "slug": event.slug})


def _item(programme, lead):
    item = EventItemFactory(event=EventFactory(programme=programme, slug="rencontre"))
    url = reverse(
        "events:item_edit", kwargs={**_args(programme), "slug": "rencontre", "pk": item.pk}
    )
    return item, url


def _group(programme, lead):
    group = WorkingGroupFactory(programme=programme)
    return group, reverse("workgroups:group_edit", kwargs={**_args(programme), "slug": group.slug})


def _meeting(programme, lead):
    meeting = GroupMeetingFactory(group=WorkingGroupFactory(programme=programme))
    kwargs = {**_args(programme), "slug": meeting.group.slug, "number": meeting.number}
    return meeting, reverse("workgroups:meeting_edit", kwargs=kwargs)


def _action(programme, lead):
    action = ActionFactory(programme=programme)
    return action, reverse("results:edit", kwargs={**_args(programme), "pk": action.pk})


def _assessment(programme, lead):
    assessment = assessment_services.save_assessment(
        user=lead, programme=programme, decision_text="À décider"
    )
    return assessment, reverse("assessment:edit", kwargs=_args(programme))


def _args(programme):
    return {"territory": programme.territory.slug, "programme": programme.slug}


CASES = {
    "event": (_event, "title"),
    "programme slot": (_item, "title"),
    "working group": (_group, "name"),
    "group meeting": (_meeting, "place"),
    "action": (_action, "title"),
    "assessment": (_assessment, "decision_text"),
}


def shown(client, url) -> dict:
    """What the edit page posts back untouched: the values its form showed."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = "" if value is None else str(value)
    return data


@pytest.mark.parametrize("case", CASES)
def test_the_second_to_save_gets_the_conflict_page_with_their_text_kept(programme, users, case):
    make, field = CASES[case]
    with scopes_disabled():
        obj, url = make(programme, users["lead"])
    first, second = Client(), Client()
    first.force_login(users["lead"])
    second.force_login(users["lead"])
    read_by_first, read_by_second = shown(first, url), shown(second, url)

    assert first.post(url, {**read_by_first, field: "Texte de la première"}).status_code == 302
    response = second.post(url, {**read_by_second, field: "Texte de la seconde"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Quelqu’un d’autre a enregistré" in html
    assert 'value="Texte de la seconde"' in html or "Texte de la seconde</textarea>" in html
    assert "Enregistré entre-temps par quelqu’un d’autre : « Texte de la première »" in html
    with scopes_disabled():
        obj.refresh_from_db()
    assert getattr(obj, field) == "Texte de la première"
    # Saving the page as shown again keeps the second person's text, knowingly.
    again = response.context["form"].data
    again = {name: again.getlist(name) for name in again}
    assert second.post(url, again).status_code == 302
    with scopes_disabled():
        obj.refresh_from_db()
    assert getattr(obj, field) == "Texte de la seconde"


def _first_assessment_read_twice(programme, users):
    url = reverse("assessment:edit", kwargs=_args(programme))
    first, second = Client(), Client()
    first.force_login(users["lead"])
    second.force_login(users["lead"])
    return url, first, second, shown(first, url), shown(second, url)


def test_two_people_writing_the_first_assessment_at_once_get_the_conflict(programme, users):
    url, first, second, read_by_first, read_by_second = _first_assessment_read_twice(
        programme, users
    )
    assert (
        first.post(url, {**read_by_first, "decision_text": "Celle de la première"}).status_code
        == 302
    )
    response = second.post(url, {**read_by_second, "decision_text": "Celle de la seconde"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Quelqu’un d’autre a enregistré" in html
    assert "Celle de la seconde</textarea>" in html
    assert "Enregistré entre-temps par quelqu’un d’autre : « Celle de la première »" in html
    with scopes_disabled():
        assert programme.assessment.decision_text == "Celle de la première"
    again = response.context["form"].data
    assert second.post(url, {n: again.getlist(n) for n in again}).status_code == 302
    with scopes_disabled():
        programme.refresh_from_db()
        assert programme.assessment.decision_text == "Celle de la seconde"


def test_two_people_writing_different_parts_of_the_first_assessment_keep_both(programme, users):
    url, first, second, read_by_first, read_by_second = _first_assessment_read_twice(
        programme, users
    )
    assert first.post(url, {**read_by_first, "strengths": "Un réseau vivant"}).status_code == 302
    assert second.post(url, {**read_by_second, "improvements": "Plus tôt"}).status_code == 302
    with scopes_disabled():
        assessment = programme.assessment.__class__.objects.get(programme=programme)
    assert (assessment.strengths, assessment.improvements) == (["Un réseau vivant"], ["Plus tôt"])
