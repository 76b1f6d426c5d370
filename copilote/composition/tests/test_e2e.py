"""End to end in headless Chromium: the lead asks for a composition from the groups page, reads
each group's balance and why someone is left out, accepts it, and the group page shows the
newcomers; axe-core on each page. ``SCREENSHOTS=dir`` keeps screenshots of the pages."""

import os

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from copilote.composition.models import CompositionProposal
from copilote.programmes.demo import load_demo
from copilote.workgroups.models import Candidate, GroupStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GROUPS = "/t/charenton-saint-maurice/p/charenton-saint-maurice/groupes/"


def shot(page, name):
    directory = os.environ.get("SCREENSHOTS")
    if directory:
        page.screenshot(path=os.path.join(directory, f"{name}.png"), full_page=True)


def test_lead_proposes_reads_and_accepts_a_composition(page, login, axe_check):
    programme, _created = load_demo()
    # The kit's groups are loaded closed (the case is over): here they are being formed.
    with scopes_disabled():
        programme.working_groups.update(status=GroupStatus.FORMING)
    login("pilote")
    page.goto(GROUPS)
    page.get_by_role("link", name="Proposer une composition").click()
    expect(page.get_by_role("heading", name="Composition des groupes", level=1)).to_be_visible()
    axe_check()
    shot(page, "composition")
    page.get_by_label("Temps donné au calcul (secondes)").fill("3")
    page.get_by_role("button", name="Proposer une composition").click()
    expect(page.get_by_text("Composition optimale (prouvée)")).to_be_visible()
    expect(page.get_by_role("heading", name="Laissés de côté")).to_be_visible()
    with scopes_disabled():
        proposal = CompositionProposal.objects.get()
        left = proposal.explanation["left_out"][0]
        newcomer_id = next(
            cid
            for cid, group in proposal.assignment.items()
            if group == "handicap" and Candidate.objects.get(pk=int(cid)).source == "event"
        )
        newcomer = Candidate.objects.get(pk=int(newcomer_id)).full_name
    expect(page.locator("#left-out li", has_text=left["name"])).to_contain_text(left["reason"])
    expect(page.locator("#group-handicap")).to_contain_text("Communes")
    axe_check()
    shot(page, "proposal")
    page.get_by_role("button", name="Accepter tous les groupes").click()
    expect(page.get_by_text("Les groupes sont composés comme proposé.")).to_be_visible()
    page.goto(GROUPS + "handicap/")
    expect(page.locator("#members", has_text=newcomer)).to_be_visible()
    axe_check()
