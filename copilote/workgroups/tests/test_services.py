import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.signing import TimestampSigner

from copilote.actors.tests.factories import PersonFactory
from copilote.core.models import ActivityLog
from copilote.core.tests.factories import CommuneFactory, OrganisationFactory, ThemeFactory
from copilote.workgroups import selectors, services, sources
from copilote.workgroups.models import Attendance, GroupMeeting, Member, WorkingGroup
from copilote.workgroups.tests.factories import CandidateFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(framed, users):
    theme = ThemeFactory(programme=framed, slug="handicap", name="Handicap")
    return services.save_group(user=users["lead"], programme=framed, theme=theme)


def contact(programme, kind, **kwargs):
    organisation = OrganisationFactory(territory=programme.territory, kind=kind, **kwargs)
    return PersonFactory(territory=programme.territory, organisation=organisation)


def test_group_gets_the_meeting_series_of_the_programmes_frames(framed, users):
    framed.group_size_min, framed.group_size_max = 8, 10
    framed.save()
    frame = framed.frames.get(kind="group_meeting", key="pistes")
    frame.data = {**frame.data, "title": "Pistes de solution (adaptées)"}
    frame.save()
    theme = ThemeFactory(programme=framed, slug="handicap", name="Handicap")
    group = services.save_group(user=users["lead"], programme=framed, theme=theme)
    assert (group.name, group.slug, group.size_min, group.size_max) == (
        "Handicap",
        "handicap",
        8,
        10,
    )
    meetings = list(group.meetings.all())
    assert [m.number for m in meetings] == [1, 2, 3]
    assert meetings[1].title == "Pistes de solution (adaptées)"
    assert meetings[2].items[0]["details"] == [
        "Pour les participants?",
        "Quelles propositions pour le territoire?",
    ]
    assert ActivityLog.objects.filter(action="group.create").count() == 1


def test_four_meetings_when_the_programme_sets_four(framed, users):
    framed.meetings_per_group = 4
    framed.save()
    group = services.save_group(
        user=users["lead"], programme=framed, theme=ThemeFactory(programme=framed)
    )
    assert group.meetings.get(number=4).key == "approfondissement"


def test_meeting_beyond_the_programmes_count_is_refused(group, users):
    with pytest.raises(ValidationError, match="3 réunions par groupe"):
        services.add_meeting(user=users["lead"], group=group, number=4)
    assert group.meetings.count() == 3


def test_candidate_from_the_directory_takes_its_organisations_details(framed, users):
    commune = CommuneFactory(territory=framed.territory, name="Saint-Maurice")
    person = contact(framed, "entreprise", commune=commune, maturity="debutant")
    themes = [ThemeFactory(programme=framed) for _ in range(3)]
    candidate = services.save_candidate(
        user=users["lead"],
        programme=framed,
        person=person,
        wishes=[themes[1], themes[0]],
        refused=[themes[2]],
    )
    assert (candidate.kind, candidate.commune, candidate.maturity) == (
        "entreprise",
        commune,
        "debutant",
    )
    assert [(w.rank, w.theme) for w in candidate.wishes.all()] == [(1, themes[1]), (2, themes[0])]
    assert list(candidate.refused_themes.all()) == [themes[2]]
    with pytest.raises(ValidationError, match="déjà candidat"):
        services.save_candidate(user=users["lead"], programme=framed, person=person)


def test_candidate_by_hand_needs_a_name_and_cannot_wish_and_refuse_a_theme(framed, users):
    with pytest.raises(ValidationError):
        services.save_candidate(user=users["lead"], programme=framed, last_name="  ")
    theme = ThemeFactory(programme=framed)
    with pytest.raises(ValidationError, match="à la fois"):
        services.save_candidate(
            user=users["lead"],
            programme=framed,
            last_name="Durand",
            wishes=[theme],
            refused=[theme],
        )
    assert not framed.group_candidates.exists()


def test_coleads_one_association_and_one_company(group, users, framed):
    association = contact(framed, "association")
    company = contact(framed, "entreprise")
    services.set_colead(user=users["lead"], group=group, person=association, confirmed=True)
    services.set_colead(user=users["lead"], group=group, person=company)
    assert group in selectors.groups_without_confirmed_pair(framed)
    services.set_colead(user=users["lead"], group=group, person=company, confirmed=True)
    assert group not in selectors.groups_without_confirmed_pair(framed)
    pair = services.coleads(group)
    assert pair["association"].candidate.person == association
    assert pair["entreprise"].candidate.person == company
    # A second association replaces the first as co-lead: never two associations as a pair.
    other = contact(framed, "association")
    services.set_colead(user=users["lead"], group=group, person=other)
    assert services.coleads(group)["association"].candidate.person == other
    assert group.members.filter(role="colead").count() == 2


def test_colead_refusals(group, users, framed):
    authority = contact(framed, "collectivite")
    with pytest.raises(ValidationError, match="association ou d’une entreprise"):
        services.set_colead(user=users["lead"], group=group, person=authority)
    person = contact(framed, "association")
    services.set_colead(user=users["lead"], group=group, person=person)
    other_group = services.save_group(
        user=users["lead"], programme=framed, theme=ThemeFactory(programme=framed)
    )
    with pytest.raises(ValidationError, match="déjà dans le groupe"):
        services.set_colead(user=users["lead"], group=other_group, person=person)
    assert not other_group.members.exists()


