"""The demo: the kit's illustration as a programme file, with the demo accounts of DESIGN.md."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django_scopes import scope, scopes_disabled

from copilote.programmes.models import Membership, Programme, Role
from copilote.programmes.programme_file import import_programme

DEMO_FILE = Path(__file__).with_name("charenton-saint-maurice.yaml")
TERRITORY = "charenton-saint-maurice"
PROGRAMME = "charenton-saint-maurice"
PASSWORD = "demo"

# username, first name, last name, role (None: network administrator). Fictional people.
ACCOUNTS = [
    ("pilote", "Claire", "Pilote (fictive)", Role.LEAD),
    ("copil", "Marc", "Comité (fictif)", Role.COMMITTEE),
    ("animateur", "Inès", "Animatrice (fictive)", Role.FACILITATOR),
    ("participant", "Paul", "Participant (fictif)", Role.PARTICIPANT),
    ("observateur", "Odile", "Observatrice (fictive)", Role.OBSERVER),
    ("reseau", "Rémi", "Réseau (fictif)", None),
]


@transaction.atomic
def load_demo() -> tuple[Programme, bool]:
    """Import the demo programme and its accounts; idempotent: a second call changes nothing."""
    with scopes_disabled():
        programme = Programme.objects.filter(territory__slug=TERRITORY, slug=PROGRAMME).first()
    created = programme is None
    if created:
        programme = import_programme(DEMO_FILE.read_text(encoding="utf-8"))
    User = get_user_model()
    with scope(territory=programme.territory):
        for username, first_name, last_name, role in ACCOUNTS:
            user, new = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@demo.invalid",
                    "is_network_admin": role is None,
                    "is_staff": role is None,
                },
            )
            if new:
                user.set_password(PASSWORD)
                user.save(update_fields=["password"])
            if role is not None:
                Membership.objects.get_or_create(
                    user=user, programme=programme, defaults={"role": role}
                )
    return programme, created
