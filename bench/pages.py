"""Benchmark: programme pages under load at 1× and at N× the demo's data, against /healthz.

    .venv/bin/python bench/pages.py [--factor 100] [--seconds 8] [--connections 8] [--rounds 2]
    scripts/with-postgres.sh .venv/bin/python bench/pages.py     # on PostgreSQL

Builds two databases (SQLite files in a temporary directory, or two databases on the server that
``DATABASE_URL`` names): the demo, and the demo with every list of the programme N times longer
(organisations, contacts, mobilisation, committee members and invitations, tasks, decisions,
milestones, and whatever the apps of the second half add through ``INFLATERS``). Serves each with
gunicorn on production settings (2 workers), logs in as ``pilote`` (a session made in the
database), and drives each page with ``--connections`` keep-alive connections for ``--seconds``,
interleaved with ``/healthz`` on the same server, ``--rounds`` times. Query counts are read in
process with Django's test client.

Prints one table: page, req/s and % of /healthz at 1× and N×, p50 and p95 at 1× and N×, the p95
ratio, and the query counts. The goals (issue « pages that stay fast »): ≥ 25 % of /healthz,
p95 ratio ≤ 1.2, the same query count.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    ("dashboard", "/t/{t}/p/{p}/"),
    ("committee index", "/t/{t}/p/{p}/copil/"),
    ("copil n°2 meeting", "/t/{t}/p/{p}/copil/reunions/2/"),
    ("directory", "/t/{t}/p/{p}/acteurs/"),
    ("contacts", "/t/{t}/p/{p}/acteurs/contacts/"),
    ("mobilisation board", "/t/{t}/p/{p}/acteurs/mobilisation/"),
    ("events (team)", "/t/{t}/p/{p}/evenements/gestion/"),
    ("launch event (team)", "/t/{t}/p/{p}/evenements/gestion/lancement/"),
    ("launch registrations", "/t/{t}/p/{p}/evenements/gestion/lancement/inscriptions/"),
    ("public events", "/t/{t}/p/{p}/evenements/"),
    ("public event page", "/t/{t}/p/{p}/evenements/rencontre-thematique-automne-2027/"),
    ("working groups", "/t/{t}/p/{p}/groupes/"),
    ("group candidates", "/t/{t}/p/{p}/groupes/candidats/"),
    ("group « handicap »", "/t/{t}/p/{p}/groupes/handicap/"),
    ("group meeting 1", "/t/{t}/p/{p}/groupes/handicap/reunions/1/"),
    ("actions", "/t/{t}/p/{p}/actions/"),
    ("bilan", "/t/{t}/p/{p}/bilan/"),
    ("indicators", "/t/{t}/p/{p}/bilan/indicateurs/"),
    ("calendar", "/t/{t}/p/{p}/calendrier/"),
]
TERRITORY = PROGRAMME = "charenton-saint-maurice"
SECRET_KEY = "bench-" + "x" * 50  # the same for the set-up and the servers (sessions are signed)


# Preparing one database (run in a subprocess: one Django set-up per database) ---------------


def _django(database_url: str, var_dir: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ["COPILOTE_VAR_DIR"] = var_dir
    os.environ["COPILOTE_TESTING"] = "1"  # immediate tasks, no TLS redirect for the test client
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ["SECRET_KEY"] = SECRET_KEY
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copilote.settings_test")
    import warnings

    import django

    warnings.filterwarnings("ignore")
    django.setup()


def _clone(queryset, factor: int, mutate) -> int:
    """Add ``factor - 1`` copies of every row of ``queryset``; ``mutate(obj, k)`` makes copy k
    distinct (unique fields) and may return False to skip it."""
    model = queryset.model
    rows = list(queryset)
    batch = []
    for k in range(1, factor):
        for row in rows:
            copy = model(
                **{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
            )
            copy.pk = None
            if mutate(copy, k) is False:
                continue
            batch.append(copy)
    model.objects.bulk_create(batch, batch_size=2000)
    return len(batch)


def inflate(programme, factor: int) -> dict[str, int]:
    """Every list of the programme ``factor`` times longer."""
    from copilote.actors.models import Interaction, Mobilisation, Organisation, Person
    from copilote.governance.models import CommitteeMember, Decision, Invitation, Task
    from copilote.planning.models import Milestone

    territory = programme.territory
    added: dict[str, int] = {}
    organisations = list(Organisation.objects.filter(territory=territory))
    persons = list(Person.objects.filter(territory=territory))
    # Organisations (and their contacts and mobilisation) are cloned under new names.
    for k in range(1, factor):
        clones = Organisation.objects.bulk_create(
            [
                Organisation(
                    **{
                        f.attname: getattr(o, f.attname)
                        for f in Organisation._meta.concrete_fields
                        if f.attname not in ("id", "name")
                    },
                    name=f"{o.name} ({k})",
                )
                for o in organisations
            ]
        )
        by_old = {o.pk: c for o, c in zip(organisations, clones, strict=True)}
        Person.objects.bulk_create(
            [
                Person(
                    **{
                        f.attname: getattr(p, f.attname)
                        for f in Person._meta.concrete_fields
                        if f.attname not in ("id", "organisation_id", "email", "last_name")
                    },
                    last_name=f"{p.last_name} {k}",
                    email=f"{k}.{p.email}" if p.email else "",
                    organisation=by_old.get(p.organisation_id),
                )
                for p in persons
            ]
        )
        mobilisations = Mobilisation.objects.filter(
            programme=programme, organisation__in=organisations
        )
        Mobilisation.objects.bulk_create(
            [
                Mobilisation(
                    **{
                        f.attname: getattr(m, f.attname)
                        for f in Mobilisation._meta.concrete_fields
                        if f.attname not in ("id", "organisation_id", "contact_id")
                    },
                    organisation=by_old[m.organisation_id],
                )
                for m in mobilisations
            ]
        )
    added["organisations"] = len(organisations) * (factor - 1)
    added["interactions"] = _clone(
        Interaction.objects.filter(mobilisation__programme=programme), factor, lambda o, k: None
    )
    # The committee: members (with their invitations), tasks, decisions.
    members = list(CommitteeMember.objects.filter(programme=programme))
    invitations = list(Invitation.objects.filter(member__in=members))
    for _k in range(1, factor):
        clones = CommitteeMember.objects.bulk_create(
            [
                CommitteeMember(
                    **{
                        f.attname: getattr(m, f.attname)
                        for f in CommitteeMember._meta.concrete_fields
                        if f.attname != "id"
                    }
                )
                for m in members
            ]
        )
        by_old = {m.pk: c for m, c in zip(members, clones, strict=True)}
        Invitation.objects.bulk_create(
            [
                Invitation(
                    **{
                        f.attname: getattr(i, f.attname)
                        for f in Invitation._meta.concrete_fields
                        if f.attname not in ("id", "member_id")
                    },
                    member=by_old[i.member_id],
                )
                for i in invitations
            ]
        )
    added["committee members"] = len(members) * (factor - 1)
    added["tasks"] = _clone(Task.objects.filter(programme=programme), factor, lambda o, k: None)
    added["decisions"] = _clone(
        Decision.objects.filter(meeting__programme=programme), factor, lambda o, k: None
    )
    added["milestones"] = _clone(
        Milestone.objects.filter(programme=programme),
        factor,
        lambda o, k: setattr(o, "title", f"{o.title} ({k})"),
    )
    for name, inflater in INFLATERS:
        added[name] = inflater(programme, factor)
    return added


def _copies(model, rows, factor: int, remap) -> dict[int, list]:
    """``factor - 1`` copies of each row; ``remap(values, k)`` edits the copy's field values
    (foreign keys, unique fields) and returns False to skip it. Returns {old pk: [copies]}."""
    made: dict[int, list] = {}
    batch, owners = [], []
    for k in range(1, factor):
        for row in rows:
            values = {
                f.attname: getattr(row, f.attname)
                for f in model._meta.concrete_fields
                if f.attname != "id"
            }
            if remap(values, k) is False:
                continue
            batch.append(model(**values))
            owners.append(row.pk)
    for owner, copy in zip(owners, model.objects.bulk_create(batch, batch_size=2000), strict=True):
        made.setdefault(owner, []).append(copy)
    return made


def _nth(made: dict[int, list], pk, k: int):
    """The k-th copy (k ≥ 1) of the row ``pk``, or None."""
    copies = made.get(pk) or []
    return copies[k - 1].pk if len(copies) >= k else None


def inflate_events(programme, factor: int) -> int:
    """Events N times (under new identifiers), each copy with its programme and its
    registrations. An event's registrations are bounded by its capacity and waiting list: a
    programme N times bigger has N times more events, not events N times fuller."""
    from copilote.events.models import Event, EventItem, Registration

    events = list(Event.objects.filter(programme=programme))
    clones = _copies(
        Event,
        events,
        factor,
        lambda v, k: v.update(slug=f"{v['slug']}-{k}", title=f"{v['title']} ({k})"),
    )
    items = list(EventItem.objects.filter(event__in=events))
    _copies(
        EventItem, items, factor, lambda v, k: v.update(event_id=_nth(clones, v["event_id"], k))
    )
    registrations = list(Registration.objects.filter(event__in=events))
    copies = _copies(
        Registration,
        registrations,
        factor,
        lambda v, k: v.update(event_id=_nth(clones, v["event_id"], k)),
    )
    return sum(len(c) for c in (*copies.values(), *clones.values()))


def inflate_workgroups(programme, factor: int) -> int:
    """Candidates N times (their wishes too) and groups N times, each copy with its meetings,
    its members (taken among the copied candidates), their attendance and the proposals.

    A group stays within its maximum size (the services refuse more): a programme that is N
    times bigger has N times more groups, not groups N times bigger."""
    from copilote.workgroups.models import (
        Attendance,
        Candidate,
        GroupMeeting,
        Member,
        Proposal,
        ThemeWish,
        WorkingGroup,
    )

    candidates = list(Candidate.objects.filter(programme=programme))
    clones = _copies(
        Candidate,
        candidates,
        factor,
        lambda v, k: v.update(
            person_id=None,
            last_name=f"{v['last_name']} {k}",
            email=f"{k}.{v['email']}" if v["email"] else "",
        ),
    )
    _copies(
        ThemeWish,
        list(ThemeWish.objects.filter(candidate__in=candidates)),
        factor,
        lambda v, k: v.update(candidate_id=_nth(clones, v["candidate_id"], k)),
    )
    groups = list(WorkingGroup.objects.filter(programme=programme))
    group_clones = _copies(
        WorkingGroup,
        groups,
        factor,
        lambda v, k: v.update(slug=f"{v['slug']}-{k}", name=f"{v['name']} ({k})"),
    )
    meetings = list(GroupMeeting.objects.filter(group__in=groups))
    meeting_clones = _copies(
        GroupMeeting,
        meetings,
        factor,
        lambda v, k: v.update(group_id=_nth(group_clones, v["group_id"], k)),
    )
    members = list(Member.objects.filter(programme=programme))
    member_clones = _copies(
        Member,
        members,
        factor,
        lambda v, k: v.update(
            group_id=_nth(group_clones, v["group_id"], k),
            candidate_id=_nth(clones, v["candidate_id"], k),
            link_token="",
        ),
    )
    _copies(
        Attendance,
        list(Attendance.objects.filter(member__in=members)),
        factor,
        lambda v, k: v.update(
            member_id=_nth(member_clones, v["member_id"], k),
            meeting_id=_nth(meeting_clones, v["meeting_id"], k),
        ),
    )
    proposals = _copies(
        Proposal,
        list(Proposal.objects.filter(group__in=groups)),
        factor,
        lambda v, k: v.update(
            group_id=_nth(group_clones, v["group_id"], k),
            meeting_id=_nth(meeting_clones, v["meeting_id"], k) if v["meeting_id"] else None,
        ),
    )
    return sum(
        len(c)
        for c in (
            *clones.values(),
            *group_clones.values(),
            *member_clones.values(),
            *proposals.values(),
        )
    )


def inflate_results(programme, factor: int) -> int:
    """Actions N times, with their referents, first steps and progress updates; the copy k of
    a group's action belongs to the copy k of the group (see ``inflate_workgroups``)."""
    from copilote.results.models import Action, FirstStep, ProgressUpdate, Referent
    from copilote.workgroups.models import WorkingGroup

    slugs = dict(WorkingGroup.objects.filter(programme=programme).values_list("slug", "pk"))
    by_slug = dict(WorkingGroup.objects.filter(programme=programme).values_list("pk", "slug"))

    def group_copy(group_id, k):
        return slugs.get(f"{by_slug[group_id]}-{k}", group_id) if group_id else None

    actions = list(Action.objects.filter(programme=programme))
    clones = _copies(
        Action,
        actions,
        factor,
        lambda v, k: v.update(title=f"{v['title']} ({k})", group_id=group_copy(v["group_id"], k)),
    )
    for model in (Referent, FirstStep, ProgressUpdate):
        _copies(
            model,
            list(model.objects.filter(action__in=actions)),
            factor,
            lambda v, k: v.update(action_id=_nth(clones, v["action_id"], k)),
        )
    return sum(len(c) for c in clones.values())


