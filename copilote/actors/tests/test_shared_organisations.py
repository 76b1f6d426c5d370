"""Organisations are shared by the programmes of a territory: one programme's edits and
deletions never take another programme's data."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from copilote.actors import services
from copilote.actors.models import Interaction, Mobilisation, Organisation, Resource
from copilote.actors.tests.factories import InteractionFactory, MobilisationFactory
from copilote.core.tests.factories import OrganisationFactory, ProgrammeFactory, ThemeFactory
from copilote.governance.models import Task
from copilote.governance.tests.factories import CommitteeMeetingFactory, CommitteeMemberFactory
from copilote.programmes import services as programme_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(territory_scope):
    """Programme A (the fixture's) and programme B of the same territory, one organisation."""
    a = territory_scope
    b = ProgrammeFactory(territory=a.territory, name="Expérimentation B", slug="b")
    organisation = OrganisationFactory(territory=a.territory, name="Atelier partagé")
    return a, b, organisation


def test_editing_from_b_keeps_the_theme_links_of_a(two, users):
    a, b, organisation = two
    theme_a, theme_b = ThemeFactory(programme=a), ThemeFactory(programme=b)
    organisation.themes.set([theme_a])
    services.save_organisation(
        user=users["lead"], programme=b, organisation=organisation, themes=[theme_b], networks=[]
    )
    assert set(organisation.themes.all()) == {theme_a, theme_b}
    services.save_organisation(
        user=users["lead"], programme=b, organisation=organisation, themes=[], networks=[]
    )
    assert list(organisation.themes.all()) == [theme_a]


def test_deleting_from_b_is_refused_when_a_follows_it_and_names_a(two, users):
    a, b, organisation = two
    mobilisation = MobilisationFactory(programme=a, organisation=organisation)
    InteractionFactory(mobilisation=mobilisation)
    with pytest.raises(ValidationError) as excinfo:
        services.delete_organisation(user=users["lead"], programme=b, organisation=organisation)
    assert "« Expérimentation test »" in excinfo.value.messages[0]
    assert Mobilisation.objects.filter(pk=mobilisation.pk).exists()
    assert Interaction.objects.filter(mobilisation=mobilisation).count() == 1
    # From A, its own mobilisation goes with it.
    services.delete_organisation(user=users["lead"], programme=a, organisation=organisation)
    assert not Organisation.objects.filter(pk=organisation.pk).exists()


def test_a_committee_seat_or_a_task_gives_a_french_message_not_a_500(two, users):
    a, _b, organisation = two
    CommitteeMemberFactory(programme=a, organisation=organisation)
    with pytest.raises(ValidationError) as excinfo:
        services.delete_organisation(user=users["lead"], programme=a, organisation=organisation)
    assert "encore utilisé(e) par" in excinfo.value.messages[0]
    other = OrganisationFactory(territory=a.territory)
    meeting = CommitteeMeetingFactory(programme=a)
    Task.objects.create(meeting=meeting, programme=a, what="Relancer", owner_organisation=other)
    with pytest.raises(ValidationError, match="Relancer"):
        services.delete_organisation(user=users["lead"], programme=a, organisation=other)


def test_the_delete_page_answers_the_refusal(two, client_for, users):
    a, _b, organisation = two
    CommitteeMemberFactory(programme=a, organisation=organisation)
    kwargs = {"territory": a.territory.slug, "programme": a.slug, "pk": organisation.pk}
    response = client_for("lead").post(
        reverse("actors:organisation_delete", kwargs=kwargs), {"confirm": "on"}, follow=True
    )
    assert response.status_code == 200
    assert "encore utilisé(e) par" in response.content.decode()


def test_deleting_a_theme_with_guide_resources_says_what_goes_first(territory_scope, client_for):
    programme = territory_scope
    theme = ThemeFactory(programme=programme, name="Handicap", slug="handicap")
    for number in range(2):
        Resource.objects.create(programme=programme, theme=theme, name=f"Guide {number}")
    kwargs = {
        "territory": programme.territory.slug,
        "programme": programme.slug,
        "slug": "handicap",
    }
    page = client_for("lead").get(reverse("programmes:theme_delete", kwargs=kwargs))
    body = page.content.decode()
    assert "Cette suppression supprime aussi" in body and "2 ressources" in body
    assert Resource.objects.filter(theme=theme).count() == 2  # asked, not done
    programme_services.delete_theme(user=None, theme=theme)
    assert not Resource.objects.filter(programme=programme).exists()


def test_a_theme_with_a_working_group_gives_a_french_message(territory_scope):
    from copilote.workgroups.models import WorkingGroup

    theme = ThemeFactory(programme=territory_scope)
    fields = {f.name for f in WorkingGroup._meta.fields}
    values = {"programme": territory_scope, "theme": theme}
    WorkingGroup.objects.create(**{k: v for k, v in values.items() if k in fields})
    with pytest.raises(
        ValidationError, match=r"a un groupe de travail : supprimez d’abord le groupe"
    ):
        programme_services.delete_theme(user=None, theme=theme)
