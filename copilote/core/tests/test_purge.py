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


def test_purge_runs_every_app_retention_and_again_is_harmless(scoped, users):
    """Event registrations past their consented period, expired personal links of the working
    groups and survey invitations past their period: all purged by one command, idempotent."""
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    from copilote.assessment import services as survey
    from copilote.assessment.models import SurveyInvitation
    from copilote.core.purge import purgers
    from copilote.core.tests.factories import PersonFactory
    from copilote.events.models import Registration
    from copilote.events.tests.factories import EventFactory, RegistrationFactory
    from copilote.workgroups.models import Member
    from copilote.workgroups.tests.factories import MemberFactory, WorkingGroupFactory

    assert {"event-registrations", "group-links", "survey-links", "mailings"} <= {
        p.key for p in purgers()
    }
    now = timezone.now()
    old_event = EventFactory(programme=scoped, date=dt.date(2012, 10, 2), status="clos")
    RegistrationFactory(event=old_event, name="Ancienne Inscrite")
    group = WorkingGroupFactory(programme=scoped)
    stale, fresh = MemberFactory(group=group), MemberFactory(group=group)
    Member.objects.filter(pk=stale.pk).update(
        link_token="a" * 32, link_sent_at=now - dt.timedelta(days=200)
    )
    Member.objects.filter(pk=fresh.pk).update(link_token="b" * 32, link_sent_at=now)
    person_old, person_new = (
        PersonFactory(territory=scoped.territory, email=f"{n}@exemple.invalid") for n in "ab"
    )
    old_inv, new_inv = (
        survey.invite(user=users["lead"], programme=scoped, people=[person_old])[0],
        survey.invite(user=users["lead"], programme=scoped, people=[person_new])[0],
    )
    SurveyInvitation.objects.filter(pk=old_inv.pk).update(sent_at=now - dt.timedelta(days=400))
    token = survey.survey_token(old_inv)
    assert survey.invitation_from_token(token) is not None

    call_command("purge")
    call_command("purge")

    assert "Ancienne" not in Registration.objects.get(event=old_event).name
    links = dict(Member.objects.values_list("pk", "link_token"))
    assert links == {stale.pk: "", fresh.pk: "b" * 32}
    people = dict(SurveyInvitation.objects.values_list("pk", "person_id"))
    assert people == {old_inv.pk: None, new_inv.pk: person_new.pk}
    assert survey.invitation_from_token(token) is None  # the purged link no longer opens
    assert survey.invitation_from_token(survey.survey_token(new_inv)) is not None


def test_the_worker_purges_daily(scoped, settings, monkeypatch):
    """With the database task backend: migrating schedules the purge; the worker runs it, which
    purges and schedules the next run a day later; never two runs waiting."""
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from copilote.core import mail
    from copilote.core.apps import schedule_purge_after_migrate
    from copilote.core.models import MailDelivery
    from copilote.core.tasks import purge_daily, schedule_purge

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    old = mail.queue(programme=scoped, kind="convocation", subject_key="meeting:1", recipients=1)
    MailDelivery.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=400)
    )
    waiting = DBTaskResult.objects.filter(task_path=purge_daily.module_path, status="READY")

    schedule_purge_after_migrate(sender=None)
    assert schedule_purge() is False  # one run waits already
    assert waiting.count() == 1
    # The worker drops connections it finds inside a transaction: the test's own one here.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    assert not MailDelivery.objects.filter(pk=old.pk).exists()
    assert DBTaskResult.objects.filter(task_path=purge_daily.module_path, status="SUCCESSFUL")
    (next_run,) = waiting
    assert next_run.run_after - timezone.now() > dt.timedelta(hours=23)
