"""Invitations: the lead invites by email; the invited person sets a password from the link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit
from django_scopes import scope, scopes_disabled

from copilote.accounts import selectors, services
from copilote.accounts.forms import AcceptForm, InviteForm, StarterForm
from copilote.accounts.models import Invitation
from copilote.accounts.tokens import invitation_token
from copilote.core.views_helpers import submit
from copilote.programmes.access import programme_view


def _back(programme):
    return redirect(
        "accounts:invitations", territory=programme.territory.slug, programme=programme.slug
    )


@programme_view("programmes.manage_members")
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, programme) -> HttpResponse:
    form = InviteForm(request.POST or None)
    invitation = submit(
        request,
        form,
        lambda: services.invite(
            user=request.user,
            programme=programme,
            base_url=request.build_absolute_uri("/"),
            **form.cleaned_data,
        ),
        _("The invitation is being sent."),
    )
    if invitation:
        return _back(programme)
    pending = programme.invitations.filter(accepted_at=None, revoked_at=None)
    page = Paginator(pending, 50).get_page(request.GET.get("page"))
    page.object_list = selectors.with_mail_outcomes(page.object_list)  # a failed mail shows
    return render(
        request, "accounts/invitations.html", {"programme": programme, "form": form, "page": page}
    )


@programme_view("programmes.manage_members")
@require_POST
def invitation_action(request: HttpRequest, programme, pk: int, action: str) -> HttpResponse:
    invitation = get_object_or_404(programme.invitations, pk=pk)
    try:
        if action == "renvoyer":
            services.resend(
                user=request.user,
                invitation=invitation,
                base_url=request.build_absolute_uri("/"),
            )
            messages.success(request, _("The invitation was sent again."))
        elif action == "revoquer":
            services.revoke(user=request.user, invitation=invitation)
            messages.success(request, _("The invitation was revoked: its link no longer works."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(programme)


@ratelimit(key="ip", rate="30/m", block=True)
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError):
        raise Http404 from None
    with scopes_disabled():
        invitation = Invitation.objects.select_related("programme__territory").filter(pk=pk).first()
    if invitation is None or not invitation_token.check_token(invitation, token):
        return render(request, "accounts/invitation_invalid.html", status=404)
    programme = invitation.programme
    with scope(territory=programme.territory):
        if request.user.is_authenticated:
            form = None
            if request.method == "POST":
                try:
                    services.accept(invitation=invitation, user=request.user)
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    return _joined(request, programme)
        else:
            form = AcceptForm(request.POST or None)
            user = submit(
                request,
                form,
                lambda: services.accept(
                    invitation=invitation,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password1"],
                ),
                _("Welcome: your account is ready."),
            )
            if user:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return _joined(request, programme)
        context = {"invitation": invitation, "programme_name": programme.name, "form": form}
        return render(request, "accounts/accept.html", context)


def _joined(request, programme):
    messages.success(request, _("You joined « %(name)s ».") % {"name": programme.name})
    return redirect(
        "programmes:dashboard", territory=programme.territory.slug, programme=programme.slug
    )


# Who may start an experimentation: the network administrator's page ----------------------------


def _network_admin(request: HttpRequest) -> None:
    from django.core.exceptions import PermissionDenied

    if not getattr(request.user, "is_network_admin", False):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def starters(request: HttpRequest) -> HttpResponse:
    """The accounts allowed to start experimentations; the network administrator adds one."""
    _network_admin(request)
    form = StarterForm(request.POST or None)
    granted = submit(
        request,
        form,
        lambda: services.grant_start(user=request.user, account=form.cleaned_data["account"]),
        _("This account may now start experimentations."),
    )
    if granted:
        return redirect("starters")
    page = Paginator(services.starters(), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/starters.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def starter_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the permission back, after a confirmation."""
    _network_admin(request)
    account = get_object_or_404(services.starters(), pk=pk)
    if request.method == "POST":
        services.revoke_start(user=request.user, account=account)
        messages.success(
            request,
            _("%(name)s may no longer start experimentations.")
            % {"name": account.get_full_name() or account.username},
        )
        return redirect("starters")
    return render(request, "accounts/starter_revoke.html", {"account": account})
