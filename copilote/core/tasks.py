"""Work the task worker does on its own: the daily retention purge (core.purge).

``purge_daily`` runs ``purge_all`` then enqueues its next run a day later; ``schedule_purge``
makes sure one run is waiting. It is called after every ``migrate`` (each deployment), so the
worker (``copilote db_worker``) purges once a day with no cron. Only backends that can run a
task later (the database backend of production) are scheduled; elsewhere (the demo, the tests:
tasks run at once) ``copilote purge`` is the way.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

PURGE_EVERY = dt.timedelta(days=1)


@task()
def purge_daily() -> dict[str, int]:
    from copilote.core.purge import purge_all

    counts = purge_all()
    schedule_purge(delay=PURGE_EVERY)
    return counts


def schedule_purge(*, delay: dt.timedelta = dt.timedelta(0)) -> bool:
    """Enqueue the purge to run after ``delay`` unless a run is already waiting; whether one
    was enqueued."""
    backend = purge_daily.get_backend()
    if not backend.supports_defer:
        return False
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is installed with the app
        DBTaskResult = None
    if DBTaskResult is not None and type(backend).__module__.startswith("django_tasks_db"):
        waiting = DBTaskResult.objects.filter(
            task_path=purge_daily.module_path, status="READY"
        ).exists()
        if waiting:
            return False
    purge_daily.using(run_after=timezone.now() + delay).enqueue()
    return True
