import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from copilote.documents import registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def echo_kind(monkeypatch):
    def render(request):
        text = f"{request.programme.slug}:{request.meeting}:{request.format}"
        return registry.Document(text.encode(), f"echo.{request.format}", request.format)

    kind = registry.Kind("echo", ("pdf", "docx"), render)
    monkeypatch.setitem(registry._KINDS, "echo", kind)
    return kind


def test_command_writes_the_registered_kind(echo_kind, programme, tmp_path):
    out = tmp_path / "out.pdf"
    call_command("document", "echo", programme.slug, "-o", str(out), "--meeting", "2")
    assert out.read_bytes() == f"{programme.slug}:2:pdf".encode()


def test_command_refuses_unknown_kind_format_and_programme(echo_kind, programme, tmp_path):
    out = str(tmp_path / "out")
    with pytest.raises(CommandError, match="inconnu"):
        call_command("document", "nope", programme.slug, "-o", out)
    with pytest.raises(CommandError, match="pptx"):
        call_command("document", "echo", programme.slug, "-o", out, "--format", "pptx")
    with pytest.raises(CommandError):
        call_command("document", "echo", "absent", "-o", out)
