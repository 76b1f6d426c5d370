"""How every programme page finds its objects: scope, membership, permission.

``programme_view`` loads the territory and programme named in the URL, activates the territory
scope for the whole request, answers 404 to anyone who is not a member (another territory's
objects do not exist for them), and checks the view's permission on the programme.
"""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django_scopes import scope, scopes_disabled

from copilote.programmes.models import Programme


def programme_view(perm: str = "programmes.view_programme"):
    def decorator(view):
        @login_required
        @functools.wraps(view)
        def wrapper(request, territory: str, programme: str, **kwargs):
            # One query for both (the territory's scope is activated right after).
            with scopes_disabled():
                programme_obj = get_object_or_404(
                    Programme.objects.select_related("territory", "sponsor"),
                    territory__slug=territory,
                    slug=programme,
                )
            with scope(territory=programme_obj.territory):
                if not request.user.has_perm("programmes.view_programme", programme_obj):
                    raise Http404
                if not request.user.has_perm(perm, programme_obj):
                    raise PermissionDenied
                request.programme = programme_obj
                return view(request, programme_obj, **kwargs)

        return wrapper

    return decorator
