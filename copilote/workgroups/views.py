"""Working group pages. Thin: parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit
from django_scopes import scope

from copilote.core.lists import page_number
from copilote.core.views_helpers import delete_page, form_page, row_url, submit
from copilote.core.widgets import search_results
from copilote.documents.delivery import deliver
from copilote.programmes.access import programme_view
from copilote.programmes.models import Programme, Territory
from copilote.workgroups import selectors, services, sources
from copilote.workgroups.forms import (
    CandidateForm,
    ColeadForm,
    GroupForm,
    MeetingForm,
    MinutesForm,
    PlaceForm,
    ProposalForm,
)
from copilote.workgroups.models import Candidate, GroupMeeting

VIEW = "workgroups.view_groups"
CHANGE = "workgroups.change_groups"
PER_PAGE = 50
CANDIDATES_PER_PAGE = 25  # each row may carry its placing form
GROUPS_PER_PAGE = 20


def _args(programme) -> dict:
    return {"territory": programme.territory.slug, "programme": programme.slug}


def _group(request, programme, slug: str, perm: str = "workgroups.view_group"):
    group = get_object_or_404(programme.working_groups.select_related("theme"), slug=slug)
    group.programme = programme
    if not request.user.has_perm(perm, group):
        raise PermissionDenied
    return group


def _meeting(request, programme, slug: str, number: int, perm: str = "workgroups.view_group"):
    group = _group(request, programme, slug, perm)
    meeting = get_object_or_404(group.meetings, number=number)
    meeting.group = group
    return meeting


def _to_group(group, anchor: str = ""):
    response = redirect("workgroups:group", **_args(group.programme), slug=group.slug)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _to_meeting(meeting, anchor: str = ""):
    response = redirect(
        "workgroups:meeting",
        **_args(meeting.group.programme),
        slug=meeting.group.slug,
        number=meeting.number,
    )
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


# Groups ----------------------------------------------------------------------------------------


@programme_view(VIEW)
def index(request: HttpRequest, programme) -> HttpResponse:
    can_change = request.user.has_perm(CHANGE, programme)
    number = page_number(request.GET.get("page"))

    def read():
        page = Paginator(
            selectors.visible_groups(request.user, programme), GROUPS_PER_PAGE
        ).get_page(number)
        shown = list(page.object_list)
        table = selectors.kit_table(programme, shown) if can_change else None
        return {"page": page, "groups": shown, "table": table}

    # The template keeps the page per content version and reader: read only when it misses.
    data = SimpleLazyObject(read)
    data_names = ("page", "groups", "table")
    return render(
        request,
        "workgroups/index.html",
        {
            "programme": programme,
            **{name: SimpleLazyObject(lambda name=name: data[name]) for name in data_names},
            "number": number,
            "version": selectors.page_version(programme),
            "cache_seconds": selectors.PAGE_CACHE_SECONDS,
            "can_change": can_change,
        },
    )


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def group_form(request: HttpRequest, programme, slug: str | None = None) -> HttpResponse:
    group = _group(request, programme, slug, CHANGE) if slug else None
    if group:
        initial = {
            "theme": group.theme,
            "name": group.name,
            "size_min": group.size_min,
            "size_max": group.size_max,
            "status": group.status,
            "facilitators": list(group.facilitators.all()),
        }
    else:
        initial = {
            "size_min": programme.group_size_min or 8,
            "size_max": programme.group_size_max or 12,
            "status": "forming",
        }
    form = GroupForm(request.POST or None, initial=initial, programme=programme, locked=group)

    def save():
        return services.save_group(
            user=request.user, programme=programme, group=group, **form.lock(), **form.values()
        )

    def done(saved):
        saved.programme = programme
        return _to_group(saved)

    back = (
        reverse("workgroups:group", kwargs={**_args(programme), "slug": group.slug})
        if group
        else reverse("workgroups:index", kwargs=_args(programme))
    )
    return form_page(
        request,
        programme,
        form,
        save=save,
        success=_("The working group was saved."),
        title=_("Edit the working group") if group else _("Create a working group"),
        back=back,
        done=done,
    )


@programme_view(VIEW)
def group(request: HttpRequest, programme, slug: str) -> HttpResponse:
    group = _group(request, programme, slug)
    data = selectors.group_page(group, selectors.page_version(programme))
    args = {**_args(programme), "slug": slug}
    member_urls = {
        name: row_url(f"workgroups:member_{name}", **args) for name in ("confirm", "remove", "link")
    }
    for row in data["assiduity"]:
        row.urls = {name: url(row.member.pk) for name, url in member_urls.items()}
    meeting_url = row_url("workgroups:meeting", "number", **args)
    attendance_url = row_url("workgroups:attendance", "number", **args)
    for meeting in data["meetings"]:
        meeting.url = meeting_url(meeting.number)
        meeting.attendance_url = attendance_url(meeting.number)
    edit_url = row_url("workgroups:proposal_edit", **args)
    delete_url = row_url("workgroups:proposal_delete", **args)
    for proposal in data["proposals"]:
        proposal.edit_url, proposal.delete_url = edit_url(proposal.pk), delete_url(proposal.pk)
    return render(
        request,
        "workgroups/group.html",
        {
            **data,
            "programme": programme,
            "group": group,
            "can_add_meeting": len(data["meetings"]) < programme.meetings_per_group,
            "can_change": request.user.has_perm(CHANGE, programme),
            "can_run": request.user.has_perm("workgroups.run_group", group),
            "can_see_details": request.user.has_perm("workgroups.view_member_details", group),
        },
    )


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def colead(request: HttpRequest, programme, slug: str) -> HttpResponse:
    group = _group(request, programme, slug, CHANGE)
    form = ColeadForm(request.POST or None, programme=programme)
    return form_page(
        request,
        programme,
        form,
        save=lambda: services.set_colead(user=request.user, group=group, **form.cleaned_data),
        success=_("The co-lead was saved."),
        title=_("Co-lead pair of %(group)s") % {"group": group.name},
        back=reverse("workgroups:group", kwargs={**_args(programme), "slug": group.slug}),
        done=lambda _result: _to_group(group, "pair"),
        intro=_(
            "One association and one company lead each group. Choosing a contact of an "
            "association replaces the association’s co-lead (and likewise for a company)."
        ),
    )


def _member(group, pk: int):
    member = get_object_or_404(group.members.select_related("candidate__person"), pk=pk)
    member.group = group
    return member


@programme_view(CHANGE)
@require_POST
def member_confirm(request: HttpRequest, programme, slug: str, pk: int) -> HttpResponse:
    group = _group(request, programme, slug, CHANGE)
    member = _member(group, pk)
    services.set_confirmed(
        user=request.user, member=member, confirmed=request.POST.get("confirmed") == "1"
    )
    messages.success(request, _("The member was saved."))
    return _to_group(group, "members")


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, programme, slug: str, pk: int) -> HttpResponse:
    group = _group(request, programme, slug, CHANGE)
    member = _member(group, pk)
    form_response = delete_page(
        request,
        programme,
        member,
        delete=lambda: services.remove_member(user=request.user, member=member),
        success=_("The person was taken out of the group."),
        back="workgroups:index",
    )
    if request.method == "POST":
        return _to_group(group, "members")
    return form_response


@programme_view(VIEW)
@require_POST
def member_link(request: HttpRequest, programme, slug: str, pk: int) -> HttpResponse:
    group = _group(request, programme, slug, "workgroups.run_group")
    member = _member(group, pk)
    if request.POST.get("action") == "revoke":
        services.revoke_link(user=request.user, member=member)
        messages.success(request, _("The personal link is revoked: it no longer opens anything."))
    else:
        sent = services.send_invitation(
            user=request.user, member=member, base_url=request.build_absolute_uri("/")
        )
        if sent:
            messages.success(request, _("The invitation with the personal link was sent."))
        else:
            messages.error(request, _("This person has no email address: nothing was sent."))
    return _to_group(group, "members")


@programme_view(VIEW)
@require_POST
def invite(request: HttpRequest, programme, slug: str) -> HttpResponse:
    group = _group(request, programme, slug, "workgroups.run_group")
    count = services.send_invitations(
        user=request.user, group=group, base_url=request.build_absolute_uri("/")
    )
    messages.success(request, _("Invitations with personal links sent: %(n)s.") % {"n": count})
    return _to_group(group, "members")


# Candidates ------------------------------------------------------------------------------------


@programme_view(CHANGE)
def candidates(request: HttpRequest, programme) -> HttpResponse:
    page = Paginator(selectors.candidates(programme), CANDIDATES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    shared = PlaceForm.shared(programme)
    args = _args(programme)
    urls = {
        name: row_url(f"workgroups:candidate_{name}", **args)
        for name in ("edit", "place", "delete")
    }
    group_url = row_url("workgroups:group", "slug", **args)
    rows = []
    version = selectors.page_version(programme)
    places = selectors.placing(programme, version)
    for row in selectors.candidate_rows(page.object_list, places):
        pk = row.candidate.pk
        rows.append(
            {
                "row": row,
                "form": None
                if row.details.memberships
                else PlaceForm(programme, shared=shared, prefix=f"c{pk}"),
                **{f"{name}_url": url(pk) for name, url in urls.items()},
                "groups": [
                    (group_url(slug), name, co) for slug, name, co in row.details.memberships
                ],
            }
        )
    return render(
        request,
        "workgroups/candidates.html",
        {
            "programme": programme,
            "page": page,
            "rows": rows,
            # Kept per content version by the template: read only when its cache misses.
            "proposed": SimpleLazyObject(lambda: selectors.proposed(programme)),
            "version": version,
            "cache_seconds": selectors.PAGE_CACHE_SECONDS,
            "has_groups": places.any_open,
        },
    )


@programme_view(CHANGE)
def search_groups(request: HttpRequest, programme) -> HttpResponse:
    """The groups matching what is typed in the candidates' choice widget."""
    options, more = selectors.find_groups(programme, request.GET.get("q", "").strip()[:100])
    return HttpResponse(search_results(request, options, more=more))


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def candidate_form(request: HttpRequest, programme, pk: int | None = None) -> HttpResponse:
    candidate = (
        get_object_or_404(Candidate.objects.filter(programme=programme), pk=pk) if pk else None
    )
    initial = {}
    if candidate:
        wishes = [w.theme for w in candidate.wishes.select_related("theme")]
        initial = {
            "first_name": candidate.first_name,
            "last_name": candidate.last_name,
            "email": candidate.email,
            "organisation": candidate.organisation,
            "organisation_name": candidate.organisation_name,
            "kind": candidate.kind,
            "commune": candidate.commune,
            "maturity": candidate.maturity,
            "wishes": wishes,
            "first_wish": wishes[0] if wishes else None,
            "refused": list(candidate.refused_themes.all()),
        }
    form = CandidateForm(
        request.POST or None, initial=initial, programme=programme, editing=bool(candidate)
    )

    def save():
        data = dict(form.cleaned_data)
        wishes = data.pop("ordered_wishes")
        data.pop("wishes")
        data.pop("first_wish")
        refused = list(data.pop("refused"))
        person = data.pop("person", None)
        if person is not None:
            # A contact of the directory: the organisation's details come from the directory.
            data = {k: v for k, v in data.items() if v not in ("", None)}
            data = {k: v for k, v in data.items() if k in ("maturity",)}
        return services.save_candidate(
            user=request.user,
            programme=programme,
            candidate=candidate,
            person=person,
            wishes=wishes,
            refused=refused,
            **data,
        )

    return form_page(
        request,
        programme,
        form,
        save=save,
        success=_("The candidate was saved."),
        title=_("Edit the candidate") if candidate else _("Add a candidate"),
        back="workgroups:candidates",
    )


