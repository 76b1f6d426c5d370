"""The demo's decks and minutes as a lead would project and send them (rendered once)."""

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.db import transaction
from django_scopes import scope
from docx import Document as Docx
from docx.oxml.ns import qn
from pptx import Presentation
from pptx.util import Inches

from copilote.documents import pptx_deck
from copilote.documents.registry import DocumentRequest, render
from copilote.governance import selectors
from copilote.programmes.demo import load_demo

pytestmark = pytest.mark.django_db
MEETINGS = ("copil-1", "copil-2", "copil-final")


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """Every deck and minutes of the demo, rendered once for the module (then rolled back)."""
    documents = {}
    with django_db_blocker.unblock(), transaction.atomic():
        programme, _created = load_demo()
        with scope(territory=programme.territory):
            for key in MEETINGS:
                for kind, fmt in (("copil-deck", "pptx"), ("copil-minutes", "docx")):
                    request = DocumentRequest(programme=programme, format=fmt, meeting=key)
                    documents[key, fmt] = render(kind, request).content
        transaction.set_rollback(True)
    return documents


def slides(content: bytes):
    return list(Presentation(io.BytesIO(content)).slides)


def slide_text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts.extend(c.text for row in shape.table.rows for c in row.cells)
    return "\n".join(parts)


def docx_text(content: bytes) -> str:
    doc = Docx(io.BytesIO(content))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        texts += [c.text for row in table.rows for c in row.cells]
    return "\n".join(texts)


# 1. A held meeting shows the world as it was that day ---------------------------------------


def test_copil_1_deck_shows_copil_1_not_what_came_later(rendered):
    text = "\n".join(slide_text(s) for s in slides(rendered["copil-1", "pptx"]))
    assert "favoriser le dialogue entre les associations" in text  # copil n°1's own wording
    assert "Sensibiliser au rapprochement" not in text  # copil n°2's wording
    assert "Fait" not in text  # its tasks were closed after the meeting
    assert "2013" not in text  # no calendar from the experimentation to come


def test_held_meeting_keeps_the_world_of_its_day(demo):
    from copilote.governance import services
    from copilote.governance.models import MeetingStatus

    meeting = selectors.meeting_by_identity(demo, "copil-2")[0]
    assert meeting.status == MeetingStatus.HELD
    before = selectors.build_content(meeting)
    demo.milestones.update(title="Renommé après coup")
    after = selectors.build_content(meeting)
    assert "Renommé après coup" not in str(after["sections"])
    assert before["sections"] == after["sections"]
    # and a meeting marked held now takes its snapshot then
    meeting.status = MeetingStatus.CONVENED
    meeting.snapshot = {}
    meeting.save()
    lead = demo.memberships.filter(role="lead").first().user
    services.mark_held(user=lead, meeting=meeting)
    meeting.refresh_from_db()
    assert "progress" in meeting.snapshot["world"]


def test_task_status_as_on_the_meeting_day(demo):
    meeting = selectors.meeting_by_identity(demo, "copil-2")[0]
    data = selectors.build_content(meeting)
    progress = next(s for s in data["sections"] if s["key"] == "avancement")
    tasks = next(
        i
        for b in progress["blocks"]
        for i in b["items"]
        if "Statut" in str(i.get("headers")) or "État" in str(i.get("headers"))
    )
    # copil n°1's tasks: the last one was closed on 12 June 2012, before copil n°2 (19 June)
    assert [row[-1] for row in tasks["rows"]] == ["Fait"] * 4


def test_published_minutes_have_no_to_prepare_badge(rendered, demo, client):
    for key in MEETINGS:
        assert "à préparer" not in docx_text(rendered[key, "docx"]).lower(), key
    from django.urls import reverse

    user = demo.memberships.filter(role="lead").first().user
    client.force_login(user)
    url = reverse(
        "governance:meeting",
        kwargs={"territory": demo.territory.slug, "programme": demo.slug, "rank": 1},
    )
    page = client.get(url).content.decode()
    assert "à préparer" not in page


# 2. Slides are projectable -------------------------------------------------------------------


