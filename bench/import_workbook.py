"""Benchmark: importing a 1,000-row workbook (a commune's busy year) through `import_workbook`.

    SECRET_KEY=x .venv/bin/python bench/import_workbook.py                  # SQLite, temporary
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hdnd_bench_wb SECRET_KEY=x .venv/bin/python bench/import_workbook.py

It builds a fresh database (SQLite in a temporary directory unless DATABASE_URL is set; a
PostgreSQL database must exist and be empty), loads the demo's unit tree (no records), fills
the template of thị trấn Phố Châu 2023 with 1,000 rows over all eleven sheets (4 sessions,
40 resolutions, 12 Standing Committee meetings, 20 questions and 20 commitments, 60 oversight
activities and 120 recommendations, 24 voter meetings and 72 opinions, 200 receptions and 428
petitions), then times: a dry run (everything validated and saved, then rolled back), the import
(1,000 records created, audited), the same file again (nothing changes), and the file with one
bad row loaded into another commune (nothing written, one error). Results: bench/README.md.
"""

import datetime
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdnd.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")

import django  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from councils import demo  # noqa: E402
from councils.models import Council  # noqa: E402
from workbooks import export, sheets  # noqa: E402
from workbooks.importer import import_workbook  # noqa: E402

D = datetime.date
YEAR = 2023


def day(n: int) -> D:
    return D(YEAR, 1, 1) + datetime.timedelta(days=n % 360)


def rows() -> dict[str, list[dict]]:
    sessions = [(7, "Chuyên đề", D(YEAR, 2, 16)), (8, "Thường lệ (thường kỳ)", D(YEAR, 7, 10))]
    sessions += [(9, "Chuyên đề", D(YEAR, 9, 20)), (10, "Thường lệ (thường kỳ)", D(YEAR, 12, 18))]
    book = {
        "Kỳ họp": [
            {"Kỳ họp thứ": n, "Loại kỳ họp": kind, "Ngày khai mạc": start, "Ngày bế mạc": start}
            for n, kind, start in sessions
        ],
        "Nghị quyết": [
            {
                "Kỳ họp thứ": n,
                "Số, ký hiệu": f"{10 * i + j + 1:02d}/NQ-HĐND",
                "Ngày thông qua": start.strftime("%d/%m/%Y"),
                "Trích yếu": f"Về nội dung số {10 * i + j + 1} của kỳ họp",
                "Lĩnh vực": "Kinh tế - xã hội",
            }
            for i, (n, _kind, start) in enumerate(sessions)
            for j in range(10)
        ],
        "Phiên họp Thường trực": [
            {"Ngày họp": D(YEAR, m, 25), "Nội dung": "Chương trình công tác tháng"} for m in range(1, 13)
        ],
        "Chất vấn": [
            {
                "STT": q + 1,
                "Ngày chất vấn": D(YEAR, 7, 10),
                "Kỳ họp thứ": 8,
                "Đại biểu chất vấn": f"Đại biểu số {q + 1}",
                "Người trả lời": "Chủ tịch UBND thị trấn",
                "Chức vụ người trả lời": "Chủ tịch UBND",
                "Nội dung chất vấn": f"Vấn đề dân sinh số {q + 1}",
            }
            for q in range(20)
        ],
        "Cam kết chất vấn": [
            {"STT chất vấn": q + 1, "Nội dung": "Khắc phục trong quý IV", "Cơ quan, người chịu trách nhiệm": "UBND"}
            for q in range(20)
        ],
        "Giám sát": [
            {
                "STT": g + 1,
                "Ngày bắt đầu": day(20 + 5 * g),
                "Chủ thể giám sát": "Thường trực HĐND",
                "Hình thức": "Giám sát chuyên đề",
                "Nội dung giám sát": f"Chuyên đề giám sát số {g + 1}",
                "Cơ quan, đơn vị chịu sự giám sát": "UBND thị trấn",
            }
            for g in range(60)
        ],
        "Kiến nghị giám sát": [
            {"STT giám sát": g + 1, "Nội dung": f"Kiến nghị {k + 1}", "Cơ quan, người chịu trách nhiệm": "UBND"}
            for g in range(60)
            for k in range(2)
        ],
        "Tiếp xúc cử tri": [
            {
                "STT": t + 1,
                "Ngày tiếp xúc": day(10 + 15 * t),
                "Đại biểu tiếp xúc": "Đại biểu HĐND xã",
                "Thời điểm, hình thức tiếp xúc": "Theo chuyên đề",
                "Địa điểm": "Nhà văn hóa",
                "Số lượt cử tri tham dự": 80,
            }
            for t in range(24)
        ],
        "Ý kiến cử tri": [
            {"STT cuộc tiếp xúc": t + 1, "Nội dung": f"Ý kiến {k + 1}", "Thẩm quyền giải quyết": "Cấp xã"}
            for t in range(24)
            for k in range(3)
        ],
        "Tiếp công dân": [
            {"STT": r + 1, "Ngày tiếp": day(r), "Người tiếp": "Chủ tịch HĐND", "Địa điểm": "Trụ sở"} for r in range(200)
        ],
        "Đơn thư": [
            {
                "Ngày nhận đơn": day(p).strftime("%d/%m/%Y"),
                "Loại đơn": "Kiến nghị" if p % 2 else "Phản ánh",
                "Người gửi": f"Công dân số {p + 1}",
                "Nội dung đơn": "Đề nghị giải quyết việc dân sinh",
            }
            for p in range(428)
        ],
    }
    assert sum(len(items) for items in book.values()) == 1000
    return book


