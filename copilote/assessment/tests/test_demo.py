"""The demo's final copil and the synthesis: the bilan, the seven actions, their referents, the
decision; no placeholder where data exists."""

import io

import pytest
from docx import Document as Docx

from copilote.documents.registry import DocumentRequest, render
from copilote.governance.tests.test_demo_documents import slide_texts

pytestmark = pytest.mark.django_db

PLACEHOLDERS = ("apparaîtront quand", "apparaîtra quand", "will appear once")
ACTIONS = (
    "Raid sportif",
    "réseau territorial de référents sur le handicap",
    "interventions par des professionnels",
    "parcours-action vers le monde professionnel",
    "réseau d’entraide local",
    "observatoire des fragilités locales",
    "guide détaillé",
)


def test_final_copil_deck_and_minutes_show_the_results(demo):
    deck = "\n".join(
        slide_texts(render("copil-deck", DocumentRequest(demo, "pptx", meeting=3)).content)
    )
    minutes = Docx(
        io.BytesIO(render("copil-minutes", DocumentRequest(demo, "docx", meeting=3)).content)
    )
    text = "\n".join(p.text for p in minutes.paragraphs) + "\n".join(
        cell.text for table in minutes.tables for row in table.rows for cell in row.cells
    )
    for document in (deck, text):
        for placeholder in PLACEHOLDERS:
            assert placeholder not in document
        for title in ACTIONS:
            assert title in document, title
        for line in (
            "Lions Sight First",
            "Karim Benali",
            "Julie Moreau",
            "L’assiduité des participants",
        ):
            assert line in document, line
        assert "4 réunions semblent plus appropriées que 3" in document
        assert "Poursuivre le projet" in document
        assert "Organiser des rencontres régulières" in document


def test_synthesis_docx_and_pdf(demo):
    docx = render("synthesis", DocumentRequest(demo, "docx"))
    doc = Docx(io.BytesIO(docx.content))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Synthèse de l’expérimentation" in text and "Sommaire" in text
    assert "svg" in {p.partname.ext for p in doc.part.package.parts}
    pdf = render("synthesis", DocumentRequest(demo, "pdf"))
    assert pdf.content.startswith(b"%PDF") and docx.filename.endswith("synthese.docx")
