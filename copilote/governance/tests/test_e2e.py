"""End to end, in headless Chromium: the lead runs copil n°2 of the demo."""

import re

import pytest
from playwright.sync_api import expect

from copilote.programmes.demo import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PROGRAMME = "/t/charenton-saint-maurice/p/charenton-saint-maurice/"
COPIL_2 = PROGRAMME + "copil/reunions/2/"


@pytest.fixture
def demo(db):
    load_demo()


def test_lead_prepares_records_and_publishes_copil_2(demo, page, login, axe_check):
    login("pilote")
    page.goto(PROGRAMME)
    card = page.get_by_role("region", name="Comité de pilotage")
    expect(card.get_by_role("heading", name="Actions en retard")).to_be_visible()
    page.get_by_role("navigation", name="Expérimentation").get_by_role(
        "link", name="Comité de pilotage"
    ).click()
    axe_check()
    page.get_by_role("link", name="Copil n°2").click()
    expect(page).to_have_url(re.compile(re.escape(COPIL_2) + "$"))
    for title in (
        "Rappel du projet",
        "Point d’avancement",
        "Le déroulé de l’expérimentation",
        "Focus sur les étapes",
        "Calendrier prévisionnel",
        "Prochaines étapes",
    ):
        expect(page.get_by_role("heading", name=title, level=2)).to_be_visible()
    expect(page.get_by_role("cell", name="Inventer collectivement", exact=False)).to_be_visible()
    axe_check()

    page.get_by_role("link", name="Enregistrer une décision").click()
    page.get_by_label("Décision").fill("Organiser la soirée de lancement en octobre")
    page.get_by_label("Arguments").fill("Après le forum des associations")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("décision a été enregistrée")

    page.get_by_role("link", name="Ajouter une action").click()
    axe_check()
    page.get_by_label("Quoi").fill("Réserver la salle")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("alert")).to_contain_text("Indiquez qui porte cette action")
    expect(page.get_by_label("Quoi")).to_have_value("Réserver la salle")
    # Organisations are searched on the server, then chosen with the keyboard.
    page.get_by_label("Structure qui la porte").fill("rameau")
    choice = page.get_by_role("radio", name="Le RAMEAU")
    expect(choice).to_be_visible()
    choice.focus()
    page.keyboard.press("Space")
    expect(choice).to_be_checked()
    page.get_by_role("button", name="Enregistrer").click()
    tasks = page.get_by_role("region", name="Actions à mener d’ici le prochain copil")
    expect(tasks.get_by_role("cell", name="Réserver la salle", exact=True)).to_be_visible()

    # Publishing asks first.
    page.get_by_role("link", name="Publier le compte rendu").click()
    expect(page.get_by_role("heading", name="Publier le compte rendu ?")).to_be_visible()
    axe_check()
    page.get_by_label("J’ai relu le compte rendu", exact=False).check()
    page.get_by_role("button", name="Publier le compte rendu").click()
    expect(page.get_by_role("status")).to_contain_text("Le compte rendu est publié")
    expect(page.get_by_text("Compte rendu publié le")).to_be_visible()
    axe_check()
    with page.expect_download() as download:
        page.get_by_role("link", name="Diaporama (PPTX)").click()
    assert download.value.suggested_filename.endswith(".pptx")


def test_phone_width_meeting_page(demo, page, login):
    page.set_viewport_size({"width": 375, "height": 740})
    login("pilote")
    page.goto(COPIL_2)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375, f"horizontal scroll on a phone: {width}px"
