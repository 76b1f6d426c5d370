"""The network administrator grants and withdraws « ajouter une expérimentation »."""

import pytest
from django.test import Client
from django.urls import reverse

from copilote.core.tests.factories import UserFactory
from copilote.programmes.start import can_start

pytestmark = pytest.mark.django_db


def test_network_admin_grants_then_withdraws_after_confirmation(users):
    admin, other = users["network_admin"], UserFactory(username="collectivite", email="c@ex.fr")
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    page = client.get(reverse("starters"))
    assert page.status_code == 200 and "Qui peut ajouter une expérimentation" in page.text
    token = page.cookies["csrftoken"].value
    # Without the CSRF token: refused, nothing granted.
    assert client.post(reverse("starters"), {"account": "collectivite"}).status_code == 403
    assert not can_start(other)
    refused = client.post(
        reverse("starters"), {"account": "personne", "csrfmiddlewaretoken": token}
    )
    assert "Aucun compte actif" in refused.text
    response = client.post(
        reverse("starters"), {"account": "C@EX.FR", "csrfmiddlewaretoken": token}, follow=True
    )
    assert "Ce compte peut désormais ajouter des expérimentations." in response.text
    other = type(other).objects.get(pk=other.pk)
    assert can_start(other)
    again = client.post(reverse("starters"), {"account": "c@ex.fr", "csrfmiddlewaretoken": token})
    assert "Ce compte peut déjà" in again.text
    # The portfolio links to the page; withdrawing asks first.
    assert reverse("starters") in client.get(reverse("home")).text
    url = reverse("starter_revoke", args=[other.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "ne pourra plus" in confirm.text
    assert can_start(type(other).objects.get(pk=other.pk))
    done = client.post(url, {"csrfmiddlewaretoken": token}, follow=True)
    assert "ne peut plus ajouter" in done.text
    assert not can_start(type(other).objects.get(pk=other.pk))
    assert client.get(url).status_code == 404


def test_only_the_network_admin_may_grant(client, users):
    client.force_login(users["lead"])
    assert client.post(reverse("starters"), {"account": users["lead"].username}).status_code == 403
    assert not can_start(type(users["lead"]).objects.get(pk=users["lead"].pk))
