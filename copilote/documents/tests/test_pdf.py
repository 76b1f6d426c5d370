import re
import zlib

import pytest
from django.template import engines

from copilote.documents import pdf


def pdf_objects(content: bytes) -> bytes:
    """The PDF's bytes with every compressed stream inflated, to look for names in it."""
    parts = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(parts)


@pytest.fixture
def template(tmp_path, settings):
    def make(body: str, title: str = "Essai"):
        (tmp_path / "doc.html").write_text(
            '{% extends "documents/print_base.html" %}'
            f"{{% block title %}}{title}{{% endblock %}}"
            f"{{% block content %}}{body}{{% endblock %}}",
            encoding="utf-8",
        )
        return "doc.html"

    settings.TEMPLATES[0]["DIRS"] = [str(tmp_path)]
    engines._engines = {}
    engines.__dict__.pop("templates", None)
    yield make
    engines._engines = {}
    engines.__dict__.pop("templates", None)


def test_render_pdf_gives_a_tagged_titled_french_pdf(template):
    content = pdf.render_pdf(template("<h1>Réunion n°2</h1><p>Texte</p>", "Copil n°2"), {})
    assert content.startswith(b"%PDF")
    objects = pdf_objects(content)
    assert b"/StructTreeRoot" in objects  # tagged
    assert b"/MarkInfo" in objects
    assert re.search(rb"/Lang\s*\(fr\)", objects)
    assert b"/DisplayDocTitle true" in objects
    title = b"/Title <feff" + "Copil n°2".encode("utf-16-be").hex().encode()
    assert title in objects


def test_every_character_has_a_font(template):
    """Emoji and rare characters fall back to Noto fonts instead of empty boxes."""
    content = pdf.render_pdf(template("<p>Bravo 🎉 ✓ ☎ 𝔸</p><p>6 mars 2012</p>"), {})
    objects = pdf_objects(content)
    assert b"Noto-Color-Emoji" in objects, "no emoji font embedded"
    assert b"DejaVu-Sans" in objects


def test_names_and_dates_are_not_hyphenated():
    css = (pdf.finders.find("documents/print.css") or "").strip()
    text = open(css, encoding="utf-8").read()
    assert "hyphens: auto" not in text
    assert "hyphens: manual" in text


def test_remote_resources_are_refused():
    with pytest.raises(ValueError):
        pdf._fetcher().fetch("https://example.org/tracker.png")


def test_pictures_the_application_made_are_read_but_no_file_outside_static():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'
    import base64

    url = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    response = pdf._fetcher().fetch(url)
    assert response.read() == svg
    with pytest.raises(ValueError):
        pdf._fetcher().fetch("file:///etc/passwd")


def test_the_cycle_collector_is_paused_while_rendering_then_as_it_was():
    import gc

    assert gc.isenabled()
    with pdf.cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), pdf.cyclic_gc_paused():
        raise ValueError("a document that fails")
    assert gc.isenabled()
    gc.disable()  # a caller that paused it itself keeps it paused
    try:
        with pdf.cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
