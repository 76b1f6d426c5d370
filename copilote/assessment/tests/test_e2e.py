"""End to end in headless Chromium: the actions, an action's progress, the bilan, the indicators
(charts with their tables) and the survey behind a signed link; axe-core on each page."""

import os

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from copilote.assessment.models import SurveyInvitation
from copilote.assessment.services import survey_token
from copilote.programmes.demo import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BASE = "/t/charenton-saint-maurice/p/charenton-saint-maurice/"
SHOTS = os.environ.get("COPILOTE_SCREENSHOTS", "")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_actions_bilan_indicators_and_survey(page, login, axe_check, client):
    load_demo()
    login("pilote")
    page.goto(BASE + "actions/")
    expect(page.get_by_role("heading", name="Handicap", exact=True)).to_be_visible()
    expect(page.get_by_text("Sans référent").first).to_be_visible()
    axe_check()
    shot(page, "actions")

    page.get_by_role("link", name="Créer un réseau d’entraide local").click()
    expect(page.get_by_text("Karim Benali (fictif) (Petit Plus)")).to_be_visible()
    axe_check()
    page.get_by_role("link", name="Noter l’avancement").click()
    page.get_by_label("Date").fill("2013-09-01")
    page.get_by_label("Ce qui a avancé").fill("Charte signée")
    page.get_by_label("Avancement (%)").fill("140")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Un avancement est compris entre 0 et 100 %.")).to_be_visible()
    expect(page.get_by_label("Ce qui a avancé")).to_have_value("Charte signée")
    page.get_by_label("Avancement (%)").fill("60")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("60 %").first).to_be_visible()
    shot(page, "action")

    page.goto(BASE + "bilan/")
    expect(page.get_by_text("L’assiduité des participants.")).to_be_visible()
    expect(page.get_by_text("à reporter dans le kit du territoire").first).to_be_visible()
    axe_check()
    shot(page, "bilan")

    page.goto(BASE + "bilan/indicateurs/")
    expect(page.get_by_role("heading", name="Actions par état")).to_be_visible()
    expect(page.locator("figure.chart img").first).to_be_visible()
    expect(page.get_by_role("table", name="Chiffres : Actions par état")).to_be_visible()
    axe_check()
    shot(page, "indicators")

    page.goto(BASE + "bilan/enquete/")
    expect(page.get_by_text("11 réponses").first).to_be_visible()
    axe_check()
    shot(page, "survey")

    # The survey behind a signed link, without an account: one answer.
    with scopes_disabled():
        invitation = SurveyInvitation.objects.filter(answered_at=None).first()
        url = f"{BASE}bilan/enquete/reponse/{survey_token(invitation)}/"
    page.context.clear_cookies()
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Votre avis")
    axe_check()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_text("Merci de répondre à cette question.").first).to_be_visible()
    for group in page.locator("fieldset, .field").all():
        radios = group.get_by_role("radio")
        if radios.count():
            radios.last.check()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_text("Votre réponse est enregistrée.")).to_be_visible()
    page.goto(url)
    expect(page.get_by_text("Une réponse a déjà été donnée avec ce lien")).to_be_visible()
