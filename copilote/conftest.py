"""Fixtures shared by every app's tests."""

import pytest
from django_scopes import scopes_disabled

from copilote.core.tests.factories import (
    MembershipFactory,
    ProgrammeFactory,
    UserFactory,
)

pytest_plugins = ["copilote.core.tests.e2e"]

ROLES = ("lead", "committee", "facilitator", "participant", "observer")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (ids are reused after a rollback on SQLite, so a
    cached value could otherwise outlive its test)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def flaky(settings):
    """Mail through :class:`copilote.core.tests.flaky_mail.FlakyBackend`, reset, retried at once."""
    from copilote.core.tests.flaky_mail import FlakyBackend

    settings.EMAIL_BACKEND = "copilote.core.tests.flaky_mail.FlakyBackend"
    settings.COPILOTE_MAIL_RETRY_DELAYS = (0, 0)
    FlakyBackend.sent, FlakyBackend.calls, FlakyBackend.failing = [], 0, set()
    return FlakyBackend


@pytest.fixture
def unscoped():
    """Run the test body's direct queries outside any territory scope."""
    with scopes_disabled():
        yield


@pytest.fixture
def programme(db):
    return ProgrammeFactory(name="Expérimentation test", slug="experimentation-test")


@pytest.fixture
def users(programme):
    """One user per role in ``programme``, plus a member of another territory and an admin."""
    result = {}
    for role in ROLES:
        result[role] = MembershipFactory(
            programme=programme, role=role, user=UserFactory(username=role)
        ).user
    result["other"] = MembershipFactory(role="lead", user=UserFactory(username="other")).user
    result["network_admin"] = UserFactory(username="reseau", is_network_admin=True)
    return result


@pytest.fixture
def client_for(client, users):
    """A test client logged in as the given role (``None``: anonymous)."""

    def make(role):
        client.logout()
        if role is not None:
            client.force_login(users[role])
        return client

    return make
