"""« Nouvelle expérimentation », tried as a new user in a fresh database: the network admin
creates a territory and an experimentation from the kit, back-plans it, invites its lead."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django_scopes import scopes_disabled

from copilote.core.models import User
from copilote.core.tests.factories import UserFactory
from copilote.governance.models import CommitteeMeeting
from copilote.programmes.models import Commune, Programme, Territory
from copilote.workgroups.models import GroupMeeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="reseau", is_network_admin=True))
    return client


def test_bad_commune_code_saves_nothing(admin_client):
    response = admin_client.post(
        reverse("start_territory"), {"name": "Val de Test", "communes": "Ici; 94069\nLà-bas; 99001"}
    )
    assert response.status_code == 200
    assert "n’est pas un code de commune" in response.content.decode()
    with scopes_disabled():
        assert not Territory.objects.exists() and not Commune.objects.exists()


def test_new_experimentation_from_the_kit_to_an_invited_lead(admin_client):
    client = admin_client
    target = (dt.date.today() + dt.timedelta(days=800)).isoformat()
    assert b"Nouvelle exp" in client.get(reverse("home")).content
    response = client.post(
        reverse("start_territory"),
        {
            "name": "Charenton – Saint-Maurice",
            "authority": "Communauté de communes",
            "communes": "Charenton-le-Pont; 94018\nSaint-Maurice; 94069",
        },
    )
    assert response.status_code == 302
    territory = Territory.objects.get()
    response = client.post(
        response.url,
        {
            "name": "Expérimentation 2026",
            "sponsor": "Communauté de communes",
            "new_partner": "Crédit Foncier",
            "objective": "Inventer ensemble.",
            "finalities": "Sensibiliser\nExpérimenter",
            "themes": "Handicap\nInsertion des jeunes",
            "meetings_per_group": "4",
            "target": target,
        },
    )
    assert response.status_code == 302 and f"target={target}" in response.url
    page = client.get(response.url)
    assert b"date-restitution" in page.content and b"date-reu-4" in page.content
    with scopes_disabled():
        programme = Programme.objects.get()
        assert programme.themes.count() == 2 and programme.frames.exists()
        assert not programme.milestones.exists()  # nothing before the confirmation
    plan_url = response.url.split("?")[0]
    client.post(
        plan_url,
        {
            "target": target,
            "anchor": "restitution",
            "meetings_per_group": "4",
            "action": "confirm",
            "baseline": "1",
        },
    )
    with scopes_disabled():
        assert programme.milestones.count() == 11
        assert list(
            CommitteeMeeting.objects.filter(programme=programme).values_list("kind", flat=True)
        ) == ["copil-1", "copil-2", "copil-final"]
        # Each theme's working group has its 4 meetings, dated by the calendar; the launch and
        # the restitution are draft events from the kit's frames.
        meetings = GroupMeeting.objects.filter(group__programme=programme)
        assert programme.working_groups.count() == 2 and meetings.count() == 8
        assert not meetings.filter(date=None).exists()
        reu4 = programme.milestones.get(key="reu-4")
        assert set(meetings.filter(number=4).values_list("date", flat=True)) == {reu4.start}
        assert sorted(programme.events.values_list("frame_key", flat=True)) == [
            "launch",
            "restitution",
        ]
    calendar = client.get(
        reverse(
            "planning:calendar", kwargs={"territory": territory.slug, "programme": programme.slug}
        )
    )
    assert "Copil n°2" in calendar.content.decode()
    # Invite the lead, who sets a password from the mail.
    client.post(
        reverse(
            "accounts:invitations",
            kwargs={"territory": territory.slug, "programme": programme.slug},
        ),
        {"email": "lea@exemple.fr", "role": "lead", "name": "Léa"},
    )
    link = re.search(r"http://testserver(/invitation/\S+)", mail.outbox[-1].body)[1]
    client.logout()
    client.post(
        link,
        {
            "first_name": "Léa",
            "last_name": "Pilote",
            "password1": "Solide-et-long-2027",
            "password2": "Solide-et-long-2027",
        },
    )
    lea = User.objects.get(email="lea@exemple.fr")
    with scopes_disabled():
        assert programme.memberships.get(user=lea).role == "lead"
    # The portfolio shows the territory, the phase and the next step.
    client.force_login(User.objects.get(username="reseau"))
    portfolio = client.get(reverse("home")).content.decode()
    assert "Expérimentation 2026" in portfolio and "Rien de daté à venir" not in portfolio


def test_new_experimentation_as_a_copy_of_another(admin_client):
    """« Kit transfert »: frames, themes, groups and the calendar's shape of an experimentation
    are copied; its people, contacts and notes are not."""
    from copilote.planning import backplan
    from copilote.planning import services as planning
    from copilote.programmes import services

    lead = UserFactory(username="pilote-source")
    source_territory = Territory.objects.create(name="Source", slug="source")
    with scopes_disabled():
        source = services.create_programme(
            user=lead, territory=source_territory, name="Première", slug="premiere"
        )
        services.save_theme(user=lead, programme=source, name="Handicap", slug="handicap")
        calendar = planning.calendar_frame(source)
        calendar["milestones"][1]["title"] = "Copil n°2 (notre version)"
        source.frames.filter(kind="calendar").update(data=calendar)
        steps = backplan.propose(calendar, target=dt.date(2013, 2, 14))
        planning.apply_plan(user=lead, programme=source, steps=steps, baseline=True)
        # The source's copil n°2 came a month later than the kit's spacing.
        copil2 = source.milestones.get(key="copil-2")
        copil2.start = copil2.start + dt.timedelta(days=31)
        copil2.save()
    territory = Territory.objects.create(name="Cible", slug="cible")
    response = admin_client.post(
        reverse("start_programme", kwargs={"territory": territory.slug}),
        {
            "source": source.pk,
            "name": "Seconde",
            "objective": "Inventer ensemble.",
            "themes": "",
            "meetings_per_group": "3",
            "target": "2031-06-05",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        copy = Programme.objects.get(slug="seconde")
        assert list(copy.themes.values_list("name", flat=True)) == ["Handicap"]
        assert copy.working_groups.get().meetings.count() == 3
        assert not copy.memberships.exclude(user__username="reseau").exists()
        shape = planning.calendar_frame(copy)["milestones"]
        assert shape[1]["title"] == "Copil n°2 (notre version)"
        kit_offsets = [m["offset_months"] for m in calendar["milestones"]]
        assert shape[1]["offset_months"] == kit_offsets[1] + 1


def test_whom_the_network_allows_starts_in_a_new_territory_only(client):
    from django.contrib.auth.models import Permission

    other = Territory.objects.create(name="Ailleurs", slug="ailleurs")
    with scopes_disabled():
        Programme.objects.create(territory=other, name="Déjà là", slug="deja-la")
    user = UserFactory(username="collectivite")
    client.force_login(user)
    assert client.get(reverse("start_territory")).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="add_programme"))
    user = User.objects.get(pk=user.pk)  # permissions are cached on the instance
    client.force_login(user)
    assert b"Nouvelle exp" in client.get(reverse("home")).content
    page = client.get(reverse("start_territory")).content.decode()
    assert "Ailleurs" not in page  # not another territory's
    url = reverse("start_programme", kwargs={"territory": other.slug})
    assert client.get(url).status_code == 404
    response = client.post(reverse("start_territory"), {"name": "Val de Marne Est"})
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200


def test_partner_company_is_searched_in_the_directory_or_new(admin_client):
    """The partner company comes from the territory's directory through the search widget
    (never a drop-down of it), or is named new; the step posts with htmx or plainly."""
    from copilote.actors.models import Organisation

    territory = Territory.objects.create(name="Cible", slug="cible")
    elsewhere = Territory.objects.create(name="Ailleurs", slug="ailleurs")
    with scopes_disabled():
        bank = Organisation.objects.create(
            territory=territory, name="Crédit Foncier", kind="entreprise"
        )
        Organisation.objects.create(territory=territory, name="Bricoland", kind="entreprise")
        Organisation.objects.create(
            territory=elsewhere, name="Crédit d'ailleurs", kind="entreprise"
        )
    url = reverse("start_programme", kwargs={"territory": territory.slug})
    page = admin_client.get(url).content.decode()
    assert "Bricoland" not in page and 'hx-boost="true"' in page
    search = reverse("start_partner_search", kwargs={"territory": territory.slug})
    found = admin_client.get(search, {"q": "crédit", "field": "partner"}).content.decode()
    assert "Crédit Foncier" in found and "ailleurs" not in found and "Bricoland" not in found
    data = {
        "name": "Seconde",
        "objective": "Inventer ensemble.",
        "themes": "",
        "meetings_per_group": "3",
        "target": "2031-06-05",
        "partner": bank.pk,
        "new_partner": "Autre",
    }
    both = admin_client.post(url, data)
    assert both.status_code == 200 and "pas les deux" in both.content.decode()
    with scopes_disabled():
        assert not Programme.objects.exists()
    del data["new_partner"]
    assert admin_client.post(url, data, HTTP_HX_REQUEST="true").status_code == 302
    with scopes_disabled():
        assert list(Programme.objects.get().partners.values_list("organisation", flat=True)) == [
            bank.pk
        ]
        assert Organisation.objects.filter(territory=territory).count() == 2
