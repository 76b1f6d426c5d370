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


class _LoadedDemo:
    """The demo loaded once and kept, inside a transaction left open, for as long as the tests
    that follow one another want it: Django's ``TestCase.setUpTestData`` pattern across tests.
    Each test runs in a savepoint of that transaction (pytest-django's atomic block nests in
    it), so it sees the demo as loaded and what it changes is undone. The transaction is rolled
    back after the last test of a run that asks for it (in the same context as it was opened:
    the browser tests' event loop gives the database connection another context)."""

    outer = None
    pk = None
    blocker = None

    @classmethod
    def load(cls, blocker) -> None:
        from django.db import transaction

        from copilote.programmes.demo import load_demo

        with blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                programme, _created = load_demo()
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        cls.outer, cls.pk, cls.blocker = outer, programme.pk, blocker

    @classmethod
    def drop(cls, blocker=None) -> None:
        from django.db import transaction

        if cls.outer is None:
            return
        with (blocker or cls.blocker).unblock():
            transaction.set_rollback(True)
            cls.outer.__exit__(None, None, None)
        cls.outer = cls.pk = None


@pytest.fixture(scope="session")
def _demo_dropped_at_the_end(django_db_setup, django_db_blocker):
    yield
    _LoadedDemo.drop(django_db_blocker)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test, roll the kept demo back unless the next test wants it too."""
    result = yield
    if nextitem is None or "demo_programme" not in nextitem.fixturenames:
        _LoadedDemo.drop()
    return result


@pytest.hookimpl(tryfirst=True)
def pytest_fixture_setup(fixturedef, request):
    """Before each test's database block opens (pytest-django's ``_django_db_helper``): load
    the demo if the test wants it and it is not there (the previous test's teardown rolled it
    back if this test does not want it)."""
    if fixturedef.argname != "_django_db_helper":
        return None
    if "demo_programme" in request.fixturenames and _LoadedDemo.outer is None:
        request.getfixturevalue("_demo_dropped_at_the_end")
        _LoadedDemo.load(request.getfixturevalue("django_db_blocker"))
    return None


@pytest.fixture
def demo_programme(db):
    """The demo programme (Charenton – Saint-Maurice), loaded once for the tests that follow one
    another (see ``_LoadedDemo``), read again for each test. Not for transactional tests."""
    from copilote.programmes.models import Programme

    with scopes_disabled():
        return Programme.objects.select_related("territory").get(pk=_LoadedDemo.pk)


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
