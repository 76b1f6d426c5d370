"""copilote compose SLUG [--time-limit S] [--dry-run]

Without --dry-run, closed groups are left alone (refused when every group is closed); a dry run
on a programme whose groups are all closed composes them for information (nothing is stored).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scope

from copilote.composition import services
from copilote.composition.adapter import build_problem
from copilote.composition.explain import explain
from copilote.composition.report import balance_table
from copilote.composition.solver import Options, solve
from copilote.programmes.management.lookup import programme_from_arguments


class Command(BaseCommand):
    help = _(
        "Propose a composition of the working groups of an experimentation: prints each group’s "
        "balance and the solver’s status. Without --dry-run the proposal is stored for the lead, "
        "who accepts it (all groups or group by group) on the composition page; the groups "
        "themselves change only then."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help=_("Identifier of the experimentation."))
        parser.add_argument(
            "--time-limit",
            type=float,
            default=services.DEFAULT_TIME_LIMIT,
            help=_("Seconds given to the solver (default: %(default)s)."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Only print the proposal, store nothing."),
        )
        parser.add_argument(
            "--move-confirmed",
            action="store_true",
            help=_("Confirmed members may be moved (by default they stay in their group)."),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=services.DEFAULT_SEED,
            help=_("Seed of the solver: the same seed gives the same proposal (default: 0)."),
        )
        parser.add_argument(
            "--territory", help=_("Territory identifier, when the slug is ambiguous.")
        )

    def handle(self, *args, slug, time_limit, dry_run, move_confirmed, seed, territory, **options):
        programme = programme_from_arguments(slug, territory)
        with scope(territory=programme.territory):
            try:
                if dry_run:
                    services.check_time_limit(time_limit)
                    problem, _current = build_problem(programme, move_confirmed=move_confirmed)
                    if not problem.groups and programme.working_groups.exists():
                        # Every group is closed: a dry run changes nothing, so it may replay
                        # how they could have been composed (e.g. the kit's case, over).
                        problem, _current = build_problem(
                            programme, move_confirmed=move_confirmed, include_closed=True
                        )
                        self.stderr.write(
                            _(
                                "Every working group is closed: this proposal composes them as "
                                "if they were being formed, for information; nothing is stored."
                            )
                        )
                    services.check_groups(programme, problem)
                    solution = solve(
                        problem,
                        Options(time_limit=time_limit, seed=seed, workers=services.WORKERS),
                    )
                    explanation = explain(problem, solution)
                    data = {"objective": solution.objective, "bound": solution.bound}
                else:
                    proposal = services.create_proposal(
                        user=None,
                        programme=programme,
                        time_limit=time_limit,
                        move_confirmed=move_confirmed,
                        seed=seed,
                    )
                    proposal = services.compute(proposal)
                    explanation = services.explanation_of(proposal)
                    data = {"objective": proposal.objective, "bound": proposal.bound}
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(balance_table(explanation, **data))
        if not dry_run:
            path = reverse(
                "composition:index",
                kwargs={"territory": programme.territory.slug, "programme": programme.slug},
            )
            self.stderr.write(
                _("Proposal no. %(n)s stored: the lead reviews and accepts it at %(path)s.")
                % {"n": proposal.pk, "path": path}
            )
