"""docs/import-format.md documents the workbook as the code reads it: every sheet, every column
with whether it is required, every entry of every list."""

from pathlib import Path

from django.utils import translation

from workbooks.layout import CHOICE
from workbooks.sheets import SHEETS

DOC = Path(__file__).resolve().parents[2] / "docs" / "import-format.md"


def sections() -> dict[str, str]:
    parts = DOC.read_text().split("\n### ")[1:]
    return {part.split("\n", 1)[0].strip(): part for part in parts}


def test_every_sheet_and_column_is_documented():
    documented = sections()
    with translation.override("vi"):
        assert list(documented) == [str(sheet.title) for sheet in SHEETS]
        for sheet in SHEETS:
            text = documented[str(sheet.title)]
            rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| cột")]
            assert [row.split(" | ")[0].removeprefix("| ") for row in rows] == [c.header for c in sheet.columns]
            for row, column in zip(rows, sheet.columns, strict=True):
                assert row.split(" | ")[1] == ("có" if column.required else ""), column.header
                if column.kind == CHOICE:
                    assert all(f"{label} (`{code}`)" in row for code, label in column.choices), column.header
