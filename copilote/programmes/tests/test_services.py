import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled
from django_scopes.exceptions import ScopeError

from copilote.core.models import ActivityLog
from copilote.core.tests.factories import (
    CommuneFactory,
    MembershipFactory,
    ProgrammeFactory,
    TerritoryFactory,
    ThemeFactory,
    UserFactory,
)
from copilote.kit import loader as kit
from copilote.programmes import services
from copilote.programmes.models import Commune, Programme, Theme

pytestmark = pytest.mark.django_db


def test_scoped_query_outside_a_scope_fails():
    with pytest.raises(ScopeError):
        list(Programme.objects.all())
    with pytest.raises(ScopeError):
        list(Theme.objects.all())


def test_scope_hides_other_territories():
    mine, other = ProgrammeFactory(), ProgrammeFactory()
    with scope(territory=mine.territory):
        assert list(Programme.objects.all()) == [mine]
    assert other.territory != mine.territory


def test_create_programme_copies_the_kit_and_makes_the_creator_lead():
    territory, user = TerritoryFactory(), UserFactory()
    with scope(territory=territory):
        programme = services.create_programme(
            user=user,
            territory=territory,
            name="Essai",
            slug="essai",
            start_date=dt.date(2026, 1, 15),
        )
        frames = {(f.kind, f.key): f for f in programme.frames.all()}
        phases = list(programme.plan_phases.all())
        assert programme.memberships.get(user=user).role == "lead"
        assert ActivityLog.objects.filter(action="programme.create").count() == 1
    assert len(frames) == len(kit.frames())
    copil1 = frames[("committee", "copil-1")].data
    assert [s["title"] for s in copil1["sections"]] == [
        "Les enjeux du projet",
        "La description du projet",
        "Modalités pratiques",
        "Prochaines étapes",
    ]
    assert [p.key for p in phases] == ["preparation", "experimentation", "bilan"]
    assert phases[0].start == dt.date(2026, 1, 15)
    assert phases[0].end < phases[1].start


def test_a_later_kit_never_rewrites_a_past_programme(monkeypatch):
    territory = TerritoryFactory()
    with scope(territory=territory):
        programme = services.create_programme(user=None, territory=territory, name="P", slug="p")
    newer = [
        kit.Frame(f.kind, f.key, f.version + 1, {**f.data, "changed": True}) for f in kit.frames()
    ]
    monkeypatch.setattr(kit, "frames", lambda: newer)
    with scope(territory=territory):
        later = services.create_programme(user=None, territory=territory, name="Q", slug="q")
        assert all(f.data.get("changed") for f in later.frames.all())
        assert not any(f.data.get("changed") for f in programme.frames.all())
        assert {f.version for f in programme.frames.all()} == {1}


def test_two_programmes_cannot_share_a_slug_in_a_territory():
    programme = ProgrammeFactory(slug="essai")
    territory = programme.territory
    with scope(territory=territory), pytest.raises(ValidationError) as excinfo:
        services.create_programme(user=None, territory=territory, name="Autre", slug="essai")
    assert "slug" in str(excinfo.value) or "__all__" in excinfo.value.message_dict
    with scopes_disabled():
        assert Programme.objects.filter(slug="essai").count() == 1
        # Another territory may use it.
        other = TerritoryFactory()
    with scope(territory=other):
        services.create_programme(user=None, territory=other, name="Essai", slug="essai")


def test_contradicting_targets_and_dates_are_refused():
    programme = ProgrammeFactory()
    with scope(territory=programme.territory):
        with pytest.raises(ValidationError):
            services.update_programme(
                user=None, programme=programme, group_size_min=12, group_size_max=8
            )
        with pytest.raises(ValidationError):
            services.update_programme(
                user=None,
                programme=programme,
                start_date=dt.date(2026, 5, 1),
                end_date=dt.date(2026, 4, 1),
            )
    with scopes_disabled():
        programme.refresh_from_db()
    assert programme.group_size_min is None and programme.end_date is None


def test_a_commune_belongs_to_one_territory():
    CommuneFactory(name="Charenton-le-Pont", insee_code="94018")
    programme = ProgrammeFactory()
    with scope(territory=programme.territory), pytest.raises(ValidationError):
        services.save_commune(
            user=None, programme=programme, name="Charenton-le-Pont", insee_code="94018"
        )
    with scopes_disabled():
        assert Commune.objects.filter(insee_code="94018").count() == 1


def test_sponsor_must_belong_to_the_territory():
    from copilote.core.tests.factories import OrganisationFactory

    programme = ProgrammeFactory()
    foreign = OrganisationFactory()
    with scope(territory=programme.territory), pytest.raises(ValidationError):
        services.update_programme(user=None, programme=programme, sponsor=foreign)


def test_themes_are_unique_and_logged():
    programme = ProgrammeFactory()
    user = UserFactory()
    with scope(territory=programme.territory):
        theme = services.save_theme(
            user=user, programme=programme, name="Handicap", slug="handicap"
        )
        with pytest.raises(ValidationError):
            services.save_theme(user=user, programme=programme, name="Handicap", slug="autre")
        services.save_theme(
            user=user,
            programme=programme,
            theme=theme,
            name="Handicap",
            slug="handicap",
            description="GT handicap",
        )
        services.delete_theme(user=user, theme=theme)
        assert not programme.themes.exists()
        actions = list(ActivityLog.objects.values_list("action", flat=True))
    assert sorted(actions) == ["theme.create", "theme.delete", "theme.update"]


def test_members_keep_at_least_one_lead():
    lead = MembershipFactory(role="lead")
    programme = lead.programme
    newcomer = UserFactory()
    with scope(territory=programme.territory):
        with pytest.raises(ValidationError):
            services.change_role(user=lead.user, membership=lead, role="observer")
        with pytest.raises(ValidationError):
            services.remove_member(user=lead.user, membership=lead)
        membership = services.add_member(
            user=lead.user, programme=programme, member=newcomer, role="committee"
        )
        with pytest.raises(ValidationError):
            services.add_member(
                user=lead.user, programme=programme, member=newcomer, role="observer"
            )
        services.change_role(user=lead.user, membership=membership, role="lead")
        services.change_role(user=lead.user, membership=lead, role="observer")
        assert programme.memberships.get(user=lead.user).role == "observer"


def test_theme_factory_positions():
    theme = ThemeFactory()
    assert theme.position >= 0
