"""Programme pages: dashboard, edition, themes, communes, members. Thin: parse, call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from copilote.core import versions
from copilote.core.forms import add_service_errors
from copilote.core.views_helpers import delete_page, form_page
from copilote.programmes import selectors, services
from copilote.programmes.access import programme_view
from copilote.programmes.forms import CommuneForm, MemberForm, ProgrammeForm, RoleForm, ThemeForm
from copilote.programmes.models import Commune, Programme, Theme


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_network_admin:
        territories = selectors.portfolio(today=timezone.localdate())
        return render(request, "programmes/portfolio.html", {"territories": territories})
    from copilote.programmes.start import can_start

    programmes = selectors.programmes_for(request.user)
    starts = can_start(request.user)
    if len(programmes) == 1 and not starts:  # not a list of one: straight to what there is to do
        only = programmes[0]
        return redirect("programmes:dashboard", territory=only.territory.slug, programme=only.slug)
    context = {"programmes": programmes, "can_start": starts}
    return render(request, "programmes/home.html", context)


@programme_view()
def dashboard(request: HttpRequest, programme: Programme) -> HttpResponse:
    today = timezone.localdate()
    # The template caches the page's body per content version, user and day: the board is read
    # only when the cache misses.
    board = SimpleLazyObject(lambda: selectors.dashboard(programme, user=request.user, today=today))
    context = {
        "programme": programme,
        "board": board,
        "version": versions.content_version(programme.territory_id),
        "today": today.isoformat(),
        "cache_seconds": selectors.DASHBOARD_CACHE_SECONDS,
    }
    return render(request, "programmes/dashboard.html", context)


@programme_view()
def detail(request: HttpRequest, programme: Programme) -> HttpResponse:
    partners = programme.partners.select_related("organisation")
    context = {"programme": programme, "partners": partners}
    return render(request, "programmes/detail.html", context)


@programme_view("programmes.change_programme")
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, programme: Programme) -> HttpResponse:
    form = ProgrammeForm(request.POST or None, instance=programme)
    return form_page(
        request,
        programme,
        form,
        save=lambda: services.update_programme(
            user=request.user,
            programme=programme,
            **form.lock(),
            **form.values(),
        ),
        success=_("The experimentation was saved."),
        title=_("Edit the experimentation"),
        back="programmes:detail",
    )


# Themes ----------------------------------------------------------------------------------------


@programme_view()
def themes(request: HttpRequest, programme: Programme) -> HttpResponse:
    context = {"programme": programme, "themes": programme.themes.all()}
    return render(request, "programmes/themes.html", context)


@programme_view("programmes.change_theme")
@require_http_methods(["GET", "POST"])
def theme_form(request: HttpRequest, programme: Programme, slug: str | None = None):
    theme = get_object_or_404(programme.themes, slug=slug) if slug else Theme(programme=programme)
    form = ThemeForm(request.POST or None, instance=theme)
    return form_page(
        request,
        programme,
        form,
        save=lambda: services.save_theme(
            user=request.user,
            programme=programme,
            theme=theme if slug else None,
            **form.cleaned_data,
        ),
        success=_("The theme was saved."),
        title=_("Edit the theme") if slug else _("Add a theme"),
        back="programmes:themes",
    )


@programme_view("programmes.change_theme")
@require_http_methods(["GET", "POST"])
def theme_delete(request: HttpRequest, programme: Programme, slug: str) -> HttpResponse:
    theme = get_object_or_404(programme.themes, slug=slug)
    return delete_page(
        request,
        programme,
        theme,
        delete=lambda: services.delete_theme(user=request.user, theme=theme),
        success=_("The theme “%(name)s” was deleted.") % {"name": theme.name},
        back="programmes:themes",
    )


# Communes --------------------------------------------------------------------------------------


@programme_view()
def communes(request: HttpRequest, programme: Programme) -> HttpResponse:
    context = {"programme": programme, "communes": programme.territory.communes.all()}
    return render(request, "programmes/communes.html", context)


@programme_view("programmes.change_communes")
@require_http_methods(["GET", "POST"])
def commune_form(request: HttpRequest, programme: Programme, pk: int | None = None):
    territory = programme.territory
    commune = (
        get_object_or_404(Commune, territory=territory, pk=pk)
        if pk
        else Commune(territory=territory)
    )
    form = CommuneForm(request.POST or None, instance=commune)
    return form_page(
        request,
        programme,
        form,
        save=lambda: services.save_commune(
            user=request.user,
            programme=programme,
            commune=commune if pk else None,
            **form.cleaned_data,
        ),
        success=_("The commune was saved."),
        title=_("Edit the commune") if pk else _("Add a commune"),
        back="programmes:communes",
    )


@programme_view("programmes.change_communes")
@require_http_methods(["GET", "POST"])
def commune_delete(request: HttpRequest, programme: Programme, pk: int) -> HttpResponse:
    commune = get_object_or_404(Commune, territory=programme.territory, pk=pk)
    return delete_page(
        request,
        programme,
        commune,
        delete=lambda: services.delete_commune(
            user=request.user, programme=programme, commune=commune
        ),
        success=_("The commune “%(name)s” was deleted.") % {"name": commune},
        back="programmes:communes",
    )


# Members ---------------------------------------------------------------------------------------


@programme_view()
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, programme: Programme) -> HttpResponse:
    can_manage = request.user.has_perm("programmes.manage_members", programme)
    form = MemberForm(request.POST or None, programme=programme) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_member(
                    user=request.user,
                    programme=programme,
                    member=form.cleaned_data["identifier"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The member was added."))
                return redirect(
                    "programmes:members",
                    territory=programme.territory.slug,
                    programme=programme.slug,
                )
    page = Paginator(selectors.members(programme), 50).get_page(request.GET.get("page"))
    context = {
        "programme": programme,
        "page": page,
        "form": form,
        "can_manage": can_manage,
        "role_form": RoleForm(),
    }
    return render(request, "programmes/members.html", context)


@programme_view("programmes.manage_members")
@require_http_methods(["POST"])
def member_role(request: HttpRequest, programme: Programme, pk: int) -> HttpResponse:
    """Change a member's role: the row is swapped in place with htmx, or the page reloads."""
    membership = get_object_or_404(programme.memberships.select_related("user"), pk=pk)
    form = RoleForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.change_role(
                user=request.user, membership=membership, role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose a role from the list.")
    if request.htmx:
        membership.refresh_from_db()
        context = {
            "programme": programme,
            "membership": membership,
            "can_manage": True,
            "role_form": RoleForm(),
            "error": error,
            "saved": error is None,
        }
        return render(request, "programmes/members.html#member-row", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The role was changed."))
    return redirect(
        "programmes:members", territory=programme.territory.slug, programme=programme.slug
    )


@programme_view("programmes.manage_members")
@require_http_methods(["GET", "POST"])
def member_delete(request: HttpRequest, programme: Programme, pk: int) -> HttpResponse:
    membership = get_object_or_404(programme.memberships.select_related("user"), pk=pk)
    return delete_page(
        request,
        programme,
        membership,
        delete=lambda: services.remove_member(user=request.user, membership=membership),
        success=_("%(user)s no longer belongs to the experimentation.") % {"user": membership.user},
        back="programmes:members",
    )
