"""Calendar pages: the Gantt, steps, back-planning, feeds, date polls. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit
from django_scopes import scope, scopes_disabled

from copilote.core.forms import add_service_errors
from copilote.core.lists import capped
from copilote.core.views_helpers import delete_page, form_page, submit
from copilote.planning import backplan, dated, ics, selectors, services, tasks
from copilote.planning.forms import AnswerForm, MilestoneForm, PlanForm, PollForm
from copilote.planning.models import CalendarFeed, Milestone, Poll, PollVoter
from copilote.programmes.access import programme_view
from copilote.programmes.models import Programme

POLL_SALT = "copilote.planning.poll"


def _to(name: str, programme: Programme, **kwargs):
    return redirect(name, territory=programme.territory.slug, programme=programme.slug, **kwargs)


@programme_view("planning.view_calendar")
def calendar(request: HttpRequest, programme: Programme) -> HttpResponse:
    """The calendar as the user's own feed holds it: a facilitator or a participant sees their
    groups' meetings, not every group's. Rendered once per content version (the template's
    fragment cache): the reads run only when the fragment is not in the cache."""
    audiences = dated.audiences_of(programme, request.user)
    context = {
        "programme": programme,
        "cache_key": selectors.page_key(programme, audiences=audiences, today=timezone.localdate()),
        "cache_seconds": selectors.PAGE_CACHE_SECONDS,
        "calendar": SimpleLazyObject(lambda: selectors.page(programme, audiences=audiences)),
        "steps": SimpleLazyObject(lambda: capped(programme.milestones.order_by("start", "id"), 12)),
    }
    return render(request, "planning/calendar.html", context)


@programme_view("planning.change_calendar")
def milestones(request: HttpRequest, programme: Programme) -> HttpResponse:
    from django.core.paginator import Paginator

    rows = programme.milestones.select_related("phase").order_by("start", "id")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "planning/milestones.html", {"programme": programme, "page": page})


@programme_view("planning.change_calendar")
@require_http_methods(["GET", "POST"])
def milestone_form(request: HttpRequest, programme: Programme, pk: int | None = None):
    milestone = get_object_or_404(programme.milestones, pk=pk) if pk else None
    form = MilestoneForm(request.POST or None, instance=milestone, programme=programme)
    return form_page(
        request,
        programme,
        form,
        save=lambda: services.save_milestone(
            user=request.user, programme=programme, milestone=milestone, **form.cleaned_data
        ),
        success=_("The step was saved."),
        title=_("Edit the step") if pk else _("Add a step"),
        back="planning:calendar",
    )


@programme_view("planning.change_calendar")
@require_http_methods(["GET", "POST"])
def milestone_delete(request: HttpRequest, programme: Programme, pk: int) -> HttpResponse:
    milestone = get_object_or_404(programme.milestones, pk=pk)
    return delete_page(
        request,
        programme,
        milestone,
        delete=lambda: services.delete_milestone(user=request.user, milestone=milestone),
        success=_("The step “%(title)s” was deleted.") % {"title": milestone.title},
        back="planning:calendar",
    )


@programme_view("planning.change_calendar")
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, programme: Programme) -> HttpResponse:
    """Back-planning: a target date gives a proposal; the lead adjusts it and confirms. Nothing
    changes before the confirmation."""
    initial = {
        "meetings_per_group": programme.meetings_per_group
        if programme.meetings_per_group >= 4
        else 3,
        "anchor": "restitution",
    }
    # From the « new experimentation » steps, the target date comes in the query: propose at once.
    data = request.POST or (request.GET if "target" in request.GET else None)
    form = PlanForm(data, initial=initial)
    steps, baseline_default = None, not programme.milestones.exclude(planned=None).exists()
    if data is not None and form.is_valid():
        try:
            frame = services.calendar_frame(programme)
            steps = backplan.propose(frame, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        if steps and request.method == "POST" and request.POST.get("action") == "confirm":
            errors = _adjusted(request, steps)
            if errors:
                for error in errors:
                    form.add_error(None, error)
            else:
                try:
                    services.apply_plan(
                        user=request.user,
                        programme=programme,
                        steps=steps,
                        baseline=bool(request.POST.get("baseline")),
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("The calendar was planned."))
                    return _to("planning:calendar", programme)
    context = {
        "programme": programme,
        "form": form,
        "steps": steps,
        "baseline_default": baseline_default,
    }
    return render(request, "planning/plan.html", context)


def _adjusted(request, steps) -> list[str]:
    """The lead's adjustments of the proposed dates (``date-<key>`` fields)."""
    import datetime as dt

    errors = []
    for step in steps:
        value = request.POST.get(f"date-{step.key}", "")
        if not value:
            continue
        try:
            step.date = dt.date.fromisoformat(value)
        except ValueError:
            errors.append(_("The date of “%(step)s” is not a date.") % {"step": step.title})
    return errors


