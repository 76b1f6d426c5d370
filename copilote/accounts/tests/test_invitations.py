import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from copilote.accounts import services
from copilote.accounts.models import Invitation
from copilote.core.models import MailDelivery, User

pytestmark = pytest.mark.django_db


def invite(client, programme, users, email="nouvelle@exemple.fr", role="lead"):
    client.force_login(users["lead"])
    url = reverse(
        "accounts:invitations",
        kwargs={"territory": programme.territory.slug, "programme": programme.slug},
    )
    mail.outbox.clear()
    return client.post(url, {"email": email, "role": role, "name": "Nouvelle Pilote"})


def resend_url(programme, invitation) -> str:
    kwargs = {"territory": programme.territory.slug, "programme": programme.slug}
    return reverse(
        "accounts:invitation_action", kwargs={**kwargs, "pk": invitation.pk, "action": "renvoyer"}
    )


def mailed_link():
    return re.search(r"http://testserver(/invitation/\S+)", mail.outbox[-1].body)[1]


def test_invited_person_sets_a_password_once(client, programme, users):
    assert invite(client, programme, users).status_code == 302
    link = mailed_link()
    client.logout()
    assert client.get(link).status_code == 200
    response = client.post(
        link,
        {
            "first_name": "Nina",
            "last_name": "Pilote",
            "password1": "Un-mot-de-passe-solide-42",
            "password2": "Un-mot-de-passe-solide-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@exemple.fr")
    assert user.check_password("Un-mot-de-passe-solide-42")
    with scopes_disabled():
        assert programme.memberships.get(user=user).role == "lead"
    client.logout()
    assert client.get(link).status_code == 404  # single use


def test_resend_invalidates_the_old_link_and_revoke_kills_it(client, programme, users):
    invite(client, programme, users)
    old = mailed_link()
    with scopes_disabled():
        invitation = Invitation.objects.get()
    client.post(resend_url(programme, invitation))
    new = mailed_link()
    assert old != new
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    with scope(territory=programme.territory):
        invitation.refresh_from_db()
        services.revoke(user=users["lead"], invitation=invitation)
    assert client.get(new).status_code == 404


def test_invitation_to_a_member_is_refused(client, programme, users):
    users["committee"].email = "copil@exemple.fr"
    users["committee"].save()
    response = invite(client, programme, users, email="COPIL@exemple.fr")
    assert response.status_code == 200
    assert "déjà membre" in response.content.decode()
    with scopes_disabled():
        assert not Invitation.objects.exists()
    with scope(territory=programme.territory), pytest.raises(ValidationError):
        services.invite(
            user=users["lead"],
            programme=programme,
            email="copil@exemple.fr",
            role="observer",
            base_url="http://testserver/",
        )


def test_an_invitation_refused_once_is_retried_and_recorded(client, programme, users, flaky):
    flaky.failing = {1}
    assert invite(client, programme, users).status_code == 302
    with scopes_disabled():
        delivery = MailDelivery.objects.get(kind="invitation")
        invitation = Invitation.objects.get()
    assert delivery.subject_key == f"invitation:{invitation.pk}" and delivery.programme == programme
    assert (delivery.status, delivery.attempts, delivery.sent) == ("sent", 2, 1)
    assert flaky.sent == ["nouvelle@exemple.fr"]


def test_an_invitation_mail_that_finally_failed_is_shown_to_the_lead(
    client, programme, users, flaky
):
    flaky.failing = {1, 2, 3}
    invite(client, programme, users)
    with scopes_disabled():
        delivery = MailDelivery.objects.get(kind="invitation")
    assert (delivery.status, delivery.attempts, delivery.sent) == ("failed", 3, 0)
    url = reverse(
        "accounts:invitations",
        kwargs={"territory": programme.territory.slug, "programme": programme.slug},
    )
    body = client.get(url).content.decode()
    assert "Mail d’invitation : échec de l’envoi." in body and 'role="alert"' in body
    # Sent again once the server is back: the row no longer shows the failure.
    flaky.failing = set()
    with scopes_disabled():
        invitation = Invitation.objects.get()
    client.post(resend_url(programme, invitation))
    assert flaky.sent == ["nouvelle@exemple.fr"]
    assert "échec de l’envoi" not in client.get(url).content.decode()


def test_password_pages_in_the_app_look(client):
    response = client.get(reverse("password_reset"))
    assert b"site-header" in response.content
    assert (
        b"password_reset" in client.get(reverse("login")).content
        or b"/accounts/password_reset/" in client.get(reverse("login")).content
    )
