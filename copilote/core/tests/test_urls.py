"""Every URL pattern × every role.

Anonymous users are sent to the login page, members of another territory get 404, and each
role gets what its rules allow. A new URL pattern that this table does not know fails the test:
whoever adds a page adds its line here, or — for an app added later — in the app's own
``tests/url_roles.py``, which may define:

- ``PROGRAMME_URLS``: url name -> (object key or None, {role: expected GET status}),
- ``OTHER_URLS``: url name -> (kwargs, anonymous status, member status),
- ``objects(programme, users) -> dict``: object key -> URL kwargs (called with scopes disabled).
"""

import importlib

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_scopes import scopes_disabled

from copilote.actors.tests.factories import (
    ImportBatchFactory,
    MobilisationFactory,
    NetworkFactory,
    PersonFactory,
)
from copilote.core.tests.factories import CommuneFactory, ThemeFactory
from copilote.governance.tests.factories import (
    AgendaSectionFactory,
    CommitteeMeetingFactory,
    CommitteeMemberFactory,
    DecisionFactory,
    TaskFactory,
)

ALL = ("lead", "committee", "facilitator", "participant", "observer", "network_admin")
LEAD_ONLY = {
    "lead": 200,
    "network_admin": 200,
    "committee": 403,
    "facilitator": 403,
    "participant": 403,
    "observer": 403,
}
READ_ALL = dict.fromkeys(ALL, 200)
POST_LEAD_ONLY = {**LEAD_ONLY, "lead": 405, "network_admin": 405}
COMMITTEE = {**LEAD_ONLY, "committee": 200}
COMMITTEE_READ = {**COMMITTEE, "observer": 200}
POST_COMMITTEE = {**COMMITTEE, "lead": 405, "committee": 405, "network_admin": 405}

# url name -> (extra kwargs builder, expected GET status per role)
PROGRAMME_URLS = {
    "programmes:dashboard": (None, READ_ALL),
    "programmes:detail": (None, READ_ALL),
    "programmes:edit": (None, LEAD_ONLY),
    "programmes:themes": (None, READ_ALL),
    "programmes:theme_add": (None, LEAD_ONLY),
    "programmes:theme_edit": ("theme", LEAD_ONLY),
    "programmes:theme_delete": ("theme", LEAD_ONLY),
    "programmes:communes": (None, READ_ALL),
    "programmes:commune_add": (None, LEAD_ONLY),
    "programmes:commune_edit": ("commune", LEAD_ONLY),
    "programmes:commune_delete": ("commune", LEAD_ONLY),
    "programmes:members": (None, READ_ALL),
    "programmes:member_role": ("membership", POST_LEAD_ONLY),
    "programmes:member_delete": ("membership", LEAD_ONLY),
    "governance:index": (None, READ_ALL),
    "governance:members": (None, READ_ALL),
    "governance:member_add": (None, COMMITTEE),
    "governance:member_edit": ("committee_member", COMMITTEE),
    "governance:meeting_add": (None, COMMITTEE),
    "governance:meeting": ("meeting", COMMITTEE_READ),
    "governance:meeting_edit": ("meeting", COMMITTEE),
    "governance:attendance": ("meeting", COMMITTEE),
    "governance:section_add": ("meeting", COMMITTEE),
    "governance:section_edit": ("section", COMMITTEE),
    "governance:section_move": ("section", POST_COMMITTEE),
    "governance:decision_add": ("meeting", COMMITTEE),
    "governance:decision_edit": ("decision", COMMITTEE),
    "governance:tasks": ("meeting", COMMITTEE_READ),
    "governance:task_add": ("meeting", COMMITTEE),
    "governance:task_edit": ("task", COMMITTEE),
    "governance:status": ("status", COMMITTEE),  # publishing asks first (GET: the question)
    "governance:download": ("published_document", READ_ALL),
}
# Actors (directory, mobilisation, guide): contact details and mobilisation are not for everyone.
FOLLOWERS = {**READ_ALL, "participant": 403}
MOBILISERS = {**LEAD_ONLY, "committee": 200}
POST_MOBILISERS = {**MOBILISERS, "lead": 405, "committee": 405, "network_admin": 405}
CONTACT_EDITORS = {**LEAD_ONLY, "network_admin": 403}
PROGRAMME_URLS.update(
    {
        "actors:directory": (None, READ_ALL),
        "actors:organisation": ("organisation", READ_ALL),
        "actors:organisation_add": (None, LEAD_ONLY),
        "actors:organisation_edit": ("organisation", LEAD_ONLY),
        "actors:organisation_delete": ("organisation", LEAD_ONLY),
        "actors:follow": ("organisation", POST_MOBILISERS),
        "actors:people": (None, READ_ALL),
        "actors:search_people": (None, READ_ALL),
        "actors:search_organisations": (None, READ_ALL),
        "actors:person_add": (None, CONTACT_EDITORS),
        "actors:person_edit": ("person", CONTACT_EDITORS),
        "actors:board": (None, FOLLOWERS),
        "actors:mobilisation": ("mobilisation", MOBILISERS),
        "actors:move": ("mobilisation", POST_MOBILISERS),
        "actors:interaction_add": ("mobilisation", POST_MOBILISERS),
        "actors:channels": (None, FOLLOWERS),
        "actors:simple_add": ("network_kind", MOBILISERS),
        "actors:simple_edit": ("network", MOBILISERS),
        "actors:simple_delete": ("network", MOBILISERS),
        "actors:import": (None, LEAD_ONLY),
        "actors:import_preview": ("import_batch", {**LEAD_ONLY, "network_admin": 404}),
        "actors:export": ("export", READ_ALL),
        "actors:guide": (None, READ_ALL),
        "actors:guide_pdf": (None, READ_ALL),
    }
)
# Pages outside a programme: url name -> (kwargs, anonymous status, member status).
APP_OBJECTS = []
OTHER_URLS = {
    "home": ({}, 302, 302),  # a member of one programme lands on its dashboard
    "healthz": ({}, 200, 200),
    "login": ({}, 200, 200),
    "logout": ({}, 405, 405),  # POST only, as Django wants it
    "set_language": ({}, 302, 302),
    "password_change": ({}, 302, 200),
    "password_change_done": ({}, 302, 200),
    "password_reset": ({}, 200, 200),
    "password_reset_done": ({}, 200, 200),
    "password_reset_confirm": ({"uidb64": "x", "token": "y"}, 200, 200),
    "password_reset_complete": ({}, 200, 200),
    # Public once published (see the actors tests); an unknown or unpublished guide is 404.
    "actors:guide_public": ({"territory": "nulle-part", "programme": "rien"}, 404, 404),
}


