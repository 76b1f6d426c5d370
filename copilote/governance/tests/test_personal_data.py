"""Erasing a committee member: the seat stays, the name leaves the published minutes too."""

import pytest
from django_scopes import scopes_disabled

from copilote.actors import personal_data
from copilote.governance.models import CommitteeMeeting, CommitteeMember
from copilote.programmes.demo import load_demo

pytestmark = pytest.mark.django_db

EMAIL = "anne.moreau@exemple.invalid"  # the committee's secretary in the demo (fictional)


def test_erasing_a_member_scrubs_the_published_minutes():
    load_demo()
    with scopes_disabled():
        published = CommitteeMeeting.objects.filter(status="published")
        assert any("Anne Moreau" in str(m.snapshot) for m in published)
        warnings = personal_data.erasure_warnings(EMAIL)
        assert any("comité de pilotage" in w for w in warnings)
        assert personal_data.export_person(EMAIL)["data"]["committee"]
        result = personal_data.erase_person(EMAIL)
        assert result.counts["committee"] >= 1
        assert not any("Anne Moreau" in str(m.snapshot) for m in published.all())
        seat = CommitteeMember.objects.get(organisation__name="Le RAMEAU")
        assert seat.person.anonymised and "Moreau" not in str(seat.person)


def test_copil_2_progress_shows_the_mobilisation_table():
    """Issue 4: copil n°2's « Point d'avancement » carries the kit's mobilisation slide."""
    from copilote.governance import live

    programme, _created = load_demo()
    with scopes_disabled():
        meeting = CommitteeMeeting.objects.get(programme=programme, rank=2)
        block = live.build("progress", programme, meeting)
    tables = [i for i in block["items"] if i["type"] == "table" and "Mobilisation" in i["title"]]
    assert tables, block
    cells = [cell for row in tables[0]["rows"] for cell in row]
    assert "Natixis : OK" in cells and "Petit Plus : OK" in cells
    assert any("Cambon" in cell for cell in cells)
