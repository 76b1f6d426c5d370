"""Time the synthesis (PDF and DOCX) and measure its peak memory.

    .venv/bin/python bench/synthesis.py

Builds a throwaway SQLite database, loads the demo, and renders the synthesis of the demo, then
of the same programme with 10× the data (actions with their referents, first steps and progress;
organisations mobilised; calendar steps; survey answers), then 20× to show how it grows. Each
rendering runs in fresh child processes: 3 processes of 3 renderings each (after one to warm
up), data reading included. The time is the best of the 9 (the cost without the machine's other
work, as timeit advises), the median is shown beside it; the peak memory is the largest of the
children's peak resident set sizes. Target: a PDF of about 30 pages in ≤ 3 s and ≤ 300 MiB
peak, growing linearly.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = 3  # renderings per process
PROCESSES = 3


def setup(tmp: str) -> None:
    os.environ["COPILOTE_TESTING"] = "1"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copilote.settings")
    import django

    django.setup()


def grow(factor: int, slug: str) -> None:
    """The demo under another identifier with ``factor``× its results and actors."""
    import datetime as dt

    from django_scopes import scope

    from copilote.actors.models import Mobilisation, Organisation
    from copilote.assessment.models import SurveyAnswer
    from copilote.planning.models import Milestone
    from copilote.programmes.demo import DEMO_FILE
    from copilote.programmes.programme_file import import_programme
    from copilote.results.models import Action, FirstStep, ProgressUpdate, Referent

    text = DEMO_FILE.read_text(encoding="utf-8")
    text = text.replace(
        "slug: charenton-saint-maurice\n  name: Charenton – Saint-Maurice",
        f"slug: {slug}\n  name: Charenton – Saint-Maurice ×{factor}",
    )
    programme = import_programme(text)
    with scope(territory=programme.territory):
        actions = list(programme.actions.prefetch_related("referents", "steps", "updates"))
        answers = list(SurveyAnswer.objects.filter(programme=programme))
        milestones = list(programme.milestones.all())
        committed = list(Mobilisation.objects.filter(programme=programme, status="engage"))
        communes = list(programme.territory.communes.all())
        for copy in range(2, factor + 1):
            for action in actions:
                twin = Action.objects.create(
                    programme=programme,
                    group=action.group,
                    title=f"{action.title} ({copy})",
                    description=action.description,
                    status=action.status,
                    position=action.position + 10 * copy,
                )
                Referent.objects.bulk_create(
                    Referent(
                        action=twin,
                        person=r.person,
                        organisation=r.organisation,
                        committed_on=r.committed_on,
                    )
                    for r in action.referents.all()
                )
                FirstStep.objects.bulk_create(
                    FirstStep(action=twin, what=s.what, due=s.due, done=s.done)
                    for s in action.steps.all()
                )
                ProgressUpdate.objects.bulk_create(
                    ProgressUpdate(action=twin, date=u.date, text=u.text, percent=u.percent)
                    for u in action.updates.all()
                )
            SurveyAnswer.objects.bulk_create(
                SurveyAnswer(programme=programme, group=a.group, answers=a.answers) for a in answers
            )
            Milestone.objects.bulk_create(
                Milestone(
                    programme=programme,
                    title=f"{m.title} ({copy})",
                    kind=m.kind,
                    start=m.start + dt.timedelta(days=copy),
                    precision=m.precision,
                    done=m.done,
                )
                for m in milestones
            )
            for i, mobilisation in enumerate(committed):
                org = Organisation.objects.create(
                    territory=programme.territory,
                    name=f"{mobilisation.organisation.name} ({slug} {copy})",
                    kind=mobilisation.organisation.kind,
                    commune=communes[i % len(communes)] if communes else None,
                )
                Mobilisation.objects.create(programme=programme, organisation=org, status="engage")


def child(tmp: str, slug: str, fmt: str) -> None:
    """Render once (warm-up) then RUNS times; print the best time and the page count."""
    setup(tmp)
    from django_scopes import scope, scopes_disabled

    from copilote.documents.registry import DocumentRequest, render
    from copilote.programmes.models import Programme

    with scopes_disabled():
        programme = Programme.objects.select_related("territory").get(slug=slug)
    with scope(territory=programme.territory):
        content = render("synthesis", DocumentRequest(programme, fmt)).content
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            render("synthesis", DocumentRequest(programme, fmt))
            times.append(time.perf_counter() - start)
    pages = None
    if fmt == "pdf":
        pages = pdf_pages(content)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB
    print(json.dumps({"times": times, "peak": peak, "pages": pages, "size": len(content)}))


def pdf_pages(content: bytes) -> int | None:
    """The PDF's page count (poppler's pdfinfo; WeasyPrint compresses its page tree)."""
    if not shutil.which("pdfinfo"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(match.group(1)) if match else None


def run_child(tmp: str, slug: str, fmt: str) -> dict:
    """PROCESSES children, each RUNS renderings: the best and median time, the largest peak."""
    children = []
    for _ in range(PROCESSES):
        out = subprocess.run(
            [sys.executable, __file__, "--child", tmp, slug, fmt],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        children.append(json.loads(out.strip().splitlines()[-1]))
    times = [t for child in children for t in child["times"]]
    return {
        "time": min(times),
        "median": statistics.median(times),
        "peak": max(child["peak"] for child in children),
        "pages": children[0]["pages"],
    }


def main() -> int:
    tmp = tempfile.mkdtemp(prefix="copilote-bench-")
    try:
        setup(tmp)
        from django.core.management import call_command

        from copilote.programmes.demo import load_demo

        call_command("migrate", verbosity=0)
        load_demo()
        grow(10, "bench-10x")
        grow(20, "bench-20x")
        print(
            f"Synthesis benchmark ({PROCESSES} processes × {RUNS} renderings each: best and median)"
        )
        header = f"{'programme':<22} {'format':<6} {'pages':>5} {'best':>8} {'median':>8}"
        print(f"{header} {'peak RSS':>10}")
        rows = {}
        for label, slug in (
            ("demo", "charenton-saint-maurice"),
            ("10× the data", "bench-10x"),
            ("20× the data", "bench-20x"),
        ):
            for fmt in ("pdf", "docx"):
                result = run_child(tmp, slug, fmt)
                rows[(label, fmt)] = result
                pages = result["pages"] if result["pages"] is not None else "–"
                print(
                    f"{label:<22} {fmt:<6} {pages:>5} {result['time']:>6.2f} s "
                    f"{result['median']:>6.2f} s {result['peak']:>6.0f} MiB"
                )
        big = rows[("10× the data", "pdf")]
        ok = big["time"] <= 3 and big["peak"] <= 300
        growth = rows[("20× the data", "pdf")]["time"] / big["time"]
        print(
            f"10× PDF: {big['pages']} pages in {big['time']:.2f} s (median {big['median']:.2f} s), "
            f"{big['peak']:.0f} MiB (target ≤ 3 s, ≤ 300 MiB): {'OK' if ok else 'MISSED'}; "
            f"20×/10× time ×{growth:.2f}"
        )
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(*sys.argv[2:])
        sys.exit(0)
    sys.exit(main())