def test_placing_over_the_maximum_is_refused(group, users, framed):
    group.size_max = 2
    group.size_min = 1
    group.save()
    for _ in range(2):
        services.place(
            user=users["lead"], group=group, candidate=CandidateFactory(programme=framed)
        )
    with pytest.raises(ValidationError, match="complet"):
        services.place(
            user=users["lead"], group=group, candidate=CandidateFactory(programme=framed)
        )
    assert group.members.count() == 2


def test_placing_in_a_closed_group_is_refused(group, users, framed):
    group.status = "closed"
    group.save()
    with pytest.raises(ValidationError, match="est clos"):
        services.place(
            user=users["lead"], group=group, candidate=CandidateFactory(programme=framed)
        )
    assert not group.members.exists()


def test_placing_a_candidate_who_refused_the_theme_is_refused(group, users, framed):
    candidate = services.save_candidate(
        user=users["lead"], programme=framed, last_name="Durand", refused=[group.theme]
    )
    with pytest.raises(ValidationError, match="refusé"):
        services.place(user=users["lead"], group=group, candidate=candidate)


def test_balance_warns_in_plain_words(group, users, framed):
    charenton = CommuneFactory(territory=framed.territory, name="Charenton-le-Pont")
    CommuneFactory(territory=framed.territory, name="Saint-Maurice")
    for _ in range(7):
        MemberFactory(group=group, candidate__commune=charenton)
    balance = selectors.balance(group)
    assert balance.size == 7
    assert "7 participants pour 8 minimum" in balance.warnings
    assert "aucun participant de Saint-Maurice" in balance.warnings
    assert "aucune entreprise" in balance.warnings
    assert "pas de binôme confirmé" in balance.warnings


def test_balance_counts_the_kits_maturity_levels(group):
    for level in ("debutant", "en_demarche", "en_demarche"):
        MemberFactory(group=group, candidate__maturity=level)
    balance = selectors.balance(group)
    assert balance.maturities == [("débutant", 1), ("en démarche", 2), ("expérimenté", 0)]
    assert not [w for w in balance.warnings if "maturités" in w]
    MemberFactory(group=group, candidate__maturity="experimente")
    (warning,) = [w for w in selectors.balance(group).warnings if "maturités" in w]
    assert warning.startswith("maturités très diverses (de débutant à expérimenté)")


def test_meeting_dates_follow_the_series(group, users):
    first, second, _third = group.meetings.all()
    services.update_meeting(user=users["lead"], meeting=second, date=dt.date(2012, 11, 20))
    with pytest.raises(ValidationError, match="après la réunion 2"):
        services.update_meeting(user=users["lead"], meeting=first, date=dt.date(2012, 12, 1))
    with pytest.raises(ValidationError):
        services.update_meeting(
            user=users["lead"],
            meeting=first,
            start_time=dt.time(18),
            end_time=dt.time(17),
        )
    first.refresh_from_db()
    assert first.date is None


def test_attendance_for_someone_outside_the_group_is_refused(group, users, framed):
    meeting = group.meetings.get(number=1)
    member = MemberFactory(group=group)
    stranger = MemberFactory(
        group=services.save_group(
            user=users["lead"], programme=framed, theme=ThemeFactory(programme=framed)
        )
    )
    services.set_presence(user=users["lead"], meeting=meeting, member=member, present=True)
    with pytest.raises(ValidationError, match="pas membre"):
        services.set_presence(user=users["lead"], meeting=meeting, member=stranger, present=True)
    with pytest.raises(ValidationError):
        services.set_attendance(user=users["lead"], meeting=meeting, present=[member, stranger])
    assert list(Attendance.objects.values_list("member_id", "present")) == [(member.pk, True)]


def test_assiduity(group, users):
    a, b = MemberFactory(group=group), MemberFactory(group=group)
    for meeting in group.meetings.all()[:2]:
        meeting.date, meeting.status = dt.date(2012, 10, meeting.number), "held"
        meeting.save()
        services.set_attendance(user=users["lead"], meeting=meeting, present=[a])
    services.set_presence(
        user=users["lead"], meeting=group.meetings.get(number=2), member=b, present=True
    )
    rows, average = selectors.assiduity(group)
    assert [(r.member, r.present, r.held, r.rate) for r in rows] == [
        (a, 2, 2, 100),
        (b, 1, 2, 50),
    ]
    assert average == 75


def test_minutes_optimistic_lock(group, users):
    meeting = group.meetings.get(number=2)
    services.save_minutes(
        user=users["lead"],
        meeting=meeting,
        version=1,
        minutes="Bilan de l’existant.",
        existing_solutions=["Forum des associations", " "],
    )
    assert meeting.version == 2 and meeting.existing_solutions == ["Forum des associations"]
    with pytest.raises(ValidationError) as error:
        services.save_minutes(
            user=users["lead"], meeting=meeting, version=1, base={"minutes": ""}, minutes="Autre"
        )
    assert error.value.code == "conflict"
    meeting.refresh_from_db()
    assert meeting.minutes == "Bilan de l’existant."


