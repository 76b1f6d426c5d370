"""Pages of the actors app: what each role sees, the board's moves, import, guide."""

import re

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from copilote.actors.models import Guide, ImportBatch, Mobilisation, Organisation
from copilote.actors.tests.fixture_files import organisations_xlsx
from copilote.core.tests.test_urls import all_url_names
from copilote.programmes.models import Membership

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
T = {"territory": "charenton-saint-maurice", "programme": "charenton-saint-maurice"}


def url(name, **kwargs):
    return reverse(name, kwargs={**T, **kwargs})


@pytest.fixture
def as_user(client, demo):
    def login(username):
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.get(username=username))
        return client

    return login


def actor_get_urls(demo):
    """Every GET page of the app with demo objects in its kwargs."""
    with scope(territory=demo.territory):
        organisation = Organisation.objects.get(name="Crédit Foncier")
        mobilisation = Mobilisation.objects.get(organisation=organisation)
        person = organisation.people.first()
        network = demo.territory.networks.first()
    objects = {
        "organisation": {"pk": organisation.pk},
        "organisation_edit": {"pk": organisation.pk},
        "organisation_delete": {"pk": organisation.pk},
        "person_edit": {"pk": person.pk},
        "person_delete": {"pk": person.pk},
        "mobilisation": {"pk": mobilisation.pk},
        "simple_add": {"kind": "reseau"},
        "simple_edit": {"kind": "reseau", "pk": network.pk},
        "simple_delete": {"kind": "reseau", "pk": network.pk},
    }
    skip = {
        "follow",
        "move",
        "interaction_add",
        "interaction_delete",  # no exchange in the demo; see test_rough_edges
        "import_preview",
        "guide_public",
        "guide_pdf",
    }
    names = [n.split(":")[1] for n in all_url_names() if n.startswith("actors:")]
    urls = [
        url(f"actors:{n}", **objects.get(n, {})) for n in names if n not in skip and n != "export"
    ]
    for target in ("organisations", "contacts"):
        urls.append(url("actors:export", target=target, fmt="csv"))
    return urls


@pytest.mark.parametrize("role", ["participant", "facilitator", "observateur"])
def test_no_email_address_for_members_outside_the_committee(as_user, demo, role):
    username = {"facilitator": "animateur"}.get(role, role)
    client = as_user(username)
    seen = 0
    for address in actor_get_urls(demo) + [url("programmes:dashboard")]:
        response = client.get(address)
        if response.status_code != 200:
            continue
        seen += 1
        text = response.content.decode("utf-8-sig")
        assert not EMAIL.search(text), (address, EMAIL.search(text).group())
    assert seen >= 6


def test_the_committee_sees_contact_details(as_user, demo):
    response = as_user("copil").get(url("actors:people"))
    assert "sophie.lemoine@exemple.invalid" in response.content.decode()
    response = as_user("participant").get(url("actors:people"))
    body = response.content.decode()
    assert "Lemoine (fictive)" in body and "Crédit Foncier" in body
    assert "Les coordonnées ne sont visibles que du pilote et du comité de pilotage." in body


def test_board_shows_the_kits_mobilisation(as_user, demo):
    body = as_user("pilote").get(url("actors:board")).content.decode()
    assert "RDV à venir" in body
    assert "septembre 2012" in body and "M. Cambon, Maire de Saint-Maurice" in body
    for name in (
        "Club Gravelle Entreprendre",
        "Natixis",
        "Essilor",
        "Petit Plus",
        "Docapost",
        "Veolia",
    ):
        assert name in body


