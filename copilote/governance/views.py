"""Steering committee pages. Thin: parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from copilote.core import mail as core_mail
from copilote.core.forms import add_service_errors
from copilote.core.lists import capped
from copilote.core.views_helpers import delete_page, row_url, submit
from copilote.documents.delivery import deliver
from copilote.governance import selectors, services
from copilote.governance.forms import (
    AttendanceForm,
    DecisionForm,
    MeetingCreateForm,
    MeetingForm,
    MemberForm,
    PublishForm,
    SectionAddForm,
    SectionForm,
    TaskForm,
    WithdrawForm,
)
from copilote.programmes.access import programme_view

VIEW = "governance.view_committee"
CHANGE = "governance.change_meeting"
MEMBERS_SHOWN = 12
TASKS_SHOWN = 10
PAGE_SIZE = 50
WITHDRAW = "governance.withdraw_publication"

DOCUMENTS = {
    "diaporama": ("copil-deck", ("pptx",)),
    "compte-rendu": ("copil-minutes", ("docx", "pdf")),
}


def _args(programme) -> dict:
    return {"territory": programme.territory.slug, "programme": programme.slug}


def _with_urls(rows, kind: str, **kwargs):
    """The rows (members or tasks), each with its ``edit_url`` and ``delete_url`` (reversed once
    for the list)."""
    edit = row_url(f"governance:{kind}_edit", **kwargs)
    delete = row_url(f"governance:{kind}_delete", **kwargs)
    for row in rows:
        row.edit_url, row.delete_url = edit(row.pk), delete(row.pk)
    return rows


def _meeting(request, programme, rank: int, perm: str = "governance.view_meeting"):
    meeting = get_object_or_404(programme.committee_meetings, rank=rank)
    meeting.programme = programme
    if not request.user.has_perm(perm, meeting):
        raise PermissionDenied
    return meeting


def _to_meeting(meeting, anchor: str = ""):
    response = redirect("governance:meeting", **_args(meeting.programme), rank=meeting.rank)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _form_page(request, programme, form, title, meeting=None, **extra):
    args = _args(programme)
    back_url = (
        reverse("governance:meeting", kwargs={**args, "rank": meeting.rank})
        if meeting
        else reverse("governance:index", kwargs=args)
    )
    context = {"programme": programme, "form": form, "title": title, "meeting": meeting}
    return render(request, "governance/form.html", {**context, "back_url": back_url, **extra})


def _frozen(request, meeting) -> HttpResponse | None:
    if meeting.is_frozen:
        messages.error(
            request,
            _("The minutes of this meeting are published: the meeting can no longer be changed."),
        )
        return _to_meeting(meeting)
    return None


@programme_view(VIEW)
def index(request: HttpRequest, programme) -> HttpResponse:
    return render(
        request,
        "governance/index.html",
        {
            "programme": programme,
            "meetings": selectors.visible_meetings(request.user, programme),
            "members": _with_urls(
                capped(selectors.members(programme), MEMBERS_SHOWN), "member", **_args(programme)
            ),
            "members_url": reverse("governance:members", kwargs=_args(programme)),
            "can_change": request.user.has_perm(CHANGE, programme),
        },
    )


@programme_view(VIEW)
def members(request: HttpRequest, programme) -> HttpResponse:
    page = Paginator(selectors.members(programme), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _with_urls(list(page.object_list), "member", **_args(programme))
    context = {
        "programme": programme,
        "page": page,
        "can_change": request.user.has_perm(CHANGE, programme),
    }
    return render(request, "governance/members.html", context)


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def member_form(request: HttpRequest, programme, pk: int | None = None) -> HttpResponse:
    member = get_object_or_404(programme.committee_members, pk=pk) if pk else None
    initial = {}
    if member:
        initial = {
            f: getattr(member, f)
            for f in ("person", "organisation", "college", "position", "joined", "left")
        }
    form = MemberForm(request.POST or None, initial=initial, programme=programme)
    if submit(
        request,
        form,
        lambda: services.save_member(
            user=request.user, programme=programme, member=member, **form.cleaned_data
        ),
        _("The committee member was saved."),
    ):
        return redirect("governance:index", **_args(programme))
    title = _("Edit the committee member") if member else _("Add a committee member")
    return _form_page(request, programme, form, title)


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def meeting_add(request: HttpRequest, programme) -> HttpResponse:
    form = MeetingCreateForm(request.POST or None, programme=programme)
    meeting = submit(
        request,
        form,
        lambda: services.create_meeting(
            user=request.user, programme=programme, **form.cleaned_data
        ),
        _("The meeting was created from the kit’s frame."),
    )
    if meeting:
        return _to_meeting(meeting)
    return _form_page(request, programme, form, _("Prepare a committee meeting"))


@programme_view(VIEW)
def meeting(request: HttpRequest, programme, rank: int) -> HttpResponse:
    meeting = _meeting(request, programme, rank)
    today = timezone.localdate()
    data = selectors.page_content(meeting, today=today)
    sections = list(meeting.sections.all()) if not meeting.is_frozen else []
    by_key = {s.key: s for s in sections}
    data = {**data, "sections": [{**s, "object": by_key.get(s["key"])} for s in data["sections"]]}
    if not meeting.is_frozen:
        pks = meeting.decisions.values_list("pk", flat=True)[: len(data["decisions"])]
        data["decisions"] = [
            {**item, "pk": pk} for item, pk in zip(data["decisions"], pks, strict=False)
        ]
    tasks = meeting.tasks.select_related("owner_person", "owner_organisation")
    return render(
        request,
        "governance/meeting.html",
        {
            "programme": programme,
            "meeting": meeting,
            "data": data,
            "can_change": request.user.has_perm(CHANGE, meeting) and not meeting.is_frozen,
            "tasks": _with_urls(
                capped(tasks, TASKS_SHOWN), "task", **_args(programme), rank=meeting.rank
            ),
            "can_edit_tasks": request.user.has_perm(CHANGE, meeting),
            "can_withdraw": meeting.is_frozen and request.user.has_perm(WITHDRAW, programme),
            "today": today,
            "mailings": core_mail.latest_by_kind(
                programme, f"meeting:{meeting.pk}", ("convocation", "minutes")
            ),
        },
    )


@programme_view(VIEW)
def tasks(request: HttpRequest, programme, rank: int) -> HttpResponse:
    meeting = _meeting(request, programme, rank)
    rows = meeting.tasks.select_related("owner_person", "owner_organisation")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _with_urls(list(page.object_list), "task", **_args(programme), rank=rank)
    context = {
        "programme": programme,
        "meeting": meeting,
        "page": page,
        "can_edit_tasks": request.user.has_perm(CHANGE, meeting),
        "today": timezone.localdate(),
    }
    return render(request, "governance/tasks.html", context)


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, programme, rank: int) -> HttpResponse:
    meeting = _meeting(request, programme, rank, CHANGE)
    if frozen := _frozen(request, meeting):
        return frozen
    form = MeetingForm(request.POST or None, instance=meeting)
    if submit(
        request,
        form,
        lambda: services.update_meeting(
            user=request.user, meeting=meeting, **form.lock(), **form.values()
        ),
        _("The meeting was saved."),
    ):
        return _to_meeting(meeting)
    return _form_page(
        request, programme, form, _("Edit %(title)s") % {"title": meeting.title}, meeting
    )


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, programme, rank: int) -> HttpResponse:
    meeting = _meeting(request, programme, rank, CHANGE)
    if frozen := _frozen(request, meeting):
        return frozen
    members = list(selectors.members(programme))
    invitations = {i.member_id: i for i in meeting.invitations.all()}
    form = AttendanceForm(request.POST or None, members=members, invitations=invitations)
    if request.method == "POST" and form.is_valid():
        services.set_attendance(
            user=request.user,
            meeting=meeting,
            invited=form.chosen("invited"),
            present=form.chosen("present"),
            excused=form.chosen("excused"),
        )
        messages.success(request, _("The composition of the meeting was saved."))
        return _to_meeting(meeting, "attendance")
    return render(
        request,
        "governance/attendance.html",
        {"programme": programme, "meeting": meeting, "form": form},
    )


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, programme, rank: int, pk: int) -> HttpResponse:
    meeting = _meeting(request, programme, rank, CHANGE)
    if frozen := _frozen(request, meeting):
        return frozen
    section = get_object_or_404(meeting.sections, pk=pk)
    initial = {
        "version": section.version,
        "title": section.title,
        "notes": section.notes,
        "included": section.included,
    }
    form = SectionForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_section(user=request.user, section=section, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            if getattr(exc, "code", None) == "conflict":
                section.refresh_from_db()
                conflict = section
                # The next save is made over the version now shown, with the text still typed.
                data = request.POST.copy()
                data["version"] = section.version
                form.data = data
        else:
            messages.success(
                request, _("The section “%(title)s” was saved.") % {"title": section.title}
            )
            return _to_meeting(meeting, f"section-{section.key}")
    return render(
        request,
        "governance/section_form.html",
        {
            "programme": programme,
            "meeting": meeting,
            "section": section,
            "form": form,
            "conflict": conflict,
        },
    )


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def section_add(request: HttpRequest, programme, rank: int) -> HttpResponse:
    meeting = _meeting(request, programme, rank, CHANGE)
    if frozen := _frozen(request, meeting):
        return frozen
    form = SectionAddForm(request.POST or None)
    section = submit(
        request,
        form,
        lambda: services.add_section(user=request.user, meeting=meeting, **form.cleaned_data),
        _("The section was added to the agenda."),
    )
    if section:
        return _to_meeting(meeting, f"section-{section.key}")
    return _form_page(request, programme, form, _("Add a section to the agenda"), meeting)


@programme_view(CHANGE)
@require_POST
def section_move(request: HttpRequest, programme, rank: int, pk: int) -> HttpResponse:
    meeting = _meeting(request, programme, rank, CHANGE)
    if frozen := _frozen(request, meeting):
        return frozen
    section = get_object_or_404(meeting.sections, pk=pk)
    direction = -1 if request.POST.get("direction") == "up" else 1
    services.move_section(user=request.user, section=section, direction=direction)
    return _to_meeting(meeting, f"section-{section.key}")


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def decision_form(
    request: HttpRequest, programme, rank: int, pk: int | None = None
) -> HttpResponse:
    meeting = _meeting(request, programme, rank, CHANGE)
    if frozen := _frozen(request, meeting):
        return frozen
    decision = get_object_or_404(meeting.decisions, pk=pk) if pk else None
    initial = {"text": decision.text, "arguments": decision.arguments} if decision else {}
    form = DecisionForm(request.POST or None, initial=initial, locked=decision)
    if submit(
        request,
        form,
        lambda: services.save_decision(
            user=request.user, meeting=meeting, decision=decision, **form.lock(), **form.values()
        ),
        _("The decision was saved."),
    ):
        return _to_meeting(meeting, "decisions")
    title = _("Edit the decision") if decision else _("Record a decision")
    return _form_page(request, programme, form, title, meeting)


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def task_form(request: HttpRequest, programme, rank: int, pk: int | None = None) -> HttpResponse:
    meeting = _meeting(request, programme, rank, CHANGE)
    task = get_object_or_404(meeting.tasks, pk=pk) if pk else None
    if task is None and (frozen := _frozen(request, meeting)):
        return frozen
    initial = {"due": services.default_due(meeting), "status": "open"}
    if task:
        initial = {
            f: getattr(task, f)
            for f in ("what", "owner_person", "owner_organisation", "due", "status")
        }
    form = TaskForm(request.POST or None, initial=initial, programme=programme, locked=task)
    if submit(
        request,
        form,
        lambda: services.save_task(
            user=request.user, meeting=meeting, task=task, **form.lock(), **form.values()
        ),
        _("The task was saved."),
    ):
        return _to_meeting(meeting, "tasks")
    title = _("Edit the task") if task else _("Add a task before the next copil")
    return _form_page(request, programme, form, title, meeting)


STATUS_ACTIONS = {
    "convoquer": (services.convene, _("The members were convened.")),
    "tenir": (services.mark_held, _("The meeting is marked as held.")),
    "publier": (services.publish_minutes, _("The minutes are published; the meeting is frozen.")),
}


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, programme, rank: int, action: str) -> HttpResponse:
    meeting = _meeting(request, programme, rank, CHANGE)
    if action not in STATUS_ACTIONS:
        raise Http404
    if action == "publier":  # publishing freezes and mails the minutes: asked first
        form = PublishForm(request.POST or None)
        if request.method == "GET" or not form.is_valid():
            return _form_page(
                request,
                programme,
                form,
                _("Publish the minutes?"),
                meeting,
                submit_label=_("Publish the minutes"),
                intro=_(
                    "Publishing freezes the meeting as it is now, shows its minutes to every "
                    "member of the experimentation and mails them to the committee. The lead "
                    "can withdraw a publication later, giving the reason."
                ),
            )
    elif request.method != "POST":
        return _to_meeting(meeting)
    service, message = STATUS_ACTIONS[action]
    try:
        result = service(user=request.user, meeting=meeting)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        text = str(message)
        if action == "convoquer":
            text += " " + _(
                "Convocation queued for %(n)s member(s): its outcome shows on this page."
            ) % {"n": result}
        messages.success(request, text)
    return _to_meeting(meeting)


@programme_view(WITHDRAW)
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, programme, rank: int) -> HttpResponse:
    meeting = _meeting(request, programme, rank, CHANGE)
    form = WithdrawForm(request.POST or None)
    if submit(
        request,
        form,
        lambda: services.withdraw_publication(
            user=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
        ),
        _("The publication was withdrawn: the meeting can be changed again."),
    ):
        return _to_meeting(meeting)
    return _form_page(
        request,
        programme,
        form,
        _("Withdraw the publication"),
        meeting,
        submit_label=_("Withdraw the publication"),
    )


def _meeting_page(meeting, anchor: str = "") -> str:
    url = reverse("governance:meeting", kwargs={**_args(meeting.programme), "rank": meeting.rank})
    return f"{url}#{anchor}" if anchor else url


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def meeting_delete(request: HttpRequest, programme, rank: int) -> HttpResponse:
    meeting = _meeting(request, programme, rank, CHANGE)
    return delete_page(
        request,
        programme,
        meeting,
        delete=lambda: services.delete_meeting(user=request.user, meeting=meeting),
        success=_("The meeting “%(name)s” was deleted.") % {"name": meeting.title},
        back=reverse("governance:index", kwargs=_args(programme)),
    )


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def member_delete(request: HttpRequest, programme, pk: int) -> HttpResponse:
    member = get_object_or_404(programme.committee_members, pk=pk)
    return delete_page(
        request,
        programme,
        member,
        delete=lambda: services.delete_member(user=request.user, member=member),
        success=_("The member was removed from the committee."),
        back=reverse("governance:index", kwargs=_args(programme)),
    )


def _meeting_part_delete(request, programme, rank, objects, pk, service, success, anchor):
    meeting = _meeting(request, programme, rank, CHANGE)
    obj = get_object_or_404(getattr(meeting, objects), pk=pk)
    return delete_page(
        request,
        programme,
        obj,
        delete=lambda: service(user=request.user, **{anchor: obj}),
        success=success,
        back=_meeting_page(meeting, {"section": "agenda"}.get(anchor, anchor + "s")),
    )


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def decision_delete(request: HttpRequest, programme, rank: int, pk: int) -> HttpResponse:
    return _meeting_part_delete(
        request,
        programme,
        rank,
        "decisions",
        pk,
        services.delete_decision,
        _("The decision was deleted."),
        "decision",
    )


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def task_delete(request: HttpRequest, programme, rank: int, pk: int) -> HttpResponse:
    return _meeting_part_delete(
        request,
        programme,
        rank,
        "tasks",
        pk,
        services.delete_task,
        _("The task was deleted."),
        "task",
    )


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def section_delete(request: HttpRequest, programme, rank: int, pk: int) -> HttpResponse:
    return _meeting_part_delete(
        request,
        programme,
        rank,
        "sections",
        pk,
        services.delete_section,
        _("The section was deleted from the agenda."),
        "section",
    )


@programme_view(VIEW)
@require_http_methods(["GET", "POST"])
def download(request: HttpRequest, programme, rank: int, name: str, fmt: str) -> HttpResponse:
    """The meeting's deck or minutes, produced by the task worker (see documents.delivery)."""
    meeting = _meeting(request, programme, rank)
    if name not in DOCUMENTS or fmt not in DOCUMENTS[name][1]:
        raise Http404
    label = _("Deck") if name == "diaporama" else _("Minutes")
    title = f"{label} ({fmt.upper()}) – {meeting.title}"
    return deliver(
        request, programme, DOCUMENTS[name][0], format=fmt, meeting=meeting.rank, title=title
    )
