"""Faults: the database connection fails in the middle of a service that writes several rows.

A wrapper on the connection lets the first writes through, then fails the next one as a lost
connection would (``OperationalError``). Whatever write fails, the service leaves no partial
row: every table holds as many rows as before. The same service without a fault writes more than
one row (so the test means something)."""

import pytest
from django.db import OperationalError, connection
from django_scopes import scope, scopes_disabled

from copilote.core.tests.factories import ThemeFactory
from copilote.programmes.services import copy_kit_frames

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


class FailingWrite:
    """Fail the ``fail_at``-th write statement (1-based); count them all otherwise."""

    def __init__(self, fail_at: int | None = None):
        self.fail_at, self.writes = fail_at, 0

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(WRITES):
            self.writes += 1
            if self.writes == self.fail_at:
                raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def create_meeting(programme, users):
    from copilote.governance import services

    return services.create_meeting(user=users["lead"], programme=programme, kind="copil-1")


def create_event(programme, users):
    from copilote.events import services

    return services.create_from_frame(user=users["lead"], programme=programme, key="restitution")


def create_group(programme, users):
    from copilote.programmes.models import Theme
    from copilote.workgroups import services

    theme = Theme.objects.get(programme=programme, slug="mobilite")
    return services.save_group(
        user=users["lead"], programme=programme, theme=theme, name="Mobilité", slug="mobilite"
    )


@pytest.mark.parametrize("service", [create_meeting, create_event, create_group])
def test_a_connection_lost_mid_service_leaves_no_partial_row(programme, users, service):
    with scopes_disabled():
        copy_kit_frames(programme)
        ThemeFactory(programme=programme, name="Mobilité", slug="mobilite")
    with scope(territory=programme.territory):
        before = row_counts()
        total = _count_writes(programme, users, service)
        assert total >= 3, total
        for fail_at in sorted({2, total // 2, total}):
            with connection.execute_wrapper(FailingWrite(fail_at=fail_at)):
                with pytest.raises(OperationalError):
                    service(programme, users)
            assert row_counts() == before, f"partial rows after a failure at write {fail_at}"
        service(programme, users)  # and without a fault it goes through
        assert row_counts() != before


def _count_writes(programme, users, service) -> int:
    """The number of writes of one run, rolled back afterwards."""
    from django.db import transaction

    probe = FailingWrite()

    class Undo(Exception):
        pass

    try:
        with transaction.atomic(), connection.execute_wrapper(probe):
            service(programme, users)
            raise Undo
    except Undo:
        pass
    return probe.writes
