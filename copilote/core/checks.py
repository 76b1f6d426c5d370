"""System checks of the deployment: what a production server needs before it serves."""

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _


def missing_secret_key_message() -> str:
    return _(
        "SECRET_KEY is not set: a production server needs it. Set it in the environment to a "
        "long random value, e.g. the output of "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))', and keep it secret. "
        "(On a development machine, DEBUG=1 serves without it; the other commands never "
        "need it.)"
    )


def secret_key(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if getattr(settings, "SECRET_KEY_MISSING", False):
        return [checks.Error(missing_secret_key_message(), id="copilote.E001")]
    return []
