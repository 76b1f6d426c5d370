"""What the results hold on a person (RGPD): the actions they are the referent of.

The referent points to the contact, which the directory anonymises: the role stays, the name goes.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from copilote.actors.personal_data import Holder, people_with_email, register, register_free_text
from copilote.results.models import Referent


def _referents(email: str):
    return Referent.objects.filter(person__in=people_with_email(email)).select_related(
        "action__programme"
    )


def _export(email: str) -> list[dict]:
    return [
        {
            "programme": r.action.programme.name,
            "referent_of": r.action.title,
            "committed_on": r.committed_on.isoformat() if r.committed_on else None,
        }
        for r in _referents(email)
    ]


def _erase(email: str) -> int:
    return 0  # the contact itself is anonymised by the directory; the role stays


def _warnings(email: str) -> list[str]:
    return [
        _("This person is the referent of the action “%(action)s”: the role stays, the name goes.")
        % {"action": r.action.title}
        for r in _referents(email)
    ]


def register_holder() -> None:
    register(Holder("referents", _export, _erase, warnings=_warnings))
    # Free text where a name may be typed: erased by the directory's traces holder.
    register_free_text("actions", "results.Action", ["description"])
    register_free_text("action_first_steps", "results.FirstStep", ["what"])
    register_free_text("action_progress", "results.ProgressUpdate", ["text"])
