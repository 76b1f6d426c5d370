"""Form helpers shared by every app.

Every form of the project inherits :class:`Form` or :class:`ModelForm`: submitted text loses its
C0 control characters (see ``core.text``), and single-line fields lose their line breaks, before
any validation, so nothing of the kind reaches a service, a document or a mail.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from copilote.core.text import one_line, strip_control

# A number of 19 digits or more overflows the database's 64-bit integers: as the key of a choice
# (an organisation, a contact...) or as a number it would reach the database and fail there (a
# 500); it is made plainly invalid instead, so that the field answers its usual message.
_HUGE_NUMBER = re.compile(r"\s*[-+]?\d{19,}\s*")


def _is_numeric(field: forms.Field) -> bool:
    return isinstance(field, forms.ModelChoiceField | forms.IntegerField)


def _is_multiline(field: forms.Field) -> bool:
    return isinstance(field.widget, forms.Textarea) or isinstance(field, LinesField)


class CleanInputMixin:
    """Cleans the submitted data of a bound form (a copy: the request's data is untouched)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            return
        single_line = {
            self.add_prefix(name)
            for name, field in self.fields.items()
            if isinstance(field, forms.CharField) and not _is_multiline(field)
        }
        numeric = {self.add_prefix(n) for n, field in self.fields.items() if _is_numeric(field)}
        data = self.data.copy()

        def clean(key, value):
            if not isinstance(value, str):
                return value
            if key in numeric and _HUGE_NUMBER.fullmatch(value):
                return "?"
            return one_line(value) if key in single_line else strip_control(value)

        if hasattr(data, "setlist"):
            for key in list(data.keys()):
                data.setlist(key, [clean(key, v) for v in data.getlist(key)])
        else:
            for key, value in list(data.items()):
                data[key] = clean(key, value)
        self.data = data


class Form(CleanInputMixin, forms.Form):
    """The project's form: input cleaned as the module says."""


class ModelForm(CleanInputMixin, forms.ModelForm):
    """The project's model form: input cleaned as the module says."""


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


class DeleteForm(Form):
    """A confirmation, so that a deletion is never one stray click away."""

    confirm = forms.BooleanField(label=_("I confirm the deletion"), required=True)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
