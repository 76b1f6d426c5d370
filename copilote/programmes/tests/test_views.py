import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from copilote.core.tests.factories import (
    CommuneFactory,
    MembershipFactory,
    MilestoneFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)
from copilote.programmes.models import Membership

pytestmark = pytest.mark.django_db


def url(name, programme, **kwargs):
    return reverse(
        name, kwargs={"territory": programme.territory.slug, "programme": programme.slug, **kwargs}
    )


def test_login_page_and_login(client, users):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()
    response = client.post(reverse("login"), {"username": "lead", "password": "secret-password"})
    assert response.status_code == 302


def test_a_user_with_one_programme_lands_on_its_dashboard(client, programme, users):
    users["participant"].set_password("secret-password")
    users["participant"].save()
    response = client.post(
        reverse("login"), {"username": "participant", "password": "secret-password"}, follow=True
    )
    dashboard = url("programmes:dashboard", programme)
    assert response.redirect_chain[-1] == (dashboard, 302)
    assert response.status_code == 200


def test_home_lists_only_my_programmes(client_for, programme, users):
    second = MembershipFactory(user=users["participant"], role="participant").programme
    response = client_for("participant").get(reverse("home"))
    assert programme.name in response.content.decode()
    assert second.name in response.content.decode()
    with scopes_disabled():
        other_programme = Membership.objects.get(user=users["other"]).programme
    assert other_programme.name not in response.content.decode()


def test_user_without_membership_sees_no_programme(client, programme):
    client.force_login(UserFactory())
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert programme.name not in response.content.decode()
    assert response.context["programmes"] == []


def test_network_admin_sees_the_portfolio(client_for, programme, users):
    response = client_for("network_admin").get(reverse("home"))
    content = response.content.decode()
    with scopes_disabled():
        other_programme = Membership.objects.get(user=users["other"]).programme
    assert programme.name in content and other_programme.name in content


def test_dashboard_shows_phase_steps_targets_and_missing(client_for, programme):
    with scopes_disabled():
        ThemeFactory(programme=programme, name="Handicap")
        MilestoneFactory(programme=programme, title="Réunion de lancement", start="2999-10-01")
    response = client_for("observer").get(url("programmes:dashboard", programme))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Réunion de lancement" in content and "Handicap" in content
    labels = [m.label for m in response.context["board"].missing]
    assert any("objecti" in label for label in labels)


def test_edit_programme(client_for, programme):
    with scopes_disabled():
        sponsor = OrganisationFactory(territory=programme.territory, kind="collectivite")
    data = {
        "name": "Nouveau nom",
        "sponsor": sponsor.pk,
        "objective": "Inventer ensemble",
        "finalities": "Sensibiliser\n\nExpérimenter\n",
        "descriptive_elements": "",
        "axes": "",
        "phase": "mobilisation",
        "start_date": "2026-03-01",
        "end_date": "",
        "launch_attendance_min": "150",
        "launch_attendance_max": "200",
        "group_size_min": "8",
        "group_size_max": "12",
        "meetings_per_group": "4",
    }
    response = client_for("lead").post(url("programmes:edit", programme), data)
    assert response.status_code == 302
    with scopes_disabled():
        programme.refresh_from_db()
    assert programme.name == "Nouveau nom"
    assert programme.finalities == ["Sensibiliser", "Expérimenter"]
    assert programme.meetings_per_group == 4 and programme.sponsor == sponsor


