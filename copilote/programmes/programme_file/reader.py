"""YAML -> programme: parse, validate against the schema, import in one transaction.

A bad file changes nothing and every problem is named by its place in the file, e.g.
``themes[2].name (ligne 40) : champ obligatoire``.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterable

import jsonschema
import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _
from django_scopes import scope

from copilote.actors.models import LEGACY_MATURITY, Organisation, Person
from copilote.core.services import log_action
from copilote.kit import loader as kit
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

MAX_FILE_BYTES = 2 * 1024 * 1024  # the demo is 30 KB; 2,000 organisations and contacts ~1 MB
MAX_DEPTH = 40  # the deepest place of a real file is about 8 levels down
MAX_PROBLEMS = 20  # a file with more duplicate keys than that: the first ones are enough


class ProgrammeFileError(Exception):
    """The file cannot be imported; ``problems`` lists each faulty place with its message."""

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when installed
    """Safe YAML without implicit timestamps: dates stay strings, checked by the schema.

    libyaml parses ten times faster than pure Python and refuses nesting deeper than 1,000."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _lines(node) -> tuple[dict[Path, int], list[str]]:
    """Map every place of the document to its line number (1-based); list duplicate keys and
    keys that are not plain text, each with its line.

    Raises ProgrammeFileError on an alias (a node met twice) or nesting deeper than MAX_DEPTH:
    the walk never expands an alias."""
    out: dict[Path, int] = {}
    problems: list[tuple[int, str]] = []
    seen_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, Path]] = [(node, ())]
    while stack and len(problems) < MAX_PROBLEMS:
        node, path = stack.pop()
        line = node.start_mark.line + 1
        if id(node) in seen_nodes:
            raise ProgrammeFileError(
                [
                    _(
                        "line %(line)s: this value is repeated by an alias (*); aliases are "
                        "not allowed in a programme file (write the value in full)"
                    )
                    % {"line": line}
                ]
            )
        seen_nodes.add(id(node))
        if len(path) > MAX_DEPTH:
            raise ProgrammeFileError(
                [
                    _("line %(line)s: the file is nested too deeply (more than %(max)s levels)")
                    % {"line": line, "max": MAX_DEPTH}
                ]
            )
        out[path] = line
        if isinstance(node, yaml.MappingNode):
            keys: dict = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                if not isinstance(key, yaml.ScalarNode):
                    problems.append(
                        (
                            line,
                            _("%(where)s (line %(line)s): a key must be a plain name")
                            % {"where": format_path(path), "line": line},
                        )
                    )
                    continue
                if key.value in keys:
                    problems.append(
                        (
                            line,
                            _(
                                "%(where)s (line %(line)s): duplicate key “%(key)s” "
                                "(already given line %(first)s)"
                            )
                            % {
                                "where": format_path((*path, key.value)),
                                "line": line,
                                "key": key.value,
                                "first": keys[key.value],
                            },
                        )
                    )
                    continue
                keys[key.value] = line
                out[(*path, key.value)] = line
                stack.append((value, (*path, key.value)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, (*path, index)))
    return out, [message for _line, message in sorted(problems)]


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
        known = set(error.schema.get("properties", {}))
        extras = ", ".join(sorted(str(k) for k in error.instance if k not in known))
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


def _scan(text: str) -> None:
    """Read the file's events as a stream, before anything is built, and refuse aliases
    (YAML bombs), nesting deeper than MAX_DEPTH, duplicate keys and keys that are not plain
    names. Stops at the first alias and after MAX_PROBLEMS problems: a hostile file costs only
    what is read up to its first problems."""
    problems: list[str] = []
    # One entry per open collection: [is a mapping, keys seen {key: line}, expects a key,
    # the place being read inside it (a key, or an index)].
    stack: list[list] = []

    def item_done() -> None:
        if stack:
            top = stack[-1]
            if top[0]:
                top[2] = not top[2]
            else:
                top[3] += 1

    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise ProgrammeFileError(
                [
                    _(
                        "line %(line)s: the alias “*%(name)s” is not allowed in a programme "
                        "file (write the value in full)"
                    )
                    % {"line": line, "name": event.anchor}
                ]
            )
        top = stack[-1] if stack else None
        at_key = top is not None and top[0] and top[2]
        if isinstance(event, yaml.ScalarEvent):
            if at_key:
                where = format_path((*(e[3] for e in stack[:-1]), event.value))
                if event.value in top[1]:
                    problems.append(
                        _(
                            "%(where)s (line %(line)s): duplicate key “%(key)s” "
                            "(already given line %(first)s)"
                        )
                        % {
                            "where": where,
                            "line": line,
                            "key": event.value,
                            "first": top[1][event.value],
                        }
                    )
                else:
                    top[1][event.value] = line
                top[3] = event.value
            item_done()
        elif isinstance(event, yaml.CollectionStartEvent):
            if at_key:
                problems.append(
                    _("%(where)s (line %(line)s): a key must be a plain name")
                    % {"where": format_path(e[3] for e in stack[:-1]), "line": line}
                )
            if len(stack) >= MAX_DEPTH:
                raise ProgrammeFileError(
                    [
                        _("line %(line)s: the file is nested too deeply (more than %(max)s levels)")
                        % {"line": line, "max": MAX_DEPTH}
                    ]
                )
            mapping = isinstance(event, yaml.MappingStartEvent)
            stack.append([mapping, {}, True, None if mapping else 0])
        elif isinstance(event, yaml.CollectionEndEvent):
            stack.pop()
            item_done()
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise ProgrammeFileError(problems)


