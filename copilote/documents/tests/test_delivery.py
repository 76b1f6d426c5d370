"""Documents are produced by the task worker and served per content version."""

from unittest import mock

import pytest
from django.test import override_settings
from django.urls import reverse
from django_scopes import scopes_disabled

from copilote.core.services import log_action
from copilote.documents import registry
from copilote.documents.models import RenderedDocument, RenderStatus
from copilote.documents.tasks import render_document

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def counting_kind(monkeypatch):
    calls = []

    def render(request):
        calls.append(request)
        return registry.Document(b"%PDF-1.7 test", "guide.pdf", "pdf")

    monkeypatch.setitem(registry._KINDS, "guide", registry.Kind("guide", ("pdf",), render))
    return calls


@pytest.fixture
def url(programme):
    args = {"territory": programme.territory.slug, "programme": programme.slug}
    return reverse("actors:guide_pdf", kwargs=args)


@pytest.mark.django_db
def test_rendered_once_per_content_version(programme, client_for, url, counting_kind):
    client = client_for("observer")
    first = client.get(url)
    assert first.status_code == 200 and first.content == b"%PDF-1.7 test"
    assert first["Content-Disposition"] == 'attachment; filename="guide.pdf"'
    assert client.get(url).content == b"%PDF-1.7 test"
    assert len(counting_kind) == 1  # served again without rendering
    with scopes_disabled():
        log_action(user=None, action="test.change", territory=programme.territory)
    assert client.get(url).status_code == 200
    assert len(counting_kind) == 2  # something changed: rendered again
    with scopes_disabled():
        assert RenderedDocument.objects.count() == 1  # the older version was dropped


@pytest.mark.django_db
@override_settings(TASKS=DUMMY_TASKS)
def test_a_queued_document_shows_progress_then_downloads(programme, client_for, url, counting_kind):
    client = client_for("lead")
    waiting = client.get(url)
    assert waiting.status_code == 202 and counting_kind == []
    assert "will download by itself" in waiting.content.decode() or "téléchargera" in (
        waiting.content.decode()
    )
    poll = client.get(url, headers={"HX-Request": "true"})
    assert poll.status_code == 202 and 'hx-trigger="every 1s"' in poll.content.decode()
    assert "<html" not in poll.content.decode()  # the fragment only
    with scopes_disabled():
        document = RenderedDocument.objects.get()
    assert render_document.call(document.pk) == "ready"
    done = client.get(url, headers={"HX-Request": "true"})
    assert done.status_code == 204 and done["HX-Redirect"] == url
    assert client.get(url).content == b"%PDF-1.7 test"


@pytest.mark.django_db
@override_settings(TASKS=DUMMY_TASKS)
def test_a_failed_document_says_why_and_can_be_retried(programme, client_for, url, counting_kind):
    client = client_for("lead")
    client.get(url)
    with scopes_disabled():
        document = RenderedDocument.objects.get()
    # The worker meets an error the renderer explains.
    with mock.patch.object(
        registry, "render", side_effect=registry.DocumentError("Pas de données.")
    ):
        assert render_document.call(document.pk) == "failed"
    page = client.get(url)
    assert page.status_code == 200 and "Pas de données." in page.content.decode()
    assert 'name="retry"' in page.content.decode()
    retried = client.post(url, {"retry": "1"})
    assert retried.status_code == 202
    with scopes_disabled():
        assert RenderedDocument.objects.get().status == RenderStatus.PENDING


@pytest.mark.django_db
def test_a_task_never_renders_twice(programme, counting_kind):
    with scopes_disabled():
        document = RenderedDocument.objects.create(
            programme=programme, kind="guide", format="pdf", version="v1"
        )
    assert render_document.call(document.pk) == "ready"
    assert render_document.call(document.pk) == "skipped"
    assert len(counting_kind) == 1
