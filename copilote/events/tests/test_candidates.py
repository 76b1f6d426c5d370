"""Registrants interested in a theme are proposed as candidates of the working groups."""

from django.urls import reverse

from copilote.core.tests.factories import (
    CommuneFactory,
    OrganisationFactory,
    PersonFactory,
    ThemeFactory,
)
from copilote.events.candidates import registrants
from copilote.events.tests.factories import EventFactory, RegistrationFactory
from copilote.workgroups import selectors, services
from copilote.workgroups.models import Candidate
from copilote.workgroups.tests.factories import CandidateFactory


def test_registrants_interested_in_a_theme_are_proposed_once(scoped, users):
    theme, other = ThemeFactory(programme=scoped), ThemeFactory(programme=scoped)
    launch, meeting = EventFactory(programme=scoped), EventFactory(programme=scoped)
    commune = CommuneFactory(territory=scoped.territory)
    RegistrationFactory(event=launch, name="Marie D.", email="marie@exemple.invalid").themes.set(
        [theme]
    )
    marie = RegistrationFactory(
        event=meeting,
        name="Marie Dupont de la Tour",
        email="Marie@Exemple.invalid",
        organisation="Café solidaire",
        kind="association",
        commune=commune,
    )
    marie.themes.set([theme])
    RegistrationFactory(event=launch, name="Autre thème").themes.set([other])
    RegistrationFactory(event=launch, name="Annulé", status="annule").themes.set([theme])
    RegistrationFactory(event=launch, name="Citoyenne", kind="citoyen").themes.set([theme])
    RegistrationFactory(event=launch, name="Sans adresse", email="").themes.set([theme])

    proposed = registrants(scoped, theme)
    assert [(p.first_name, p.last_name) for p in proposed] == [
        ("", "Citoyenne"),
        ("Marie", "Dupont de la Tour"),
    ]
    citizen, first = proposed
    assert (first.source, first.source_ref) == ("event", f"registration-{marie.pk}")
    assert (first.organisation_name, first.kind, first.commune) == (
        "Café solidaire",
        "association",
        commune,
    )
    assert meeting.title in first.label
    assert citizen.kind == ""  # « citoyen » is no kind of organisation


def test_a_registrant_who_is_a_contact_of_the_directory_is_proposed_as_the_contact(scoped, users):
    theme = ThemeFactory(programme=scoped)
    organisation = OrganisationFactory(territory=scoped.territory, kind="entreprise")
    person = PersonFactory(
        territory=scoped.territory, organisation=organisation, email="jean@exemple.invalid"
    )
    RegistrationFactory(
        event=EventFactory(programme=scoped), name="J. Martin", email="JEAN@exemple.invalid"
    ).themes.set([theme])
    (proposal,) = registrants(scoped, theme)
    assert proposal.person == person and proposal.source == "directory"

    # Already a candidate from the directory, without this wish: still proposed; adding the
    # proposal gives the wish to the same candidate.
    candidate = services.save_candidate(user=users["lead"], programme=scoped, person=person)
    assert [p.person for _t, items, _m in selectors.proposed(scoped) for p in items] == [person]
    added = services.add_proposed_candidate(
        user=users["lead"], programme=scoped, proposal=proposal, theme=theme
    )
    assert added == candidate and [w.theme for w in candidate.wishes.all()] == [theme]
    assert Candidate.objects.filter(programme=scoped).count() == 1
    assert selectors.proposed(scoped) == []


def test_adding_a_proposal_makes_one_candidate_and_removes_it_from_the_proposals(
    scoped, users, client_for
):
    theme = ThemeFactory(programme=scoped)
    registration = RegistrationFactory(
        event=EventFactory(programme=scoped, title="Lancement"),
        name="Léa Bernard",
        email="lea@exemple.invalid",
    )
    registration.themes.set([theme])
    CandidateFactory(programme=scoped, last_name="Déjà", email="deja@exemple.invalid")
    RegistrationFactory(
        event=EventFactory(programme=scoped), name="Déjà Là", email="DEJA@exemple.invalid"
    ).themes.set([theme])
    client = client_for("lead")
    url = reverse(
        "workgroups:candidates",
        kwargs={"territory": scoped.territory.slug, "programme": scoped.slug},
    )
    html = client.get(url).content.decode()
    assert "Léa Bernard" in html and "Lancement" in html

    response = client.post(
        reverse(
            "workgroups:candidate_propose",
            kwargs={
                "territory": scoped.territory.slug,
                "programme": scoped.slug,
                "theme": theme.slug,
            },
        ),
        {"ref": f"registration-{registration.pk}"},
    )
    assert response.status_code == 302
    lea = Candidate.objects.get(email="lea@exemple.invalid")
    assert (lea.first_name, lea.last_name, lea.source) == ("Léa", "Bernard", "event")
    assert [w.theme for w in lea.wishes.all()] == [theme]

    # The hand-typed « Déjà » has the same email: adding the proposal gives her the wish.
    (deja,) = [p for _t, items, _more in selectors.proposed(scoped) for p in items]
    assert deja.email == "DEJA@exemple.invalid"
    same = services.add_proposed_candidate(
        user=users["lead"], programme=scoped, proposal=deja, theme=theme
    )
    assert same.last_name == "Déjà"
    assert Candidate.objects.filter(programme=scoped).count() == 2
    assert selectors.proposed(scoped) == []
    assert 'id="proposed-title"' not in client.get(url).content.decode()
