"""Who is asking, and how often: the client's address and the password-reset limit.

The client's address is ``REMOTE_ADDR``; only behind a reverse proxy we run
(``COPILOTE_BEHIND_PROXY``) is the last address of ``X-Forwarded-For`` (the one our proxy added)
trusted instead; or, when ``RATELIMIT_IP_META_KEY`` names a header the proxy fills, that header.
Login throttling (django-axes) and rate limits (django-ratelimit) both use it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django_ratelimit.core import is_ratelimited


def client_ip(request) -> str:
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def _email_key(group, request) -> str:
    return request.POST.get("email", "").strip().lower()[:254]


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, with at most ``COPILOTE_RESET_MAILS_PER_HOUR`` mails per address
    typed and per client address. Past the limit the answer is the same « mail sent » page (it
    never says whether an account exists) and no mail leaves."""

    def post(self, request, *args, **kwargs):
        rate = f"{settings.COPILOTE_RESET_MAILS_PER_HOUR}/h"
        limited = False
        for key in (_email_key, "ip"):
            # Both counters count every attempt, so that one cannot be reset by the other.
            limited |= is_ratelimited(
                request, group="password_reset", key=key, rate=rate, method="POST", increment=True
            )
        if limited:
            return redirect(self.get_success_url())
        return super().post(request, *args, **kwargs)


def lockout(request, original_response=None, credentials=None):
    """django-axes' answer to a locked account or address: a French page, status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"lockout_minutes": minutes}, status=429)
