"""Load and scale-out: two application servers and two task workers on one PostgreSQL.

    scripts/with-postgres.sh .venv/bin/python bench/load.py [--users 200] [--seconds 120]

Builds the demo in a database of its own on the server that ``DATABASE_URL`` names (dropped at
the end), then starts two gunicorn servers on free loopback ports (production settings, behind
a declared proxy: ``X-Forwarded-Proto: https``) and two ``db_worker`` processes. ``--users``
simulated users (asyncio + httpx, half on each server) run for ``--seconds``, each in a loop:

- 70 %: a page of the programme as the lead (dashboard, committee, directory, contacts,
  mobilisation board, events, working groups, actions);
- 20 %: a public registration to an event (each with its own address: its confirmation mail is
  queued for the workers);
- 10 %: an exchange recorded on a mobilisation as the lead (a write with a unique note).

Then waits for the workers to empty the queue and prints: requests/s, p50/p95, errors (any
answer other than the page, the confirmation or the redirect after a write, and any transport
error), writes acknowledged vs rows in the database (lost writes), mails queued vs sent and
duplicates (the file mail backend keeps every message: an address mailed twice is a duplicate).
Target: 0 errors, 0 lost writes, 0 duplicates.

The rate limit per client address is off (every request comes from 127.0.0.1). Sessions are
made in the database (no password hashing in the load).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import datetime as dt
import email
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--users", type=int, default=200)
parser.add_argument("--seconds", type=float, default=120)
parser.add_argument("--gunicorn-workers", type=int, default=2)
parser.add_argument("--threads", type=int, default=4)
parser.add_argument("--drain", type=float, default=300, help="seconds to wait for the queue")
ARGS = parser.parse_args()

GIVEN_URL = os.environ.get("DATABASE_URL", "")
if not GIVEN_URL.startswith("postgres"):
    raise SystemExit("bench/load.py needs PostgreSQL: scripts/with-postgres.sh ... bench/load.py")
BENCH_DB = f"copilote_load_{os.getpid()}"
TMP = tempfile.mkdtemp(prefix="copilote-bench-load-")
MAILDIR = Path(TMP) / "mail"
SECRET_KEY = "bench-" + "y" * 50
ENV = {
    "SECRET_KEY": SECRET_KEY,
    "ALLOWED_HOSTS": "127.0.0.1",
    "COPILOTE_BEHIND_PROXY": "1",
    "RATELIMIT_ENABLE": "0",
    "COPILOTE_VAR_DIR": TMP,
    "DJANGO_SETTINGS_MODULE": "copilote.settings",
    "DATABASE_URL": GIVEN_URL.rsplit("/", 1)[0] + f"/{BENCH_DB}",
    "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    "EMAIL_FILE_PATH": str(MAILDIR),
    "LOG_LEVEL": "WARNING",
    "PYTHONPATH": str(ROOT),
}
TERRITORY = PROGRAMME = "charenton-saint-maurice"
BASE = f"/t/{TERRITORY}/p/{PROGRAMME}"
PAGES = [
    f"{BASE}/",
    f"{BASE}/copil/",
    f"{BASE}/acteurs/",
    f"{BASE}/acteurs/contacts/",
    f"{BASE}/acteurs/mobilisation/",
    f"{BASE}/evenements/gestion/",
    f"{BASE}/groupes/",
    f"{BASE}/actions/",
]
EVENT_SLUG = "banc-de-charge"
CONFIRMED = "Votre inscription est confirmée"


def postgres(sql: str) -> None:
    import psycopg

    with psycopg.connect(GIVEN_URL, autocommit=True) as conn:
        conn.execute(sql)


def setup() -> dict:
    """The demo, a public event with room for everyone, a session for the lead."""
    os.environ.update(ENV)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection
    from django_scopes import scopes_disabled

    from copilote.actors.models import Mobilisation
    from copilote.events.models import Event
    from copilote.programmes.demo import load_demo

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    programme, _created = load_demo()
    with scopes_disabled():
        Event.objects.create(
            programme=programme,
            slug=EVENT_SLUG,
            kind="thematique",
            title="Rencontre du banc de charge",
            date=dt.date.today() + dt.timedelta(days=30),
            capacity=1_000_000,
            status="publie",
        )
        mobilisation = Mobilisation.objects.filter(programme=programme).order_by("pk").first()
        lead = get_user_model().objects.get(username="pilote")
        session = SessionStore()
        session[SESSION_KEY] = str(lead.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = lead.get_session_auth_hash()
        session.create()
    # The demo's own mails (none are expected) and tasks are not the load's.
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    connection.close()
    return {"session": session.session_key, "mobilisation": mobilisation.pk}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **ENV}, start_new_session=True)


# A connection idle on the client side is dropped before the server closes it (gunicorn's
# keep-alive): otherwise a request sent on a connection the server is just closing fails with a
# transport error that says nothing about the application (a proxy in front does the same).
SERVER_KEEPALIVE, CLIENT_KEEPALIVE = 5, 2


def serve() -> tuple[subprocess.Popen, int]:
    import httpx

    port = free_port()
    process = start(
        [
            sys.executable, "-m", "gunicorn", "copilote.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(ARGS.gunicorn_workers),
            "--threads", str(ARGS.threads), "--log-level", "warning", "--timeout", "120",
            "--keep-alive", str(SERVER_KEEPALIVE),
        ]
    )  # fmt: skip
    for _ in range(600):
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process, port
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def worker() -> subprocess.Popen:
    return start([sys.executable, "-m", "django", "db_worker", "--interval", "0.5"])


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


class Stats:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.kinds: collections.Counter = collections.Counter()
        self.errors: collections.Counter = collections.Counter()
        self.registered: list[str] = []  # addresses acknowledged
        self.notes: list[str] = []  # exchanges acknowledged


async def user(n: int, port: int, info: dict, stats: Stats, end: float) -> None:
    import httpx

    base = f"http://127.0.0.1:{port}"
    proxy = {"X-Forwarded-Proto": "https"}
    rng = random.Random(n)
    limits = httpx.Limits(keepalive_expiry=CLIENT_KEEPALIVE)
    async with (
        httpx.AsyncClient(base_url=base, headers=proxy, timeout=120, limits=limits) as public,
        httpx.AsyncClient(
            base_url=base,
            headers={**proxy, "Cookie": f"sessionid={info['session']}"},
            timeout=120,
            limits=limits,
        ) as lead,
    ):
        csrf: dict[str, tuple[str, str]] = {}

        async def token(client, path: str) -> tuple[str, str]:
            if path not in csrf:
                page = await client.get(path)
                match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
                csrf[path] = (match.group(1), page.cookies.get("csrftoken") or "")
            return csrf[path]

        i = 0
        while time.monotonic() < end:
            i += 1
            roll = rng.random()
            began = time.monotonic()
            try:
                if roll < 0.7:
                    kind = "page"
                    response = await lead.get(rng.choice(PAGES))
                    ok = response.status_code == 200
                elif roll < 0.9:
                    kind = "registration"
                    path = f"{BASE}/evenements/{EVENT_SLUG}/"
                    value, cookie = await token(public, path)
                    address = f"u{n}-{i}@exemple.invalid"
                    response = await public.post(
                        path,
                        data={
                            "csrfmiddlewaretoken": value,
                            "name": f"Personne {n}-{i}",
                            "email": address,
                            "kind": "citoyen",
                            "consent": "on",
                            "website": "",
                        },
                        headers={
                            "Referer": f"https://127.0.0.1:{port}{path}",
                            "Cookie": f"csrftoken={cookie}",
                        },
                    )
                    ok = response.status_code == 200 and CONFIRMED in response.text
                    if ok:
                        stats.registered.append(address)
                else:
                    kind = "exchange"
                    path = f"{BASE}/acteurs/mobilisation/{info['mobilisation']}/echange/"
                    value, cookie = await token(lead, path)
                    note = f"load-{n}-{i}"
                    response = await lead.post(
                        path,
                        data={
                            "csrfmiddlewaretoken": value,
                            "kind": "appel",
                            "date": dt.date.today().isoformat(),
                            "notes": note,
                        },
                        headers={
                            "Referer": f"https://127.0.0.1:{port}{path}",
                            "Cookie": f"sessionid={info['session']}; csrftoken={cookie}",
                        },
                    )
                    ok = response.status_code == 302
                    if ok:
                        stats.notes.append(note)
                if not ok:
                    stats.errors[f"{kind} {response.status_code}"] += 1
            except httpx.HTTPError as exc:
                stats.errors[f"{kind} {type(exc).__name__}"] += 1
            stats.latencies.append(time.monotonic() - began)
            stats.kinds[kind] += 1


async def drive(ports: list[int], info: dict) -> tuple[Stats, float]:
    stats = Stats()
    end = time.monotonic() + ARGS.seconds
    began = time.perf_counter()
    await asyncio.gather(
        *(user(n, ports[n % len(ports)], info, stats, end) for n in range(ARGS.users))
    )
    return stats, time.perf_counter() - began


def drain() -> int:
    """Wait until the workers have run every queued task; the tasks still waiting."""
    import django

    django.setup()
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + ARGS.drain
    while True:
        waiting = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()
        if not waiting or time.monotonic() > deadline:
            connection.close()
            return waiting
        time.sleep(1)


def mails() -> collections.Counter:
    """How many messages each address received (the file backend writes every message)."""
    received: collections.Counter = collections.Counter()
    for path in MAILDIR.glob("*.log") if MAILDIR.exists() else []:
        for chunk in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
            if chunk.strip():
                message = email.message_from_string(chunk.strip())
                received[message["To"]] += 1
    return received


def figures(stats: Stats, elapsed: float, waiting: int) -> tuple[list[tuple[str, object]], bool]:
    import django

    django.setup()
    from django.db import connection
    from django_scopes import scopes_disabled
    from django_tasks_db.models import DBTaskResult

    from copilote.actors.models import Interaction
    from copilote.core.models import MailDelivery
    from copilote.events.models import Registration

    with scopes_disabled():
        registrations = set(
            Registration.objects.filter(event__slug=EVENT_SLUG).values_list("email", flat=True)
        )
        notes = set(
            Interaction.objects.filter(notes__startswith="load-").values_list("notes", flat=True)
        )
        deliveries = collections.Counter(
            MailDelivery.objects.filter(kind__startswith="registration").values_list(
                "status", flat=True
            )
        )
    tasks = collections.Counter(DBTaskResult.objects.values_list("status", flat=True))
    connection.close()
    received = mails()
    acknowledged = len(stats.registered) + len(stats.notes)
    lost = len(set(stats.registered) - registrations) + len(set(stats.notes) - notes)
    queued = len(stats.registered)
    sent_once = sum(1 for a in stats.registered if received[a] == 1)
    duplicates = sum(n - 1 for n in received.values() if n > 1)
    total = sum(stats.kinds.values())
    errors = sum(stats.errors.values())
    lat = sorted(stats.latencies)
    p95 = lat[int(len(lat) * 0.95) - 1] if lat else 0
    rows = [
        ("servers × gunicorn workers × threads", f"2 × {ARGS.gunicorn_workers} × {ARGS.threads}"),
        ("task workers (db_worker)", 2),
        ("simulated users / seconds", f"{ARGS.users} / {ARGS.seconds:.0f}"),
        ("requests (pages / registrations / exchanges)", f"{total} ({stats.kinds['page']} / "
         f"{stats.kinds['registration']} / {stats.kinds['exchange']})"),
        ("requests/s", f"{total / elapsed:.1f}"),
        ("p50 / p95 (ms)", f"{statistics.median(lat) * 1000:.0f} / {p95 * 1000:.0f}"
         if lat else "-"),
        ("errors", f"{errors} {dict(stats.errors) if errors else ''}".strip()),
        ("writes acknowledged / found in the database", f"{acknowledged} / {acknowledged - lost}"),
        ("lost writes", lost),
        ("rows written but not acknowledged", len(registrations) + len(notes) - acknowledged
         + lost),
        ("mails queued / sent once / duplicates", f"{queued} / {sent_once} / {duplicates}"),
        ("tasks (status: count), still waiting", f"{dict(tasks)}, {waiting}"),
        ("mail records (status: count)", dict(deliveries)),
    ]  # fmt: skip
    ok = errors == 0 and lost == 0 and duplicates == 0 and sent_once == queued and not waiting
    return rows, ok


def main() -> None:
    postgres(f'CREATE DATABASE "{BENCH_DB}"')
    processes: list[subprocess.Popen] = []
    try:
        info = setup()
        for _ in range(2):
            process, port = serve()
            processes.append(process)
            info.setdefault("ports", []).append(port)
        processes += [worker(), worker()]
        stats, elapsed = asyncio.run(drive(info["ports"], info))
        waiting = drain()
        rows, ok = figures(stats, elapsed, waiting)
    finally:
        for process in processes:
            stop(process)
    width = max(len(k) for k, _v in rows)
    print(f"| {'measure':<{width}} | value |")
    print(f"|{'-' * (width + 2)}|-------|")
    for key, value in rows:
        print(f"| {key:<{width}} | {value} |")
    print("target met" if ok else "TARGET NOT MET")
    from django.db import connections

    connections.close_all()
    postgres(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
