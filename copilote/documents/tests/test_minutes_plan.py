"""Long attendance and task lists print compactly (a table row each makes a long PDF slow)."""

from django.template.loader import render_to_string
from django.utils import translation

from copilote.documents.minutes import LONG_LIST, minutes_plan


def data(members: int, tasks: int) -> dict:
    return {
        "programme": "Charenton – Saint-Maurice",
        "meeting": {"title": "Copil n°2", "status": "held", "kind": "copil-2"},
        "sections": [],
        "attendance": [
            {
                "name": f"Membre {n}",
                "organisation": "Mairie" if n % 2 else "",
                "attended": n % 3 == 0,
                "excused": n % 3 == 1,
            }
            for n in range(members)
        ],
        "tasks": [
            {"what": f"Tâche {n}", "owner": "Alice", "due": "1 juin 2012"} for n in range(tasks)
        ],
    }


def html(d: dict) -> str:
    with translation.override("fr"):
        return render_to_string(
            "documents/copil_minutes.html", {"data": d, "plan": minutes_plan(d)}
        )


def test_a_committee_keeps_its_tables():
    page = html(data(LONG_LIST, LONG_LIST))
    assert page.count("<tr>") == 2 * LONG_LIST + 2 and "Membre 3" in page


def test_a_large_assembly_is_named_by_attendance_in_runs_of_names():
    d = data(LONG_LIST + 2, LONG_LIST + 1)
    with translation.override("fr"):
        groups = minutes_plan(d)["attendance_groups"]
    assert [(g["label"], g["count"]) for g in groups] == [
        ("Présent·es", 14),
        ("Excusé·es", 14),
        ("Absent·es", 14),
    ]
    assert groups[0]["names"].startswith("Membre 0 ; Membre 3 (Mairie) ; Membre 6 ;")
    page = html(d)
    assert "<tr>" not in page
    assert "<strong>Présent·es (14)</strong>" in page
    assert page.count("<li>") == LONG_LIST + 1 and "Tâche 40 — Alice, 1 juin 2012" in page