# Apps of the second half add their lists here: (label, function(programme, factor) -> rows added).
INFLATERS: list = [
    ("events", inflate_events),
    ("working groups", inflate_workgroups),
    ("actions", inflate_results),
]


def prepare(database_url: str, var_dir: str, factor: int) -> dict:
    _django(database_url, var_dir)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    from copilote.programmes.demo import load_demo

    call_command("migrate", verbosity=0)
    programme, _created = load_demo()
    with scopes_disabled():
        added = inflate(programme, factor) if factor > 1 else {}
        user = get_user_model().objects.get(username="pilote")
    client = Client()
    client.force_login(user)
    queries = {}
    for name, pattern in PAGES:
        url = pattern.format(t=TERRITORY, p=PROGRAMME)
        client.get(url, secure=True)  # warm
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, secure=True)
        queries[name] = len(ctx.captured_queries) if response.status_code == 200 else None
    return {"session": client.cookies["sessionid"].value, "queries": queries, "added": added}


# Serving and loading ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(database_url: str, var_dir: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "COPILOTE_VAR_DIR": var_dir,
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "COPILOTE_BEHIND_PROXY": "1",
        "DJANGO_SETTINGS_MODULE": "copilote.settings",
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
        # One client address sends everything: the public pages' rate limit (which answers
        # 429 past its rate, as it should in production) is off for the measure.
        "RATELIMIT_ENABLE": "0",
    }
    env.pop("COPILOTE_TESTING", None)
    subprocess.run(
        [sys.executable, "-m", "django", "collectstatic", "--noinput", "-v0"], env=env, check=True
    )
    # The production settings' cache lives in the database (the set-up ran the test settings).
    subprocess.run([sys.executable, "-m", "django", "createcachetable"], env=env, check=True)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "copilote.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "1",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=str(ROOT),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


