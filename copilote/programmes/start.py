"""« Nouvelle expérimentation »: a territory, then a programme from the kit, then its calendar
back-planned from the target restitution date (the calendar's own page). Each step is saved."""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_scopes import scope, scopes_disabled

from copilote.core.forms import Form, LinesField
from copilote.core.views_helpers import submit
from copilote.planning.forms import MEETING_COUNTS
from copilote.programmes import services
from copilote.programmes.models import Programme, Territory, slug_validator

# The kit's own wording (« Objectif de l'expérimentation », « Finalités »).
KIT_OBJECTIVE = (
    "Inventer collectivement des solutions de partenariat pour répondre à des enjeux partagés "
    "du territoire."
)
KIT_FINALITIES = [
    "Sensibiliser au rapprochement associations / entreprises",
    "Expérimenter une forme innovante de dialogue entre associations et entreprises du "
    "territoire pour faire émerger des solutions concrètes",
    "Proposer des solutions opérationnelles à partager avec la Collectivité territoriale",
]
COMMUNE_LINE = re.compile(r"^\s*(?P<name>[^;]+?)\s*;\s*(?P<code>[0-9][0-9AB][0-9]{3})\s*$")


def can_start(user) -> bool:
    """A network administrator, or whom they allowed: the « Can add experimentation »
    permission given in the administration (user's permissions, or a group's)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_network_admin or user.has_perm("programmes.add_programme"))


def can_use_territory(user, territory: Territory) -> bool:
    """The network administrator starts in any territory; whom they allowed, in a new one
    (still without experimentation) or in one where they lead an experimentation."""
    if user.is_network_admin:
        return True
    with scopes_disabled():
        programmes = territory.programmes.all()
        return (
            not programmes.exists()
            or programmes.filter(memberships__user=user, memberships__role="lead").exists()
        )


class TerritoryForm(Form):
    existing = forms.ModelChoiceField(
        queryset=Territory.objects.all(),
        required=False,
        label=gettext_lazy("An existing territory"),
        empty_label=gettext_lazy("— a new territory —"),
    )
    name = forms.CharField(
        label=gettext_lazy("Name of the new territory"), max_length=200, required=False
    )
    authority = forms.CharField(
        label=gettext_lazy("Local authority"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("E.g. Communauté de communes Charenton-le-Pont – Saint-Maurice."),
    )
    communes = forms.CharField(
        label=gettext_lazy("Communes"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line: name; INSEE code (e.g. Saint-Maurice; 94069)."),
    )

    def clean_communes(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["communes"].splitlines(), start=1):
            if not line.strip():
                continue
            match = COMMUNE_LINE.match(line)
            if not match:
                raise ValidationError(
                    _("Line %(n)s: write the name, a semicolon and the 5-character INSEE code.")
                    % {"n": number}
                )
            rows.append((match["name"], match["code"]))
        return rows

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_network_admin:
            with scopes_disabled():
                led = Territory.objects.filter(
                    programmes__memberships__user=user, programmes__memberships__role="lead"
                ).distinct()
            self.fields["existing"].queryset = led

    def clean(self):
        data = super().clean()
        if not data.get("existing") and not data.get("name"):
            raise ValidationError(_("Choose a territory or name a new one."))
        return data


class ProgrammeStartForm(Form):
    source = forms.TypedChoiceField(
        label=gettext_lazy("Start from"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=gettext_lazy(
            "Another experimentation (« kit transfert »): its frames, themes, working groups and "
            "calendar shape are copied, never its people, contacts or notes."
        ),
    )
    name = forms.CharField(label=gettext_lazy("Name of the experimentation"), max_length=200)
    sponsor = forms.CharField(
        label=gettext_lazy("Sponsor (local authority)"), max_length=200, required=False
    )
    partner = forms.ModelChoiceField(
        label=gettext_lazy("Partner company"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("Type a few letters of its name to find it in the directory."),
    )
    new_partner = forms.CharField(
        label=gettext_lazy("Or a new partner company"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Not in the directory yet: its name, it is added."),
    )
    objective = forms.CharField(
        label=gettext_lazy("Objective of the experimentation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        initial=KIT_OBJECTIVE,
        max_length=2000,
    )
    finalities = LinesField(label=gettext_lazy("Finalities"), initial=KIT_FINALITIES)
    themes = LinesField(
        label=gettext_lazy("Themes"),
        help_text=gettext_lazy(
            "One per line, e.g. Insertion des jeunes, Handicap, Lutte contre la précarité."
        ),
    )
    meetings_per_group = forms.TypedChoiceField(
        label=gettext_lazy("Meetings per working group"), choices=MEETING_COUNTS, coerce=int
    )
    target = forms.DateField(
        label=gettext_lazy("Target date of the restitution"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        from copilote.actors.models import Organisation
        from copilote.core.widgets import SearchSelect, attach

        with scopes_disabled():
            self.fields["partner"].queryset = Organisation.objects.filter(territory=territory)
        attach(
            self.fields["partner"],
            SearchSelect(search_url=reverse("start_partner_search", args=[territory.slug])),
        )
        with scopes_disabled():
            programmes = Programme.objects.select_related("territory").order_by(
                "territory__name", "name"
            )
            if not user.is_network_admin:  # only what they take part in
                programmes = programmes.filter(memberships__user=user).distinct()
            self.fields["source"].choices = [("", _("the kit (2013)"))] + [
                (p.pk, f"{p.territory.name} – {p.name}") for p in programmes
            ]

    def clean(self):
        data = super().clean()
        if data.get("partner") and data.get("new_partner"):
            self.add_error(
                "new_partner",
                _("Choose the company in the directory or name a new one, not both."),
            )
        if data.get("source"):
            with scopes_disabled():
                data["source"] = Programme.objects.filter(pk=data["source"]).first()
        return data


@login_required
@require_http_methods(["GET", "POST"])
def start_territory(request: HttpRequest) -> HttpResponse:
    if not can_start(request.user):
        raise PermissionDenied
    form = TerritoryForm(request.POST or None, user=request.user)

    def save():
        if form.cleaned_data["existing"]:
            return form.cleaned_data["existing"]
        name = form.cleaned_data["name"]
        return services.create_territory(
            user=request.user,
            name=name,
            slug=slugify(name)[:80],
            authority=form.cleaned_data["authority"],
            communes=form.cleaned_data["communes"],
        )

    territory = submit(request, form, save, _("Step 1 saved: the territory."))
    if territory:
        return redirect("start_programme", territory=territory.slug)
    return render(request, "programmes/start.html", {"form": form, "step": 1})


@login_required
@require_http_methods(["GET", "POST"])
def start_programme(request: HttpRequest, territory: str) -> HttpResponse:
    if not can_start(request.user):
        raise PermissionDenied
    territory_obj = get_object_or_404(Territory, slug=territory)
    if not can_use_territory(request.user, territory_obj):
        raise Http404
    form = ProgrammeStartForm(request.POST or None, user=request.user, territory=territory_obj)
    with scope(territory=territory_obj):
        programme = submit(
            request,
            form,
            lambda: _create(request.user, territory_obj, form.cleaned_data),
            _("Step 2 saved: the experimentation, with its copy of the kit."),
        )
        if programme:
            data = form.cleaned_data
            query = urlencode(
                {
                    "target": data["target"].isoformat(),
                    "anchor": "restitution",
                    "meetings_per_group": data["meetings_per_group"],
                }
            )
            url = reverse(
                "planning:plan",
                kwargs={"territory": territory_obj.slug, "programme": programme.slug},
            )
            messages.info(request, _("Step 3: check the proposed calendar and confirm it."))
            return redirect(f"{url}?{query}")
    context = {"form": form, "step": 2, "territory": territory_obj}
    return render(request, "programmes/start.html", context)


@login_required
def partner_search(request: HttpRequest, territory: str) -> HttpResponse:
    """The territory's organisations matching what is typed in the partner company's widget."""
    from copilote.actors.search import find_territory_organisations
    from copilote.core.widgets import search_results

    if not can_start(request.user):
        raise PermissionDenied
    territory_obj = get_object_or_404(Territory, slug=territory)
    if not can_use_territory(request.user, territory_obj):
        raise Http404
    q = request.GET.get("q", "").strip()[:100]
    with scopes_disabled():  # the territory's own directory, checked above
        options, more = find_territory_organisations(territory_obj.pk, q)
    return HttpResponse(search_results(request, options, more=more))


@transaction.atomic
def _create(user, territory, data):
    from copilote.actors.models import Organisation

    slug = slugify(data["name"])[:80] or "experimentation"
    slug_validator(slug)
    base, n = slug, 1
    while territory.programmes.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"[:80]

    def organisation(name, kind):
        if not name:
            return None
        org = Organisation.objects.filter(territory=territory, name__iexact=name).first()
        return org or Organisation.objects.create(territory=territory, name=name, kind=kind)

    sponsor = organisation(data["sponsor"], "collectivite")
    programme = services.create_programme(
        user=user,
        territory=territory,
        name=data["name"],
        slug=slug,
        sponsor=sponsor,
        objective=data["objective"],
        finalities=data["finalities"],
        meetings_per_group=data["meetings_per_group"],
        source=data.get("source"),
    )
    partner = data.get("partner") or organisation(data.get("new_partner"), "entreprise")
    if partner:
        from copilote.programmes.models import ProgrammePartner

        ProgrammePartner.objects.create(programme=programme, organisation=partner)
    from copilote.workgroups import services as groups

    copied = {t.slug for t in programme.themes.all()}
    for name in data["themes"]:
        if (slugify(name)[:80] or "theme") not in copied:
            services.save_theme(
                user=user, programme=programme, name=name, slug=slugify(name)[:80] or "theme"
            )
    # The kit's working group of each theme, with its series of 3 or 4 meetings from the
    # programme's frames (the calendar's back-planning dates them).
    for theme in programme.themes.all():
        groups.save_group(user=user, programme=programme, theme=theme)
    return programme