# Feeds -----------------------------------------------------------------------------------------


@programme_view("planning.view_calendar")
def feeds(request: HttpRequest, programme: Programme) -> HttpResponse:
    can_manage = request.user.has_perm("planning.manage_feed", programme)
    programme_feed = services.feed_for(programme=programme) if can_manage else None
    user_feed = services.feed_for(user=request.user)
    context = {
        "programme": programme,
        "can_manage": can_manage,
        "programme_url": programme_feed
        and request.build_absolute_uri(reverse("calendar_feed", args=[programme_feed.token])),
        "user_url": request.build_absolute_uri(reverse("calendar_feed", args=[user_feed.token])),
    }
    return render(request, "planning/feeds.html", context)


@programme_view("planning.manage_feed")
@require_POST
def feed_regenerate(request: HttpRequest, programme: Programme) -> HttpResponse:
    services.regenerate_feed(user=request.user, programme=programme)
    messages.success(request, _("A new address was made: the old one no longer works."))
    return _to("planning:feeds", programme)


@login_required
@require_POST
def my_feed_regenerate(request: HttpRequest) -> HttpResponse:
    services.regenerate_feed(user=request.user)
    messages.success(request, _("A new address was made: the old one no longer works."))
    return redirect(request.POST.get("next") if _safe(request) else "home")