async def load(port: int, path: str, session: str, seconds: float, connections: int) -> dict:
    import httpx

    headers = {"X-Forwarded-Proto": "https", "Cookie": f"sessionid={session}"}
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", headers=headers, limits=limits, timeout=60
    ) as client:
        end = time.monotonic() + seconds

        async def worker():
            nonlocal errors
            while time.monotonic() < end:
                start = time.monotonic()
                try:
                    response = await client.get(path)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.monotonic() - start)
                errors += not ok

        started = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--prepare", nargs=3, metavar=("DATABASE_URL", "VAR_DIR", "FACTOR"))
    args = parser.parse_args()
    if args.prepare:
        url, var_dir, factor = args.prepare
        print(json.dumps(prepare(url, var_dir, int(factor))))
        return

    tmp = Path(tempfile.mkdtemp(prefix="copilote-bench-"))
    base = os.environ.get("DATABASE_URL", "")
    scales = {"1×": 1, f"{args.factor}×": args.factor}
    servers, info = {}, {}
    try:
        for label, factor in scales.items():
            if base.startswith("postgres"):
                import psycopg

                name = f"bench_{factor}x"
                with psycopg.connect(base, autocommit=True) as conn:
                    conn.execute(f"DROP DATABASE IF EXISTS {name}")
                    conn.execute(f"CREATE DATABASE {name}")
                url = base.rsplit("/", 1)[0] + "/" + name
            else:
                url = f"sqlite:///{tmp / f'bench-{factor}.sqlite3'}"
            started = time.monotonic()
            out = subprocess.run(
                [sys.executable, __file__, "--prepare", url, str(tmp), str(factor)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            info[label] = json.loads(out.strip().splitlines()[-1])
            print(
                f"{label}: prepared in {time.monotonic() - started:.0f} s; added "
                f"{info[label]['added'] or 'nothing'}",
                flush=True,
            )
            servers[label] = serve(url, str(tmp))
        results: dict = {}
        for _round in range(args.rounds):
            for name, pattern in PAGES:
                path = pattern.format(t=TERRITORY, p=PROGRAMME)
                for label in scales:
                    _process, port = servers[label]
                    session = info[label]["session"]
                    health = asyncio.run(
                        load(port, "/healthz", session, args.seconds / 2, args.connections)
                    )
                    page = asyncio.run(load(port, path, session, args.seconds, args.connections))
                    results.setdefault((name, label), []).append((page, health))
        report(results, info, scales)
    finally:
        for process, _port in servers.values():
            process.terminate()
            process.wait(10)


def report(results, info, scales) -> None:
    one, many = list(scales)
    print()
    print(
        f"| page | req/s {one} | % of /healthz {one} | req/s {many} | % of /healthz {many} "
        f"| p50 {one} (ms) | p95 {one} (ms) | p50 {many} (ms) | p95 {many} (ms) "
        f"| p95 {many} ÷ {one} | queries {one} → {many} | errors |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, _pattern in PAGES:
        cells = {}
        errors = 0
        for label in scales:
            runs = results[(name, label)]
            rps = statistics.mean(p["rps"] for p, _h in runs)
            share = statistics.mean(p["rps"] / h["rps"] for p, h in runs) * 100
            p50 = statistics.mean(p["p50"] for p, _h in runs)
            p95 = statistics.mean(p["p95"] for p, _h in runs)
            errors += sum(p["errors"] for p, _h in runs)
            cells[label] = (rps, share, p50, p95)
        q1, qn = info[one]["queries"][name], info[many]["queries"][name]
        ratio = cells[many][3] / cells[one][3]
        print(
            f"| {name} | {cells[one][0]:.0f} | {cells[one][1]:.0f} % | {cells[many][0]:.0f} "
            f"| {cells[many][1]:.0f} % | {cells[one][2]:.0f} | {cells[one][3]:.0f} "
            f"| {cells[many][2]:.0f} | {cells[many][3]:.0f} | ×{ratio:.2f} "
            f"| {q1} → {qn} | {errors} |"
        )


if __name__ == "__main__":
    main()