def test_edit_programme_refuses_contradictions_and_keeps_the_input(client_for, programme):
    data = {
        "name": "Essai",
        "phase": "cadrage",
        "objective": "Texte tapé",
        "group_size_min": "12",
        "group_size_max": "8",
        "meetings_per_group": "3",
        "start_date": "2026-05-01",
        "end_date": "2026-04-01",
    }
    response = client_for("lead").post(url("programmes:edit", programme), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors
    assert "Texte tapé" in response.content.decode()  # nothing typed is lost
    with scopes_disabled():
        programme.refresh_from_db()
    assert programme.objective == "" and programme.group_size_min is None


def test_foreign_sponsor_is_not_offered(client_for, programme):
    foreign = OrganisationFactory(name="Structure d’ailleurs")
    response = client_for("lead").post(
        url("programmes:edit", programme),
        {"name": "Essai", "phase": "cadrage", "meetings_per_group": "3", "sponsor": foreign.pk},
    )
    assert response.status_code == 200 and "sponsor" in response.context["form"].errors


def test_theme_crud(client_for, programme):
    client = client_for("lead")
    response = client.post(
        url("programmes:theme_add", programme),
        {"name": "Insertion des jeunes", "slug": "insertion-des-jeunes"},
    )
    assert response.status_code == 302
    response = client.post(
        url("programmes:theme_add", programme), {"name": "Insertion des jeunes", "slug": "autre"}
    )
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(
        url("programmes:theme_edit", programme, slug="insertion-des-jeunes"),
        {"name": "Insertion", "slug": "insertion-des-jeunes"},
    )
    assert response.status_code == 302
    delete = url("programmes:theme_delete", programme, slug="insertion-des-jeunes")
    assert client.post(delete, {}).status_code == 200  # confirmation required
    with scopes_disabled():
        assert programme.themes.count() == 1
    assert client.post(delete, {"confirm": "on"}).status_code == 302
    with scopes_disabled():
        assert programme.themes.count() == 0


def test_commune_crud_and_cross_territory_insee(client_for, programme):
    CommuneFactory(name="Ailleurs", insee_code="94018")
    client = client_for("lead")
    response = client.post(
        url("programmes:commune_add", programme),
        {"name": "Charenton-le-Pont", "insee_code": "94018"},
    )
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(
        url("programmes:commune_add", programme), {"name": "Saint-Maurice", "insee_code": "94069"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        commune = programme.territory.communes.get()
    response = client.post(
        url("programmes:commune_delete", programme, pk=commune.pk), {"confirm": "on"}
    )
    assert response.status_code == 302


def test_members_add_change_role_with_htmx_and_remove(client_for, programme, users):
    client = client_for("lead")
    newcomer = UserFactory(username="nouvelle", email="nouvelle@example.org")
    response = client.post(
        url("programmes:members", programme),
        {"identifier": "NOUVELLE@example.org", "role": "committee"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        membership = programme.memberships.get(user=newcomer)
    response = client.post(
        url("programmes:member_role", programme, pk=membership.pk),
        {"role": "observer"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="member-{membership.pk}"' in response.content.decode()
    assert "<html" not in response.content.decode()  # only the row
    with scopes_disabled():
        lead = programme.memberships.get(user=users["lead"])
    response = client.post(
        url("programmes:member_role", programme, pk=lead.pk),
        {"role": "observer"},
        HTTP_HX_REQUEST="true",
    )
    assert 'role="alert"' in response.content.decode()  # the last lead stays lead
    response = client.post(
        url("programmes:member_delete", programme, pk=membership.pk), {"confirm": "on"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert not programme.memberships.filter(user=newcomer).exists()
        assert programme.memberships.get(user=users["lead"]).role == "lead"


def test_members_unknown_account(client_for, programme):
    response = client_for("lead").post(
        url("programmes:members", programme), {"identifier": "personne", "role": "observer"}
    )
    assert response.status_code == 200 and response.context["form"].errors


def test_participant_cannot_add_members(client_for, programme):
    response = client_for("participant").post(
        url("programmes:members", programme), {"identifier": "lead", "role": "lead"}
    )
    assert response.status_code == 403


def test_user_text_is_escaped(client_for, programme):
    with scopes_disabled():
        ThemeFactory(programme=programme, name="<script>alert(1)</script>")
    content = client_for("participant").get(url("programmes:themes", programme)).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content


def test_csp_header_without_unsafe_inline(client_for, programme):
    response = client_for("participant").get(url("programmes:dashboard", programme))
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp


def test_english_is_available(client_for, programme):
    client = client_for("participant")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(url("programmes:dashboard", programme)).content.decode()
    assert 'lang="en"' in content and "Next dated steps" in content


def test_done_steps_count_as_a_calendar(client_for, programme):
    """A programme whose dated steps are all done still has a calendar."""
    with scopes_disabled():
        MilestoneFactory(programme=programme, start="2012-03-22", done=True)
    response = client_for("lead").get(url("programmes:dashboard", programme))
    labels = [m.label for m in response.context["board"].missing]
    assert not any("calendrier" in label for label in labels)
    assert response.context["board"].upcoming == []


def test_adding_a_member_answers_the_same_for_unknown_and_foreign_accounts(
    client_for, programme, users
):
    client = client_for("lead")
    foreign = users["other"]  # lead of a programme of another territory
    answers = []
    for identifier in (foreign.username, "personne-inconnue@exemple.invalid"):
        response = client.post(
            url("programmes:members", programme), {"identifier": identifier, "role": "observer"}
        )
        assert response.status_code == 200
        answers.append(response.context["form"].errors["identifier"][0].replace(identifier, "X"))
    assert answers[0] == answers[1]
    assert "Aucun compte de ce territoire" in answers[0]
    with scopes_disabled():
        assert not programme.memberships.filter(user=foreign).exists()
