"""Hostile programme files are refused fast and small.

    .venv/bin/python bench/programme_file_bombs.py

Runs `import_programme(text, check=True)` (what `copilote programme import FILE --check` does)
on each hostile file in its own process (a throwaway SQLite database) and prints the time to the
refusal (Django's start-up left out) and the peak memory of that whole process.
Target (issue: YAML bombs): every file refused in under 2 s with under 200 MB, with a French
message and no traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def billion_laughs() -> str:  # 509 bytes, 10**9 "lol" once expanded
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def cases() -> dict[str, str]:
    demo = (ROOT / "copilote/programmes/demo/charenton-saint-maurice.yaml").read_text("utf-8")
    return {
        "billion laughs (aliases)": billion_laughs(),
        "nesting 100,000 deep": "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "6 MB file": demo + "# " + "x" * 6_000_000 + "\n",
        "2 MB of duplicate keys": "format: copilote-programme\n"
        + "".join("version: 1\n" for _ in range(190_000)),
        "python tag": "format: !!python/object/apply:os.system [echo]\n",
        "integer of 100,000 digits": "version: " + "9" * 100_000 + "\n",
    }


CHILD = """
import os, resource, sys, time
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from copilote.programmes.programme_file import ProgrammeFileError, import_programme
text = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
try:
    import_programme(text, check=True)
    outcome = "accepted"
except ProgrammeFileError as exc:
    outcome = exc.problems[0]
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{elapsed:.3f}\t{peak:.0f}\t{outcome}")
"""


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory(prefix="copilote-bench-") as tmp:
        env = {
            **os.environ,
            "COPILOTE_TESTING": "1",
            "DJANGO_SETTINGS_MODULE": "copilote.settings",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
        }
        for name, text in cases().items():
            path = Path(tmp) / "file.yaml"
            path.write_text(text, encoding="utf-8")
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(path)], env=env, capture_output=True, text=True
            )
            if done.returncode or "Traceback" in done.stderr:
                rows.append((name, len(text.encode()), float("inf"), 0.0, done.stderr[-200:]))
                continue
            elapsed, peak, outcome = done.stdout.strip().split("\t", 2)
            rows.append((name, len(text.encode()), float(elapsed), float(peak), outcome))
    print(f"{'file':28} {'bytes':>10} {'refused in s':>12} {'process peak MB':>15}  message")
    ok = True
    for name, size, elapsed, peak_mb, message in rows:
        print(f"{name:28} {size:>10,} {elapsed:>12.2f} {peak_mb:>15.0f}  {message[:80]}")
        ok &= elapsed < 2 and peak_mb < 200 and message != "accepted"
    print(
        "target: each refused in < 2 s, process (Django included) < 200 MB, no traceback:",
        "met" if ok else "NOT MET",
    )


if __name__ == "__main__":
    main()
