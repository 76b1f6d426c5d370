"""YAML -> programme: parse, validate against the schema, import in one transaction.

A bad file changes nothing and every problem is named by its place in the file, e.g.
``themes[2].name (ligne 40) : champ obligatoire``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import jsonschema
import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scope

from copilote.actors.models import Organisation, Person
from copilote.core.services import log_action
from copilote.planning.models import Milestone, PlanPhase
from copilote.programmes import services
from copilote.programmes.models import (
    Commune,
    Programme,
    ProgrammeFrame,
    ProgrammePartner,
    Territory,
    Theme,
)
from copilote.programmes.programme_file.schema import full_schema
from copilote.programmes.programme_file.sections import sections

Path = tuple[str | int, ...]


class ProgrammeFileError(Exception):
    """The file cannot be imported; ``problems`` lists each faulty place with its message."""

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class _Loader(yaml.SafeLoader):
    """Safe YAML without implicit timestamps: dates stay strings, checked by the schema."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _lines(node, path: Path = (), out: dict | None = None) -> dict[Path, int]:
    """Map every place of the document to its line number (1-based)."""
    out = {} if out is None else out
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out[(*path, key.value)] = key.start_mark.line + 1
            _lines(value, (*path, key.value), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, (*path, index), out)
    return out


def format_path(path: Iterable[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or _("(file)")


class _Problems:
    def __init__(self, lines: dict[Path, int]):
        self.lines = lines
        self.items: list[tuple[int, str]] = []

    def line_of(self, path: Path) -> int | None:
        """The line of ``path``, or of its closest parent (a missing field has none)."""
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)

    def add(self, path: Path, message: str) -> None:
        line = self.line_of(path)
        where = format_path(path)
        if line:
            where = _("%(path)s (line %(line)s)") % {"path": where, "line": line}
        self.items.append(
            (line or 0, _("%(where)s: %(message)s") % {"where": where, "message": message})
        )

    def raise_if_any(self) -> None:
        if self.items:
            raise ProgrammeFileError(message for _line, message in sorted(self.items))


def _schema_message(error: jsonschema.ValidationError) -> tuple[Path, str]:
    path = tuple(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1]
        return (*path, missing), _("required")
    if kind == "additionalProperties":
        extras = ", ".join(sorted(set(error.instance) - set(error.schema.get("properties", {}))))
        return path, _("unknown field(s): %(fields)s") % {"fields": extras}
    if kind in ("enum", "const"):
        allowed = error.validator_value if kind == "enum" else [error.validator_value]
        return path, _("unexpected value “%(value)s” (expected: %(allowed)s)") % {
            "value": error.instance,
            "allowed": ", ".join(str(a) for a in allowed),
        }
    if kind == "type":
        names = {
            "string": _("text"),
            "integer": _("a whole number"),
            "array": _("a list"),
            "object": _("a mapping"),
            "boolean": _("true or false"),
        }
        return path, _("must be %(type)s") % {
            "type": names.get(error.validator_value, error.validator_value)
        }
    if kind == "pattern" or kind == "format":
        return path, _("invalid format “%(value)s”") % {"value": error.instance}
    if kind == "minLength":
        return path, _("must not be empty")
    if kind in ("minimum", "maximum"):
        return path, _("out of range (%(value)s)") % {"value": error.instance}
    return path, error.message


def parse(text: str) -> tuple[dict, dict[Path, int]]:
    """Parse and validate the file; raise ProgrammeFileError naming every faulty place."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (ligne {mark.line + 1})" if mark else ""
        raise ProgrammeFileError(
            [
                _("The file is not valid YAML%(line)s: %(problem)s")
                % {"line": line, "problem": getattr(exc, "problem", exc)}
            ]
        ) from exc
    if node is None:
        raise ProgrammeFileError([_("The file is empty.")])
    data = _Loader(text).get_single_data()
    lines = _lines(node)
    if not isinstance(data, dict):
        raise ProgrammeFileError([_("The file must be a mapping of sections.")])
    problems = _Problems(lines)
    validator = jsonschema.Draft202012Validator(
        full_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for error in validator.iter_errors(data):
        problems.add(*_schema_message(error))
    problems.raise_if_any()
    return data, lines


def parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{field}: {m}" if field != "__all__" else str(m)
            for field, errors in error.message_dict.items()
            for m in errors
        ]
    return list(error.messages)


class _Importer:
    """Imports one file; it is also the context handed to registered sections."""

    def __init__(self, data: dict, problems: _Problems, user=None):
        self.data = data
        self.problems = problems
        self.user = user
        self.territory: Territory | None = None
        self.programme: Programme | None = None
        self.organisations: dict[str, Organisation] = {}
        self.themes: dict[str, Theme] = {}
        self.people: dict[str, Person] = {}  # full name -> contact (the contacts section)

    def problem(self, path: Path, message: str) -> None:
        self.problems.add(path, message)

    def organisation(self, name: str, path: Path) -> Organisation | None:
        found = self.organisations.get(name)
        if found is None:
            self.problem(
                path,
                _("unknown organisation “%(name)s”: list it under organisations") % {"name": name},
            )
        return found

    def person(self, name: str, path: Path) -> Person | None:
        """A contact named by its full name, as listed under ``contacts``."""
        found = self.people.get(name)
        if found is None:
            self.problem(
                path, _("unknown person “%(name)s”: list them under contacts") % {"name": name}
            )
        return found

    def theme(self, slug: str, path: Path) -> Theme | None:
        found = self.themes.get(slug)
        if found is None:
            self.problem(path, _("unknown theme “%(slug)s”") % {"slug": slug})
        return found

    def save(self, obj, path: Path):
        """full_clean + save; a validation error is recorded at ``path`` (import goes on)."""
        try:
            obj.full_clean()
        except ValidationError as exc:
            for message in _messages(exc):
                self.problems.add(path, message)
            return None
        obj.save()
        return obj

    def run(self) -> Programme | None:
        data = self.data
        info = data["territory"]
        territory = Territory.objects.filter(slug=info["slug"]).first()
        if territory is None:
            territory = self.save(
                Territory(
                    slug=info["slug"], name=info["name"], authority=info.get("authority", "")
                ),
                ("territory",),
            )
            if territory is None:
                return None
        self.territory = territory
        with scope(territory=territory):
            programme = self._programme(territory)
            if programme is None:
                return None
            self.programme = programme
            for section in sections():
                if section.key in self.data:
                    section.load(self, self.data[section.key])
            log_action(
                user=self.user,
                action="programme.import",
                territory=territory,
                programme=programme,
                obj=programme,
            )
            return programme

    def _programme(self, territory: Territory) -> Programme | None:
        data = self.data
        communes = {c.name: c for c in territory.communes.all()}
        for i, item in enumerate(data["territory"].get("communes", [])):
            if item["name"] not in communes:
                commune = self.save(
                    Commune(
                        territory=territory,
                        name=item["name"],
                        insee_code=item.get("insee_code", ""),
                        population=item.get("population"),
                    ),
                    ("territory", "communes", i),
                )
                if commune:
                    communes[commune.name] = commune
        organisations = self.organisations
        organisations.update({o.name: o for o in Organisation.objects.filter(territory=territory)})
        for i, item in enumerate(data.get("organisations", [])):
            path = ("organisations", i)
            if item["name"] in organisations:
                continue
            commune = communes.get(item.get("commune", ""))
            if item.get("commune") and commune is None:
                self.problems.add(
                    (*path, "commune"), _("unknown commune “%(name)s”") % {"name": item["commune"]}
                )
            organisation = self.save(
                Organisation(
                    territory=territory,
                    name=item["name"],
                    kind=item["kind"],
                    commune=commune,
                    address=item.get("address", ""),
                    sector=item.get("sector", ""),
                    size=item.get("size", ""),
                    maturity=item.get("maturity", ""),
                    publish_in_guide=item.get("publish_in_guide", False),
                    website=item.get("website", ""),
                    description=item.get("description", ""),
                ),
                path,
            )
            if organisation:
                organisations[organisation.name] = organisation

        organisation = self.organisation
        info = data["programme"]
        if Programme.objects.filter(territory=territory, slug=info["slug"]).exists():
            self.problems.add(
                ("programme", "slug"),
                _("an experimentation “%(slug)s” already exists in this territory")
                % {"slug": info["slug"]},
            )
            return None
        targets = info.get("targets", {})
        attendance = targets.get("launch_attendance", {})
        group_size = targets.get("participants_per_group", {})
        programme = Programme(
            territory=territory,
            slug=info["slug"],
            name=info["name"],
            sponsor=organisation(info["sponsor"], ("programme", "sponsor"))
            if info.get("sponsor")
            else None,
            objective=info.get("objective", ""),
            finalities=info.get("finalities", []),
            descriptive_elements=info.get("descriptive_elements", []),
            axes=info.get("axes", []),
            phase=info.get("phase", "cadrage"),
            start_date=parse_date(info.get("start_date")),
            end_date=parse_date(info.get("end_date")),
            kit_version=info.get("kit_version", 1),
            launch_attendance_min=attendance.get("min"),
            launch_attendance_max=attendance.get("max"),
            group_size_min=group_size.get("min"),
            group_size_max=group_size.get("max"),
            meetings_per_group=targets.get("meetings_per_group", 3),
        )
        if self.save(programme, ("programme",)) is None:
            return None
        for i, item in enumerate(info.get("partners", [])):
            org = organisation(item["organisation"], ("programme", "partners", i, "organisation"))
            if org:
                self.save(
                    ProgrammePartner(
                        programme=programme,
                        organisation=org,
                        role=item.get("role", "entreprise"),
                        position=i,
                    ),
                    ("programme", "partners", i),
                )
        for i, item in enumerate(data.get("themes", [])):
            theme = self.save(
                Theme(
                    programme=programme,
                    slug=item["slug"],
                    name=item["name"],
                    description=item.get("description", ""),
                    position=i,
                ),
                ("themes", i),
            )
            if theme:
                self.themes[theme.slug] = theme
        for i, item in enumerate(data.get("organisations", [])):  # themes of interest
            org = organisations.get(item["name"])
            for j, slug in enumerate(item.get("themes", [])):
                theme = self.theme(slug, ("organisations", i, "themes", j))
                if org and theme:
                    org.themes.add(theme)
        if "frames" in data:
            for i, item in enumerate(data["frames"]):
                self.save(
                    ProgrammeFrame(
                        programme=programme,
                        kind=item["kind"],
                        key=item["key"],
                        version=item["version"],
                        data=item["data"],
                        position=i,
                    ),
                    ("frames", i),
                )
        else:
            services.copy_kit_frames(programme)
        self._calendar(programme)
        return programme

    def _calendar(self, programme: Programme) -> None:
        calendar = self.data.get("calendar")
        if calendar is None:
            services.plan_default_phases(programme)
            return
        phases = {}
        for i, item in enumerate(calendar.get("phases", [])):
            phase = self.save(
                PlanPhase(
                    programme=programme,
                    key=item["key"],
                    title=item["title"],
                    start=parse_date(item.get("start")),
                    end=parse_date(item.get("end")),
                    position=i,
                ),
                ("calendar", "phases", i),
            )
            if phase:
                phases[phase.key] = phase
        for i, item in enumerate(calendar.get("milestones", [])):
            path = ("calendar", "milestones", i)
            phase = phases.get(item.get("phase", ""))
            if item.get("phase") and phase is None:
                self.problems.add(
                    (*path, "phase"), _("unknown phase “%(key)s”") % {"key": item["phase"]}
                )
            self.save(
                Milestone(
                    programme=programme,
                    phase=phase,
                    title=item["title"],
                    kind=item.get("kind", "other"),
                    start=parse_date(item["start"]),
                    end=parse_date(item.get("end")),
                    precision=item.get("precision", "day"),
                    done=item.get("done", False),
                ),
                path,
            )


def import_programme(text: str, *, user=None) -> Programme:
    """Validate and import a programme file atomically; raise ProgrammeFileError on bad input."""
    data, lines = parse(text)
    problems = _Problems(lines)
    with transaction.atomic():  # any problem raises inside: nothing is kept
        programme = _Importer(data, problems, user).run()
        problems.raise_if_any()
    return programme
