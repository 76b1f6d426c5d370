"""The participant survey's default questionnaire, from the themes of the kit's bilan: what the
participants gained, meeting their neighbours, the method (meetings, facilitation), whether they
would continue. Scales from 1 to 4 and free text.

Answers are aggregated: a single answer is never shown with a name, and a group is broken down
only from ``MIN_BREAKDOWN`` answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

MIN_BREAKDOWN = 5
SCALE = (
    _("Not at all"),
    _("A little"),
    _("Rather yes"),
    _("Yes, completely"),
)


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: str  # "scale" | "choice" | "text"
    choices: tuple = field(default_factory=tuple)
    required: bool = True

    @property
    def scale_values(self) -> list[int]:
        return list(range(1, len(SCALE) + 1))

    @property
    def scale_labels(self) -> list[str]:
        return [str(label) for label in SCALE]


QUESTIONS = (
    Question(
        "gained", _("Did taking part bring you something (contacts, ideas, partners)?"), "scale"
    ),
    Question(
        "neighbours",
        _("Did you meet actors of the territory you did not know (« vos voisins »)?"),
        "scale",
    ),
    Question(
        "method", _("Did the method (three group meetings, co-leads pair) suit you?"), "scale"
    ),
    Question(
        "meetings",
        _("How many group meetings would have been right?"),
        "choice",
        (
            ("2", _("2 meetings")),
            ("3", _("3 meetings")),
            ("4", _("4 meetings")),
            ("5", _("5 or more")),
        ),
    ),
    Question(
        "continue",
        _("Would you continue with the actions retained?"),
        "choice",
        (("oui", _("Yes")), ("peut-etre", _("Maybe")), ("non", _("No"))),
    ),
    Question(
        "comment",
        _("What would you change, or tell the steering committee?"),
        "text",
        required=False,
    ),
)


def question(key: str) -> Question:
    for q in QUESTIONS:
        if q.key == key:
            return q
    raise KeyError(key)
