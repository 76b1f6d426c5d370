"""End to end, in headless Chromium, on the demo: a visitor registers from the public page of
the coming rencontre thématique and gets the mail with its ICS; the lead checks people in on a
390 px wide phone screen and sees the attendance against the launch's 150–200 target.

Set COPILOTE_SCREENSHOTS to a directory to keep the screenshots of both pages.
"""

import os
from pathlib import Path

import pytest
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import expect

from copilote.programmes.demo import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EVENTS = "/t/charenton-saint-maurice/p/charenton-saint-maurice/evenements/"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(db):
    load_demo()


def shot(page, name: str) -> None:
    folder = os.environ.get("COPILOTE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_visitor_registers_and_lead_checks_in_on_a_phone(demo, page, login, axe_check):
    page.set_viewport_size(PHONE)
    page.goto(EVENTS)
    axe_check()
    page.get_by_role("link", name="Rencontre thématique", exact=False).click()
    expect(page.get_by_role("heading", name="S’inscrire")).to_be_visible()
    axe_check()
    shot(page, "public-event-390")
    page.get_by_label("Prénom et nom").fill("Léa <b>Visiteuse</b>")
    page.get_by_label("Courriel").fill("lea@example.org")
    page.get_by_role("button", name="S’inscrire").click()
    expect(page.get_by_role("alert").or_(page.locator(".error")).first).to_be_visible()
    expect(page.get_by_label("Prénom et nom")).to_have_value("Léa <b>Visiteuse</b>")
    page.get_by_label("J’accepte", exact=False).check()
    page.get_by_label("Insertion des jeunes").check()
    page.get_by_role("button", name="S’inscrire").click()
    expect(page.get_by_role("heading", name="Votre inscription est confirmée")).to_be_visible()
    axe_check()
    (message,) = [m for m in mail.outbox if m.to == ["lea@example.org"]]
    (ics,) = [a for a in message.attachments if a[0].endswith(".ics")]
    (vevent,) = Calendar.from_ical(ics[1]).walk("VEVENT")
    assert str(vevent.decoded("dtstart").date()) == "2027-10-05"

    login("pilote")
    page.set_viewport_size(PHONE)
    page.goto(EVENTS + "gestion/lancement/accueil/")
    counts = page.locator("#checkin-counts")
    expect(counts).to_contain_text("224")
    expect(counts).to_contain_text("cible 150–200")
    page.get_by_role("searchbox").fill("Croix-Rouge")
    row = page.locator(".checkin-list li").first
    expect(row).to_contain_text("Croix-Rouge")
    expect(page.locator(".checkin-list li").filter(has_not_text="Croix-Rouge")).to_have_count(0)
    button = row.get_by_role("button")
    was_present = button.get_attribute("aria-pressed") == "true"
    button.click()
    expect(counts).to_contain_text("223" if was_present else "225")
    axe_check()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the check-in page scrolls sideways ({width} px)"
    shot(page, "checkin-390")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(EVENTS + "gestion/")
    expect(page.get_by_role("cell", name="228 / 250")).to_be_visible()
    axe_check()
    page.get_by_role("link", name="Événement de restitution").click()
    expect(page.get_by_role("heading", name="Déroulé de l’événement")).to_be_visible()
    expect(page.get_by_text("Poitou-Charentes, Rhône-Alpes, Alsace")).to_be_visible()
    axe_check()
    shot(page, "restitution-detail")
    page.get_by_role("link", name="Chiffres", exact=False).click()
    expect(page.get_by_role("heading", name="Par commune")).to_be_visible()
    axe_check()
    shot(page, "restitution-figures")
