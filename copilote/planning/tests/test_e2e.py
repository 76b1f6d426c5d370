"""End to end, in headless Chromium: the calendar, a date poll answered from its signed link,
and the choice of the date, with accessibility checks."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from copilote.programmes.demo import load_current, load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CALENDAR = "/t/charenton-saint-maurice/p/charenton-saint-maurice/calendrier/"
CURRENT = "/t/charenton-saint-maurice/p/seconde-edition/calendrier/"


def test_calendar_poll_and_chosen_date(page, login, axe_check, live_server):
    load_demo()
    load_current()
    login("pilote")
    page.goto(CALENDAR)
    grid = page.get_by_role("region", name="Calendrier par mois").first
    expect(grid.get_by_role("columnheader", name="juin 2013")).to_be_attached()
    expect(grid.get_by_text("+4 mois")).to_be_attached()
    axe_check()
    page.set_viewport_size({"width": 390, "height": 800})
    wrap = page.locator(".screen-only .gantt-wrap")
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")  # it scrolls, it is not cut
    expect(page.locator(".screen-only .gantt-wrap + .scroll-hint")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(CURRENT)
    page.get_by_role("link", name="Sondages de date").click()
    page.get_by_role("link", name="Copil n°2").click()
    expect(page.get_by_role("columnheader", name=re.compile("meilleure"))).to_have_count(1)
    axe_check()

    # Claire answers from her own link, without an account.
    from django_scopes import scopes_disabled

    from copilote.planning.models import PollVoter
    from copilote.planning.views import voter_token

    with scopes_disabled():
        voter = PollVoter.objects.get(email="pilote@demo.invalid")
    answer_page = page.context.new_page()
    answer_page.goto(live_server.url + f"/sondage/{voter_token(voter)}/")
    radios = answer_page.get_by_role("radio", name="Oui")
    for i in range(radios.count()):
        radios.nth(i).check()
    answer_page.get_by_role("button", name="Enregistrer ma réponse").click()
    expect(answer_page.get_by_role("status")).to_contain_text("Merci")
    axe_check(answer_page)
    answer_page.close()

    page.reload()
    mail.outbox.clear()
    page.get_by_role("button", name="Retenir cette date").click()
    expect(page.get_by_role("status")).to_contain_text("La date est fixée")
    page.goto(CURRENT)
    expect(page.get_by_role("link", name="Copil n°2").first).to_be_attached()
