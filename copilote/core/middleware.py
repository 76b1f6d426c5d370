from django.conf import settings
from django.utils.cache import patch_cache_control
from django_scopes import scopes_disabled


class AdminScopeMiddleware:
    """The administration site is for network administrators: it works across territories."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            with scopes_disabled():
                return self.get_response(request)
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages seen by a logged-in user hold their programme's data: no cache may keep them
    (``Cache-Control: no-store``), neither the browser's nor a shared one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) and not request.path.startswith(
            settings.STATIC_URL
        ):
            patch_cache_control(response, no_store=True, private=True)
        return response
