"""The group's minutes (kind group-minutes), the copil live blocks, personal data."""

import io

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scope
from docx import Document as Docx

from copilote.actors.personal_data import erase_person, export_person
from copilote.documents.registry import DocumentError, DocumentRequest, render
from copilote.governance import live
from copilote.workgroups.models import Candidate, Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_programme):
    with scope(territory=demo_programme.territory):
        yield demo_programme


def text_of(content: bytes) -> str:
    document = Docx(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    return text.replace("\u202f", " ").replace("\xa0", " ")  # French typography's spaces


def test_one_meetings_minutes_and_the_synthesis(demo):
    one = render(
        "group-minutes", DocumentRequest(programme=demo, format="docx", group="handicap", meeting=2)
    )
    assert one.filename.endswith("gt-handicap-reunion-2.docx")
    text = text_of(one.content)
    assert "Compte rendu – Handicap – Réunion 2" in text
    assert "Sections handisport des clubs de Charenton-le-Pont" in text  # existing solutions
    assert "Diagnostic partagé" not in text  # one meeting only
    synthesis = text_of(
        render(
            "group-minutes",
            DocumentRequest(programme=demo, format="docx", group="lutte-contre-la-precarite"),
        ).content
    )
    assert "Synthèse du groupe de travail « Lutte contre la précarité »" in synthesis
    assert "Assiduité moyenne" in synthesis
    assert synthesis.count("Créer un réseau d’entraide local") == 1  # said once
    pdf = render(
        "group-minutes",
        DocumentRequest(programme=demo, format="pdf", group="handicap", meeting=1),
    )
    assert pdf.content.startswith(b"%PDF")


def test_bad_requests_say_why(demo):
    with pytest.raises(DocumentError, match="pas de groupe de travail « inconnu »"):
        render("group-minutes", DocumentRequest(programme=demo, format="docx", group="inconnu"))
    with pytest.raises(DocumentError, match="pas de réunion 4"):
        render(
            "group-minutes",
            DocumentRequest(programme=demo, format="docx", group="handicap", meeting=4),
        )


def test_command_line(demo, tmp_path):
    out = tmp_path / "cr.docx"
    call_command(
        "document",
        "group-minutes",
        "charenton-saint-maurice",
        "-o",
        str(out),
        "--group",
        "insertion-des-jeunes",
        "--meeting",
        "3",
    )
    assert "Organiser des interventions par des professionnels" in text_of(out.read_bytes())
    with pytest.raises(CommandError):
        call_command(
            "document",
            "group-minutes",
            "charenton-saint-maurice",
            "-o",
            str(out),
            "--group",
            "nulle-part",
        )


def test_live_blocks_for_the_copils(demo):
    copil_2 = demo.committee_meetings.get(rank=2)
    block = live.build("groups", demo, copil_2)
    table = block["items"][0]
    assert table["headers"][:4] == [
        "Thématique",
        "Binôme association",
        "Binôme entreprise",
        "Participants",
    ]
    assert ["Handicap", "à trouver", "Natixis ?"] == table["rows"][0][:3]
    assert block["items"][1]["items"] == ["Handicap", "Insertion des jeunes"]
    series = live.build("group_series", demo, copil_2)["items"][0]
    assert series["headers"] == ["Réunion 1", "Réunion 2", "Réunion 3"]
    final = live.build("groups_assessment", demo, demo.committee_meetings.get(rank=3))
    assiduity = final["items"][0]
    assert [row[0] for row in assiduity["rows"]] == [
        "Handicap",
        "Insertion des jeunes",
        "Lutte contre la précarité",
    ]
    proposals = [i for i in final["items"] if i["type"] == "bullets"]
    assert sum(len(i["items"]) for i in proposals) == 7


def test_personal_data_export_and_erasure(demo):
    data = export_person("participant@demo.invalid")["data"]["working_groups"]
    assert data[0]["groups"][0]["group"] == "Insertion des jeunes"
    member = Member.objects.get(candidate__email="participant@demo.invalid")
    from copilote.workgroups import services

    services.issue_link(user=None, member=member)
    erase_person("participant@demo.invalid")
    candidate = Candidate.objects.get(pk=member.candidate_id)
    member.refresh_from_db()
    assert candidate.email == "" and "Participant" not in candidate.last_name
    assert member.link_token == ""
    assert member.attendances.exists()  # the group's figures stay


def test_group_meetings_are_dated_items_of_the_calendar(demo):
    from copilote.planning import dated

    items = [i for i in dated.items(demo) if i.stream.startswith("group:")]
    assert len(items) == 9
    first = items[0]
    assert first.stream == "group:handicap" and first.kind == "group_meeting" and first.done
    assert first.title.startswith("Handicap – Réunion 1")