def _yaml_error(exc: yaml.YAMLError) -> ProgrammeFileError:
    mark = getattr(exc, "problem_mark", None)
    if "nesting depth" in str(getattr(exc, "problem", "")):  # libyaml stops at 1,000 levels
        return ProgrammeFileError(
            [
                _("line %(line)s: the file is nested too deeply (more than %(max)s levels)")
                % {"line": mark.line + 1 if mark else "?", "max": MAX_DEPTH}
            ]
        )
    line = _(" (line %(line)s)") % {"line": mark.line + 1} if mark else ""
    return ProgrammeFileError(
        [
            _("The file is not valid YAML%(line)s: %(problem)s")
            % {"line": line, "problem": getattr(exc, "problem", None) or exc}
        ]
    )


def parse(text: str) -> tuple[dict, dict[Path, int]]:
    """Parse and validate the file; raise ProgrammeFileError naming every faulty place.

    Files over MAX_FILE_BYTES are refused unread; aliases (a composed alias is the same node
    again, not yet expanded), duplicate keys and nesting deeper than MAX_DEPTH are refused
    before the document is built, so a hostile file costs little time and memory.
    """
    size = len(text.encode("utf-8", errors="replace"))
    if size > MAX_FILE_BYTES:
        raise ProgrammeFileError(
            [
                _("The file is too large (%(size)s MB; at most %(max)s MB).")
                % {
                    "size": formats.number_format(size / 2**20, 1),
                    "max": formats.number_format(MAX_FILE_BYTES / 2**20, 1),
                }
            ]
        )
    try:
        _scan(text)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise ProgrammeFileError([_("The file is empty.")])
            lines, duplicates = _lines(node)
            if duplicates:
                raise ProgrammeFileError(duplicates)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.constructor.ConstructorError as exc:  # e.g. !!python/object
        mark = exc.problem_mark or exc.context_mark
        tag = re.search(r"tag '([^']*)'", str(exc.problem))
        raise ProgrammeFileError(
            [
                _("line %(line)s: the tag “%(tag)s” is not allowed in a programme file")
                % {"line": mark.line + 1 if mark else "?", "tag": tag.group(1) if tag else "?"}
            ]
        ) from exc
    except yaml.YAMLError as exc:
        raise _yaml_error(exc) from exc
    except (ValueError, OverflowError) as exc:  # e.g. an integer of thousands of digits
        raise ProgrammeFileError([_("The file holds a number too long to be read.")]) from exc
    except RecursionError as exc:  # pragma: no cover - _lines bounds the depth first
        raise ProgrammeFileError([_("The file is nested too deeply.")]) from exc
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


def _messages(error: ValidationError) -> list[tuple[str | None, str]]:
    """(field, message) pairs; field None for an error of the whole object."""
    if hasattr(error, "error_dict"):
        return [
            (None if field == "__all__" else field, str(m))
            for field, errors in error.message_dict.items()
            for m in errors
        ]
    return [(None, m) for m in error.messages]


def fold(name: str) -> str:
    """A name as a reader sees it: case, apostrophes and spaces do not matter."""
    for quote in "’‘`´ʼ":
        name = name.replace(quote, "'")
    return " ".join(name.split()).casefold()


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """« : vouliez-vous dire « X » ? » when a candidate differs only by case or apostrophes."""
    folded = fold(name)
    for candidate in candidates:
        if fold(candidate) == folded:
            return _(" (did you mean “%(name)s”?)") % {"name": candidate}
    return ""


