"""Collective events: the team's pages (preparation, programme, check-in, figures, exports) and
the public pages (published events, registration, cancellation). Thin: parse, call one selector
or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from copilote.actors.tabular import defuse, to_csv, to_xlsx
from copilote.core import versions
from copilote.core.forms import DeleteForm, add_service_errors
from copilote.core.lists import page_number
from copilote.core.views_helpers import row_url, submit
from copilote.events import mail, selectors, services
from copilote.events.forms import EventForm, ItemForm, RegistrationForm, WalkInForm
from copilote.events.models import EventStatus, Registration, RegistrationStatus
from copilote.events.public import public_programme_view
from copilote.programmes.access import programme_view

VIEW = "events.view_events"
CHANGE = "events.change_event"
REGISTRATIONS = "events.view_registrations"
CHECK_IN = "events.check_in"
STATUS_ACTIONS = {
    "publier": EventStatus.PUBLISHED,
    "clore": EventStatus.CLOSED,
    "brouillon": EventStatus.DRAFT,
}


def _args(programme) -> dict:
    return {"territory": programme.territory.slug, "programme": programme.slug}


def _event(request, programme, slug: str, perm: str = VIEW):
    event = selectors.event(programme, slug)
    if event is None:
        raise Http404
    if not request.user.has_perm(perm, event):
        raise PermissionDenied
    return event


def _to_event(event, anchor: str = ""):
    url = reverse("events:event", kwargs={**_args(event.programme), "slug": event.slug})
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _form_page(request, programme, form, title, back_url, **extra):
    context = {"programme": programme, "form": form, "title": title, "back_url": back_url}
    return render(request, "events/form.html", {**context, **extra})


# The team's pages ---------------------------------------------------------------------------


@programme_view(VIEW)
def index(request: HttpRequest, programme) -> HttpResponse:
    number = page_number(request.GET.get("page"))
    # The template keeps the list per content version: the events and their counts are read
    # only when its cache misses.
    page = SimpleLazyObject(lambda: selectors.page_of_events(programme, number))
    frames = set(selectors.frame_keys(programme))
    return render(
        request,
        "events/index.html",
        {
            "programme": programme,
            "page": page,
            "events": SimpleLazyObject(lambda: page.object_list),
            "number": number,
            "version": versions.content_version(programme.territory_id),
            "cache_seconds": selectors.PAGE_CACHE_SECONDS,
            "can_change": request.user.has_perm(CHANGE, programme),
            "missing_frames": [
                (key, label)
                for key, label in (
                    ("launch", _("Prepare the launch event from the kit")),
                    ("restitution", _("Prepare the restitution event from the kit")),
                    ("thematic", _("Prepare a thematic meeting from the kit")),
                )
                if key == "thematic" or key not in frames
            ],
        },
    )


@programme_view(CHANGE)
@require_POST
def from_frame(request: HttpRequest, programme, key: str) -> HttpResponse:
    try:
        event = services.create_from_frame(user=request.user, programme=programme, key=key)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("events:index", **_args(programme))
    messages.success(request, _("The event was prepared from the kit’s frame."))
    return _to_event(event)


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def event_form(request: HttpRequest, programme, slug: str | None = None) -> HttpResponse:
    event = _event(request, programme, slug, CHANGE) if slug else None
    form = EventForm(request.POST or None, instance=event, programme=programme)
    saved = submit(
        request,
        form,
        lambda: services.save_event(
            user=request.user, programme=programme, event=event, **form.lock(), **form.values()
        ),
        _("The event was saved."),
    )
    if saved:
        return _to_event(saved)
    back = (
        reverse("events:event", kwargs={**_args(programme), "slug": slug})
        if slug
        else reverse("events:index", kwargs=_args(programme))
    )
    title = _("Edit the event") if event else _("Add an event")
    return _form_page(request, programme, form, title, back)


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def event_delete(request: HttpRequest, programme, slug: str) -> HttpResponse:
    event = _event(request, programme, slug, CHANGE)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_event(user=request.user, event=event)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return _to_event(event)
        messages.success(request, _("The event was deleted."))
        return redirect("events:index", **_args(programme))
    back = reverse("events:event", kwargs={**_args(programme), "slug": slug})
    context = {"programme": programme, "form": form, "object": event, "back_url": back}
    return render(request, "events/confirm_delete.html", context)


@programme_view(VIEW)
def detail(request: HttpRequest, programme, slug: str) -> HttpResponse:
    event = _event(request, programme, slug)
    data = selectors.event_page(event, versions.content_version(programme.territory_id))
    args = {**_args(programme), "slug": slug}
    urls = {name: row_url(f"events:item_{name}", **args) for name in ("edit", "move", "delete")}
    for item in data["items"]:
        item.urls = {name: url(item.pk) for name, url in urls.items()}
    can_see_registrations = request.user.has_perm(REGISTRATIONS, event)
    return render(
        request,
        "events/detail.html",
        {
            "programme": programme,
            "event": event,
            **data,
            "seats_left": selectors.seats_left(event),
            "status": selectors.attendance_status(event),
            "can_change": request.user.has_perm(CHANGE, event),
            "can_check_in": request.user.has_perm(CHECK_IN, event),
            "can_see_registrations": can_see_registrations,
            "public_url": mail.public_path(event),
        },
    )


@programme_view(CHANGE)
@require_POST
def status(request: HttpRequest, programme, slug: str, action: str) -> HttpResponse:
    event = _event(request, programme, slug, CHANGE)
    if action not in STATUS_ACTIONS:
        raise Http404
    try:
        services.set_status(user=request.user, event=event, status=STATUS_ACTIONS[action])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The event’s status was changed."))
    return _to_event(event)


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def item_form(request: HttpRequest, programme, slug: str, pk: int | None = None) -> HttpResponse:
    event = _event(request, programme, slug, CHANGE)
    item = get_object_or_404(event.items, pk=pk) if pk else None
    form = ItemForm(request.POST or None, instance=item, programme=programme)

    def save():
        data = form.values()
        return services.save_item(
            user=request.user,
            event=event,
            item=item,
            speakers=list(data.pop("speakers")),
            organisations=list(data.pop("organisations")),
            **form.lock(),
            **data,
        )

    if submit(request, form, save, _("The programme slot was saved.")):
        return _to_event(event, "deroule")
    back = reverse("events:event", kwargs={**_args(programme), "slug": slug}) + "#deroule"
    title = _("Edit a programme slot") if item else _("Add a programme slot")
    return _form_page(request, programme, form, title, back, event=event)


@programme_view(CHANGE)
@require_POST
def item_move(request: HttpRequest, programme, slug: str, pk: int) -> HttpResponse:
    event = _event(request, programme, slug, CHANGE)
    item = get_object_or_404(event.items, pk=pk)
    services.move_item(user=request.user, item=item, up=request.POST.get("direction") == "up")
    return _to_event(event, "deroule")


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, programme, slug: str, pk: int) -> HttpResponse:
    event = _event(request, programme, slug, CHANGE)
    item = get_object_or_404(event.items, pk=pk)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.delete_item(user=request.user, item=item)
        messages.success(request, _("The programme slot was deleted."))
        return _to_event(event, "deroule")
    back = reverse("events:event", kwargs={**_args(programme), "slug": slug}) + "#deroule"
    context = {"programme": programme, "form": form, "object": item, "back_url": back}
    return render(request, "events/confirm_delete.html", context)


# Check-in ------------------------------------------------------------------------------------


def _checkin_context(request, programme, event) -> dict:
    q = request.GET.get("q", "")[:100]
    page = Paginator(selectors.checkin_rows(event, q), selectors.CHECKIN_PAGE).get_page(
        request.GET.get("page")
    )
    return {
        "programme": programme,
        "event": event,
        "page": page,
        "q": q,
        "query": f"q={q}" if q else "",
        "status": selectors.attendance_status(event),
    }


@programme_view(CHECK_IN)
def checkin(request: HttpRequest, programme, slug: str) -> HttpResponse:
    event = _event(request, programme, slug, CHECK_IN)
    context = _checkin_context(request, programme, event)
    if request.htmx and request.htmx.target == "checkin-list":
        return render(request, "events/checkin.html#list", context)
    return render(request, "events/checkin.html", context)


@programme_view(CHECK_IN)
@require_POST
def checkin_toggle(request: HttpRequest, programme, slug: str, pk: int) -> HttpResponse:
    event = _event(request, programme, slug, CHECK_IN)
    registration = get_object_or_404(event.registrations, pk=pk)
    try:
        services.check_in(
            user=request.user,
            registration=registration,
            present=request.POST.get("present") == "1",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        event = selectors.event(programme, slug)
        registration = Registration.objects.select_related("commune").get(pk=pk)
        context = {
            "programme": programme,
            "event": event,
            "row": registration,
            "status": selectors.attendance_status(event),
        }
        return render(request, "events/checkin_row.html", context)
    url = reverse("events:checkin", kwargs={**_args(programme), "slug": slug})
    return redirect(url + f"?q={request.POST.get('q', '')[:100]}")


@programme_view(CHECK_IN)
@require_http_methods(["GET", "POST"])
def walk_in(request: HttpRequest, programme, slug: str) -> HttpResponse:
    event = _event(request, programme, slug, CHECK_IN)
    form = WalkInForm(request.POST or None, programme=programme)
    if submit(
        request,
        form,
        lambda: services.add_walk_in(user=request.user, event=event, **form.cleaned_data),
        _("The person was added and marked present."),
    ):
        return redirect("events:checkin", **_args(programme), slug=slug)
    back = reverse("events:checkin", kwargs={**_args(programme), "slug": slug})
    return _form_page(request, programme, form, _("Add someone on the spot"), back, event=event)


# Registrations, figures, exports -------------------------------------------------------------


@programme_view(REGISTRATIONS)
def registrations(request: HttpRequest, programme, slug: str) -> HttpResponse:
    event = _event(request, programme, slug, REGISTRATIONS)
    number = page_number(request.GET.get("page"))

    def read():
        page = selectors.registration_page(event, number)
        cancel_url = row_url("events:registration_cancel", **_args(programme), slug=slug)
        for row in page.object_list:
            row["cancel_url"] = cancel_url(row["pk"])
        return page

    # The template keeps the list per content version: read only when its cache misses.
    return render(
        request,
        "events/registrations.html",
        {
            "programme": programme,
            "event": event,
            "page": SimpleLazyObject(read),
            "number": number,
            "version": versions.content_version(programme.territory_id),
            "cache_seconds": selectors.PAGE_CACHE_SECONDS,
        },
    )


@programme_view(REGISTRATIONS)
@require_http_methods(["GET", "POST"])
def registration_cancel(request: HttpRequest, programme, slug: str, pk: int) -> HttpResponse:
    event = _event(request, programme, slug, CHANGE)
    registration = get_object_or_404(event.registrations, pk=pk)
    form = DeleteForm(request.POST or None)
    form.fields["confirm"].label = _("I confirm the cancellation")
    if request.method == "POST" and form.is_valid():
        try:
            promoted = services.cancel(
                registration=registration, user=request.user, base_url=_base_url(request)
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The registration was cancelled."))
            if promoted:
                messages.info(
                    request,
                    _("%(name)s, first on the waiting list, gets the seat and is told by mail.")
                    % {"name": promoted.name},
                )
        return redirect("events:registrations", **_args(programme), slug=slug)
    back = reverse("events:registrations", kwargs={**_args(programme), "slug": slug})
    context = {
        "programme": programme,
        "form": form,
        "object": registration,
        "back_url": back,
        "cancel": True,
    }
    return render(request, "events/confirm_delete.html", context)


@programme_view(VIEW)
def figures(request: HttpRequest, programme, slug: str) -> HttpResponse:
    event = _event(request, programme, slug)
    return render(
        request,
        "events/figures.html",
        {
            "programme": programme,
            "event": event,
            "figures": selectors.figures(event),
            "status": selectors.attendance_status(event),
        },
    )


EXPORT_HEADER = [
    "Nom",
    "Courriel",
    "Structure",
    "Type",
    "Commune",
    "Thématiques",
    "Statut",
    "Sur place",
    "Présent",
    "Inscrit le",
]


def export_rows(event) -> list[list[str]]:
    rows = []
    for r in selectors.registrations(event):
        values = [
            r.name,
            r.email,
            r.organisation,
            r.get_kind_display(),
            r.commune.name if r.commune else "",
            ", ".join(t.name for t in r.themes.all()),
            r.get_status_display(),
            "oui" if r.walk_in else "non",
            "oui" if r.present else "non",
            timezone.localtime(r.created_at).strftime("%d/%m/%Y %H:%M"),
        ]
        rows.append([defuse(v) for v in values])
    return rows


@programme_view(REGISTRATIONS)
def export(request: HttpRequest, programme, slug: str, fmt: str) -> HttpResponse:
    event = _event(request, programme, slug, REGISTRATIONS)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    rows = export_rows(event)
    name = f"inscriptions-{slugify(event.title)}"
    if fmt == "csv":
        response = HttpResponse(to_csv(EXPORT_HEADER, rows), content_type="text/csv")
    else:
        response = HttpResponse(
            to_xlsx(EXPORT_HEADER, rows, "Inscriptions"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# Public pages ----------------------------------------------------------------------------------


def _public_event(programme, slug: str):
    event = selectors.event(programme, slug)
    if event is None or event.status != EventStatus.PUBLISHED:
        raise Http404
    return event


@public_programme_view("events.public")
def public_list(request: HttpRequest, programme) -> HttpResponse:
    if not selectors.has_public_events(programme):
        raise Http404
    today = timezone.localdate()
    # The template keeps the lists per content version and day: read only when its cache misses.
    data = SimpleLazyObject(lambda: selectors.public_events(programme, today=today))
    return render(
        request,
        "events/public_list.html",
        {
            "public_programme": programme,
            "coming": SimpleLazyObject(lambda: data["coming"]),
            "past": SimpleLazyObject(lambda: data["past"]),
            "version": versions.content_version(programme.territory_id),
            "today": today,
            "cache_seconds": selectors.PAGE_CACHE_SECONDS,
        },
    )


@public_programme_view("events.public")
@require_http_methods(["GET", "POST"])
def public_event(request: HttpRequest, programme, slug: str) -> HttpResponse:
    event = _public_event(programme, slug)
    version = versions.content_version(programme.territory_id)
    event_items = selectors.event_page(event, version)["items"]
    form = RegistrationForm(
        request.POST or None, event=event, consent_text=services.consent_text(programme)
    )
    registration = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        try:
            registration = services.register(event=event, base_url=_base_url(request), **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
    if registration:
        return render(
            request,
            "events/public_registered.html",
            {"public_programme": programme, "event": event, "registration": registration},
        )
    open_error = None
    try:
        services.check_open(event)
    except ValidationError as exc:
        open_error = " ".join(exc.messages)
    return render(
        request,
        "events/public_event.html",
        {
            "public_programme": programme,
            "event": event,
            "items": event_items,
            "form": form,
            "open_error": open_error,
            "seats_left": selectors.seats_left(event),
            "version": version,
            "cache_seconds": selectors.PAGE_CACHE_SECONDS,
        },
        status=400 if request.method == "POST" else 200,
    )


@public_programme_view("events.cancel")
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, programme, slug: str, signature: str) -> HttpResponse:
    """The registrant's signed link: a confirmation page, then the cancellation (a link
    opened by a mail scanner cancels nothing)."""
    data = mail.read_cancel_signature(signature)
    registration = None
    if data is not None:
        registration = (
            Registration.objects.filter(pk=data["r"], event__programme=programme, event__slug=slug)
            .select_related("event")
            .first()
        )
    context = {"public_programme": programme, "registration": registration}
    if registration is None:
        return render(
            request, "events/public_cancel.html", {**context, "invalid": True}, status=404
        )
    if registration.status == RegistrationStatus.CANCELLED or registration.token != data["t"]:
        return render(request, "events/public_cancel.html", {**context, "already": True})
    if request.method == "POST":
        try:
            services.cancel(registration=registration, base_url=_base_url(request))
        except ValidationError:
            return render(request, "events/public_cancel.html", {**context, "already": True})
        return render(request, "events/public_cancel.html", {**context, "done": True})
    return render(request, "events/public_cancel.html", context)
