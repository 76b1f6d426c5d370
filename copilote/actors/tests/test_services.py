"""Each service: its effect, its refusal, its log entry (without personal data)."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from copilote.actors import services
from copilote.actors.models import Mobilisation, Network, Organisation, Resource
from copilote.actors.tests.factories import MobilisationFactory, OrganisationFactory
from copilote.core.models import ActivityLog
from copilote.core.tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def test_save_organisation_with_themes_and_networks(territory_scope, users):
    programme = territory_scope
    theme = ThemeFactory(programme=programme)
    network = Network.objects.create(territory=programme.territory, name="Club")
    organisation = services.save_organisation(
        user=users["lead"],
        programme=programme,
        themes=[theme],
        networks=[network],
        name="Atelier (fictif)",
        kind="association",
        maturity="debutant",
    )
    assert list(organisation.themes.all()) == [theme]
    assert list(network.members.all()) == [organisation]
    assert ActivityLog.objects.filter(action="organisation.create").count() == 1
    with pytest.raises(ValidationError):
        services.save_organisation(
            user=users["lead"], programme=programme, name="Atelier (fictif)", kind="association"
        )
    with pytest.raises(ValidationError):
        services.save_organisation(
            user=users["lead"], programme=programme, name="Autre", kind="inconnu"
        )


def test_sponsor_cannot_be_deleted(territory_scope, users):
    programme = territory_scope
    sponsor = OrganisationFactory(territory=programme.territory, kind="collectivite")
    programme.sponsor = sponsor
    programme.save()
    with pytest.raises(ValidationError):
        services.delete_organisation(user=users["lead"], programme=programme, organisation=sponsor)
    other = OrganisationFactory(territory=programme.territory)
    services.delete_organisation(user=users["lead"], programme=programme, organisation=other)
    assert not Organisation.objects.filter(pk=other.pk).exists()


def test_follow_is_idempotent_and_move_refuses_unknown_status(territory_scope, users):
    programme = territory_scope
    organisation = OrganisationFactory(territory=programme.territory)
    first = services.follow(user=users["lead"], programme=programme, organisation=organisation)
    again = services.follow(user=users["lead"], programme=programme, organisation=organisation)
    assert first.pk == again.pk and Mobilisation.objects.count() == 1
    services.move(user=users["committee"], mobilisation=first, status="engage")
    assert Mobilisation.objects.get().status == "engage"
    log = ActivityLog.objects.get(action="mobilisation.move")
    assert log.data == {"from": "identifie", "to": "engage"}
    with pytest.raises(ValidationError):
        services.move(user=users["committee"], mobilisation=first, status="peut-etre")


def test_mobilisation_of_another_territorys_organisation_is_refused(territory_scope, users):
    stranger = OrganisationFactory()  # another territory
    with pytest.raises(ValidationError):
        services.follow(user=users["lead"], programme=territory_scope, organisation=stranger)


def test_interaction_needs_a_date(territory_scope, users):
    mobilisation = MobilisationFactory(programme=territory_scope)
    with scope(territory=territory_scope.territory):
        services.add_interaction(
            user=users["lead"], mobilisation=mobilisation, kind="appel", date="2012-06-01"
        )
        with pytest.raises(ValidationError):
            services.add_interaction(
                user=users["lead"], mobilisation=mobilisation, kind="appel", date=None
            )
        assert mobilisation.interactions.count() == 1


def test_guide_resource_refuses_an_email_contact(territory_scope, users):
    programme = territory_scope
    theme = ThemeFactory(programme=programme)
    resource = Resource(programme=programme)
    with pytest.raises(ValidationError) as excinfo:
        services.save_simple(
            user=users["lead"],
            programme=programme,
            obj=resource,
            action="resource",
            theme=theme,
            name="Mission locale",
            contact="accueil@exemple.invalid",
        )
    assert "contact" in excinfo.value.message_dict


def test_publish_guide(territory_scope, users):
    guide = services.publish_guide(user=users["lead"], programme=territory_scope, published=True)
    assert guide.published
    guide = services.publish_guide(user=users["lead"], programme=territory_scope, published=False)
    assert not guide.published
    assert ActivityLog.objects.filter(action__startswith="guide.").count() == 2


@pytest.mark.parametrize(
    ("perm", "allowed"),
    [
        (
            "actors.view_directory",
            {"lead", "committee", "facilitator", "participant", "observer", "network_admin"},
        ),
        ("actors.view_contact_details", {"lead", "committee"}),
        ("actors.change_directory", {"lead", "network_admin"}),
        ("actors.import_directory", {"lead", "network_admin"}),
        (
            "actors.view_mobilisation",
            {"lead", "committee", "facilitator", "observer", "network_admin"},
        ),
        ("actors.change_mobilisation", {"lead", "committee", "network_admin"}),
        (
            "actors.view_guide",
            {"lead", "committee", "facilitator", "participant", "observer", "network_admin"},
        ),
        ("actors.manage_guide", {"lead", "network_admin"}),
    ],
)
def test_rules_by_role(programme, users, perm, allowed):
    for role, user in users.items():
        assert user.has_perm(perm, programme) == (role in allowed), (perm, role)
