"""docs/import-format.md documents the workbooks as the code reads them: every sheet (of the
records and of the setup), every column with whether it is required, every entry of every list."""

from pathlib import Path

from django.utils import translation

from workbooks.layout import CHOICE
from workbooks.setup import ACCOUNTS, UNITS, account_columns, unit_columns
from workbooks.sheets import SHEETS

DOC = Path(__file__).resolve().parents[2] / "docs" / "import-format.md"


def sections(marker: str = "### ") -> dict[str, str]:
    parts = DOC.read_text().split(f"\n{marker}")[1:]
    return {part.split("\n", 1)[0].strip(): part.split("\n## ")[0] for part in parts}


def table_matches(text: str, columns) -> None:
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| cột")]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows] == [c.header for c in columns]
    for row, column in zip(rows, columns, strict=True):
        assert row.split(" | ")[1] == ("có" if column.required else ""), column.header
        if column.kind == CHOICE:
            assert all(f"{label} (`{code}`)" in row for code, label in column.choices), column.header


def test_every_sheet_and_column_is_documented():
    documented = sections()
    with translation.override("vi"):
        assert list(documented) == [str(sheet.title) for sheet in SHEETS]
        for sheet in SHEETS:
            table_matches(documented[str(sheet.title)], sheet.columns)


def test_the_setup_sheets_are_documented():
    documented = sections("#### ")
    with translation.override("vi"):
        assert list(documented) == [str(UNITS), str(ACCOUNTS)]
        table_matches(documented[str(UNITS)], unit_columns())
        table_matches(documented[str(ACCOUNTS)], account_columns())
