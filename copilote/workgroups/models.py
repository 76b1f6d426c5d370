"""Working groups (GT): one per theme, co-led by an association + company pair.

Vocabulary (the names other apps rely on):

- ``WorkingGroup``: a group of a programme, on one theme, with its target size
  (``size_min``–``size_max``), its ``status`` and the users who facilitate it (``facilitators``).
- ``Candidate``: someone who may take part in the programme's groups — a contact of the directory
  (``person``) or typed by hand (``first_name``, ``last_name``, ``email``,
  ``organisation_name``), with their organisation's ``kind`` (association, entreprise…), its
  ``commune`` and its ``maturity`` (débutant / en démarche / expérimenté, the values of
  ``actors.Maturity``; copied from the directory's organisation when the candidate comes from it,
  editable afterwards). ``source`` tells where the candidate comes from (directory, event, hand).
  A candidate ranks the themes they wish (``ThemeWish``: rank 1 = first wish) and may refuse
  themes (``refused_themes``).
- ``Member``: a candidate placed in a group. ``confirmed`` is False while the placement is only
  proposed (« pressenti »). A member whose ``role`` is ``colead`` is one of the group's co-lead
  pair (« binôme A/E »): at most one association and one company per group; the composition
  treats co-leads as fixed members. A member may be tied to a user account (``user``), or take
  part without an account through a personal signed link (``link_token``, revocable).
- ``GroupMeeting``: a meeting of the series taken from the programme's copy of the kit's group
  frames (``number`` 1..programme.meetings_per_group), its agenda ``items``, date, place, the
  roles the kit asks to settle, its minutes (under the meeting's ``version``, ``core.locking``) and,
  at réunion 2, the existing solutions.
- ``Attendance``: whether a member came to a meeting.
- ``Proposal``: a proposal of a group (usually made at réunion 3) with its ``priority``; the
  results app turns proposals into retained actions.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from copilote.actors.models import Maturity, OrganisationKind


class GroupStatus(models.TextChoices):
    FORMING = "forming", _("Being formed")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class WorkingGroup(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="working_groups"
    )
    theme = models.ForeignKey(
        "programmes.Theme",
        # RESTRICT: a theme with a group cannot be deleted alone, but its programme can.
        on_delete=models.RESTRICT,
        related_name="working_groups",
        verbose_name=_("theme"),
    )
    slug = models.SlugField(_("identifier"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    size_min = models.PositiveSmallIntegerField(_("minimum size"), default=8)
    size_max = models.PositiveSmallIntegerField(_("maximum size"), default=12)
    status = models.CharField(
        _("status"), max_length=20, choices=GroupStatus, default=GroupStatus.FORMING
    )
    version = models.PositiveIntegerField(default=1, editable=False)  # core.locking
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_groups",
        verbose_name=_("facilitators"),
    )

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "slug"],
                name="workinggroup_unique_slug",
                violation_error_message=_("Another working group already uses this identifier."),
            ),
            models.CheckConstraint(
                condition=Q(size_min__lte=F("size_max")),
                name="workinggroup_size_order",
                violation_error_message=_("The minimum size cannot exceed the maximum size."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.theme_id and self.programme_id and self.theme.programme_id != self.programme_id:
            raise ValidationError({"theme": _("This theme is not one of the experimentation’s.")})


class CandidateSource(models.TextChoices):
    DIRECTORY = "directory", _("Directory")
    EVENT = "event", _("Event registration")
    HAND = "hand", _("Typed by hand")


class Candidate(models.Model):
    """Someone who may join a group of the programme (see the module's docstring)."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="group_candidates"
    )
    person = models.ForeignKey(
        "actors.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="group_candidacies",
        verbose_name=_("contact"),
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_candidacies",
        verbose_name=_("organisation"),
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=OrganisationKind, blank=True
    )
    commune = models.ForeignKey(
        "programmes.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    maturity = models.CharField(
        _("partnership maturity"), max_length=20, choices=Maturity, blank=True
    )
    source = models.CharField(
        _("source"), max_length=20, choices=CandidateSource, default=CandidateSource.HAND
    )
    source_ref = models.CharField(_("source reference"), max_length=100, blank=True)
    refused_themes = models.ManyToManyField(
        "programmes.Theme", blank=True, related_name="+", verbose_name=_("refused themes")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"],
                condition=Q(person__isnull=False),
                name="candidate_unique_person",
                violation_error_message=_("This contact is already a candidate."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        if self.person_id:
            return str(self.person)
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def organisation_label(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.organisation_name

    @property
    def contact_email(self) -> str:
        return self.person.email if self.person_id else self.email

    def clean(self) -> None:
        territory = self.programme.territory_id if self.programme_id else None
        if not self.person_id and not self.last_name.strip():
            raise ValidationError({"last_name": _("Give the candidate’s last name.")})
        if self.person_id and self.person.territory_id != territory:
            raise ValidationError({"person": _("This person is not in the territory.")})
        if self.organisation_id and self.organisation.territory_id != territory:
            raise ValidationError({"organisation": _("This organisation is not in the territory.")})
        if self.commune_id and self.commune.territory_id != territory:
            raise ValidationError({"commune": _("This commune is not in the territory.")})


class ThemeWish(models.Model):
    """A theme a candidate wishes, ranked (1 = first wish)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="wishes")
    theme = models.ForeignKey(
        "programmes.Theme", on_delete=models.CASCADE, related_name="+", verbose_name=_("theme")
    )
    rank = models.PositiveSmallIntegerField(_("rank"), default=1)

    objects = ScopedManager(territory="candidate__programme__territory")

    class Meta:
        ordering = ["rank", "id"]
        verbose_name = _("theme wish")
        verbose_name_plural = _("theme wishes")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "theme"],
                name="themewish_unique_theme",
                violation_error_message=_("This theme is already among the wishes."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.theme}"


class MemberRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    COLEAD = "colead", _("Co-lead")


class Member(models.Model):
    """A candidate placed in a group; a co-lead when ``role`` is ``colead``."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="group_members"
    )
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MemberRole, default=MemberRole.PARTICIPANT
    )
    confirmed = models.BooleanField(
        _("confirmed"), default=False, help_text=_("Unticked: only considered (« pressenti »).")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_memberships",
        verbose_name=_("account"),
    )
    link_token = models.CharField(max_length=64, blank=True, editable=False)
    link_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    position = models.PositiveIntegerField(default=0)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["role", "position", "id"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            # One group per candidate in a programme: the same person cannot co-lead two groups.
            models.UniqueConstraint(
                fields=["programme", "candidate"],
                name="member_one_group_per_candidate",
                violation_error_message=_("This person is already in a working group."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.candidate)

    @property
    def is_colead(self) -> bool:
        return self.role == MemberRole.COLEAD

    def clean(self) -> None:
        if self.group_id and self.programme_id and self.group.programme_id != self.programme_id:
            raise ValidationError(_("This group is not one of the experimentation’s."))
        if self.candidate_id and self.candidate.programme_id != self.programme_id:
            raise ValidationError({"candidate": _("This candidate is not in the experimentation.")})


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class GroupMeeting(models.Model):
    """One meeting of a group's series, from the programme's copy of the kit's frame."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveSmallIntegerField(_("number"))
    key = models.SlugField(_("frame"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=200)
    items = models.JSONField(_("agenda"), default=list, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    prepared_by = models.CharField(_("who prepares"), max_length=200, blank=True)
    facilitated_by = models.CharField(_("who facilitates"), max_length=200, blank=True)
    minutes_by = models.CharField(_("who writes the minutes"), max_length=200, blank=True)
    synthesis_by = models.CharField(_("who writes the synthesis"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField(_("minutes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # core.locking
    minutes_published = models.BooleanField(
        _("minutes published to the participants"), default=False
    )
    existing_solutions = models.JSONField(_("existing solutions"), default=list, blank=True)

    objects = ScopedManager(territory="group__programme__territory")

    class Meta:
        ordering = ["group", "number"]
        verbose_name = _("group meeting")
        verbose_name_plural = _("group meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "number"],
                name="groupmeeting_unique_number",
                violation_error_message=_("This group already has a meeting with this number."),
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(start_time__lt=F("end_time")),
                name="groupmeeting_times_order",
                violation_error_message=_("The meeting must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} – {_('Meeting')} {self.number}"

    @property
    def programme(self):
        return self.group.programme

    @property
    def when(self) -> str:
        return formats.date_format(self.date, "j F Y") if self.date else ""

    @property
    def short_title(self) -> str:
        return _("Meeting %(n)s") % {"n": self.number}

    def clean(self) -> None:
        if self.number and self.group_id:
            allowed = self.group.programme.meetings_per_group
            if self.number > allowed:
                raise ValidationError(
                    {
                        "number": _(
                            "The experimentation plans %(n)s meetings per group: there is no "
                            "meeting %(number)s."
                        )
                        % {"n": allowed, "number": self.number}
                    }
                )


class Attendance(models.Model):
    meeting = models.ForeignKey(GroupMeeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField(_("present"), default=False)

    objects = ScopedManager(territory="meeting__group__programme__territory")

    class Meta:
        ordering = ["member__position", "member_id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                name="attendance_unique",
                violation_error_message=_("This attendance is already recorded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.meeting}"

    def clean(self) -> None:
        if self.meeting_id and self.member_id and self.member.group_id != self.meeting.group_id:
            raise ValidationError(_("This person is not a member of the group."))


class Priority(models.IntegerChoices):
    HIGH = 1, _("High")
    MEDIUM = 2, _("Medium")
    LOW = 3, _("Low")


class Term(models.TextChoices):
    SHORT = "short", _("Short term")
    MEDIUM = "medium", _("Medium term")


class Proposal(models.Model):
    """A group's proposal (réunion 3: « actions à court et moyen terme »), with its priority."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="proposals")
    meeting = models.ForeignKey(
        GroupMeeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("meeting"),
    )
    text = models.TextField(_("proposal"))
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority, default=Priority.MEDIUM
    )
    term = models.CharField(_("term"), max_length=10, choices=Term, default=Term.SHORT)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(territory="group__programme__territory")

    class Meta:
        ordering = ["priority", "position", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def programme(self):
        return self.group.programme

    def clean(self) -> None:
        if self.meeting_id and self.group_id and self.meeting.group_id != self.group_id:
            raise ValidationError({"meeting": _("This meeting is not one of the group’s.")})
