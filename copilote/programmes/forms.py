from django import forms
from django.utils.translation import gettext_lazy as _

from copilote.actors.models import Organisation
from copilote.core.forms import Form, LinesField, ModelForm
from copilote.core.locking import VersionedForm
from copilote.programmes.models import Commune, Programme, Role, Theme

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(VersionedForm, ModelForm):
    fieldsets = [
        (
            _("General description"),
            ["name", "sponsor", "objective", "finalities", "descriptive_elements", "axes"],
        ),
        (_("Phase and dates"), ["phase", "start_date", "end_date"]),
        (
            _("Targets"),
            [
                "launch_attendance_min",
                "launch_attendance_max",
                "group_size_min",
                "group_size_max",
                "meetings_per_group",
            ],
        ),
    ]
    # The queryset is set per territory in __init__ (a scoped query cannot run at import).
    sponsor = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Sponsor"),
        help_text=_("The local authority that invites the actors."),
    )
    finalities = LinesField(label=_("Finalities"))
    descriptive_elements = LinesField(label=_("Descriptive elements"))
    axes = LinesField(label=_("Axes"))

    class Meta:
        model = Programme
        fields = [
            "name",
            "sponsor",
            "objective",
            "finalities",
            "descriptive_elements",
            "axes",
            "phase",
            "start_date",
            "end_date",
            "launch_attendance_min",
            "launch_attendance_max",
            "group_size_min",
            "group_size_max",
            "meetings_per_group",
        ]
        widgets = {
            "objective": forms.Textarea(attrs={"rows": 3}),
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("finalities", "descriptive_elements", "axes"):
            self.fields[name].widget.attrs["rows"] = 5
        self.fields["sponsor"].queryset = Organisation.objects.filter(
            territory=self.instance.territory_id
        ).order_by("name")


class ThemeForm(ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "slug", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"slug": _("Used in addresses and files, e.g. insertion-des-jeunes.")}


class CommuneForm(ModelForm):
    class Meta:
        model = Commune
        fields = ["name", "insee_code", "population"]


class MemberForm(Form):
    identifier = forms.CharField(
        label=_("Username or email address"),
        max_length=254,
        help_text=_(
            "The person must already have an account of this territory (or a new account)."
        ),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.PARTICIPANT)

    def __init__(self, *args, programme, **kwargs):
        self.programme = programme
        super().__init__(*args, **kwargs)

    def clean_identifier(self):
        from copilote.programmes.selectors import account_to_add

        identifier = self.cleaned_data["identifier"].strip()
        account = account_to_add(self.programme, identifier)
        if account is None:
            # One answer for an unknown account and for another territory's: this form must not
            # tell whether an address has an account elsewhere.
            raise forms.ValidationError(
                _(
                    "No account of this territory matches “%(identifier)s”. Check the address, "
                    "or ask the network administrator to create the account."
                ),
                params={"identifier": identifier},
            )
        return account


class RoleForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
