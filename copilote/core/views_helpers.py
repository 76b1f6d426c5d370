"""The usual shapes of a page that writes: a form page, a confirmed deletion, a form submission.

How a programme page finds its programme (scope, membership, permission) is
``copilote.programmes.access.programme_view``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from copilote.core import deletion, locking
from copilote.core.forms import DeleteForm, add_service_errors


def _back(programme, back: str):
    """``back``: a page's URL (« /t/… ») or the name of a programme page."""
    if back.startswith("/"):
        return redirect(back)
    return redirect(back, territory=programme.territory.slug, programme=programme.slug)


def _back_url(programme, back: str) -> str:
    return _back(programme, back).url


def submit(request, form, save: Callable[[], object], success: str):
    """Handle a form's POST: when the form is valid, ``save()`` calls a service; a refusal of the
    service is shown on the form (nothing typed is lost), a success gives ``success`` as message.

    Returns the service's result (``True`` when it returns nothing), or ``None`` when nothing was
    saved (a GET, an invalid form or a refusal).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save()
    except locking.Conflict as exc:
        locking.keep_typed(form, exc)  # typed values kept, theirs shown, new version
        return None
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, success)
    return True if result is None else result


def form_page(
    request,
    programme,
    form,
    *,
    save: Callable[[], object],
    success: str,
    title: str,
    back: str,
    done: Callable[[object], HttpResponse] | None = None,
    **extra,
) -> HttpResponse:
    """The usual edit page: on a valid POST, ``save()`` calls a service; its refusals are shown
    on the form (nothing typed is lost); on success, a message and back to the ``back`` page, or
    the response ``done(result)`` gives (e.g. the page of what was created).

    ``back``: where « Annuler » goes, a URL or the name of a programme page. ``extra``: more of
    ``core/object_form.html``'s context (``intro``, ``submit_label``)."""
    result = submit(request, form, save, success)
    if result:
        return done(result) if done else _back(programme, back)
    context = {
        "programme": programme,
        "form": form,
        "title": title,
        "back": back,
        "back_url": _back_url(programme, back),
        **extra,
    }
    return render(request, "core/object_form.html", context)


def delete_page(
    request, programme, obj, *, delete: Callable[[], object], success: str, back: str
) -> HttpResponse:
    """Deletion behind an explicit confirmation; a service's refusal is shown as an error.

    ``back``: where to go after (and on « Annuler »): a URL, or the name of a programme page."""
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            delete()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, success)
        return _back(programme, back)
    context = {
        "programme": programme,
        "form": form,
        "object": obj,
        "back": back,
        "cancel_url": _back_url(programme, back),
        "consequences": deletion.consequences(obj),
    }
    return render(request, "core/confirm_delete.html", context)


def row_url(viewname: str, key: str = "pk", **kwargs) -> Callable[[object], str]:
    """``viewname``'s URL for the rows of a list, reversed once for the whole list: ``kwargs``
    are the same for every row, ``key`` (an ``<int:…>`` or ``<slug:…>`` argument) is the row's.

        cancel_url = row_url("events:registration_cancel", **args, slug=event.slug)
        rows = [{**r, "cancel_url": cancel_url(r["pk"])} for r in rows]
    """
    marker = 987654321
    head, tail = reverse(viewname, kwargs={**kwargs, key: marker}).rsplit(str(marker), 1)
    return lambda value: f"{head}{value}{tail}"
