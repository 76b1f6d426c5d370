import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.core import mail as outbox
from django.core.cache import cache
from django.urls import reverse
from django_scopes import scopes_disabled

from copilote.core.tests.factories import CommuneFactory, ThemeFactory
from copilote.events import mail
from copilote.events.models import Registration
from copilote.events.tests.factories import EventFactory, EventItemFactory, RegistrationFactory


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def url(name, programme, **kwargs):
    return reverse(
        f"events:{name}",
        kwargs={"territory": programme.territory.slug, "programme": programme.slug, **kwargs},
    )


def form(**extra):
    return {
        "name": "Camille Martin",
        "email": "camille@example.org",
        "organisation": "Petit Plus",
        "kind": "association",
        "consent": "on",
        "website": "",
        **extra,
    }


@pytest.mark.django_db
def test_public_pages_need_no_account_and_hide_drafts(client, programme):
    with scopes_disabled():
        published = EventFactory(programme=programme, title="Rencontre <b>publique</b>")
        draft = EventFactory(programme=programme, status="brouillon")
        closed = EventFactory(programme=programme, status="clos")
    response = client.get(url("public_list", programme))
    assert response.status_code == 200
    assert "Rencontre &lt;b&gt;publique&lt;/b&gt;" in response.content.decode()
    assert draft.title not in response.content.decode()
    assert client.get(url("public_event", programme, slug=published.slug)).status_code == 200
    for hidden in (draft, closed):
        assert client.get(url("public_event", programme, slug=hidden.slug)).status_code == 404
    assert client.get(url("public_event", programme, slug="inconnu")).status_code == 404


@pytest.mark.django_db
def test_public_list_without_published_event_is_404(client, programme):
    with scopes_disabled():
        EventFactory(programme=programme, status="brouillon")
    assert client.get(url("public_list", programme)).status_code == 404


@pytest.mark.django_db
def test_registration_from_the_public_page(client, programme):
    with scopes_disabled():
        event = EventFactory(programme=programme, capacity=1)
        theme = ThemeFactory(programme=programme)
        commune = CommuneFactory(territory=programme.territory)
    page = url("public_event", programme, slug=event.slug)
    response = client.post(page, form(themes=[theme.pk], commune=commune.pk))
    assert response.status_code == 200
    assert "camille@example.org" in response.content.decode()
    with scopes_disabled():
        registration = Registration.objects.get()
        assert registration.status == "inscrit"
        assert list(registration.themes.all()) == [theme]
        assert "12" in registration.consent_text
    assert outbox.outbox[-1].to == ["camille@example.org"]
    # Same address: a clear message, no duplicate.
    response = client.post(page, form())
    assert response.status_code == 400
    with scopes_disabled():
        assert Registration.objects.count() == 1
    # Full: the waiting list.
    response = client.post(page, form(email="autre@example.org"))
    with scopes_disabled():
        assert Registration.objects.get(email="autre@example.org").status == "attente"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad",
    [
        {"consent": ""},
        {"email": "pas-une-adresse"},
        {"name": ""},
        {"name": "x" * 10_000},
        {"kind": "martien"},
        {"website": "http://spam.example"},
    ],
)
def test_bad_registrations_save_nothing(client, programme, bad):
    with scopes_disabled():
        event = EventFactory(programme=programme)
    response = client.post(url("public_event", programme, slug=event.slug), form(**bad))
    assert response.status_code == 400
    assert (
        'class="error"' in response.content.decode() or "form-errors" in response.content.decode()
    )
    with scopes_disabled():
        assert not Registration.objects.exists()


@pytest.mark.django_db
def test_html_in_every_field_is_escaped(client, programme, users):
    script = "<script>alert('x')</script>"
    with scopes_disabled():
        event = EventFactory(programme=programme)
    client.post(
        url("public_event", programme, slug=event.slug),
        form(name=script, organisation=script),
    )
    client.force_login(users["lead"])
    for page in ("checkin", "registrations"):
        body = client.get(url(page, programme, slug=event.slug)).content.decode()
        assert script not in body and "&lt;script&gt;" in body


@pytest.mark.django_db
def test_300_requests_a_minute_get_a_french_429(client, programme, monkeypatch):
    # The limit counts in fixed windows of the clock: the test stays inside one, however slow
    # the machine, rather than straddle two and see its count start again.
    frozen = SimpleNamespace(time=lambda: 1_800_000_010.0)
    monkeypatch.setattr("django_ratelimit.core.time", frozen)
    with scopes_disabled():
        event = EventFactory(programme=programme)
    page = url("public_event", programme, slug=event.slug)
    statuses = [client.post(page, form(email=f"p{n}@example.org")).status_code for n in range(25)]
    assert statuses[:20] == [200] * 20
    assert statuses[-1] == 429
    response = client.post(page, form(email="encore@example.org"))
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    with scopes_disabled():
        assert Registration.objects.count() == 20


