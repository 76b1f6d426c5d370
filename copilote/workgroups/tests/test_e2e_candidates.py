"""End to end in headless Chromium: the lead takes a person the events propose as a candidate,
then places them in a working group — the candidates page from a lead's hands, with axe-core."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from copilote.programmes.demo import load_demo
from copilote.workgroups import selectors
from copilote.workgroups.models import Candidate, Member, WorkingGroup

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CANDIDATES = "/t/charenton-saint-maurice/p/charenton-saint-maurice/groupes/candidats/"


def test_a_proposed_person_becomes_a_candidate_then_a_participant(page, login, axe_check):
    load_demo()
    with scopes_disabled():
        group = WorkingGroup.objects.get(slug="handicap", programme__slug="charenton-saint-maurice")
        group.size_max = 40  # room for one more, whatever the demo's numbers
        group.status = "active"  # the demo's groups are closed: nobody is placed in them
        group.save(update_fields=["size_max", "status"])
    login("pilote")
    page.goto(CANDIDATES)
    proposed = page.get_by_role("region", name="Proposés par les événements")
    expect(proposed).to_be_visible()
    axe_check()
    with scopes_disabled():
        items = next(items for _theme, items, _more in selectors.proposed(group.programme) if items)
    name = items[0].full_name
    first = proposed.locator("li", has_text=name).first
    first.get_by_role("button", name="Ajouter comme candidat").click()
    expect(page.get_by_role("status")).to_contain_text(f"{name} est désormais candidat(e)")
    with scopes_disabled():
        candidate = Candidate.objects.filter(programme=group.programme).latest("pk")
        assert candidate.full_name == name

    # Find their row (the list is paginated) and place them in a group searched by name.
    other = f"Choisir un groupe – {name}"
    while (
        not page.get_by_text(other).count()
        and not page.get_by_text(f"Autre groupe – {name}").count()
    ):
        page.get_by_role("link", name="Suivant").click()
    row = page.locator("tr", has_text=name)
    row.locator("summary").click()
    search = page.get_by_label(f"Groupe pour {name}")
    search.fill(group.name[:5])
    row.get_by_role("radio", name=group.name).check()
    axe_check()
    row.get_by_role("button", name=f"Placer – {name}").click()
    expect(page.get_by_role("status")).to_contain_text(f"{name} est placé(e) dans le groupe")
    with scopes_disabled():
        assert Member.objects.filter(group=group, candidate=candidate).exists()
    axe_check()
