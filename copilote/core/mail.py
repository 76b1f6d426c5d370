"""Mail sent by the task worker, with retries and a record the lead can read.

A service that mails calls ``queue(...)`` inside its transaction, then enqueues its task with the
delivery's id once committed. The task builds its messages and hands them to ``deliver()``, which
sends each message once (a retry skips the recipients already served), retries failures with an
increasing delay (``COPILOTE_MAIL_RETRY_DELAYS``, seconds), and records the outcome: « envoyé »,
or « échec » with the kind of error. ``failed()`` records a failure that happened before sending
(a document that could not be built). Pages show ``latest(...)`` with ``core/mail_status.html``.

Headers are made safe here: ``header_text()`` turns any line break or control character of a
subject into a space, so a CR/LF typed in a title cannot break (or inject into) the mail.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

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


def queue(*, programme, kind: str, subject_key: str, recipients: int) -> MailDelivery:
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
    """Send ``messages`` (one recipient each) not yet sent for this delivery; retry; record."""
    if delivery_id is None:  # no record asked: plain sending
        return get_connection().send_messages(messages)
    delivery = _get(delivery_id)
    delays = list(getattr(settings, "COPILOTE_MAIL_RETRY_DELAYS", (5, 30)))
    done = set(delivery.sent_hashes)
    error = ""
    while True:
        delivery.attempts += 1
        pending = [m for m in messages if _hash(m.to[0]) not in done]
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
        else:
            error = ""
        _save(delivery, done, error, final=not error or not delays)
        if not error or not delays:
            break
        time.sleep(delays.pop(0))
    return len(done)


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