@programme_view(CHANGE)
@require_POST
def candidate_place(request: HttpRequest, programme, pk: int) -> HttpResponse:
    candidate = get_object_or_404(Candidate.objects.filter(programme=programme), pk=pk)
    form = PlaceForm(programme, request.POST, prefix=f"c{pk}")
    if form.is_valid():
        group = form.cleaned_data["group"]
        try:
            services.place(
                user=request.user,
                candidate=candidate,
                group=group,
                confirmed=form.cleaned_data["confirmed"],
            )
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(
                request,
                _("%(person)s was placed in the group “%(group)s”.")
                % {"person": candidate.full_name, "group": group.name},
            )
    else:
        messages.error(request, _("Choose a group."))
    return redirect(reverse("workgroups:candidates", kwargs=_args(programme)) + f"#candidate-{pk}")


@programme_view(CHANGE)
@require_POST
def candidate_propose(request: HttpRequest, programme, theme: str) -> HttpResponse:
    theme_obj = get_object_or_404(programme.themes, slug=theme)
    ref = request.POST.get("ref", "")
    proposal = next(
        (p for p in sources.proposals(programme, theme_obj) if p.source_ref == ref), None
    )
    if proposal is None:
        raise Http404
    candidate = services.add_proposed_candidate(
        user=request.user, programme=programme, proposal=proposal, theme=theme_obj
    )
    messages.success(request, _("%(person)s is now a candidate.") % {"person": candidate.full_name})
    return redirect("workgroups:candidates", **_args(programme))


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def candidate_delete(request: HttpRequest, programme, pk: int) -> HttpResponse:
    candidate = get_object_or_404(Candidate.objects.filter(programme=programme), pk=pk)
    return delete_page(
        request,
        programme,
        candidate,
        delete=lambda: services.delete_candidate(user=request.user, candidate=candidate),
        success=_("The candidate was deleted."),
        back="workgroups:candidates",
    )


