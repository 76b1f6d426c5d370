"""The dashboard's registry: cards and « what to do next », filled by the apps.

The dashboard gathers from many apps without importing them. An app registers, in its
``AppConfig.ready()``:

- a **card**: ``register_card(Card(key, template, selector, order=…, perm=…))``. ``selector`` is
  called as ``selector(programme, user=…, today=…)`` and returns what the template shows, as
  ``card``; it must read in a fixed number of queries and cap its lists (``core.lists.capped``).
  ``perm`` (optional) is the permission on the programme needed to see the card.
- a **next-step provider**: ``register_next_steps(provider)``; ``provider(programme, user=…,
  today=…)`` returns a list of :class:`NextStep` — what the method asks now, from the data
  (« 3 actions sans référent »), each a link to the page where it is done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CardSelector = Callable[..., Any]
NextStepProvider = Callable[..., list["NextStep"]]


@dataclass(frozen=True)
class Card:
    key: str
    template: str
    selector: CardSelector
    order: int = 100
    perm: str | None = None


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str
    urgent: bool = False


@dataclass(frozen=True)
class ShownCard:
    key: str
    template: str
    data: Any


_CARDS: dict[str, Card] = {}
_NEXT_STEPS: list[NextStepProvider] = []


def register_card(card: Card) -> None:
    _CARDS[card.key] = card


def register_next_steps(provider: NextStepProvider) -> None:
    if provider not in _NEXT_STEPS:
        _NEXT_STEPS.append(provider)


def cards(programme, *, user, today: dt.date) -> list[ShownCard]:
    """The cards this user may see, in order, each with its data."""
    shown = []
    for card in sorted(_CARDS.values(), key=lambda c: (c.order, c.key)):
        if card.perm and not user.has_perm(card.perm, programme):
            continue
        shown.append(
            ShownCard(card.key, card.template, card.selector(programme, user=user, today=today))
        )
    return shown


def next_steps(programme, *, user, today: dt.date) -> list[NextStep]:
    """Every provider's next steps, the urgent ones first (each provider keeps its own order)."""
    steps = [
        step for provider in _NEXT_STEPS for step in provider(programme, user=user, today=today)
    ]
    return sorted(steps, key=lambda s: not s.urgent)
