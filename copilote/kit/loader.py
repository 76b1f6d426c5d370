"""The methodology kit as data: frames read from the versioned YAML files in `frames/`.

Each file is checked against `frames/schema.json` (one `$defs` entry per file) and for
duplicate `key`/`rank` values. Frames are cached and shared: treat their `data` as read-only
(copy it before adapting it for a programme).
"""

from __future__ import annotations

import functools
import json
import pathlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

import yaml
from jsonschema import Draft202012Validator

KIT_DIR = pathlib.Path(__file__).resolve().parent / "frames"
SCHEMA_PATH = KIT_DIR / "schema.json"
FILES = ("committees", "group_meetings", "events", "calendar")


class KitError(Exception):
    """A kit file is unreadable or invalid; the message names the file and the bad path."""


@dataclass(frozen=True)
class Frame:
    kind: str  # "committee" | "group_meeting" | "event" | "calendar"
    key: str  # e.g. "copil-2", "diagnostic", "launch", "default"
    version: int
    data: dict  # the frame's mapping as loaded (calendar: the whole {title, phases, milestones})


@functools.cache
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validate(name: str, data: Any) -> dict:
    """Return `data`, the content of kit file `name`, if valid; raise KitError otherwise."""
    name = name.removesuffix(".yaml")
    if name not in FILES:
        raise KitError(f"{name}.yaml : fichier inconnu du kit")
    validator = Draft202012Validator({"$defs": _schema()["$defs"], "$ref": f"#/$defs/{name}"})
    errors = sorted(validator.iter_errors(data), key=lambda e: e.json_path)
    if errors:
        raise KitError("\n".join(f"{name}.yaml : {e.json_path} : {e.message}" for e in errors))
    _check_unique(name, data)
    if name == "calendar":
        phases = {phase["key"] for phase in data["phases"]}
        for i, milestone in enumerate(data["milestones"]):
            if milestone["phase"] not in phases:
                where = f"calendar.yaml : $.milestones[{i}].phase"
                raise KitError(f"{where} : phase inconnue « {milestone['phase']} »")
    return data


_FRAME_DEFS = {"committee": "committee", "group_meeting": "group_meeting", "event": "event"}


def frame_errors(kind: str, data: Any) -> list:
    """The schema errors of one frame's data (a programme's copy of a frame), in file order.

    Calendar data is the calendar file without its ``version`` and ``kit``."""
    defs = _schema()["$defs"]
    if kind == "calendar":
        calendar = dict(defs["calendar"])
        calendar["required"] = [r for r in calendar["required"] if r not in ("version", "kit")]
        schema = {"$defs": defs, **calendar}
    else:
        schema = {"$defs": defs, "$ref": f"#/$defs/{_FRAME_DEFS[kind]}"}
    errors = Draft202012Validator(schema).iter_errors(data)
    return sorted(errors, key=lambda e: [str(p) for p in e.absolute_path])


def _check_unique(name: str, node: Any, path: str = "$") -> None:
    """In every list of mappings, `key` and `rank` values must be unique."""
    if isinstance(node, dict):
        for field, value in node.items():
            _check_unique(name, value, f"{path}.{field}")
    elif isinstance(node, list):
        for field in ("key", "rank"):
            values = [item[field] for item in node if isinstance(item, dict) and field in item]
            counts = Counter(values)
            duplicates = [value for value, n in counts.items() if n > 1]
            if duplicates:
                raise KitError(f"{name}.yaml : {path} : {field} en double « {duplicates[0]} »")
        for i, item in enumerate(node):
            _check_unique(name, item, f"{path}[{i}]")


def load_file(name: str) -> dict:
    """Load one kit file ("committees" or "committees.yaml") from KIT_DIR and validate it."""
    name = name.removesuffix(".yaml")
    path = KIT_DIR / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise KitError(f"{path.name} : fichier illisible ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise KitError(f"{path.name} : YAML invalide : {exc}") from exc
    return validate(name, data)


@functools.cache
def frames() -> list[Frame]:
    """Every frame of the kit: committees by rank, group meetings by rank, events, calendar."""
    committees = load_file("committees")
    meetings = load_file("group_meetings")
    events = load_file("events")
    calendar = load_file("calendar")
    result = [
        *(
            Frame("committee", c["key"], committees["version"], c)
            for c in sorted(committees["committees"], key=lambda c: c["rank"])
        ),
        *(
            Frame("group_meeting", m["key"], meetings["version"], m)
            for m in sorted(meetings["meetings"], key=lambda m: m["rank"])
        ),
        *(Frame("event", e["key"], events["version"], e) for e in events["events"]),
        Frame(
            "calendar",
            "default",
            calendar["version"],
            {k: v for k, v in calendar.items() if k not in ("version", "kit")},
        ),
    ]
    known = {f.key for f in result}
    for i, milestone in enumerate(calendar["milestones"]):
        if "frame" in milestone and milestone["frame"] not in known:
            raise KitError(
                f"calendar.yaml : $.milestones[{i}].frame : trame inconnue « {milestone['frame']} »"
            )
    return result


def frame(kind: str, key: str) -> Frame:
    """The frame of this kind and key; KeyError if the kit has none."""
    for f in frames():
        if f.kind == kind and f.key == key:
            return f
    raise KeyError((kind, key))


def kit_version() -> int:
    """The kit's version: the highest version among its files."""
    return max(f.version for f in frames())
