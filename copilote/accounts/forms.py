from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from copilote.core.forms import Form
from copilote.programmes.models import Role


class InviteForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class AcceptForm(Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            password_validation.validate_password(data["password1"])
        return data


class StarterForm(Form):
    """The account to allow to start experimentations, by its username or its email."""

    account = forms.CharField(
        label=_("Account (username or email)"),
        max_length=254,
        help_text=_("The person must have an account: invite them to an experimentation first."),
    )

    def clean_account(self):
        from copilote.accounts.services import find_account

        account = find_account(self.cleaned_data["account"])
        if account is None:
            raise forms.ValidationError(_("No active account has this username or email."))
        return account
