import io

import pytest
from docx import Document as Docx
from pptx import Presentation

from copilote.documents.registry import DocumentRequest, render
from copilote.governance import selectors

pytestmark = pytest.mark.django_db


def slide_texts(content: bytes) -> list[str]:
    prs = Presentation(io.BytesIO(content))
    texts = []
    for slide in prs.slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(c.text for row in shape.table.rows for c in row.cells)
        texts.append("\n".join(parts))
    return texts


def test_demo_copil_2_deck_has_every_section(demo):
    document = render("copil-deck", DocumentRequest(programme=demo, format="pptx", meeting=2))
    texts = slide_texts(document.content)
    assert "Copil n°2" in texts[0]
    for title in ("Rappel du projet", "Point d’avancement", "Calendrier prévisionnel"):
        assert any(title in t for t in texts), title
    assert any("22 mars 2012" in t for t in texts)
    # The kit's mobilisation slide: companies and associations met, appointments to come.
    mobilisation = [t for t in texts if "Entreprises rencontrées" in t]
    assert mobilisation, "no mobilisation table in the deck"
    for cell in ("Natixis\u00a0: OK", "Petit Plus\u00a0: OK", "Docapost", "Apart’city"):
        assert cell in mobilisation[0], cell


def test_demo_minutes(demo):
    document = render("copil-minutes", DocumentRequest(programme=demo, format="docx", meeting=3))
    doc = Docx(io.BytesIO(document.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Donner une suite" in text
    pdf = render("copil-minutes", DocumentRequest(programme=demo, format="pdf", meeting=3))
    assert pdf.content.startswith(b"%PDF")


def test_demo_content(demo):
    meeting = selectors.meeting_by_rank(demo, 2)
    data = selectors.content(meeting)
    assert [s["key"] for s in data["sections"]][:2] == ["rappel", "avancement"]


def test_document_command(demo, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = tmp_path / "copil.pptx"
    call_command("document", "copil-deck", demo.slug, "-o", str(out), "--meeting", "1")
    texts = slide_texts(out.read_bytes())
    for title in ("Les enjeux du projet", "La description du projet", "Prochaines étapes"):
        assert any(text.startswith(title) for text in texts), title
    with pytest.raises(CommandError, match="n°9"):
        call_command("document", "copil-deck", demo.slug, "-o", str(out), "--meeting", "9")
    with pytest.raises(CommandError, match="--meeting"):
        call_command("document", "copil-minutes", demo.slug, "-o", str(out))
