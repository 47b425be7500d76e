"""The whole district's round trip, with the commands a newcomer would use (issue 14):

    SECRET_KEY=… .venv/bin/python bench/round_trip.py

1. a fresh SQLite database A: migrate, load the demo (Hương Sơn 2023);
2. export the setup sheet of Hà Tĩnh's tree (`setup_councils --export`) and one workbook per
   council of Hương Sơn for 2023 — the district and its 25 communes (`export_workbook`);
3. a fresh, empty SQLite database B: migrate, `setup_councils` from the exported sheet, then
   `import_workbook` of all 26 workbooks;
4. every dashboard figure of Hương Sơn 2023 (own, communes' total, each commune's row, warnings,
   follow-up status) read from A and from B: they must be identical (exit status 1 if not). Then
   every workbook is imported again into B: 0 created, 0 changed.

It runs the real commands in subprocesses, so it takes a few minutes; it is a check a newcomer can
run, kept out of the test suite for its length (the suite round-trips the district and two
communes in tests/workbooks/).
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
YEAR = 2023
FIGURES = """
import json, datetime
from councils.models import Council
from reports.figures import year_figures
f = year_figures(Council.objects.with_unit().get(unit__slug="huong-son"), 2023, datetime.date(2024, 1, 29))
v = lambda cells: {k: c.value for k, c in cells.items()}
print(json.dumps({
    "own": v(f.own), "communes": v(f.communes), "status": {str(k): n for k, n in f.follow_up_status.items()},
    "own_warnings": [str(w) for w in f.own_warnings],
    "rows": {r.council.slug: [v(r.cells), [str(w) for w in r.warnings]] for r in f.rows},
}, ensure_ascii=False, sort_keys=True))
"""
SLUGS = """
from councils.models import Council
print(" ".join(c.slug for c in Council.objects.with_unit().under_in_year(
    Council.objects.get(unit__slug="huong-son"), 2023)))
"""


def manage(database: Path, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "1"}
    env.setdefault("DEMO_PASSWORD", "hdnd-demo-2023")
    done = subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def main() -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        a, b = work / "a.sqlite3", work / "b.sqlite3"
        manage(a, "migrate", "--noinput", "-v0")
        manage(a, "load_demo")
        slugs = ["huong-son", *manage(a, "shell", "--no-imports", "-c", SLUGS).split()]
        manage(a, "setup_councils", "--export", str(work / "setup.xlsx"), "--unit", "ha-tinh")
        t = time.perf_counter()
        for slug in slugs:
            manage(a, "export_workbook", "--council", slug, "--year", str(YEAR), "--output", str(work / f"{slug}.xlsx"))
        exported = time.perf_counter() - t
        before = json.loads(manage(a, "shell", "--no-imports", "-c", FIGURES))

        manage(b, "migrate", "--noinput", "-v0")
        manage(b, "setup_councils", str(work / "setup.xlsx"), "--passwords", str(work / "pw.csv"))
        t = time.perf_counter()
        for slug in slugs:
            manage(b, "import_workbook", "--council", slug, str(work / f"{slug}.xlsx"))
        imported = time.perf_counter() - t
        after = json.loads(manage(b, "shell", "--no-imports", "-c", FIGURES))
        again = [manage(b, "import_workbook", "--council", slug, str(work / f"{slug}.xlsx")) for slug in slugs]

    print(f"councils: {len(slugs)} (the district and {len(slugs) - 1} communes), year {YEAR}")
    print(f"export: {exported:.1f} s; import into an empty database: {imported:.1f} s")
    print(
        f"sessions {after['own']['sessions']} / {after['communes']['sessions']}, "
        f"resolutions {after['own']['resolutions']} / {after['communes']['resolutions']}"
    )
    totals = [re.search(r"tạo (\d+), sửa (\d+), giữ nguyên (\d+)", out).groups() for out in again]
    created, changed, kept = (sum(int(t[i]) for t in totals) for i in range(3))
    print(f"second import of every workbook: {created} created, {changed} changed, {kept} left alone")
    print(f"total {time.perf_counter() - started:.0f} s")
    if after != before or created or changed:
        differing = sorted(k for k in before if before[k] != after.get(k))
        sys.exit(f"FIGURES DIFFER after the round trip: {differing}")
    print("every dashboard figure identical: yes")


if __name__ == "__main__":
    main()
