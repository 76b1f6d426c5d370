"""End to end in headless Chromium: the lead's mobilisation board (drag and keyboard), the import
preview of a 200-row file, the guide; axe-core on each page."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from copilote.actors.models import Mobilisation
from copilote.actors.tests.fixture_files import organisations_xlsx
from copilote.programmes.demo import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ACTORS = "/t/charenton-saint-maurice/p/charenton-saint-maurice/acteurs/"


def status_of(name):
    with scopes_disabled():
        return Mobilisation.objects.get(organisation__name=name).status


def test_lead_moves_cards_imports_and_publishes(page, login, axe_check, tmp_path):
    load_demo()
    login("pilote")
    page.goto(ACTORS + "mobilisation/")
    expect(page.get_by_role("heading", name="RDV à venir")).to_be_visible()
    expect(page.get_by_text("M. Cambon, Maire de Saint-Maurice").first).to_be_visible()
    axe_check()

    # Drag: Veolia from « rendez-vous prévu » to « rencontrée ». The whole board fits in the
    # window (a scroll during the drag would move another card), grabbed by its corner.
    page.set_viewport_size({"width": 1400, "height": 2400})
    card = page.locator(".board-card", has_text="Veolia")
    card.drag_to(page.locator('[data-drop="rencontre"]'), source_position={"x": 6, "y": 6})
    moved = page.locator('[data-drop="rencontre"] .board-card', has_text="Veolia")
    expect(moved.get_by_role("status")).to_contain_text("Déplacée vers « rencontrée »")
    assert status_of("Veolia") == "rencontre"

    # Keyboard: Docapost's status list, then its « Déplacer » button.
    page.get_by_label("État de Docapost").select_option(label="engagée (OK)")
    page.get_by_label("État de Docapost").press("Tab")
    page.keyboard.press("Enter")
    moved = page.locator('[data-drop="engage"] .board-card', has_text="Docapost")
    expect(moved.get_by_role("status")).to_contain_text("Déplacée vers « engagée (OK) »")
    expect(page.get_by_label("État de Docapost")).to_be_focused()
    assert status_of("Docapost") == "engage"

    # Import a 200-row XLSX with a few bad rows.
    path = tmp_path / "structures-200.xlsx"
    path.write_bytes(organisations_xlsx(200))
    page.goto(ACTORS + "import/")
    axe_check()
    page.get_by_label("Fichier (CSV ou XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_role("alert").first).to_contain_text("6 lignes sont en erreur")
    expect(page.get_by_text("« fondation » n’est pas un type", exact=False)).to_be_visible()
    axe_check()
    page.get_by_role("button", name="N’importer que les 194 lignes valides").click()
    expect(page.get_by_text("194 ligne(s) importée(s)")).to_be_visible()
    axe_check()

    # Publish the guide; its public page and its PDF.
    page.goto(ACTORS + "guide/")
    page.get_by_label("Publier le guide sur sa page publique").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Le guide est publié.")).to_be_visible()
    axe_check()
    page.get_by_role("link", name="Page publique").click()
    expect(page).to_have_url(re.compile(r"/guide/public/$"))
    expect(page.get_by_text("Lions Sight First")).to_be_visible()
    axe_check()
    response = page.request.get(ACTORS + "guide/pdf/")
    assert response.headers["content-type"] == "application/pdf"
