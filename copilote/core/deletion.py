"""What a deletion would take with it, and deletions refused before they harm.

Organisations, contacts and networks belong to the territory and are shared by its programmes;
a deletion started in one programme must not silently take another programme's data with it
(a mobilisation, its exchanges, a committee seat). Django's own ``Collector`` tells what a
deletion would cascade to, before anything is deleted:

- ``consequences(obj)``: what else goes, as ``[(label, count)]``, for the confirmation page;
- ``check_deletion(obj, programme=...)``: a French ``ValidationError`` when the deletion is
  blocked (a protected relation: « still used by … ») or would touch another programme
  (naming it);
- ``delete(obj, programme=...)``: both checks, then the deletion (inside the caller's
  transaction).

Any model with a ``programme`` foreign key is recognised, so apps added later are covered
without registering anything.
"""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils.text import capfirst
from django.utils.translation import gettext as _

MAX_NAMED = 5


def _collector(obj) -> Collector:
    collector = Collector(using=router.db_for_write(type(obj), instance=obj), origin=obj)
    collector.collect([obj])
    return collector


def _blocked(obj, exc: ProtectedError | RestrictedError) -> ValidationError:
    objects = list(
        exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
    )
    named = [f"{capfirst(str(type(o)._meta.verbose_name))} « {o} »" for o in objects[:MAX_NAMED]]
    if len(objects) > MAX_NAMED:
        named.append(_("and %(count)s more") % {"count": len(objects) - MAX_NAMED})
    return ValidationError(
        _(
            "“%(name)s” cannot be deleted: it is still used by %(uses)s. Change or delete "
            "those first."
        )
        % {"name": obj, "uses": ", ".join(named)},
        code="protected",
    )


def _has_programme(model) -> bool:
    try:
        field = model._meta.get_field("programme")
    except Exception:  # noqa: BLE001 - FieldDoesNotExist and reverse relations alike
        return False
    return bool(getattr(field, "many_to_one", False))


def _programme_ids(collector: Collector) -> set[int]:
    ids: set[int] = set()
    for model, instances in collector.data.items():
        if _has_programme(model):
            ids.update(i.programme_id for i in instances if i.programme_id)
    for queryset in collector.fast_deletes:
        if _has_programme(queryset.model):
            ids.update(queryset.values_list("programme_id", flat=True).distinct())
    return ids


def consequences(obj) -> list[tuple[str, int]]:
    """What else the deletion of ``obj`` deletes: (verbose name, count), largest first; links of
    many-to-many fields are left out (they go with the object and hold nothing else)."""
    try:
        collector = _collector(obj)
    except (ProtectedError, RestrictedError):
        return []
    counts: Counter = Counter()
    for model, instances in collector.data.items():
        if model._meta.auto_created:
            continue
        counts[model] += len([i for i in instances if not (model is type(obj) and i.pk == obj.pk)])
    for queryset in collector.fast_deletes:
        if not queryset.model._meta.auto_created:
            counts[queryset.model] += queryset.count()
    return [
        (str(model._meta.verbose_name_plural if n > 1 else model._meta.verbose_name), n)
        for model, n in counts.most_common()
        if n
    ]


def check_deletion(obj, *, programme=None) -> None:
    """Refuse (``ValidationError``, French) a deletion that is blocked or, when ``programme`` is
    given, that would delete data of another programme."""
    try:
        collector = _collector(obj)
    except (ProtectedError, RestrictedError) as exc:
        raise _blocked(obj, exc) from exc
    if programme is None:
        return
    others = _programme_ids(collector) - {programme.pk}
    if others:
        model = type(programme)
        names = sorted(str(p) for p in model._base_manager.filter(pk__in=others))
        raise ValidationError(
            _(
                "“%(name)s” cannot be deleted from here: the experimentation(s) %(programmes)s "
                "also follow it and would lose their data. Remove it from those first, or ask "
                "their lead."
            )
            % {"name": obj, "programmes": ", ".join(f"« {n} »" for n in names)},
            code="other_programme",
        )


def delete(obj, *, programme=None) -> None:
    """``check_deletion`` then delete ``obj`` (call inside the service's transaction)."""
    check_deletion(obj, programme=programme)
    try:
        obj.delete()
    except (ProtectedError, RestrictedError) as exc:  # changed meanwhile
        raise _blocked(obj, exc) from exc
