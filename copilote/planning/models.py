"""The programme's calendar: its phases and its dated milestones (calendrier prévisionnel)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class PlanPhase(models.Model):
    """Préparation, expérimentation, bilan: the periods of the programme."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="plan_phases"
    )
    key = models.SlugField(_("identifier"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="phase_unique_key"),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(start__lte=F("end")),
                name="phase_dates_order",
                violation_error_message=_("The end cannot be before the start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Precision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")


class MilestoneKind(models.TextChoices):
    COMMITTEE = "committee", _("Steering committee")
    EVENT = "event", _("Collective event")
    GROUP_MEETING = "group_meeting", _("Working group meeting")
    MOBILISATION = "mobilisation", _("Mobilisation")
    FRAMING = "framing", _("Framing")
    ANALYSIS = "analysis", _("Analysis")
    OTHER = "other", _("Other")


class Milestone(models.Model):
    """A dated step of the calendar, to the day or to the month as the kit gives them."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="milestones"
    )
    phase = models.ForeignKey(
        PlanPhase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("phase"),
    )
    key = models.SlugField(_("identifier"), max_length=80, blank=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=MilestoneKind, default="other")
    planned = models.DateField(
        _("planned date"),
        null=True,
        blank=True,
        help_text=_("The baseline: the date first planned, kept when the step slips."),
    )
    start = models.DateField(_("date"))
    end = models.DateField(_("end"), null=True, blank=True)
    precision = models.CharField(
        _("precision"), max_length=10, choices=Precision, default=Precision.DAY
    )
    done = models.BooleanField(_("done"), default=False)
    stands_for = models.CharField(
        _("dated item"),
        max_length=100,
        blank=True,
        help_text=_(
            "The key of the dated item this step became (e.g. committee-meeting-12): the calendar "
            "then shows that item once, with this step's planned date as its baseline."
        ),
    )

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__lte=F("end")),
                name="milestone_dates_order",
                violation_error_message=_("The end cannot be before the date."),
            ),
            models.UniqueConstraint(
                fields=["programme", "key"],
                condition=~Q(key=""),
                name="milestone_unique_key",
                violation_error_message=_("Another step already uses this identifier."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def when(self) -> str:
        """The date as French readers expect it: « 22 mars 2012 » or « septembre 2012 »."""
        fmt = "F Y" if self.precision == Precision.MONTH else "j F Y"
        start = formats.date_format(self.start, fmt)
        if not self.end or self.end == self.start:
            return start
        return f"{start} – {formats.date_format(self.end, fmt)}"

    @property
    def slippage_days(self) -> int:
        """Days between the baseline and the current date (0 when not planned or on time)."""
        return (self.start - self.planned).days if self.planned else 0


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A secret address of a calendar feed (ICS): one per programme, one per user.

    The token is the only credential of the address (calendar clients cannot log in);
    regenerating it revokes the old address.
    """

    programme = models.OneToOneField(
        "programmes.Programme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feed",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feed",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=Q(programme__isnull=True, user__isnull=False)
                | Q(programme__isnull=False, user__isnull=True),
                name="feed_programme_or_user",
            )
        ]

    def __str__(self) -> str:
        return f"feed {self.pk}"


class FeedEntry(models.Model):
    """What a feed last said of one dated item: its SEQUENCE rises when the item changes, so
    calendar clients update the event in place instead of adding a copy."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="feed_entries"
    )
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    sequence = models.PositiveIntegerField(default=0)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="feed_entry_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} #{self.sequence}"


class Poll(models.Model):
    """A date poll for a meeting: slots proposed, answers from signed links, one slot chosen."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="polls"
    )
    title = models.CharField(_("title"), max_length=200)
    target = models.CharField(
        _("meeting"),
        max_length=100,
        help_text=_("The dated item whose date the poll sets (e.g. committee-meeting-12)."),
    )
    target_kind = models.CharField(max_length=20, default=MilestoneKind.COMMITTEE)
    deadline = models.DateTimeField(_("answers until"))
    remind_days = models.PositiveSmallIntegerField(
        _("reminder (days before the deadline)"),
        default=2,
        help_text=_("0: no reminder."),
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    chosen = models.ForeignKey(
        "PollSlot", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("date poll")
        verbose_name_plural = _("date polls")

    def __str__(self) -> str:
        return self.title


class PollSlot(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="slots")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)

    objects = ScopedManager(territory="poll__programme__territory")

    class Meta:
        ordering = ["date", "start_time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(start_time__lt=F("end_time")),
                name="poll_slot_times_order",
                violation_error_message=_("The end time must be after the start time."),
            )
        ]

    def __str__(self) -> str:
        text = formats.date_format(self.date, "l j F Y")
        if self.start_time:
            text += " " + formats.time_format(self.start_time, "H\\hi")
            if self.end_time:
                text += "–" + formats.time_format(self.end_time, "H\\hi")
        return text


class PollVoter(models.Model):
    """Someone asked to answer: they answer from their own signed link, without an account."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voters")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(territory="poll__programme__territory")

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "email"], name="poll_voter_unique_email")
        ]

    def __str__(self) -> str:
        return self.name


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    MAYBE = "maybe", _("If need be")
    NO = "no", _("No")


class PollAnswer(models.Model):
    voter = models.ForeignKey(PollVoter, on_delete=models.CASCADE, related_name="answers")
    slot = models.ForeignKey(PollSlot, on_delete=models.CASCADE, related_name="answers")
    answer = models.CharField(_("answer"), max_length=10, choices=Answer)

    objects = ScopedManager(territory="voter__poll__programme__territory")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["voter", "slot"], name="poll_answer_unique")]

    def __str__(self) -> str:
        return self.answer
