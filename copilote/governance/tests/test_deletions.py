"""Deleting what may be deleted (with confirmation), withdrawing a publication, the next kit
meeting proposed, a meeting that ends before it starts."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from copilote.core.models import ActivityLog
from copilote.governance import services
from copilote.governance.forms import MeetingCreateForm
from copilote.governance.models import (
    AgendaSection,
    CommitteeMeeting,
    CommitteeMember,
    Decision,
    Task,
)

pytestmark = pytest.mark.django_db

BASE = "/t/charenton-saint-maurice/p/charenton-saint-maurice/copil/"


@pytest.fixture
def pilote(client, demo):
    client.force_login(get_user_model().objects.get(username="pilote"))
    return client


def meeting(demo, rank):
    with scopes_disabled():
        return CommitteeMeeting.objects.get(programme=demo, rank=rank)


def test_prepare_a_meeting_proposes_the_next_kit_meeting(demo):
    with scope(territory=demo.territory):
        CommitteeMeeting.objects.filter(programme=demo, kind="copil-final").delete()
        form = MeetingCreateForm(programme=demo)
        assert [value for value, _label in form.fields["kind"].choices] == [
            "copil-final",
            "extra",
        ]
        assert form.fields["kind"].initial == "copil-final"
        with pytest.raises(ValidationError) as excinfo:
            services.create_meeting(user=None, programme=demo, kind="copil-1")
        assert "Copil n°1 existe déjà" in str(excinfo.value)
        extra = services.create_meeting(user=None, programme=demo, kind="extra")
        assert extra.rank == 3


def test_the_meeting_page_refuses_an_end_before_the_start(pilote, demo):
    response = pilote.post(
        BASE + "reunions/3/modifier/",
        {
            "title": "Copil final",
            "date": "2013-06-20",
            "start_time": "11:00",
            "end_time": "09:30",
            "place": "Salle du conseil",
            "version": meeting(demo, 3).version,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "La réunion ne peut pas finir avant de commencer (11 h 00)." in html
    assert "Salle du conseil" in html  # what was typed is kept
    assert meeting(demo, 3).place != "Salle du conseil"


def test_a_meeting_not_held_is_deleted_after_confirmation(pilote, demo):
    with scopes_disabled():
        CommitteeMeeting.objects.filter(programme=demo, rank=2).update(status="draft")
        final_pk = meeting(demo, 3).pk
    question = pilote.get(BASE + "reunions/2/supprimer/")
    assert "Cette suppression est définitive" in question.content.decode() or (
        question.status_code == 200
    )
    assert CommitteeMeeting.objects.filter(pk=meeting(demo, 2).pk).exists()
    response = pilote.post(BASE + "reunions/2/supprimer/", {"confirm": "on"})
    assert response.status_code == 302
    with scopes_disabled():
        assert list(CommitteeMeeting.objects.filter(programme=demo).values_list("pk", "rank")) == [
            (meeting(demo, 1).pk, 1),
            (final_pk, 2),
        ]  # the later ones move up
        assert ActivityLog.objects.filter(action="meeting.delete").exists()


def test_a_held_meeting_cannot_be_deleted(pilote, demo):
    response = pilote.post(BASE + "reunions/1/supprimer/", {"confirm": "on"}, follow=True)
    assert "ne peut pas être supprimée" in response.content.decode()
    assert meeting(demo, 1)


@pytest.mark.parametrize(
    ("kind", "model"),
    [("decisions", Decision), ("actions", Task), ("sequences", AgendaSection)],
)
def test_decisions_tasks_and_sections_are_deleted_after_confirmation(pilote, demo, kind, model):
    with scopes_disabled():
        CommitteeMeeting.objects.filter(programme=demo, rank=3).update(status="draft")
        if model is Decision:
            obj = Decision.objects.create(meeting=meeting(demo, 3), text="À supprimer")
        elif model is Task:
            obj = Task.objects.create(
                programme=demo,
                meeting=meeting(demo, 3),
                what="À supprimer",
                owner_organisation=demo.sponsor,
            )
        else:
            obj = AgendaSection.objects.filter(meeting__programme=demo, meeting__rank=3).first()
    url = BASE + f"reunions/3/{kind}/{obj.pk}/supprimer/"
    assert pilote.get(url).status_code == 200
    assert pilote.post(url, {}).status_code == 200  # not confirmed: still there
    with scopes_disabled():
        assert model.objects.filter(pk=obj.pk).exists()
    response = pilote.post(url, {"confirm": "on"})
    assert response.status_code == 302 and "/reunions/3/#" in response.url
    with scopes_disabled():
        assert not model.objects.filter(pk=obj.pk).exists()


def test_nothing_of_a_published_meeting_is_deleted(pilote, demo):
    with scopes_disabled():
        decision = Decision.objects.filter(meeting__programme=demo).first()
        rank = decision.meeting.rank
        CommitteeMeeting.objects.filter(pk=decision.meeting_id).update(status="published")
    pilote.post(BASE + f"reunions/{rank}/decisions/{decision.pk}/supprimer/", {"confirm": "on"})
    with scopes_disabled():
        assert Decision.objects.filter(pk=decision.pk).exists()


def test_a_member_who_sat_at_a_held_meeting_stays(pilote, demo):
    with scopes_disabled():
        sat = CommitteeMember.objects.filter(
            programme=demo, invitations__meeting__status="published"
        ).first()
        new = CommitteeMember.objects.create(
            programme=demo, college="entreprises", organisation=demo.sponsor
        )
    response = pilote.post(BASE + f"membres/{sat.pk}/supprimer/", {"confirm": "on"}, follow=True)
    assert "la date de son départ" in response.content.decode()
    pilote.post(BASE + f"membres/{new.pk}/supprimer/", {"confirm": "on"})
    with scopes_disabled():
        assert CommitteeMember.objects.filter(pk=sat.pk).exists()
        assert not CommitteeMember.objects.filter(pk=new.pk).exists()


def test_the_lead_withdraws_a_publication_with_a_reason(pilote, demo, client):
    url = BASE + "reunions/1/retirer-la-publication/"
    assert meeting(demo, 1).status == "published"
    response = pilote.post(url, {"reason": ""})
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.content.decode()
    response = pilote.post(url, {"reason": "Une erreur dans la liste des présents"})
    assert response.status_code == 302
    withdrawn = meeting(demo, 1)
    assert withdrawn.status == "held" and withdrawn.published_at is None
    with scopes_disabled():
        entry = ActivityLog.objects.get(action="meeting.withdraw_publication")
    assert entry.data["reason"] == "Une erreur dans la liste des présents"
    # Withdrawing what is not published is refused; a committee member may not withdraw.
    response = pilote.post(url, {"reason": "Encore"})
    assert "pas publié" in response.content.decode()
    client.force_login(get_user_model().objects.get(username="copil"))
    assert client.get(url).status_code == 403
