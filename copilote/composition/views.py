"""Composition pages (lead only). Thin: parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from copilote.composition import selectors, services
from copilote.composition.forms import AcceptForm, MoveForm, ProposeForm
from copilote.composition.models import RunStatus
from copilote.programmes.access import programme_view

COMPOSE = "composition.compose"
POLL_SECONDS = 1


def _args(programme) -> dict:
    return {"territory": programme.territory.slug, "programme": programme.slug}


def _proposal(programme, pk: int):
    proposal = get_object_or_404(programme.composition_proposals, pk=pk)
    proposal.programme = programme
    return proposal


def _to_proposal(proposal, anchor: str = ""):
    response = redirect("composition:proposal", **_args(proposal.programme), pk=proposal.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@programme_view(COMPOSE)
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest, programme) -> HttpResponse:
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.request_proposal(
                user=request.user,
                programme=programme,
                time_limit=float(form.cleaned_data["time_limit"]),
                move_confirmed=form.cleaned_data["move_confirmed"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            proposal.programme = programme
            return _to_proposal(proposal)
    return render(
        request,
        "composition/index.html",
        {
            "programme": programme,
            "form": form,
            "groups": selectors.side_by_side(programme, None),
            "proposals": list(selectors.recent_proposals(programme)),
        },
    )


@programme_view(COMPOSE)
def proposal(request: HttpRequest, programme, pk: int) -> HttpResponse:
    proposal = _proposal(programme, pk)
    if services.is_lost(proposal):
        proposal.status = RunStatus.FAILED
        proposal.error = _("The computation stopped before its end.")
    is_htmx = bool(getattr(request, "htmx", False))
    if is_htmx and not proposal.waiting:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = request.get_full_path()
        return response
    context = {
        "programme": programme,
        "proposal": proposal,
        "poll_seconds": POLL_SECONDS,
        "progress": services.progress(proposal),
        "groups": [] if proposal.waiting else selectors.side_by_side(programme, proposal),
        "left_out": proposal.explanation.get("left_out", []) if proposal.found else [],
        "group_choices": [
            (g["id"], g["label"] or g["id"]) for g in proposal.problem.get("groups", [])
        ],
        "form": ProposeForm(initial={"time_limit": int(proposal.time_limit)}),
    }
    if is_htmx:
        return render(request, "composition/proposal.html#progress", context)
    return render(request, "composition/proposal.html", context)


@programme_view(COMPOSE)
@require_POST
def move(request: HttpRequest, programme, pk: int) -> HttpResponse:
    proposal = _proposal(programme, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.move(
                user=request.user,
                proposal=proposal,
                candidate_id=form.cleaned_data["candidate"],
                group_id=form.cleaned_data["group"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The proposal was adjusted."))
    else:
        messages.error(request, _("Choose a person and a group."))
    return _to_proposal(
        proposal, f"group-{form.data.get('group')}" if form.data.get("group") else "left-out"
    )


@programme_view(COMPOSE)
@require_POST
def accept(request: HttpRequest, programme, pk: int) -> HttpResponse:
    proposal = _proposal(programme, pk)
    form = AcceptForm(request.POST)
    group = form.data.get("group") or None if form.is_valid() else None
    try:
        services.accept(user=request.user, proposal=proposal, groups=[group] if group else None)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The group was composed as proposed.")
            if group
            else _("The groups were composed as proposed."),
        )
    return _to_proposal(proposal, f"group-{group}" if group else "")
