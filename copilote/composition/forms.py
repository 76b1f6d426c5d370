from django import forms
from django.utils.translation import gettext_lazy as _

from copilote.composition import services
from copilote.core.forms import Form


class ProposeForm(Form):
    time_limit = forms.IntegerField(
        label=_("Time given to the computation (seconds)"),
        min_value=int(services.MIN_TIME_LIMIT),
        max_value=int(services.MAX_TIME_LIMIT),
        initial=int(services.DEFAULT_TIME_LIMIT),
        help_text=_("The longer, the closer to the best possible composition."),
    )
    move_confirmed = forms.BooleanField(
        label=_("The proposal may move confirmed members"),
        required=False,
        help_text=_(
            "Unticked, confirmed members stay in their group. Co-leads and members who attended "
            "a meeting always stay."
        ),
    )


class MoveForm(Form):
    candidate = forms.CharField(max_length=20)
    group = forms.CharField(max_length=80, required=False)


class AcceptForm(Form):
    group = forms.CharField(max_length=80, required=False)
