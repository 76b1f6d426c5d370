from django import forms
from django.utils.translation import gettext_lazy as _

from copilote.actors.models import Organisation, Person
from copilote.actors.search import organisation_choice, person_choice, person_label
from copilote.core.forms import Form, LinesField
from copilote.core.locking import VersionedForm
from copilote.core.widgets import attach
from copilote.results.models import ActionStatus

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _people(field, programme) -> None:
    field.queryset = Person.objects.filter(territory=programme.territory).select_related(
        "organisation"
    )
    field.label_from_instance = person_label
    attach(field, person_choice(programme))


def _organisations(field, programme) -> None:
    field.queryset = Organisation.objects.filter(territory=programme.territory)
    attach(field, organisation_choice(programme))


class ActionForm(VersionedForm, Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    group = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Origin"),
        empty_label=_("Transverse action"),
        help_text=_("The working group the action comes from, or a transverse action."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    carrier = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Carrier"),
        help_text=_("The organisation that carries the action, if any."),
    )
    carrier_confirmed = forms.BooleanField(
        label=_("The local authority carries this action anyway"),
        required=False,
        help_text=_(
            "The kit’s principle: the local authority invites and facilitates, but carries only "
            "the transverse action."
        ),
    )
    indicators = LinesField(label=_("Indicators"), help_text=_("Optional, one per line."))
    public = forms.BooleanField(label=_("Show on the public results page"), required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        # A programme has a handful of groups: a plain list is right here.
        self.fields["group"].queryset = programme.working_groups.all()
        _organisations(self.fields["carrier"], programme)


class ReferentForm(Form):
    person = forms.ModelChoiceField(queryset=None, required=False, label=_("Contact"))
    organisation = forms.ModelChoiceField(queryset=None, required=False, label=_("Organisation"))
    committed_on = forms.DateField(label=_("Committed on"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["person"], programme)
        _organisations(self.fields["organisation"], programme)

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("organisation"):
            raise forms.ValidationError(_("Name a contact or an organisation."))
        return data


class StepForm(Form):
    what = forms.CharField(label=_("What"), max_length=300)
    due = forms.DateField(label=_("Due date"), required=False, widget=DATE_WIDGET)
    done = forms.BooleanField(label=_("Done"), required=False)


class ProgressForm(Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    text = forms.CharField(label=_("What moved"), widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(label=_("Progress (%)"))

    def clean_percent(self):
        value = self.cleaned_data["percent"]
        if not 0 <= value <= 100:
            raise forms.ValidationError(_("A progress is between 0 and 100 %."))
        return value


class ProposalsForm(Form):
    proposals = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Proposals"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one proposal.")},
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = queryset
        self.fields["proposals"].label_from_instance = lambda p: f"{p.group} – {p.text}"
