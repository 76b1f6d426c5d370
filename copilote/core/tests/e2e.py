"""End-to-end test fixtures: Debian's Chromium, headless, driven by Playwright.

Enable them from a conftest with::

    pytest_plugins = ["copilote.core.tests.e2e"]

Fixtures:

- ``browser`` (session): Chromium from the system (``chromium`` on PATH or /usr/bin/chromium);
  Playwright never downloads a browser here. Without Chromium the tests are skipped, except in
  CI (``CI=true``) where they fail.
- ``page``: a fresh French browser context (fr-FR, Europe/Paris) whose base URL is the
  ``live_server``, so ``page.goto("/accounts/login/")`` works.
- ``login``: ``login(username, password="demo")`` signs in through the login form.
- ``axe_check``: ``axe_check(page)`` runs axe-core on the current page and fails the test on
  any serious or critical accessibility violation.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# database access from the test body ("You cannot call this from an async context").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DEFAULT_TIMEOUT_MS = 10_000
BLOCKING_IMPACTS = ("serious", "critical")
AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")

LOGIN_URL = "/accounts/login/"
USERNAME_LABEL = re.compile(r"^Nom d[’']utilisateur", re.IGNORECASE)
PASSWORD_LABEL = re.compile(r"^Mot de passe", re.IGNORECASE)
LOGIN_BUTTON = "Se connecter"


def chromium_executable() -> str:
    return shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_executable()
    if not os.access(executable, os.X_OK):
        message = f"Chromium not found ({executable}): install Debian's chromium package"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", base_url=live_server.url
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def login(page: Page) -> Callable[..., Page]:
    """Sign in through the login form; fails the test when the credentials are refused."""

    def _login(username: str, password: str = "demo") -> Page:
        page.goto(LOGIN_URL)
        # The fields by their visible label (Django's French), or by id if the wording differs.
        page.get_by_label(USERNAME_LABEL).or_(page.locator("#id_username")).fill(username)
        page.get_by_label(PASSWORD_LABEL).or_(page.locator("#id_password")).fill(password)
        submit = page.get_by_role("button", name=LOGIN_BUTTON).or_(
            page.locator("form:has(#id_password) [type=submit]")
        )
        with page.expect_navigation():
            submit.first.click()
        if page.url.split("?")[0].endswith(LOGIN_URL):
            pytest.fail(f"login as {username!r} was refused (still on {page.url})")
        return page

    return _login


def _selector(target) -> str:
    # axe gives a list: one selector, or a chain through iframes / shadow roots.
    if isinstance(target, list):
        return " >> ".join(_selector(part) for part in target)
    return str(target)


def _format_violations(violations: list[dict], url: str) -> str:
    lines = [f"{len(violations)} serious/critical accessibility violation(s) on {url}:"]
    for violation in violations:
        nodes = violation.get("nodes", [])
        targets = [_selector(node.get("target", "?")) for node in nodes[:3]]
        more = f" (+{len(nodes) - 3} more)" if len(nodes) > 3 else ""
        lines.append(
            f"- {violation['id']} [{violation.get('impact')}]: {violation.get('help')}"
            f" — {', '.join(targets)}{more} ({violation.get('helpUrl', '')})"
        )
    return "\n".join(lines)


@pytest.fixture(scope="session")
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture
def axe_check(page: Page, _axe_source: str) -> Callable[..., list[dict]]:
    """``axe_check(page=None)``: run axe-core on a page (the test's page by default).

    Fails the test on serious or critical violations; returns all violations found.
    """

    def check_a11y(target: Page | None = None) -> list[dict]:
        target = target or page
        if not target.evaluate("() => typeof window.axe !== 'undefined'"):
            target.evaluate(_axe_source)
        results = target.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        violations = results["violations"]
        blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
        if blocking:
            pytest.fail(_format_violations(blocking, target.url), pytrace=False)
        return violations

    return check_a11y