class _CheckOnly(Exception):
    """Raised at the end of a check: the transaction rolls back everything the import wrote."""


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
                _("unknown organisation “%(name)s”: list it under organisations") % {"name": name}
                + did_you_mean(name, self.organisations),
            )
        return found

    def person(self, name: str, path: Path) -> Person | None:
        """A contact named by its full name, as listed under ``contacts``."""
        found = self.people.get(name)
        if found is None:
            self.problem(
                path,
                _("unknown person “%(name)s”: list them under contacts") % {"name": name}
                + did_you_mean(name, self.people),
            )
        return found

    def theme(self, slug: str, path: Path) -> Theme | None:
        found = self.themes.get(slug)
        if found is None:
            self.problem(
                path,
                _("unknown theme “%(slug)s”") % {"slug": slug} + did_you_mean(slug, self.themes),
            )
        return found

    def save(self, obj, path: Path, fields: dict[str, str] | None = None):
        """full_clean + save; a validation error is recorded at ``path`` (import goes on).

        An error on a field is recorded at ``(*path, key)``, where ``key`` is the field's name
        in the file (``fields`` maps model field names that differ from the file's keys)."""
        try:
            obj.full_clean()
        except ValidationError as exc:
            for field, message in _messages(exc):
                place = path if field is None else (*path, (fields or {}).get(field, field))
                self.problems.add(place, message)
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
        folded = {fold(name): o for name, o in organisations.items()}
        for i, item in enumerate(data.get("organisations", [])):
            path = ("organisations", i)
            if item["name"] in organisations:
                continue
            existing = folded.get(fold(item["name"]))
            if existing is not None and existing.pk:  # the territory's, written another way
                organisations[item["name"]] = existing
                continue
            commune = communes.get(item.get("commune", ""))
            if item.get("commune") and commune is None:
                self.problems.add(
                    (*path, "commune"),
                    _("unknown commune “%(name)s”") % {"name": item["commune"]}
                    + did_you_mean(item["commune"], communes),
                )
            maturity = LEGACY_MATURITY.get(item.get("maturity", ""), item.get("maturity", ""))
            organisation = self.save(
                Organisation(
                    territory=territory,
                    name=item["name"],
                    kind=item["kind"],
                    commune=commune,
                    address=item.get("address", ""),
                    sector=item.get("sector", ""),
                    size=item.get("size", ""),
                    maturity=maturity,
                    publish_in_guide=item.get("publish_in_guide", False),
                    website=item.get("website", ""),
                    description=item.get("description", ""),
                ),
                path,
            )
            if organisation:
                organisations[organisation.name] = organisation
                folded.setdefault(fold(organisation.name), organisation)

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
        self._frames(programme)
        self._calendar(programme)
        return programme

    def _frames(self, programme: Programme) -> None:
        """The programme's copy of the kit: the file's frames over the kit's.

        A frame of the kit named in the file overrides the fields its ``data`` names; the kit's
        frames the file does not name are copied as they are; other frames come in full."""
        given = self.data.get("frames")
        if given is None:
            services.copy_kit_frames(programme)
            return
        kit_frames = {(f.kind, f.key): f for f in kit.frames()}
        chosen: dict[tuple[str, str], tuple[int, dict, int]] = {}
        for i, item in enumerate(given):
            path: Path = ("frames", i)
            identity = (item["kind"], item["key"])
            if identity in chosen:
                self.problem(
                    (*path, "key"),
                    _("the frame “%(key)s” is given twice (first at frames[%(first)s])")
                    % {"key": item["key"], "first": chosen[identity][0]},
                )
                continue
            base = kit_frames.get(identity)
            data = {**copy.deepcopy(base.data), **item["data"]} if base else item["data"]
            errors = kit.frame_errors(item["kind"], data)
            for error in errors:
                where, message = _schema_message(error)
                self.problem((*path, "data", *where), message)
            if errors:
                continue
            version = item.get("version") or (base.version if base else kit.kit_version())
            chosen[identity] = (i, data, version)
        frames = [
            (kind, key, *chosen[(kind, key)][1:])
            if (kind, key) in chosen
            else (kind, key, frame.data, frame.version)
            for (kind, key), frame in kit_frames.items()
        ]
        frames += [
            (kind, key, data, version)
            for (kind, key), (_i, data, version) in chosen.items()
            if (kind, key) not in kit_frames
        ]
        for position, (kind, key, data, version) in enumerate(frames):
            ProgrammeFrame.objects.create(
                programme=programme,
                kind=kind,
                key=key,
                version=version,
                data=data,
                position=position,
            )

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
                    planned=parse_date(item.get("planned")),
                    start=parse_date(item["start"]),
                    end=parse_date(item.get("end")),
                    precision=item.get("precision", "day"),
                    done=item.get("done", False),
                ),
                path,
            )


def import_programme(text: str, *, user=None, check: bool = False) -> Programme | None:
    """Validate and import a programme file atomically; raise ProgrammeFileError on bad input.

    ``check``: run the whole import, then roll it back (nothing is kept, every problem the
    import would meet is reported); returns None."""
    data, lines = parse(text)
    problems = _Problems(lines)
    try:
        with transaction.atomic():  # any problem raises inside: nothing is kept
            programme = _Importer(data, problems, user).run()
            problems.raise_if_any()
            if check:
                raise _CheckOnly
    except _CheckOnly:
        return None
    return programme