# Meetings --------------------------------------------------------------------------------------


@programme_view(VIEW)
def meeting(request: HttpRequest, programme, slug: str, number: int) -> HttpResponse:
    meeting = _meeting(request, programme, slug, number)
    group = meeting.group
    can_run = request.user.has_perm("workgroups.run_group", group)
    return render(
        request,
        "workgroups/meeting.html",
        {
            "programme": programme,
            "group": group,
            "meeting": meeting,
            "grid": selectors.attendance_grid(meeting) if can_run else None,
            "proposals": list(meeting.proposals.all()),
            "can_run": can_run,
            "show_minutes": can_run
            or meeting.minutes_published
            or request.user.has_perm("workgroups.view_member_details", group),
        },
    )


@programme_view(VIEW)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, programme, slug: str, number: int) -> HttpResponse:
    meeting = _meeting(request, programme, slug, number, "workgroups.run_group")
    fields = [
        "title",
        "date",
        "start_time",
        "end_time",
        "place",
        "prepared_by",
        "facilitated_by",
        "minutes_by",
        "synthesis_by",
    ]
    form = MeetingForm(
        request.POST or None, initial={f: getattr(meeting, f) for f in fields}, locked=meeting
    )
    return form_page(
        request,
        programme,
        form,
        save=lambda: services.update_meeting(
            user=request.user, meeting=meeting, **form.lock(), **form.values()
        ),
        success=_("The meeting was saved."),
        title=_("Edit %(title)s") % {"title": meeting.title},
        back=reverse(
            "workgroups:meeting",
            kwargs={**_args(programme), "slug": meeting.group.slug, "number": meeting.number},
        ),
        done=lambda _result: _to_meeting(meeting),
    )


