import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copilote.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (after the application: settings are set up)

if settings.SECRET_KEY_MISSING:
    from copilote.core.checks import missing_secret_key_message

    sys.stderr.write(missing_secret_key_message() + "\n")
    raise SystemExit(3)  # gunicorn stops (« Worker failed to boot ») instead of retrying
