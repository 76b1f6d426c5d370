"""End to end in headless Chromium: the facilitator runs their group (balance, attendance on a
phone, minutes, a proposal); a participant opens their personal link without an account; axe-core
on each page. ``SCREENSHOTS=dir`` keeps screenshots of the pages."""

import os

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from copilote.programmes.demo import load_demo
from copilote.workgroups import services
from copilote.workgroups.models import Attendance, Member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GROUPS = "/t/charenton-saint-maurice/p/charenton-saint-maurice/groupes/"
GROUP = GROUPS + "lutte-contre-la-precarite/"


def shot(page, name):
    directory = os.environ.get("SCREENSHOTS")
    if directory:
        page.screenshot(path=os.path.join(directory, f"{name}.png"), full_page=True)


def test_facilitator_runs_the_group_and_a_participant_opens_the_link(page, login, axe_check):
    load_demo()
    login("animateur")
    page.goto(GROUP)
    expect(page.get_by_role("heading", name="Équilibre du groupe")).to_be_visible()
    expect(page.get_by_text("7 participants pour 8 minimum")).to_be_visible()
    axe_check()
    shot(page, "group")

    # Attendance on a 390 px screen: one tap per person, answered in place.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(GROUP + "reunions/3/presences/")
    axe_check()
    absent = page.locator(".tap-list li.is-absent").first
    name = absent.locator(".tap-name").inner_text().split("\n")[0]
    absent.get_by_role("button").click()
    row = page.locator(".tap-list li", has_text=name)
    expect(row).to_have_class("tap-row is-present")
    expect(row.get_by_role("button")).to_have_attribute("aria-pressed", "true")
    shot(page, "attendance-390")
    with scopes_disabled():
        marks = Attendance.objects.filter(
            meeting__number=3, member__group__slug="lutte-contre-la-precarite"
        ).select_related("member__candidate__person")
        assert {a.member.candidate.full_name: a.present for a in marks}[name] is True

    # Minutes, then a proposal.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(GROUP + "reunions/3/compte-rendu/")
    axe_check()
    page.get_by_label("Compte rendu").fill("Le réseau d’entraide démarre au printemps.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Le réseau d’entraide démarre au printemps.")).to_be_visible()
    page.goto(GROUP + "propositions/ajouter/")
    page.get_by_label("Proposition").fill("Un annuaire partagé des bénévoles")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#proposals li", has_text="Un annuaire partagé")).to_be_visible()

    # The participant's personal link, without an account: their group only.
    with scopes_disabled():
        participant = Member.objects.get(candidate__email="participant@demo.invalid")
        signed = services.issue_link(user=None, member=participant)
    page.context.clear_cookies()
    page.goto(GROUPS + f"lien/{signed}/")
    expect(
        page.get_by_role("heading", name="Groupe de travail « Insertion des jeunes »")
    ).to_be_visible()
    expect(page.get_by_text("Lutte contre la précarité")).to_have_count(0)
    expect(page.get_by_text("@")).to_have_count(0)
    axe_check()
    shot(page, "personal")
    response = page.goto(GROUPS + f"lien/{signed}x/")
    assert response.status == 404
