"""Where candidates for the groups come from, besides the directory and typing by hand.

Another app (e.g. events: people registered to an event with an interest in a theme) registers a
provider in its ``AppConfig.ready()``::

    from copilote.workgroups.sources import CandidateProposal, register_source

    def registrants(programme, theme) -> list[CandidateProposal]:
        ...

    register_source(registrants)

``provider(programme, theme)`` returns the people it proposes for ``theme`` (a
``programmes.Theme`` of ``programme``), as :class:`CandidateProposal`; it reads in a fixed number
of queries. The candidates page lists them; the lead adds one with
``services.add_proposed_candidate``, which never adds the same ``(source, source_ref)`` twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Provider = Callable[[Any, Any], list["CandidateProposal"]]


@dataclass(frozen=True)
class CandidateProposal:
    source: str  # a workgroups.models.CandidateSource value, e.g. "event"
    source_ref: str  # stable in the programme, e.g. "registration-12"
    last_name: str
    first_name: str = ""
    email: str = ""
    person: Any = None  # an actors.Person, when the proposal is a contact of the directory
    organisation: Any = None  # an actors.Organisation
    organisation_name: str = ""  # when the organisation is not in the directory
    kind: str = ""  # an actors.OrganisationKind value
    commune: Any = None  # a programmes.Commune
    label: str = ""  # where the proposal comes from, shown to the lead (e.g. the event's title)

    @property
    def full_name(self) -> str:
        if self.person is not None:
            return str(self.person)
        return f"{self.first_name} {self.last_name}".strip()


_SOURCES: list[Provider] = []


def register_source(provider: Provider) -> None:
    if provider not in _SOURCES:
        _SOURCES.append(provider)


def proposals(programme, theme) -> list[CandidateProposal]:
    """Every registered source's proposals for ``theme``."""
    return [item for provider in _SOURCES for item in provider(programme, theme)]
