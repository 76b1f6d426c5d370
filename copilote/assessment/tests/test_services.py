import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from copilote.assessment import selectors, services
from copilote.assessment.models import Assessment, Lesson, SurveyAnswer, SurveyInvitation
from copilote.core.tests.factories import PersonFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

ANSWER = {"gained": "4", "neighbours": "3", "method": "3", "meetings": "4", "continue": "oui"}


def test_a_decision_needs_its_arguments(scoped, users):
    with pytest.raises(ValidationError) as excinfo:
        services.save_assessment(
            user=users["lead"], programme=scoped, decision="poursuivre", arguments=["  "]
        )
    assert "arguments" in excinfo.value.message_dict
    assert not Assessment.objects.exists()
    services.save_assessment(
        user=users["lead"],
        programme=scoped,
        decision="poursuivre",
        arguments=["La phase expérimentale a prouvé l’intérêt du projet"],
        strengths=["L’assiduité des participants."],
    )
    found = selectors.assessment_of(scoped)
    assert found.get_decision_display() and found.strengths == ["L’assiduité des participants."]


def test_a_kit_change_needs_its_value_and_the_kit_flag(scoped, users):
    with pytest.raises(ValidationError):
        services.save_lesson(
            user=users["lead"], programme=scoped, text="4 réunions", kit_change="group_meetings"
        )
    with pytest.raises(ValidationError):
        services.save_lesson(
            user=users["lead"],
            programme=scoped,
            text="4 réunions",
            to_kit=True,
            kit_change="group_meetings",
        )
    assert not Lesson.objects.exists()
    lesson = services.save_lesson(
        user=users["lead"],
        programme=scoped,
        text="4 réunions",
        to_kit=True,
        kit_change="group_meetings",
        kit_value=4,
    )
    assert lesson.kit_value == 4


def test_survey_link_accepts_one_answer(scoped, users, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    person = PersonFactory(territory=scoped.territory, email="p@exemple.invalid")
    nobody = PersonFactory(territory=scoped.territory, email="")
    [invitation] = services.invite(user=users["lead"], programme=scoped, people=[person, nobody])
    from copilote.assessment.mail import send_survey

    assert send_survey(scoped, "http://testserver") == 1
    token = services.survey_token(invitation)
    assert token in mail.outbox[0].body
    found = services.invitation_from_token(token)
    assert found == invitation
    assert services.invitation_from_token(token + "x") is None
    services.answer_survey(invitation=found, data=ANSWER)
    with pytest.raises(ValidationError, match="déjà|already"):
        services.answer_survey(invitation=found, data=ANSWER)
    assert SurveyAnswer.objects.count() == 1
    # The answer keeps no link to the person.
    assert not hasattr(SurveyAnswer.objects.get(), "invitation")


def test_invalid_answers_are_refused(scoped, users):
    person = PersonFactory(territory=scoped.territory, email="p@exemple.invalid")
    [invitation] = services.invite(user=users["lead"], programme=scoped, people=[person])
    with pytest.raises(ValidationError) as excinfo:
        services.answer_survey(invitation=invitation, data={**ANSWER, "gained": "9"})
    assert "gained" in excinfo.value.message_dict
    invitation.refresh_from_db()
    assert invitation.answered_at is None and not SurveyAnswer.objects.exists()


def test_contacts_of_another_territory_are_not_invited(scoped, users):
    stranger = PersonFactory(territory=ProgrammeFactory().territory, email="x@exemple.invalid")
    with pytest.raises(ValidationError):
        services.invite(user=users["lead"], programme=scoped, people=[stranger])
    assert not SurveyInvitation.objects.exists()


def test_results_hide_small_groups(scoped):
    from copilote.results.tests.factories import WorkingGroupFactory

    big, small = WorkingGroupFactory(programme=scoped), WorkingGroupFactory(programme=scoped)
    answers = services.clean_answers(ANSWER)
    for group, n in ((big, 5), (small, 4)):
        for _i in range(n):
            SurveyAnswer.objects.create(programme=scoped, group=group, answers=answers)
    results = selectors.survey_results(scoped)
    assert results["count"] == 9
    assert [g["name"] for g in results["groups"]] == [big.name]
    assert results["hidden_groups"] == 1


def test_a_lesson_carried_into_the_kit_changes_the_next_programme(scoped, users):
    from copilote.programmes.services import create_programme

    services.save_lesson(
        user=users["lead"],
        programme=scoped,
        text="4 réunions semblent plus appropriées que 3",
        to_kit=True,
        kit_change="group_meetings",
        kit_value=4,
    )
    following = create_programme(
        user=users["lead"], territory=scoped.territory, name="Saison 2", slug="saison-2"
    )
    assert following.meetings_per_group == 4
    fourth = following.frames.get(kind="group_meeting", key="approfondissement")
    assert fourth.data["optional"] is False
    # Another territory keeps the kit as it is.
    other = create_programme(
        user=users["lead"], territory=ProgrammeFactory().territory, name="Ailleurs", slug="ailleurs"
    )
    assert other.meetings_per_group == 3
    with scopes_disabled():
        assert other.frames.get(kind="group_meeting", key="approfondissement").data["optional"]


def test_the_same_free_answer_is_listed_once_with_its_number(scoped):
    from django.utils import translation

    for comment in ("Plus de réunions", "plus  de réunions ", "Plus de réunions", "Rien"):
        answers = services.clean_answers({**ANSWER, "comment": comment})
        SurveyAnswer.objects.create(programme=scoped, answers=answers)
    with translation.override("fr"):
        results = selectors.survey_results(scoped)
    (comments,) = [q for q in results["questions"] if q["question"].key == "comment"]
    assert comments["count"] == 4
    assert comments["texts"] == ["Plus de réunions (2 réponses)", "Rien", "plus de réunions"]
