"""copilote purge: retention periods, idempotent."""

import pytest
from django_scopes import scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoped(programme):
    with scope(territory=programme.territory):
        yield programme


def test_purge_deletes_old_mailings_only_and_again_is_harmless(scoped):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    from copilote.core import mail
    from copilote.core.models import MailDelivery

    old = mail.queue(programme=scoped, kind="convocation", subject_key="meeting:1", recipients=1)
    MailDelivery.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=400)
    )
    recent = mail.queue(programme=scoped, kind="minutes", subject_key="meeting:1", recipients=1)
    call_command("purge")
    call_command("purge")
    assert list(MailDelivery.objects.values_list("pk", flat=True)) == [recent.pk]
