"""Settings for the test suite: the production settings with test-friendly switches."""

import os

os.environ.setdefault("COPILOTE_TESTING", "1")

from copilote.settings import *  # noqa: E402,F403

# Tests keep the cache in memory (the conftest empties it before every test, database or not);
# production shares Django's database cache between processes (see settings.CACHES).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
