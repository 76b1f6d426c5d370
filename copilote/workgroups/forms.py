from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from copilote.actors.models import Maturity, Organisation, OrganisationKind, Person
from copilote.actors.search import organisation_choice, person_choice, person_label
from copilote.core.forms import Form, LinesField
from copilote.core.locking import VersionedForm
from copilote.core.widgets import SearchSelect, attach
from copilote.programmes.models import Commune, Role, Theme
from copilote.workgroups.models import GroupStatus, Priority, Term


def _search_url(name: str, programme) -> str:
    return reverse(
        f"workgroups:{name}",
        kwargs={"territory": programme.territory.slug, "programme": programme.slug},
    )


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _people(field, programme) -> None:
    field.queryset = Person.objects.filter(territory=programme.territory).select_related(
        "organisation"
    )
    field.label_from_instance = person_label
    attach(field, person_choice(programme))


class GroupForm(VersionedForm, Form):
    theme = forms.ModelChoiceField(queryset=None, label=_("Theme"))
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False, help_text=_("Left empty: the theme.")
    )
    size_min = forms.IntegerField(label=_("Minimum size"), min_value=1, max_value=100)
    size_max = forms.IntegerField(label=_("Maximum size"), min_value=1, max_value=100)
    status = forms.ChoiceField(label=_("Status"), choices=GroupStatus.choices)
    facilitators = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Facilitators"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The accounts with the facilitator role who run this group."),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(programme=programme)
        self.fields["facilitators"].queryset = (
            get_user_model()
            .objects.filter(memberships__programme=programme, memberships__role=Role.FACILITATOR)
            .order_by("last_name", "first_name")
        )
        self.fields["facilitators"].label_from_instance = lambda u: u.get_full_name() or u.username

    def clean(self):
        data = super().clean()
        low, high = data.get("size_min"), data.get("size_max")
        if low and high and low > high:
            self.add_error("size_max", _("The maximum size cannot be lower than the minimum."))
        return data


class ColeadForm(Form):
    person = forms.ModelChoiceField(
        queryset=None,
        label=_("Contact"),
        help_text=_("A contact of an association or of a company of the directory."),
    )
    confirmed = forms.BooleanField(
        label=_("Confirmed"), required=False, help_text=_("Unticked: only considered.")
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["person"], programme)


class CandidateForm(Form):
    """A candidate from the directory (``person``) or typed by hand."""

    person = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Contact of the directory"),
        help_text=_("Or type the person below if they are not in the directory."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email address"), required=False)
    organisation = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Organisation of the directory")
    )
    organisation_name = forms.CharField(
        label=_("Organisation (not in the directory)"), max_length=200, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", "—"), *OrganisationKind.choices],
        required=False,
    )
    commune = forms.ModelChoiceField(queryset=None, required=False, label=_("Commune"))
    maturity = forms.ChoiceField(
        label=_("Partnership maturity"), choices=[("", "—"), *Maturity.choices], required=False
    )
    wishes = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Wished themes"),
        widget=forms.CheckboxSelectMultiple,
    )
    first_wish = forms.ModelChoiceField(
        queryset=None, required=False, label=_("First wish"), empty_label="—"
    )
    refused = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Refused themes"),
        widget=forms.CheckboxSelectMultiple,
    )

    fieldsets = [
        (_("The person"), ["person", "first_name", "last_name", "email"]),
        (
            _("Their organisation"),
            ["organisation", "organisation_name", "kind", "commune", "maturity"],
        ),
        (_("Themes"), ["wishes", "first_wish", "refused"]),
    ]

    def __init__(self, *args, programme, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["person"], programme)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            territory=programme.territory
        )
        attach(self.fields["organisation"], organisation_choice(programme))
        self.fields["commune"].queryset = Commune.objects.filter(territory=programme.territory)
        themes = Theme.objects.filter(programme=programme)
        for name in ("wishes", "first_wish", "refused"):
            self.fields[name].queryset = themes
        if editing:
            del self.fields["person"]
            self.fieldsets = [
                (title, [f for f in fields if f != "person"]) for title, fields in self.fieldsets
            ]

    def clean(self):
        data = super().clean()
        if not data.get("person") and not (data.get("last_name") or "").strip():
            if "person" in self.fields:
                raise forms.ValidationError(
                    _("Choose a contact of the directory or type the person’s last name.")
                )
            self.add_error("last_name", _("Give the candidate’s last name."))
        wishes = list(data.get("wishes") or [])
        first = data.get("first_wish")
        if first is not None:
            wishes = [first] + [t for t in wishes if t != first]
        data["ordered_wishes"] = wishes
        return data


class PlaceForm(Form):
    """Place one candidate in a group: a button per group of a wished theme sends ``wish``; any
    other group is searched (``search_groups``), never listed in a drop-down."""

    wish = forms.IntegerField(required=False, widget=forms.HiddenInput)
    group = forms.ModelChoiceField(queryset=None, label=_("Another group"), required=False)
    confirmed = forms.BooleanField(label=_("Confirmed"), required=False)

    def __init__(self, programme, *args, shared: tuple | None = None, **kwargs):
        """``shared``: :meth:`shared` of the programme, computed once for a page of rows."""
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        field.queryset, search_url = shared or self.shared(programme)
        widget = attach(field, SearchSelect(search_url=search_url))
        widget.is_required = True  # no « none » choice beside the search

    @staticmethod
    def shared(programme) -> tuple:
        """The groups to choose from and the search URL, the same for every candidate's form."""
        return (
            programme.working_groups.only("id", "name", "theme_id", "programme_id"),
            _search_url("search_groups", programme),
        )

    def clean(self):
        data = super().clean()
        wish = data.get("wish")
        if wish is not None:
            data["group"] = self.fields["group"].queryset.filter(pk=wish).first()
        if data.get("group") is None:
            raise forms.ValidationError(_("Choose a group."))
        return data


class MeetingForm(VersionedForm, Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=TIME_WIDGET)
    end_time = forms.TimeField(label=_("End time"), required=False, widget=TIME_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    prepared_by = forms.CharField(label=_("Who prepares"), max_length=200, required=False)
    facilitated_by = forms.CharField(label=_("Who facilitates"), max_length=200, required=False)
    minutes_by = forms.CharField(label=_("Who writes the minutes"), max_length=200, required=False)
    synthesis_by = forms.CharField(
        label=_("Who writes the synthesis"), max_length=200, required=False
    )

    fieldsets = [
        (_("The meeting"), ["title", "date", "start_time", "end_time", "place"]),
        (
            _("The roles the kit asks to settle"),
            ["prepared_by", "facilitated_by", "minutes_by", "synthesis_by"],
        ),
    ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The meeting must end after it starts."))
        return data


class MinutesForm(VersionedForm, Form):
    """The minutes of a group meeting, under the meeting's lock (``core.locking``)."""

    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("What was said and decided. It may stay unfinished."),
    )
    existing_solutions = LinesField(
        label=_("Existing solutions"),
        help_text=_(
            "Réunion 2: the solutions already in place, among the participants and on the "
            "territory. One per line."
        ),
    )
    minutes_published = forms.BooleanField(
        label=_("Published to the participants"),
        required=False,
        help_text=_("The participants read the published minutes on their group’s page."),
    )


class ProposalForm(Form):
    text = forms.CharField(label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 3}))
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.MEDIUM
    )
    term = forms.ChoiceField(label=_("Term"), choices=Term.choices)
    meeting = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Meeting"), empty_label="—"
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = group.meetings.all()
        self.fields["meeting"].label_from_instance = lambda m: f"{m.short_title} – {m.title}"
