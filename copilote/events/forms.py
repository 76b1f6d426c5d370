from django import forms
from django.utils.translation import gettext_lazy as _

from copilote.actors.models import Organisation, Person
from copilote.actors.search import organisation_choice, person_choice
from copilote.core.forms import Form, ModelForm
from copilote.core.locking import VersionedForm
from copilote.core.widgets import attach
from copilote.events.models import Event, EventItem, RegistrantKind
from copilote.programmes.models import Commune, Theme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class EventForm(VersionedForm, ModelForm):
    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "date",
            "start_time",
            "end_time",
            "venue_name",
            "venue_address",
            "venue_access",
            "audience",
            "capacity",
            "target_min",
            "target_max",
            "description",
        ]
        widgets = {
            "date": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "venue_access": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["date"].help_text = _("Required to publish the event.")

    def validate_unique(self):
        # The slug is given by the service; the service validates the whole event.
        pass


class ItemForm(VersionedForm, ModelForm):
    speakers = forms.ModelMultipleChoiceField(
        label=_("Speakers (directory)"), queryset=None, required=False
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"), queryset=None, required=False
    )
    theme = forms.ModelChoiceField(label=_("working group (theme)"), queryset=None, required=False)

    class Meta:
        model = EventItem
        fields = ["start_time", "end_time", "kind", "title", "speakers_text", "theme", "notes"]
        widgets = {
            "start_time": TIME,
            "end_time": TIME,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        territory = programme.territory_id
        self.fields["speakers"].queryset = Person.objects.filter(
            territory=territory, anonymised=False
        )
        self.fields["organisations"].queryset = Organisation.objects.filter(territory=territory)
        attach(self.fields["speakers"], person_choice(programme, multiple=True))
        attach(self.fields["organisations"], organisation_choice(programme, multiple=True))
        self.fields["theme"].queryset = Theme.objects.filter(programme=programme)
        self.fields["theme"].help_text = _("For the feedback of a working group.")
        if self.instance.pk:
            self.initial["speakers"] = [p.pk for p in self.instance.speakers.all()]
            self.initial["organisations"] = [o.pk for o in self.instance.organisations.all()]
        order = ["start_time", "end_time", "kind", "title", "speakers", "speakers_text"]
        self.order_fields([*order, "organisations", "theme", "notes"])

    def validate_unique(self):
        pass


class RegistrationForm(Form):
    """The public registration form. ``website`` is a honeypot: hidden from people, filled by
    robots."""

    name = forms.CharField(label=_("First and last name"), max_length=200)
    email = forms.EmailField(label=_("Email"), max_length=254)
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Your association, company, local authority… (optional)"),
    )
    kind = forms.ChoiceField(label=_("You are"), choices=RegistrantKind.choices)
    commune = forms.ModelChoiceField(
        label=_("Your commune"),
        queryset=None,
        required=False,
        empty_label=_("Another commune"),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes you would like to work on in a working group"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(label="", required=True)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, event, consent_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        programme = event.programme
        self.fields["commune"].queryset = Commune.objects.filter(territory=programme.territory_id)
        self.fields["themes"].queryset = Theme.objects.filter(programme=programme)
        self.fields["consent"].label = consent_text
        self.fields["consent"].error_messages["required"] = _(
            "Registration needs your consent to the use of your data."
        )
        if not self.fields["themes"].queryset.exists():
            del self.fields["themes"]

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Your registration could not be recorded."))
        return ""


class WalkInForm(Form):
    name = forms.CharField(label=_("First and last name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=RegistrantKind.choices)
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=None,
        required=False,
        empty_label=_("Another commune"),
    )
    email = forms.EmailField(label=_("Email (optional)"), max_length=254, required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.filter(territory=programme.territory_id)