def fill(data: bytes, book: dict[str, list[dict]]) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    for title, items in book.items():
        ws = workbook[title]
        columns = {cell.value: cell.column for cell in ws[1] if cell.value}
        for row, item in enumerate(items, start=2):
            for header, value in item.items():
                ws.cell(row, columns[header]).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(label: str, data: bytes, council: Council, **options):
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        start = time.perf_counter()
        result = import_workbook(data, council, **options)
        seconds = time.perf_counter() - start
    counts = f"{result.total('create')} created, {result.total('change')} changed, {result.total('same')} unchanged"
    if not result.written:
        counts = f"nothing written ({counts} before the rollback)"
    print(f"{label:<40} {seconds:6.2f} s {len(queries):7d} queries  {counts}; {len(result.problems)} error(s)")
    return result


def main() -> None:
    call_command("migrate", verbosity=0)
    demo.load_units()
    pho_chau, son_tay = (Council.objects.with_unit().get(unit__slug=slug) for slug in ("pho-chau", "son-tay"))
    data = fill(export.workbook_bytes(sheets.context(pho_chau, YEAR), template=True), rows())
    print(f"database: {connection.vendor}; workbook {len(data) // 1024} KB, 1,000 rows")
    print(f"command: {' '.join(sys.argv)}  (python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    print("load average before the runs: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print()
    run("dry run (validated, rolled back)", data, pho_chau, dry_run=True)
    first = run("import (creates 1,000)", data, pho_chau)
    assert first.written and first.total("create") == 1000, first.problems[:3]
    again = run("same file again", data, pho_chau)
    assert (again.total("create"), again.total("change")) == (0, 0)

    book = rows()
    book["Đơn thư"][300]["Ngày nhận đơn"] = "31/02/2023"
    other = load_workbook(io.BytesIO(fill(export.workbook_bytes(sheets.context(son_tay, YEAR), template=True), book)))
    buffer = io.BytesIO()
    other.save(buffer)
    bad = run("one bad row among 1,000 (other commune)", buffer.getvalue(), son_tay)
    assert not bad.written and len(bad.problems) == 1, bad.problems
    print(f"  → {bad.problems[0]}")


if __name__ == "__main__":
    main()
