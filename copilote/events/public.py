"""Public pages: no account, the territory scope, a rate limit per client address.

``public_programme_view(group)`` loads the territory and the programme named in the URL (404
when either is unknown), activates the territory scope and counts the request against a rate
limit per client address (django-ratelimit, through the shared cache, so that it holds across
processes). Past the limit the visitor gets HTTP 429 with a French page. Reading a page and
sending a form have separate limits: the second is much lower.

The client address is ``REMOTE_ADDR``; behind a reverse proxy, set ``RATELIMIT_IP_META_KEY``
(django-ratelimit's setting) to the header the proxy fills.
"""

from __future__ import annotations

import functools

from django.shortcuts import get_object_or_404, render
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited
from django_scopes import scope

from copilote.programmes.models import Programme, Territory

READ_RATE = "120/m"
WRITE_RATE = "20/m"


def limited(request, group: str) -> bool:
    rate = WRITE_RATE if request.method == "POST" else READ_RATE
    return is_ratelimited(
        request,
        group=f"{group}.{request.method.lower()}",
        key="ip",
        rate=rate,
        method=ALL,
        increment=True,
    )


def too_many(request):
    return render(request, "events/too_many.html", status=429)


def public_programme_view(group: str):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, territory: str, programme: str, **kwargs):
            if limited(request, group):
                return too_many(request)
            territory_obj = get_object_or_404(Territory, slug=territory)
            with scope(territory=territory_obj):
                programme_obj = get_object_or_404(
                    Programme.objects.select_related("territory"),
                    territory=territory_obj,
                    slug=programme,
                )
                return view(request, programme_obj, **kwargs)

        return wrapper

    return decorator
