"""Benchmark: how fast and in how much memory hostile import files are refused.

    .venv/bin/python bench/upload_bombs.py

Each file of ``copilote/core/tests/bombs.py`` goes, in a fresh process, through the two halves
of the directory import: the web request's fast checks (``actors.tabular.precheck``, which
answers at once when it refuses) and, when they pass, the task worker's reading
(``actors.tabular.read_rows``). Prints the file's size, the time of each half, the process's
peak memory (VmHWM, the interpreter and Django included), where the file was refused and the
message. Target: every file refused in under 2 s (both halves together) with under 200 MB.
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
where, worker = "request", 0.0
try:
    tabular.precheck(filename, content)
    request = time.perf_counter() - start
    where = "worker"
    tabular.read_rows("organisations", filename, content)
    message = "ACCEPTED"
except tabular.ImportFileError as exc:
    message = str(exc)
if where == "request":
    request = time.perf_counter() - start
else:
    worker = time.perf_counter() - start - request
with open("/proc/self/status") as f:
    peak = next(int(line.split()[1]) for line in f if line.startswith("VmHWM")) / 1024
print(json.dumps({"size": len(content), "request": request, "worker": worker, "where": where,
                  "peak_mb": peak, "message": message}))
"""


def distinct_strings_bomb() -> bytes:
    """Near 4.4 MB like the report's file, but of distinct random strings, which compress
    little: the ZIP checks pass and the worker's reading bounds have to stop it."""
    import secrets

    from copilote.core.tests import bombs

    strings = "".join(f"<si><t>{secrets.token_hex(8)}</t></si>" for _ in range(260_000))
    return bombs.xlsx(bombs.header_sheet(), f"<sst {bombs.NS}>{strings}</sst>")


def wide_rows_large() -> bytes:
    """The wide-row file at the report's 4.4 MB (every row claims column XFD)."""
    from copilote.core.tests import bombs

    return bombs.wide_row_bomb(rows=100_000)


LARGE = {
    "xlsx: 4 MB of distinct shared strings": distinct_strings_bomb,
    "xlsx: 100,000 rows reaching XFD": wide_rows_large,
}


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from copilote.core.tests import bombs

    env = dict(
        os.environ,
        COPILOTE_TESTING="1",
        DJANGO_SETTINGS_MODULE="copilote.settings_test",
        PYTHONPATH=str(ROOT),
    )
    print(
        f"{'file':38} {'size':>9} {'request s':>9} {'worker s':>8} {'peak MB':>8} "
        f"{'refused':14} answer"
    )
    failed = 0
    tmp = tempfile.mkdtemp()
    for number, (name, make) in enumerate({**bombs.ALL, **LARGE}.items()):
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
        total = r["request"] + r["worker"]
        where = "" if r["message"] == "ACCEPTED" else f"in the {r['where']}"
        ok = total < 2 and r["peak_mb"] < 200 and r["message"] != "ACCEPTED"
        failed += not ok
        print(
            f"{name:38} {r['size']:>9,} {r['request']:>9.3f} {r['worker']:>8.3f} "
            f"{r['peak_mb']:>8.0f} {where:14} "
            f"{'' if ok else 'FAIL '}{r['message'][:60]}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
