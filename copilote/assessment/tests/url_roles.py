"""The assessment's URLs × roles (collected by ``copilote.core.tests.test_urls``)."""

from copilote.assessment.models import Assessment, Lesson

ALL = ("lead", "committee", "facilitator", "participant", "observer", "network_admin")
READ_ALL = dict.fromkeys(ALL, 200)
COMMITTEE = {**dict.fromkeys(ALL, 403), "lead": 200, "committee": 200, "network_admin": 200}
POST_COMMITTEE = {**COMMITTEE, "lead": 405, "committee": 405, "network_admin": 405}

PROGRAMME_URLS = {
    "assessment:index": (None, READ_ALL),
    "assessment:edit": (None, COMMITTEE),
    "assessment:lesson_add": (None, COMMITTEE),
    "assessment:lesson_edit": ("lesson", COMMITTEE),
    "assessment:lesson_delete": ("lesson", COMMITTEE),
    "assessment:indicators": (None, READ_ALL),
    "assessment:survey": (None, COMMITTEE),
    "assessment:survey_send": (None, POST_COMMITTEE),
    "assessment:synthesis": ("synthesis_docx", READ_ALL),
}
# The answer page needs a signed link: a forged one is 404 for everybody.
OTHER_URLS = {
    "assessment:survey_answer": (
        {"territory": "nulle-part", "programme": "rien", "token": "faux"},
        404,
        404,
    ),
}


def objects(programme, users) -> dict:
    assessment = Assessment.objects.create(programme=programme, strengths=["Des liens"])
    lesson = Lesson.objects.create(assessment=assessment, text="Un enseignement")
    return {"lesson": {"pk": lesson.pk}, "synthesis_docx": {"fmt": "docx"}}
