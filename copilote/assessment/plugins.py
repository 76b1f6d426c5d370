"""How the assessment plugs into the dashboard: the bilan's card (decision, survey answers)."""

from __future__ import annotations

from copilote.assessment import selectors
from copilote.programmes.dashboard import Card, register_card


def assessment_card(programme, *, user, today):
    return {
        "assessment": selectors.assessment_of(programme),
        "survey": selectors.survey_status(programme),
    }


def register() -> None:
    register_card(Card("assessment", "assessment/dashboard_card.html", assessment_card, order=70))