def test_minutes_and_the_meeting_share_one_lock(group, users):
    """Someone dates the meeting while someone else writes its minutes: both are kept (the
    shared core.locking merges fields changed by one person only)."""
    meeting = group.meetings.get(number=1)
    read = meeting.version
    services.update_meeting(
        user=users["lead"],
        meeting=GroupMeeting.objects.get(pk=meeting.pk),
        version=read,
        base={"place": ""},
        place="Maison des associations",
    )
    services.save_minutes(
        user=users["lead"],
        meeting=GroupMeeting.objects.get(pk=meeting.pk),
        version=read,
        base={"minutes": "", "existing_solutions": [], "minutes_published": False},
        minutes="Tour de table.",
        existing_solutions=[],
        minutes_published=False,
    )
    meeting.refresh_from_db()
    assert (meeting.place, meeting.minutes, meeting.version) == (
        "Maison des associations",
        "Tour de table.",
        read + 2,
    )


def test_a_meetings_date_can_be_cleared(group, users):
    meeting = group.meetings.get(number=1)
    services.update_meeting(user=users["lead"], meeting=meeting, date=dt.date(2012, 11, 20))
    services.update_meeting(
        user=users["lead"], meeting=meeting, date=None, start_time=None, end_time=None
    )
    meeting.refresh_from_db()
    assert meeting.date is None


def test_proposals_listed_by_priority(group, users):
    meeting = group.meetings.get(number=3)
    low = services.save_proposal(
        user=users["lead"], group=group, text="Un annuaire", priority=3, meeting=meeting
    )
    high = services.save_proposal(
        user=users["lead"], group=group, text="Un réseau d’entraide local", priority=1
    )
    assert list(selectors.proposals(group)) == [high, low]
    with pytest.raises(ValidationError):
        services.save_proposal(user=users["lead"], group=group, text="", priority=1)


def test_personal_link_forged_expired_revoked(group, users, framed, settings):
    member = MemberFactory(group=group)
    value = services.issue_link(user=users["lead"], member=member)
    assert services.member_from_link(value, programme=framed) == member
    with pytest.raises(services.LinkError):
        services.member_from_link(value + "x", programme=framed)
    forged = TimestampSigner(salt="other").sign(f"{member.pk}.{member.link_token}")
    with pytest.raises(services.LinkError):
        services.member_from_link(forged, programme=framed)
    old = TimestampSigner(salt=services.LINK_SALT)
    import time

    real_time = time.time
    try:
        time.time = lambda: real_time() - 200 * 86400
        expired = old.sign(f"{member.pk}.{member.link_token}")
    finally:
        time.time = real_time
    with pytest.raises(services.LinkError, match="expired"):
        services.member_from_link(expired, programme=framed)
    services.revoke_link(user=users["lead"], member=member)
    with pytest.raises(services.LinkError, match="revoked"):
        services.member_from_link(value, programme=framed)


def test_sources_registry_and_adding_a_proposed_candidate(group, users, framed):
    proposal = sources.CandidateProposal(
        source="event", source_ref="registration-1", last_name="Martin", kind="association"
    )

    def provider(programme, theme):
        return [proposal] if theme == group.theme else []

    sources.register_source(provider)
    try:
        assert sources.proposals(framed, group.theme) == [proposal]
        candidate = services.add_proposed_candidate(
            user=users["lead"], programme=framed, proposal=proposal, theme=group.theme
        )
        again = services.add_proposed_candidate(
            user=users["lead"], programme=framed, proposal=proposal, theme=group.theme
        )
        assert again == candidate and candidate.source == "event"
        assert [w.theme for w in candidate.wishes.all()] == [group.theme]
    finally:
        sources._SOURCES.remove(provider)


def test_models_docstring_names_the_vocabulary():
    from copilote.workgroups import models

    for name in ("Candidate", "ThemeWish", "refused_themes", "confirmed", "colead", "Proposal"):
        assert name in models.__doc__
    assert WorkingGroup and GroupMeeting and Member


def test_the_wish_buttons_offer_the_first_open_group_with_room(group, framed):
    """« Placer dans … »: the wished theme's first group by position that is neither closed nor
    full; no button when every group of the theme is closed."""
    from copilote.workgroups.models import ThemeWish
    from copilote.workgroups.tests.factories import WorkingGroupFactory

    group.status = "closed"
    group.position = 1
    group.save()
    second = WorkingGroupFactory(
        programme=framed, theme=group.theme, slug="deuxieme", name="Deuxième", position=2
    )
    candidate = CandidateFactory(programme=framed)
    ThemeWish.objects.create(candidate=candidate, theme=group.theme, rank=1)
    (row,) = selectors.candidate_rows([candidate], selectors.placing(framed, "v1"))
    assert row.wished == [(second.pk, "Deuxième")]
    second.status = "closed"
    second.save()
    (row,) = selectors.candidate_rows([candidate], selectors.placing(framed, "v2"))
    assert row.wished == []
