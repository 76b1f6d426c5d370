"""A composition proposal: what the solver proposed for a programme's groups, until the lead
accepts it (all groups at once, or group by group) or asks for another.

``problem`` is the snapshot the solver worked on (candidates, groups, fixed members: see
``adapter.problem_to_data``), so that the explanation, the lead's moves by hand and the
acceptance all read the same numbers. ``assignment`` maps candidate ids (``Candidate.pk`` as
text) to group slugs, fixed members included; ``explanation`` is ``adapter.explanation_to_data``
of the current assignment. ``accepted_groups`` lists the slugs already written into the groups.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the worker")
    RUNNING = "running", _("Being computed")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Outcome(models.TextChoices):
    OPTIMAL = "optimal", _("Optimal (proven)")
    FEASIBLE = "feasible", _("Feasible")
    INFEASIBLE = "infeasible", _("Impossible")


class CompositionProposal(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="composition_proposals"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus, default=RunStatus.PENDING
    )
    time_limit = models.FloatField(_("time limit (seconds)"), default=10.0)
    seed = models.PositiveIntegerField(_("seed"), default=0)
    move_confirmed = models.BooleanField(
        _("confirmed members may be moved"),
        default=False,
        help_text=_("Given by the lead when asking: otherwise confirmed members stay put."),
    )
    problem = models.JSONField(default=dict, editable=False)
    outcome = models.CharField(_("result"), max_length=12, choices=Outcome, blank=True)
    method = models.CharField(max_length=20, blank=True)
    objective = models.FloatField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    heuristic_objective = models.FloatField(null=True, blank=True)
    wall_time = models.FloatField(null=True, blank=True)
    assignment = models.JSONField(default=dict, editable=False)
    explanation = models.JSONField(default=dict, editable=False)
    adjusted = models.BooleanField(_("adjusted by hand"), default=False)
    accepted_groups = models.JSONField(default=list, editable=False)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("composition proposal")
        verbose_name_plural = _("composition proposals")

    def __str__(self) -> str:
        return _("Composition proposal no. %(n)s") % {"n": self.pk}

    @property
    def waiting(self) -> bool:
        return self.status in (RunStatus.PENDING, RunStatus.RUNNING)

    @property
    def found(self) -> bool:
        return self.status == RunStatus.READY and self.outcome in (
            Outcome.OPTIMAL,
            Outcome.FEASIBLE,
        )

    @property
    def group_ids(self) -> list[str]:
        return [group["id"] for group in self.problem.get("groups", [])]

    @property
    def fully_accepted(self) -> bool:
        return self.found and set(self.group_ids) <= set(self.accepted_groups)
