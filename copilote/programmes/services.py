"""Writes on territories, programmes, themes, communes and memberships.

Every function is keyword-only, atomic, validates with ``full_clean()`` and logs one entry.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from copilote.core import deletion, locking
from copilote.core.services import log_action, save_validated
from copilote.kit import loader as kit
from copilote.planning.models import PlanPhase
from copilote.programmes.models import (
    Commune,
    Membership,
    Programme,
    ProgrammeFrame,
    Role,
    Territory,
    Theme,
)
from copilote.programmes.permissions import forget_roles

PROGRAMME_FIELDS = (
    "name",
    "slug",
    "sponsor",
    "objective",
    "finalities",
    "descriptive_elements",
    "axes",
    "phase",
    "start_date",
    "end_date",
    "launch_attendance_min",
    "launch_attendance_max",
    "group_size_min",
    "group_size_max",
    "meetings_per_group",
)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    return dt.date(day.year + month_index // 12, month_index % 12 + 1, 1)


FrameAdjuster = Callable[[Programme, list[ProgrammeFrame]], None]
_FRAME_ADJUSTERS: list[FrameAdjuster] = []


def register_frame_adjuster(adjuster: FrameAdjuster) -> None:
    """An app adjusts the frames a new programme copies from the kit, before they are saved: the
    territory's copy of the kit (e.g. a lesson of its previous assessment: 4 group meetings)."""
    if adjuster not in _FRAME_ADJUSTERS:
        _FRAME_ADJUSTERS.append(adjuster)


def copy_kit_frames(programme: Programme, source: Programme | None = None) -> list[ProgrammeFrame]:
    """Give the programme its own copy of every frame of the current kit — or of ``source``'s
    frames (the kit as another experimentation adapted it, « kit transfert ») — as its
    territory adjusted it."""
    if source is not None:
        with scopes_disabled():  # another territory's experimentation, chosen by the network
            frames = list(source.frames.order_by("position", "id"))
    else:
        frames = kit.frames()
    copies = [
        ProgrammeFrame(
            programme=programme,
            kind=f.kind,
            key=f.key,
            version=f.version,
            data=copy.deepcopy(f.data),
            position=i,
        )
        for i, f in enumerate(frames)
    ]
    if source is not None:
        for frame in copies:
            if frame.kind == "calendar" and frame.key == "default":
                frame.data = calendar_shape(source, frame.data)
    for adjust in _FRAME_ADJUSTERS:
        adjust(programme, copies)
    return ProgrammeFrame.objects.bulk_create(copies)


def calendar_shape(source: Programme, calendar: dict) -> dict:
    """The kit's calendar with the spacing ``source`` really had: each step's months from the
    first, read from the source's dated steps of the same key (kept as the kit has it when the
    source's steps are missing or out of order)."""
    with scopes_disabled():
        dates = dict(source.milestones.exclude(key="").values_list("key", "start"))
    steps = calendar.get("milestones", [])
    if not steps or any(step["key"] not in dates for step in steps):
        return calendar
    first = dates[steps[0]["key"]]
    offsets = [
        (dates[s["key"]].year - first.year) * 12 + dates[s["key"]].month - first.month
        for s in steps
    ]
    if offsets != sorted(offsets) or offsets[0] != 0:
        return calendar
    shaped = copy.deepcopy(calendar)
    for step, offset in zip(shaped["milestones"], offsets, strict=True):
        step["offset_months"] = offset
    return shaped


def plan_default_phases(programme: Programme) -> list[PlanPhase]:
    """The default calendar phases of the programme's copy of the kit, dated from its start."""
    frame = programme.frames.filter(kind="calendar", key="default").first()
    if frame is None:
        return []
    calendar = frame.data
    start = programme.start_date
    phases = []
    for position, phase in enumerate(calendar["phases"]):
        end = None
        if start:
            end = add_months(start, phase["default_months"]) - dt.timedelta(days=1)
        phases.append(
            PlanPhase(
                programme=programme,
                key=phase["key"],
                title=phase["title"],
                start=start,
                end=end,
                position=position,
            )
        )
        start = end + dt.timedelta(days=1) if end else None
    return PlanPhase.objects.bulk_create(phases)


@transaction.atomic
def create_programme(
    *, user, territory: Territory, name: str, slug: str, source: Programme | None = None, **fields
) -> Programme:
    """Create a programme from the kit: its frames and its default calendar are copied. From
    ``source`` (« kit transfert »), its frames, its calendar's shape and its themes are copied
    instead — never its people, contacts, meetings or notes."""
    version = source.kit_version if source is not None else kit.kit_version()
    programme = Programme(territory=territory, name=name, slug=slug, kit_version=version)
    for field, value in fields.items():
        if field not in PROGRAMME_FIELDS:
            raise TypeError(f"unknown programme field {field!r}")
        setattr(programme, field, value)
    save_validated(programme)
    copy_kit_frames(programme, source)
    if source is not None:
        with scopes_disabled():
            themes = list(source.themes.order_by("position", "id"))
        Theme.objects.bulk_create(
            Theme(
                programme=programme,
                name=t.name,
                slug=t.slug,
                description=t.description,
                position=t.position,
            )
            for t in themes
        )
    plan_default_phases(programme)
    if user is not None and getattr(user, "is_authenticated", False):
        Membership.objects.create(user=user, programme=programme, role=Role.LEAD)
        forget_roles(user)
    log_action(
        user=user,
        action="programme.create",
        territory=territory,
        programme=programme,
        obj=programme,
        data={"source": source.pk} if source is not None else None,
    )
    return programme


