"""The directory import answers in the request with the fast checks only; the file is read by
the task worker, and the preview page polls (htmx) until the check is ready or the file refused.
Nothing is imported before the user confirms."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks import default_task_backend

from copilote.actors.models import ImportBatch, Organisation
from copilote.core.tests import bombs

pytestmark = pytest.mark.django_db

CSV = "nom;type\nCafé des familles;association\nBoulangerie Martin;entreprise\n".encode()


@pytest.fixture
def deferred(settings):
    """A task backend that keeps what is enqueued until the test runs it (as a worker would)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return default_task_backend


def upload(client, programme, name, content):
    kwargs = {"territory": programme.territory.slug, "programme": programme.slug}
    file = SimpleUploadedFile(name, content)
    return client.post(
        reverse("actors:import", kwargs=kwargs), {"target": "organisations", "file": file}
    )


def work(backend):
    for result in backend.results:
        result.task.call(*result.args, **result.kwargs)


def test_the_file_is_read_by_the_worker_and_the_preview_polls(client_for, programme, deferred):
    client = client_for("lead")
    response = upload(client, programme, "a.csv", CSV)
    assert response.status_code == 302
    with scopes_disabled():
        batch = ImportBatch.objects.get()
    assert (batch.status, batch.rows, bytes(batch.content)) == ("pending", [], CSV)
    assert [r.task.name for r in deferred.results] == ["read_import"]

    waiting = client.get(response.url)
    assert waiting.status_code == 202
    assert 'hx-trigger="every 1s"' in waiting.content.decode()
    assert "en cours de lecture" in waiting.content.decode()
    partial = client.get(response.url, headers={"HX-Request": "true"})
    assert partial.status_code == 202 and "<html" not in partial.content.decode()

    work(deferred)
    done = client.get(response.url, headers={"HX-Request": "true"})
    assert done.status_code == 204 and done["HX-Redirect"] == response.url
    preview = client.get(response.url).content.decode()
    assert "Toutes les lignes sont valides" in preview or "Every row is valid" in preview
    with scopes_disabled():
        batch.refresh_from_db()
        assert batch.status == "ready" and len(batch.rows) == 2 and bytes(batch.content) == b""
        assert not Organisation.objects.filter(name="Café des familles").exists()


def test_an_entity_bomb_is_refused_in_the_request(client_for, programme, deferred):
    response = upload(client_for("lead"), programme, "a.xlsx", bombs.entity_bomb())
    assert response.status_code == 200
    assert "refusées par sécurité (entités)" in response.content.decode()
    with scopes_disabled():
        assert not ImportBatch.objects.exists()
    assert deferred.results == []


def test_a_bomb_found_by_the_worker_is_shown_refused_and_nothing_imported(
    client_for, programme, deferred
):
    client = client_for("lead")
    response = upload(client, programme, "a.xlsx", bombs.wide_row_bomb())
    assert response.status_code == 302
    work(deferred)
    page = client.get(response.url)
    body = page.content.decode()
    assert page.status_code == 200 and "Le fichier a été refusé, rien n’a été importé" in body
    assert 'role="alert"' in body and "hx-get" not in body
    with scopes_disabled():
        assert Organisation.objects.count() == 0


def test_a_reading_whose_worker_stopped_says_so_and_lets_the_user_upload_again(
    client_for, programme, deferred, settings
):
    """The worker that had the file died: the page stops polling after
    COPILOTE_IMPORT_STALE_MINUTES and says so in French, instead of « en cours de lecture »
    forever."""
    client = client_for("lead")
    response = upload(client, programme, "a.csv", CSV)
    assert client.get(response.url).status_code == 202  # just queued: still waiting
    settings.COPILOTE_IMPORT_STALE_MINUTES = 10
    with scopes_disabled():
        ImportBatch.objects.update(created_at=timezone.now() - dt.timedelta(minutes=11))
    polled = client.get(response.url, headers={"HX-Request": "true"})
    assert polled.status_code == 204 and polled["HX-Redirect"] == response.url  # stop polling
    page = client.get(response.url)
    body = page.content.decode()
    assert page.status_code == 200 and "hx-get" not in body
    assert "La lecture du fichier ne s’est pas terminée" in body and 'role="alert"' in body
    assert "en cours de lecture" not in body and "Déposer le fichier à nouveau" in body
    # Starting again: the new upload replaces the lost one and is read.
    deferred.clear()
    again = upload(client, programme, "a.csv", CSV)
    work(deferred)
    assert "Toutes les lignes sont valides" in client.get(again.url).content.decode()
    with scopes_disabled():
        assert ImportBatch.objects.get().status == "ready"
