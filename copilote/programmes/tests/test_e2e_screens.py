"""End to end, in headless Chromium: a phone's screen (390 px) and a cut table on a desktop."""

import pytest

from copilote.programmes.demo import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PROGRAMME = "/t/charenton-saint-maurice/p/charenton-saint-maurice/"
COPIL_2 = PROGRAMME + "copil/reunions/2/"


@pytest.fixture
def demo(db):
    load_demo()


def test_a_phone_screen(demo, page, login, axe_check):
    page.set_viewport_size({"width": 390, "height": 844})
    login("pilote")
    # The header takes one line.
    page.goto(PROGRAMME)
    bar = page.locator(".site-header .bar").bounding_box()
    brand = page.locator(".site-header .brand").bounding_box()
    assert bar["height"] < brand["height"] * 2 + 20, bar
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The calendar keeps its months and scrolls sideways, visibly.
    page.goto(COPIL_2)
    months = page.locator("table.months").first
    assert months.locator("th").first.evaluate("e => getComputedStyle(e).display") == "table-cell"
    wrap = page.locator(".table-wrap:has(table.months)").first
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")
    assert "scrolls" in wrap.get_attribute("class")
    assert wrap.get_attribute("tabindex") == "0"
    assert page.locator(".table-wrap:has(table.months) + .scroll-hint").first.is_visible()
    # Directory cards label their fields.
    page.goto(PROGRAMME + "acteurs/")
    cell = page.locator("table.table tbody tr").first.locator("td").first
    label = cell.get_attribute("data-label")
    assert label
    before = cell.evaluate("e => getComputedStyle(e, '::before').content")
    assert label in before
    page.screenshot(path="/tmp/copilote-390-directory.png", full_page=False)
    axe_check()


def test_a_cut_table_shows_that_it_scrolls_on_a_desktop(demo, page, login):
    page.set_viewport_size({"width": 1280, "height": 900})
    login("pilote")
    # The whole programme month by month (the copil's calendar comes in pieces that fit).
    page.goto(PROGRAMME + "calendrier/")
    wrap = page.locator(".table-wrap:has(table.gantt)").first
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")
    assert "scrolls" in wrap.get_attribute("class")
    assert page.locator(".scroll-hint").first.is_visible()
    page.screenshot(path="/tmp/copilote-cut-table.png", full_page=False)
