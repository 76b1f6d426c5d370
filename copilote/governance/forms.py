from django import forms
from django.utils.translation import gettext_lazy as _

from copilote.actors.models import Organisation, Person
from copilote.actors.search import organisation_choice, person_choice, person_label
from copilote.core.forms import Form, LinesField, ModelForm
from copilote.core.locking import VersionedForm
from copilote.core.widgets import attach
from copilote.governance.models import (
    College,
    CommitteeMeeting,
    MeetingKind,
    TaskStatus,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingCreateForm(Form):
    kind = forms.ChoiceField(label=_("Meeting"), choices=MeetingKind.choices)
    date = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    place = forms.CharField(label=_("Place"), required=False, max_length=300)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        # The kit's meetings not yet created, the next one first; an extra meeting any time.
        taken = set(programme.committee_meetings.values_list("kind", flat=True))
        choices = [
            (value, label)
            for value, label in MeetingKind.choices
            if value == MeetingKind.EXTRA or value not in taken
        ]
        self.fields["kind"].choices = choices
        self.fields["kind"].initial = choices[0][0]


class PublishForm(Form):
    confirm = forms.BooleanField(
        label=_("I have read the minutes: publish them and mail them to the committee"),
    )


class WithdrawForm(Form):
    reason = forms.CharField(
        label=_("Why is the publication withdrawn?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the activity log, with your name and the date."),
    )


class MeetingForm(VersionedForm, ModelForm):
    fieldsets = [
        (_("The meeting"), ["title", "date", "start_time", "end_time", "place"]),
        (_("The next copil"), ["next_date", "next_composition"]),
    ]

    class Meta:
        model = CommitteeMeeting
        fields = [
            "title",
            "date",
            "start_time",
            "end_time",
            "place",
            "next_date",
            "next_composition",
        ]
        widgets = {
            "date": DATE_WIDGET,
            "next_date": DATE_WIDGET,
            "start_time": TIME_WIDGET,
            "end_time": TIME_WIDGET,
            "next_composition": forms.Textarea(attrs={"rows": 3}),
        }


class SectionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=200)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What you will present or what was said. It may stay unfinished."),
    )
    included = forms.BooleanField(label=_("On the agenda"), required=False)


class SectionAddForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    objectives = LinesField(label=_("Objectives"))
    content = LinesField(label=_("Content"))


class DecisionForm(VersionedForm, Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))
    arguments = LinesField(label=_("Arguments"), help_text=_("One argument per line."))


class _TerritoryChoices:
    """Contacts and organisations are chosen among the territory's, through a search box."""

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        territory = programme.territory
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                model = field.queryset.model if field.queryset is not None else None
                if name.endswith("person") or model is Person:
                    field.queryset = Person.objects.filter(territory=territory).select_related(
                        "organisation"
                    )
                    field.label_from_instance = person_label
                    attach(field, person_choice(programme))
                else:
                    field.queryset = Organisation.objects.filter(territory=territory)
                    attach(field, organisation_choice(programme))


class TaskForm(_TerritoryChoices, VersionedForm, Form):
    what = forms.CharField(label=_("What"), widget=forms.Textarea(attrs={"rows": 2}))
    owner_person = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Person in charge")
    )
    owner_organisation = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Organisation in charge")
    )
    due = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Left empty: the date of the next copil."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)

    def clean(self):
        data = super().clean()
        if not data.get("owner_person") and not data.get("owner_organisation"):
            raise forms.ValidationError(
                _("Say who carries this task: a person or an organisation.")
            )
        return data


class MemberForm(_TerritoryChoices, Form):
    person = forms.ModelChoiceField(queryset=None, required=False, label=_("Person"))
    organisation = forms.ModelChoiceField(queryset=None, required=False, label=_("Organisation"))
    college = forms.ChoiceField(label=_("College"), choices=College.choices)
    position = forms.CharField(
        label=_("Position"), required=False, help_text=_("E.g. chair, secretary.")
    )
    joined = forms.DateField(label=_("Joined on"), required=False, widget=DATE_WIDGET)
    left = forms.DateField(label=_("Left on"), required=False, widget=DATE_WIDGET)


class AttendanceForm(Form):
    def __init__(self, *args, members, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        self.rows = []
        for member in members:
            invitation = invitations.get(member.pk)
            invited = forms.BooleanField(
                label=_("%(member)s is invited") % {"member": member},
                required=False,
                initial=invitation is not None,
            )
            present = forms.BooleanField(
                label=_("%(member)s was present") % {"member": member},
                required=False,
                initial=bool(invitation and invitation.attended),
            )
            excused = forms.BooleanField(
                label=_("%(member)s excused themselves") % {"member": member},
                required=False,
                initial=bool(invitation and invitation.excused),
            )
            self.fields[f"invited_{member.pk}"] = invited
            self.fields[f"present_{member.pk}"] = present
            self.fields[f"excused_{member.pk}"] = excused
            self.rows.append(
                (
                    member,
                    self[f"invited_{member.pk}"],
                    self[f"present_{member.pk}"],
                    self[f"excused_{member.pk}"],
                )
            )

    def clean(self):
        data = super().clean()
        both = [
            m for m in self.members if data.get(f"present_{m.pk}") and data.get(f"excused_{m.pk}")
        ]
        for member in both:
            self.add_error(
                f"excused_{member.pk}",
                _("%(member)s cannot be both present and excused.") % {"member": member},
            )
        return data

    def chosen(self, prefix):
        return [m for m in self.members if self.cleaned_data.get(f"{prefix}_{m.pk}")]