@pytest.mark.django_db
def test_cancel_link_forged_reused_and_valid(client, programme):
    with scopes_disabled():
        event = EventFactory(programme=programme, capacity=1)
        seated = RegistrationFactory(event=event)
        waiting = RegistrationFactory(event=event, status="attente")
        link = mail.cancel_path(seated)
    forged = link.replace("/annuler/", "/annuler/x")
    assert client.get(forged).status_code == 404
    assert "pas valide" in client.get(forged).content.decode()
    assert client.get(link).status_code == 200  # a confirmation, nothing cancelled yet
    with scopes_disabled():
        seated.refresh_from_db()
        assert seated.status == "inscrit"
    response = client.post(link)
    assert response.status_code == 200
    with scopes_disabled():
        seated.refresh_from_db()
        waiting.refresh_from_db()
        assert seated.status == "annule" and waiting.status == "inscrit"
    assert "déjà annulée" in client.post(link).content.decode()


@pytest.mark.django_db
def test_check_in_with_htmx_returns_the_row_and_the_counts(client, programme, users):
    with scopes_disabled():
        event = EventFactory(programme=programme, target_min=2, target_max=4)
        registration = RegistrationFactory(event=event, name="Zoé Dupont")
    client.force_login(users["facilitator"])
    page = client.get(url("checkin", programme, slug=event.slug) + "?q=zoé")
    assert "Zoé Dupont" in page.content.decode()
    response = client.post(
        url("checkin_toggle", programme, slug=event.slug, pk=registration.pk),
        {"present": "1"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="checkin-counts"' in body and "hx-swap-oob" in body
    assert "<strong>1</strong>" in body
    with scopes_disabled():
        registration.refresh_from_db()
        assert registration.present


@pytest.mark.django_db
def test_walk_in_is_added_present(client, programme, users):
    with scopes_disabled():
        event = EventFactory(programme=programme)
    client.force_login(users["lead"])
    response = client.post(
        url("walk_in", programme, slug=event.slug),
        {"name": "Venu sans inscription", "kind": "citoyen"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert Registration.objects.get().walk_in


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_neutralise_formulas(client, programme, users, fmt):
    with scopes_disabled():
        event = EventFactory(programme=programme)
        RegistrationFactory(event=event, name='=HYPERLINK("http://x")', organisation="@SUM(A1)")
    client.force_login(users["committee"])
    response = client.get(url("export", programme, slug=event.slug, fmt=fmt))
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert "'=HYPERLINK" in text and "'@SUM" in text
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [c.value for c in sheet[2]]
        assert values[0].startswith("'=") and values[2].startswith("'@")
    client.force_login(users["observer"])
    assert client.get(url("export", programme, slug=event.slug, fmt=fmt)).status_code == 403


@pytest.mark.django_db
def test_event_pages_and_forms(client, programme, users):
    with scopes_disabled():
        event = EventFactory(programme=programme, target_min=1, target_max=3)
        EventItemFactory(event=event, title="Allocution <i>introductive</i>")
        RegistrationFactory(event=event, present=True)
    client.force_login(users["lead"])
    body = client.get(url("event", programme, slug=event.slug)).content.decode()
    assert "Allocution &lt;i&gt;introductive&lt;/i&gt;" in body
    assert client.get(url("figures", programme, slug=event.slug)).status_code == 200
    response = client.post(
        url("add", programme),
        {
            "kind": "autre",
            "title": "Petit déjeuner",
            "audience": "inscription",
            "start_time": "10:00",
            "end_time": "09:00",
        },
    )
    assert response.status_code == 200  # refused: the end before the start, nothing lost
    assert "Petit déjeuner" in response.content.decode()
    response = client.post(
        url("add", programme),
        {
            "kind": "autre",
            "title": "Petit déjeuner",
            "audience": "inscription",
            "date": (dt.date.today() + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    response = client.post(url("status", programme, slug="petit-dejeuner", action="publier"))
    assert response.status_code == 302
    assert client.get(url("public_event", programme, slug="petit-dejeuner")).status_code == 200
    response = client.post(
        url("item_add", programme, slug=event.slug),
        {"kind": "testimony", "title": "Témoignage", "speakers_text": "Une entreprise"},
    )
    assert response.status_code == 302
