"""No lost update: one optimistic lock for every edit form of a shared object.

Two people may edit the same meeting, decision, task, organisation or programme at once. Each
such model has a ``version`` field (``models.PositiveIntegerField(default=1)``) that every save
through its service increments. The edit form carries the version it was read at and the values
it showed (``base``); the service refuses to write over a newer version unless the two edits
touch different fields, in which case both are kept (a field-by-field merge).

How to use it for a new model:

1. the model: ``version = models.PositiveIntegerField(default=1, editable=False)``;
2. the form: ``class ThingForm(VersionedForm, ModelForm)`` (a plain ``Form`` takes
   ``locked=thing``) — it adds the hidden ``version`` and ``lock_base`` fields; the view calls
   ``update_thing(user=..., thing=..., **form.lock(), **form.values())``;
3. the service, inside its ``transaction.atomic``::

       def update_thing(*, user, thing, version=None, base=None, **fields):
           fields = locking.check(thing, version=version, base=base, fields=fields)
           for name, value in fields.items():
               setattr(thing, name, value)
           thing.full_clean()
           locking.save(thing)

   ``check`` locks the row (``select_for_update``); when someone saved meanwhile it merges
   (their fields stay) or raises ``locking.Conflict`` (a ``ValidationError``, code
   ``"conflict"``) naming the fields that both people changed;
4. the view: on ``Conflict``, ``locking.keep_typed(form, exc)`` shows the form again with what
   was typed, the other person's saved value under each field in conflict, and the new version:
   saving again knowingly keeps this person's values and never reverts the other's fields.

``core.views_helpers.submit`` / ``form_page`` do step 4 themselves.

An object created on its first save (one per programme, e.g. the assessment): the form is given
the unsaved object (``locked=Thing(programme=...)``) and carries the version ``NEW``; the service
calls ``get_or_create(Thing, version=..., base=..., fields=..., programme=...)`` under the
model's unique constraint, so that when two people create it at once the second one is checked
against the first one's record (merged, or a ``Conflict`` with both versions) instead of writing
over it.
"""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

VERSION, BASE = "version", "lock_base"
NEW = 0  # the version a form shows for an object not created yet


class Conflict(ValidationError):
    """Someone saved the object since it was read, and changed some of the same fields."""

    def __init__(self, fields: dict[str, object], current=None):
        self.theirs = fields  # field name -> the value saved by the other person
        self.current = current  # the object as saved by the other person
        super().__init__(
            _(
                "Someone else saved this while you were editing it. Nothing was saved: your "
                "values are kept below, with theirs under each field you both changed. Save "
                "again to keep yours."
            ),
            code="conflict",
        )


