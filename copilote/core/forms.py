from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class LinesField(forms.CharField):
    """A list of short texts typed one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("One item per line."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class DeleteForm(forms.Form):
    """A confirmation, so that a deletion is never one stray click away."""

    confirm = forms.BooleanField(label=_("I confirm the deletion"), required=True)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