def test_move_by_keyboard_form_and_htmx(as_user, demo):
    client = as_user("copil")
    with scope(territory=demo.territory):
        mobilisation = Mobilisation.objects.get(organisation__name="Veolia")
    response = client.post(
        url("actors:move", pk=mobilisation.pk), {f"{mobilisation.pk}-status": "rencontre"}
    )
    assert response.status_code == 302
    response = client.post(
        url("actors:move", pk=mobilisation.pk),
        {f"{mobilisation.pk}-status": "engage"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<li class="board-card" id="card-{mobilisation.pk}"')
    assert 'data-status="engage"' in body and "Déplacée vers « engagée (OK) »" in body
    response = client.post(
        url("actors:move", pk=mobilisation.pk),
        {f"{mobilisation.pk}-status": "nimporte"},
        HTTP_HX_REQUEST="true",
    )
    assert "Choisissez un état dans la liste." in response.content.decode()
    with scope(territory=demo.territory):
        mobilisation.refresh_from_db()
    assert mobilisation.status == "engage"


def test_the_kept_board_follows_each_move_and_holds_no_csrf_token(as_user, demo):
    """The board's columns are kept per content version: a move (logged) shows at once; the
    CSRF token is in the page's one form, outside the kept part, so each page has its own."""
    client = as_user("copil")
    with scope(territory=demo.territory):
        mobilisation = Mobilisation.objects.get(organisation__name="Veolia")
    first = client.get(url("actors:board")).content.decode()
    column = re.compile(rf'data-drop="(\w+)">(?:(?!data-drop).)*?id="card-{mobilisation.pk}"', re.S)
    assert column.search(first).group(1) == "rdv_prevu"
    kept = first.split('id="board-move"')[1].split("</form>", 1)[1].split("board.js")[0]
    assert "csrfmiddlewaretoken" not in kept and 'form="board-move"' in kept
    client.post(url("actors:move", pk=mobilisation.pk), {f"{mobilisation.pk}-status": "engage"})
    second = client.get(url("actors:board")).content.decode()
    assert column.search(second).group(1) == "engage"
    token = re.compile(r'name="csrfmiddlewaretoken" value="(\w+)"')
    observer = as_user("observateur").get(url("actors:board")).content.decode()
    assert 'id="board-move"' not in observer and 'form="board-move"' not in observer
    assert token.search(second).group(1) != token.search(
        client.get(url("actors:board")).content.decode()
    ).group(1)


def test_observer_cannot_move(as_user, demo):
    with scope(territory=demo.territory):
        mobilisation = Mobilisation.objects.get(organisation__name="Veolia")
    response = as_user("observateur").post(
        url("actors:move", pk=mobilisation.pk), {f"{mobilisation.pk}-status": "engage"}
    )
    assert response.status_code == 403


def test_interactions_and_mobilisation_form(as_user, demo):
    client = as_user("pilote")
    with scope(territory=demo.territory):
        mobilisation = Mobilisation.objects.get(organisation__name="Docapost")
    response = client.post(
        url("actors:interaction_add", pk=mobilisation.pk),
        {"kind": "appel", "date": "2012-09-05", "notes": "Premier appel"},
    )
    assert response.status_code == 302
    response = client.post(
        url("actors:mobilisation", pk=mobilisation.pk),
        {
            "status": "rdv_prevu",
            "appointment_date": "2012-09-18",
            "appointment_precision": "day",
            "next_step": "Préparer le RDV",
        },
    )
    assert response.status_code == 302
    body = client.get(url("actors:organisation", pk=mobilisation.organisation_id)).content.decode()
    assert "Premier appel" in body and "18 septembre 2012" in body and "Préparer le RDV" in body


def test_import_through_the_pages(as_user, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = as_user("pilote")
    upload = SimpleUploadedFile("structures-200.xlsx", organisations_xlsx(200))
    response = client.post(url("actors:import"), {"target": "organisations", "file": upload})
    assert response.status_code == 302
    preview = client.get(response.url).content.decode()
    assert "6 lignes sont en erreur" in preview and "194" in preview
    assert "« fondation » n’est pas un type" in preview
    response = client.post(response.url, {})
    body = response.content.decode()
    assert "rien n’a été importé" in body, body[body.find("<main") :][:3000]
    with scopes_disabled():
        batch = ImportBatch.objects.get()
    response = client.post(url("actors:import_preview", pk=batch.pk), {"only_valid": "on"})
    assert response.status_code == 302
    with scopes_disabled():
        assert Organisation.objects.filter(name__startswith="Structure fictive").count() == 194
        assert not ImportBatch.objects.exists()


def test_bad_file_is_refused_on_the_form(as_user, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.csv", "nom;type\nCafé;association\n".encode("cp1252"))
    response = as_user("pilote").post(
        url("actors:import"), {"target": "organisations", "file": upload}
    )
    assert response.status_code == 200
    assert "n’est pas encodé en UTF-8" in response.content.decode()


def test_publish_the_guide_then_public_page_and_pdf(as_user, client, demo):
    public = url("actors:guide_public")
    client.logout()
    assert client.get(public).status_code == 404
    lead = as_user("pilote")
    response = lead.post(url("actors:guide"), {"published": "on", "introduction": "Bienvenue"})
    assert response.status_code == 302
    with scope(territory=demo.territory):
        assert Guide.objects.get(programme=demo).published
    client.logout()
    body = client.get(public).content.decode()
    assert "Guide des acteurs, ressources et dispositifs d’aide" in body
    assert "Lions Sight First" in body and "Agefiph" in body
    assert "Docapost" not in body  # did not agree to appear
    pdf = as_user("participant").get(url("actors:guide_pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_only_the_lead_publishes_the_guide(as_user, demo):
    response = as_user("copil").post(url("actors:guide"), {"published": "on"})
    assert response.status_code == 403


def test_organisation_form_keeps_typed_input_on_error(as_user, demo):
    response = as_user("pilote").post(
        url("actors:organisation_add"),
        {"name": "Natixis", "kind": "entreprise", "sector": "Banque"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Une structure porte déjà ce nom." in body and 'value="Banque"' in body


def test_person_form_refuses_bad_phone(as_user, demo):
    response = as_user("pilote").post(
        url("actors:person_add"),
        {"last_name": "Essai (fictif)", "phone": "appelez-moi", "email": "x"},
    )
    body = response.content.decode()
    assert "Saisissez un numéro de téléphone" in body
    assert "Saisissez une adresse de courriel valide." in body


def test_directory_filters_by_status(as_user, demo):
    body = (
        as_user("observateur").get(url("actors:directory"), {"status": "engage"}).content.decode()
    )
    assert "5 structures" in body and "Natixis" in body and "Veolia" not in body


def test_membership_role_matters_not_just_login(as_user, demo):
    with scopes_disabled():
        Membership.objects.filter(user__username="copil").update(role="participant")
    response = as_user("copil").get(url("actors:people"))
    assert "sophie.lemoine@exemple.invalid" not in response.content.decode()
