import pytest
from django_scopes import scope

from copilote.core.tests.factories import CommuneFactory, ThemeFactory
from copilote.workgroups.models import ThemeWish
from copilote.workgroups.tests.factories import CandidateFactory, MemberFactory, WorkingGroupFactory


class Pool:
    """Two groups (2 to 3 participants each) and their candidates, inside the territory scope."""

    def __init__(self, programme):
        territory = programme.territory
        self.programme = programme
        self.north = CommuneFactory(territory=territory, name="Charenton-le-Pont")
        self.south = CommuneFactory(territory=territory, name="Saint-Maurice")
        self.handicap = ThemeFactory(programme=programme, slug="handicap", name="Handicap")
        self.youth = ThemeFactory(
            programme=programme, slug="insertion-des-jeunes", name="Insertion des jeunes"
        )
        self.group_h = WorkingGroupFactory(
            programme=programme, theme=self.handicap, size_min=2, size_max=3, position=0
        )
        self.group_y = WorkingGroupFactory(
            programme=programme, theme=self.youth, size_min=2, size_max=3, position=1
        )
        self.colead = MemberFactory(
            group=self.group_h,
            role="colead",
            confirmed=False,
            candidate=self.candidate("Colead", "association", self.north, "experimente"),
        )
        self.confirmed = MemberFactory(
            group=self.group_y,
            confirmed=True,
            candidate=self.candidate("Confirmé", "entreprise", self.south, "debutant"),
        )
        self.considered = MemberFactory(
            group=self.group_y,
            confirmed=False,
            candidate=self.candidate("Pressenti", "association", self.north, "", [self.handicap]),
        )
        self.free = [
            self.candidate("Libre A", "association", self.south, "en_demarche", [self.handicap]),
            self.candidate("Libre B", "entreprise", self.north, "en_demarche", [self.youth]),
            self.candidate(
                "Libre C", "entreprise", self.south, "debutant", [self.youth, self.handicap]
            ),
            self.candidate("Libre D", "autre", None, "", []),
        ]
        self.refuser = self.candidate("Refuse", "association", self.north, "", [self.youth])
        self.refuser.refused_themes.add(self.handicap)

    def candidate(self, name, kind, commune, maturity, wishes=()):
        candidate = CandidateFactory(
            programme=self.programme,
            last_name=f"{name} (fictif)",
            kind=kind,
            commune=commune,
            maturity=maturity,
        )
        for rank, theme in enumerate(wishes, start=1):
            ThemeWish.objects.create(candidate=candidate, theme=theme, rank=rank)
        return candidate


@pytest.fixture
def pool(programme, users):
    with scope(territory=programme.territory):
        yield Pool(programme)