def test_every_slide_has_a_title_placeholder_and_french_text(rendered):
    for key in MEETINGS:
        content = rendered[key, "pptx"]
        for slide in slides(content):
            assert slide.shapes.title is not None and slide.shapes.title.text_frame.text.strip()
        xml = zipfile.ZipFile(io.BytesIO(content)).read("ppt/slides/slide2.xml").decode()
        runs = re.findall(r"<a:rPr\b[^>]*>", xml)
        assert runs and all('lang="fr-FR"' in run for run in runs), runs


def test_one_question_per_slide_and_no_wall_of_text(rendered):
    focus = [
        s
        for s in slides(rendered["copil-2", "pptx"])
        if s.shapes.title.text == "Focus sur les étapes"
    ]
    questions = [len(re.findall(r"Question \d", slide_text(s))) for s in focus]
    assert questions.count(1) == 3 and max(questions) == 1
    for key in MEETINGS:
        for slide in slides(rendered[key, "pptx"]):
            for shape in slide.shapes:
                if shape.has_text_frame and shape != slide.shapes.title:
                    lines = sum(
                        pptx_deck.wrapped_lines(p.text, shape.width / 914400, pptx_deck.TEXT_SIZE)
                        for p in shape.text_frame.paragraphs
                    )
                    assert lines <= pptx_deck.MAX_LINES + 1, slide_text(slide)[:80]


def test_kit_frame_in_speaker_notes_and_no_slide_for_an_empty_item(rendered):
    deck = slides(rendered["copil-final", "pptx"])
    notes = [s.notes_slide.notes_text_frame.text for s in deck if s.has_notes_slide]
    assert any("Partager les retours d’expérience" in n for n in notes)
    body = "\n".join(slide_text(s) for s in deck)
    assert "Partager les retours d’expérience" not in body
    assert "apparaîtra" not in body  # « Le bilan apparaîtra une fois saisi »: no slide for it


def test_tables_keep_a_bottom_margin(rendered):
    limit = pptx_deck.FOOTER_TOP - Inches(0.2)
    for key in MEETINGS:
        for slide in slides(rendered[key, "pptx"]):
            for shape in slide.shapes:
                if shape.has_table:
                    height = sum(row.height for row in shape.table.rows)
                    assert shape.top + height <= limit, slide.shapes.title.text


# 3. Minutes are not repetitive ---------------------------------------------------------------


def test_minutes_say_each_thing_once(rendered):
    final = docx_text(rendered["copil-final", "docx"])
    assert final.count("Organiser l’événement de restitution du 5") == 1
    assert final.count("Donner une suite à la phase expérimentale et entretenir") == 1
    assert "Prochain copil" not in final
    assert final.count("Cadre méthodologique") <= 1
    assert final.count("Partager les retours d’expérience") == 1  # the kit's frame, in the annex
    second = docx_text(rendered["copil-2", "docx"])
    assert second.count("14\u00a0février\u00a02013") == 1  # the next copil, once
    for key in MEETINGS:
        doc = Docx(io.BytesIO(rendered[key, "docx"]))
        heading = ""
        for p in doc.paragraphs:
            if p.style.name == "Heading 1":
                heading = p.text
            elif p.style.name == "Heading 2":
                assert p.text.lower() not in heading.lower(), (heading, p.text)


def test_copil_2_minutes_tell_absent_from_excused(rendered):
    text = docx_text(rendered["copil-2", "docx"])
    assert "excusé·e" in text and "absent·e" in text


def test_absent_and_excused_labels():
    from copilote.documents.minutes import attendance_label

    assert attendance_label({"attended": True}) == "présent·e"
    assert attendance_label({"attended": False, "excused": True}) == "excusé·e"
    assert attendance_label({"attended": False}) == "absent·e"


# 4. French documents -------------------------------------------------------------------------


def test_docx_is_a4_french_with_table_rules(rendered):
    content = rendered["copil-2", "docx"]
    doc = Docx(io.BytesIO(content))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    styles = zipfile.ZipFile(io.BytesIO(content)).read("word/styles.xml").decode()
    assert re.search(r'<w:rPrDefault><w:rPr>.*<w:lang w:val="fr-FR"', styles, re.DOTALL)
    assert 'w:val="en-US"' not in styles
    table = doc.tables[0]
    assert table._tbl.tblPr.find(qn("w:tblCellMar")) is not None
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading"):
            assert p.paragraph_format.keep_with_next, p.text
    text = docx_text(content)
    assert "1ère" not in docx_text(rendered["copil-1", "docx"])
    assert not re.search(r"\b0\d juin", text)


