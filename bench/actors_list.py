"""Benchmark: time of the directory, contacts and mobilisation board pages at 1,000 and 10,000
organisations (SQLite in a temporary directory, Django's test client, warm cache).

    .venv/bin/python bench/actors_list.py [--repeat 20]

Prints, per size and page, the median and worst time over the repeats and the query count.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def setup(tmp: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["COPILOTE_TESTING"] = "1"
    os.environ["COPILOTE_VAR_DIR"] = str(tmp)
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copilote.settings_test")
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def grow(programme, total: int) -> None:
    from django_scopes import scopes_disabled

    from copilote.actors.models import Mobilisation, Organisation, Person, Status
    from copilote.programmes.models import Commune

    with scopes_disabled():
        territory = programme.territory
        communes = list(Commune.objects.filter(territory=territory)) or [
            Commune.objects.create(territory=territory, name=name)
            for name in ("Commune A", "Commune B")
        ]
        themes = list(programme.themes.all())
        start = Organisation.objects.filter(territory=territory).count()
        kinds = ["association", "entreprise", "collectivite"]
        organisations = Organisation.objects.bulk_create(
            Organisation(
                territory=territory,
                name=f"Structure {i:05d}",
                kind=kinds[i % 3],
                commune=communes[i % len(communes)],
                sector="Action sociale",
            )
            for i in range(start, total)
        )
        if themes:
            Organisation.themes.through.objects.bulk_create(
                Organisation.themes.through(organisation=o, theme=themes[i % len(themes)])
                for i, o in enumerate(organisations)
            )
        Mobilisation.objects.bulk_create(
            Mobilisation(programme=programme, organisation=o, status=Status.values[i % 6])
            for i, o in enumerate(organisations)
        )
        Person.objects.bulk_create(
            Person(territory=territory, last_name=f"Contact {i}", organisation=o)
            for i, o in enumerate(organisations)
        )


def measure(client, url: str, repeat: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            begin = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - begin)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    return statistics.median(times) * 1000, max(times) * 1000, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse

        from copilote.programmes.demo import load_demo

        programme, _created = load_demo()
        client = Client()
        client.force_login(get_user_model().objects.get(username="pilote"))
        kwargs = {"territory": programme.territory.slug, "programme": programme.slug}
        pages = {
            "directory": reverse("actors:directory", kwargs=kwargs),
            "directory, filtered and sorted": reverse("actors:directory", kwargs=kwargs)
            + "?kind=association&sort=status&q=Structure",
            "directory, page 10": reverse("actors:directory", kwargs=kwargs) + "?page=10",
            "contacts": reverse("actors:people", kwargs=kwargs),
            "mobilisation board": reverse("actors:board", kwargs=kwargs),
        }
        print(
            f"{'organisations':>13}  {'page':<32} {'median ms':>9} {'worst ms':>9} {'queries':>7}"
        )
        for size in (1_000, 10_000):
            grow(programme, size)
            for name, url in pages.items():
                client.get(url)  # warm up
                median, worst, queries = measure(client, url, args.repeat)
                print(f"{size:>13,}  {name:<32} {median:>9.1f} {worst:>9.1f} {queries:>7}")


if __name__ == "__main__":
    main()
