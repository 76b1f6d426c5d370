"""Programme -> YAML. Deterministic: the same programme always gives the same bytes."""

from __future__ import annotations

import yaml
from django_scopes import scope

from copilote.actors.models import Organisation
from copilote.planning.dated import date_sort_key
from copilote.programmes.models import Programme
from copilote.programmes.programme_file.sections import sections

FORMAT = "copilote-programme"
VERSION = 1


def compact(mapping: dict) -> dict:
    """Leave out empty values so that the file says only what is known."""
    return {k: v for k, v in mapping.items() if v not in (None, "", [], {})}


def iso_date(value):
    return value.isoformat() if value else None


def _range(low, high):
    return {"min": low, "max": high} if low is not None and high is not None else None


def export_programme(programme: Programme) -> dict:
    territory = programme.territory
    with scope(territory=territory):
        communes = [
            compact({"name": c.name, "insee_code": c.insee_code, "population": c.population})
            for c in territory.communes.order_by("name")
        ]
        organisations = [
            compact(
                {
                    "name": o.name,
                    "kind": o.kind,
                    "commune": o.commune.name if o.commune else None,
                    "address": o.address,
                    "sector": o.sector,
                    "size": o.size,
                    "maturity": o.maturity,
                    "themes": [t.slug for t in o.themes.all() if t.programme_id == programme.pk],
                    "publish_in_guide": o.publish_in_guide or None,
                    "website": o.website,
                    "description": o.description,
                }
            )
            for o in Organisation.objects.filter(territory=territory)
            .select_related("commune")
            .prefetch_related("themes")
            .order_by("name")
        ]
        partners = [
            {"organisation": p.organisation.name, "role": p.role}
            for p in programme.partners.select_related("organisation")
        ]
        phases = list(programme.plan_phases.all())
        milestones = sorted(
            programme.milestones.select_related("phase").order_by("start", "id"),
            key=lambda m: date_sort_key(m.start, m.precision),
        )
        data = {
            "format": FORMAT,
            "version": VERSION,
            "territory": compact(
                {
                    "slug": territory.slug,
                    "name": territory.name,
                    "authority": territory.authority,
                    "communes": communes,
                }
            ),
            "organisations": organisations,
            "programme": compact(
                {
                    "slug": programme.slug,
                    "name": programme.name,
                    "sponsor": programme.sponsor.name if programme.sponsor else None,
                    "partners": partners,
                    "objective": programme.objective,
                    "finalities": programme.finalities,
                    "descriptive_elements": programme.descriptive_elements,
                    "axes": programme.axes,
                    "phase": programme.phase,
                    "start_date": iso_date(programme.start_date),
                    "end_date": iso_date(programme.end_date),
                    "kit_version": programme.kit_version,
                    "targets": compact(
                        {
                            "launch_attendance": _range(
                                programme.launch_attendance_min, programme.launch_attendance_max
                            ),
                            "participants_per_group": _range(
                                programme.group_size_min, programme.group_size_max
                            ),
                            "meetings_per_group": programme.meetings_per_group,
                        }
                    ),
                }
            ),
            "themes": [
                compact({"slug": t.slug, "name": t.name, "description": t.description})
                for t in programme.themes.all()
            ],
            "calendar": compact(
                {
                    "phases": [
                        compact(
                            {
                                "key": p.key,
                                "title": p.title,
                                "start": iso_date(p.start),
                                "end": iso_date(p.end),
                            }
                        )
                        for p in phases
                    ],
                    "milestones": [
                        compact(
                            {
                                "title": m.title,
                                "kind": m.kind,
                                "phase": m.phase.key if m.phase else None,
                                "planned": iso_date(m.planned)
                                if m.planned and m.planned != m.start
                                else None,
                                "start": iso_date(m.start),
                                "end": iso_date(m.end),
                                "precision": m.precision,
                                "done": m.done or None,
                            }
                        )
                        for m in milestones
                    ],
                }
            ),
            "frames": [
                {"kind": f.kind, "key": f.key, "version": f.version, "data": f.data}
                for f in programme.frames.all()
            ],
        }
        for section in sections():
            data[section.key] = section.export(programme)
    return compact(data)


# libyaml's emitter when installed (as the reader's loader): the same bytes, three times faster.
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data) -> bool:  # the reader refuses aliases: never write one
        return True


def _str_presenter(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)

HEADER = (
    "# Copilote programme file (format copilote-programme, version 1).\n"
    "# Schema: `copilote programme schema`; documentation: docs/programme-file.md.\n"
)


def dump(data: dict) -> str:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2)
    return HEADER + body
