"""Reads about programmes that depend on the user or span relations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, When
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from copilote.planning import dated
from copilote.planning.models import Milestone
from copilote.programmes import dashboard as registry
from copilote.programmes.models import Membership, Programme, Role
from copilote.programmes.permissions import memberships_of


def programmes_for(user) -> list[Programme]:
    """The programmes the user belongs to (every programme for a network administrator), by
    territory then name. A member's are read with their memberships (no query of its own)."""
    if not user.is_authenticated:
        return []
    if not user.is_network_admin:
        programmes = {m.programme_id: m.programme for m in memberships_of(user)}
        return sorted(programmes.values(), key=lambda p: (p.territory.name, p.name))
    with scopes_disabled():
        programmes = Programme.objects.select_related("territory").order_by(
            "territory__name", "name"
        )
        return list(programmes)


@dataclass
class Missing:
    label: str
    url: str


@dataclass
class Dashboard:
    programme: Programme
    upcoming: list[dated.DatedItem]
    overdue: list[Milestone]
    overdue_more: bool
    themes: list
    members_by_role: dict[str, int]
    communes: int
    missing: list[Missing] = field(default_factory=list)
    cards: list[registry.ShownCard] = field(default_factory=list)
    next_steps: list[registry.NextStep] = field(default_factory=list)


UPCOMING_LIMIT = 6
DASHBOARD_CACHE_SECONDS = 24 * 3600  # the page's body, per content version, user and day
OVERDUE_LIMIT = 6


def dashboard(programme: Programme, *, user, today: dt.date) -> Dashboard:
    """Everything the programme's dashboard shows, in a fixed number of queries: its own figures,
    the dated steps to come (every app's, through ``planning.dated``), and the cards and next
    steps the apps registered (``programmes.dashboard``)."""
    upcoming = dated.items(programme, since=today, limit=UPCOMING_LIMIT)
    overdue_rows = list(
        programme.milestones.filter(done=False, start__lt=today)
        .exclude(end__gte=today)
        .select_related("phase")
        .order_by("start", "id")[: OVERDUE_LIMIT + 1]
    )
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
        overdue=overdue_rows[:OVERDUE_LIMIT],
        overdue_more=len(overdue_rows) > OVERDUE_LIMIT,
        themes=themes,
        members_by_role=members_by_role,
        communes=communes,
    )
    has_milestones = bool(upcoming or overdue_rows) or programme.milestones.exists()
    board.missing = _missing(programme, board, has_milestones=has_milestones)
    board.cards = registry.cards(programme, user=user, today=today)
    board.next_steps = registry.next_steps(programme, user=user, today=today)
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


def account_to_add(programme: Programme, identifier: str):
    """The active account named ``identifier`` (user name or email) that a lead of ``programme``
    may add: one already in a programme of the same territory, or a new account in no programme
    yet. ``None`` otherwise, whether the account does not exist or belongs to another territory
    (the two answers must not differ)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    if not identifier:
        return None
    users = list(
        get_user_model()
        .objects.filter(
            Q(username__iexact=identifier) | Q(email__iexact=identifier), is_active=True
        )
        .order_by("pk")[:2]
    )
    if len(users) != 1:
        return None
    user = users[0]
    with scopes_disabled():  # the account's own memberships, across territories
        territories = set(
            Membership.objects.filter(user=user).values_list("programme__territory_id", flat=True)
        )
    if territories and programme.territory_id not in territories:
        return None
    return user


@dataclass
class NextStep:
    title: str
    start: dt.date

    @property
    def when(self) -> str:
        from django.utils import formats

        return formats.date_format(self.start, "j F Y")


@dataclass
class PortfolioRow:
    programme: Programme
    next_step: NextStep | None


@dataclass
class PortfolioTerritory:
    territory: object
    rows: list[PortfolioRow]


def portfolio(*, today: dt.date) -> list[PortfolioTerritory]:
    """The network's portfolio: every territory (even without an experimentation yet), each
    programme with its phase and its next step of the calendar (two queries in all)."""
    from django.db.models import OuterRef, Subquery

    from copilote.programmes.models import Territory

    with scopes_disabled():
        territories = list(Territory.objects.order_by("name"))
        upcoming = Milestone.objects.filter(programme=OuterRef("pk"), start__gte=today).order_by(
            "start", "id"
        )
        programmes = list(
            Programme.objects.select_related("territory")
            .annotate(
                next_title=Subquery(upcoming.values("title")[:1]),
                next_start=Subquery(upcoming.values("start")[:1]),
            )
            .order_by("territory__name", "name")
        )
    by_territory: dict[int, list[PortfolioRow]] = {t.pk: [] for t in territories}
    for programme in programmes:
        step = (
            NextStep(programme.next_title, programme.next_start) if programme.next_title else None
        )
        by_territory[programme.territory_id].append(PortfolioRow(programme, step))
    return [PortfolioTerritory(t, by_territory[t.pk]) for t in territories]