@transaction.atomic
def update_programme(
    *, user, programme: Programme, version: int | None = None, base: dict | None = None, **fields
) -> Programme:
    """Update the programme's description (``core.locking`` with ``version`` and ``base``)."""
    for field in fields:
        if field not in PROGRAMME_FIELDS:
            raise TypeError(f"unknown programme field {field!r}")
    fields = locking.check(programme, version=version, base=base, fields=fields)
    for field, value in fields.items():
        setattr(programme, field, value)
    programme.full_clean()
    locking.save(programme)
    log_action(
        user=user,
        action="programme.update",
        territory=programme.territory,
        programme=programme,
        obj=programme,
        data={"fields": sorted(fields)},
    )
    return programme


@transaction.atomic
def save_theme(
    *,
    user,
    programme: Programme,
    theme: Theme | None = None,
    name: str,
    slug: str,
    description: str = "",
) -> Theme:
    """Create a theme (``theme`` None) or update it."""
    creating = theme is None
    if creating:
        last = programme.themes.order_by("-position").values_list("position", flat=True).first()
        theme = Theme(programme=programme, position=(last or 0) + 1)
    theme.name, theme.slug, theme.description = name, slug, description
    save_validated(theme)
    log_action(
        user=user,
        action="theme.create" if creating else "theme.update",
        territory=programme.territory,
        programme=programme,
        obj=theme,
    )
    return theme


@transaction.atomic
def delete_theme(*, user, theme: Theme) -> None:
    programme = theme.programme
    try:
        deletion.check_deletion(theme, programme=programme)
    except ValidationError as exc:
        if exc.code != "protected":
            raise
        # Only a working group holds a theme back (RESTRICT): say what to do.
        raise ValidationError(
            _("This theme has a working group: delete the group first, then the theme.")
        ) from exc
    log_action(
        user=user,
        action="theme.delete",
        territory=programme.territory,
        programme=programme,
        obj=theme,
    )
    deletion.delete(theme, programme=programme)


@transaction.atomic
def save_commune(
    *,
    user,
    programme: Programme,
    commune: Commune | None = None,
    name: str,
    insee_code: str = "",
    population: int | None = None,
) -> Commune:
    """Create a commune of the programme's territory (``commune`` None) or update it."""
    creating = commune is None
    if creating:
        commune = Commune(territory=programme.territory)
    commune.name, commune.insee_code, commune.population = name, insee_code, population
    save_validated(commune)
    log_action(
        user=user,
        action="commune.create" if creating else "commune.update",
        territory=programme.territory,
        programme=programme,
        obj=commune,
    )
    return commune


@transaction.atomic
def delete_commune(*, user, programme: Programme, commune: Commune) -> None:
    log_action(
        user=user,
        action="commune.delete",
        territory=programme.territory,
        programme=programme,
        obj=commune,
    )
    commune.delete()


def _check_keeps_a_lead(programme: Programme, membership: Membership, new_role: str | None):
    if membership.role != Role.LEAD or new_role == Role.LEAD:
        return
    if not programme.memberships.filter(role=Role.LEAD).exclude(pk=membership.pk).exists():
        raise ValidationError(_("The experimentation must keep at least one lead."))


@transaction.atomic
def add_member(*, user, programme: Programme, member, role: str) -> Membership:
    membership = Membership(user=member, programme=programme, role=role)
    save_validated(membership)
    forget_roles(member)
    log_action(
        user=user,
        action="membership.create",
        territory=programme.territory,
        programme=programme,
        obj=membership,
        data={"user_id": member.pk, "role": role},
    )
    return membership


@transaction.atomic
def change_role(*, user, membership: Membership, role: str) -> Membership:
    programme = membership.programme
    _check_keeps_a_lead(programme, membership, role)
    membership.role = role
    save_validated(membership)
    forget_roles(membership.user)
    log_action(
        user=user,
        action="membership.update",
        territory=programme.territory,
        programme=programme,
        obj=membership,
        data={"user_id": membership.user_id, "role": role},
    )
    return membership


@transaction.atomic
def remove_member(*, user, membership: Membership) -> None:
    programme = membership.programme
    _check_keeps_a_lead(programme, membership, None)
    log_action(
        user=user,
        action="membership.delete",
        territory=programme.territory,
        programme=programme,
        obj=membership,
        data={"user_id": membership.user_id},
    )
    forget_roles(membership.user)
    membership.delete()


INSEE_DEPARTMENT = {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B"} | {"97"}


def check_insee_code(code: str) -> None:
    """A commune code must be a real department's: 01–95 (2A/2B for Corsica) or 971–976."""
    department = code[:2]
    if department not in INSEE_DEPARTMENT or (department == "97" and code[2] not in "12346"):
        raise ValidationError(
            {"communes": _("“%(code)s” is not a commune code (INSEE).") % {"code": code}}
        )


@transaction.atomic
def create_territory(
    *, user, name: str, slug: str, authority: str = "", communes: list[tuple[str, str]] = ()
) -> Territory:
    """A new territory and its communes (name, INSEE code), all or nothing."""
    from django_scopes import scope

    territory = save_validated(Territory(name=name, slug=slug, authority=authority))
    with scope(territory=territory):
        for commune_name, code in communes:
            if code:
                check_insee_code(code)
            try:
                save_validated(Commune(territory=territory, name=commune_name, insee_code=code))
            except ValidationError as exc:
                raise ValidationError(
                    {"communes": [f"{commune_name} : {m}" for m in exc.messages]}
                ) from None
    log_action(
        user=user,
        action="territory.create",
        territory=territory,
        obj=territory,
        data={"communes": len(communes)},
    )
    return territory
