"""Settings for the test suite: the production settings with test-friendly switches."""

import os

os.environ.setdefault("COPILOTE_TESTING", "1")

from copilote.settings import *  # noqa: E402,F403
