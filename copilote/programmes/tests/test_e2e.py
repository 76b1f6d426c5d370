"""End to end, in headless Chromium: the demo as its lead uses it, with accessibility checks."""

import re

import pytest
from playwright.sync_api import expect

from copilote.programmes.demo import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DASHBOARD = "/t/charenton-saint-maurice/p/charenton-saint-maurice/"


@pytest.fixture
def demo(db):
    load_demo()


def test_login_page_is_accessible(page, axe_check):
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    axe_check()


def test_lead_uses_dashboard_and_edits_the_programme(demo, page, login, axe_check):
    login("pilote")  # one programme: straight to its dashboard, not a list of one
    expect(page).to_have_url(re.compile(re.escape(DASHBOARD) + "$"))
    axe_check()
    themes = page.get_by_role("region", name="Thématiques")
    for name in ("Insertion des jeunes", "Handicap", "Lutte contre la précarité"):
        expect(themes.get_by_text(name, exact=True)).to_be_visible()
    expect(page.get_by_text("entre 150 et 200 personnes")).to_be_visible()
    axe_check()

    # The programme's form: a contradiction is refused, the typed text is kept.
    page.get_by_role("navigation", name="Expérimentation").get_by_role(
        "link", name="L’expérimentation"
    ).click()
    page.get_by_role("link", name="Modifier").click()
    axe_check()
    page.get_by_label("Participants par groupe – minimum").fill("14")
    page.get_by_label("Axes").fill("Un axe tapé à la main")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_label("Axes")).to_have_value("Un axe tapé à la main")
    axe_check()
    page.get_by_label("Participants par groupe – minimum").fill("10")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("enregistrée")
    expect(page.get_by_text("Un axe tapé à la main")).to_be_visible()


def test_keyboard_user_reaches_the_content_and_other_pages(demo, page, login, axe_check):
    login("participant")
    page.goto(DASHBOARD)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    for path in ("thematiques/", "communes/", "membres/", "fiche/"):
        page.goto(DASHBOARD + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check()


def test_phone_width_layout(demo, page, login):
    page.set_viewport_size({"width": 375, "height": 740})
    login("pilote")
    page.goto(DASHBOARD)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375, f"horizontal scroll on a phone: {width}px"


def test_role_change_in_place_with_htmx_under_csp(demo, page, login, axe_check):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    login("pilote")
    page.goto(DASHBOARD + "membres/")
    row = page.get_by_role("row", name=re.compile("Paul Participant"))
    row.get_by_label(re.compile("Rôle de")).select_option(label="Observateur·rice")
    with page.expect_response(re.compile(r"/membres/\d+/role/$")):
        row.get_by_role("button", name="Changer").click()
    expect(row.get_by_role("status")).to_have_text("Enregistré")
    expect(page).to_have_url(re.compile("membres/$"))  # no page load: the row was swapped
    axe_check()
    assert not [e for e in errors if "Content Security Policy" in e], errors
