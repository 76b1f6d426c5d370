from django import forms
from django.utils.translation import gettext_lazy as _

from copilote.actors.models import Person
from copilote.actors.search import person_choice, person_label
from copilote.assessment.models import DecisionChoice, KitChange
from copilote.assessment.survey import QUESTIONS, SCALE
from copilote.core.forms import Form, LinesField
from copilote.core.locking import VersionedForm
from copilote.core.widgets import attach


class AssessmentForm(VersionedForm, Form):
    strengths = LinesField(label=_("Strengths"))
    difficulties = LinesField(label=_("Difficulties met"))
    improvements = LinesField(label=_("Ways to improve"))
    result_kinds = LinesField(label=_("Kinds of results"))
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("", _("Not decided yet")), *DecisionChoice.choices],
    )
    decision_text = forms.CharField(
        label=_("The decision in a sentence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    arguments = LinesField(
        label=_("Arguments"), help_text=_("One argument per line; a decision needs them.")
    )
    follow_up = LinesField(label=_("Main lines of what follows"))
    principles = LinesField(label=_("Principles for what follows"))
    short_term = LinesField(label=_("Short-term plan"))

    fieldsets = [
        (_("The assessment"), ["strengths", "difficulties", "improvements", "result_kinds"]),
        (_("What follows"), ["decision", "decision_text", "arguments", "follow_up", "principles"]),
        (_("The concrete actions in the short term"), ["short_term"]),
    ]


class LessonForm(Form):
    text = forms.CharField(label=_("Lesson"), widget=forms.Textarea(attrs={"rows": 3}))
    to_kit = forms.BooleanField(
        label=_("To carry into the territory’s kit"),
        required=False,
        help_text=_("The territory’s next experimentation starts from frames that carry it."),
    )
    kit_change = forms.ChoiceField(
        label=_("Change to the frames"), required=False, choices=KitChange.choices
    )
    kit_value = forms.IntegerField(
        label=_("Number of meetings per working group"), required=False, min_value=1, max_value=8
    )


class InviteForm(Form):
    people = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Contacts"),
        help_text=_("Search the contacts who took part; only those with an address get the mail."),
    )
    group = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Or every participant of a working group"),
    )

    def __init__(self, *args, programme, groups, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["people"]
        field.queryset = Person.objects.filter(territory=programme.territory).select_related(
            "organisation"
        )
        field.label_from_instance = person_label
        attach(field, person_choice(programme, multiple=True))
        self.fields["group"].queryset = groups
        if not groups.exists():
            del self.fields["group"]

    def clean(self):
        data = super().clean()
        if not data.get("people") and not data.get("group"):
            raise forms.ValidationError(_("Choose contacts or a working group."))
        return data


class SurveyForm(Form):
    """The questionnaire; the service checks the answers again."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            if question.kind == "scale":
                field = forms.TypedChoiceField(
                    label=question.text,
                    choices=list(zip(question.scale_values, [str(s) for s in SCALE], strict=True)),
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=question.required,
                )
            elif question.kind == "choice":
                field = forms.ChoiceField(
                    label=question.text,
                    choices=question.choices,
                    widget=forms.RadioSelect,
                    required=question.required,
                )
            else:
                field = forms.CharField(
                    label=question.text,
                    required=question.required,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
            field.error_messages["required"] = _("Please answer this question.")
            self.fields[question.key] = field
