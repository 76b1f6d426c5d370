import pytest
from django.template import engines

from copilote.documents import pdf


def test_render_pdf_gives_a_pdf_with_the_text(tmp_path, monkeypatch, settings):
    template = tmp_path / "doc.html"
    template.write_text(
        '{% extends "documents/print_base.html" %}{% block content %}<h1>Réunion n°2</h1>'
        "{% endblock %}",
        encoding="utf-8",
    )
    settings.TEMPLATES[0]["DIRS"] = [str(tmp_path)]
    engines._engines = {}
    engines.__dict__.pop("templates", None)
    content = pdf.render_pdf("doc.html", {"programme": {"name": "Essai"}})
    assert content.startswith(b"%PDF")


def test_remote_resources_are_refused():
    with pytest.raises(ValueError):
        pdf._fetcher().fetch("https://example.org/tracker.png")
