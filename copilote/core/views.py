from pathlib import Path

from django.db import connection
from django.http import FileResponse, HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

FAVICON = Path(__file__).resolve().parent / "static" / "core" / "favicon.ico"


@cache_control(public=True, max_age=7 * 24 * 3600)
@require_safe
def favicon(request: HttpRequest) -> FileResponse:
    """/favicon.ico, which browsers and feed readers ask for whatever the page says."""
    return FileResponse(FAVICON.open("rb"), content_type="image/x-icon")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the app and its database answer, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
