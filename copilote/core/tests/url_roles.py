"""Pages outside a programme owned by core (collected by copilote/core/tests/test_urls.py)."""

OTHER_URLS = {
    "favicon": ({}, 200, 200),
}
