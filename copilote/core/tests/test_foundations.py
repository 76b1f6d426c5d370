"""The shared helpers every app builds on: input cleaning, capped lists, the search widget, the
dashboard and dated-item registries, and the floors of the layout."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django import forms
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scopes_disabled

from copilote.actors.search import person_choice
from copilote.actors.tests.factories import OrganisationFactory, PersonFactory
from copilote.core.forms import Form, LinesField
from copilote.core.lists import capped
from copilote.core.text import one_line, strip_control
from copilote.core.widgets import SearchSelect, attach, search_results
from copilote.planning import dated
from copilote.programmes import dashboard

ROOT = Path(__file__).resolve().parents[2]


# Input cleaning --------------------------------------------------------------------------------


def test_strip_control_keeps_tabs_and_line_breaks():
    assert strip_control("a\x0bb\x01c\x7f\td\r\ne") == "abc\td\r\ne"
    assert one_line("Copil\r\nn°1\x0b ") == "Copil n°1"
    assert strip_control("") == ""


class _Sample(Form):
    title = forms.CharField()
    notes = forms.CharField(widget=forms.Textarea)
    lines = LinesField()


@pytest.mark.parametrize(
    "data",
    [
        QueryDict("title=Copil%0D%0An%C2%B01%0B&notes=a%0Bb%0D%0Ac&lines=x%01%0Ay"),
        {"title": "Copil\r\nn°1\x0b", "notes": "a\x0bb\r\nc", "lines": "x\x01\ny"},
    ],
)
def test_forms_strip_control_characters_and_single_line_breaks(data):
    form = _Sample(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"title": "Copil n°1", "notes": "ab\r\nc", "lines": ["x", "y"]}


def test_the_request_data_is_left_untouched():
    data = QueryDict("title=a%0Bb&notes=n")
    _Sample(data).is_valid()
    assert data["title"] == "a\x0bb"


# Capped lists ----------------------------------------------------------------------------------


def test_capped_reads_one_more_row_than_it_shows():
    assert capped(list(range(5)), 10).more is False
    shown = capped(list(range(11)), 10)
    assert shown.more is True and list(shown) == list(range(10)) and len(shown) == 10


# The search widget -----------------------------------------------------------------------------


class _PersonForm(Form):
    person = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        from copilote.actors.models import Person

        self.fields["person"].queryset = Person.objects.filter(territory=programme.territory)
        attach(self.fields["person"], person_choice(programme))


@pytest.mark.django_db
def test_search_select_renders_only_the_current_choice(programme, django_assert_max_num_queries):
    with scopes_disabled():
        people = PersonFactory.create_batch(30, territory=programme.territory)
        chosen = people[7]
        form = _PersonForm(initial={"person": chosen.pk}, programme=programme)
        with django_assert_max_num_queries(1):
            html = str(form["person"])
    assert html.count('type="radio"') == 1 and f'value="{chosen.pk}" checked' in html
    assert str(people[8]) not in html
    assert 'hx-get="/t/' in html and "recherche" in html


@pytest.mark.django_db
def test_search_select_validates_against_the_territory(programme):
    with scopes_disabled():
        foreign = PersonFactory()
        mine = PersonFactory(territory=programme.territory)
        assert not _PersonForm({"person": foreign.pk}, programme=programme).is_valid()
        assert _PersonForm({"person": mine.pk}, programme=programme).is_valid()


def test_search_results_escape_labels():
    request = RequestFactory().get("/", {"field": "owner", "q": "<b>"})
    html = search_results(request, [("1", "<script>x</script>")])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'name="owner"' in html and 'type="radio"' in html
    assert "&lt;b&gt;" in search_results(request, [])


def test_search_select_multiple_reads_every_value():
    widget = SearchSelect(search_url="/x")
    assert widget.value_from_datadict(QueryDict("a=1"), {}, "a") == "1"


@pytest.mark.django_db
def test_search_endpoints_find_people_and_organisations(programme, client_for):
    with scopes_disabled():
        organisation = OrganisationFactory(territory=programme.territory, name="Croix-Rouge")
        PersonFactory(territory=programme.territory, last_name="Martin", organisation=organisation)
        PersonFactory(last_name="Martin")  # another territory
    args = {"territory": programme.territory.slug, "programme": programme.slug}
    client = client_for("committee")
    url = reverse("actors:search_people", kwargs=args)
    response = client.get(url, {"q": "martin croix", "field": "owner"})
    assert response.status_code == 200
    assert response.content.decode().count('type="radio"') == 1
    url = reverse("actors:search_organisations", kwargs=args)
    response = client.get(url, {"q": "croix", "field": "org", "multiple": "1"})
    assert 'type="checkbox"' in response.content.decode()
    assert "Croix-Rouge" in response.content.decode()


# Registries ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_cards_are_filtered_by_permission(programme, users, monkeypatch):
    monkeypatch.setattr(dashboard, "_CARDS", {})
    dashboard.register_card(
        dashboard.Card("open", "x.html", lambda p, *, user, today: "data", order=2)
    )
    dashboard.register_card(
        dashboard.Card(
            "leads",
            "y.html",
            lambda p, *, user, today: 1,
            order=1,
            perm="programmes.change_programme",
        )
    )
    today = dt.date(2026, 1, 1)
    lead = dashboard.cards(programme, user=users["lead"], today=today)
    assert [c.key for c in lead] == ["leads", "open"]
    assert [c.key for c in dashboard.cards(programme, user=users["observer"], today=today)] == [
        "open"
    ]


def test_dated_items_merge_by_date_month_precision_last(monkeypatch):
    monkeypatch.setattr(dated, "_PROVIDERS", {})
    day = dated.DatedItem("a", "Day", dt.date(2012, 10, 2), "s", "S")
    month = dated.DatedItem("b", "Month", dt.date(2012, 10, 1), "s", "S", precision="month")
    later = dated.DatedItem("c", "Later", dt.date(2012, 11, 5), "t", "T")
    dated.register_provider("one", lambda p, **kw: [month, later])
    dated.register_provider("two", lambda p, **kw: [day])
    assert [i.key for i in dated.items(None)] == ["a", "b", "c"]
    assert [i.key for i in dated.items(None, limit=2)] == ["a", "b"]
    assert month.when == "octobre 2012" or month.when == "October 2012"


# Floors ----------------------------------------------------------------------------------------


def _imported_apps(package: str) -> set[str]:
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "copilote" and len(parts) > 1:
                    found.add(parts[1])
    return found


@pytest.mark.parametrize("package", ["core", "kit"])
def test_core_and_kit_import_no_other_app(package):
    assert _imported_apps(package) <= {package}
