"""Mail sent by the task worker, with retries and a record the lead can read.

A mail task is declared with ``@mail_task`` (instead of django-tasks' ``@task``). It records its
mailing with ``queue(...)`` (or a service does, inside its transaction, and passes the delivery's
id) and hands its messages to ``deliver()``, which makes one attempt: each message is sent once (a
retry skips the recipients already served). When the server refuses, the worker is not held:
``deliver()`` enqueues the same task again to run after the next delay of
``COPILOTE_MAIL_RETRY_DELAYS`` (seconds; one retry per delay), and that run finds the same record
(``queue`` returns it). After the last attempt the record says « échec » with the kind of error;
otherwise « envoyé ». A backend that cannot defer (the immediate one of the demo and the tests)
runs the retry at once. ``failed()`` records a failure that happened before sending (a document
that could not be built). Pages show ``latest(...)`` with ``core/mail_status.html``.

Headers are made safe here: ``header_text()`` turns any line break or control character of a
subject into a space, so a CR/LF typed in a title cannot break (or inject into) the mail.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q, Subquery
from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks import task

from copilote.core.models import MailDelivery
from copilote.core.text import one_line, strip_control

logger = logging.getLogger(__name__)


def header_text(value) -> str:
    """A single-line header value (``core.text.one_line``)."""
    return one_line(str(value))


def body_text(value) -> str:
    return strip_control(str(value))


def message(*, subject, body, to: str, attachments=()) -> EmailMessage:
    """An email to one recipient, with a safe subject and body."""
    mail = EmailMessage(subject=header_text(subject)[:250], body=body_text(body), to=[to])
    for name, content, mime in attachments:
        mail.attach(header_text(name), content, mime)
    return mail


def address_hash(address: str) -> str:
    """How a delivery records a recipient served (``sent_hashes``): never the address itself."""
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()[:32]


_hash = address_hash


@dataclass
class _Run:
    """The mail task being run: what ``deliver()`` enqueues again to retry."""

    task: object
    args: list
    kwargs: dict
    delivery: int | None  # the record of the run being retried


_running: ContextVar[_Run | None] = ContextVar("copilote_mail_task", default=None)


def mail_task(function):
    """``@task()`` for a function that mails through ``deliver()``: a refused sending is retried
    by enqueueing the task again later (``retry_of``: the delivery it continues)."""

    @functools.wraps(function)
    def run(context, *args, retry_of: int | None = None, **kwargs):
        result = context.task_result
        token = _running.set(_Run(result.task, list(args), dict(kwargs), retry_of))
        try:
            return function(*args, **kwargs)
        finally:
            _running.reset(token)

    del run.__wrapped__  # django-tasks reads the signature of ``run`` (context first)
    return task(takes_context=True)(run)


def queue(*, programme, kind: str, subject_key: str, recipients: int) -> MailDelivery:
    """The record of a new mailing; in a retry of a mail task, the record it continues."""
    current = _running.get()
    if current is not None and current.delivery is not None:
        with scopes_disabled():
            found = MailDelivery.objects.filter(pk=current.delivery, kind=kind).first()
        if found is not None:
            return found
    return MailDelivery.objects.create(
        territory=programme.territory,
        programme=programme,
        kind=kind,
        subject_key=subject_key,
        recipients=recipients,
    )


def _get(delivery_id: int) -> MailDelivery:
    with scopes_disabled():
        return MailDelivery.objects.get(pk=delivery_id)


def failed(delivery_id: int | None, exc: BaseException) -> None:
    if delivery_id is None:
        return
    with scopes_disabled():
        MailDelivery.objects.filter(pk=delivery_id).update(
            status=MailDelivery.Status.FAILED,
            attempts=1,
            error=type(exc).__name__[:300],
            finished_at=timezone.now(),
        )
    logger.warning("mail delivery %s failed before sending: %s", delivery_id, type(exc).__name__)


def deliver(delivery_id: int | None, messages: list[EmailMessage]) -> int:
    """Send ``messages`` (one recipient each) not yet sent for this delivery, once; on a refusal,
    enqueue the running mail task again after the next delay, or record the failure after the
    last attempt (at once when not run by a ``mail_task``). Returns the recipients served."""
    if delivery_id is None:  # no record asked: plain sending
        return get_connection().send_messages(messages)
    delivery = _get(delivery_id)
    if delivery.status != MailDelivery.Status.QUEUED:
        return len(delivery.sent_hashes)  # a retry enqueued twice: already settled
    delays = list(getattr(settings, "COPILOTE_MAIL_RETRY_DELAYS", (10, 60, 300)))
    done = set(delivery.sent_hashes)
    delivery.attempts += 1
    pending = [m for m in messages if _hash(m.to[0]) not in done]
    error = ""
    try:
        with get_connection() as connection:
            for mail in pending:
                connection.send_messages([mail])
                done.add(_hash(mail.to[0]))
    except Exception as exc:  # noqa: BLE001 - any sending failure is recorded and retried
        error = type(exc).__name__
        logger.warning(
            "mail delivery %s: attempt %s failed (%s)", delivery_id, delivery.attempts, error
        )
    current = _running.get()
    retry = bool(error) and current is not None and delivery.attempts <= len(delays)
    _save(delivery, done, error, final=not retry)
    if retry:
        _retry_later(current, delivery_id, delays[delivery.attempts - 1])
    return len(done)


def _retry_later(current: _Run, delivery_id: int, delay: float) -> None:
    """Enqueue the mail task again, to run ``delay`` seconds from now (at once on a backend that
    cannot defer), continuing the same delivery."""
    again = current.task
    if again.get_backend().supports_defer:
        again = again.using(run_after=timezone.now() + dt.timedelta(seconds=delay))
    again.enqueue(*current.args, **{**current.kwargs, "retry_of": delivery_id})


def _save(delivery: MailDelivery, done: set[str], error: str, *, final: bool) -> None:
    delivery.sent_hashes = sorted(done)
    delivery.error = error[:300]
    if final:
        delivery.status = MailDelivery.Status.FAILED if error else MailDelivery.Status.SENT
        delivery.finished_at = timezone.now()
    with transaction.atomic(), scopes_disabled():
        MailDelivery.objects.filter(pk=delivery.pk).update(
            sent_hashes=delivery.sent_hashes,
            error=delivery.error,
            attempts=delivery.attempts,
            status=delivery.status,
            finished_at=delivery.finished_at,
        )


def latest(programme, subject_key: str, kind: str | None = None) -> MailDelivery | None:
    queryset = MailDelivery.objects.filter(programme=programme, subject_key=subject_key)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.first()


def latest_by_kind(programme, subject_key: str, kinds: tuple[str, ...]) -> dict:
    """:func:`latest` of each of ``kinds`` (None when none was queued), in one query."""
    queryset = MailDelivery.objects.filter(programme=programme, subject_key=subject_key)
    newest = Q(pk__in=[])
    for kind in kinds:
        newest |= Q(pk=Subquery(queryset.filter(kind=kind).values("pk")[:1]))
    found = {delivery.kind: delivery for delivery in queryset.filter(newest)}
    return {kind: found.get(kind) for kind in kinds}