def _norm(value):
    """A comparable form of a field's value (model instances by key, sets of keys, text)."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, QuerySet | list | tuple | set):
        items = [_norm(v) for v in value]
        return sorted(items, key=str)
    return value


def _field_value(obj, name: str):
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return sorted(getattr(obj, name).values_list("pk", flat=True))
    if field.is_relation:
        return getattr(obj, field.attname)
    return getattr(obj, name)


def _write_value(obj, name: str):
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return list(getattr(obj, name).all())
    return getattr(obj, name)


def check(obj, *, version: int | None, base: dict | None = None, fields: dict) -> dict:
    """Lock ``obj``'s row and return the values to write.

    When the row is still at ``version``: ``fields`` as they are. When someone saved since:
    ``Conflict`` if they changed a field this person changed too (or when ``base``, the values
    the form showed, is unknown); otherwise the fields this person left alone take the other
    person's saved values, and ``obj``'s other fields are refreshed, so that nothing of theirs
    is reverted. Nothing is checked when ``version`` is None (code, not a form)."""
    if version is None or obj.pk is None:
        return fields
    current = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
    if current.version == version:
        return fields
    if base is None:
        raise Conflict({name: _field_value(current, name) for name in fields}, current)
    mine = {n for n, value in fields.items() if n not in base or _norm(value) != base[n]}
    theirs = {n for n in fields if n in base and _norm(_field_value(current, n)) != base[n]}
    if mine & theirs:
        raise Conflict(
            {name: _field_value(current, name) for name in sorted(mine & theirs)}, current
        )
    for field in obj._meta.concrete_fields:
        if field.name not in fields and not field.primary_key:
            setattr(obj, field.attname, getattr(current, field.attname))
    obj.version = current.version
    return {n: (value if n in mine else _write_value(current, n)) for n, value in fields.items()}


def get_or_create(model, *, version: int | None, base: dict | None, fields: dict, **lookup):
    """The object ``lookup`` names (unique), created when missing, and the values to write
    (``check``): when the form read it missing (version ``NEW``) and someone created it since,
    their record is checked like any other save — merged, or a ``Conflict``."""
    obj, created = model._base_manager.get_or_create(**lookup)
    if created:
        return obj, fields
    return obj, check(obj, version=version, base=base, fields=fields)


def save(obj, **kwargs) -> None:
    """Save ``obj`` with its version incremented (in the database, so that no two saves get the
    same number), then read the new number back."""
    if obj.pk is None or obj._state.adding:
        obj.save(**kwargs)  # a new object starts at its default version
        return
    obj.version = F("version") + 1
    obj.save(**kwargs)
    obj.refresh_from_db(fields=["version"])


class VersionedForm(forms.Form):
    """A mixin for the edit form of a model with a ``version``: put it before ``ModelForm``."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    lock_base = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, locked=None, **kwargs):
        """``locked``: the object edited, for a plain ``Form`` (a ``ModelForm`` has its
        ``instance``)."""
        super().__init__(*args, **kwargs)
        instance = locked if locked is not None else getattr(self, "instance", None)
        self.locked_object = instance
        if instance is not None and not self.is_bound:
            if instance.pk:
                self.initial[VERSION] = instance.version
                self.initial[BASE] = self._encode_base(instance)
            elif locked is not None:  # created on its first save (``get_or_create``)
                self.initial[VERSION] = NEW
                self.initial[BASE] = self._encode_base(instance)

    def _edited(self) -> list[str]:
        return [name for name in self.fields if name not in (VERSION, BASE)]

    def _encode_base(self, instance) -> str:
        values = {}
        for name in self._edited():
            try:
                values[name] = _field_value(instance, name)
            except Exception:  # noqa: BLE001 - a form field that is not a model field
                continue
        return json.dumps(values, cls=DjangoJSONEncoder)

    def base(self) -> dict | None:
        raw = self.data.get(self.add_prefix(BASE)) if self.is_bound else None
        if not raw:
            return None
        try:
            values = json.loads(raw)
        except ValueError:
            return None
        if not isinstance(values, dict):  # not what the page sent: read as unknown
            return None
        out = {}
        for name, value in values.items():
            field = self.fields.get(name)
            if field is None:
                continue
            try:
                out[name] = _norm(field.clean(field.prepare_value(value)))
            except ValidationError:
                out[name] = value
        return out

    def changes(self) -> dict:
        """The cleaned values this person changed from what the form showed them."""
        base = self.base()
        cleaned = {
            name: self.cleaned_data[name] for name in self._edited() if name in self.cleaned_data
        }
        if base is None:
            return cleaned
        return {
            name: value
            for name, value in cleaned.items()
            if name not in base or _norm(value) != base[name]
        }

    def values(self) -> dict:
        """Every edited field's cleaned value (the service's ``locking.check`` sorts out which
        ones this person changed)."""
        return {n: self.cleaned_data[n] for n in self._edited() if n in self.cleaned_data}

    def lock(self) -> dict:
        """``version`` and ``base`` for the service's ``locking.check``."""
        return {"version": self.cleaned_data.get(VERSION), "base": self.base()}


THEIR_VALUE = gettext_lazy("Saved meanwhile by someone else: “%(value)s”.")


def _display(form, name: str, value) -> str:
    field = form.fields.get(name)
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(str(o) for o in field.queryset.filter(pk__in=value or [])) or "—"
    if isinstance(field, forms.ModelChoiceField):
        return str(field.queryset.filter(pk=value).first() or "—")
    if hasattr(field, "choices") and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value)) if value not in (None, "") else "—"
    if isinstance(value, list | tuple):
        return " / ".join(str(v) for v in value) or "—"
    return str(value) if value not in (None, "") else "—"


def keep_typed(form: VersionedForm, exc: Conflict) -> None:
    """Show the form again after a conflict: what was typed stays, the other person's value is
    shown under each field in conflict, and the version and base become the current ones, so
    that saving again keeps this person's values without reverting anyone else's fields."""
    instance = form.locked_object
    current = exc.current or type(instance)._base_manager.get(pk=instance.pk)
    form.locked_object = current
    typed = form.changes()
    data = form.data.copy()
    for name in form._edited():
        if name in typed:
            continue  # what this person typed
        try:
            value = form.fields[name].prepare_value(_field_value(current, name))
        except Exception:  # noqa: BLE001 - a form field that is not a model field
            continue
        key = form.add_prefix(name)
        if isinstance(value, list | tuple):
            data.setlist(key, [str(v) for v in value])
        elif isinstance(value, bool):
            data[key] = "on" if value else ""
        else:
            data[key] = "" if value is None else str(value)
    data[form.add_prefix(VERSION)] = str(current.version)
    data[form.add_prefix(BASE)] = form._encode_base(current)
    form.data = data
    form.add_error(None, exc)
    for name, value in exc.theirs.items():
        if name in form.fields:
            form.add_error(name, THEIR_VALUE % {"value": _display(form, name, value)})
