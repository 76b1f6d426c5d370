"""The assessment of the experimentation (« le bilan ») and its decision; the participant survey.

One assessment per programme: strengths, difficulties, lessons, improvements, kinds of results,
the decision on what comes next with its arguments, the main lines of what follows and the
short-term plan. A lesson may be marked « à reporter dans le kit du territoire »: the
territory's next programme then starts from frames that carry it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class DecisionChoice(models.TextChoices):
    CONTINUE = "poursuivre", _("Continue the project")
    STOP = "ne-pas-poursuivre", _("Do not continue the project")
    CONDITIONAL = "sous-conditions", _("Continue under conditions")


class Assessment(models.Model):
    programme = models.OneToOneField(
        "programmes.Programme", on_delete=models.CASCADE, related_name="assessment"
    )
    strengths = models.JSONField(_("strengths"), default=list, blank=True)
    difficulties = models.JSONField(_("difficulties met"), default=list, blank=True)
    improvements = models.JSONField(_("ways to improve"), default=list, blank=True)
    result_kinds = models.JSONField(_("kinds of results"), default=list, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=DecisionChoice, blank=True)
    decision_text = models.TextField(_("the decision in a sentence"), blank=True)
    arguments = models.JSONField(_("arguments"), default=list, blank=True)
    follow_up = models.JSONField(_("main lines of what follows"), default=list, blank=True)
    principles = models.JSONField(_("principles for what follows"), default=list, blank=True)
    short_term = models.JSONField(_("short-term plan"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # core.locking
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return str(_("Assessment of %(programme)s") % {"programme": self.programme})

    def clean(self) -> None:
        if self.decision and not [a for a in self.arguments if str(a).strip()]:
            raise ValidationError(
                {"arguments": _("A decision needs the arguments that justify it.")}
            )

    @property
    def is_empty(self) -> bool:
        return not (
            self.strengths
            or self.difficulties
            or self.improvements
            or self.result_kinds
            or self.decision
            or self.follow_up
            or self.short_term
            or self.lessons.exists()
        )


class KitChange(models.TextChoices):
    NONE = "", _("No change to the frames")
    GROUP_MEETINGS = "group_meetings", _("Number of meetings per working group")


class Lesson(models.Model):
    """« Les enseignements »: one lesson, possibly carried into the territory's kit."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="lessons")
    text = models.TextField(_("lesson"))
    to_kit = models.BooleanField(_("to carry into the territory’s kit"), default=False)
    kit_change = models.CharField(
        _("change to the frames"), max_length=30, choices=KitChange, blank=True, default=""
    )
    kit_value = models.PositiveSmallIntegerField(_("value"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(territory="assessment__programme__territory")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [
            models.CheckConstraint(
                condition=Q(kit_value__isnull=True) | Q(kit_value__gte=1, kit_value__lte=8),
                name="lesson_kit_value_range",
                violation_error_message=_("A working group holds between 1 and 8 meetings."),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        if self.kit_change and not self.to_kit:
            raise ValidationError(
                {"to_kit": _("A change to the frames is for a lesson carried into the kit.")}
            )
        if self.kit_change == KitChange.GROUP_MEETINGS and not self.kit_value:
            raise ValidationError({"kit_value": _("Give the number of meetings per group.")})


# The participant survey ------------------------------------------------------------------------


class SurveyInvitation(models.Model):
    """One signed link sent to one person; it accepts one answer."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="survey_invitations"
    )
    person = models.ForeignKey(
        "actors.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_invitations",
    )
    group = models.ForeignKey(
        "workgroups.WorkingGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_invitations",
        verbose_name=_("working group"),
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"],
                name="survey_one_invitation_per_person",
                violation_error_message=_("This contact already received the survey."),
            )
        ]

    def __str__(self) -> str:
        return f"survey-invitation-{self.pk}"


class SurveyAnswer(models.Model):
    """An answer, kept apart from who gave it: no link to the invitation nor the person; only
    the group travels with it (for breakdowns of 5 answers or more)."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="survey_answers"
    )
    group = models.ForeignKey(
        "workgroups.WorkingGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_answers",
    )
    answers = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"survey-answer-{self.pk}"
