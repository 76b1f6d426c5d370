"""The working groups' indicators and synthesis part, registered in the assessment's
registries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from copilote.assessment.indicators import measure
from copilote.assessment.synthesis import synthesis_data
from copilote.core.tests.factories import ThemeFactory
from copilote.workgroups import report, services
from copilote.workgroups.models import MeetingStatus
from copilote.workgroups.tests.factories import MemberFactory, ProposalFactory


def held_group(programme, users, name, present_by_meeting):
    """A group of 4 members whose first meetings were held with the given members present."""
    theme = ThemeFactory(programme=programme, name=name)
    group = services.save_group(user=users["lead"], programme=programme, theme=theme)
    members = [MemberFactory(group=group) for _ in range(4)]
    meetings = group.meetings.order_by("number")
    for meeting, present in zip(meetings, present_by_meeting, strict=False):
        meeting.status = MeetingStatus.HELD
        meeting.save()
        services.set_attendance(
            user=users["lead"], meeting=meeting, present=[members[i] for i in present]
        )
    return group


def test_indicators_of_the_groups(framed, users):
    held_group(framed, users, "Handicap", [[0, 1, 2, 3], [0, 1, 2], [0, 1]])
    held_group(framed, users, "Précarité", [[0, 1, 2]])
    shown = {e["key"]: e for e in measure(framed)}

    by_meeting = shown["workgroups.assiduity"]
    assert by_meeting["table"]["rows"] == [
        ["Handicap", 4, 4, 3, 2, "75 %"],
        ["Précarité", 4, 3, "—", "—", "75 %"],
    ]
    assert "<svg" in by_meeting["svg"] and "Réunion 3" in by_meeting["svg"]

    participants = shown["workgroups.participants"]
    # Handicap: 2 came every time, 2 some times; Précarité (one meeting): 3 came, 1 did not.
    assert participants["table"]["rows"] == [["Handicap", 2, 2, 0, 4], ["Précarité", 3, 0, 1, 4]]
    assert participants["summary"] == "5 membres sur 8 sont venus à toutes les réunions tenues."

    meetings = shown["workgroups.meetings"]
    assert meetings["table"]["rows"] == [["Handicap", 3, 3], ["Précarité", 1, 3]]
    assert meetings["summary"] == "4 réunions tenues sur 6 prévues."


def test_no_group_no_indicator(framed):
    assert not [e for e in measure(framed) if e["key"].startswith("workgroups.")]


def test_the_indicators_read_in_a_fixed_number_of_queries(framed, users):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            for provider in (
                report.assiduity_by_meeting,
                report.assiduity_of_participants,
                report.meetings_held,
            ):
                provider(framed)
        return len(ctx.captured_queries)

    held_group(framed, users, "Handicap", [[0, 1], [0]])
    small = queries()
    for name in ("Emploi", "Précarité", "Numérique"):
        held_group(framed, users, name, [[0, 1, 2, 3], [1, 2, 3], [2]])
    assert queries() == small


def test_the_synthesis_shows_the_groups_before_their_actions(framed, users):
    group = held_group(framed, users, "Handicap", [[0, 1, 2, 3]])
    ProposalFactory(group=group, text="Créer un réseau d’entraide local")
    chapters = {c["title"]: c["items"] for c in synthesis_data(framed)["chapters"]}
    items = chapters["Les groupes de travail et leurs actions"]
    kit_table, assiduity, proposals = items[:3]
    assert kit_table["headers"][-1] == "Réunions"
    assert kit_table["rows"][0][0] == "Handicap"
    assert kit_table["rows"][0][-1].split("\n")[0] == group.meetings.get(number=1).title
    assert assiduity["rows"] == [["Handicap", "4", "1", "100 %"]]
    assert proposals["title"] == "Propositions du groupe « Handicap »"
    assert proposals["items"][0].startswith("Créer un réseau d’entraide local")


def test_the_three_indicators_share_one_reading(framed, users):
    """Measured together, the groups' figures are read once, not once per indicator."""
    held_group(framed, users, "Handicap", [[0, 1], [0]])

    def queries(run):
        with CaptureQueriesContext(connection) as ctx:
            run()
        return [q["sql"] for q in ctx.captured_queries if "workgroups_attendance" in q["sql"]]

    alone = queries(lambda: report.assiduity_by_meeting(framed))
    together = queries(lambda: measure(framed, with_svg=False))
    assert alone and len(together) == len(alone)
