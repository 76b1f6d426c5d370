"""Public registration under load: gunicorn on loopback, the database of DATABASE_URL.

    scripts/with-postgres.sh .venv/bin/python bench/registrations.py   # PostgreSQL
    .venv/bin/python bench/registrations.py                             # SQLite (temporary file)

Creates an event of CAPACITY seats in a fresh database, serves the application with gunicorn
(production settings: tasks queued in the database, mail sent by the worker, not here) on a
free loopback port, and sends REQUESTS registrations (each a distinct address) from CLIENTS
threads at once, for at most DEADLINE seconds. The rate limit per client address is turned off
(RATELIMIT_ENABLE=0): every request comes from 127.0.0.1. Prints registrations per minute,
errors (anything but the confirmation or the waiting-list page, « database is locked »
included), rows accepted in the database, acknowledged responses and the capacity.
Target: ≥ 1,000 registrations per minute, 0 errors, accepted == acknowledged == capacity.

Options: --requests N (default 600), --capacity N (default 500), --clients N (default 16),
--workers N (gunicorn workers, default 2), --deadline S (default 120).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--requests", type=int, default=600)
parser.add_argument("--capacity", type=int, default=500)
parser.add_argument("--clients", type=int, default=16)
parser.add_argument("--workers", type=int, default=2)
parser.add_argument("--deadline", type=float, default=120)
ARGS = parser.parse_args()

TMP = tempfile.mkdtemp(prefix="copilote-bench-registrations-")
ENV = {
    "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "RATELIMIT_ENABLE": "0",
    "COPILOTE_VAR_DIR": TMP,
    "DJANGO_SETTINGS_MODULE": "copilote.settings",
    "LOG_LEVEL": "WARNING",
}
GIVEN_URL = os.environ.get("DATABASE_URL", "")
BACKEND = "PostgreSQL" if GIVEN_URL.startswith("postgres") else "SQLite"
BENCH_DB = f"copilote_bench_{os.getpid()}"


def postgres(sql: str) -> None:
    """Run ``sql`` on the given server (to create and drop the bench's own database)."""
    import psycopg

    with psycopg.connect(GIVEN_URL, autocommit=True) as conn:
        conn.execute(sql)


if BACKEND == "PostgreSQL":  # a database of its own, dropped at the end: nothing else touched
    postgres(f'CREATE DATABASE "{BENCH_DB}"')
    ENV["DATABASE_URL"] = GIVEN_URL.rsplit("/", 1)[0] + f"/{BENCH_DB}"
else:
    ENV["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

import httpx  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from copilote.events.models import Event, Registration  # noqa: E402
from copilote.programmes.models import Programme, Territory  # noqa: E402


def setup() -> Event:
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    with scopes_disabled():
        territory = Territory.objects.create(slug="bench", name="Banc d’essai")
        programme = Programme.objects.create(territory=territory, slug="inscriptions", name="Banc")
        event = Event.objects.create(
            programme=programme,
            slug="soiree",
            kind="lancement",
            title="Soirée de lancement",
            date=dt.date.today() + dt.timedelta(days=30),
            capacity=ARGS.capacity,
            status="publie",
        )
    connection.close()
    return event


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(port: int) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "copilote.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(ARGS.workers), "--threads", "4",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ}, start_new_session=True)
    for _ in range(200):
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start")


CONFIRMED = "Votre inscription est confirmée"
WAITING = "Vous êtes sur la liste d’attente"


def main() -> None:
    setup()
    port = free_port()
    server = serve(port)
    url = f"http://127.0.0.1:{port}/t/bench/p/inscriptions/evenements/soiree/"
    try:
        first = httpx.get(url, timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', first.text).group(1)
        cookie = first.cookies.get("csrftoken")
        headers = {"Cookie": f"csrftoken={cookie}", "Referer": url}
        counts = {"confirmed": 0, "waiting": 0, "errors": 0, "locked": 0, "sent": 0}
        lock = threading.Lock()
        stop_at = time.monotonic() + ARGS.deadline
        local = threading.local()

        def one(n: int) -> None:
            if time.monotonic() > stop_at:
                return
            client = getattr(local, "client", None)
            if client is None:
                client = local.client = httpx.Client(timeout=30)
            data = {
                "csrfmiddlewaretoken": token,
                "name": f"Personne {n}",
                "email": f"personne{n}@example.org",
                "kind": "citoyen",
                "consent": "on",
                "website": "",
            }
            try:
                response = client.post(url, data=data, headers=headers)
                text = response.text
                key = (
                    "confirmed" if response.status_code == 200 and CONFIRMED in text
                    else "waiting" if response.status_code == 200 and WAITING in text
                    else "errors"
                )  # fmt: skip
                locked = "database is locked" in text
            except httpx.HTTPError:
                key, locked = "errors", False
            with lock:
                counts[key] += 1
                counts["sent"] += 1
                counts["locked"] += locked

        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(ARGS.clients) as pool:
            list(pool.map(one, range(ARGS.requests)))
        elapsed = time.perf_counter() - start
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    with scopes_disabled():
        accepted = Registration.objects.filter(status="inscrit").count()
        waiting = Registration.objects.filter(status="attente").count()
    per_minute = counts["sent"] / elapsed * 60
    rows = [
        ("database", BACKEND),
        ("gunicorn workers × threads / client threads", f"{ARGS.workers} × 4 / {ARGS.clients}"),
        ("requests sent", counts["sent"]),
        ("elapsed (s)", f"{elapsed:.1f}"),
        ("registrations per minute", f"{per_minute:,.0f}"),
        ("errors", counts["errors"]),
        ("« database is locked » seen by a user", counts["locked"]),
        ("capacity", ARGS.capacity),
        ("accepted rows in the database", accepted),
        ("acknowledged (confirmation page)", counts["confirmed"]),
        ("waiting list: rows / acknowledged", f"{waiting} / {counts['waiting']}"),
    ]
    width = max(len(k) for k, _v in rows)
    print(f"| {'measure':<{width}} | value |")
    print(f"|{'-' * (width + 2)}|-------|")
    for key, value in rows:
        print(f"| {key:<{width}} | {value} |")
    ok = (
        counts["errors"] == 0
        and accepted == counts["confirmed"] == min(ARGS.capacity, counts["sent"])
        and per_minute >= 1000
    )
    print("target met" if ok else "TARGET NOT MET")
    connection.close()
    if BACKEND == "PostgreSQL":
        postgres(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
    shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
