"""How every programme page finds its objects: scope, membership, permission.

``programme_view`` loads the territory and programme named in the URL, activates the territory
scope for the whole request, answers 404 to anyone who is not a member (another territory's
objects do not exist for them), and checks the view's permission on the programme.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django_scopes import scope

from copilote.core.forms import DeleteForm, add_service_errors
from copilote.programmes.models import Programme, Territory


def programme_view(perm: str = "programmes.view_programme"):
    def decorator(view):
        @login_required
        @functools.wraps(view)
        def wrapper(request, territory: str, programme: str, **kwargs):
            territory_obj = get_object_or_404(Territory, slug=territory)
            with scope(territory=territory_obj):
                programme_obj = get_object_or_404(
                    Programme.objects.select_related("territory", "sponsor"),
                    territory=territory_obj,
                    slug=programme,
                )
                if not request.user.has_perm("programmes.view_programme", programme_obj):
                    raise Http404
                if not request.user.has_perm(perm, programme_obj):
                    raise PermissionDenied
                request.programme = programme_obj
                return view(request, programme_obj, **kwargs)

        return wrapper

    return decorator


def _back(programme, back: str):
    return redirect(back, territory=programme.territory.slug, programme=programme.slug)


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
) -> HttpResponse:
    """The usual edit page: on a valid POST, ``save()`` calls a service; its refusals are shown
    on the form (nothing typed is lost); on success, a message and back to the ``back`` page."""
    if submit(request, form, save, success):
        return _back(programme, back)
    context = {"programme": programme, "form": form, "title": title, "back": back}
    return render(request, "core/object_form.html", context)


def delete_page(
    request, programme, obj, *, delete: Callable[[], object], success: str, back: str
) -> HttpResponse:
    """Deletion behind an explicit confirmation; a service's refusal is shown as an error."""
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            delete()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, success)
        return _back(programme, back)
    context = {"programme": programme, "form": form, "object": obj, "back": back}
    return render(request, "core/confirm_delete.html", context)
