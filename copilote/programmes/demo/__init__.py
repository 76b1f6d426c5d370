"""The demo: the kit's illustration as a programme file, with the demo accounts of DESIGN.md,
and a small current experimentation of the same territory dated from today.

An app ties the demo accounts to its own data (e.g. the facilitator to a working group) with
``register_demo_step(step)``: ``step(programme, accounts)`` runs after the accounts exist, with
``accounts`` mapping each username to its user; it must be idempotent.
"""

import datetime as dt
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django_scopes import scope, scopes_disabled

from copilote.programmes.models import Membership, Programme, Role
from copilote.programmes.programme_file import import_programme

DEMO_FILE = Path(__file__).with_name("charenton-saint-maurice.yaml")
CURRENT_FILE = Path(__file__).with_name("current.yaml")
TERRITORY = "charenton-saint-maurice"
PROGRAMME = "charenton-saint-maurice"
CURRENT = "seconde-edition"
REFERENCE = dt.date(2026, 1, 7)  # the "today" current.yaml is written for
PASSWORD = "demo"
_DATE = re.compile(r'"(\d{4}-\d{2}-\d{2})"')

# username, first name, last name, role (None: network administrator). Fictional people.
ACCOUNTS = [
    ("pilote", "Claire", "Pilote (fictive)", Role.LEAD),
    ("copil", "Marc", "Comité (fictif)", Role.COMMITTEE),
    ("animateur", "Inès", "Animatrice (fictive)", Role.FACILITATOR),
    ("participant", "Paul", "Participant (fictif)", Role.PARTICIPANT),
    ("observateur", "Odile", "Observatrice (fictive)", Role.OBSERVER),
    ("reseau", "Rémi", "Réseau (fictif)", None),
]

_STEPS: list = []


def register_demo_step(step) -> None:
    if step not in _STEPS:
        _STEPS.append(step)


def dated_from(today: dt.date, text: str) -> str:
    """``current.yaml`` moved by whole weeks (weekdays kept) so that REFERENCE falls within
    three days of ``today``; a date to the month stays on the first of its month."""
    shift = dt.timedelta(weeks=round((today - REFERENCE).days / 7))

    def move(match: re.Match) -> str:
        day = dt.date.fromisoformat(match.group(1)) + shift
        return f'"{day.isoformat()}"'

    text = _DATE.sub(move, text)
    # "start: <date>\n      precision: month": back to the first of the month
    return re.sub(r'"(\d{4}-\d{2})-\d{2}"(\n\s+precision: month)', r'"\1-01"\2', text)


@transaction.atomic
def load_demo() -> tuple[Programme, bool]:
    """Import the kit's case and the demo accounts; idempotent: a second call changes nothing."""
    with scopes_disabled():
        programme = Programme.objects.filter(territory__slug=TERRITORY, slug=PROGRAMME).first()
    created = programme is None
    if created:
        programme = import_programme(DEMO_FILE.read_text(encoding="utf-8"))
    User = get_user_model()
    accounts = {}
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
            if new or not user.has_usable_password():
                user.set_password(PASSWORD)
                user.save(update_fields=["password"])
            if role is not None:
                Membership.objects.get_or_create(
                    user=user, programme=programme, defaults={"role": role}
                )
            accounts[username] = user
        for step in _STEPS:
            step(programme, accounts)
    return programme, created


@transaction.atomic
def load_current(*, today: dt.date | None = None) -> tuple[Programme, bool]:
    """The small current programme of the demo territory, dated from ``today`` (the real today
    by default), led by ``pilote``; after load_demo(); idempotent."""
    with scopes_disabled():
        current = Programme.objects.filter(territory__slug=TERRITORY, slug=CURRENT).first()
    created = current is None
    if created:
        text = dated_from(today or dt.date.today(), CURRENT_FILE.read_text(encoding="utf-8"))
        current = import_programme(text)
    with scope(territory=current.territory):
        lead = get_user_model().objects.get(username="pilote")
        Membership.objects.get_or_create(user=lead, programme=current, defaults={"role": Role.LEAD})
        if created:
            open_demo_poll(current, today=today)
    return current, created


def open_demo_poll(programme: Programme, *, today: dt.date | None = None) -> None:
    """An open date poll for the current programme's copil n°2 (its three dates from the one
    planned), with two answers so far."""
    from django.utils import timezone

    from copilote.planning import services as planning

    today = today or timezone.localdate()
    meeting = programme.committee_meetings.filter(kind="copil-2", date__gt=today).first()
    if meeting is None:
        return
    days = [meeting.date + dt.timedelta(days=n) for n in range(0, 10)]
    days = [d for d in days if d.weekday() < 5 and d.month != 8][:3]
    now = timezone.now()
    eve = timezone.make_aware(dt.datetime.combine(days[0] - dt.timedelta(days=1), dt.time(18)))
    deadline = min(now + dt.timedelta(days=5), eve)
    if deadline <= now:
        return
    people = (
        get_user_model()
        .objects.filter(username__in=["pilote", "copil", "observateur"])
        .order_by("username")
    )
    poll = planning.create_poll(
        user=None,
        programme=programme,
        title=meeting.title,
        target=f"committee-meeting-{meeting.pk}",
        target_kind="committee",
        deadline=deadline,
        remind_days=2,
        slots=[(d, dt.time(14, 0), dt.time(16, 0)) for d in days],
        voters=[(u.get_full_name(), u.email) for u in people],
    )
    slots = list(poll.slots.order_by("date"))
    answers = {"copil": ["yes", "maybe", "no"], "observateur": ["yes", "yes", "maybe"]}
    for voter in poll.voters.all():
        username = voter.email.split("@")[0]
        if username in answers:
            planning.answer_poll(
                voter=voter,
                answers={s.pk: a for s, a in zip(slots, answers[username], strict=True)},
                comment="",
            )
