"""The steering committee (copil): its members, its meetings, their agenda, decisions and tasks."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class College(models.TextChoices):
    AUTHORITY = "collectivite", _("Local authority")
    COMPANIES = "entreprises", _("Companies")
    ASSOCIATIONS = "associations", _("Associations")
    FACILITATION = "accompagnement", _("Facilitation")


class CommitteeMember(models.Model):
    """A seat on the steering committee: a person and/or an organisation, in a college."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="committee_members"
    )
    person = models.ForeignKey(
        "actors.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_seats",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_seats",
        verbose_name=_("organisation"),
    )
    college = models.CharField(_("college"), max_length=20, choices=College)
    position = models.CharField(
        _("position on the committee"),
        max_length=100,
        blank=True,
        help_text=_("E.g. chair, secretary."),
    )
    joined = models.DateField(_("joined on"), null=True, blank=True)
    left = models.DateField(_("left on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organisation__isnull=False),
                name="committee_member_has_someone",
                violation_error_message=_("Name a person or an organisation."),
            ),
            models.CheckConstraint(
                condition=Q(joined__isnull=True)
                | Q(left__isnull=True)
                | Q(joined__lte=models.F("left")),
                name="committee_member_dates_order",
                violation_error_message=_("A member cannot leave before joining."),
            ),
        ]

    def __str__(self) -> str:
        if self.person_id and self.organisation_id:
            return f"{self.person} ({self.organisation})"
        return str(self.person or self.organisation)

    def clean(self) -> None:
        territory = self.programme.territory_id if self.programme_id else None
        if self.person_id and self.person.territory_id != territory:
            raise ValidationError({"person": _("This person is not in the territory.")})
        if self.organisation_id and self.organisation.territory_id != territory:
            raise ValidationError({"organisation": _("This organisation is not in the territory.")})

    @property
    def email(self) -> str:
        return self.person.email if self.person_id else ""


class MeetingKind(models.TextChoices):
    FIRST = "copil-1", _("Copil n°1")
    SECOND = "copil-2", _("Copil n°2")
    FINAL = "copil-final", _("Final copil")
    EXTRA = "extra", _("Extra meeting")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONVENED = "convened", _("Convened")
    HELD = "held", _("Held")
    PUBLISHED = "published", _("Minutes published")


class CommitteeMeeting(models.Model):
    """One meeting of the committee, prepared from the programme's copy of the kit's frame."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="committee_meetings"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus, default=MeetingStatus.DRAFT
    )
    purpose = models.TextField(_("purpose"), blank=True)
    next_date = models.DateField(_("date of the next copil"), null=True, blank=True)
    next_composition = models.TextField(_("composition of the next copil"), blank=True)
    snapshot = models.JSONField(_("published content"), default=dict, blank=True)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["rank"]
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "rank"],
                name="meeting_unique_rank",
                violation_error_message=_("Another meeting already has this rank."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError(
                {
                    "end_time": _("The meeting cannot end before it starts (%(start)s).")
                    % {"start": self.start_time.strftime("%H:%M").replace(":", " h ")}
                }
            )

    @property
    def is_frozen(self) -> bool:
        return self.status == MeetingStatus.PUBLISHED

    @property
    def when(self) -> str:
        return formats.date_format(self.date, "j F Y") if self.date else ""


class AgendaSection(models.Model):
    """A sequence of a meeting's agenda: the kit's wording, the lead's notes, live blocks."""

    meeting = models.ForeignKey(CommitteeMeeting, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(_("identifier"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    objectives = models.JSONField(_("objectives"), default=list, blank=True)
    content = models.JSONField(_("content guidance"), default=list, blank=True)
    remark = models.TextField(_("remark"), blank=True)
    live = models.JSONField(_("live blocks"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    included = models.BooleanField(_("on the agenda"), default=True)
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(territory="meeting__programme__territory")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("agenda section")
        verbose_name_plural = _("agenda sections")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "key"],
                name="section_unique_key",
                violation_error_message=_("This meeting already has a section with this key."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def programme(self):
        return self.meeting.programme

    @property
    def is_unfinished(self) -> bool:
        return not self.notes.strip()


class Decision(models.Model):
    meeting = models.ForeignKey(
        CommitteeMeeting, on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(_("decision"))
    arguments = models.JSONField(_("arguments"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    version = models.PositiveIntegerField(default=1, editable=False)  # core.locking
    objects = ScopedManager(territory="meeting__programme__territory")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def programme(self):
        return self.meeting.programme


class TaskStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Task(models.Model):
    """An action to carry out before the next committee (« les actions à mener pour chacun »)."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="committee_tasks"
    )
    meeting = models.ForeignKey(
        CommitteeMeeting,
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name=_("decided at"),
    )
    what = models.TextField(_("what"))
    owner_person = models.ForeignKey(
        "actors.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_tasks",
        verbose_name=_("person in charge"),
    )
    owner_organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_tasks",
        verbose_name=_("organisation in charge"),
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus, default=TaskStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    version = models.PositiveIntegerField(default=1, editable=False)  # core.locking
    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_person__isnull=False) | Q(owner_organisation__isnull=False),
                name="task_has_owner",
                violation_error_message=_(
                    "Say who carries this task: a person or an organisation."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.what[:80]

    @property
    def owner(self) -> str:
        if self.owner_person_id and self.owner_organisation_id:
            return f"{self.owner_person} ({self.owner_organisation})"
        return str(self.owner_person or self.owner_organisation or "")

    def clean(self) -> None:
        territory = self.programme.territory_id if self.programme_id else None
        if self.owner_person_id and self.owner_person.territory_id != territory:
            raise ValidationError({"owner_person": _("This person is not in the territory.")})
        if self.owner_organisation_id and self.owner_organisation.territory_id != territory:
            raise ValidationError(
                {"owner_organisation": _("This organisation is not in the territory.")}
            )


class Invitation(models.Model):
    """A member invited to a meeting, and whether they came."""

    meeting = models.ForeignKey(
        CommitteeMeeting, on_delete=models.CASCADE, related_name="invitations"
    )
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.CASCADE, related_name="invitations"
    )
    attended = models.BooleanField(_("present"), default=False)
    excused = models.BooleanField(
        _("excused"), default=False, help_text=_("Said beforehand they could not come.")
    )

    objects = ScopedManager(territory="meeting__programme__territory")

    class Meta:
        ordering = ["member__order", "member_id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                name="invitation_unique",
                violation_error_message=_("This member is already invited."),
            )
        ]

    def __str__(self) -> str:
        return str(self.member)