@programme_view(VIEW)
@require_POST
def meeting_add(request: HttpRequest, programme, slug: str) -> HttpResponse:
    """The next meeting of the series, when the programme plans more (e.g. the 4th)."""
    group = _group(request, programme, slug, "workgroups.run_group")
    last = group.meetings.order_by("-number").first()
    try:
        meeting = services.add_meeting(
            user=request.user, group=group, number=(last.number + 1) if last else 1
        )
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return _to_group(group, "meetings")
    meeting.group = group
    messages.success(request, _("The meeting was added to the series."))
    return _to_meeting(meeting)


@programme_view(VIEW)
@require_POST
def meeting_held(request: HttpRequest, programme, slug: str, number: int) -> HttpResponse:
    meeting = _meeting(request, programme, slug, number, "workgroups.run_group")
    try:
        services.mark_held(user=request.user, meeting=meeting)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The meeting is marked as held."))
    return _to_meeting(meeting)


@programme_view(VIEW)
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, programme, slug: str, number: int) -> HttpResponse:
    """One tap per person: each row is its own small form, answered in place with htmx."""
    meeting = _meeting(request, programme, slug, number, "workgroups.run_group")
    if request.method == "POST":
        member_pk = request.POST.get("member", "")
        member = meeting.group.members.filter(pk=int(member_pk) if member_pk.isdigit() else 0)
        member = member.select_related("candidate__person", "candidate__organisation").first()
        if member is None:
            messages.error(request, _("This person is not a member of the group."))
            return redirect(request.path)
        present = request.POST.get("present") == "1"
        services.set_presence(user=request.user, meeting=meeting, member=member, present=present)
        if request.htmx:
            return render(
                request,
                "workgroups/attendance.html#row",
                {
                    "programme": programme,
                    "meeting": meeting,
                    "group": meeting.group,
                    "member": member,
                    "present": present,
                },
            )
        return redirect(request.path + f"#member-{member.pk}")
    grid = selectors.attendance_grid(meeting)
    return render(
        request,
        "workgroups/attendance.html",
        {
            "programme": programme,
            "meeting": meeting,
            "group": meeting.group,
            "grid": grid,
            "count": sum(1 for _m, p in grid if p),
        },
    )


