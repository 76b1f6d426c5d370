from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from copilote.actors.models import (
    ChannelEvent,
    CommunicationItem,
    Interaction,
    Mobilisation,
    Network,
    Organisation,
    OrganisationKind,
    Person,
    Resource,
    Status,
)
from copilote.actors.search import organisation_choice
from copilote.core.forms import Form, ModelForm
from copilote.core.locking import VersionedForm
from copilote.core.widgets import ShortSelect, attach

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SORTS = [
    ("name", _("name (A to Z)")),
    ("-name", _("name (Z to A)")),
    ("kind", _("kind")),
    ("commune", _("commune")),
    ("status", _("mobilisation status")),
]


class DirectoryFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("all"))] + OrganisationKind.choices,
        widget=ShortSelect,
    )
    commune = forms.TypedChoiceField(
        label=_("Commune"), required=False, coerce=int, empty_value=None, widget=ShortSelect
    )
    theme = forms.TypedChoiceField(
        label=_("Theme"), required=False, coerce=int, empty_value=None, widget=ShortSelect
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), ("none", _("not followed"))] + Status.choices,
        widget=ShortSelect,
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS, widget=ShortSelect)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", _("all"))] + [
            (c.pk, c.name) for c in programme.territory.communes.all()
        ]
        self.fields["theme"].choices = [("", _("all"))] + [
            (t.pk, t.name) for t in programme.themes.all()
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class OrganisationForm(VersionedForm, ModelForm):
    fieldsets = [
        (_("Identity"), ["name", "kind", "commune", "address", "sector", "size", "website"]),
        (
            _("Partnership"),
            ["maturity", "themes", "networks", "description", "publish_in_guide"],
        ),
    ]

    # Querysets are set per territory in __init__ (a scoped query cannot run at import).
    commune = forms.ModelChoiceField(queryset=None, required=False, label=_("Commune"))
    themes = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Themes of interest"),
        widget=forms.CheckboxSelectMultiple,
    )
    networks = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=_("Networks"), widget=forms.CheckboxSelectMultiple
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "commune",
            "address",
            "sector",
            "size",
            "website",
            "maturity",
            "themes",
            "networks",
            "description",
            "publish_in_guide",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = programme.territory.communes.all()
        self.fields["themes"].queryset = programme.themes.all()
        self.fields["networks"].queryset = Network.objects.filter(territory=programme.territory)


class PersonForm(ModelForm):
    organisation = forms.ModelChoiceField(queryset=None, required=False, label=_("Organisation"))

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "function",
            "organisation",
            "email",
            "phone",
            "source",
            "consent",
            "consent_date",
        ]
        widgets = {"consent_date": DATE_WIDGET}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            territory=programme.territory
        )
        attach(self.fields["organisation"], organisation_choice(programme))

    def clean(self):
        data = super().clean()
        if data.get("consent_date") and not data.get("consent"):
            self.add_error("consent_date", _("A consent date needs the consent box ticked."))
        return data


class MobilisationForm(ModelForm):
    contact = forms.ModelChoiceField(queryset=None, required=False, label=_("Person to meet"))

    class Meta:
        model = Mobilisation
        fields = [
            "status",
            "appointment_date",
            "appointment_precision",
            "contact",
            "followed_by",
            "next_step",
        ]
        widgets = {"appointment_date": DATE_WIDGET}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Person.objects.filter(
            organisation=self.instance.organisation_id, anonymised=False
        )
        self.fields["followed_by"].queryset = get_user_model().objects.filter(
            memberships__programme=programme,
            memberships__role__in=["lead", "committee", "facilitator"],
        )


class MoveForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)


class InteractionForm(ModelForm):
    class Meta:
        model = Interaction
        fields = ["kind", "date", "notes"]
        widgets = {"date": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 3})}


class NetworkForm(ModelForm):
    class Meta:
        model = Network
        fields = ["name", "description", "contact"]


class ChannelEventForm(ModelForm):
    class Meta:
        model = ChannelEvent
        fields = ["name", "date", "date_precision", "place", "notes"]
        widgets = {"date": DATE_WIDGET}


class CommunicationItemForm(ModelForm):
    class Meta:
        model = CommunicationItem
        fields = ["what", "channel", "date", "owner", "status"]
        widgets = {"date": DATE_WIDGET}


class ResourceForm(ModelForm):
    theme = forms.ModelChoiceField(queryset=None, label=_("Theme"))
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    class Meta:
        model = Resource
        fields = ["theme", "kind", "name", "provider", "contact", "link", "description"]

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = programme.themes.all()


class GuideForm(Form):
    published = forms.BooleanField(label=_("Publish the guide on its public page"), required=False)
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ImportForm(Form):
    target = forms.ChoiceField(
        label=_("What the file contains"),
        choices=[("organisations", _("organisations")), ("contacts", _("contacts"))],
        widget=forms.RadioSelect,
        initial="organisations",
    )
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("At most 5,000 rows and 5 MB. The first row names the columns."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise ValidationError(_("Send a .csv or a .xlsx file."))
        return upload


class ImportConfirmForm(Form):
    only_valid = forms.BooleanField(
        label=_("Import only the valid rows (the rows with errors are left out)"),
        required=False,
    )
