"""Fuzz: random unicode, control characters and huge strings in the main forms of every app and
in the programme file loader. Whatever comes, the answer is a page or a French refusal: never a
500, never a traceback (the test client raises the view's exception if there is one).

Bounded on purpose (a few examples per form, no deadline) so that the suite stays fast; raise
``FUZZ_EXAMPLES`` locally for a longer run."""

import os

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copilote.core.tests.test_urls import objects, programme_url  # noqa: F401 - the fixture
from copilote.programmes.programme_file.reader import ProgrammeFileError, import_programme

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

CONTROL = "".join(chr(c) for c in range(32)) + "\x7f\u2028\u2029\u200b\ufeff\u202e"
TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=CONTROL + "aé€😀'\"<>&;%{}", max_size=40),
    st.builds(lambda s, n: (s or "x") * n, st.text(max_size=3), st.integers(1_000, 200_000)),
    st.sampled_from(["", " ", "0", "-1", "1e309", "2012-02-30", "31/12/1899", "NaN", "=1+1"]),
)

# One or more edit forms of each app (creation and modification), the lead posting.
FORMS = [
    "programmes:edit",
    "programmes:theme_add",
    "programmes:commune_add",
    "actors:organisation_add",
    "actors:organisation_edit",
    "actors:person_add",
    "governance:meeting_add",
    "governance:meeting_edit",
    "governance:section_edit",
    "governance:decision_add",
    "governance:task_edit",
    "events:add",
    "events:item_add",
    "workgroups:group_add",
    "workgroups:candidate_add",
    "workgroups:meeting_edit",
    "workgroups:proposal_add",
    "assessment:edit",
    "assessment:lesson_add",
    "results:add",
]


@pytest.mark.parametrize("name", FORMS)
def test_forms_take_any_text_without_a_500(name, programme, objects, client_for):  # noqa: F811
    url = programme_url(name, programme, objects)
    client = client_for("lead")
    page = client.get(url)
    assert page.status_code == 200, name
    form = page.context["form"]
    names = [form.add_prefix(field) for field in form.fields]

    def send(values):
        response = client.post(url, dict(zip(names, values, strict=True)))
        if response.status_code == 400:
            # A body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused before any view, in French.
            size = sum(len(value.encode()) for value in values)
            assert size > django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE, (name, size)
            assert "Envoi refusé" in response.content.decode()
            return
        assert response.status_code in (200, 302), (name, response.status_code)

    # Always: every control character in every field, a number too large for the database in
    # every field (a choice's key included), then 200 000 characters in one.
    send([CONTROL * 2] * len(names))
    send(["1" * 30] * len(names))
    send(["é" * 200_000] + [CONTROL] * (len(names) - 1))
    given(values=st.lists(TEXT, min_size=len(names), max_size=len(names)))(BOUNDED(send))()


YAML = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=CONTROL + "-:&*!|>[]{}#'\"\n ab", max_size=300),
    st.builds(
        lambda key, value: f"version: 1\nprogramme:\n  {key}: {value}\n",
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12),
        st.text(max_size=60),
    ),
    st.builds(lambda n: "a: " + "[" * n + "]" * n, st.integers(10, 50_000)),
    st.builds(lambda s, n: "name: " + (s or "x") * n, st.text(max_size=3), st.integers(1, 300_000)),
)


@BOUNDED
@given(text=YAML)
def test_the_programme_file_loader_refuses_any_text_in_french(text):
    try:
        import_programme(text, check=True)
    except ProgrammeFileError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)


def test_a_request_too_large_answers_a_french_page(programme, client_for, settings):
    """Past DATA_UPLOAD_MAX_MEMORY_SIZE Django refuses the request (400): the page says, in
    French, that nothing was saved and how to get the typed text back."""
    from django.urls import reverse

    kwargs = {"territory": programme.territory.slug, "programme": programme.slug}
    url = reverse("programmes:edit", kwargs=kwargs)
    data = {f"field{n}": "é" * 200_000 for n in range(8)}  # 3.2 MB
    response = client_for("lead").post(url, data)
    assert response.status_code == 400
    assert "rien n’a été enregistré" in response.content.decode()