@programme_view(VIEW)
@require_http_methods(["GET", "POST"])
def minutes(request: HttpRequest, programme, slug: str, number: int) -> HttpResponse:
    meeting = _meeting(request, programme, slug, number, "workgroups.run_group")
    fields = ("minutes", "existing_solutions", "minutes_published")
    form = MinutesForm(
        request.POST or None, initial={f: getattr(meeting, f) for f in fields}, locked=meeting
    )
    saved = submit(
        request,
        form,
        lambda: services.save_minutes(
            user=request.user, meeting=meeting, **form.lock(), **form.values()
        ),
        _("The minutes were saved."),
    )
    if saved:
        return _to_meeting(meeting, "minutes")
    conflict = None  # their whole text beside the form, to read before saving again
    if form.has_error(NON_FIELD_ERRORS, "conflict"):
        conflict = GroupMeeting.objects.get(pk=meeting.pk)
    return render(
        request,
        "workgroups/minutes_form.html",
        {
            "programme": programme,
            "group": meeting.group,
            "meeting": meeting,
            "form": form,
            "conflict": conflict,
        },
    )


# Proposals -------------------------------------------------------------------------------------


@programme_view(VIEW)
@require_http_methods(["GET", "POST"])
def proposal_form(request: HttpRequest, programme, slug: str, pk: int | None = None):
    group = _group(request, programme, slug, "workgroups.run_group")
    proposal = get_object_or_404(group.proposals, pk=pk) if pk else None
    if proposal:
        initial = {
            "text": proposal.text,
            "priority": proposal.priority,
            "term": proposal.term,
            "meeting": proposal.meeting,
        }
    else:
        last = group.meetings.order_by("-number").filter(number__lte=3).first()
        initial = {"meeting": last, "priority": 2, "term": "short"}
    form = ProposalForm(request.POST or None, initial=initial, group=group)
    return form_page(
        request,
        programme,
        form,
        save=lambda: services.save_proposal(
            user=request.user, group=group, proposal=proposal, **form.cleaned_data
        ),
        success=_("The proposal was saved."),
        title=_("Edit the proposal") if proposal else _("Add a proposal"),
        back=reverse("workgroups:group", kwargs={**_args(programme), "slug": group.slug}),
        done=lambda _result: _to_group(group, "proposals"),
    )


