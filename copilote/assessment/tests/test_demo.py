"""The demo's final copil and the synthesis: the bilan, the seven actions, their referents, the
decision; no placeholder where data exists."""

import io
import re

import pytest
from docx import Document as Docx
from pptx import Presentation

from copilote.documents.registry import DocumentRequest, render
from copilote.documents.tests.test_pdf import pdf_objects

pytestmark = pytest.mark.django_db

PLACEHOLDERS = ("apparaîtront quand", "apparaîtra quand", "will appear once")


def slide_texts(content: bytes) -> list[str]:
    texts = []
    for slide in Presentation(io.BytesIO(content)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(c.text for row in shape.table.rows for c in row.cells)
        texts.append("\n".join(parts))
    return texts


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
        document = document.replace("\xa0", " ").replace("\u202f", " ")
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


def test_synthesis_docx_and_pdf(demo, monkeypatch):
    import weasyprint

    rendered = []

    def keep(self, *args, **options):
        rendered.append(self.render(pdf_tags=True))
        return rendered[-1].write_pdf(*args, **options)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", keep)
    docx = render("synthesis", DocumentRequest(demo, "docx"))
    doc = Docx(io.BytesIO(docx.content))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Synthèse de l’expérimentation" in text and "Sommaire" in text
    assert "svg" in {p.partname.ext for p in doc.part.package.parts}
    pdf = render("synthesis", DocumentRequest(demo, "pdf"))
    assert pdf.content.startswith(b"%PDF") and docx.filename.endswith("synthese.docx")
    # Each chart is a picture with its title as alternative text (the table follows it).
    objects = pdf_objects(pdf.content)
    title = "Acteurs mobilisés, par type et par commune".encode("utf-16-be").hex().encode()
    assert re.search(rb"/Alt\s*<feff" + title, objects, re.IGNORECASE)
    # The table of contents gives each chapter the page it starts on.
    (document,) = rendered
    starts = {
        anchor: number
        for number, page in enumerate(document.pages, start=1)
        for anchor in page.anchors
        if anchor.startswith("chapitre-")
    }
    toc = [
        box.text
        for box in document.pages[1]._page_box.descendants()
        if isinstance(box, weasyprint.formatting_structure.boxes.TextBox) and box.text.isdigit()
    ]
    assert len(starts) == 9 and toc == [str(starts[f"chapitre-{n}"]) for n in range(1, 10)]


def test_demo_actions_come_from_the_groups_proposals_and_the_synthesis_shows_them(demo):
    from copilote.results.selectors import pending_proposals

    assert list(pending_proposals(demo)) == []
    doc = Docx(io.BytesIO(render("synthesis", DocumentRequest(demo, "docx")).content))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        cell.text for table in doc.tables for row in table.rows for cell in row.cells
    )
    text = text.replace("\xa0", " ").replace("\u202f", " ")
    # Each action is a « fiche »: its fields across the page, its first steps a list.
    assert "Référents : Lions Sight First, Essilor" in text
    steps = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert any(step.startswith("Réunir Essilor et Lions Sight First") for step in steps)
    for line in (
        "Événements collectifs",
        "Table ronde",
        "Participation aux événements collectifs au regard de leur cible",
        "Inscriptions au regard de la capacité",
        "Assiduité par groupe de travail et par réunion",
        "Réunions des groupes de travail tenues au regard des réunions prévues",
        "Propositions du groupe « Handicap »",
        "au-dessus de la cible",
    ):
        assert line in text, line


def test_the_dashboard_counts_survey_answers_apart_from_the_mailed_invitations(demo, client):
    """Answers are kept apart from the links (anonymity); some came on paper: the card never
    says « 11 answers out of 3 invited »."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    client.force_login(get_user_model().objects.get(username="pilote"))
    args = {"territory": demo.territory.slug, "programme": demo.slug}
    text = client.get(reverse("programmes:dashboard", kwargs=args)).content.decode()
    assert "Réponses à l’enquête : 11 · personnes invitées par courriel : 3" in text
