"""Forms of the calendar: a step, back-planning, a date poll and its answer."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from copilote.core.forms import Form, ModelForm
from copilote.planning.models import Answer, Milestone


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MilestoneForm(ModelForm):
    phase = forms.ModelChoiceField(queryset=None, required=False, label=_("phase"))

    class Meta:
        model = Milestone
        fields = ["title", "kind", "phase", "planned", "start", "end", "precision", "done"]
        widgets = {"planned": DateInput(), "start": DateInput(), "end": DateInput()}
        labels = {"start": _("Actual or current date")}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = programme.plan_phases.all()


# The working groups' series: the kit's 3 meetings, or 4 with its extra « se connaître et
# approfondir » meeting (the 4th group-meeting frame) that the kit's assessment advises.
MEETING_COUNTS = [
    (3, "3"),
    (
        4,
        _(
            "4, with the extra meeting « getting to know each other and going deeper » "
            "(advised by the kit's assessment)"
        ),
    ),
]


class PlanForm(Form):
    ANCHORS = [
        ("restitution", _("Collective restitution meeting")),
        ("lancement", _("Collective launch meeting")),
    ]
    target = forms.DateField(label=_("Target date"), widget=DateInput())
    anchor = forms.ChoiceField(label=_("This date is the one of"), choices=ANCHORS)
    meetings_per_group = forms.TypedChoiceField(
        label=_("Meetings per working group"), choices=MEETING_COUNTS, coerce=int
    )


SLOT = re.compile(
    r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2})[h:](\d{2})?(?:\s*[-–]\s*(\d{1,2})[h:](\d{2})?)?)?\s*$"
)
VOTER = re.compile(r"^\s*(?P<name>[^<>]*?)\s*<(?P<email>[^<>\s]+)>\s*$|^\s*(?P<bare>\S+@\S+)\s*$")


def parse_slots(text: str) -> list[tuple[dt.date, dt.time | None, dt.time | None]]:
    slots = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = SLOT.match(line)
        if not match:
            raise ValidationError(
                _("Line %(n)s: write a date as 15/10/2012 14h00-16h00 (hours optional).")
                % {"n": number}
            )
        d, m, y, h1, m1, h2, m2 = match.groups()
        try:
            day = dt.date(int(y), int(m), int(d))
            start = dt.time(int(h1), int(m1 or 0)) if h1 else None
            end = dt.time(int(h2), int(m2 or 0)) if h2 else None
        except ValueError:
            raise ValidationError(
                _("Line %(n)s: this date or hour does not exist.") % {"n": number}
            ) from None
        if start and end and end <= start:
            raise ValidationError(_("Line %(n)s: the end must be after the start.") % {"n": number})
        slots.append((day, start, end))
    return slots


def parse_voters(text: str) -> list[tuple[str, str]]:
    voters = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = VOTER.match(line)
        email = match and (match["email"] or match["bare"])
        try:
            validate_email(email or "")
        except ValidationError:
            raise ValidationError(
                _("Line %(n)s: write a name and an address, as Marie Dupont <marie@exemple.fr>.")
                % {"n": number}
            ) from None
        voters.append(((match["name"] or email)[:200], email))
    return voters


class PollForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    target = forms.ChoiceField(label=_("Meeting to date"))
    deadline = forms.DateTimeField(
        label=_("Answers until"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    remind_days = forms.IntegerField(
        label=_("Reminder (days before the deadline, 0: none)"),
        min_value=0,
        max_value=30,
        initial=2,
    )
    slots = forms.CharField(
        label=_("Proposed dates"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("One per line, e.g. 15/10/2012 14h00-16h00."),
    )
    voters = forms.CharField(
        label=_("People asked"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text=_("One per line: Marie Dupont <marie@exemple.fr>."),
    )

    def __init__(self, *args, targets: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets

    def clean_slots(self):
        return parse_slots(self.cleaned_data["slots"])

    def clean_voters(self):
        return parse_voters(self.cleaned_data["voters"])


class AnswerForm(Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, slots, initial_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = list(slots)
        for slot in self.slots:
            self.fields[f"slot-{slot.pk}"] = forms.ChoiceField(
                label=str(slot),
                choices=Answer.choices,
                widget=forms.RadioSelect,
                initial=(initial_answers or {}).get(slot.pk),
            )

    def answers(self) -> dict[int, str]:
        return {slot.pk: self.cleaned_data[f"slot-{slot.pk}"] for slot in self.slots}