@programme_view(VIEW)
@require_http_methods(["GET", "POST"])
def proposal_delete(request: HttpRequest, programme, slug: str, pk: int) -> HttpResponse:
    group = _group(request, programme, slug, "workgroups.run_group")
    proposal = get_object_or_404(group.proposals, pk=pk)
    response = delete_page(
        request,
        programme,
        proposal,
        delete=lambda: services.delete_proposal(user=request.user, proposal=proposal),
        success=_("The proposal was deleted."),
        back="workgroups:index",
    )
    if request.method == "POST":
        return _to_group(group, "proposals")
    return response


@programme_view(VIEW)
def proposals(request: HttpRequest, programme, slug: str) -> HttpResponse:
    group = _group(request, programme, slug)
    page = Paginator(selectors.proposals(group), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "workgroups/proposals.html",
        {"programme": programme, "group": group, "page": page},
    )


# Documents -------------------------------------------------------------------------------------

FORMATS = ("docx", "pdf")


@programme_view(VIEW)
def download(request: HttpRequest, programme, slug: str, fmt: str) -> HttpResponse:
    """The group's minutes: one meeting's (``?reunion=N``) or the synthesis of the series,
    produced by the task worker (see documents.delivery). Who does not run the group gets only
    minutes that are published."""
    group = _group(request, programme, slug)
    if fmt not in FORMATS:
        raise Http404
    number = request.GET.get("reunion", "")
    if number and not number.isdigit():
        raise Http404
    meetings = group.meetings.all()
    if number:
        meetings = meetings.filter(number=int(number))
        if not meetings.exists():
            raise Http404
    if (
        not request.user.has_perm("workgroups.run_group", group)
        and meetings.filter(minutes_published=False).exclude(minutes="").exists()
    ):
        raise PermissionDenied
    if number:
        title = _("Minutes – %(group)s – %(meeting)s") % {
            "group": group.name,
            "meeting": _("Meeting %(n)s") % {"n": number},
        }
    else:
        title = _("Synthesis of the working group “%(group)s”") % {"group": group.name}
    return deliver(
        request,
        programme,
        "group-minutes",
        format=fmt,
        meeting=int(number) if number else None,
        group=group.slug,
        title=f"{title} ({fmt.upper()})",
    )


# Personal link (no account) --------------------------------------------------------------------


@ratelimit(key="ip", rate="30/m", block=True)
def personal(request: HttpRequest, territory: str, programme: str, token: str) -> HttpResponse:
    """A participant's page through their personal link: their group only, no login."""
    territory_obj = get_object_or_404(Territory, slug=territory)
    with scope(territory=territory_obj):
        programme_obj = get_object_or_404(Programme, territory=territory_obj, slug=programme)
        try:
            member = services.member_from_link(token, programme=programme_obj)
        except services.LinkError as exc:
            raise Http404(_("This personal link is not valid (expired or revoked).")) from exc
        group = member.group
        group.programme = programme_obj
        response = render(
            request,
            "workgroups/personal.html",
            {
                "public_programme": programme_obj,
                "group": group,
                "member": member,
                "members": [m for m in selectors.members(group)],
                "meetings": list(selectors.meetings(group)),
                "proposals": list(selectors.proposals(group)),
            },
        )
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
