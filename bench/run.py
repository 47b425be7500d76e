"""Benchmark: how long the annual report of a 25-commune district takes to compute and render.

Run with `make bench` (or `SECRET_KEY=x .venv/bin/python bench/run.py`). It builds a fresh
database (SQLite in a temporary directory unless DATABASE_URL is set), loads the Hương Sơn
2023 demo data, then times each stage several times and prints the median and the best.
Timings belong here, not in tests: tests pin query counts instead.

`python -m bench.run --scale [options]` runs the scale runner instead (bench/scale.py), against a
database filled by `python -m bench.generate`; this small benchmark refuses a database that
already holds units, so that it never writes its demo into a generated one.
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
if __name__ == "__main__" and "--scale" in sys.argv[1:]:  # the scale runner, with its own settings
    from bench import scale

    scale.main([arg for arg in sys.argv[1:] if arg != "--scale"])
    sys.exit()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdnd.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the dashboard is requested through Django's test client
os.environ.setdefault("HTTPS", "0")

import django  # noqa: E402
from pypdf import PdfReader  # noqa: E402

django.setup()

from datetime import date  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from councils import demo, tree  # noqa: E402
from councils.models import AdministrativeUnit, Council, Membership, Term, UnitLink  # noqa: E402
from oversight import demo as oversight_demo  # noqa: E402
from reports import annual  # noqa: E402
from reports import demo as reports_demo  # noqa: E402
from reports.docx import draw_docx, render_docx  # noqa: E402
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
    if AdministrativeUnit.objects.exists():
        sys.exit("bench/run.py loads the demo into a new database; this one already holds units (bench.scale?).")
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
    pdf = timed(
        "PDF (figures + template + WeasyPrint)",
        lambda: annual.draw_pdf(annual.render_html(annual.build(district, 2023), for_pdf=True)),
        5,
    )
    timed("PDF kept (figures + template + cache)", lambda: annual.render_pdf(annual.build(district, 2023)), 5)
    pdf_bytes = annual.render_pdf(report)
    size = len(pdf_bytes)
    fonts = {
        str(f.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(pdf_bytes)).pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("+HdndSerif" in name for name in fonts), f"not the shipped font: {fonts}"
    docx = timed(
        "Word (figures + template + python-docx)",
        lambda: draw_docx(annual.render_html(annual.build(district, 2023), for_pdf=True)),
        5,
    )
    timed("Word kept (figures + template + cache)", lambda: render_docx(annual.build(district, 2023)), 5)
    print()
    print(f"queries to build the report: {len(queries)}; PDF size {size // 1024} KB")
    ratios = f"PDF / HTML = {pdf / html:.1f}x; HTML / figures = {html / figures:.1f}x; Word / HTML = {docx / html:.1f}x"
    print(f"ratios: {ratios}")
    print()
    province_with_many_communes(district)


START = date(2016, 1, 1)


def province_with_many_communes(district) -> None:
    """The province over its district (with the demo's 25 communes) and 145 more communes of a second
    district: 170 communes on the province's dashboard, level by level (issue 13)."""
    province = district.unit.parent
    other = AdministrativeUnit.objects.create(
        name="Thử Nghiệm", slug="huyen-thu-nghiem", unit_type="HUYEN", parent=province, valid_from=date(2016, 1, 1)
    )
    Term.objects.create(council=Council.objects.create(unit=other), start_date=date(2021, 6, 25))
    units = AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(
            name=f"Thử {i}", slug=f"xa-thu-{i}", unit_type="XA", parent=other, valid_from=date(2016, 1, 1)
        )
        for i in range(145)
    )
    UnitLink.objects.bulk_create(UnitLink(unit=u, parent=other, valid_from=u.valid_from) for u in units)
    councils = Council.objects.bulk_create(Council(unit=u) for u in units)
    Term.objects.bulk_create(Term(council=c, start_date=date(2021, 6, 25)) for c in councils)
    hatinh = Council.objects.get(unit=province)
    reviewer = get_user_model().objects.create_user("tinh.bench")
    Membership.objects.create(user=reviewer, council=hatinh, role=Membership.Role.REVIEWER)
    client = Client()
    client.force_login(reviewer)
    url = f"/bao-cao/{hatinh.slug}/2023/"
    statements = []
    with connection.execute_wrapper(lambda execute, sql, *args: statements.append(sql) or execute(sql, *args)):
        assert client.get(url).status_code == 200  # (Django resets its own query log at each request)
    communes = len(tree.days([e for e in tree.below([hatinh.unit_id], *tree.year_bounds(2023)) if e.level == "XA"]))
    figures = timed(f"province figures ({communes} communes)", lambda: year_figures(hatinh, 2023), 10)
    page = timed(f"province dashboard page ({communes} communes)", lambda: client.get(url), 10)
    print(f"queries for the province's dashboard: {len(statements)}; page / figures = {page / figures:.1f}x")


if __name__ == "__main__":
    main()
