"""Benchmark: how long the annual report of a 25-commune district takes to compute and render.

Run with `make bench` (or `SECRET_KEY=x .venv/bin/python bench/run.py`). It builds a fresh
database (SQLite in a temporary directory unless DATABASE_URL is set), loads the Hương Sơn
2023 demo data, then times each stage several times and prints the median and the best.
Timings belong here, not in tests: tests pin query counts instead.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdnd.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")

import django  # noqa: E402
from pypdf import PdfReader  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from councils import demo  # noqa: E402
from oversight import demo as oversight_demo  # noqa: E402
from reports import annual  # noqa: E402
from reports import demo as reports_demo  # noqa: E402
from reports.figures import year_figures  # noqa: E402
from sessions import demo as sessions_demo  # noqa: E402


def timed(label: str, func, repeat: int) -> float:
    func()  # warm-up (template and font caches)
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append(time.perf_counter() - start)
    median = statistics.median(runs)
    print(f"{label:<42} median {median * 1000:8.1f} ms   best {min(runs) * 1000:8.1f} ms   ({repeat} runs)")
    return median


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as in production: hashed names
    start = time.perf_counter()
    district = demo.load_units()
    sessions_demo.load_2023(district)
    oversight_demo.load_2023(district)
    reports_demo.load_2023(district)
    print(f"database: {connection.vendor}; demo data loaded in {time.perf_counter() - start:.1f} s")
    print(f"command: {' '.join(sys.argv)}  (python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    print()

    with CaptureQueriesContext(connection) as queries:
        report = annual.build(district, 2023)
    figures = timed("figures (year_figures, 25 communes)", lambda: year_figures(district, 2023), 20)
    html = timed("HTML (figures + template)", lambda: annual.render_html(annual.build(district, 2023)), 10)
    pdf = timed("PDF (figures + template + WeasyPrint)", lambda: annual.render_pdf(annual.build(district, 2023)), 5)
    pdf_bytes = annual.render_pdf(report)
    size = len(pdf_bytes)
    fonts = {
        str(f.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(pdf_bytes)).pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("+HdndSerif" in name for name in fonts), f"not the shipped font: {fonts}"
    print()
    print(f"queries to build the report: {len(queries)}; PDF size {size // 1024} KB")
    print(f"ratios: PDF / HTML = {pdf / html:.1f}x; HTML / figures = {html / figures:.1f}x")


if __name__ == "__main__":
    main()
