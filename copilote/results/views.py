"""Action pages. Thin: parse, call one selector or service, render."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit
from django_scopes import scope

from copilote.core import versions
from copilote.core.lists import capped
from copilote.core.views_helpers import delete_page, form_page, row_url
from copilote.programmes.access import programme_view
from copilote.programmes.models import Programme, Territory
from copilote.results import selectors, services
from copilote.results.forms import ActionForm, ProgressForm, ProposalsForm, ReferentForm, StepForm

VIEW = "results.view_actions"
CHANGE = "results.change_actions"
PER_GROUP = 5  # the kit retains two actions per group
MAX_ORIGINS = 6  # groups shown on the actions page; the others through « every action »
CACHE_SECONDS = 24 * 3600
PER_PAGE = 25


def _args(programme) -> dict:
    return {"territory": programme.territory.slug, "programme": programme.slug}


def _with_urls(actions: list, programme) -> list:
    """The actions, each with its page's ``url`` (reversed once for the list)."""
    url = row_url("results:action", **_args(programme))
    for found in actions:
        found.url = url(found.pk)
    return actions


def _action(programme, pk: int):
    return get_object_or_404(selectors.actions(programme), pk=pk)


def _to_action(action, anchor: str = ""):
    url = reverse("results:action", kwargs={**_args(action.programme), "pk": action.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


@programme_view(VIEW)
def index(request: HttpRequest, programme) -> HttpResponse:
    # The template keeps the groups' tables and whether proposals wait per content version: they
    # are read only when the cache misses.
    def read():
        board = selectors.capped_by_group(programme, per_origin=PER_GROUP, max_origins=MAX_ORIGINS)
        _with_urls([a for origin in board.origins for a in origin.shown], programme)
        return board

    board = SimpleLazyObject(read)
    can_change = request.user.has_perm(CHANGE, programme)
    return render(
        request,
        "results/index.html",
        {
            "programme": programme,
            "board": board,
            "version": versions.content_version(programme.territory_id),
            "cache_seconds": CACHE_SECONDS,
            "proposals": SimpleLazyObject(lambda: selectors.pending_proposals(programme, limit=1)),
            "can_change": can_change,
        },
    )


@programme_view(VIEW)
def all_actions(request: HttpRequest, programme) -> HttpResponse:
    rows = selectors.listed(programme).order_by("group__position", "group_id", "position", "id")
    slug = request.GET.get("groupe", "")
    if slug:
        rows = rows.filter(group__slug=slug) if slug != "transverse" else rows.filter(group=None)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = _with_urls(list(page.object_list), programme)
    return render(
        request,
        "results/all.html",
        {"programme": programme, "page": page, "query": f"groupe={slug}" if slug else ""},
    )


@programme_view(VIEW)
def action(request: HttpRequest, programme, pk: int) -> HttpResponse:
    found = _action(programme, pk)
    can_change = request.user.has_perm(CHANGE, programme)
    return render(
        request,
        "results/action.html",
        {
            "programme": programme,
            "action": found,
            "needs_referent": selectors.needs_referent(found),
            "updates": capped(found.updates.all(), 10),
            "can_change": can_change,
            "progress_form": ProgressForm() if can_change else None,
        },
    )


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def action_form(request: HttpRequest, programme, pk: int | None = None) -> HttpResponse:
    found = _action(programme, pk) if pk else None
    initial = {}
    if found:
        fields = ("title", "description", "group", "status", "carrier", "carrier_confirmed")
        initial = {f: getattr(found, f) for f in fields}
        initial.update(indicators=found.indicators, public=found.public)
    form = ActionForm(request.POST or None, initial=initial, programme=programme, locked=found)
    back = (
        reverse("results:action", kwargs={**_args(programme), "pk": found.pk})
        if found
        else reverse("results:index", kwargs=_args(programme))
    )
    return form_page(
        request,
        programme,
        form,
        save=lambda: services.save_action(
            user=request.user,
            programme=programme,
            action=found,
            **form.lock(),
            **form.values(),
        ),
        success=_("The action was saved."),
        title=_("Edit the action") if found else _("Add an action"),
        back=back,
        done=_to_action,
    )


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def action_delete(request: HttpRequest, programme, pk: int) -> HttpResponse:
    found = _action(programme, pk)
    return delete_page(
        request,
        programme,
        found,
        delete=lambda: services.delete_action(user=request.user, action=found),
        success=_("The action was deleted."),
        back="results:index",
    )


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def referent_add(request: HttpRequest, programme, pk: int) -> HttpResponse:
    found = _action(programme, pk)
    form = ReferentForm(request.POST or None, programme=programme)
    return form_page(
        request,
        programme,
        form,
        save=lambda: services.add_referent(user=request.user, action=found, **form.cleaned_data),
        success=_("The referent was added."),
        title=_("Add a referent to “%(action)s”") % {"action": found.title},
        back=reverse("results:action", kwargs={**_args(programme), "pk": found.pk}),
        done=lambda _result: _to_action(found, "referents"),
    )


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def referent_remove(request: HttpRequest, programme, pk: int, referent: int) -> HttpResponse:
    found = _action(programme, pk)
    target = get_object_or_404(found.referents.all(), pk=referent)
    response = delete_page(
        request,
        programme,
        target,
        delete=lambda: services.remove_referent(user=request.user, referent=target),
        success=_("The referent was removed."),
        back="results:index",
    )
    if request.method == "POST" and response.status_code == 302:
        return _to_action(found, "referents")
    return response


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def step_form(request: HttpRequest, programme, pk: int, step: int | None = None) -> HttpResponse:
    found = _action(programme, pk)
    target = get_object_or_404(found.steps.all(), pk=step) if step else None
    initial = {"what": target.what, "due": target.due, "done": target.done} if target else {}
    form = StepForm(request.POST or None, initial=initial)
    return form_page(
        request,
        programme,
        form,
        save=lambda: services.save_step(
            user=request.user, action=found, step=target, **form.cleaned_data
        ),
        success=_("The step was saved."),
        title=_("Edit the step") if target else _("Add a first step"),
        back=reverse("results:action", kwargs={**_args(programme), "pk": found.pk}),
        done=lambda _result: _to_action(found, "steps"),
    )


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def progress_add(request: HttpRequest, programme, pk: int) -> HttpResponse:
    found = _action(programme, pk)
    form = ProgressForm(request.POST or None)
    return form_page(
        request,
        programme,
        form,
        save=lambda: services.add_progress(user=request.user, action=found, **form.cleaned_data),
        success=_("The progress was recorded."),
        title=_("Record progress on “%(action)s”") % {"action": found.title},
        back=reverse("results:action", kwargs={**_args(programme), "pk": found.pk}),
        done=lambda _result: _to_action(found, "progress"),
    )


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def from_proposals(request: HttpRequest, programme) -> HttpResponse:
    queryset = selectors.pending_proposals(programme)
    if queryset is None:
        raise Http404
    form = ProposalsForm(request.POST or None, queryset=queryset)
    return form_page(
        request,
        programme,
        form,
        save=lambda: services.actions_from_proposals(
            user=request.user, programme=programme, proposals=form.cleaned_data["proposals"]
        ),
        success=_("The proposals are now actions looking for a referent."),
        title=_("Turn the working groups’ proposals into actions"),
        back="results:index",
    )


@ratelimit(key="ip", rate="60/m", block=True)
def public(request: HttpRequest, territory: str, programme: str) -> HttpResponse:
    """The results for everyone: only the actions the lead published (404 when there is none)."""
    territory_obj = get_object_or_404(Territory, slug=territory)
    with scope(territory=territory_obj):
        programme_obj = get_object_or_404(Programme, territory=territory_obj, slug=programme)
        origins = selectors.by_group(programme_obj, public_only=True)
        if not origins:
            raise Http404
        return render(
            request,
            "results/public.html",
            {"public_programme": programme_obj, "origins": origins},
        )
