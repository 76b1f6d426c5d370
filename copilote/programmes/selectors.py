"""Reads about programmes that depend on the user or span relations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, When
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from copilote.actors.selectors import dashboard_card as mobilisation_card
from copilote.core.permissions import roles_of
from copilote.planning.models import Milestone
from copilote.programmes.models import Membership, Programme, Role


def programmes_for(user) -> list[Programme]:
    """The programmes the user belongs to (every programme for a network administrator)."""
    if not user.is_authenticated:
        return []
    # The filter on the user's own memberships keeps this read inside their territories.
    with scopes_disabled():
        programmes = Programme.objects.select_related("territory").order_by(
            "territory__name", "name"
        )
        if not user.is_network_admin:
            programmes = programmes.filter(pk__in=list(roles_of(user)))
        return list(programmes)


@dataclass
class Missing:
    label: str
    url: str


@dataclass
class Dashboard:
    programme: Programme
    upcoming: list[Milestone]
    overdue: list[Milestone]
    themes: list
    members_by_role: dict[str, int]
    communes: int
    missing: list[Missing] = field(default_factory=list)
    committee: object = None  # governance.selectors.CommitteeCard
    mobilisation: dict = field(default_factory=dict)


def dashboard(programme: Programme, *, today: dt.date) -> Dashboard:
    """Everything the programme's dashboard shows, in a fixed number of queries."""
    milestones = list(programme.milestones.select_related("phase").order_by("start", "id"))
    pending = [m for m in milestones if not m.done]
    upcoming = [m for m in pending if (m.end or m.start) >= today][:6]
    overdue = [m for m in pending if (m.end or m.start) < today]
    role_counts = dict(
        Membership.objects.filter(programme=programme)
        .values_list("role")
        .annotate(n=Count("id"))
        .values_list("role", "n")
    )
    members_by_role = {label: role_counts.get(value, 0) for value, label in Role.choices}
    themes = list(programme.themes.all())
    communes = programme.territory.communes.count()
    board = Dashboard(
        programme=programme,
        upcoming=upcoming,
        overdue=overdue,
        themes=themes,
        members_by_role=members_by_role,
        communes=communes,
    )
    board.mobilisation = mobilisation_card(programme)
    board.missing = _missing(programme, board, has_milestones=bool(milestones))
    from copilote.governance.selectors import dashboard_card

    board.committee = dashboard_card(programme, today=today)
    return board


def _missing(programme: Programme, board: Dashboard, *, has_milestones: bool) -> list[Missing]:
    """What the lead still has to frame; the kit says not everything must be framed at once."""
    args = {"territory": programme.territory.slug, "programme": programme.slug}
    edit = reverse("programmes:edit", kwargs=args)
    checks = [
        (programme.objective, _("the objective of the experimentation"), edit),
        (programme.finalities, _("its finalities"), edit),
        (programme.descriptive_elements, _("its descriptive elements"), edit),
        (programme.sponsor_id, _("the sponsoring local authority"), edit),
        (board.themes, _("the themes"), reverse("programmes:themes", kwargs=args)),
        (
            board.communes,
            _("the communes of the territory"),
            reverse("programmes:communes", kwargs=args),
        ),
        (
            programme.launch_attendance_min and programme.group_size_min,
            _("the targets (launch event attendance, participants per group)"),
            edit,
        ),
        (programme.start_date, _("the start date"), edit),
        (has_milestones, _("a dated step in the calendar"), edit),
    ]
    return [Missing(label, url) for present, label, url in checks if not present]


ROLE_ORDER = Case(*[When(role=value, then=rank) for rank, value in enumerate(Role.values)])


def members(programme: Programme):
    """Members from the lead down to the observers, then by name."""
    return (
        programme.memberships.select_related("user")
        .annotate(role_rank=ROLE_ORDER)
        .order_by("role_rank", "user__last_name", "user__first_name", "user__username")
    )
