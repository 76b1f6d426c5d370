import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from copilote.governance.models import AgendaSection, CommitteeMeeting, Decision, Task

pytestmark = pytest.mark.django_db

BASE = "/t/charenton-saint-maurice/p/charenton-saint-maurice/copil/"


@pytest.fixture
def pilote(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="pilote"))
    return client


def test_lead_sees_every_section_of_copil_2_with_live_data(pilote):
    response = pilote.get(BASE + "reunions/2/")
    assert response.status_code == 200
    html = response.content.decode()
    for title in (
        "Rappel du projet",
        "Point d’avancement",
        "Le déroulé de l’expérimentation",
        "Focus sur les étapes",
        "Calendrier prévisionnel",
        "Prochaines étapes",
    ):
        assert title in html
    assert "Inventer collectivement des solutions" in html  # the project recall block
    assert "Réunion de cadrage" in html  # a milestone done since copil n°1
    assert "Définir la date de l’événement inaugural" in html  # next steps


def test_lead_records_a_decision_and_a_task_then_publishes(pilote, demo):
    meeting_url = BASE + "reunions/2/"
    response = pilote.post(
        meeting_url + "decisions/ajouter/",
        {
            "text": "Lancer la soirée en octobre",
            "arguments": "Le forum est en septembre\nLes élus sont disponibles",
        },
    )
    assert response.status_code == 302
    organisation = demo.sponsor
    response = pilote.post(
        meeting_url + "actions/ajouter/",
        {
            "what": "Réserver la salle",
            "owner_organisation": organisation.pk,
            "due": "",
            "status": "open",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        task = Task.objects.get(what="Réserver la salle")
        assert task.due.isoformat() == "2013-02-14"  # defaults to the next copil
        assert Decision.objects.get(text="Lancer la soirée en octobre").arguments == [
            "Le forum est en septembre",
            "Les élus sont disponibles",
        ]
    # Publishing asks first; without the confirmation nothing is published.
    question = pilote.get(meeting_url + "statut/publier/").content.decode()
    assert "Publier le compte rendu ?" in question and 'name="confirm"' in question
    response = pilote.post(meeting_url + "statut/publier/")
    assert response.status_code == 200
    with scopes_disabled():
        assert CommitteeMeeting.objects.get(programme=demo, rank=2).status == "held"
    response = pilote.post(meeting_url + "statut/publier/", {"confirm": "on"}, follow=True)
    assert "Le compte rendu est publié" in response.content.decode()
    with scopes_disabled():
        meeting = CommitteeMeeting.objects.get(programme=demo, rank=2)
        assert meeting.status == "published"
        assert meeting.snapshot["decisions"][0]["text"] == "Lancer la soirée en octobre"
    for path in ("diaporama.pptx", "compte-rendu.docx", "compte-rendu.pdf"):
        response = pilote.get(meeting_url + "documents/" + path)
        assert response.status_code == 200, path
        assert "attachment" in response["Content-Disposition"]


def test_task_without_owner_is_refused_and_typed_text_kept(pilote):
    response = pilote.post(
        BASE + "reunions/2/actions/ajouter/", {"what": "Une action sans porteur", "status": "open"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indiquez qui porte cette action" in html
    assert "Une action sans porteur" in html
    with scopes_disabled():
        assert not Task.objects.filter(what="Une action sans porteur").exists()


def test_meeting_date_before_previous_copil_is_refused(pilote, demo):
    response = pilote.post(
        BASE + "reunions/2/modifier/",
        {"title": "Copil n°2", "date": "2012-01-10", "place": "Ici", "version": 1},
    )
    assert response.status_code == 200
    assert "avant le copil précédent" in response.content.decode()
    with scopes_disabled():
        assert CommitteeMeeting.objects.get(programme=demo, rank=2).date.isoformat() == "2012-06-19"


def test_publishing_a_meeting_not_held_is_refused(pilote, demo):
    with scopes_disabled():
        CommitteeMeeting.objects.filter(programme=demo, rank=2).update(status="convened")
    response = pilote.post(BASE + "reunions/2/statut/publier/", {"confirm": "on"}, follow=True)
    assert "une fois la réunion tenue" in response.content.decode()
    with scopes_disabled():
        assert CommitteeMeeting.objects.get(programme=demo, rank=2).status == "convened"


def test_concurrent_edits_of_the_same_notes(pilote, demo):
    with scopes_disabled():
        section = AgendaSection.objects.get(meeting__programme=demo, meeting__rank=2, key="deroule")
    url = BASE + f"reunions/2/sequences/{section.pk}/"
    version = section.version
    first = pilote.post(
        url, {"version": version, "title": section.title, "notes": "Texte A", "included": "on"}
    )
    assert first.status_code == 302
    second = pilote.post(
        url, {"version": version, "title": section.title, "notes": "Texte B", "included": "on"}
    )
    assert second.status_code == 200
    html = second.content.decode()
    assert "Quelqu’un d’autre a enregistré cette séquence" in html
    assert "Texte A" in html and "Texte B" in html  # theirs shown, ours kept in the form
    with scopes_disabled():
        section.refresh_from_db()
    assert section.notes == "Texte A"
    assert re.search(rf'name="version" value="{section.version}"', html)


def test_participant_reads_published_minutes_only(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="participant"))
    assert client.get(BASE + "reunions/1/").status_code == 200
    assert client.get(BASE + "reunions/2/").status_code == 403
    index = client.get(BASE).content.decode()
    assert "Copil n°1" in index and "Copil n°2" not in index


def test_index_lists_meetings_and_members(pilote):
    html = pilote.get(BASE).content.decode()
    assert "Hélène Durand (fictive)" in html and "Copil final" in html
    assert (
        reverse(
            "governance:meeting_add",
            kwargs={"territory": "charenton-saint-maurice", "programme": "charenton-saint-maurice"},
        )
        in html
    )


def test_lead_adds_a_member_a_section_and_reorders(pilote, demo):
    with scopes_disabled():
        organisation = demo.sponsor
    response = pilote.post(
        BASE + "membres/ajouter/",
        {"organisation": organisation.pk, "college": "collectivite", "position": "vice-président"},
    )
    assert response.status_code == 302
    response = pilote.post(
        BASE + "reunions/3/sequences/ajouter/",
        {"title": "Témoignages des binômes", "objectives": "Entendre les binômes", "content": ""},
    )
    assert response.status_code == 302
    with scopes_disabled():
        meeting = CommitteeMeeting.objects.get(programme=demo, rank=3)
        added = meeting.sections.get(key="temoignages-des-binomes")
        assert list(meeting.sections.values_list("key", flat=True))[-1] == added.key
    pilote.post(BASE + f"reunions/3/sequences/{added.pk}/deplacer/", {"direction": "up"})
    with scopes_disabled():
        assert list(meeting.sections.values_list("key", flat=True))[-2] == added.key


def test_attendance_is_recorded(pilote, demo):
    with scopes_disabled():
        meeting = CommitteeMeeting.objects.get(programme=demo, rank=3)
        members = list(demo.committee_members.all())
    data = {f"invited_{m.pk}": "on" for m in members[:2]} | {f"present_{members[0].pk}": "on"}
    assert pilote.post(BASE + "reunions/3/presences/", data).status_code == 302
    with scopes_disabled():
        assert dict(meeting.invitations.values_list("member_id", "attended")) == {
            members[0].pk: True,
            members[1].pk: False,
        }


def test_absent_and_excused_are_told_apart(pilote, demo):
    with scopes_disabled():
        meeting = CommitteeMeeting.objects.get(programme=demo, rank=3)
        members = list(demo.committee_members.all())
    base = {f"invited_{m.pk}": "on" for m in members[:3]} | {f"present_{members[0].pk}": "on"}
    # present and excused at once is refused, nothing saved
    refused = base | {f"excused_{members[0].pk}": "on"}
    response = pilote.post(BASE + "reunions/3/presences/", refused)
    assert response.status_code == 200
    assert "à la fois présent·e et excusé·e" in response.content.decode()
    data = base | {f"excused_{members[1].pk}": "on"}
    assert pilote.post(BASE + "reunions/3/presences/", data).status_code == 302
    with scopes_disabled():
        rows = meeting.invitations.values_list("member_id", "attended", "excused")
        assert {r[0]: r[1:] for r in rows} == {
            members[0].pk: (True, False),
            members[1].pk: (False, True),
            members[2].pk: (False, False),
        }
    page = pilote.get(BASE + "reunions/3/").content.decode()
    assert "excusé·e" in page and "absent·e" in page
    minutes = pilote.get(BASE + "reunions/3/presences/").content.decode()
    assert "Excusé·e" in minutes


def test_convening_from_the_page_sends_mail(pilote, demo, settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with scopes_disabled():
        meeting = CommitteeMeeting.objects.get(programme=demo, rank=3)
        meeting.status = "draft"
        meeting.save()
    response = pilote.post(BASE + "reunions/3/statut/convoquer/", follow=True)
    body = response.content.decode()
    assert "Convocation en cours d’envoi à 5 membre(s)" in body
    assert "Convocation : envoi effectué à 5 destinataires" in body
    assert all(m.attachments[0][0] == "invitation.ics" for m in mailoutbox)
    assert sorted(address for m in mailoutbox for address in m.to) == [
        "anne.moreau@exemple.invalid",
        "helene.durand@exemple.invalid",
        "julie.moreau@exemple.invalid",
        "karim.benali@exemple.invalid",
        "sophie.lemoine@exemple.invalid",
    ]


def test_published_meeting_is_frozen_in_the_interface(pilote, demo):
    response = pilote.get(BASE + "reunions/1/decisions/ajouter/", follow=True)
    assert "ne peut plus être modifiée" in response.content.decode()
    html = pilote.get(BASE + "reunions/1/").content.decode()
    assert "Compte rendu publié le" not in html or "telle qu’elle était" in html
    assert "Enregistrer une décision" not in html


def test_observer_reads_drafts_participant_cannot_download_them(client, demo):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    client.force_login(User.objects.get(username="observateur"))
    assert client.get(BASE + "reunions/2/").status_code == 200
    assert client.get(BASE + "reunions/2/decisions/ajouter/").status_code == 403
    client.force_login(User.objects.get(username="participant"))
    assert client.get(BASE + "reunions/2/documents/diaporama.pptx").status_code == 403
    assert client.get(BASE + "reunions/1/documents/compte-rendu.docx").status_code == 200


def test_admin_lists_committee_objects(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="reseau"))
    for model in ("committeemeeting", "task", "committeemember"):
        assert client.get(f"/admin/governance/{model}/").status_code == 200


def test_concurrent_edits_of_the_meeting(pilote, demo):
    url = BASE + "reunions/3/modifier/"
    data = {"title": "Copil final", "date": "2013-02-14", "version": 1}
    assert pilote.post(url, {**data, "place": "Mairie"}).status_code == 302
    response = pilote.post(url, {**data, "place": "Salle des fêtes"})
    html = response.content.decode()
    assert "Quelqu’un d’autre a enregistré" in html
    assert "Salle des fêtes" in html
    with scopes_disabled():
        assert CommitteeMeeting.objects.get(programme=demo, rank=3).place == "Mairie"


@pytest.mark.django_db
def test_meeting_page_caps_its_lists_and_links_to_the_rest(programme, client_for):
    from copilote.governance.selectors import PAGE_LIMIT
    from copilote.governance.tests.factories import (
        CommitteeMeetingFactory,
        CommitteeMemberFactory,
        DecisionFactory,
        TaskFactory,
    )
    from copilote.governance.views import MEMBERS_SHOWN, TASKS_SHOWN

    with scopes_disabled():
        meeting = CommitteeMeetingFactory(programme=programme)
        tasks = TaskFactory.create_batch(TASKS_SHOWN + 3, meeting=meeting, what="Tâche répétée")
        DecisionFactory.create_batch(PAGE_LIMIT + 2, meeting=meeting, text="Décision répétée")
        members = CommitteeMemberFactory.create_batch(MEMBERS_SHOWN + 1, programme=programme)
    args = {"territory": programme.territory.slug, "programme": programme.slug}
    client = client_for("committee")
    page = client.get(reverse("governance:meeting", kwargs={**args, "rank": meeting.rank}))
    html = page.content.decode()
    assert html.count("<td>Tâche répétée</td>") == TASKS_SHOWN
    for task in tasks[:TASKS_SHOWN]:  # its pages, built from the meeting's list of tasks
        for name in ("governance:task_edit", "governance:task_delete"):
            kwargs = {**args, "rank": meeting.rank, "pk": task.pk}
            assert f'href="{reverse(name, kwargs=kwargs)}"' in html
    assert html.count("Décision répétée") == PAGE_LIMIT
    tasks_url = reverse("governance:tasks", kwargs={**args, "rank": meeting.rank})
    assert tasks_url in html
    assert client.get(tasks_url).content.decode().count("<td>Tâche répétée</td>") == TASKS_SHOWN + 3
    index = client.get(reverse("governance:index", kwargs=args)).content.decode()
    assert reverse("governance:members", kwargs=args) in index
    assert index.count("row-actions") == MEMBERS_SHOWN
    for member in members[:MEMBERS_SHOWN]:  # its pages, built from the list of members
        for name in ("governance:member_edit", "governance:member_delete"):
            assert f'href="{reverse(name, kwargs={**args, "pk": member.pk})}"' in index


@pytest.mark.django_db
def test_meeting_page_is_rebuilt_after_a_change(programme, client_for, users):
    from copilote.governance import services
    from copilote.governance.tests.factories import CommitteeMeetingFactory

    with scopes_disabled():
        meeting = CommitteeMeetingFactory(programme=programme)
    args = {"territory": programme.territory.slug, "programme": programme.slug}
    url = reverse("governance:meeting", kwargs={**args, "rank": meeting.rank})
    client = client_for("committee")
    assert "Nouvelle décision" not in client.get(url).content.decode()
    with scopes_disabled():
        services.save_decision(
            user=users["committee"], meeting=meeting, text="Nouvelle décision", arguments=[]
        )
    assert "Nouvelle décision" in client.get(url).content.decode()
