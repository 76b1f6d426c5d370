"""Benchmark: how fast and in how much memory hostile import files are refused.

    .venv/bin/python bench/upload_bombs.py

Each file of ``copilote/core/tests/bombs.py`` is read by the directory import
(``actors.tabular.read_rows``) in a fresh process; prints the file's size, the time to the
answer, the process's peak memory (VmHWM, the interpreter and Django included) and the message.
Target: every file refused in under 2 s with under 200 MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, sys, time
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # reset the peak RSS, inherited across exec from the parent
import django
django.setup()
from django.utils import translation
from copilote.actors import tabular
translation.activate("fr")
name, path = sys.argv[1], sys.argv[2]
with open(path, "rb") as f:
    content = f.read()
filename = "f.csv" if name.startswith("csv") else "f.xlsx"
start = time.perf_counter()
try:
    tabular.read_rows("organisations", filename, content)
    message = "ACCEPTED"
except tabular.ImportFileError as exc:
    message = str(exc)
elapsed = time.perf_counter() - start
with open("/proc/self/status") as f:
    peak = next(int(line.split()[1]) for line in f if line.startswith("VmHWM")) / 1024
print(json.dumps({"size": len(content), "seconds": elapsed, "peak_mb": peak, "message": message}))
"""


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from copilote.core.tests import bombs

    env = dict(
        os.environ,
        COPILOTE_TESTING="1",
        DJANGO_SETTINGS_MODULE="copilote.settings_test",
        PYTHONPATH=str(ROOT),
    )
    print(f"{'file':38} {'size':>9} {'time (s)':>9} {'peak MB':>8}  answer")
    failed = 0
    tmp = tempfile.mkdtemp()
    for number, (name, make) in enumerate(bombs.ALL.items()):
        path = Path(tmp) / f"bomb{number}"
        path.write_bytes(make())
        out = subprocess.run(
            [sys.executable, "-c", CHILD, name, str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if out.returncode:
            print(f"{name:38} CRASHED: {out.stderr.strip().splitlines()[-1]}")
            failed += 1
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        ok = r["seconds"] < 2 and r["peak_mb"] < 200 and r["message"] != "ACCEPTED"
        failed += not ok
        print(
            f"{name:38} {r['size']:>9,} {r['seconds']:>9.3f} {r['peak_mb']:>8.0f}  "
            f"{'' if ok else 'FAIL '}{r['message'][:70]}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
