"""Benchmark: the committee's documents of copil n°2 at 1× and at N× the demo's data.

    .venv/bin/python bench/documents_scale.py [--factor 100]

Builds the demo, and the demo with every list N times longer (the same inflation as
``bench/pages.py``), then renders in a fresh process each time (as the task worker does) the
minutes (PDF, DOCX) and the deck (PPTX) of copil n°2, and prints: document, seconds, size, the
process's peak memory. The goal (issue « pages that stay fast »): the minutes at 100× in ≤ 10 s,
rendered by the task worker, never inside a request.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [("copil-minutes", "pdf"), ("copil-minutes", "docx"), ("copil-deck", "pptx")]


def render_one(database_url: str, var_dir: str, key: str, fmt: str) -> dict:
    sys.path.insert(0, str(ROOT / "bench"))
    from pages import PROGRAMME, _django

    _django(database_url, var_dir)
    from django.utils import translation
    from django_scopes import scope, scopes_disabled

    from copilote.documents.registry import DocumentRequest, render
    from copilote.programmes.models import Programme

    translation.activate("fr")
    with scopes_disabled():
        programme = Programme.objects.select_related("territory").get(slug=PROGRAMME)
    with scope(territory=programme.territory):
        started = time.perf_counter()
        document = render(key, DocumentRequest(programme=programme, format=fmt, meeting=2))
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "kib": len(document.content) / 1024, "peak_mib": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--render", nargs=4, metavar=("DATABASE_URL", "VAR_DIR", "KEY", "FMT"))
    args = parser.parse_args()
    if args.render:
        print(json.dumps(render_one(*args.render)))
        return
    tmp = Path(tempfile.mkdtemp(prefix="copilote-bench-"))
    rows = []
    for factor in (1, args.factor):
        url = f"sqlite:///{tmp / f'documents-{factor}.sqlite3'}"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "pages.py"),
                "--prepare",
                url,
                str(tmp),
                str(factor),
            ],
            check=True,
            capture_output=True,
        )
        for key, fmt in DOCUMENTS:
            out = subprocess.run(
                [sys.executable, __file__, "--render", url, str(tmp), key, fmt],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            result = json.loads(out.strip().splitlines()[-1])
            rows.append((f"{factor}×", f"{key} ({fmt})", result))
            print(f"{factor}× {key} {fmt}: {result['seconds']:.1f} s", flush=True)
    print()
    print("| data | document | seconds | size (KiB) | peak memory (MiB) |")
    print("|---|---|---|---|---|")
    for scale, name, r in rows:
        print(f"| {scale} | {name} | {r['seconds']:.1f} | {r['kib']:.0f} | {r['peak_mib']:.0f} |")


if __name__ == "__main__":
    main()
