import pytest
from django_scopes import scopes_disabled

from copilote.governance.models import CommitteeMeeting
from copilote.programmes.models import Programme
from copilote.programmes.programme_file import ProgrammeFileError, import_programme

pytestmark = pytest.mark.django_db

FILE = """\
format: copilote-programme
version: 1
territory:
  slug: val-de-test
  name: Val de Test
organisations:
  - name: Mairie de Testville
    kind: collectivite
programme:
  slug: essai
  name: Essai
committee:
  members:
    - organisation: Mairie de Testville
      college: collectivite
  meetings:
    - kind: copil-1
      date: "2012-03-06"
      attendance:
        - member: Mairie de Testville
          present: true
      sections:
        - key: description
          notes: Nos notes
        - key: prochaines-etapes
      tasks:
        - what: Une action
          organisation: Mairie de Testville
    - kind: copil-2
      date: "2012-06-19"
"""


def test_committee_section_is_imported_with_the_frames_wording():
    programme = import_programme(FILE)
    with scopes_disabled():
        first = CommitteeMeeting.objects.get(programme=programme, rank=1)
        sections = list(first.sections.values_list("key", "included", "notes"))
        assert sections[:2] == [("description", True, "Nos notes"), ("prochaines-etapes", True, "")]
        assert ("enjeux", False, "") in sections  # kept, left out of the agenda
        assert first.sections.get(key="description").objectives  # the frame's wording
        task = first.tasks.get()
        assert task.owner == "Mairie de Testville"
        assert first.invitations.get().attended


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('date: "2012-06-19"', 'date: "2012-01-19"'), "committee.meetings[1].date"),
        (("          organisation: Mairie de Testville\n", ""), "une personne ou une structure"),
        (("        - member: Mairie de Testville", "        - member: Inconnue"), "Inconnue"),
        (("kind: copil-2", "kind: copil-9"), "committee.meetings[1].kind"),
    ],
)
def test_bad_committee_input_changes_nothing(change, expected):
    with pytest.raises(ProgrammeFileError) as excinfo:
        import_programme(FILE.replace(*change))
    assert expected in str(excinfo.value)
    with scopes_disabled():
        assert not Programme.objects.exists()
        assert not CommitteeMeeting.objects.exists()
