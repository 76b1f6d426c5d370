"""Directory, mobilisation board, networks and channels, import/export, territory guide."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_scopes import scope

from copilote.actors import search, selectors, services, tabular, tasks
from copilote.actors.forms import (
    ChannelEventForm,
    CommunicationItemForm,
    DirectoryFilterForm,
    GuideForm,
    ImportConfirmForm,
    ImportForm,
    InteractionForm,
    MobilisationForm,
    MoveForm,
    NetworkForm,
    OrganisationForm,
    PersonForm,
    ResourceForm,
)
from copilote.actors.models import (
    ChannelEvent,
    CommunicationItem,
    ImportBatch,
    Mobilisation,
    Network,
    Organisation,
    Person,
    Resource,
    Status,
)
from copilote.core import deletion, versions
from copilote.core.forms import DeleteForm, add_service_errors
from copilote.core.text import of_name
from copilote.core.views_helpers import delete_page, row_url, submit
from copilote.core.widgets import search_results
from copilote.documents import registry
from copilote.documents.delivery import deliver
from copilote.programmes.access import programme_view
from copilote.programmes.models import Programme, Territory

PAGE_SIZE = 50


def _args(programme: Programme) -> dict:
    return {"territory": programme.territory.slug, "programme": programme.slug}


def _can(request, perm, programme) -> bool:
    return request.user.has_perm(perm, programme)


# Directory -------------------------------------------------------------------------------------


@programme_view("actors.view_directory")
def directory(request: HttpRequest, programme: Programme) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None, programme=programme)
    filters = form.filters()
    queryset = selectors.organisations(programme, **filters).values(*selectors.DIRECTORY_COLUMNS)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    url = row_url("actors:organisation", **_args(programme))
    page.object_list = [
        {**row, "url": url(row["id"])}
        for row in selectors.directory_rows(programme, page.object_list)
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "actors/directory.html",
        {
            "programme": programme,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_edit": _can(request, "actors.change_directory", programme),
            "can_import": _can(request, "actors.import_directory", programme),
        },
    )


@programme_view("actors.view_directory")
def organisation_detail(request: HttpRequest, programme: Programme, pk: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related("commune").prefetch_related("themes", "networks"),
        territory=programme.territory,
        pk=pk,
    )
    mobilisation = (
        Mobilisation.objects.filter(programme=programme, organisation=organisation)
        .select_related("followed_by", "contact")
        .first()
    )
    can_follow = _can(request, "actors.view_mobilisation", programme)
    interactions = (
        mobilisation.interactions.select_related("author") if mobilisation and can_follow else []
    )
    return render(
        request,
        "actors/organisation_detail.html",
        {
            "programme": programme,
            "organisation": organisation,
            "people": organisation.people.all(),
            "mobilisation": mobilisation if can_follow else None,
            "interactions": interactions,
            "can_edit": _can(request, "actors.change_directory", programme),
            "can_mobilise": _can(request, "actors.change_mobilisation", programme),
            "can_see_details": _can(request, "actors.view_contact_details", programme),
            "interaction_form": InteractionForm(initial={"date": timezone.localdate()}),
        },
    )


def _object_form(request, programme, form, title, back, back_kwargs=None):
    return render(
        request,
        "actors/object_form.html",
        {
            "programme": programme,
            "form": form,
            "title": title,
            "back_url": reverse(back, kwargs={**_args(programme), **(back_kwargs or {})}),
        },
    )


@programme_view("actors.change_directory")
@require_http_methods(["GET", "POST"])
def organisation_form(request: HttpRequest, programme: Programme, pk: int | None = None):
    organisation = (
        get_object_or_404(Organisation, territory=programme.territory, pk=pk)
        if pk
        else Organisation(territory=programme.territory)
    )
    form = OrganisationForm(request.POST or None, instance=organisation, programme=programme)

    def save():
        data = form.values()
        themes, networks = data.pop("themes"), data.pop("networks")
        return services.save_organisation(
            user=request.user,
            programme=programme,
            organisation=organisation,
            themes=themes,
            networks=networks,
            **form.lock(),
            **data,
        )

    saved = submit(request, form, save, _("The organisation was saved."))
    if saved:
        return redirect("actors:organisation", pk=saved.pk, **_args(programme))
    return _object_form(
        request,
        programme,
        form,
        _("Edit the organisation") if pk else _("Add an organisation"),
        "actors:organisation" if pk else "actors:directory",
        {"pk": pk} if pk else None,
    )


@programme_view("actors.change_directory")
@require_http_methods(["GET", "POST"])
def organisation_delete(request: HttpRequest, programme: Programme, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, territory=programme.territory, pk=pk)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_organisation(
                user=request.user, programme=programme, organisation=organisation
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("actors:organisation", pk=pk, **_args(programme))
        messages.success(
            request, _("The organisation “%(name)s” was deleted.") % {"name": organisation}
        )
        return redirect("actors:directory", **_args(programme))
    return render(
        request,
        "core/confirm_delete.html",
        {
            "programme": programme,
            "form": form,
            "object": organisation,
            "back": "actors:directory",
            "consequences": deletion.consequences(organisation),
        },
    )


@programme_view("actors.view_directory")
def search_people(request: HttpRequest, programme: Programme) -> HttpResponse:
    """The contacts matching what is typed in a choice widget (see ``actors.search``)."""
    options, more = search.find_people(programme, request.GET.get("q", "").strip()[:100])
    return HttpResponse(search_results(request, options, more=more))


@programme_view("actors.view_directory")
def search_organisations(request: HttpRequest, programme: Programme) -> HttpResponse:
    """The organisations matching what is typed in a choice widget (see ``actors.search``)."""
    options, more = search.find_organisations(programme, request.GET.get("q", "").strip()[:100])
    return HttpResponse(search_results(request, options, more=more))


@programme_view("actors.view_directory")
def people(request: HttpRequest, programme: Programme) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    can_see_details = _can(request, "actors.view_contact_details", programme)
    can_edit = _can(request, "actors.change_directory", programme) and can_see_details
    rows = selectors.people_rows(programme, q=q, details=can_see_details)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    organisation_url = row_url("actors:organisation", **_args(programme))
    edit_url = row_url("actors:person_edit", **_args(programme))
    delete_url = row_url("actors:person_delete", **_args(programme))
    page.object_list = [
        {
            **row,
            "name": f"{row['first_name']} {row['last_name']}".strip(),  # as Person.__str__
            "organisation_url": organisation_url(row["organisation_id"])
            if row["organisation_id"]
            else "",
            "edit_url": edit_url(row["id"]) if can_edit else "",
            "delete_url": delete_url(row["id"]) if can_edit else "",
        }
        for row in page.object_list
    ]
    return render(
        request,
        "actors/people.html",
        {
            "programme": programme,
            "page": page,
            "q": q,
            "query": f"q={q}" if q else "",
            "can_edit": can_edit,
            "can_see_details": can_see_details,
        },
    )


@programme_view("actors.change_directory")
@require_http_methods(["GET", "POST"])
def person_form(request: HttpRequest, programme: Programme, pk: int | None = None):
    if not _can(request, "actors.view_contact_details", programme):
        raise PermissionDenied  # the form shows contact details
    person = (
        get_object_or_404(Person, territory=programme.territory, pk=pk)
        if pk
        else Person(territory=programme.territory)
    )
    initial = {}
    if not pk and request.GET.get("organisation", "").isdigit():
        initial["organisation"] = int(request.GET["organisation"])
    form = PersonForm(request.POST or None, instance=person, programme=programme, initial=initial)
    if submit(
        request,
        form,
        lambda: services.save_person(
            user=request.user, programme=programme, person=person, **form.cleaned_data
        ),
        _("The contact was saved."),
    ):
        return redirect("actors:people", **_args(programme))
    return _object_form(
        request,
        programme,
        form,
        _("Edit the contact") if pk else _("Add a contact"),
        "actors:people",
    )


# Mobilisation ----------------------------------------------------------------------------------


def _with_urls(programme, cards: list[dict]) -> list[dict]:
    """Board cards (``selectors.cards``) with the URLs of their organisation and of their move,
    and the options of their status list: each URL reversed once and the options of each status
    rendered once for all the cards."""
    organisation_url = row_url("actors:organisation", **_args(programme))
    move_url = row_url("actors:move", **_args(programme))
    options = {
        value: render_to_string(
            "actors/board.html#status-options",
            {"statuses": Status.choices, "selected": value},
        )
        for value in {card["status"] for card in cards}
    }
    for card in cards:
        card["url"] = organisation_url(card["organisation_id"])
        card["move_url"] = move_url(card["id"])
        card["options"] = options[card["status"]]
    return cards


@programme_view("actors.view_mobilisation")
def board(request: HttpRequest, programme: Programme) -> HttpResponse:
    today = timezone.localdate()

    def columns() -> list[dict]:
        columns = selectors.board(programme)
        _with_urls(programme, [card for column in columns for card in column["cards"]])
        return columns

    # The template keeps the appointments and the columns per content version and day (Django's
    # fragment cache): they are read only when the cache misses. The cards' status lists and
    # buttons belong to one form outside the cached part, which carries the CSRF token.
    return render(
        request,
        "actors/board.html",
        {
            "programme": programme,
            "columns": SimpleLazyObject(columns),
            "appointments": SimpleLazyObject(
                lambda: [
                    (m, selectors.appointment_is_past(m, today))
                    for m in selectors.coming_appointments(programme)
                ]
            ),
            "version": versions.content_version(programme.territory_id),
            "today": today.isoformat(),
            "cache_seconds": selectors.BOARD_CACHE_SECONDS,
            "can_move": _can(request, "actors.change_mobilisation", programme),
            # What a card says after a move (the htmx answer): named here, as a missing
            # variable costs each card an exception.
            "error": None,
            "moved": False,
        },
    )


@programme_view("actors.change_mobilisation")
@require_http_methods(["POST"])
def follow(request: HttpRequest, programme: Programme, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, territory=programme.territory, pk=pk)
    services.follow(user=request.user, programme=programme, organisation=organisation)
    messages.success(request, _("The organisation is now followed on the mobilisation board."))
    return redirect("actors:organisation", pk=pk, **_args(programme))


@programme_view("actors.change_mobilisation")
@require_http_methods(["POST"])
def move(request: HttpRequest, programme: Programme, pk: int) -> HttpResponse:
    mobilisation = get_object_or_404(
        programme.mobilisations.select_related("organisation__commune", "followed_by", "contact"),
        pk=pk,
    )
    form = MoveForm(request.POST, prefix=str(mobilisation.pk))  # the board's form holds all cards
    error = None
    if form.is_valid():
        try:
            services.move(
                user=request.user, mobilisation=mobilisation, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose a status from the list.")
    if request.htmx:
        card = selectors.cards(programme.mobilisations.filter(pk=mobilisation.pk))
        response = render(
            request,
            "actors/board.html#card",
            {
                "programme": programme,
                "m": _with_urls(programme, card)[0],
                "can_move": True,
                "error": error,
                "moved": error is None,
            },
        )
        response["HX-Trigger"] = "mobilisation-moved"
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("“%(name)s” is now: %(status)s.")
            % {"name": mobilisation.organisation, "status": mobilisation.get_status_display()},
        )
    return redirect("actors:board", **_args(programme))


@programme_view("actors.change_mobilisation")
@require_http_methods(["GET", "POST"])
def mobilisation_form(request: HttpRequest, programme: Programme, pk: int) -> HttpResponse:
    mobilisation = get_object_or_404(programme.mobilisations.select_related("organisation"), pk=pk)
    form = MobilisationForm(request.POST or None, instance=mobilisation, programme=programme)
    if submit(
        request,
        form,
        lambda: services.save_mobilisation(
            user=request.user, mobilisation=mobilisation, **form.cleaned_data
        ),
        _("The mobilisation was saved."),
    ):
        return redirect("actors:organisation", pk=mobilisation.organisation_id, **_args(programme))
    return _object_form(
        request,
        programme,
        form,
        _("Mobilisation %(of_name)s") % {"of_name": of_name(mobilisation.organisation.name)},
        "actors:organisation",
        {"pk": mobilisation.organisation_id},
    )


@programme_view("actors.change_mobilisation")
@require_http_methods(["GET", "POST"])
def interaction_add(request: HttpRequest, programme: Programme, pk: int) -> HttpResponse:
    """Record an exchange; a form with a problem comes back with what was typed and the
    field named."""
    mobilisation = get_object_or_404(programme.mobilisations, pk=pk)
    form = InteractionForm(request.POST or None, initial={"date": timezone.localdate()})
    if submit(
        request,
        form,
        lambda: services.add_interaction(
            user=request.user, mobilisation=mobilisation, **form.cleaned_data
        ),
        _("The exchange was recorded."),
    ):
        return redirect("actors:organisation", pk=mobilisation.organisation_id, **_args(programme))
    return _object_form(
        request,
        programme,
        form,
        _("Record an exchange with %(name)s") % {"name": mobilisation.organisation.name},
        "actors:organisation",
        {"pk": mobilisation.organisation_id},
    )


@programme_view("actors.change_mobilisation")
@require_http_methods(["GET", "POST"])
def interaction_delete(request: HttpRequest, programme: Programme, pk: int, interaction: int):
    mobilisation = get_object_or_404(programme.mobilisations, pk=pk)
    exchange = get_object_or_404(mobilisation.interactions, pk=interaction)
    return delete_page(
        request,
        programme,
        exchange,
        delete=lambda: services.delete_interaction(user=request.user, interaction=exchange),
        success=_("The exchange was deleted."),
        back=reverse(
            "actors:organisation", kwargs={**_args(programme), "pk": mobilisation.organisation_id}
        ),
    )


@programme_view("actors.change_directory")
@require_http_methods(["GET", "POST"])
def person_delete(request: HttpRequest, programme: Programme, pk: int):
    if not _can(request, "actors.view_contact_details", programme):
        raise PermissionDenied
    person = get_object_or_404(Person, territory=programme.territory, pk=pk)
    return delete_page(
        request,
        programme,
        person,
        delete=lambda: services.delete_person(
            user=request.user, programme=programme, person=person
        ),
        success=_("The contact was deleted."),
        back="actors:people",
    )


# Networks, events, communication plan, guide resources -----------------------------------------

SIMPLE = {
    "reseau": (Network, NetworkForm, "network", "actors:channels", _("network")),
    "evenement": (
        ChannelEvent,
        ChannelEventForm,
        "channel_event",
        "actors:channels",
        _("planned event"),
    ),
    "communication": (
        CommunicationItem,
        CommunicationItemForm,
        "communication_item",
        "actors:channels",
        _("communication plan item"),
    ),
    "ressource": (Resource, ResourceForm, "resource", "actors:guide", _("guide resource")),
}


def _simple_queryset(kind, programme):
    model = SIMPLE[kind][0]
    if model is Network:
        return Network.objects.filter(territory=programme.territory)
    return model.objects.filter(programme=programme)


def _simple_perm(kind):
    return "actors.manage_guide" if kind == "ressource" else "actors.change_mobilisation"


@programme_view("actors.view_mobilisation")
def channels(request: HttpRequest, programme: Programme) -> HttpResponse:
    return render(
        request,
        "actors/channels.html",
        {
            "programme": programme,
            "networks": Network.objects.filter(territory=programme.territory).annotate(
                n=Count("members")
            ),
            "events": programme.channel_events.all(),
            "items": programme.communication_items.all(),
            "can_edit": _can(request, "actors.change_mobilisation", programme),
        },
    )


@programme_view("actors.view_directory")
@require_http_methods(["GET", "POST"])
def simple_form(request: HttpRequest, programme: Programme, kind: str, pk: int | None = None):
    if kind not in SIMPLE:
        raise Http404
    if not _can(request, _simple_perm(kind), programme):
        raise PermissionDenied
    model, form_class, action, back, label = SIMPLE[kind]
    if pk:
        obj = get_object_or_404(_simple_queryset(kind, programme), pk=pk)
    else:
        obj = (
            model(territory=programme.territory) if model is Network else model(programme=programme)
        )
    kwargs = {"programme": programme} if form_class is ResourceForm else {}
    form = form_class(request.POST or None, instance=obj, **kwargs)
    if submit(
        request,
        form,
        lambda: services.save_simple(
            user=request.user, programme=programme, obj=obj, action=action, **form.cleaned_data
        ),
        _("Saved."),
    ):
        return redirect(back, **_args(programme))
    title = (_("Edit: %(what)s") if pk else _("Add: %(what)s")) % {"what": label}
    return _object_form(request, programme, form, title, back)


@programme_view("actors.view_directory")
@require_http_methods(["GET", "POST"])
def simple_delete(request: HttpRequest, programme: Programme, kind: str, pk: int):
    if kind not in SIMPLE:
        raise Http404
    if not _can(request, _simple_perm(kind), programme):
        raise PermissionDenied
    _model, _form, action, back, _label = SIMPLE[kind]
    obj = get_object_or_404(_simple_queryset(kind, programme), pk=pk)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.delete_simple(user=request.user, programme=programme, obj=obj, action=action)
        messages.success(request, _("“%(name)s” was deleted.") % {"name": obj})
        return redirect(back, **_args(programme))
    return render(
        request,
        "core/confirm_delete.html",
        {
            "programme": programme,
            "form": form,
            "object": obj,
            "back": back,
            "consequences": deletion.consequences(obj),
        },
    )


# Import and export -----------------------------------------------------------------------------


@programme_view("actors.import_directory")
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, programme: Programme) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        target = form.cleaned_data["target"]
        if target == "contacts" and not _can(request, "actors.view_contact_details", programme):
            raise PermissionDenied  # the preview shows contact details
        try:
            # The fast checks here; the reading by the task worker (the preview page waits).
            content = upload.read(tabular.MAX_BYTES + 1)
            tabular.precheck(upload.name, content)
        except tabular.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            # Keep only this user's latest pending file, and no file older than a day.
            ImportBatch.objects.filter(programme=programme, user=request.user).delete()
            ImportBatch.objects.filter(
                programme=programme, created_at__lt=timezone.now() - dt.timedelta(days=1)
            ).delete()
            batch = ImportBatch.objects.create(
                programme=programme,
                user=request.user,
                target=target,
                filename=upload.name[:200],
                status=ImportBatch.Status.PENDING,
                content=content,
            )
            tasks.read_import.enqueue(batch.pk)
            return redirect("actors:import_preview", pk=batch.pk, **_args(programme))
    return render(
        request,
        "actors/import_upload.html",
        {
            "programme": programme,
            "form": form,
            "max_rows": tabular.MAX_ROWS,
            "columns": {k: [c[1] for c in cols] for k, cols in tabular.COLUMNS.items()},
        },
    )


IMPORT_POLL_SECONDS = 1


def _import_progress(request, programme, batch) -> HttpResponse:
    """While the worker reads the file: a page that polls itself with htmx (as the documents'
    do), then shows the check; or why the file was refused; or that its reading was lost."""
    stalled = selectors.import_stalled(batch)
    waiting = batch.status == ImportBatch.Status.PENDING and not stalled
    if request.htmx and not waiting:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = request.get_full_path()
        return response
    context = {
        "programme": programme,
        "batch": batch,
        "waiting": waiting,
        "stalled": stalled,
        "poll_seconds": IMPORT_POLL_SECONDS,
    }
    template = "actors/import_progress.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, context, status=202 if waiting else 200)


@programme_view("actors.import_directory")
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, programme: Programme, pk: int) -> HttpResponse:
    batch = get_object_or_404(
        ImportBatch.objects.defer("content"), programme=programme, user=request.user, pk=pk
    )
    if batch.status != ImportBatch.Status.READY or request.htmx:
        return _import_progress(request, programme, batch)
    form = ImportConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            created = tabular.import_rows(
                user=request.user,
                programme=programme,
                target=batch.target,
                rows=batch.rows,
                only_valid=form.cleaned_data["only_valid"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            batch.delete()
            messages.success(
                request,
                _("%(count)s row(s) imported from %(file)s.")
                % {"count": created, "file": batch.filename},
            )
            return redirect(
                "actors:directory" if batch.target == "organisations" else "actors:people",
                **_args(programme),
            )
    rows = batch.rows
    bad = [r for r in rows if r["errors"]]
    good = [r for r in rows if not r["errors"]]
    name_key = "name" if batch.target == "organisations" else "last_name"
    return render(
        request,
        "actors/import_preview.html",
        {
            "programme": programme,
            "batch": batch,
            "form": form,
            "summary": tabular.summary(rows),
            "bad": bad,
            "good": good[:20],
            "name_key": name_key,
        },
    )


@programme_view("actors.view_directory")
def export(request: HttpRequest, programme: Programme, target: str, fmt: str) -> HttpResponse:
    if target not in tabular.COLUMNS or fmt not in ("csv", "xlsx"):
        raise Http404
    header, rows = tabular.export_table(
        target,
        programme,
        with_contact_details=_can(request, "actors.view_contact_details", programme),
    )
    if fmt == "csv":
        content, mime = tabular.to_csv(header, rows), "text/csv; charset=utf-8"
    else:
        content, mime = tabular.to_xlsx(header, rows, target), registry.MIME_TYPES["xlsx"]
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}-{target}.{fmt}"'
    return response


# Guide -----------------------------------------------------------------------------------------


@programme_view("actors.view_guide")
@require_http_methods(["GET", "POST"])
def guide(request: HttpRequest, programme: Programme) -> HttpResponse:
    can_manage = _can(request, "actors.manage_guide", programme)
    data = selectors.guide(programme, public=False)
    form = None
    if can_manage:
        form = GuideForm(
            request.POST if request.method == "POST" else None,
            initial={"published": data["published"], "introduction": data["introduction"]},
        )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            services.publish_guide(user=request.user, programme=programme, **form.cleaned_data)
            messages.success(
                request,
                _("The guide is published.")
                if form.cleaned_data["published"]
                else _("The guide is not public."),
            )
            return redirect("actors:guide", **_args(programme))
    return render(
        request,
        "actors/guide.html",
        {"programme": programme, "guide": data, "form": form, "can_manage": can_manage},
    )


@programme_view("actors.view_guide")
@require_http_methods(["GET", "POST"])
def guide_pdf(request: HttpRequest, programme: Programme) -> HttpResponse:
    """The guide as PDF, produced by the task worker (see documents.delivery)."""
    return deliver(request, programme, "guide", format="pdf", title=_("Territory guide (PDF)"))


def guide_public(request: HttpRequest, territory: str, programme: str) -> HttpResponse:
    """The territory guide for everyone, once the lead published it (404 before)."""
    territory_obj = get_object_or_404(Territory, slug=territory)
    with scope(territory=territory_obj):
        programme_obj = get_object_or_404(Programme, territory=territory_obj, slug=programme)
        data = selectors.guide(programme_obj, public=True)
        if not data["published"]:
            raise Http404
        return render(
            request, "actors/guide_public.html", {"guide": data, "public_programme": programme_obj}
        )