def _collect_app_url_roles():
    for config in apps.get_app_configs():
        if not config.name.startswith("copilote."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.url_roles")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(config.name):
                continue
            raise
        PROGRAMME_URLS.update(getattr(module, "PROGRAMME_URLS", {}))
        OTHER_URLS.update(getattr(module, "OTHER_URLS", {}))
        if hasattr(module, "objects"):
            APP_OBJECTS.append(module.objects)


_collect_app_url_roles()


def all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            yield from all_url_names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_pattern_is_covered():
    names = {n for n in all_url_names() if not n.startswith("admin:")}
    unknown = names - set(PROGRAMME_URLS) - set(OTHER_URLS)
    assert not unknown, f"URL patterns without a permission expectation: {sorted(unknown)}"


def actor_objects(programme, users):
    mobilisation = MobilisationFactory(programme=programme)
    network = NetworkFactory(territory=programme.territory)
    return {
        "organisation": {"pk": mobilisation.organisation_id},
        "person": {"pk": PersonFactory(territory=programme.territory).pk},
        "mobilisation": {"pk": mobilisation.pk},
        "network_kind": {"kind": "reseau"},
        "network": {"kind": "reseau", "pk": network.pk},
        "import_batch": {"pk": ImportBatchFactory(programme=programme, user=users["lead"]).pk},
        "export": {"target": "contacts", "fmt": "csv"},
    }


@pytest.fixture
def objects(programme, users):
    with scopes_disabled():
        return {
            "theme": {"slug": ThemeFactory(programme=programme).slug},
            "commune": {"pk": CommuneFactory(territory=programme.territory).pk},
            "membership": {"pk": programme.memberships.get(user=users["participant"]).pk},
            **governance_objects(programme),
            **actor_objects(programme, users),
            **{
                key: value
                for build in APP_OBJECTS
                for key, value in build(programme, users).items()
            },
        }


def governance_objects(programme):
    meeting = CommitteeMeetingFactory(programme=programme)
    published = CommitteeMeetingFactory(programme=programme, status="published")
    rank = {"rank": meeting.rank}
    section = AgendaSectionFactory(meeting=meeting)
    return {
        "committee_member": {"pk": CommitteeMemberFactory(programme=programme).pk},
        "meeting": rank,
        "section": {**rank, "pk": section.pk},
        "decision": {**rank, "pk": DecisionFactory(meeting=meeting).pk},
        "task": {**rank, "pk": TaskFactory(meeting=meeting).pk},
        "status": {**rank, "action": "publier"},
        "published_document": {"rank": published.rank, "name": "diaporama", "fmt": "pptx"},
    }


def programme_url(name, programme, objects):
    extra, _expected = PROGRAMME_URLS[name]
    kwargs = {"territory": programme.territory.slug, "programme": programme.slug}
    if extra:
        kwargs.update(objects[extra])
    return reverse(name, kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PROGRAMME_URLS))
def test_programme_urls_by_role(name, programme, objects, client_for):
    url = programme_url(name, programme, objects)
    response = client_for(None).get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login")), name
    assert client_for("other").get(url).status_code == 404, name
    for role, status in PROGRAMME_URLS[name][1].items():
        assert client_for(role).get(url).status_code == status, (name, role)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PROGRAMME_URLS))
def test_other_territory_objects_are_404(name, programme, objects, client_for, users):
    """A lead of another territory gets 404 even when the object ids are right."""
    url = programme_url(name, programme, objects)
    assert client_for("other").post(url, {}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(OTHER_URLS))
def test_other_urls(name, client_for):
    kwargs, anonymous, member = OTHER_URLS[name]
    url = reverse(name, kwargs=kwargs)
    assert client_for(None).get(url).status_code == anonymous
    assert client_for("participant").get(url).status_code == member


@pytest.mark.django_db
def test_admin_is_for_network_admins_only(client_for):
    url = reverse("admin:programmes_programme_changelist")
    assert client_for("network_admin").get(url).status_code == 200
    for role in ("lead", "committee", "observer", "other"):
        response = client_for(role).get(url)
        assert response.status_code == 302 and "/admin/login/" in response.url, role
