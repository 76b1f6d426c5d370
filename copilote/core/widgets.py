"""Choosing among many: a search box answered by the server, never a drop-down of everything.

``SearchSelect`` (one choice) and ``SearchSelectMultiple`` (several) replace ``Select`` on a
``ModelChoiceField`` / ``ModelMultipleChoiceField``. The page carries only the current choice; the
search box asks ``search_url`` (htmx, as the user types) which answers radio buttons (or check
boxes) with the same name, rendered by :func:`search_results`. Without JavaScript the current
choice stays; with the keyboard, Tab reaches the results and the arrows move among them; the
results are announced (``aria-live``).

The search URL gets ``field`` (the input's name), ``multiple`` and ``q`` (the text typed).
The form attaches the widget to its field, after setting the field's queryset, usually in its
``__init__``::

    attach(self.fields["owner"], person_choice(programme))
"""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SEARCH_LIMIT = 20


class SearchSelect(forms.Select):
    template_name = "core/widgets/search_select.html"
    input_type = "radio"
    allow_multiple_selected = False

    def __init__(self, *, search_url: str = "", attrs=None):
        super().__init__(attrs)
        self.search_url = search_url

    def _selected(self, value) -> list[tuple[str, str]]:
        """(value, label) of the current choice(s) only: the queryset is never listed."""
        values = [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
        values = [v for v in values if v not in ("", "None")]
        if not values:
            return []
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None:  # plain choices
            return [(str(k), str(label)) for k, label in self.choices if str(k) in values]
        field = getattr(self.choices, "field", None)
        key = (field.to_field_name if field else None) or "pk"
        try:
            objects = list(queryset.filter(**{f"{key}__in": values}))
        except (ValueError, TypeError):
            return []
        label = field.label_from_instance if field else str
        return [(str(getattr(obj, key)), label(obj)) for obj in objects]

    def get_context(self, name, value, attrs):
        # Widget.get_context, not ChoiceWidget's: that one lists every choice.
        context = forms.Widget.get_context(self, name, value, attrs)
        widget = context["widget"]
        widget["search_url"] = self.search_url
        widget["selected"] = self._selected(value)
        widget["input_type"] = "checkbox" if self.allow_multiple_selected else "radio"
        widget["multiple"] = self.allow_multiple_selected
        widget["required"] = self.is_required
        return context

    def use_required_attribute(self, initial) -> bool:
        # Select's own check iterates the choices (the whole queryset); the server validates.
        return False

    def value_from_datadict(self, data, files, name):
        if self.allow_multiple_selected:
            getter = getattr(data, "getlist", None)
            return getter(name) if getter else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False if self.allow_multiple_selected else name not in data


class SearchSelectMultiple(SearchSelect):
    allow_multiple_selected = True


def attach(field: forms.ChoiceField, widget: SearchSelect) -> SearchSelect:
    """Give ``field`` the search ``widget``, with the field's choices and requiredness."""
    field.widget = widget
    widget.choices = field.choices
    widget.is_required = field.required
    return widget


def search_results(request, options: list[tuple[str, str]], *, more: bool = False) -> str:
    """The HTML a search URL answers: ``options`` as radios or check boxes named like the field."""
    context = {
        "name": request.GET.get("field", "")[:100],
        "input_type": "checkbox" if request.GET.get("multiple") == "1" else "radio",
        "options": options,
        "query": request.GET.get("q", ""),
        "more": more,
    }
    return render_to_string("core/widgets/search_results.html", context, request=request)


class ShortSelect(forms.Select):
    """A drop-down of a few fixed choices (a filter's kinds, statuses, sorts), written in Python:
    the same HTML as Django's ``select.html``, without its template include per option and per
    attribute (a filter form of six drop-downs took a quarter of its page's time)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        option["value"],
                        flatatt(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("\n".join(parts))  # every part went through format_html