# 7. --meeting is the meeting's identity ------------------------------------------------------


def test_meeting_by_key_and_by_rank(demo, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from copilote.governance import services

    out = tmp_path / "deck.pptx"
    lead = demo.memberships.filter(role="lead").first().user
    services.create_meeting(user=lead, programme=demo, kind="extra")  # rank 4
    call_command("document", "copil-deck", demo.slug, "-o", str(out), "--meeting", "copil-2")
    assert "Copil n°2" in slide_text(slides(out.read_bytes())[0])
    call_command("document", "copil-deck", demo.slug, "-o", str(out), "--meeting", "4")
    assert "Réunion supplémentaire" in slide_text(slides(out.read_bytes())[0])
    services.create_meeting(user=lead, programme=demo, kind="extra")  # rank 5
    with pytest.raises(CommandError, match="4 = .*5 = "):
        call_command("document", "copil-deck", demo.slug, "-o", str(out), "--meeting", "extra")
    with pytest.raises(CommandError, match="1 = Copil n°1"):
        call_command("document", "copil-deck", demo.slug, "-o", str(out), "--meeting", "9")
    with pytest.raises(CommandError, match="--meeting"):
        call_command("document", "copil-minutes", demo.slug, "-o", str(out))


def test_document_help_lists_what_exists(capsys):
    from django.core.management import call_command

    with pytest.raises(SystemExit):
        call_command("document", "--help")
    text = "".join(capsys.readouterr().out.split())
    assert "copil-deck(pptx)" in text and "copil-minutes(docx/pdf)" in text
    assert "copil-final" in text
    # --group exists because a kind uses it (the working groups' minutes).
    assert "group-minutes(docx/pdf)" in text and "--group" in text
    assert "synthesis(pdf/docx)" in text and "calendar(ics/pdf)" in text


# LibreOffice opens every generated document --------------------------------------------------


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_libreoffice_converts_every_deck_and_minutes(rendered, tmp_path):
    executable = soffice()
    if executable is None:
        message = "LibreOffice not found: install libreoffice-core, -writer and -impress"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    sources = []
    for (key, fmt), content in rendered.items():
        path = tmp_path / f"{key}.{fmt}"
        path.write_bytes(content)
        sources.append(path)
    out = tmp_path / "pdf"
    result = subprocess.run(
        [
            executable,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    for source in sources:
        pdf = out / f"{source.stem}.pdf"
        assert pdf.exists() and pdf.stat().st_size > 1000, (source.name, result.stderr)
        assert Path(pdf).read_bytes().startswith(b"%PDF")


# 8. The guide follows the demo's pairs -------------------------------------------------------


def test_guide_themes_match_the_demo_pairs(demo):
    from copilote.actors import selectors as actors

    guide = actors.guide(demo, public=True)
    names = {s["theme"].slug: {o.name for o in s["organisations"]} for s in guide["sections"]}
    assert {"Crédit Foncier", "Petit Plus"} <= names["lutte-contre-la-precarite"]
    assert {"Neova", "Croix-Rouge"} <= names["insertion-des-jeunes"]
    assert "Natixis" in names["handicap"]
    assert "Crédit Foncier" not in names["insertion-des-jeunes"]
    assert "Croix-Rouge" not in names["lutte-contre-la-precarite"]


def test_docx_calendar_is_told_month_by_month_readably(rendered):
    """The calendar on a portrait page: month, phase, steps — the month column wide enough for
    « septembre 2012 » on one line, whatever the number of working groups."""
    doc = Docx(io.BytesIO(rendered["copil-2", "docx"]))
    calendars = [t for t in doc.tables if t.rows[0].cells[0].text == "Mois"]
    assert calendars
    assert all(len(table.rows) > 1 for table in calendars)  # no month without a step
    for table in calendars:
        assert [c.text for c in table.rows[0].cells] in (
            ["Mois", "Phases", "Étapes"],
            ["Mois", "Étapes"],  # months after the programme's phases
        )
        assert table.columns[0].width.mm >= 30
        for row in table.rows[1:]:
            assert re.fullmatch(r"\w+\s\d{4}", row.cells[0].text), row.cells[0].text
