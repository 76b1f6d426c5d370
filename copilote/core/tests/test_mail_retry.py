"""A refused mail is retried by enqueueing its task again later (never by sleeping in the
worker): each retry continues the same record and serves only the recipients still waiting;
after the last attempt the record says failed, and the lead reads it."""

import pytest
from django.template.loader import render_to_string
from django_scopes import scope, scopes_disabled
from django_tasks import default_task_backend
from django_tasks.base import TaskContext

from copilote.core import mail
from copilote.core.models import MailDelivery
from copilote.core.tests.flaky_mail import FlakyBackend
from copilote.programmes.models import Programme

pytestmark = pytest.mark.django_db


@mail.mail_task
def mail_two(programme_id: int) -> int:
    """A mail task as the apps write them: its record, then its messages through deliver()."""
    with scopes_disabled():
        programme = Programme.objects.select_related("territory").get(pk=programme_id)
    with scope(territory=programme.territory):
        delivery = mail.queue(programme=programme, kind="test", subject_key="x", recipients=2)
        messages = [
            mail.message(subject="Compte rendu", body="…", to=f"{n}@exemple.invalid") for n in "ab"
        ]
        return mail.deliver(delivery.pk, messages)


@pytest.fixture
def deferred(settings):
    """A task backend that keeps what is enqueued (with its run time) until the test runs it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.EMAIL_BACKEND = "copilote.core.tests.flaky_mail.FlakyBackend"
    settings.COPILOTE_MAIL_RETRY_DELAYS = (10, 60, 300)
    FlakyBackend.sent, FlakyBackend.calls = [], 0
    return default_task_backend


def run_all(backend) -> list:
    """Run what is enqueued, in order, as the worker would once each run time has come."""
    done = 0
    while done < len(backend.results):
        result = backend.results[done]
        result.task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
        done += 1
    return backend.results


@pytest.mark.parametrize(
    ("failures", "delays", "status", "attempts"),
    [(2, [10, 60], "sent", 3), (99, [10, 60, 300], "failed", 4)],
)
def test_a_refused_mail_is_enqueued_again_later_then_sent_once_or_recorded_failed(
    programme, deferred, failures, delays, status, attempts
):
    FlakyBackend.failing = set(range(2, failures + 2))  # the first run sends « a » only
    mail_two.enqueue(programme.pk)
    runs = run_all(deferred)

    assert [run.task.run_after for run in runs[:1]] == [None]
    later = [round((r.task.run_after - r.enqueued_at).total_seconds()) for r in runs[1:]]
    assert later == delays  # each retry waits in the queue, the worker never sleeps
    assert len(runs) == attempts
    with scopes_disabled():
        delivery = MailDelivery.objects.get()  # every retry continued the same record
    assert (delivery.status, delivery.attempts) == (status, attempts)
    assert delivery.finished_at is not None
    if status == "sent":
        assert sorted(FlakyBackend.sent) == ["a@exemple.invalid", "b@exemple.invalid"]
        assert delivery.error == "" and delivery.sent == 2
    else:
        assert FlakyBackend.sent == ["a@exemple.invalid"]
        assert delivery.error == "ConnectionRefusedError" and delivery.sent == 1
        shown = render_to_string("core/mail_status.html", {"delivery": delivery, "label": "CR"})
        assert "échec de l’envoi" in shown and 'role="alert"' in shown


def test_a_mail_waiting_for_its_retry_says_so(programme, deferred):
    FlakyBackend.failing = {1}
    mail_two.enqueue(programme.pk)
    first = deferred.results[0]
    first.task.call(TaskContext(task_result=first), *first.args, **first.kwargs)
    with scopes_disabled():
        delivery = MailDelivery.objects.get()
    assert (delivery.status, delivery.attempts, len(deferred.results)) == ("queued", 1, 2)
    shown = render_to_string("core/mail_status.html", {"delivery": delivery, "label": "CR"})
    assert "nouvel essai est programmé" in shown