def _safe(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    return url_has_allowed_host_and_scheme(
        request.POST.get("next"), allowed_hosts={request.get_host()}
    )


@ratelimit(key="ip", rate="120/m", block=True)
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The ICS of a programme or of a user: the secret address is the only credential."""
    with scopes_disabled():
        feed = (
            CalendarFeed.objects.select_related("programme__territory", "user")
            .filter(token=token)
            .first()
        )
    if feed is None:
        raise Http404
    entries = []
    if feed.programme is not None:
        programmes = [feed.programme]
        name = feed.programme.name
    else:
        from copilote.programmes.selectors import programmes_for

        programmes = list(programmes_for(feed.user))
        name = _("Copilote – my calendar")
    for programme in programmes:
        with scope(territory=programme.territory):
            audiences = None if feed.programme else dated.audiences_of(programme, feed.user)
            items = selectors.timeline(programme, audiences=audiences)
            entries += [(programme, item) for item in items]
    with scopes_disabled():
        content = ics.render(entries, name=name, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendrier.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


# Date polls ------------------------------------------------------------------------------------


@programme_view("planning.run_polls")
def polls(request: HttpRequest, programme: Programme) -> HttpResponse:
    from django.core.paginator import Paginator

    page = Paginator(programme.polls.select_related("chosen"), 25).get_page(request.GET.get("page"))
    return render(request, "planning/polls.html", {"programme": programme, "page": page})


@programme_view("planning.run_polls")
@require_http_methods(["GET", "POST"])
def poll_add(request: HttpRequest, programme: Programme) -> HttpResponse:
    targets = selectors.poll_targets(programme)
    initial = {"voters": "\n".join(_member_lines(programme))}
    form = PollForm(request.POST or None, targets=targets, initial=initial)
    kinds = {key: key.split("-")[0] for key, _label in targets}
    poll = submit(
        request,
        form,
        lambda: services.create_poll(
            user=request.user,
            programme=programme,
            target_kind="committee"
            if kinds.get(form.cleaned_data["target"]) == "committee"
            else "group_meeting",
            **form.cleaned_data,
        ),
        _("The poll was created and the invitations are being sent."),
    )
    if poll:
        tasks.send_poll_invitations.enqueue(poll.pk, request.build_absolute_uri("/"))
        return _to("planning:poll", programme, pk=poll.pk)
    context = {
        "programme": programme,
        "form": form,
        "targets": targets,
        "title": _("New date poll"),
        "back": "planning:polls",
    }
    return render(request, "planning/poll_form.html", context)


def _member_lines(programme) -> list[str]:
    members = programme.memberships.filter(role__in=("lead", "committee")).select_related("user")
    return [
        f"{m.user.get_full_name() or m.user.username} <{m.user.email}>"
        for m in members
        if m.user.email
    ]


@programme_view("planning.run_polls")
def poll(request: HttpRequest, programme: Programme, pk: int) -> HttpResponse:
    poll = get_object_or_404(programme.polls.select_related("chosen"), pk=pk)
    results, rows = selectors.poll_results(poll)
    context = {
        "programme": programme,
        "poll": poll,
        "results": results,
        "rows": rows,
        "open": services.is_open(poll),
    }
    return render(request, "planning/poll.html", context)


@programme_view("planning.run_polls")
@require_POST
def poll_choose(request: HttpRequest, programme: Programme, pk: int) -> HttpResponse:
    poll = get_object_or_404(programme.polls, pk=pk)
    slot = get_object_or_404(poll.slots, pk=request.POST.get("slot") or 0)
    try:
        services.choose_slot(user=request.user, poll=poll, slot=slot)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        tasks.send_poll_choice.enqueue(poll.pk, request.build_absolute_uri("/"))
        messages.success(
            request,
            _("The date is set: %(slot)s. The invitations are being sent.") % {"slot": slot},
        )
    return _to("planning:poll", programme, pk=poll.pk)


def voter_token(voter: PollVoter) -> str:
    return signing.dumps(voter.pk, salt=POLL_SALT, compress=True)


@ratelimit(key="ip", rate="60/m", block=True)
@require_http_methods(["GET", "POST"])
def poll_answer(request: HttpRequest, token: str) -> HttpResponse:
    """A person asked answers from their signed link, without an account."""
    try:
        pk = signing.loads(token, salt=POLL_SALT)
    except signing.BadSignature:
        raise Http404 from None
    with scopes_disabled():
        voter = (
            PollVoter.objects.select_related("poll__programme__territory", "poll__chosen")
            .filter(pk=pk)
            .first()
        )
    if voter is None:
        raise Http404
    poll_ = voter.poll
    with scope(territory=poll_.programme.territory):
        slots = list(poll_.slots.all())
        previous = dict(voter.answers.values_list("slot_id", "answer"))
        form = AnswerForm(
            request.POST or None,
            slots=slots,
            initial_answers=previous,
            initial={"comment": voter.comment},
        )
        is_open = services.is_open(poll_)
        saved = submit(
            request,
            form,
            lambda: services.answer_poll(
                voter=voter, answers=form.answers(), comment=form.cleaned_data["comment"]
            ),
            _("Thank you: your answer was saved. You may change it until the deadline."),
        )
        if saved:
            return redirect("poll_answer", token=token)
        context = {
            "poll": poll_,
            "voter": voter,
            "form": form,
            "open": is_open,
            "now": timezone.now(),
        }
        return render(request, "planning/poll_answer.html", context)


__all__ = ["Milestone", "Poll"]
