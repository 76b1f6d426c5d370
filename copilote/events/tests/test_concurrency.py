"""Capacity under a rush: 200 registrations at the same moment on a 150-seat event.

Each registration runs in its own thread with its own database connection, all released at
once by a barrier. PostgreSQL only (CI runs ``make test-postgres``): the in-memory SQLite test
database cannot be shared between connections; SQLite's own serialisation (transactions begun
IMMEDIATE) is measured by ``bench/registrations.py``.
"""

import threading

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from copilote.events import services
from copilote.events.models import Registration
from copilote.events.tests.factories import EventFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (make test-postgres)"
)


@pytest.mark.django_db(transaction=True)
def test_200_concurrent_registrations_on_150_seats_leave_150_registered_and_50_waiting():
    with scopes_disabled():
        event = EventFactory(capacity=150)
    barrier = threading.Barrier(200)
    errors: list[BaseException] = []

    def register(n: int) -> None:
        try:
            with scopes_disabled():
                barrier.wait(timeout=60)
                services.register(
                    event=event,
                    name=f"Personne {n}",
                    email=f"p{n}@example.org",
                    kind="citoyen",
                    consent=True,
                )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    with scopes_disabled():
        rows = Registration.objects.filter(event=event)
        assert rows.filter(status="inscrit").count() == 150
        assert rows.filter(status="attente").count() == 50
        # Registrations are served one at a time, in order: every waiting one came after
        # the last seated one.
        seated = rows.filter(status="inscrit").values_list("id", flat=True)
        waiting = rows.filter(status="attente").values_list("id", flat=True)
        assert min(waiting) > max(seated)
