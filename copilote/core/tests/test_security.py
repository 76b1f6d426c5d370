"""Login throttling, reset-mail limit, caching and proxy headers."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from copilote.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()


def test_wrong_passwords_lock_the_account_then_even_the_right_one_fails(client, settings):
    user = UserFactory(username="marie")
    user.set_password("le-bon-mot-de-passe")
    user.save()
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"username": "marie", "password": "faux"})
        assert response.status_code in (200, 429)
    response = client.post(url, {"username": "marie", "password": "le-bon-mot-de-passe"})
    assert response.status_code == 429
    body = response.content.decode()
    assert "Trop de tentatives" in body and "15 minutes" in body
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_accounts_is_locked_too(client, settings):
    UserFactory(username="victime")
    url = reverse("login")
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": f"compte{number}", "password": "faux"})
    response = client.post(url, {"username": "victime", "password": "faux"})
    assert response.status_code == 429


def test_a_success_before_the_limit_resets_the_count(client, settings):
    user = UserFactory(username="paul")
    user.set_password("le-bon-mot-de-passe")
    user.save()
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": "paul", "password": "faux"})
    response = client.post(url, {"username": "paul", "password": "le-bon-mot-de-passe"})
    assert response.status_code == 302


def test_reset_mails_are_limited_per_address_and_the_answer_does_not_change(client, settings):
    UserFactory(username="lea", email="lea@exemple.invalid")
    url = reverse("password_reset")
    answers = set()
    for _ in range(20):
        response = client.post(url, {"email": "lea@exemple.invalid"})
        answers.add((response.status_code, response["Location"]))
    assert len(mail.outbox) == settings.COPILOTE_RESET_MAILS_PER_HOUR
    assert answers == {(302, reverse("password_reset_done"))}


def test_reset_mails_are_limited_per_client_address(client, settings):
    for number in range(10):
        UserFactory(username=f"u{number}", email=f"u{number}@exemple.invalid")
    url = reverse("password_reset")
    for number in range(10):
        client.post(url, {"email": f"u{number}@exemple.invalid"})
    assert len(mail.outbox) == settings.COPILOTE_RESET_MAILS_PER_HOUR


def test_pages_of_a_logged_in_user_are_not_stored(client):
    client.force_login(UserFactory())
    response = client.get(reverse("home"))
    assert "no-store" in response["Cache-Control"]


def test_forwarded_headers_are_ignored_unless_behind_a_proxy(rf):
    from copilote.core.security import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "10.0.0.1"
    with override_settings(BEHIND_PROXY=True):
        request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.2", REMOTE_ADDR="10.0.0.1")
        assert client_ip(request) == "10.0.0.2"


def test_x_forwarded_proto_is_trusted_only_behind_a_proxy(monkeypatch):
    import importlib

    import copilote.settings as production

    monkeypatch.delenv("COPILOTE_BEHIND_PROXY", raising=False)
    assert getattr(importlib.reload(production), "SECURE_PROXY_SSL_HEADER", None) is None
    monkeypatch.setenv("COPILOTE_BEHIND_PROXY", "1")
    assert importlib.reload(production).SECURE_PROXY_SSL_HEADER == (
        "HTTP_X_FORWARDED_PROTO",
        "https",
    )
    monkeypatch.delenv("COPILOTE_BEHIND_PROXY")
    importlib.reload(production)


def test_session_age_defaults_to_a_working_day(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600


def test_the_admin_index_lists_the_apps_of_a_network_admin(client):
    client.force_login(UserFactory(is_network_admin=True))
    body = client.get(reverse("admin:index")).content.decode()
    for app in ("core", "programmes", "actors", "governance"):
        assert f'href="/admin/{app}/"' in body, app
    assert client.get("/admin/programmes/").status_code == 200
