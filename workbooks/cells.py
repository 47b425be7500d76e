"""Cells of a spreadsheet, both ways.

Writing: text a clerk typed may begin with "=", "+", "-" or "@"; a spreadsheet would run it as a
formula (`=HYPERLINK(…)`, or worse) when someone opens the file. CSV cells that could be read so
are prefixed with an apostrophe (OWASP's advice: the cell then shows as typed); XLSX cells are
written as text, never as formulas (`put`). reports.exports writes its lists with these too.

Reading: what a clerk's Excel holds, turned into the values a record takes — dates as
dd/mm/yyyy text or as date cells, "06" as 6, text in Unicode NFC — or a Vietnamese message
saying what the cell should hold (`CellError`).
"""

import datetime
import re

from django.utils.translation import gettext as _
from openpyxl.cell.cell import TYPE_STRING

from councils.text import dmy, nfc

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def put(cell, value) -> None:
    """Write a value into an XLSX cell: text stays text ("=…" is not a formula), dates show as
    dd/mm/yyyy, whole numbers as numbers."""
    if value is None or isinstance(value, (bool, int, datetime.date)):
        cell.value = value
        if isinstance(value, datetime.date):
            cell.number_format = "DD/MM/YYYY"
        return
    cell.value = str(value)
    cell.data_type = TYPE_STRING


class CellError(ValueError):
    """A cell that cannot be read as what its column holds; the message says what it should be."""


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def squeeze(text: str) -> str:
    """Text as compared with a list's entries: NFC, one space between words, case folded."""
    return " ".join(nfc(text).split()).casefold()


def read_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return dmy(value)
    return nfc(str(value)).strip()


_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def read_date(value) -> datetime.date | None:
    """A date cell, or text written dd/mm/yyyy (also d/m/yyyy, dd.mm.yyyy, dd-mm-yyyy, yyyy-mm-dd)."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = read_text(value)
    if match := _DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise CellError(
            _("“%(text)s” không phải là ngày: viết theo mẫu dd/mm/yyyy, ví dụ 05/07/2023.") % {"text": text}
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(_("Ngày “%(text)s” không có trên lịch.") % {"text": text}) from None


def read_int(value) -> int | None:
    """A whole number: a number cell, or text of digits ("06" is 6)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("Ô này ghi một số nguyên, không phải Có/Không."))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = read_text(value)
    if re.fullmatch(r"[0-9]+", text):
        return int(text)
    raise CellError(_("“%(text)s” không phải là số nguyên (ví dụ 6 hoặc 06).") % {"text": text})


YES = {"có", "co", "x", "1", "true", "đúng", "dung", "yes"}
NO = {"không", "khong", "0", "false", "sai", "no"}


def read_bool(value) -> bool | None:
    """Có / Không (also a TRUE/FALSE cell, x, 1 or 0); None when blank."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = squeeze(read_text(value))
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(_("Ô này ghi “Có” hoặc “Không”, không phải “%(text)s”.") % {"text": read_text(value)})


def read_choice(value, choices: list[tuple[str, str]]) -> str | None:
    """One entry of a list, by its label as the sheet's drop-down shows it (or by its code)."""
    if is_blank(value):
        return None
    text = squeeze(read_text(value))
    for code, label in choices:
        if text in (squeeze(str(label)), squeeze(code)):
            return code
    raise CellError(
        _("“%(text)s” không có trong danh sách. Chọn một trong: %(labels)s.")
        % {"text": read_text(value), "labels": "; ".join(str(label) for _code, label in choices)}
    )
